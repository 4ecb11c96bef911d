#!/usr/bin/env bash
# Issue 12 figures (docs/security.md): the server's peak RSS under parallel oversized request
# bodies, and a logged-in user's latency (p50/p99/max) and the peak RSS during a storm of 200
# parallel wrong logins. Prints figures; asserts nothing. Each part runs well under a minute.
#   bench/hardening/run.sh [BINARY] [BODY_CONNECTIONS]
#     BINARY            default build/src/bin/ipenforce (pass an older build to get "before")
#     BODY_CONNECTIONS  parallel 60 MB bodies (default 100; use 10 against a build without the
#                       body guard, which buffers every one of them)
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${1:-build/src/bin/ipenforce}
body_connections=${2:-100}
tmp=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
ulimit -n 65536 2>/dev/null || true

start_server() {  # start_server NAME EXTRA_ARGS…
  local name=$1; shift
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  "$bin" serve --db "sqlite://$tmp/$name.db" --listen "127.0.0.1:$port" --demo --no-access-log \
    --web /nonexistent "$@" 2>"$tmp/$name.log" &
  pid=$!
  for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
}
stop_server() { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; pid=""; }

# The body guard's --trusted-proxy flag does not exist before it; the storm then comes "from"
# 127.0.0.1 only, which the old throttle let through anyway (it checked before it counted).
proxy_args=()
if "$bin" serve --help 2>/dev/null | grep -q -- --trusted-proxy; then
  proxy_args=(--trusted-proxy 127.0.0.1)
fi

echo "binary: $bin"
start_server bodies
python3 bench/hardening/storm.py bodies "$port" "$pid" --connections "$body_connections"
stop_server

start_server logins "${proxy_args[@]}"
python3 bench/hardening/storm.py logins "$port" "$pid" --logins 200
stop_server
