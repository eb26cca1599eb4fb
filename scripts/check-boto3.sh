#!/usr/bin/env bash
# The conformance suite (test/conformance/boto3.test.ts) runs every case through boto3 as well: python3
# with a boto3 whose botocore knows the Bedrock operations the local Bedrock serves (CountTokens is the
# newest of them; the machine image has boto3 1.43.11). Debian 12's
# python3-boto3 is 1.26.27 (botocore 1.29.27, from before Bedrock existed), so it is no substitute:
# this check fails with what to install instead of installing it.
set -euo pipefail
hint="install a boto3 that knows CountTokens for python3, e.g. pip install boto3==1.43.11 (Debian 12's python3-boto3 1.26 has no Bedrock clients)"
if ! command -v python3 >/dev/null; then
  echo "check-boto3: python3 is missing; apt-get install python3 python3-pip, then $hint" >&2
  exit 1
fi
if ! python3 - <<'PY'
import sys
try:
    import boto3
    import botocore.session
except ImportError as error:
    sys.exit(f"check-boto3: boto3 is not installed for {sys.executable} ({error})")
session = botocore.session.get_session()
needed = {
    "bedrock-runtime": ["Converse", "ConverseStream", "CountTokens", "ApplyGuardrail"],
    "bedrock-agent-runtime": ["Retrieve", "RetrieveAndGenerate"],
}
for service, operations in needed.items():
    if service not in session.get_available_services():
        sys.exit(f"check-boto3: boto3 {boto3.__version__} has no {service} client")
    missing = set(operations) - set(session.get_service_model(service).operation_names)
    if missing:
        sys.exit(f"check-boto3: boto3 {boto3.__version__} lacks {service} {', '.join(sorted(missing))}")
print(f"check-boto3: python3 {sys.version.split()[0]} with boto3 {boto3.__version__} (botocore {botocore.__version__})")
PY
then
  echo "check-boto3: $hint" >&2
  exit 1
fi
