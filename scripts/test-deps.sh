#!/usr/bin/env bash
# What the test suite needs besides npm packages, from Debian's packages: Chromium (the evaluation
# report test opens the HTML report in it) and the PostgreSQL server (the durable-thread tests start a
# private one with scripts/postgres.sh), and nginx (the load balancer of the scale-out tests, started by
# the tests on loopback ports; its system service is never started). Installs only what is missing;
# `npm run test:deps` runs it.
set -euo pipefail
bash "$(dirname "$0")/nginx.sh" install >/dev/null
missing=()
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null || missing+=(postgresql)
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "test-deps: chromium and the PostgreSQL server are installed"
  exit 0
fi
SUDO=""
if [[ "$(id -u)" -ne 0 ]]; then SUDO="sudo"; fi
echo "test-deps: installing ${missing[*]} from Debian's packages"
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
