#!/usr/bin/env bash
# Soak run (issue 12): 30 minutes of mixed reads and writes at 64 keep-alive connections against a
# server on SQLite with the demo data, as the Shanghai officer (lists with filters, searches, case
# details, and one new case in twenty requests: bench/soak/mix.lua). Prints the errors (non-2xx
# and socket errors: the target is 0), latency percentiles, and the server's RSS sampled every 30 s —
# the target is RSS at the end within 10 % of RSS after the first 5 minutes. Figures, no assertions.
#   bench/soak/run.sh [MINUTES] [CONNECTIONS]      (defaults 30 and 64; needs build/src/bin/ipenforce, wrk)
set -euo pipefail
cd "$(dirname "$0")/../.."
minutes=${1:-30}
connections=${2:-64}
[[ $minutes =~ ^[0-9]+$ && $minutes -ge 1 ]] || { echo "MINUTES must be a positive number" >&2; exit 2; }
bin=${IPE_BIN:-build/src/bin/ipenforce}
command -v wrk >/dev/null || { echo "wrk not found (apt-get install -y wrk)" >&2; exit 1; }
tmp=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin" serve --db "sqlite://$tmp/soak.db" --listen "127.0.0.1:$port" --demo --no-access-log \
  --web /nonexistent 2>"$tmp/server.log" &
pid=$!
sampler=""
trap 'kill $pid $sampler 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 1 200); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
base=http://127.0.0.1:$port

login=$(curl -s -i -H 'Content-Type: application/json' -d '{"login":"sh_officer","password":"Demo@12345"}' \
  "$base/api/v1/session" | tr -d '\r')
export SOAK_COOKIE; SOAK_COOKIE=$(sed -n 's/^[Ss]et-[Cc]ookie: \(ipe_session=[^;]*\).*/\1/p' <<<"$login")
export SOAK_CSRF; SOAK_CSRF=$(sed -n '/^{/,$p' <<<"$login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])')
[ -n "$SOAK_COOKIE" ] || { echo "login failed: $login"; exit 1; }
export SOAK_CASE_IDS; SOAK_CASE_IDS=$(curl -s -H "Cookie: $SOAK_COOKIE" "$base/api/v1/cases?page_size=50" |
  python3 -c 'import json,sys; print(",".join(str(c["id"]) for c in json.load(sys.stdin)["items"]))')

rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$pid/status"; }
echo "server RSS after start: $(( $(rss_kb) / 1024 )) MiB; ${minutes} min, ${connections} connections"
( t=0; while kill -0 $pid 2>/dev/null; do echo "$t $(rss_kb)" >>"$tmp/rss"; sleep 30; t=$((t + 30)); done ) &
sampler=$!
wrk -t2 -c"$connections" -d"${minutes}m" --timeout 10s --latency -s bench/soak/mix.lua "$base" |
  grep -E "Latency|50%|90%|99%|Requests/sec|requests in|soak:|first error" | sed 's/^/  /'
kill $sampler 2>/dev/null || true
end_kb=$(rss_kb)
at5=$(awk '$1 >= 300 { print $2; exit }' "$tmp/rss")
[ -n "$at5" ] || at5=$(tail -1 "$tmp/rss" | cut -d' ' -f2)
echo "RSS: after 5 min $((at5 / 1024)) MiB, at the end $((end_kb / 1024)) MiB ($(awk -v a="$at5" -v b="$end_kb" 'BEGIN { printf "%+.1f", (b - a) * 100 / a }') %), peak $(awk '/^VmHWM/ {print int($2/1024)}' /proc/$pid/status) MiB"
echo "RSS samples (s, MiB): $(awk '{ printf "%s:%d ", $1, $2 / 1024 }' "$tmp/rss")"
