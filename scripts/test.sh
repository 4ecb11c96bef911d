#!/usr/bin/env bash
# README command 2: install, build, and run the whole test suite —
#   1. every GoogleTest/ctest suite (unit, golden files, storage on SQLite *and* PostgreSQL,
#      HTTP end-to-end against the real binary, benchmark smoke runs);
#   2. the browser tests (Chromium, playwright-core) against a freshly started server;
#   3. bounded fuzz runs, when clang's libFuzzer is available.
# A throwaway PostgreSQL 15 is started on a private loopback port and stopped at exit.
# The last line is "Summary: N passed, N failed" (steps); the exit code is non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

scripts/install-deps.sh || exit 1
scripts/build.sh || exit 1

passed=0
failed=0
step() {  # step NAME COMMAND…
  local name=$1; shift
  local t0; t0=$(date +%s)
  printf '\n\033[1m[test] %s\033[0m\n' "$name"
  if "$@"; then
    passed=$((passed + 1)); printf '[test] %s: ok (%ss)\n' "$name" $(( $(date +%s) - t0 ))
  else
    failed=$((failed + 1)); printf '[test] %s: FAILED (%ss)\n' "$name" $(( $(date +%s) - t0 ))
  fi
}

# --- PostgreSQL for the storage suite -------------------------------------------------------
pg_dsn=$(scripts/pg-test.sh start) || { echo "[test] could not start PostgreSQL" >&2; exit 1; }
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  scripts/pg-test.sh stop >/dev/null 2>&1
}
trap cleanup EXIT
export IPE_PG_DSN=$pg_dsn
echo "[test] PostgreSQL for the storage suite: $IPE_PG_DSN"

# --- 1. ctest --------------------------------------------------------------------------------
# Every response the HTTP tests receive is validated against the server's /api/v1/openapi.json
# (tests/http/test_server.cc); each test process leaves its counts in build/contract/.
rm -rf build/contract
step "ctest (unit, golden, storage on SQLite and PostgreSQL, HTTP e2e, bench smoke)" \
  ctest --test-dir build --output-on-failure -j2 -LE slow
scripts/contract-count.sh build/contract

# --- 2. web unit tests (pure JS: formatting, period strings, status colours …) ----------------
# test:unit generates the API types from the contract first; typecheck.test.js then runs tsc over the
# UI's API modules (a call the contract lacks fails here: docs/api.md "The UI's client").
step "web unit tests and the UI client's type check (node --test, tsc)" npm --prefix web run --silent test:unit

# --- 3. browser tests ------------------------------------------------------------------------
run_browser_tests() {
  [ -x tests/e2e/run.sh ] || { echo "tests/e2e/run.sh missing"; return 1; }
  [ -f web/dist/index.html ] || { echo "web/dist not built"; return 1; }
  local tmp port
  tmp=$(mktemp -d)
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  build/src/bin/ipenforce serve --db "sqlite://$tmp/e2e.db" --listen "127.0.0.1:$port" \
    --web web/dist --demo --no-access-log 2>"$tmp/server.log" &
  server_pid=$!
  for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
    sleep 0.1
  done
  IPE_URL="http://127.0.0.1:$port" IPE_ADMIN_LOGIN=admin IPE_ADMIN_PASSWORD='Admin@12345' \
    tests/e2e/run.sh
  local rc=$?
  kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; server_pid=""
  [ $rc -eq 0 ] || tail -20 "$tmp/server.log"
  return $rc
}
step "browser tests (Chromium)" run_browser_tests

# --- 4. fuzzing, bounded ---------------------------------------------------------------------
if command -v clang++-14 >/dev/null || command -v clang++ >/dev/null; then
  step "fuzz targets (${IPE_FUZZ_SECONDS:-20}s each)" scripts/fuzz.sh "${IPE_FUZZ_SECONDS:-20}"
else
  echo "[test] clang not installed: fuzz targets skipped"
fi

echo
echo "Summary: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
