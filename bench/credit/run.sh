#!/usr/bin/env bash
# Load figure of the public portal's search (issue 15 "Must show"): N published penalty disclosures
# (default 1,000,000; gen_disclosures.py), then wrk at C connections (default 64) for D seconds
# over a mix of searches by company name, credit code, decision number, person's name and plain
# pages (search.lua), on SQLite and on PostgreSQL. Prints p50/p90/p99 and requests/s per store;
# asserts nothing.
#
#   bench/credit/run.sh [--rows N] [--stores sqlite,postgres] [--duration S] [--connections C] [--keep DIR] [--reuse]
#
# --reuse (with --keep DIR): measure the stores a previous run left in DIR again (a new binary, the
# same rows), skipping the load — the load of a million rows takes most of the run here.
#
# The server runs with IPE_BENCH_OPEN_PUBLIC=1 (docs/credit.md "Load figure"): no per-source rate
# limit and no proof of work, which would otherwise stop one load generator after 120 requests a
# minute. It is honoured on loopback only. The rows are loaded in bulk (a staging table copied
# into `disclosures`) rather than through closing cases one by one, and the search index is
# rebuilt by the product itself at the next start (search_index_state set back to 0).
# Needs build/src/bin/ipenforce (IPE_BIN), wrk, sqlite3, psql, python3; PostgreSQL via
# scripts/pg-test.sh on its own port (IPE_BENCH_PG_PORT, default 55499).
set -euo pipefail
cd "$(dirname "$0")/../.."
rows=1000000; stores=sqlite,postgres; duration=30; connections=64; keep=""; reuse=0
while [ $# -gt 0 ]; do
  case $1 in
    --rows) rows=$2; shift 2 ;;
    --stores) stores=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    --reuse) reuse=1; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
bin_src=${IPE_BIN:-build/src/bin/ipenforce}
command -v wrk >/dev/null || { echo "wrk not found (apt-get install -y wrk)" >&2; exit 1; }
work=${keep:-$(mktemp -d)}
mkdir -p "$work"
cp "$bin_src" "$work/ipenforce"   # a rebuild during the run does not change the binary under test
bin=$work/ipenforce
pg_port=${IPE_BENCH_PG_PORT:-55499}
pg_dir=$work/pg
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
  # With --keep the PostgreSQL cluster stays up for --reuse (scripts/pg-test.sh start on a stopped
  # one starts afresh); stop it with IPE_PG_PORT=… IPE_PG_DIR=DIR/pg scripts/pg-test.sh stop.
  if [ -z "$keep" ] && [ -d "$pg_dir" ]; then
    IPE_PG_PORT=$pg_port IPE_PG_DIR=$pg_dir scripts/pg-test.sh stop >/dev/null 2>&1 || true
  fi
  [ -z "$keep" ] && rm -rf "$work" || true
}
trap cleanup EXIT
phase() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }

cols=$(python3 -c '
import sys; sys.path.insert(0, "bench/credit"); import gen_disclosures as g; print(",".join(g.COLUMNS))')
# Integer columns are cast from the staging table's text; empty text becomes NULL.
select=$(python3 -c '
import sys; sys.path.insert(0, "bench/credit"); import gen_disclosures as g
ints = {"case_id", "party_index", "agency_id", "fine_fen", "published_at", "created_at", "updated_at"}
print(", ".join(("CAST(%s AS BIGINT)" % c) if c in ints else ("NULLIF(%s, %s)" % (c, "\x27\x27")) if c in ("credit_code", "id_masked") else c for c in g.COLUMNS))')

summary=()
for store in ${stores//,/ }; do
  phase "$store: schema and demo data"
  if [ "$store" = sqlite ]; then
    url="sqlite://$work/bench.db"; [ "$reuse" = 1 ] || rm -f "$work/bench.db"*
  else
    dsn=$(IPE_PG_PORT=$pg_port IPE_PG_DIR=$pg_dir scripts/pg-test.sh start)
    url=$dsn
  fi
  sql() { if [ "$store" = sqlite ]; then sqlite3 "$work/bench.db" "$@"; else psql -qAt "$url" -c "$@"; fi; }
  gen=$work/gen-$rows
  load_s=reused
  if [ "$reuse" = 1 ] && [ "$(sql "SELECT count(*) FROM disclosures" 2>/dev/null || echo 0)" -ge "$rows" ]; then
    phase "$store: reusing the $rows rows loaded before"
  else
  "$bin" demo --db "$url" >/dev/null
  case_id=$(sql "SELECT min(id) FROM cases")
  agency_id=$(sql "SELECT agency_id FROM cases WHERE id = $case_id")
  if [ ! -f "$gen/queries.txt" ]; then
    phase "generate $rows disclosures"
    python3 bench/credit/gen_disclosures.py --rows "$rows" --case-id "$case_id" --agency-id "$agency_id" --out "$gen"
  fi
  phase "$store: load $rows rows"
  start=$(date +%s)
  # Generated party indexes start far above any real one (the demo's parties are 0, 1, …).
  if [ "$store" = sqlite ]; then
    sqlite3 "$work/bench.db" <<SQL
CREATE TEMP TABLE stage ($(sed 's/,/ TEXT, /g' <<<"$cols") TEXT);
-- The statistics rollup triggers fire per row; \`ipenforce stats rebuild\` below reinstalls them.
$(sqlite3 "$work/bench.db" "SELECT 'DROP TRIGGER ' || name || ';' FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'disclosures'")
.mode csv
.import --skip 1 $gen/disclosures.csv stage
UPDATE stage SET case_id = '$case_id', agency_id = '$agency_id', party_index = party_index + 1000;
INSERT INTO disclosures ($cols) SELECT $select FROM stage;
UPDATE search_index_state SET version = 0 WHERE name = 'disclosures';
SQL
  else
    psql -qAt "$url" <<SQL
CREATE TEMP TABLE stage ($(sed 's/,/ TEXT, /g' <<<"$cols") TEXT);
\\copy stage FROM '$gen/disclosures.csv' WITH (FORMAT csv, HEADER true)
UPDATE stage SET case_id = '$case_id', agency_id = '$agency_id', party_index = (party_index::bigint + 1000)::text;
-- No per-row triggers for the bulk copy (the statistics rollup and the foreign-key checks, whose
-- million queued events took longer than the insert): the ids are the demo's, and the rollups
-- are recomputed by \`ipenforce stats rebuild\` below.
SET session_replication_role = replica;
INSERT INTO disclosures ($cols) SELECT $select FROM stage;
SET session_replication_role = DEFAULT;
UPDATE search_index_state SET version = 0 WHERE name = 'disclosures';
ANALYZE disclosures;
SQL
  fi
  "$bin" stats rebuild --db "$url" >/dev/null   # the rollups of the rows copied in bulk
  load_s=$(( $(date +%s) - start ))s
  phase "$store: loaded in ${load_s}; start the server (rebuilds the search index)"
  fi
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  start=$(date +%s)
  IPE_BENCH_OPEN_PUBLIC=1 "$bin" serve --db "$url" --listen "127.0.0.1:$port" --no-access-log \
    --web /nonexistent 2>"$work/server-$store.log" &
  server=$!
  until curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; do
    kill -0 "$server" 2>/dev/null || { cat "$work/server-$store.log" >&2; exit 1; }
    sleep 1
  done
  index_s=$(( $(date +%s) - start ))
  published=$(curl -fs "http://127.0.0.1:$port/api/v1/public/disclosures?page_size=1" |
    python3 -c 'import json,sys; j=json.load(sys.stdin); print(("%d" % j["total"]) + ("" if j.get("total_exact", True) else "+"))')
  phase "$store: ready after ${index_s}s (index rebuild); the portal counts $published; wrk ${connections} connections, ${duration}s"
  # What the first three searches of the mix find (a search that finds nothing would be cheap).
  for path in $(head -40 "$gen/queries.txt" | grep -m3 'q='); do
    echo "  $(python3 -c 'import sys,urllib.parse; print(urllib.parse.unquote(sys.argv[1].split("q=")[1]))' "$path"): $(
      curl -fs "http://127.0.0.1:$port$path" | python3 -c 'import json,sys; j=json.load(sys.stdin); print(j["total"], "found")')"
  done
  out=$work/wrk-$store.txt
  BENCH_QUERIES=$gen/queries.txt wrk -t2 -c"$connections" -d"${duration}s" --timeout 10s --latency \
    -s bench/credit/search.lua "http://127.0.0.1:$port" >"$out"
  grep -E "Latency|50%|90%|99%|Requests/sec|requests in|search:|Socket errors|Non-2xx" "$out" | sed 's/^/  /'
  p50=$(awk '$1 == "50%" {print $2}' "$out"); p99=$(awk '$1 == "99%" {print $2}' "$out")
  rps=$(awk '/Requests\/sec/ {print $2}' "$out")
  summary+=("$store	$rows	$connections	$p50	$p99	$rps	${load_s}	${index_s}s")
  kill "$server"; wait "$server" 2>/dev/null || true; server=""
done
printf '\nstore\trows\tconnections\tp50\tp99\treq/s\tbulk load\tindex rebuild at start\n'
printf '%s\n' "${summary[@]}"
