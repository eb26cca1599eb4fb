#!/usr/bin/env python3
"""Runs every conformance case (test/conformance/cases/*.json) through boto3 against a local Bedrock.

Usage: python3 test/conformance/boto3_runner.py <endpoint-url> [--placeholders '<json object>']

Credentials come from the environment (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, any placeholder value);
the region is us-east-1 and retries are off. Prints one JSON line per case, in case-file order:
{"name", "ok", "status", "error", "message", "requestId", "headers", "output", "events", "streamError"}
or {"name", "runnerError"} when the case could not be run. The assertions live in boto3.test.ts.
"""

import base64
import datetime
import glob
import json
import os
import re
import sys
import urllib.request

try:
    import boto3
    import botocore
    import botocore.session
    from botocore.config import Config
    from botocore.exceptions import ClientError, EventStreamError
except ImportError as error:  # the test turns this exit code into an install hint
    print(f"boto3 is not installed ({error})", file=sys.stderr)
    sys.exit(3)

# The operations the local Bedrock serves; a botocore without them is too old for the suite.
NEEDED = {
    "bedrock-runtime": ["Converse", "ConverseStream", "CountTokens", "ApplyGuardrail"],
    "bedrock-agent-runtime": ["Retrieve", "RetrieveAndGenerate"],
    "bedrock-agent": ["GetAgent", "ListAgentActionGroups", "GetAgentActionGroup", "ListAgentKnowledgeBases", "ListAgentAliases"],
    "bedrock": ["GetGuardrail", "ListGuardrails"],
}

CASES_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cases")
SETUP_PATH = "/conformance/setup"
FAULTS_HEADER = "x-glassbox-faults"
PLACEHOLDER = re.compile(r"\$\{([A-Za-z0-9_]+)\}")


def substitute(value, placeholders):
    if isinstance(value, str):

        def replace(match):
            name = match.group(1)
            if name not in placeholders:
                known = ", ".join("${%s}" % key for key in placeholders)
                raise ValueError(f"unknown placeholder ${{{name}}} (known: {known})")
            return placeholders[name]

        return PLACEHOLDER.sub(replace, value)
    if isinstance(value, list):
        return [substitute(item, placeholders) for item in value]
    if isinstance(value, dict):
        return {substitute(key, placeholders): substitute(child, placeholders) for key, child in value.items()}
    return value


def decode_blobs(value):
    if isinstance(value, list):
        return [decode_blobs(item) for item in value]
    if isinstance(value, dict):
        if list(value.keys()) == ["$base64"]:
            return base64.b64decode(value["$base64"])
        return {key: decode_blobs(child) for key, child in value.items()}
    return value


def to_json(value):
    if isinstance(value, (bytes, bytearray)):
        return {"$base64": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, list):
        return [to_json(item) for item in value]
    if isinstance(value, dict):
        return {key: to_json(child) for key, child in value.items() if key != "ResponseMetadata"}
    if hasattr(value, "read"):  # a StreamingBody
        return to_json(value.read())
    return value


def load_cases():
    cases = []
    for path in sorted(glob.glob(os.path.join(CASES_DIR, "*.json"))):
        with open(path, encoding="utf-8") as handle:
            for case in json.load(handle):
                cases.append(case)
    return cases


class Runner:
    def __init__(self, endpoint, placeholders):
        self.endpoint = endpoint
        self.placeholders = placeholders
        self.clients = {}
        self.session = boto3.session.Session(region_name="us-east-1")
        self.faults = None

    def client(self, service):
        if service not in self.clients:
            if service not in self.session.get_available_services():
                raise ValueError(f"boto3 {boto3.__version__} has no {service} client")
            client = self.session.client(
                service,
                endpoint_url=self.endpoint,
                config=Config(retries={"total_max_attempts": 1, "mode": "standard"}),
            )
            client.meta.events.register("before-sign.*.*", self.add_faults)
            self.clients[service] = client
        return self.clients[service]

    def add_faults(self, request, **_):
        if self.faults is not None:
            request.headers[FAULTS_HEADER] = self.faults

    def setup(self, case):
        body = json.dumps(substitute(case.get("setup", {}), self.placeholders)).encode("utf-8")
        request = urllib.request.Request(
            self.endpoint + SETUP_PATH, data=body, method="POST", headers={"content-type": "application/json"}
        )
        with urllib.request.urlopen(request) as response:
            if response.status != 204:
                raise ValueError(f"setup failed: {response.status}")

    def run(self, case):
        name = case.get("name")
        try:
            client = self.client(case["service"])
            operations = client.meta.service_model.operation_names
            if case["operation"] not in operations:
                return {"name": name, "runnerError": f"{case['service']} has no operation {case['operation']}"}
            method = getattr(client, botocore.xform_name(case["operation"]))
            params = decode_blobs(substitute(case["input"], self.placeholders))
            self.setup(case)
        except Exception as error:  # a problem running the case, not an answer of the server
            return {"name": name, "runnerError": f"{type(error).__name__}: {error}"}
        self.faults = json.dumps(case["faults"]) if "faults" in case else None
        outcome = {"name": name}
        try:
            for _ in range(case.get("repeat", 1)):
                outcome = self.send(name, method, params)
        finally:
            self.faults = None
        return outcome

    def send(self, name, method, params):
        try:
            response = method(**params)
        except ClientError as error:
            meta = error.response.get("ResponseMetadata", {})
            return {
                "name": name,
                "ok": False,
                "status": meta.get("HTTPStatusCode", 0),
                "error": error.response.get("Error", {}).get("Code", ""),
                "message": error.response.get("Error", {}).get("Message", ""),
                "requestId": meta.get("RequestId", ""),
                "headers": {key.lower(): str(value) for key, value in meta.get("HTTPHeaders", {}).items()},
            }
        except botocore.exceptions.ParamValidationError as error:  # boto3 refused to send it
            return {"name": name, "ok": False, "status": 0, "error": "ParamValidationError", "message": str(error)}
        except Exception as error:  # a problem of the runner or the connection
            return {"name": name, "runnerError": f"{type(error).__name__}: {error}"}
        meta = response.get("ResponseMetadata", {})
        outcome = {
            "name": name,
            "ok": True,
            "status": meta.get("HTTPStatusCode", 0),
            "requestId": meta.get("RequestId", ""),
            "headers": {key.lower(): str(value) for key, value in meta.get("HTTPHeaders", {}).items()},
        }
        output = {}
        for key, value in response.items():
            if key == "ResponseMetadata":
                continue
            if isinstance(value, botocore.eventstream.EventStream):
                by_type, events = {}, []
                try:
                    for event in value:
                        for event_type, payload in event.items():
                            events.append(event_type)
                            by_type.setdefault(event_type, []).append(to_json(payload))
                except EventStreamError as error:
                    outcome["streamError"] = {
                        "error": error.response.get("Error", {}).get("Code", ""),
                        "message": error.response.get("Error", {}).get("Message", ""),
                    }
                output[key] = by_type
                outcome["events"] = events
            else:
                output[key] = to_json(value)
        outcome["output"] = output
        return outcome


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    endpoint = argv[1]
    placeholders = {}
    if len(argv) >= 4 and argv[2] == "--placeholders":
        placeholders = json.loads(argv[3])
    if not os.environ.get("AWS_ACCESS_KEY_ID") or not os.environ.get("AWS_SECRET_ACCESS_KEY"):
        print("set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (any placeholder values)", file=sys.stderr)
        return 2
    session = botocore.session.get_session()
    for service, operations in NEEDED.items():
        known = session.get_service_model(service).operation_names if service in session.get_available_services() else []
        missing = sorted(set(operations) - set(known))
        if missing:
            print(f"boto3 {boto3.__version__} is too old: {service} lacks {', '.join(missing)}", file=sys.stderr)
            return 3
    runner = Runner(endpoint, placeholders)
    for case in load_cases():
        print(json.dumps(runner.run(case)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
