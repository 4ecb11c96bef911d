#!/usr/bin/env bash
# Prints the bench/scan figures: `ipenforce scan` vs `rg -F -c -f patterns` (ripgrep from Debian)
# on the same generated 1M-listing JSONL file with the same brand names, generic names and slang
# as literals; best of 3 wall times each, MB/s and the ratio scan/rg (must be <= 3.0; goal <= 1.0);
# then the normaliser/matcher micro-benchmarks and the labelled-set precision/recall.
#   bench/scan/run.sh [build-dir=build-match] [listings=1000000] [threads=$(nproc)]
# On a shared machine run it twice: other compiles make figures noisy.
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${1:-build-match}
N=${2:-1000000}
THREADS=${3:-$(nproc)}
cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
if cmake --build "$BUILD" -j2 --target ipenforce >/dev/null 2>&1; then
  cli=("$BUILD"/src/bin/ipenforce scan)
else  # another module breaks the full binary: the same command code, linked on its own
  cmake --build "$BUILD" -j2 --target scan_cli_driver >/dev/null
  cli=("$BUILD"/tests/match/scan_cli_driver)
fi
cmake --build "$BUILD" -j2 --target match_benchmark match_suite_test >/dev/null
work=$(mktemp -d /tmp/ipe-scan-XXXXXX)
trap 'rm -rf "$work"' EXIT
python3 bench/scan/gen_listings.py "$N" >"$work/listings.jsonl"
python3 bench/scan/gen_listings.py --patterns tests/match/brands.jsonl data/match/slang.txt >"$work/patterns.txt"
bytes=$(stat -c %s "$work/listings.jsonl")
echo "== bench/scan: $N listings, $((bytes / 1000000)) MB, $(wc -l <"$work/patterns.txt") literals, $(nproc) cores, threads $THREADS, $(date -u +%FT%TZ)"
best() {  # best wall time of 3 runs of "$@" (stdout discarded)
  local b=""
  for _ in 1 2 3; do
    local s e t
    s=$(date +%s.%N)
    "$@" >/dev/null 2>"$work/err"
    e=$(date +%s.%N)
    t=$(echo "$e - $s" | bc -l)
    if [ -z "$b" ] || (($(echo "$t < $b" | bc -l))); then b=$t; fi
  done
  echo "$b"
}
rg_t=$(best rg -F -c -f "$work/patterns.txt" "$work/listings.jsonl")
scan_t=$(best "${cli[@]}" --brands tests/match/brands.jsonl --listings "$work/listings.jsonl" --threads "$THREADS")
grep '汇总' "$work/err" || true
printf 'ripgrep  rg -F -c -f patterns   %.3f s  %6.0f MB/s\n' "$rg_t" "$(echo "$bytes / $rg_t / 1000000" | bc -l)"
printf 'scan     %-22s %.3f s  %6.0f MB/s\n' "--threads $THREADS" "$scan_t" "$(echo "$bytes / $scan_t / 1000000" | bc -l)"
printf 'ratio scan/rg (wall time): %.2f  (must be <= 3.0, goal <= 1.0)\n' "$(echo "$scan_t / $rg_t" | bc -l)"
scan1_t=$(best "${cli[@]}" --brands tests/match/brands.jsonl --listings "$work/listings.jsonl" --threads 1)
printf 'scan     %-22s %.3f s  %6.0f MB/s  (ratio %.2f)\n' "--threads 1" "$scan1_t" \
  "$(echo "$bytes / $scan1_t / 1000000" | bc -l)" "$(echo "$scan1_t / $rg_t" | bc -l)"
echo "== normaliser and matcher micro-benchmarks"
"$BUILD"/bench/scan/match_benchmark --benchmark_min_time=0.3 2>/dev/null | grep -E '^BM_'
echo "== labelled set"
"$BUILD"/tests/match/match_suite_test --gtest_filter='LabelledSet.*' 2>/dev/null | grep -E 'labelled set:|PASSED|FAILED'
