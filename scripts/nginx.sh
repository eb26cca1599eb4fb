#!/usr/bin/env bash
# nginx from Debian for the scale-out tests and the serve benchmark: installs the package when the binary
# is missing, without starting the system service (the tests run their own nginx on loopback ports).
#   scripts/nginx.sh install   installs it if needed; prints the binary's path
set -euo pipefail
bin="${NGINX_BIN:-/usr/sbin/nginx}"
case "${1:-}" in
  install)
    if [[ ! -x "$bin" ]]; then
      SUDO=""
      if [[ "$(id -u)" -ne 0 ]]; then SUDO="sudo"; fi
      # policy-rc.d answering 101 keeps the package's postinst from starting nginx on port 80.
      guard=""
      if [[ ! -e /usr/sbin/policy-rc.d ]]; then
        printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
        $SUDO chmod +x /usr/sbin/policy-rc.d
        guard=1
      fi
      $SUDO apt-get update -qq >/dev/null
      DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nginx >/dev/null
      if [[ -n "$guard" ]]; then $SUDO rm -f /usr/sbin/policy-rc.d; fi
    fi
    echo "$bin"
    ;;
  *)
    echo "usage: scripts/nginx.sh install" >&2
    exit 2
    ;;
esac
