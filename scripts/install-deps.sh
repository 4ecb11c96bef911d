#!/usr/bin/env bash
# Installs what the build, the tests and the web UI need on Debian 12, as root. Idempotent: a second
# run with everything present makes no network calls.
#   Debian packages: scripts/deps-apt.txt (why each: docs/dependencies.md)
#   npm packages:    data/npm (GB/T 2260 regions, holiday calendar) and web/ (the UI), from lock files
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\033[1m[deps]\033[0m %s\n' "$*" >&2; }

mapfile -t pkgs < <(grep -v '^\s*#' scripts/deps-apt.txt | sed 's/\s.*//' | grep -v '^$')
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  log "apt: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  log "apt: all ${#pkgs[@]} packages present"
fi

# Node.js: the machine image brings node 20 and npm; Debian's nodejs is the fallback.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  log "node: not found, installing Debian's nodejs and npm"
  apt-get install -y -qq nodejs npm >/dev/null
fi

# npm ci only when the lock file changed since the last install (marker holds its hash).
npm_install() {
  local dir=$1
  [ -f "$dir/package-lock.json" ] || { log "npm: $dir has no package-lock.json, skipped"; return; }
  local marker="$dir/node_modules/.ipe-lock-hash"
  local want; want=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
  if [ -f "$marker" ] && [ "$(cat "$marker")" = "$want" ]; then
    log "npm: $dir up to date"
    return
  fi
  log "npm: ci in $dir"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" > "$marker"
}
npm_install data/npm
npm_install web
