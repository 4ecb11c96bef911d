#!/usr/bin/env bash
# HTTP benchmark: an authenticated API read (GET /api/v1/agencies, one page of 20, session cookie) under
# wrk with 64 keep-alive connections on 2 threads, then 1,000 concurrent keep-alive connections.
# Prints req/s, latency percentiles including p99, and the server's RSS before/after and peak.
#   bench/http/run.sh [DURATION_SECONDS]   (needs a built build/src/bin/ipenforce and wrk)
set -euo pipefail
cd "$(dirname "$0")/../.."
duration=${1:-15}
bin=build/src/bin/ipenforce
tmp=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
ulimit -n 65536 2>/dev/null || true
$bin serve --db "sqlite://$tmp/bench.db" --listen 127.0.0.1:$port --demo --no-access-log \
  --web /nonexistent 2>"$tmp/server.log" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.1; done

cookie=$(curl -s -i -H 'Content-Type: application/json' \
  -d '{"login":"admin","password":"Admin@12345"}' "http://127.0.0.1:$port/api/v1/session" |
  tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \(ipe_session=[^;]*\).*/\1/p')
[ -n "$cookie" ] || { echo "login failed"; cat "$tmp/server.log"; exit 1; }
url="http://127.0.0.1:$port/api/v1/agencies?page_size=20"
curl -fs -H "Cookie: $cookie" "$url" >/dev/null

rss() { awk '/^VmRSS/ {print $2 " kB"}' /proc/$pid/status; }
hwm() { awk '/^VmHWM/ {print $2 " kB"}' /proc/$pid/status; }
echo "server RSS after start: $(rss)"
echo "== wrk: authenticated GET /api/v1/agencies, 64 connections, 2 threads, ${duration}s =="
wrk -t2 -c64 -d"${duration}s" --latency -H "Cookie: $cookie" "$url"
echo "server RSS after wrk: $(rss) (peak $(hwm))"
echo "== 1,000 concurrent keep-alive connections =="
python3 bench/http/keepalive_check.py "$port" --connections 1000 --rounds 3 \
  --path /api/v1/agencies?page_size=5 --cookie "$cookie"
echo "server RSS after 1,000 connections: $(rss) (peak $(hwm))"
