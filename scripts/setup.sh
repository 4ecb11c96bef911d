#!/usr/bin/env bash
# README command 1: install everything, build Release, and run the server on the embedded default
# (SQLite under var/) with demo data at http://127.0.0.1:8080. Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
mkdir -p var
echo "[setup] demo admin: login admin, password Admin@12345 (other demo users: Demo@12345)" >&2
exec build/src/bin/ipenforce serve --db "${IPE_DB:-sqlite://var/ipenforce.db}" \
  --listen "${IPE_LISTEN:-127.0.0.1:8080}" --web web/dist --demo
