#!/usr/bin/env bash
# Prints the bench/scan figures: `ipenforce scan` vs `rg -F -c -f patterns` (ripgrep from Debian)
# on the same generated 1M-listing JSONL file with the same brand names, generic names and slang
# as literals: first whether the output equals the previous scanner's (sha256), then ROUNDS
# (default 5) rounds of rg, scan --threads N and scan --threads 1 back to back, each round's
# ratios, min / median / max wall times, MB/s, the ratio spread (must be <= 3.0; goal <= 1.0) and
# the load average; then the micro-benchmarks and the labelled-set precision/recall.
#   [ROUNDS=5] bench/scan/run.sh [build-dir=build-match] [listings=1000000] [threads=$(nproc)]
# On a shared machine the load average matters: compare ratios within a round.
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${1:-build-match}
N=${2:-1000000}
THREADS=${3:-$(nproc)}
cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
# SCAN_DRIVER=1: the stand-alone scan command only (same code; no full build of the binary).
if [ "${SCAN_DRIVER:-0}" != 1 ] && cmake --build "$BUILD" -j2 --target ipenforce >/dev/null 2>&1; then
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
wall() {  # wall time of one run of "$@" (stdout discarded)
  local s e
  s=$(date +%s.%N)
  "$@" >/dev/null 2>"$work/err"
  e=$(date +%s.%N)
  echo "$e - $s" | bc -l
}
stats() {  # min median max of the arguments
  printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {printf "%.3f %.3f %.3f", a[1], a[int((NR+1)/2)], a[NR]}'
}
scan=("${cli[@]}" --brands tests/match/brands.jsonl --listings "$work/listings.jsonl")
# The same results as the scanner before the prefilter and the look-alike classes (commit
# 3d764a9): sha256 of its output on the default 1M listings.
if [ "$N" = 1000000 ]; then
  got=$("${scan[@]}" --threads "$THREADS" 2>/dev/null | sha256sum | cut -d' ' -f1)
  want=a048dfd5bed2b7a59935200492d09354e06d33ed11fa62250974e0ac4abfd5ed
  echo "results identical to the previous scanner (sha256 ${want:0:12}…): $([ "$got" = "$want" ] && echo yes || echo "NO ($got)")"
fi
# ripgrep and scan back to back in each round, so that each ratio compares like with like on a
# machine shared with other work; ROUNDS rounds, then min / median / max.
ROUNDS=${ROUNDS:-5}
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
# BASELINE=path/to/an older scan binary (e.g. scan_cli_driver built from 3d764a9) adds it to
# every round: before/after under the same load.
BASELINE=${BASELINE:-}
rg_t=(); s2_t=(); s1_t=(); r2=(); r1=(); b_t=(); rb=()
for ((i = 1; i <= ROUNDS; i++)); do
  a=$(wall rg -F -c -f "$work/patterns.txt" "$work/listings.jsonl")
  b=$(wall "${scan[@]}" --threads "$THREADS")
  c=$(wall "${scan[@]}" --threads 1)
  rg_t+=("$a"); s2_t+=("$b"); s1_t+=("$c")
  r2+=("$(echo "$b / $a" | bc -l)"); r1+=("$(echo "$c / $a" | bc -l)")
  printf 'round %d: rg %.3f s, scan --threads %s %.3f s (ratio %.2f), scan --threads 1 %.3f s (ratio %.2f)' \
    "$i" "$a" "$THREADS" "$b" "${r2[-1]}" "$c" "${r1[-1]}"
  if [ -n "$BASELINE" ]; then
    d=$(wall "$BASELINE" --brands tests/match/brands.jsonl --listings "$work/listings.jsonl" --threads "$THREADS")
    b_t+=("$d"); rb+=("$(echo "$d / $a" | bc -l)")
    printf ', baseline --threads %s %.3f s (ratio %.2f)' "$THREADS" "$d" "${rb[-1]}"
  fi
  echo
done
grep '汇总' "$work/err" || true
echo "load average before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg)"
row() {  # label, times…: min median max wall and MB/s at the median
  local label=$1; shift
  read -r lo med hi <<<"$(stats "$@")"
  printf '%-30s %6.3f %6.3f %6.3f s  %6.0f MB/s\n' "$label" "$lo" "$med" "$hi" "$(echo "$bytes / $med / 1000000" | bc -l)"
}
printf '%-30s %6s %6s %6s\n' "" min median max
row "rg -F -c -f patterns" "${rg_t[@]}"
row "scan --threads $THREADS" "${s2_t[@]}"
row "scan --threads 1" "${s1_t[@]}"
read -r lo med hi <<<"$(stats "${r2[@]}")"
printf 'ratio scan/rg, --threads %s:  %.2f %.2f %.2f  (per round; must be <= 3.0, goal <= 1.0)\n' "$THREADS" "$lo" "$med" "$hi"
read -r lo med hi <<<"$(stats "${r1[@]}")"
printf 'ratio scan/rg, --threads 1:  %.2f %.2f %.2f\n' "$lo" "$med" "$hi"
if [ -n "$BASELINE" ]; then
  row "baseline --threads $THREADS" "${b_t[@]}"
  read -r lo med hi <<<"$(stats "${rb[@]}")"
  printf 'ratio baseline/rg, --threads %s:  %.2f %.2f %.2f\n' "$THREADS" "$lo" "$med" "$hi"
fi
# Instructions a listing (valgrind callgrind, 100k listings minus a 1-listing run for the start-up
# cost): deterministic, unlike wall times on a shared machine. CALLGRIND=1 to run it.
if [ "${CALLGRIND:-0}" = 1 ]; then
  head -100000 "$work/listings.jsonl" >"$work/l100k.jsonl"
  head -1 "$work/listings.jsonl" >"$work/l1.jsonl"
  instr() {  # listings file, command…: instructions (Ir)
    local file=$1; shift
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" --brands tests/match/brands.jsonl \
      --listings "$file" --threads 1 2>&1 >/dev/null | sed -n 's/.*Collected : //p'
  }
  per_listing() {  # label, command…
    local label=$1; shift
    local big one
    big=$(instr "$work/l100k.jsonl" "$@"); one=$(instr "$work/l1.jsonl" "$@")
    local per
    per=$(echo "($big - $one) / 99999" | bc -l)
    printf 'callgrind %-10s %6.0f instructions a listing, %4.0f M at start-up, ratio to rg %.2f\n' \
      "$label" "$per" "$(echo "$one / 1000000" | bc -l)" "$(echo "$per / $rg_per" | bc -l)"
  }
  rg_instr() {  # rg exits 1 when a file has no match (the 1-line file): not an error here
    { valgrind --tool=callgrind --callgrind-out-file=/dev/null rg -F -c -f "$work/patterns.txt" "$1" \
        2>&1 >/dev/null || true; } | sed -n 's/.*Collected : //p'
  }
  rg_big=$(rg_instr "$work/l100k.jsonl"); rg_one=$(rg_instr "$work/l1.jsonl")
  rg_per=$(echo "($rg_big - $rg_one) / 99999" | bc -l)
  printf 'callgrind %-10s %6.0f instructions a listing\n' rg "$rg_per"
  per_listing scan "${cli[@]}"
  if [ -n "$BASELINE" ]; then per_listing baseline "$BASELINE"; fi
fi
echo "== normaliser and matcher micro-benchmarks"
"$BUILD"/bench/scan/match_benchmark --benchmark_min_time=0.3 2>/dev/null | grep -E '^BM_'
echo "== labelled set"
"$BUILD"/tests/match/match_suite_test --gtest_filter='LabelledSet.*' 2>/dev/null | grep -E 'labelled set:|PASSED|FAILED'
