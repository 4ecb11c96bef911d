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
echo "== normaliser and index micro-benchmarks"
"$BUILD"/bench/correlate/link_benchmark --benchmark_min_time=0.2 2>/dev/null | grep -E '^(BM_|-|Benchmark)'
echo "== labelled set (pairwise precision / recall)"
"$BUILD"/tests/link/link_labelled_test 2>/dev/null | grep -E 'set:|PASSED|FAILED'
