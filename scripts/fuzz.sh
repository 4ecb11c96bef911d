#!/usr/bin/env bash
# Builds every libFuzzer target under fuzz/ with clang-14 (ASan + UBSan) in build-fuzz/ and runs each
# for a bounded time, as many at once as there are cores. A target fuzz/<area>/<name>_fuzzer.cc uses fuzz/<area>/corpus/ as its seed corpus
# when present. Crashing inputs are saved under build-fuzz/artifacts/; replay them as ordinary tests.
#   scripts/fuzz.sh [SECONDS_PER_TARGET=30] [TARGET…]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
shift || true
cxx=$(command -v clang++-14 || command -v clang++)
cc=$(command -v clang-14 || command -v clang)
if [ ! -f build-fuzz/build.ninja ]; then
  cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER="$cxx" \
    -DCMAKE_C_COMPILER="$cc" -DIPE_BUILD_FUZZERS=ON -DIPE_BUILD_TESTS=OFF -DIPE_BUILD_BENCHMARKS=OFF >/dev/null
fi
if (($#)); then
  targets=("$@")
else
  mapfile -t targets < <(find fuzz -name '*_fuzzer.cc' -printf '%f\n' | sed 's/\.cc$//' | sort)
fi
cmake --build build-fuzz -j"$(nproc)" --target "${targets[@]}"
mkdir -p build-fuzz/artifacts
# One target per core at a time: the runs are independent (own corpus directory, own log).
run_target() {
  local t=$1 src corpus_seed work bin
  src=$(find fuzz -name "$t.cc" | head -1)
  corpus_seed="$(dirname "$src")/corpus"
  work="build-fuzz/corpus/$t"
  mkdir -p "$work"
  local args=("$work")
  [ -d "$corpus_seed" ] && args+=("$corpus_seed")
  bin=$(find build-fuzz -type f -name "$t" -perm -u+x | head -1)
  if ! "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix="build-fuzz/artifacts/$t-" -print_final_stats=1 "${args[@]}" \
      > "build-fuzz/$t.log" 2>&1; then
    echo "[fuzz] $t FAILED:"; tail -40 "build-fuzz/$t.log"; return 1
  fi
  echo "[fuzz] $t for ${seconds}s: $(grep -E 'Done [0-9]+ runs' "build-fuzz/$t.log" | tail -1)"
}
status=0
jobs_max=$(nproc)
running=0
for t in "${targets[@]}"; do
  if ((running >= jobs_max)); then
    wait -n || status=1
    running=$((running - 1))
  fi
  run_target "$t" &
  running=$((running + 1))
done
while ((running > 0)); do
  wait -n || status=1
  running=$((running - 1))
done
exit $status
