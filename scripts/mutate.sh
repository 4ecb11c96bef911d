#!/usr/bin/env bash
# Hand mutation test of the suite (issue 12): applies each one-line defect listed in
# scripts/mutations/*.mutation to the source, rebuilds, runs the ctest subset that must catch it,
# restores the file, and prints which defects the tests killed and the kill rate. Run by hand
# (not in CI: a rebuild per mutation takes minutes), from a clean work tree with build/ built:
#   scripts/mutate.sh [NAME…]          (all mutations, or the named ones)
# PostgreSQL-backed tests run when IPE_PG_DSN is set (scripts/pg-test.sh start prints one).
# A mutation file holds four lines:  file: PATH / from: TEXT / to: TEXT / tests: CTEST-REGEX
# where TEXT must occur exactly once in PATH ("\n" in it is a line break; "to:" may be empty).
set -uo pipefail
cd "$(dirname "$0")/.."
[ -d build ] || { echo "build/ missing: run scripts/build.sh first" >&2; exit 1; }
if ! git diff --quiet; then echo "the work tree has changes: commit or stash them first" >&2; exit 1; fi
exec python3 scripts/mutations/run.py "$@"
