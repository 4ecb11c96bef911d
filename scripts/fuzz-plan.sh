#!/usr/bin/env bash
# Builds the work-plan parser's libFuzzer target with clang-14 (ASan + UBSan) in build-fuzz/ and runs
# it for a bounded time, seeded with the golden fixtures (tests/plan/data/*.txt) and the saved inputs
# in fuzz/plan/corpus/. Crashing inputs land in build-fuzz/artifacts/plan_parse_fuzzer-*: copy them
# into fuzz/plan/corpus/ once fixed, and plan_fuzz_replay_test replays them under g++.
#   scripts/fuzz-plan.sh [SECONDS=60]
# Needs Debian packages clang-14 and libclang-rt-14-dev (libFuzzer runtime).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
cxx=$(command -v clang++-14 || command -v clang++ || true)
cc=$(command -v clang-14 || command -v clang || true)
if [ -z "$cxx" ] || [ -z "$cc" ]; then
  echo "fuzz-plan: clang-14 not found (apt-get install clang-14 libclang-rt-14-dev)" >&2
  exit 2
fi
if [ ! -f build-fuzz/build.ninja ]; then
  cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER="$cxx" \
    -DCMAKE_C_COMPILER="$cc" -DIPE_BUILD_FUZZERS=ON -DIPE_BUILD_TESTS=OFF -DIPE_BUILD_BENCHMARKS=OFF >/dev/null
fi
cmake --build build-fuzz -j"$(nproc)" --target plan_parse_fuzzer
bin=$(find build-fuzz -type f -name plan_parse_fuzzer -perm -u+x | head -1)
work=build-fuzz/corpus/plan_parse_fuzzer
mkdir -p "$work" build-fuzz/artifacts build-fuzz/plan-seeds
# Seeds: the golden fixtures (inputs only) and the saved corpus.
cp tests/plan/data/*.txt build-fuzz/plan-seeds/
echo "[fuzz] plan_parse_fuzzer for ${seconds}s"
if ! "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=20000 \
    -artifact_prefix=build-fuzz/artifacts/plan_parse_fuzzer- -print_final_stats=1 \
    "$work" build-fuzz/plan-seeds fuzz/plan/corpus > build-fuzz/plan_parse_fuzzer.log 2>&1; then
  echo "[fuzz] plan_parse_fuzzer FAILED:"; tail -40 build-fuzz/plan_parse_fuzzer.log
  exit 1
fi
grep -E 'stat::number_of_executed_units|Done [0-9]+ runs' build-fuzz/plan_parse_fuzzer.log | tail -2
