#!/usr/bin/env bash
# Scanner workers at volume (issue 19; docs/scale-out.md "Scanner workers"): N listings (default
# 1,000,000, bench/scan/gen_listings.py) uploaded to `serve --nats` in scans of 20,000, consumed by
# two `ipenforce scan-worker` processes on PostgreSQL; worker a is killed with SIGKILL mid-stream
# and started again 2 s later (as a service manager would). Prints the publish time, the time to
# the last result, each worker's results and throughput, and the exactly-once check: results,
# distinct (platform, listing id) keys and the batches' counters must all equal N.
#   bench/workers/run.sh [listings=1000000]
# Settings: IPE_PG_PORT (default 55472), IPE_PG_DIR (default /tmp/ipe-pg-bench-workers; a PostgreSQL
# already running there is used, in a schema of its own, and left running),
# IPE_NATS_PORT (default 4301), IPE_BENCH_PORT (server, default 18481), IPE_BUILD_DIR (default build).
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-1000000}
bin=${IPE_BUILD_DIR:-build}/src/bin/ipenforce
pg_port=${IPE_PG_PORT:-55472}
pg_dir=${IPE_PG_DIR:-/tmp/ipe-pg-bench-workers}
nats_port=${IPE_NATS_PORT:-4301}
port=${IPE_BENCH_PORT:-18481}
nats_bin=$(command -v nats-server || echo /usr/sbin/nats-server)
[ -x "$bin" ] || { echo "build first: $bin missing" >&2; exit 1; }
[ -x "$nats_bin" ] || { echo "nats-server missing (apt-get install nats-server)" >&2; exit 1; }

work=$(mktemp -d /tmp/ipe-bench-workers-XXXXXX)
pids=()
pg_started=0
dsn=""
schema=""
[ -f "$pg_dir/data/postmaster.pid" ] || pg_started=1
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ "$pg_started" = 1 ]; then
    IPE_PG_PORT=$pg_port IPE_PG_DIR=$pg_dir scripts/pg-test.sh stop >/dev/null 2>&1 || true
  elif [ -n "$schema" ]; then
    psql "$dsn" -qc "DROP SCHEMA $schema CASCADE" >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

dsn=$(IPE_PG_PORT=$pg_port IPE_PG_DIR=$pg_dir scripts/pg-test.sh start)
psql_() { psql "$dsn" -tAq "$@"; }
schema=bw_$(date +%s)_$$
psql_ -c "CREATE SCHEMA $schema" >/dev/null
db="$dsn?options=-csearch_path%3D$schema"
q() { psql_ -c "SET search_path = $schema" -c "$1" | tail -1; }

"$nats_bin" -js -a 127.0.0.1 -p "$nats_port" -sd "$work/nats" >"$work/nats.log" 2>&1 &
pids+=($!)
"$bin" serve --db "$db" --listen "127.0.0.1:$port" --demo --no-access-log --web /nonexistent \
  --nats "nats://127.0.0.1:$nats_port" >"$work/server.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 300); do curl -fs -o /dev/null "http://127.0.0.1:$port/readyz" && break; sleep 0.1; done

echo "== bench/workers: $N listings, 2 workers, PostgreSQL, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)"
python3 bench/scan/gen_listings.py "$N" >"$work/listings.jsonl"
split -l 20000 -d -a 4 "$work/listings.jsonl" "$work/part-"
curl -fsS -D "$work/login.hdr" -o "$work/login.json" -H 'Content-Type: application/json' \
  -d '{"login":"analyst","password":"Demo@12345"}' "http://127.0.0.1:$port/api/v1/session"
cookie=$(tr -d '\r' <"$work/login.hdr" | sed -n 's/^[Ss]et-[Cc]ookie: \(ipe_session=[^;]*\).*/\1/p')
csrf=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["csrf_token"])' "$work/login.json")

worker() {  # name
  "$bin" scan-worker --db "$db" --nats "nats://127.0.0.1:$nats_port" --name "$1" >>"$work/$1.log" 2>&1 &
  echo $!
}
a=$(worker a); pids+=("$a")
b=$(worker b); pids+=("$b")

t0=$(date +%s.%N)
for f in "$work"/part-*; do
  curl -fsS -o /dev/null -H "Cookie: $cookie" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
    --data-binary @"$f" "http://127.0.0.1:$port/api/v1/monitoring/scans?source=bench"
done
t_pub=$(date +%s.%N)
echo "published: $N listings in $(ls "$work"/part-* | wc -l) uploads, $(printf '%.1f' "$(echo "$t_pub - $t0" | bc)") s"

# kill -9 worker a when about a third is written, start it again 2 s later.
while [ "$(q 'SELECT COUNT(*) FROM scan_results')" -lt $((N / 3)) ]; do sleep 0.5; done
kill -KILL "$a"
killed_at=$(q 'SELECT COUNT(*) FROM scan_results')
echo "kill -9 worker a at $killed_at results"
sleep 2
a=$(worker a); pids+=("$a")

while [ "$(q "SELECT COUNT(*) FROM scan_batches WHERE status <> 'done'")" -gt 0 ]; do sleep 0.5; done
t_done=$(date +%s.%N)
sleep 3  # the last acknowledgements, and a's unacknowledged messages delivered again
kill -TERM "$a" "$b"; wait "$a" "$b" 2>/dev/null || true

total=$(printf '%.1f' "$(echo "$t_done - $t0" | bc)")
echo "all batches done $total s after the first upload: $(printf '%.0f' "$(echo "$N / ($t_done - $t0)" | bc -l)") listings/s overall"
psql_ -c "SET search_path = $schema" -F ' ' -c \
  "SELECT worker, COUNT(*) AS results, MAX(scanned_at) - MIN(scanned_at) + 1 AS seconds,
          COUNT(*) / (MAX(scanned_at) - MIN(scanned_at) + 1) AS per_s
     FROM scan_results GROUP BY worker ORDER BY worker" |
  awk 'NF == 4 { printf "worker %s: %d results in %d s active = %d listings/s\n", $1, $2, $3, $4 }'
for w in a b; do
  echo "worker $w last report: $(grep -E ' (progress|stopped) ' "$work/$w.log" | tail -1 | sed 's/^ipenforce scan-worker //')"
done
results=$(q 'SELECT COUNT(*) FROM scan_results')
distinct=$(q "SELECT COUNT(DISTINCT platform || ':' || listing_id) FROM scan_results")
scanned=$(q 'SELECT SUM(scanned) FROM scan_batches')
already=$(q 'SELECT SUM(already) FROM scan_batches')
suspected=$(q 'SELECT SUM(suspected) FROM monitoring_scans WHERE id IN (SELECT scan_id FROM scan_batches)')
hits=$(q 'SELECT COUNT(*) FROM monitoring_hits WHERE first_scan_id IN (SELECT scan_id FROM scan_batches)')
redelivered=$(grep -h ' stopped ' "$work"/a.log "$work"/b.log | sed -n 's/.* redelivered=\([0-9]*\).*/\1/p' | paste -sd+ | bc)
echo "exactly once: results $results, distinct keys $distinct, batches' scanned $scanned (+ already $already), listings $N"
echo "suspects: $suspected results suspected, $hits hits queued; listings given again after the kill and written no second time: ${redelivered:-0}"
if [ "$results" = "$N" ] && [ "$distinct" = "$N" ] && [ "$scanned" = "$N" ] && [ "$suspected" = "$hits" ]; then
  echo "RESULT: ok — none lost, none doubled"
else
  echo "RESULT: FAILED"; exit 1
fi
