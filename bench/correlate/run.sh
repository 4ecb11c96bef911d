#!/usr/bin/env bash
# Prints every figure of bench/correlate: 1M records correlated (wall time, peak RSS, bytes per
# record), p99 of "records linked to this one", the SQLite self-join ratio (PostgreSQL too when
# IPE_PG_DSN is set), the normaliser micro-benchmarks and the labelled-set precision/recall.
#   bench/correlate/run.sh [build-dir] [records]
# Builds Release in build-dir (default build-link). On a shared machine run it twice: other
# compiles make figures noisy.
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${1:-build-link}
RECORDS=${2:-1000000}
cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$BUILD" -j2 --target correlate_bench link_benchmark link_labelled_test >/dev/null
echo "== bench/correlate ($RECORDS records, $(nproc) cores, $(date -u +%FT%TZ))"
"$BUILD"/bench/correlate/correlate_bench --records "$RECORDS" --lookups 100000
echo "== ipenforce correlate on the same records as JSONL (parse + normalise + link + print)"
jsonl=$(mktemp /tmp/ipe-correlate-XXXXXX.jsonl)
trap 'rm -f "$jsonl" "$jsonl.out"' EXIT
"$BUILD"/bench/correlate/correlate_bench --records "$RECORDS" --write-jsonl "$jsonl"
if cmake --build "$BUILD" -j2 --target ipenforce >/dev/null 2>&1; then
  cli=("$BUILD"/src/bin/ipenforce correlate)
else  # another module breaks the full binary: the same command code, linked on its own
  cmake --build "$BUILD" -j2 --target correlate_cli_driver >/dev/null
  cli=("$BUILD"/tests/link/correlate_cli_driver)
fi
echo "input $(du -h "$jsonl" | cut -f1), command: ${cli[*]} FILE --json"
/usr/bin/time -f "wall %e s, peak RSS %M KB" "${cli[@]}" "$jsonl" --json 2>&1 >"$jsonl.out" |
  grep -E '^(汇总|wall)'
echo "cluster lines: $(wc -l <"$jsonl.out")"
echo "== normaliser and index micro-benchmarks"
"$BUILD"/bench/correlate/link_benchmark --benchmark_min_time=0.2 2>/dev/null | grep -E '^(BM_|-|Benchmark)'
echo "== labelled set (pairwise precision / recall)"
"$BUILD"/tests/link/link_labelled_test 2>/dev/null | grep -E 'set:|PASSED|FAILED'
