#!/usr/bin/env bash
# The production layout on loopback (docs/scale-out.md): PostgreSQL, three `ipenforce serve`
# processes that keep no state of their own, and Debian's nginx in front serving web/dist and
# passing /api/ to them (deploy/nginx/ipenforce.conf).
#   scripts/cluster.sh start    → starts everything (servers with demo data) and prints the URL;
#                                 also nats-server with JetStream and the scanner workers: the
#                                 servers publish uploaded scans to it (serve --nats)
#   scripts/cluster.sh status   → what runs, and /readyz through nginx
#   scripts/cluster.sh stop     → stops the servers, nginx and PostgreSQL (and deletes its files)
# Settings: IPE_CLUSTER_PORT (nginx; default 18419, the servers take the next ports),
# IPE_CLUSTER_SERVERS (default 3), IPE_CLUSTER_DIR (default /tmp/ipe-cluster-$UID),
# IPE_PG_PORT (default 55439), IPE_PG_DIR (default $IPE_CLUSTER_DIR/pg; a PostgreSQL already running
# there is used and left running by stop), IPE_BUILD_DIR (default build), IPE_CLUSTER_DEMO (default 1),
# IPE_NATS_PORT (default 4300),
# IPE_CLUSTER_WORKERS (scanner workers, default 2; 0: no NATS, servers scan in the request).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
port=${IPE_CLUSTER_PORT:-18419}
servers=${IPE_CLUSTER_SERVERS:-3}
dir=${IPE_CLUSTER_DIR:-/tmp/ipe-cluster-$(id -u)}
pg_port=${IPE_PG_PORT:-55439}
bin=$root/${IPE_BUILD_DIR:-build}/src/bin/ipenforce
web=$root/web/dist
pg_dir=${IPE_PG_DIR:-$dir/pg}
pg() { IPE_PG_PORT=$pg_port IPE_PG_DIR=$pg_dir scripts/pg-test.sh "$@"; }
alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
nats_port=${IPE_NATS_PORT:-4300}
workers=${IPE_CLUSTER_WORKERS:-2}
nats_url=nats://127.0.0.1:$nats_port

wait_ready() {  # port, pid file, log
  for _ in $(seq 1 300); do
    if curl -fsS -o /dev/null "http://127.0.0.1:$1/readyz" 2>/dev/null; then return 0; fi
    alive "$2" || { echo "server on port $1 exited:" >&2; tail -5 "$3" >&2; return 1; }
    sleep 0.1
  done
  echo "server on port $1 not ready after 30 s" >&2; return 1
}

start() {
  [ -x "$bin" ] || { echo "build first: scripts/build.sh ($bin missing)" >&2; exit 1; }
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] ||
    { echo "nginx missing: scripts/install-deps.sh (apt nginx-light)" >&2; exit 1; }
  mkdir -p "$dir"
  local dsn
  if [ ! -f "$pg_dir/data/postmaster.pid" ]; then touch "$dir/pg-started"; fi
  dsn=$(pg start)
  local demo=()
  [ "${IPE_CLUSTER_DEMO:-1}" = 1 ] && demo=(--demo)
  local nats=()
  if [ "$workers" -gt 0 ]; then
    command -v nats-server >/dev/null || [ -x /usr/sbin/nats-server ] ||
      { echo "nats-server missing: scripts/install-deps.sh (apt nats-server)" >&2; exit 1; }
    if ! alive "$dir/nats.pid"; then
      mkdir -p "$dir/nats"
      nohup "$(command -v nats-server || echo /usr/sbin/nats-server)" -js -a 127.0.0.1 \
        -p "$nats_port" -sd "$dir/nats" >"$dir/nats.log" 2>&1 </dev/null &
      echo $! >"$dir/nats.pid"
      for _ in $(seq 1 100); do
        (exec 3<>"/dev/tcp/127.0.0.1/$nats_port") 2>/dev/null && break
        sleep 0.1
      done
    fi
    nats=(--nats "$nats_url")
  fi
  local upstreams=""
  for i in $(seq 1 "$servers"); do
    local p=$((port + i)) pidf=$dir/server-$i.pid log=$dir/server-$i.log
    upstreams+="server 127.0.0.1:$p max_fails=1 fail_timeout=2s; "
    if alive "$pidf"; then continue; fi
    # One at a time: the first migrates the store and loads the demo data, the others find both.
    # Each server keeps its own index snapshot: a restart loads it and catches up from the feed.
    nohup "$bin" serve --db "$dsn" --listen "127.0.0.1:$p" --web "$web" --trusted-proxy 127.0.0.1 \
      --no-access-log --index-snapshot "$dir/server-$i.index" "${demo[@]}" "${nats[@]}" \
      >"$log" 2>&1 </dev/null &
    echo $! >"$pidf"
    wait_ready "$p" "$pidf" "$log"
  done
  # Scanner workers (docs/scale-out.md "Scanner workers"): one durable consumer shared by all.
  for i in $(seq 1 "$workers"); do
    local pidf=$dir/worker-$i.pid
    if alive "$pidf"; then continue; fi
    nohup "$bin" scan-worker --db "$dsn" --nats "$nats_url" --name "worker-$i" \
      >"$dir/worker-$i.log" 2>&1 </dev/null &
    echo $! >"$pidf"
  done
  if ! alive "$dir/nginx.pid"; then
    mkdir -p "$dir/nginx"
    sed -e "s|@RUN@|$dir/nginx|g" -e "s|@LISTEN@|127.0.0.1:$port|g" -e "s|@WEB@|$web|g" \
      -e "s|@UPSTREAMS@|$upstreams|g" deploy/nginx/ipenforce.conf >"$dir/nginx.conf"
    # As root nginx's workers run as nobody: they need its temp directories.
    if [ "$(id -u)" = 0 ]; then
      for t in client_body proxy fastcgi uwsgi scgi; do mkdir -p "$dir/nginx/$t"; done
      chown -R nobody "$dir/nginx"
    fi
    /usr/sbin/nginx -e "$dir/nginx/nginx-error.log" -c "$dir/nginx.conf" -p "$dir/nginx"
    for _ in $(seq 1 50); do [ -s "$dir/nginx/nginx.pid" ] && break; sleep 0.1; done
    cp "$dir/nginx/nginx.pid" "$dir/nginx.pid"
  fi
  curl -fsS -o /dev/null "http://127.0.0.1:$port/readyz"
  echo "http://127.0.0.1:$port"
}

status() {
  local code=0
  for i in $(seq 1 "$servers"); do
    if alive "$dir/server-$i.pid"; then echo "server $i: running on 127.0.0.1:$((port + i))"
    else echo "server $i: stopped"; code=1; fi
  done
  for i in $(seq 1 "$workers"); do
    if alive "$dir/worker-$i.pid"; then echo "scan-worker $i: running"
    else echo "scan-worker $i: stopped"; code=1; fi
  done
  if [ "$workers" -gt 0 ]; then
    if alive "$dir/nats.pid"; then echo "nats-server: running on $nats_url"; else echo "nats-server: stopped"; code=1; fi
  fi
  if alive "$dir/nginx.pid"; then echo "nginx: running on 127.0.0.1:$port"; else echo "nginx: stopped"; code=1; fi
  if curl -fsS -o /dev/null "http://127.0.0.1:$port/readyz" 2>/dev/null; then echo "readyz: ok"
  else echo "readyz: failing"; code=1; fi
  return $code
}

stop_pid() {  # pid file: SIGTERM, then wait up to 10 s for it to go
  alive "$1" || return 0
  local pid
  pid=$(cat "$1")
  kill -TERM "$pid"
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
}

stop() {
  if alive "$dir/nginx.pid"; then
    kill -QUIT "$(cat "$dir/nginx.pid")"
  fi
  # Servers first (no new uploads), then the workers, then the broker they read from.
  for pidf in "$dir"/server-*.pid "$dir"/worker-*.pid "$dir/nats.pid"; do stop_pid "$pidf"; done
  if [ -f "$dir/pg-started" ]; then pg stop; fi
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  status) status ;;
  stop) stop ;;
  *) echo "usage: $0 start|status|stop" >&2; exit 2 ;;
esac
