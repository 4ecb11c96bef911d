#!/usr/bin/env bash
# Volume benchmark for cases, leads and monitoring hits: generates N realistic cases
# (bench/volume/gen_cases.py), leads (gen_leads.py) and marketplace listings (gen_hits.py), loads
# them through the product's own paths (`ipenforce cases import` when the binary has it, else
# POST /api/v1/cases/import; POST /api/v1/leads/import; POST /api/v1/monitoring/scans, each as an
# officer of the agency), then measures list/search/detail latency over HTTP with wrk, per store
# (SQLite file, then a throwaway PostgreSQL), next to the raw SQL time of the case queries, database
# size and the server's peak RSS. Prints figures only; nothing is asserted. See bench/volume/README.md.
#
#   bench/volume/run.sh [--cases N] [--leads N] [--hits N] [--only cases,leads,hits]
#                       [--stores sqlite,postgres] [--duration S] [--keep DIR]
#                       [--seed S] [--load auto|cli|http] [--connections C] [--threads T]
#                       [--reuse]
#
# N defaults to 1,000,000 each; S (wrk seconds per query) to 10. Generated data is cached in
# $IPE_BENCH_CACHE (default ${TMPDIR:-/tmp}/ipe-bench-volume), keyed by N and seed. --keep DIR keeps
# the databases, logs and result tables in DIR (and leaves the PostgreSQL cluster running; the
# command to stop it is printed). --reuse with --keep DIR measures the SQLite store a previous
# --keep DIR run loaded (same options) instead of loading again. Needs build/src/bin/ipenforce (or
# IPE_BIN=path), wrk, curl, python3, sqlite3, and PostgreSQL 15 for the postgres store
# (scripts/pg-test.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
here=$root/bench/volume
helpers="python3 $here/helpers.py"

reuse="" cases=1000000 leads=1000000 hits=1000000 only=cases,leads,hits stores=sqlite,postgres duration=10 keep="" seed=1 load=auto connections=64 threads=2
usage() { sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }
while (($#)); do
  case $1 in
    --cases) cases=$2; shift 2 ;;
    --leads) leads=$2; shift 2 ;;
    --hits) hits=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    --stores) stores=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --load) load=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --reuse) reuse=1; shift ;;
    -h|--help) usage 0 ;;
    *) echo "unknown option: $1" >&2; usage 2 ;;
  esac
done
for n in "$cases" "$leads" "$hits"; do
  [[ $n =~ ^[0-9]+$ && $n -ge 1 ]] || { echo "--cases, --leads and --hits must be positive numbers" >&2; exit 2; }
done
want() { [[ ",$only," == *",$1,"* ]]; }  # want cases|leads|hits: selected by --only
for part in ${only//,/ }; do
  [[ $part =~ ^(cases|leads|hits)$ ]] || { echo "--only takes cases, leads, hits (comma-separated)" >&2; exit 2; }
done

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
if want cases; then  # only the case list has a raw-SQL twin
  [ -x "$src_list_bench" ] || { echo "no $src_list_bench (build it with scripts/build.sh)" >&2; exit 1; }
  cp "$src_list_bench" "$list_bench"
fi
sel=""
want cases && sel+=" | cases $cases"
want leads && sel+=" | leads $leads"
want hits && sel+=" | hits $hits"
echo "ipenforce: $("$bin" --version) ($(date -r "$src_bin" '+%F %T'), $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?'))" \
  "$sel | stores $stores | wrk -t$threads -c$connections -d${duration}s | $(nproc) CPUs | work $work"

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
# keyed by kind, N, seed and the generators' versions (a changed generator generates afresh)
generate() {  # kind N script → the data directory in gen_dir
  local kind=$1 n=$2 script=$3 dir
  # gen_leads.py and gen_hits.py import gen_cases.py, gen_hits.py gen_leads.py too
  dir=$cache/$kind-$n-seed-$seed-$(cat "$here/$script" "$here/gen_cases.py" "$here/gen_leads.py" | md5sum | cut -c1-8)
  [ "$kind" = cases ] && dir=$cache/cases-$n-seed-$seed-$(md5sum "$here/gen_cases.py" | cut -c1-8)
  if [ -s "$dir/manifest.json" ]; then
    echo; echo "== data: $dir (cached)"
  else
    phase "generate $n $kind ($script → $dir)"
    rm -rf "$dir.tmp"
    python3 "$here/$script" "--$kind" "$n" --seed "$seed" --regions "$cache/regions.tsv" --out "$dir.tmp"
    rm -rf "$dir"; mv "$dir.tmp" "$dir"
    phase_done
  fi
  gen_dir=$dir
}
data="" ldata="" hdata="" agencies_tsv=""
if want cases; then
  generate cases "$cases" gen_cases.py; data=$gen_dir agencies_tsv=$data/agencies.tsv
fi
if want leads; then
  generate leads "$leads" gen_leads.py; ldata=$gen_dir agencies_tsv=${agencies_tsv:-$ldata/agencies.tsv}
fi
if want hits; then
  generate hits "$hits" gen_hits.py; hdata=$gen_dir agencies_tsv=${agencies_tsv:-$hdata/agencies.tsv}
fi
m() { $helpers manifest "$data" "$1"; }
ml() { $helpers manifest "$ldata" "$1"; }
mh() { $helpers manifest "$hdata" "$1"; }
nfiles_of() { python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["files"]))' "$1/manifest.json"; }
want cases && echo "   cases: $(nfiles_of "$data") files, $(wc -l <"$data/agencies.tsv") agencies; largest: $(m queries.agency) ($(m expected.agency) cases)"
want leads && echo "   leads: $(nfiles_of "$ldata") files, $(ml rings) correlation rings ($(ml expected.in_rings) leads in them), $(ml expected.unassigned) unassigned; largest: $(ml queries.agency) ($(ml expected.agency) leads)"
want hits && echo "   hits: $(nfiles_of "$hdata") scan files, $(mh listings) listings for $(mh expected.all) hits; largest: $(mh queries.agency) ($(mh expected.agency) hits)"
# Officers per agency: the agencies are the same in every data set; an officer is needed for any
# agency with cases, leads or hits.
officer_counts() {
  local d
  for d in $data $ldata $hdata; do cat "$d/agencies.tsv"; done |
    awk -F'\t' -v OFS='\t' '{ n[$1] += $6; if (!($1 in row)) { row[$1] = $1 OFS $2 OFS $3 OFS $4 OFS $5; order[++k] = $1 } }
      END { for (i = 1; i <= k; i++) print row[order[i]], n[order[i]] }'
}

# `ipenforce cases import FILE… --as LOGIN` registers the cases as that officer, for the officer's
# agency and region; an `--agency ID` form is used if the binary offers that instead.
cases_help=$("$bin" cases --help 2>&1 || true)
if [ "$load" = auto ]; then
  if grep -q 'cases import' <<<"$cases_help"; then load=cli; else load=http; fi
fi
cli_by=as
grep -q -- '--as LOGIN' <<<"$cases_help" || cli_by=agency
want cases && echo "   case load path: $load$([ "$load" = cli ] && echo " (cases import --$cli_by)")"

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

start_server() {  # url log [serve options…]
  local port url=$1 log=$2; shift 2; port=$(free_port)
  base=http://127.0.0.1:$port
  "$bin" serve --db "$url" --listen "127.0.0.1:$port" --web /nonexistent --no-access-log "$@" 2>>"$log" &
  server_pid=$!
  # a store whose search index is stale is rebuilt at start: allow for it
  for _ in $(seq 1 36000); do
    curl -fs "$base/readyz" >/dev/null 2>&1 && return 0
    kill -0 "$server_pid" 2>/dev/null || { echo "server exited:"; tail -20 "$log"; return 1; }
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
  done <"$agencies_tsv"
  echo "   $added agencies added"
}
agency_id() { awk -F'\t' -v n="$1" '$2 == n { print $1; exit }' "$store_dir/agencies.list"; }

# An officer per agency (bvol_<agency id>, in the agency's region): officers register cases only
# for their own agency, and a case takes the region of the officer who registers it.
officer_password='Bench-Volume-2024'
add_officers() {  # url
  local users name region count id added=0
  users=$("$bin" user list --db "$1" | cut -f1,2 | tr "\t" "\n")  # id, login
  while IFS=$'\t' read -r name _ _ region _ count; do
    [ "$count" -gt 0 ] || continue
    id=$(agency_id "$name")
    grep -qxF "bvol_$id" <<<"$users" && continue
    printf '%s\n' "$officer_password" | "$bin" user add --login "bvol_$id" --role officer --agency "$id" \
      --region "$region" --name "导入$id" --password-stdin --db "$1" >/dev/null
    added=$((added + 1))
  done < <(officer_counts)
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
next_report=0 progress_total=$cases
progress() {  # t0 rows — a line per tenth of the load (of progress_total rows)
  [ "$2" -ge "$next_report" ] || return 0
  next_report=$(($2 + (progress_total + 9) / 10))
  awk -v a="$1" -v b="$(now)" -v r="$2" -v n="$progress_total" \
    'BEGIN { printf "   %d/%d rows, %.0f s, %.0f rows/s\n", r, n, b - a, r / (b - a) }'
}

declare -A sessions=()  # agency id → officer session, per store (sessions_store)
# POST each file of a data set's manifest as the officer of its agency (session cookie and
# X-CSRF-Token; logged in again after the 30-minute idle timeout), in manifest order.
post_files() {  # url data_dir endpoint content-type expected-code [save-dir: one answer per file]
  local url=$1 dir=$2 endpoint=$3 ctype=$4 ok=$5 save=${6:-} t0 id rows file answer code try session path
  [ "${sessions_store:-}" = "$store_dir" ] || { sessions=(); sessions_store=$store_dir; add_officers "$url"; }
  while IFS=$'\t' read -r id _; do  # log in before the clock: a login hashes a password
    [ -n "${sessions[$id]:-}" ] || sessions[$id]=$(login "bvol_$id" "$officer_password")
  done < <($helpers plan "$dir" "$store_dir/agencies.list" cli)
  $helpers plan "$dir" "$store_dir/agencies.list" http >"$store_dir/load.plan"
  [ -z "$save" ] || { rm -rf "$save"; mkdir -p "$save"; }
  t0=$(now) next_report=0 done_rows=0
  while IFS=$'\t' read -r id rows file; do
    path=$endpoint
    [[ $endpoint == *'{file}'* ]] && path=${endpoint//\{file\}/$(basename "$file")}
    for try in 1 2; do
      session=${sessions[$id]}
      answer=$(curl -s -w '\n%{http_code}' -H "Cookie: ${session%%$'\t'*}" -H "X-CSRF-Token: ${session#*$'\t'}" \
        -H "Content-Type: $ctype" --data-binary "@$file" "$base$path")
      code=${answer##*$'\n'}
      [ "$code" = 401 ] || break
      sessions[$id]=$(login "bvol_$id" "$officer_password")  # idle for 30 minutes: log in again
    done
    if [ "$code" != "$ok" ]; then
      echo "   POST $path of $file (agency $id) answered $code:"; head -c 3000 <<<"${answer%$'\n'*}"; echo; return 1
    fi
    [ -z "$save" ] || printf '%s\n' "${answer%$'\n'*}" >"$save/$(basename "$file").json"
    done_rows=$((done_rows + rows))
    progress "$t0" "$done_rows"
  done <"$store_dir/load.plan"
  load_secs=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }')
}

load_http() {  # url — POST each case file as an officer of its agency
  progress_total=$cases
  post_files "$1" "$data" /api/v1/cases/import 'text/csv; charset=utf-8' 201
}

# Leads: POST /api/v1/leads/import (CSV, ≤ 5000 rows, all or nothing) per file; the answers' lead
# ids are kept to find the generated ring members' ids (leads that do have links).
load_leads() {  # url
  progress_total=$leads
  post_files "$1" "$ldata" /api/v1/leads/import 'text/csv; charset=utf-8' 200 "$store_dir/leads-answers"
}

# Hits: the brand registry additions (POST /api/v1/monitoring/brands/import as admin), then one
# POST /api/v1/monitoring/scans per file (JSONL, ≤ 20,000 listings) by the agency's officer.
load_hits() {  # url
  local s answer
  s=$(login admin 'Admin@12345')
  answer=$(curl -s -w '\n%{http_code}' -H "Cookie: ${s%%$'\t'*}" -H "X-CSRF-Token: ${s#*$'\t'}" \
    -H 'Content-Type: text/csv; charset=utf-8' --data-binary "@$hdata/brands.csv" "$base/api/v1/monitoring/brands/import")
  [ "${answer##*$'\n'}" = 200 ] || { echo "   brand import answered: $answer"; return 1; }
  echo "   brands: ${answer%$'\n'*}"
  progress_total=$hits
  post_files "$1" "$hdata" '/api/v1/monitoring/scans?source={file}' 'application/x-ndjson' 201 "$store_dir/scan-answers"
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

# Lua scripts for wrk: a random id per request from a range, or from a list.
lua_range() {  # file path-prefix lo hi
  cat >"$1" <<EOF
local lo, hi = $3, $4
local threads = 0
function setup(thread) threads = threads + 1; thread:set("seed", threads) end
function init(args) math.randomseed(os.time() * 100 + (seed or 0)) end
function request() return wrk.format("GET", "$2" .. math.random(lo, hi)) end
EOF
}
lua_list() {  # file path-prefix id…
  local f=$1 prefix=$2; shift 2
  {
    echo "local ids = {$(IFS=,; echo "$*")}"
    echo 'local threads = 0'
    echo 'function setup(thread) threads = threads + 1; thread:set("seed", threads) end'
    echo 'function init(args) math.randomseed(os.time() * 100 + (seed or 0)) end'
    echo "function request() return wrk.format(\"GET\", \"$prefix\" .. ids[math.random(1, #ids)]) end"
  } >"$f"
}

declare -A sess=()
login_users() {
  local u; for u in admin gd_prosecutor gd_officer; do
    sess[$u]=$(login "$u" "$([ $u = admin ] && echo 'Admin@12345' || echo 'Demo@12345')")
  done
}

# One table: per row one request for its total and single time, then wrk. Rows come from ROWS_FN
# as key | label | user | path; a row whose key has a Lua script in lua_of runs wrk with it (a
# random id per request), its path being one example for the single request. EXPECTED_FN key →
# the generated count. With a ratio file, the list queries are timed by list_bench afterwards.
declare -A lua_of=()
# Requests wrk left queued (a slow row ends with 64 in flight) would delay the next row's single
# request: wait until /readyz answers within 50 ms again (at most a minute).
drain() {
  local t
  for _ in $(seq 1 600); do
    t=$(curl -s -o /dev/null -w '%{time_total}' "$base/readyz" || echo 1)
    awk -v t="$t" 'BEGIN { exit !(t < 0.05) }' && return 0
    sleep 0.1
  done
}
measure_table() {  # url out-file rows-fn expected-fn [ratio-file]
  local url=$1 out=$2 rows_fn=$3 expected_fn=$4 ratio=${5:-} key label user path
  declare -A queries=()
  printf 'query\ttotal\texpected\t1 req ms\tp50 ms\tp99 ms\treq/s\terrors\n' >"$out"
  while IFS=$'\t' read -r key label user path; do
    local cookie=${sess[$user]%%$'\t'*} body code single total="" exact lua=${lua_of[$key]:-}
    drain
    body=$(curl -s -w '\n%{http_code} %{time_total}' -H "Cookie: $cookie" "$base$path")
    read -r code single <<<"${body##*$'\n'}"
    body=${body%$'\n'*}
    single=$(awk -v s="$single" 'BEGIN { printf "%.1f", s * 1000 }')
    if [ "$code" != 200 ]; then
      total="HTTP $code"
    elif [ -n "$lua" ]; then
      total="-"
    else
      total=$($helpers json total <<<"$body"); exact=$($helpers json total_exact <<<"$body")
      [ "$exact" = false ] && total="≥$total"
    fi
    local wrk_args=(-t"$threads" -c"$connections" -d"${duration}s" --timeout 60s --latency -H "Cookie: $cookie")
    local wrk_out=$store_dir/wrk-$key.txt
    [ "$out" = "$store_dir/table.tsv" ] || wrk_out=$store_dir/wrk-$(basename "$out" .tsv | sed 's/^table-//')-$key.txt
    if [ -n "$lua" ]; then
      wrk "${wrk_args[@]}" -s "$lua" "$base/" >"$wrk_out" 2>&1 || true
    else
      wrk "${wrk_args[@]}" "$base$path" >"$wrk_out" 2>&1 || true
      queries[$user]+="$(urldecode "${path#*\?}")"$'\n'
    fi
    local p50 p99 rps errors
    read -r p50 p99 rps errors <<<"$($helpers wrk "$wrk_out")"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$total" "$($expected_fn "$key")" \
      "$single" "$p50" "$p99" "$rps" "$errors" >>"$out"
    echo "   $label: total $total, p50 $p50 ms, p99 $p99 ms, $rps req/s"
  done < <($rows_fn)
  [ -n "$ratio" ] || return 0
  : >"$ratio"
  local u; for u in admin gd_prosecutor gd_officer; do
    [ -n "${queries[$u]:-}" ] || continue
    local qs; mapfile -t qs < <(printf '%s' "${queries[$u]}")
    ratio_table "$url" "$u" "${qs[@]}" >>"$ratio" || echo "   list_bench failed for $u" >&2
    echo >>"$ratio"
  done
}

measure() {  # dialect url — the case table
  local dialect=$1 url=$2
  last_id=$(curl -s -H "Cookie: ${sess[admin]%%$'\t'*}" "$base/api/v1/cases?page_size=1" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')
  lua_of=([detail]=$store_dir/detail.lua)
  lua_range "$store_dir/detail.lua" /api/v1/cases/ $((last_id - cases + 1 > 1 ? last_id - cases + 1 : 1)) "$last_id"
  measure_table "$url" "$store_dir/table.tsv" rows_spec expected_of "$store_dir/ratio.md"
}

# ---- leads -----------------------------------------------------------------------------------------
# Rows: every filter of the lead queue (web/src/views/leads/LeadList.vue: q, status, category,
# source, region, unassigned) and the API's agency_id; the detail (GET /leads/{id} answers the lead
# with its observables and links) for random ids and for ring members, a ring member's cluster
# graph, the cluster list and the office's alerts; then the Guangdong prosecutor and officer.
leads_rows() {
  local l="/api/v1/leads?page_size=20" pref q1
  pref=$(ml queries.prefecture); q1=$($helpers urlencode "$(ml queries.q1)")
  cat <<EOF
list	list, first page	admin	$l
page500	page=500	admin	$l&page=500
status	status=new	admin	$l&status=new
category	category=trademark	admin	$l&category=trademark
category_small	category=patent	admin	$l&category=patent
source	source=csv	admin	$l&source=csv
agency	agency_id=$lead_agency_id (largest)	admin	$l&agency_id=$lead_agency_id
province	region=440000 (province)	admin	$l&region=440000
prefecture	region=$pref (prefecture)	admin	$l&region=$pref
unassigned	unassigned=true	admin	$l&unassigned=true
q1	q=$(ml queries.q1) (1 char)	admin	$l&q=$q1
q2	q=$(ml queries.q2) (2 chars)	admin	$l&q=$($helpers urlencode "$(ml queries.q2)")
q5	q=$(ml queries.q5) (5 chars)	admin	$l&q=$($helpers urlencode "$(ml queries.q5)")
detail	GET /leads/{id} (random)	admin	/api/v1/leads/$lead_hi
linked	GET /leads/{id} (ring member, with links)	admin	/api/v1/leads/$lead_ring_one
cluster	GET /leads/clusters/{id} (ring member)	admin	/api/v1/leads/clusters/$lead_ring_one
clusters	clusters, cross_region=true	admin	/api/v1/leads/clusters?page_size=20&cross_region=true
alerts	alerts (open)	admin	/api/v1/leads/alerts?page_size=20&acknowledged=false
prov_scope	gd_prosecutor: list	gd_prosecutor	$l
agency_scope	gd_officer: list	gd_officer	$l
agency_scope_q1	gd_officer: q=$(ml queries.q1)	gd_officer	$l&q=$q1
EOF
}
leads_expected() {
  case $1 in
    list|page500|status|source) ml expected.all ;;
    category|category_small|agency|province|prefecture|unassigned|q1|q2|q5) ml "expected.$1" ;;
    prov_scope) ml expected.province ;;
    agency_scope) ml expected.gd_agency ;;
    *) echo "" ;;
  esac
}
measure_leads() {  # url
  local ids
  $helpers lead_ids "$ldata" "$store_dir/leads-answers" >"$store_dir/lead-ids.txt"
  read -r lead_lo lead_hi <"$store_dir/lead-ids.txt"
  mapfile -t ids < <(tail -n +2 "$store_dir/lead-ids.txt")
  lead_ring_one=${ids[0]}
  lead_agency_id=$(agency_id "$(ml queries.agency)")
  lua_of=([detail]=$store_dir/lead-detail.lua [linked]=$store_dir/lead-linked.lua [cluster]=$store_dir/lead-cluster.lua)
  lua_range "$store_dir/lead-detail.lua" /api/v1/leads/ "$lead_lo" "$lead_hi"
  lua_list "$store_dir/lead-linked.lua" /api/v1/leads/ "${ids[@]}"
  lua_list "$store_dir/lead-cluster.lua" /api/v1/leads/clusters/ "${ids[@]}"
  measure_table "$1" "$store_dir/table-leads.tsv" leads_rows leads_expected
}

# ---- monitoring hits -------------------------------------------------------------------------------
# Rows: the review queue as the UI opens it (status=pending, highest score first) and every filter
# of web/src/views/monitoring/HitsPanel.vue (q, brand, platform, score range, status); the detail
# for random ids; then the Guangdong prosecutor and officer.
hits_rows() {
  local l="/api/v1/monitoring/hits?page_size=20" p="/api/v1/monitoring/hits?page_size=20&status=pending" q1
  q1=$($helpers urlencode "$(mh queries.q1)")
  cat <<EOF
list	pending, first page (UI default)	admin	$p
all	all statuses	admin	$l
page500	pending, page=500	admin	$p&page=500
brand	brand=$(mh queries.brand)	admin	$p&brand=$(mh queries.brand)
platform	platform=$(mh queries.platform)	admin	$p&platform=$(mh queries.platform)
score_high	score_min=0.8	admin	$p&score_min=0.8
score_mid	score 0.6–0.8	admin	$p&score_min=0.6&score_max=0.8
q1	q=$(mh queries.q1) (1 char)	admin	$p&q=$q1
q2	q=$(mh queries.q2) (2 chars)	admin	$p&q=$($helpers urlencode "$(mh queries.q2)")
shop	q=a shop name	admin	$p&q=$($helpers urlencode "$(mh queries.shop)")
listing	q=a listing id	admin	$p&q=$(mh queries.listing)
detail	GET /monitoring/hits/{id} (random)	admin	/api/v1/monitoring/hits/$hit_hi
prov_scope	gd_prosecutor: pending	gd_prosecutor	$p
agency_scope	gd_officer: pending	gd_officer	$p
agency_scope_q1	gd_officer: q=$(mh queries.q1)	gd_officer	$p&q=$q1
EOF
}
hits_expected() {
  case $1 in
    list|all|page500) mh expected.all ;;
    brand|platform|q1|q2|shop|listing) mh "expected.$1" ;;
    prov_scope) mh expected.province ;;
    agency_scope) mh expected.gd_agency ;;
    *) echo "" ;;
  esac
}
measure_hits() {  # dialect url
  local range  # the ids the scans created (read-only look-up: the API lists by score, not id)
  if [ "$1" = sqlite ]; then
    range=$(sqlite3 -readonly "$sqlite_file" "SELECT min(id), max(id) FROM monitoring_hits" | tr '|' ' ')
  else
    range=$(psql_q "SELECT min(id), max(id) FROM monitoring_hits" | tr '|' ' ')
  fi
  read -r hit_lo hit_hi <<<"$range"
  lua_of=([detail]=$store_dir/hit-detail.lua)
  lua_range "$store_dir/hit-detail.lua" /api/v1/monitoring/hits/ "$hit_lo" "$hit_hi"
  measure_table "$2" "$store_dir/table-hits.tsv" hits_rows hits_expected
}

# per table: bytes per row of its own kind (case* per case, lead* per lead, monitoring* per hit)
per_kind() {
  awk -F'|' -v c="$cases" -v l="$leads" -v h="$hits" -v wc="$(want cases && echo 1)" \
    -v wl="$(want leads && echo 1)" -v wh="$(want hits && echo 1)" '{
      d = ""; k = ""
      if ($1 ~ /^case/ && wc) { d = c; k = "case" }
      else if ($1 ~ /^lead/ && wl) { d = l; k = "lead" }
      else if ($1 ~ /^monitoring/ && wh) { d = h; k = "hit" }
      if (d) printf "     %-28s %8.1f MiB %6.0f B/%s\n", $1, $2/1048576, $2/d, k
      else printf "     %-28s %8.1f MiB\n", $1, $2/1048576 }'
}
sizes() {  # dialect
  local n=0 what=""
  want cases && n=$((n + cases)) what+="+cases"
  want leads && n=$((n + leads)) what+="+leads"
  want hits && n=$((n + hits)) what+="+hits"
  if [ "$1" = sqlite ]; then
    local db wal
    db=$(stat -c %s "$sqlite_file"); wal=$(stat -c %s "$sqlite_file-wal" 2>/dev/null || echo 0)
    awk -v d="$db" -v w="$wal" -v n="$n" -v what="${what#+}" 'BEGIN { printf "   SQLite file %.1f MiB (+ WAL %.1f MiB): %.0f bytes per record (%s)\n", d/1048576, w/1048576, (d + w) / n, what }'
    # per table with its indexes (dbstat: needs SQLITE_ENABLE_DBSTAT_VTAB, as Debian's sqlite3 has)
    sqlite3 -readonly "$sqlite_file" "SELECT m.tbl_name, sum(d.pgsize) FROM dbstat d
        JOIN sqlite_schema m ON m.name = d.name GROUP BY m.tbl_name HAVING sum(d.pgsize) > 100000
        ORDER BY 2 DESC" 2>/dev/null | per_kind || true
  else
    # per table with its indexes and TOAST
    psql_q "SELECT 'database (pg_database_size)', pg_database_size(current_database())
            UNION ALL (SELECT relname, pg_total_relation_size(oid) FROM pg_class
            WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace
              AND pg_total_relation_size(oid) > 100000 ORDER BY 2 DESC)" | per_kind
  fi
}

# The yardstick of the PostgreSQL import target (≥ 0.5 × COPY): the same CSV files, in the same
# order, by COPY into a bare table of the template's columns (text, no index, no constraint) in
# the same database, one transaction per file like the import; the table is dropped afterwards.
copy_bare() {
  local t0 f cols
  cols=$(python3 -c 'import json,sys; print(", ".join(c + " text" for c in json.load(open(sys.argv[1]))["columns"]))' "$data/manifest.json")
  psql_q "SET client_min_messages = warning; DROP TABLE IF EXISTS bench_bare_cases; CREATE TABLE bench_bare_cases ($cols)"
  t0=$(now)
  while IFS=$'\t' read -r _ _ f; do
    psql -h 127.0.0.1 -p "$pg_port" -U postgres -d ipe_test -X -q \
      -c "\\copy bench_bare_cases FROM '$f' WITH (FORMAT csv, HEADER true)" || return 1
  done <"$store_dir/load.plan"
  local secs; secs=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }')
  local n; n=$(psql_q "SELECT count(*) FROM bench_bare_cases")
  psql_q "DROP TABLE bench_bare_cases"
  copy_rate=$(awk -v n="$n" -v s="$secs" 'BEGIN { printf "%.0f", n / s }')
  echo "   COPY: $n rows in $secs s = $copy_rate rows/s (one psql \\copy per file)"
}

# ---- per store -------------------------------------------------------------------------------------
# The bodies of a 5,000-row lead file (~1.5 MB) and a 20,000-listing scan (~4.5 MB) exceed the
# server's default 1 MiB body limit, which only the case import raises for its route; the loads run
# against a server started with --max-body (its maximum is 32 MiB), the queries against a restarted
# server with the defaults.
load_max_body=$((16 << 20))
summary=()
run_store() {
  local store=$1 url dialect
  store_dir=$work/$store; mkdir -p "$store_dir"
  echo; echo "################ $store ################"
  local reusing=""
  case $store in
    sqlite)
      dialect=sqlite; sqlite_file=$store_dir/ipe.db; url="sqlite://$sqlite_file"
      if [ -n "$reuse" ] && [ -n "$keep" ] && [ -s "$sqlite_file" ]; then
        reusing=1; echo "   reusing $sqlite_file (loaded by an earlier run; load phases skipped)"
      else
        rm -f "$sqlite_file"*
      fi ;;
    postgres|postgresql)
      dialect=postgres
      phase "$store: start PostgreSQL (scripts/pg-test.sh, port $pg_port)"
      url=$("$root/scripts/pg-test.sh" start); pg_started=1
      phase_done ;;
    *) echo "unknown store $store"; return 1 ;;
  esac

  if [ -n "$reusing" ]; then
    summary_load=""
    want cases && big_agency_id=$(agency_id "$(m queries.agency)")
    run_measure "$store" "$url" "$dialect" 1
    return
  fi
  phase "$store: schema, demo data, agencies"
  "$bin" demo --db "$url" | sed 's/^/   /'
  add_agencies "$url"
  "$bin" agency list --db "$url" >"$store_dir/agencies.list"
  want cases && big_agency_id=$(agency_id "$(m queries.agency)")
  gd_agency_id=$(agency_id 广东省市场监督管理局)
  phase_done

  local load_s="" rate="" lead_s="" lead_rate="" hit_s="" hit_rate="" http_loads=""
  want leads && http_loads=1
  want hits && http_loads=1
  if want cases && [ "$load" = cli ]; then
    phase "$store: load $cases cases (ipenforce cases import, one process per file, agencies interleaved)"
    load_cli "$url"
    phase_done
    load_s=$load_secs
  fi
  phase "$store: server start (ready)"
  if [ -n "$http_loads" ]; then
    start_server "$url" "$store_dir/server.log" --max-body "$load_max_body"
  else
    start_server "$url" "$store_dir/server.log"
  fi
  echo "   server RSS after start: $(rss)"
  phase_done
  if want cases && [ "$load" != cli ]; then
    phase "$store: load $cases cases (POST /api/v1/cases/import, ≤5000 rows per request)"
    load_http "$url"
    echo "   server RSS after load: $(rss) (peak $(hwm))"
    phase_done
    load_s=$load_secs
  fi
  local copy_note=""
  if want cases; then
    rate=$(awk -v n="$cases" -v s="$load_s" 'BEGIN { printf "%.0f", n / s }')
    echo "   load: $cases cases in $load_s s = $rate cases/s (imports only)"
    if [ "$dialect" = postgres ]; then
      phase "$store: the same files by COPY into a bare table (the import target's yardstick)"
      copy_bare
      phase_done
      copy_note=" = $(awk -v a="$rate" -v b="$copy_rate" 'BEGIN { printf "%.2f", a / b }') × COPY into a bare table ($copy_rate rows/s)"
      echo "   import: $rate cases/s$copy_note"
    fi
  fi
  if want leads; then
    phase "$store: load $leads leads (POST /api/v1/leads/import, ≤5000 rows per request)"
    load_leads "$url"
    lead_s=$load_secs
    lead_rate=$(awk -v n="$leads" -v s="$lead_s" 'BEGIN { printf "%.0f", n / s }')
    echo "   load: $leads leads in $lead_s s = $lead_rate leads/s (imports only; each indexed for correlation as it commits)"
    echo "   server RSS after load: $(rss) (peak $(hwm))"
    phase_done
  fi
  if want hits; then
    phase "$store: load $hits hits (POST /api/v1/monitoring/scans, ≤20000 listings per request)"
    load_hits "$url"
    hit_s=$load_secs
    local listings suspected new_hits updated_hits
    read -r listings suspected new_hits updated_hits < <($helpers scan_totals "$store_dir/scan-answers")
    hit_rate=$(awk -v n="$new_hits" -v s="$hit_s" 'BEGIN { printf "%.0f", n / s }')
    echo "   scans: $listings listings, $suspected suspected, $new_hits new hits, $updated_hits refreshed"
    echo "   load: $new_hits hits in $hit_s s = $hit_rate hits/s, $(awk -v n="$listings" -v s="$hit_s" 'BEGIN { printf "%.0f", n / s }') listings/s (scans only)"
    echo "   server RSS after load: $(rss) (peak $(hwm))"
    phase_done
  fi
  summary_load="$load_s|$rate$copy_note|$lead_s|$lead_rate|$hit_s|$hit_rate"
  run_measure "$store" "$url" "$dialect" "$http_loads"
}

# From a loaded store on: (re)start the server with the defaults, sizes, the tables.
run_measure() {  # store url dialect restart
  local store=$1 url=$2 dialect=$3 http_loads=$4
  if [ -n "$http_loads" ]; then
    # the correlation index and the scanner are built at start: time a start with the data loaded
    stop_server
    phase "$store: server restart (ready; correlation index built from the store)"
    start_server "$url" "$store_dir/server.log"
    echo "   server RSS after start: $(rss)"
    grep -a 'correlation index' "$store_dir/server.log" | tail -1 | sed 's/^/   /' || true
    phase_done
  fi

  phase "$store: sizes"
  sizes "$dialect"
  phase_done

  login_users
  if want cases; then
    phase "$store: case queries (wrk ${duration}s each)"
    measure "$dialect" "$url"
    phase_done
  fi
  if want leads; then
    phase "$store: lead queries (wrk ${duration}s each)"
    measure_leads "$url"
    phase_done
  fi
  if want hits; then
    phase "$store: hit queries (wrk ${duration}s each)"
    measure_hits "$dialect" "$url"
    phase_done
  fi
  echo "   server RSS after queries: $(rss) (peak VmHWM $(hwm))"
  IFS='|' read -r load_s rate lead_s lead_rate hit_s hit_rate <<<"${summary_load:-|||||}"
  summary+=("$store|$load_s|$rate|$(hwm)|$lead_s|$lead_rate|$hit_s|$hit_rate")
  stop_server
  print_tables "$store"
  if [ "$dialect" = postgres ] && [ -z "$keep" ]; then "$root/scripts/pg-test.sh" stop; pg_started=""; fi
}

print_tables() {  # store
  local d=$work/$1
  if want cases; then
    echo; echo "$1, $cases generated cases (+ demo cases; ≥ N: the count stopped at its cap):"
    $helpers table "$d/table.tsv"
    echo; echo "$1: the list use case (app::ListCases) next to the same statements run bare:"
    cat "$d/ratio.md"
  fi
  if want leads; then
    echo; echo "$1, $leads generated leads (+ demo leads):"
    $helpers table "$d/table-leads.tsv"
  fi
  if want hits; then
    echo; echo "$1, $hits generated hits (+ demo hits):"
    $helpers table "$d/table-hits.tsv"
  fi
}

IFS=, read -r -a store_list <<<"$stores"
for s in "${store_list[@]}"; do run_store "$s"; done

echo; echo "================ summary ================"
for s in "${summary[@]}"; do
  IFS='|' read -r name secs rate peak lsecs lrate hsecs hrate <<<"$s"
  line="$name:"
  want cases && line+=" cases load $secs s ($rate cases/s via $load),"
  want leads && line+=" leads load $lsecs s ($lrate leads/s via POST /leads/import),"
  want hits && line+=" hits load $hsecs s ($hrate hits/s via POST /monitoring/scans),"
  echo "$line server peak RSS $peak"
done
for s in "${store_list[@]}"; do
  echo; echo "$s:"; print_tables "$s"
done
echo; echo "phases:"
printf '%s\n' "${phases[@]}" | awk -F'\t' '{ printf "  %-70s %8s s\n", $1, $2 }'
if [ -n "$keep" ]; then
  echo; echo "kept in $work (tables: */table*.tsv, */ratio.md, wrk output: */wrk-*.txt)"
  if [ -n "$pg_started" ]; then
    echo "PostgreSQL still running: IPE_PG_PORT=$pg_port IPE_PG_DIR=$IPE_PG_DIR scripts/pg-test.sh stop"
  fi
fi
