#!/usr/bin/env bash
# Configures and builds everything (Release, Ninja, ccache) into build/, then the web UI into
# web/dist/. Fast on a second run. Options via environment:
#   IPE_BUILD_DIR (default build), IPE_BUILD_TYPE (default Release), IPE_CMAKE_ARGS (extra args)
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${IPE_BUILD_DIR:-build}
build_type=${IPE_BUILD_TYPE:-Release}
jobs=$(nproc)

start=$(date +%s)
if [ ! -f "$build_dir/build.ninja" ]; then
  cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE="$build_type" ${IPE_CMAKE_ARGS:-} >/dev/null
fi
cmake --build "$build_dir" -j"$jobs"
printf '[build] C++ built in %ss\n' $(( $(date +%s) - start )) >&2

if [ -x scripts/build-web.sh ]; then
  scripts/build-web.sh
fi
