#!/usr/bin/env bash
# Shows a signed transfer event arriving at the example receiver, from a local server with the
# demo data: the admin subscribes the Shanghai police's account (sh_police) to transfer events,
# the Shanghai market regulator's officer sends the approved demo transfer to the police, and
# receiver.py verifies the signature and prints the CloudEvent.
#
#   examples/webhook-receiver/demo.sh            # after scripts/build.sh
#   IPE_BIN=path/to/ipenforce examples/webhook-receiver/demo.sh
#
# Needs curl and python3. Everything runs on 127.0.0.1 in a temporary directory, removed at exit.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${IPE_BIN:-$root/build/src/bin/ipenforce}
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# 1. A server with the demo data; retries every 2 s so the demo never waits long.
"$bin" serve --db "sqlite://$work/demo.db" --listen 127.0.0.1:0 --demo --no-access-log \
  --web "$work/no-ui" --webhook-retry 2,2,2 --webhook-poll-ms 300 2>"$work/server.log" &
pids+=($!)
for _ in $(seq 1 300); do
  port=$(sed -n 's/.*服务已启动 http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/server.log")
  [ -n "$port" ] && break
  sleep 0.2
done
[ -n "${port:-}" ] || { cat "$work/server.log"; exit 1; }
api="http://127.0.0.1:$port/api/v1"
echo "server: $api"

# Logs in; prints the CSRF token, keeps the session cookie in $work/<login>.jar.
login() {
  curl -sf -c "$work/$1.jar" -H 'Content-Type: application/json' \
    -d "{\"login\":\"$1\",\"password\":\"$2\"}" "$api/session" | json 'd["csrf_token"]'
}
call() {  # call LOGIN CSRF METHOD PATH [BODY]
  curl -sf -b "$work/$1.jar" -H "X-CSRF-Token: $2" -H 'Content-Type: application/json' \
    -X "$3" "$api$4" ${5:+-d "$5"}
}

# 2. The admin subscribes the Shanghai police's account; the secret is shown once.
admin_csrf=$(login admin 'Admin@12345')
read -r police_id police_agency < <(call admin "$admin_csrf" GET '/users?q=sh_police&page_size=50' |
  json '" ".join(str(v) for u in d["items"] if u["login"]=="sh_police" for v in (u["id"], u["agency"]["id"]))')
receiver_port=$(free_port)
subscription=$(call admin "$admin_csrf" POST /event-subscriptions \
  "{\"user_id\":$police_id,\"name\":\"上海市公安局 执法办案系统\",\"types\":[\"transfer.sent\",\"transfer.received\",\"transfer.decided\"],\"url\":\"http://127.0.0.1:$receiver_port/ipenforce\"}")
secret=$(echo "$subscription" | json 'd["secret"]')
echo "subscribed: $(echo "$subscription" | json 'd["name"]') → http://127.0.0.1:$receiver_port/ipenforce"

# 3. The example receiver, with the secret.
python3 "$here/receiver.py" --port "$receiver_port" --secret "$secret" --log "$work/received.jsonl" &
pids+=($!)
sleep 0.5

# 4. The officer sends the approved demo transfer to the police.
officer_csrf=$(login sh_officer 'Demo@12345')
transfer=$(call sh_officer "$officer_csrf" GET '/transfers?page_size=200' |
  json '[t["id"] for t in d["items"] if t["status"]=="approved"][0]')
call sh_officer "$officer_csrf" POST "/transfers/$transfer/actions" \
  "{\"action\":\"send\",\"police_agency_id\":$police_agency,\"documents\":{\"transfer_letter\":true,\"investigation_report\":true,\"items_list\":true}}" >/dev/null
echo "sent transfer $transfer to the police; waiting for the webhook …"

# 5. The receiver prints the verified event (stdout above); its log says it was accepted.
for _ in $(seq 1 50); do
  if grep -q '"accepted"' "$work/received.jsonl" 2>/dev/null; then
    echo "received and verified: $(cat "$work/received.jsonl")"
    exit 0
  fi
  sleep 0.2
done
echo "no event arrived" >&2
cat "$work/server.log" >&2
exit 1
