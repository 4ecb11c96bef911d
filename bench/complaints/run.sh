#!/usr/bin/env bash
# The complaint queue at volume (issue 16), on SQLite and PostgreSQL: N complaints (default
# 100 000) in matters of 20 for one agency, then the queue page, a deep page, one matter, a
# detail and intakes with the matter look-up (p50/p99/max). Prints figures only.
#
#   bench/complaints/run.sh [N] [--stores sqlite,postgres]
#
# Needs build/ (builds the complaints_bench target) and PostgreSQL 15 for the postgres store.
set -euo pipefail
cd "$(dirname "$0")/../.."
n=100000 stores=sqlite,postgres
while (($#)); do
  case $1 in
    --stores) stores=$2; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) [[ $1 =~ ^[0-9]+$ ]] || { echo "unknown option: $1" >&2; exit 2; }; n=$1; shift ;;
  esac
done
cmake --build build --target complaints_bench -j2 >/dev/null
bin=build/bench/complaints/complaints_bench
work=$(mktemp -d "${TMPDIR:-/tmp}/ipe-complaints-bench.XXXXXX")
pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export IPE_PG_PORT=$pg_port IPE_PG_DIR="${TMPDIR:-/tmp}/ipe-complaints-bench-pg-$pg_port"
pg_started=""
cleanup() {
  if [ -n "$pg_started" ]; then scripts/pg-test.sh stop >/dev/null 2>&1 || true; rm -rf "$IPE_PG_DIR"; fi
  rm -rf "$work"
}
trap cleanup EXIT
for store in ${stores//,/ }; do
  case $store in
    sqlite) url="sqlite://$work/complaints.db" ;;
    postgres) url=$(scripts/pg-test.sh start); pg_started=1 ;;
    *) echo "unknown store: $store" >&2; exit 2 ;;
  esac
  "$bin" --db "$url" --complaints "$n"
done
