#!/usr/bin/env bash
# Statistics at volume (issue 18), on SQLite and PostgreSQL: N cases (default 1,000,000; 10M by
# argument) plus leads (N/2), monitoring hits (N/4), complaints (N/10) and transfers (~N/20),
# loaded with the rollup triggers on; then, per store, each dashboard query's time from the
# rollups beside the same figure as raw SQL over the base tables (the ratio), the dashboard under
# 64 concurrent viewers (p50/p99), and a full recomputation. Prints figures only.
#
#   bench/statistics/run.sh [N] [--stores sqlite,postgres] [--seconds S] [--connections C]
#
# Needs build/ (builds the statistics_bench target) and PostgreSQL 15 for the postgres store
# (scripts/pg-test.sh starts a throwaway cluster on a free port).
set -euo pipefail
cd "$(dirname "$0")/../.."
cases=1000000 stores=sqlite,postgres seconds=10 connections=64
while (($#)); do
  case $1 in
    --stores) stores=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) [[ $1 =~ ^[0-9]+$ ]] || { echo "unknown option: $1" >&2; exit 2; }; cases=$1; shift ;;
  esac
done
cmake --build build --target statistics_bench -j"$(nproc)" >/dev/null
bin=build/bench/statistics/statistics_bench
work=$(mktemp -d "${TMPDIR:-/tmp}/ipe-stats-bench.XXXXXX")
pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export IPE_PG_PORT=$pg_port IPE_PG_DIR="${TMPDIR:-/tmp}/ipe-stats-bench-pg-$pg_port"
pg_started=""
cleanup() {
  if [ -n "$pg_started" ]; then scripts/pg-test.sh stop >/dev/null 2>&1 || true; rm -rf "$IPE_PG_DIR"; fi
  rm -rf "$work"
}
trap cleanup EXIT
echo "statistics benchmark: $cases cases, $connections connections, ${seconds}s of dashboard load per store"
for store in ${stores//,/ }; do
  echo
  echo "== $store"
  case $store in
    sqlite) url="sqlite://$work/stats.db" ;;
    postgres) url=$(scripts/pg-test.sh start); pg_started=1 ;;
    *) echo "unknown store: $store" >&2; exit 2 ;;
  esac
  "$bin" --db "$url" --cases "$cases" --seconds "$seconds" --connections "$connections"
done
