#!/usr/bin/env bash
# Volume benchmark for cases: generates N realistic cases (bench/volume/gen_cases.py), loads them
# through the product's import path (`ipenforce cases import` when the binary has it, else
# POST /api/v1/cases/import as an officer of each agency), then measures list/search/detail
# latency over HTTP with wrk, per store (SQLite file, then a throwaway PostgreSQL), next to the raw
# SQL time of the same queries, database size per case and the server's peak RSS. Prints figures
# only; nothing is asserted. See bench/volume/README.md.
#
#   bench/volume/run.sh [--cases N] [--stores sqlite,postgres] [--duration S] [--keep DIR]
#                       [--seed S] [--load auto|cli|http] [--connections C] [--threads T]
#
# N defaults to 1,000,000; S (wrk seconds per query) to 10. Generated data is cached in
# $IPE_BENCH_CACHE (default ${TMPDIR:-/tmp}/ipe-bench-volume), keyed by N and seed. --keep DIR keeps
# the databases, logs and result tables in DIR (and leaves the PostgreSQL cluster running; the
# command to stop it is printed). Needs build/src/bin/ipenforce (or IPE_BIN=path), wrk, curl,
# python3, sqlite3, and PostgreSQL 15 for the postgres store (scripts/pg-test.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
here=$root/bench/volume
helpers="python3 $here/helpers.py"

cases=1000000 stores=sqlite,postgres duration=10 keep="" seed=1 load=auto connections=64 threads=2
usage() { sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }
while (($#)); do
  case $1 in
    --cases) cases=$2; shift 2 ;;
    --stores) stores=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --load) load=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    -h|--help) usage 0 ;;
    *) echo "unknown option: $1" >&2; usage 2 ;;
  esac
done
[[ $cases =~ ^[0-9]+$ && $cases -ge 1 ]] || { echo "--cases must be a positive number" >&2; exit 2; }

for tool in wrk curl python3 sqlite3; do
  command -v $tool >/dev/null || { echo "$tool not found (apt-get install -y $tool)" >&2; exit 1; }
done

# ---- phases and timing -------------------------------------------------------------------------
phases=()
now() { date +%s.%N; }
phase() { phase_name=$1; phase_t0=$(now); echo; echo "== $1"; }
phase_done() {
  local t; t=$(awk -v a="$phase_t0" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }')
  echo "   ($phase_name: ${t} s)"
  phases+=("$phase_name	$t")
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# ---- work directory, binary ----------------------------------------------------------------------
if [ -n "$keep" ]; then
  mkdir -p "$keep"; work=$(cd "$keep" && pwd)
else
  work=$(mktemp -d "${TMPDIR:-/tmp}/ipe-volume.XXXXXX")
fi
server_pid="" pg_started=""
pg_port=$(free_port)
export IPE_PG_PORT=$pg_port IPE_PG_DIR="${TMPDIR:-/tmp}/ipe-volume-pg-$pg_port"
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  if [ -n "$pg_started" ] && [ -z "$keep" ]; then "$root/scripts/pg-test.sh" stop >/dev/null 2>&1 || true; fi
  if [ -z "$pg_started" ] || [ -z "$keep" ]; then rm -f "$IPE_PG_DIR.lock"; fi
  if [ -z "$keep" ]; then rm -rf "$work"; fi
}
trap cleanup EXIT

# The other engineer may rebuild the binary while this runs: wait for it, then use a private copy.
src_bin=${IPE_BIN:-$root/build/src/bin/ipenforce}
for i in $(seq 1 20); do
  [ -x "$src_bin" ] && "$src_bin" --version >/dev/null 2>&1 && break
  [ "$i" = 20 ] && { echo "no working $src_bin (build it with scripts/build.sh)" >&2; exit 1; }
  echo "waiting for $src_bin …"; sleep 30
done
bin=$work/ipenforce
cp "$src_bin" "$bin"
# The list use case next to the same statements run bare (the ratio to raw SQL): a C++ bench.
src_list_bench=${IPE_LIST_BENCH:-$root/build/bench/volume/list_bench}
list_bench=$work/list_bench
[ -x "$src_list_bench" ] || { echo "no $src_list_bench (build it with scripts/build.sh)" >&2; exit 1; }
cp "$src_list_bench" "$list_bench"
echo "ipenforce: $("$bin" --version) ($(date -r "$src_bin" '+%F %T'), $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?'))" \
  "| cases $cases | stores $stores | wrk -t$threads -c$connections -d${duration}s | $(nproc) CPUs | work $work"

# ---- data: region table and generated cases (cached) --------------------------------------------
cache=${IPE_BENCH_CACHE:-${TMPDIR:-/tmp}/ipe-bench-volume}
mkdir -p "$cache"
if [ ! -s "$cache/regions.tsv" ]; then
  phase "region table (ipenforce region children, cached)"
  {
    "$bin" region children | grep -v '^[78]'
    for p in $("$bin" region children | cut -f1 | grep -v '^[78]'); do "$bin" region children "$p"; done >"$cache/l2.tmp"
    cat "$cache/l2.tmp"
    for c in $(awk -F'\t' '$3 == "prefecture" { print $1 }' "$cache/l2.tmp"); do "$bin" region children "$c"; done
  } >"$cache/regions.tmp"
  rm -f "$cache/l2.tmp"; mv "$cache/regions.tmp" "$cache/regions.tsv"
  phase_done
fi
# keyed by N, seed and the generator's version (a changed gen_cases.py generates afresh)
data=$cache/cases-$cases-seed-$seed-$(md5sum "$here/gen_cases.py" | cut -c1-8)
if [ -s "$data/manifest.json" ]; then
  echo; echo "== data: $data (cached)"
else
  phase "generate $cases cases (gen_cases.py → $data)"
  rm -rf "$data.tmp"
  python3 "$here/gen_cases.py" --cases "$cases" --seed "$seed" --regions "$cache/regions.tsv" --out "$data.tmp"
  rm -rf "$data"; mv "$data.tmp" "$data"
  phase_done
fi
m() { $helpers manifest "$data" "$1"; }
nfiles=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["files"]))' "$data/manifest.json")
echo "   $nfiles files, $(wc -l <"$data/agencies.tsv") agencies; largest: $(m queries.agency) ($(m expected.agency) cases)"

# `ipenforce cases import FILE… --as LOGIN` registers the cases as that officer, for the officer's
# agency and region; an `--agency ID` form is used if the binary offers that instead.
cases_help=$("$bin" cases --help 2>&1 || true)
if [ "$load" = auto ]; then
  if grep -q 'cases import' <<<"$cases_help"; then load=cli; else load=http; fi
fi
cli_by=as
grep -q -- '--as LOGIN' <<<"$cases_help" || cli_by=agency
echo "   load path: $load$([ "$load" = cli ] && echo " (cases import --$cli_by)")"

# ---- HTTP helpers --------------------------------------------------------------------------------
base=""
login() {  # login password → "cookie<TAB>csrf"
  local out cookie csrf
  out=$(curl -s -i -H 'Content-Type: application/json' \
    -d "{\"login\":\"$1\",\"password\":\"$2\"}" "$base/api/v1/session" | tr -d '\r')
  cookie=$(sed -n 's/^[Ss]et-[Cc]ookie: \(ipe_session=[^;]*\).*/\1/p' <<<"$out")
  csrf=$(sed -n '/^{/,$p' <<<"$out" | $helpers json csrf_token)
  [ -n "$cookie" ] || { echo "login $1 failed: $out" >&2; return 1; }
  printf '%s\t%s\n' "$cookie" "$csrf"
}
rss() { awk '/^VmRSS/ { printf "%.0f MiB", $2 / 1024 }' "/proc/$server_pid/status"; }
hwm() { awk '/^VmHWM/ { printf "%.0f MiB", $2 / 1024 }' "/proc/$server_pid/status"; }

start_server() {  # url log
  local port; port=$(free_port)
  base=http://127.0.0.1:$port
  "$bin" serve --db "$1" --listen "127.0.0.1:$port" --web /nonexistent --no-access-log 2>>"$2" &
  server_pid=$!
  # a store whose search index is stale is rebuilt at start: allow for it
  for _ in $(seq 1 36000); do
    curl -fs "$base/readyz" >/dev/null 2>&1 && return 0
    kill -0 "$server_pid" 2>/dev/null || { echo "server exited:"; tail -20 "$2"; return 1; }
    sleep 0.1
  done
  echo "server not ready"; return 1
}
stop_server() {
  [ -n "$server_pid" ] || return 0
  kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; server_pid=""
}

# ---- loading ---------------------------------------------------------------------------------------
# Agencies of agencies.tsv that the store does not have yet (the demo ones exist).
add_agencies() {  # url
  local have added=0
  have=$("$bin" agency list --db "$1" | cut -f2)
  while IFS=$'\t' read -r name kind level region _; do
    grep -qxF "$name" <<<"$have" && continue
    "$bin" agency add --name "$name" --kind "$kind" --level "$level" --region "$region" --db "$1" >/dev/null
    added=$((added + 1))
  done <"$data/agencies.tsv"
  echo "   $added agencies added"
}
agency_id() { awk -F'\t' -v n="$1" '$2 == n { print $1; exit }' "$store_dir/agencies.list"; }

# An officer per agency (bvol_<agency id>, in the agency's region): officers register cases only
# for their own agency, and a case takes the region of the officer who registers it.
officer_password='Bench-Volume-2024'
add_officers() {  # url
  local users name region count id added=0
  users=$("$bin" user list --db "$1" | cut -f1)
  while IFS=$'\t' read -r name _ _ region _ count; do
    [ "$count" -gt 0 ] || continue
    id=$(agency_id "$name")
    grep -qxF "bvol_$id" <<<"$users" && continue
    printf '%s\n' "$officer_password" | "$bin" user add --login "bvol_$id" --role officer --agency "$id" \
      --region "$region" --name "导入$id" --password-stdin --db "$1" >/dev/null
    added=$((added + 1))
  done <"$data/agencies.tsv"
  echo "   $added officers added (bvol_<agency id>)"
}

load_cli() {  # url — one process per file, files in manifest order: round-robin over agencies, so
  # that ids interleave as after years of use (an agency's cases in one id block would make every
  # newest-first walk that skips it unrealistically long — or short)
  local t0 id rows file
  [ "$cli_by" = as ] && add_officers "$1"
  $helpers plan "$data" "$store_dir/agencies.list" http >"$store_dir/load.plan"
  t0=$(now) next_report=0 done_rows=0
  while IFS=$'\t' read -r id rows file; do
    local who=(--as "bvol_$id"); [ "$cli_by" = agency ] && who=(--agency "$id")
    if ! "$bin" cases import "$file" "${who[@]}" --db "$1" >>"$store_dir/import.log" 2>&1; then
      echo "   import failed for agency $id:"; tail -20 "$store_dir/import.log"; return 1
    fi
    done_rows=$((done_rows + rows))
    progress "$t0" "$done_rows"
  done <"$store_dir/load.plan"
  load_secs=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }')
}
next_report=0
progress() {  # t0 rows — a line per tenth of the load
  [ "$2" -ge "$next_report" ] || return 0
  next_report=$(($2 + (cases + 9) / 10))
  awk -v a="$1" -v b="$(now)" -v r="$2" -v n="$cases" \
    'BEGIN { printf "   %d/%d rows, %.0f s, %.0f rows/s\n", r, n, b - a, r / (b - a) }'
}

load_http() {  # url — POST each file as an officer of its agency
  local t0 id rows file answer code try session
  declare -A sessions=()
  add_officers "$1"
  while IFS=$'\t' read -r id _; do  # log in before the clock: a login hashes a password
    sessions[$id]=$(login "bvol_$id" "$officer_password")
  done < <($helpers plan "$data" "$store_dir/agencies.list" cli)
  $helpers plan "$data" "$store_dir/agencies.list" http >"$store_dir/load.plan"
  t0=$(now) next_report=0 done_rows=0
  while IFS=$'\t' read -r id rows file; do
    for try in 1 2; do
      session=${sessions[$id]}
      answer=$(curl -s -w '\n%{http_code}' -H "Cookie: ${session%%$'\t'*}" -H "X-CSRF-Token: ${session#*$'\t'}" \
        -H 'Content-Type: text/csv; charset=utf-8' --data-binary "@$file" "$base/api/v1/cases/import")
      code=${answer##*$'\n'}
      [ "$code" = 401 ] || break
      sessions[$id]=$(login "bvol_$id" "$officer_password")  # idle for 30 minutes: log in again
    done
    if [ "$code" != 201 ]; then
      echo "   import of $file (agency $id) answered $code:"; head -c 3000 <<<"${answer%$'\n'*}"; echo; return 1
    fi
    done_rows=$((done_rows + rows))
    progress "$t0" "$done_rows"
  done <"$store_dir/load.plan"
  load_secs=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }')
}

# ---- the ratio to raw SQL ----------------------------------------------------------------------
# bench/volume/list_bench runs app::ListCases for a query and replays the very statements the store
# ran for it, bare, on the same database (recorded through a wrapping Tx): no copy of the list SQL
# lives here to fall out of step with src/app/cases/case_store.cc.
ratio_table() {  # url user query… → markdown table on stdout
  local url=$1 user=$2; shift 2
  "$list_bench" --db "$url" --as "$user" --iterations "${IPE_LIST_ITERATIONS:-200}" "$@"
}
urldecode() { python3 -c 'import sys, urllib.parse; print(urllib.parse.unquote(sys.argv[1]))' "$1"; }

psql_q() { psql -h 127.0.0.1 -p "$pg_port" -U postgres -d ipe_test -X -q -A -t -c "$1"; }

# ---- measuring -------------------------------------------------------------------------------------
# Table rows: key | label | user | request path. Users: admin (national scope), gd_prosecutor
# (Guangdong, supervisory: every case of the province), gd_officer (own agency only).
rows_spec() {
  local q1 q2 q5 cn uscc camp pref
  q1=$($helpers urlencode "$(m queries.q1)"); q2=$($helpers urlencode "$(m queries.q2)")
  q5=$($helpers urlencode "$(m queries.q5)"); cn=$($helpers urlencode "$(m queries.case_number)")
  uscc=$(m queries.uscc); camp=$($helpers urlencode "$(m queries.campaign)"); pref=$(m queries.prefecture)
  local l="/api/v1/cases?page_size=20"
  cat <<EOF
list	list, first page	admin	$l
page500	page=500	admin	$l&page=500
status	status=open	admin	$l&status=open
category	category=trademark	admin	$l&category=trademark
campaign	campaign=$(m queries.campaign)	admin	$l&campaign=$camp
agency	agency_id=$big_agency_id (largest)	admin	$l&agency_id=$big_agency_id
province	region=440000 (province)	admin	$l&region=440000
prefecture	region=$pref (prefecture)	admin	$l&region=$pref
threshold	threshold_met=true	admin	$l&threshold_met=true
q1	q=$(m queries.q1) (1 char)	admin	$l&q=$q1
q2	q=$(m queries.q2) (2 chars)	admin	$l&q=$q2
q5	q=$(m queries.q5) (5 chars)	admin	$l&q=$q5
case_number	q=case number	admin	$l&q=$cn
uscc	q=credit code	admin	$l&q=$uscc
detail	GET /cases/{id} (random)	admin	/api/v1/cases/$last_id
prov_scope	gd_prosecutor: list	gd_prosecutor	$l
prov_scope_q1	gd_prosecutor: q=$(m queries.q1)	gd_prosecutor	$l&q=$q1
agency_scope	gd_officer: list	gd_officer	$l
agency_scope_q1	gd_officer: q=$(m queries.q1)	gd_officer	$l&q=$q1
EOF
}
expected_of() {  # key → the number of generated cases the query should find ('' = not computed)
  case $1 in
    list|page500|status) m expected.all ;;
    category|campaign|agency|province|prefecture|q1|q2|q5|case_number|uscc) m "expected.$1" ;;
    threshold) m expected.threshold_met ;;
    prov_scope) m expected.province ;;
    agency_scope) awk -F'\t' '$1 == "广东省市场监督管理局" { print $6 }' "$data/agencies.tsv" ;;
    *) echo "" ;;
  esac
}

measure() {  # dialect url
  local dialect=$1 url=$2 out=$store_dir/table.tsv lua=$store_dir/detail.lua
  declare -A sess=() queries=()
  local u; for u in admin gd_prosecutor gd_officer; do
    sess[$u]=$(login "$u" "$([ $u = admin ] && echo 'Admin@12345' || echo 'Demo@12345')")
  done
  last_id=$(curl -s -H "Cookie: ${sess[admin]%%$'\t'*}" "$base/api/v1/cases?page_size=1" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')
  cat >"$lua" <<EOF
local lo, hi = $((last_id - cases + 1 > 1 ? last_id - cases + 1 : 1)), $last_id
local threads = 0
function setup(thread) threads = threads + 1; thread:set("seed", threads) end
function init(args) math.randomseed(os.time() * 100 + (seed or 0)) end
function request() return wrk.format("GET", "/api/v1/cases/" .. math.random(lo, hi)) end
EOF
  printf 'query\ttotal\texpected\t1 req ms\tp50 ms\tp99 ms\treq/s\terrors\n' >"$out"
  local key label user path
  while IFS=$'\t' read -r key label user path; do
    local cookie=${sess[$user]%%$'\t'*} body code single total="" exact
    body=$(curl -s -w '\n%{http_code} %{time_total}' -H "Cookie: $cookie" "$base$path")
    read -r code single <<<"${body##*$'\n'}"
    body=${body%$'\n'*}
    single=$(awk -v s="$single" 'BEGIN { printf "%.1f", s * 1000 }')
    if [ "$code" != 200 ]; then
      total="HTTP $code"
    elif [ "$key" = detail ]; then
      total="-"
    else
      total=$($helpers json total <<<"$body"); exact=$($helpers json total_exact <<<"$body")
      [ "$exact" = false ] && total="≥$total"
    fi
    local wrk_args=(-t"$threads" -c"$connections" -d"${duration}s" --timeout 60s --latency -H "Cookie: $cookie")
    if [ "$key" = detail ]; then
      wrk "${wrk_args[@]}" -s "$lua" "$base/" >"$store_dir/wrk-$key.txt" 2>&1 || true
    else
      wrk "${wrk_args[@]}" "$base$path" >"$store_dir/wrk-$key.txt" 2>&1 || true
    fi
    local p50 p99 rps errors
    read -r p50 p99 rps errors <<<"$($helpers wrk "$store_dir/wrk-$key.txt")"
    if [ "$key" != detail ]; then
      queries[$user]+="$(urldecode "${path#*\?}")"$'\n'
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$total" "$(expected_of "$key")" \
      "$single" "$p50" "$p99" "$rps" "$errors" >>"$out"
    echo "   $label: total $total, p50 $p50 ms, p99 $p99 ms, $rps req/s"
  done < <(rows_spec)
  : >"$store_dir/ratio.md"
  for u in admin gd_prosecutor gd_officer; do
    [ -n "${queries[$u]:-}" ] || continue
    local qs; mapfile -t qs < <(printf '%s' "${queries[$u]}")
    ratio_table "$url" "$u" "${qs[@]}" >>"$store_dir/ratio.md" || echo "   list_bench failed for $u" >&2
    echo >>"$store_dir/ratio.md"
  done
}

sizes() {  # dialect
  local n; n=$(m cases)
  if [ "$1" = sqlite ]; then
    local db wal
    db=$(stat -c %s "$sqlite_file"); wal=$(stat -c %s "$sqlite_file-wal" 2>/dev/null || echo 0)
    awk -v d="$db" -v w="$wal" -v n="$n" 'BEGIN { printf "   SQLite file %.1f MiB (+ WAL %.1f MiB): %.0f bytes per case\n", d/1048576, w/1048576, (d + w) / n }'
    # per table with its indexes (dbstat: needs SQLITE_ENABLE_DBSTAT_VTAB, as Debian's sqlite3 has)
    sqlite3 -readonly "$sqlite_file" "SELECT m.tbl_name, sum(d.pgsize) FROM dbstat d
        JOIN sqlite_schema m ON m.name = d.name GROUP BY m.tbl_name HAVING sum(d.pgsize) > 100000
        ORDER BY 2 DESC" 2>/dev/null |
      awk -F'|' -v n="$n" '{ printf "     %-28s %8.1f MiB %6.0f B/case\n", $1, $2/1048576, $2/n }' || true
  else
    # per table with its indexes and TOAST
    psql_q "SELECT 'database (pg_database_size)', pg_database_size(current_database())
            UNION ALL (SELECT relname, pg_total_relation_size(oid) FROM pg_class
            WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace
              AND pg_total_relation_size(oid) > 100000 ORDER BY 2 DESC)" |
      awk -F'|' -v n="$n" '{ printf "     %-28s %8.1f MiB %6.0f B/case\n", $1, $2/1048576, $2/n }'
  fi
}

# ---- per store -------------------------------------------------------------------------------------
summary=()
run_store() {
  local store=$1 url dialect
  store_dir=$work/$store; mkdir -p "$store_dir"; 
  echo; echo "################ $store ################"
  case $store in
    sqlite) dialect=sqlite; sqlite_file=$store_dir/ipe.db; rm -f "$sqlite_file"*; url="sqlite://$sqlite_file" ;;
    postgres|postgresql)
      dialect=postgres
      phase "$store: start PostgreSQL (scripts/pg-test.sh, port $pg_port)"
      url=$("$root/scripts/pg-test.sh" start); pg_started=1
      phase_done ;;
    *) echo "unknown store $store"; return 1 ;;
  esac

  phase "$store: schema, demo data, agencies"
  "$bin" demo --db "$url" | sed 's/^/   /'
  add_agencies "$url"
  "$bin" agency list --db "$url" >"$store_dir/agencies.list"
  big_agency_id=$(agency_id "$(m queries.agency)")
  gd_agency_id=$(agency_id 广东省市场监督管理局)
  phase_done

  if [ "$load" = cli ]; then
    phase "$store: load $cases cases (ipenforce cases import, one process per file, agencies interleaved)"
    load_cli "$url"
    phase_done
    phase "$store: server start (ready)"
    start_server "$url" "$store_dir/server.log"
    echo "   server RSS after start: $(rss)"
    phase_done
  else
    phase "$store: server start (ready)"
    start_server "$url" "$store_dir/server.log"
    echo "   server RSS after start: $(rss)"
    phase_done
    phase "$store: load $cases cases (POST /api/v1/cases/import, ≤5000 rows per request)"
    load_http "$url"
    echo "   server RSS after load: $(rss) (peak $(hwm))"
    phase_done
  fi
  local load_s=$load_secs rate
  rate=$(awk -v n="$cases" -v s="$load_s" 'BEGIN { printf "%.0f", n / s }')
  echo "   load: $cases cases in $load_s s = $rate cases/s (imports only)"

  phase "$store: sizes"
  sizes "$dialect"
  phase_done

  phase "$store: queries (wrk ${duration}s each)"
  measure "$dialect" "$url"
  echo "   server RSS after queries: $(rss) (peak VmHWM $(hwm))"
  phase_done
  summary+=("$store|$load_s|$rate|$(hwm)")
  stop_server
  echo; echo "$store, $cases generated cases (+ demo cases; ≥ N: the count stopped at its cap):"
  $helpers table "$store_dir/table.tsv"
  echo; echo "$store: the list use case (app::ListCases) next to the same statements run bare:"
  cat "$store_dir/ratio.md"
  if [ "$dialect" = postgres ] && [ -z "$keep" ]; then "$root/scripts/pg-test.sh" stop; pg_started=""; fi
}

IFS=, read -r -a store_list <<<"$stores"
for s in "${store_list[@]}"; do run_store "$s"; done

echo; echo "================ summary ================"
for s in "${summary[@]}"; do
  IFS='|' read -r name secs rate peak <<<"$s"
  echo "$name: load $secs s ($rate cases/s via $load), server peak RSS $peak"
done
for s in "${store_list[@]}"; do
  echo; echo "$s:"; $helpers table "$work/$s/table.tsv"; cat "$work/$s/ratio.md"
done
echo; echo "phases:"
printf '%s\n' "${phases[@]}" | awk -F'\t' '{ printf "  %-70s %8s s\n", $1, $2 }'
if [ -n "$keep" ]; then
  echo; echo "kept in $work (tables: */table.tsv, */ratio.md, wrk output: */wrk-*.txt)"
  [ -n "$pg_started" ] && echo "PostgreSQL still running: IPE_PG_PORT=$pg_port IPE_PG_DIR=$IPE_PG_DIR scripts/pg-test.sh stop"
fi
