#!/usr/bin/env bash
# Cluster benchmark (issue 19, docs/scale-out.md): the case list (GET /api/v1/cases, one page of
# 20, session cookie) through nginx under wrk with 1 server and with 3 servers behind it, then
# the lead feed's propagation time — a lead created on server A until server B links it — p50,
# p99 and max over N leads. Each wrk run follows a 3 s warm-up.
#   bench/cluster/run.sh [DURATION_SECONDS] [LEADS]   (needs build/src/bin/ipenforce, nginx, wrk)
# Uses scripts/cluster.sh with its settings (IPE_CLUSTER_PORT, IPE_PG_PORT, IPE_CLUSTER_DIR).
set -euo pipefail
cd "$(dirname "$0")/../.."
duration=${1:-10}
leads=${2:-200}
port=${IPE_CLUSTER_PORT:-18419}
trap 'scripts/cluster.sh stop >/dev/null 2>&1 || true' EXIT

login() {  # port → cookie
  curl -s -i -H 'Content-Type: application/json' -d '{"login":"admin","password":"Admin@12345"}' \
    "http://127.0.0.1:$1/api/v1/session" | tr -d '\r' |
    sed -n 's/^[Ss]et-[Cc]ookie: \(ipe_session=[^;]*\).*/\1/p'
}

for n in 1 3; do
  scripts/cluster.sh stop >/dev/null 2>&1 || true
  IPE_CLUSTER_SERVERS=$n scripts/cluster.sh start >/dev/null
  cookie=$(login "$port")
  [ -n "$cookie" ] || { echo "login failed"; exit 1; }
  url="http://127.0.0.1:$port/api/v1/cases?page_size=20"
  curl -fs -H "Cookie: $cookie" "$url" >/dev/null
  # Warm-up (each server's statement cache and the planner's statistics), not measured.
  wrk -t2 -c64 -d3s -H "Cookie: $cookie" "$url" >/dev/null
  echo "== $n server(s) behind nginx: GET /api/v1/cases?page_size=20, 64 connections, 2 threads, ${duration}s =="
  wrk -t2 -c64 -d"${duration}s" --latency -H "Cookie: $cookie" "$url" |
    grep -E "Requests/sec|Latency|99%|50%|Non-2xx|errors" || true
  if [ "$n" = 3 ]; then
    echo "== lead feed: created on server A ($((port + 1))), linked on server B ($((port + 2))), $leads leads =="
    python3 bench/cluster/propagation.py "$((port + 1))" "$((port + 2))" "$cookie" "$leads"
  fi
done
