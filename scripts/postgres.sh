#!/usr/bin/env bash
# A private PostgreSQL server for tests and CI: its own data directory and port, trust auth on loopback.
#   scripts/postgres.sh start [dir] [port]   initialises (once) and starts it; prints the connection URL
#   scripts/postgres.sh stop  [dir]          stops it
#   scripts/postgres.sh url   [dir] [port]   prints the URL
# initdb refuses to run as root, so as root the server runs as the `postgres` user.
set -euo pipefail
cmd="${1:-}"
dir="${2:-${GLASSBOX_PG_DIR:-/tmp/glassbox-postgres}}"
port="${3:-${GLASSBOX_PG_PORT:-55432}}"
bin="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"
if [[ -z "$bin" || ! -x "$bin/pg_ctl" ]]; then
  echo "postgres.sh: no PostgreSQL server binaries (looked in /usr/lib/postgresql/*/bin; set PG_BIN, or run npm run test:deps)" >&2
  exit 2
fi

as_owner() {
  if [[ "$(id -u)" == "0" ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

url() { echo "postgresql://postgres@127.0.0.1:${port}/postgres"; }

case "$cmd" in
  start)
    mkdir -p "$dir"
    [[ "$(id -u)" == "0" ]] && chown postgres "$dir"
    if [[ ! -f "$dir/PG_VERSION" ]]; then
      as_owner "$bin/initdb" -D "$dir" -A trust -U postgres --no-sync >"$dir.initdb.log" 2>&1 ||
        { cat "$dir.initdb.log" >&2; exit 1; }
    fi
    if ! as_owner "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
      as_owner "$bin/pg_ctl" -D "$dir" -w -t 30 -l "$dir/server.log" \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null ||
        { cat "$dir/server.log" >&2; exit 1; }
    fi
    url
    ;;
  stop)
    if [[ -f "$dir/PG_VERSION" ]]; then as_owner "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null 2>&1 || true; fi
    ;;
  url) url ;;
  *)
    echo "usage: scripts/postgres.sh start|stop|url [dir] [port]" >&2
    exit 2
    ;;
esac
