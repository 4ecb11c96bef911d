#!/usr/bin/env bash
# A throwaway PostgreSQL 15 for tests, on a private loopback port, as the postgres user.
#   scripts/pg-test.sh start   → prints the DSN (idempotent: prints it again if already running)
#   scripts/pg-test.sh stop    → stops the server and deletes its files
#   scripts/pg-test.sh env     → prints "export IPE_PG_DSN=…"
# Settings: IPE_PG_PORT (default 55432), IPE_PG_DIR (default /tmp/ipe-pg-$UID).
set -euo pipefail
port=${IPE_PG_PORT:-55432}
dir=${IPE_PG_DIR:-/tmp/ipe-pg-$(id -u)}
bindir=$(ls -d /usr/lib/postgresql/15/bin 2>/dev/null || true)
[ -n "$bindir" ] || { echo "PostgreSQL 15 not installed (apt-get install postgresql-15)" >&2; exit 1; }
dsn="postgresql://postgres@127.0.0.1:$port/ipe_test"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "${1:-}" in
  start)
    if [ -f "$dir/data/postmaster.pid" ] && as_pg "$bindir/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      echo "$dsn"; exit 0
    fi
    rm -rf "$dir"; mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
    as_pg "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; exit 1; }
    as_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
      start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    as_pg "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres ipe_test
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
