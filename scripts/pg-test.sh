#!/usr/bin/env bash
# A throwaway PostgreSQL 15 for tests, on a private loopback port, as the postgres user.
#   scripts/pg-test.sh start   → starts it (if not running) and prints the DSN
#                                postgresql://postgres@127.0.0.1:55432/ipe_test
#   scripts/pg-test.sh stop    → stops the server and deletes its files
#   scripts/pg-test.sh env     → prints "export IPE_PG_DSN=…" (for eval)
# Settings: IPE_PG_PORT (default 55432), IPE_PG_DIR (default ${TMPDIR:-/tmp}/ipe-pg-$UID).
# The cluster is for tests only: trust auth on 127.0.0.1, fsync off, deleted by `stop`.
set -euo pipefail
port=${IPE_PG_PORT:-55432}
uid=$(id -u)
base=${TMPDIR:-/tmp}
# As root the server runs as postgres, which must be able to reach the directory.
if [ "$uid" = 0 ] && ! runuser -u postgres -- test -w "$base" 2>/dev/null; then base=/tmp; fi
dir=${IPE_PG_DIR:-$base/ipe-pg-$uid}
bindir=/usr/lib/postgresql/15/bin
[ -x "$bindir/pg_ctl" ] || { echo "PostgreSQL 15 not installed (apt-get install postgresql-15)" >&2; exit 1; }
dsn="postgresql://postgres@127.0.0.1:$port/ipe_test"
as_pg() { if [ "$uid" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
running() { [ -f "$dir/data/postmaster.pid" ] && as_pg "$bindir/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; }
ensure_db() {
  local have
  have=$(as_pg "$bindir/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = 'ipe_test'")
  [ "$have" = 1 ] || as_pg "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres ipe_test
}

# Two callers at once (parallel test runs) must not both initialise the same directory. The
# server must not inherit the lock's descriptor (9>&- below), or it would hold the lock forever.
exec 9>"${dir%/}.lock"
flock 9

case "${1:-}" in
  start)
    if running; then
      ensure_db
      echo "$dsn"; exit 0
    fi
    if [ -d "$dir/data" ]; then  # left over from a crash: stop what may remain, start afresh
      as_pg "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"; mkdir -p "$dir"; chmod 700 "$dir"
    if [ "$uid" = 0 ]; then chown postgres:postgres "$dir"; fi
    as_pg "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
      >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    as_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
      start >/dev/null 9>&- || { cat "$dir/server.log" >&2; exit 1; }
    ensure_db
    echo "$dsn"
    ;;
  stop)
    if [ -d "$dir/data" ]; then
      as_pg "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  env)
    echo "export IPE_PG_DSN=$dsn"
    ;;
  *)
    echo "usage: $0 start|stop|env" >&2; exit 2 ;;
esac
