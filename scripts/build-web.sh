#!/usr/bin/env bash
# Builds the web UI into web/dist/ (served by `ipenforce serve --web web/dist`).
#   1. npm ci in web/ when package-lock.json changed since the last install (npm install if no lock);
#   2. the China map is copied out of echarts@4.9.0 (web/scripts/extract-china-map.mjs); the API types are
#      generated from the contract docs/openapi/v1.json (web/scripts/gen-api.mjs) and the API modules are
#      type-checked against them (tsc -p tsconfig.api.json: a call the contract lacks fails the build,
#      docs/api.md "The UI's client"); vite builds;
#      the API viewer (web/api-docs/ and swagger-ui-dist) is copied to dist/api-docs/.
# Idempotent and quick: step 2 is skipped when no input (src/, index.html, vite config, lock file,
# scripts, the contract) changed since the last successful build. IPE_WEB_FORCE=1 rebuilds anyway.
set -euo pipefail
cd "$(dirname "$0")/../web"

log() { printf '\033[1m[web]\033[0m %s\n' "$*" >&2; }
start=$(date +%s)

# --- 1. dependencies (same marker as scripts/install-deps.sh) ---------------------------------
if [ -f package-lock.json ]; then
  want=$(sha256sum package-lock.json | cut -d' ' -f1)
  marker=node_modules/.ipe-lock-hash
  if [ -f "$marker" ] && [ "$(cat "$marker")" = "$want" ]; then
    log "npm: up to date"
  else
    log "npm: ci"
    npm ci --no-audit --no-fund --loglevel=error
    echo "$want" > "$marker"
  fi
else
  log "npm: no package-lock.json, npm install"
  npm install --no-audit --no-fund --loglevel=error
fi

# --- 2. build, unless nothing changed ------------------------------------------------------------
inputs_hash() {
  find src index.html vite.config.js tsconfig.api.json package.json package-lock.json scripts api-docs \
    ../docs/openapi/v1.json -type f \
    ! -path 'src/generated/*' -print0 2>/dev/null | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1
}
stamp=node_modules/.ipe-build-hash
now=$(inputs_hash)
if [ -z "${IPE_WEB_FORCE:-}" ] && [ -f dist/index.html ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$now" ]; then
  log "dist/ up to date ($(du -sh dist | cut -f1)), build skipped"
  exit 0
fi
rm -f "$stamp"
node scripts/extract-china-map.mjs
node scripts/gen-api.mjs
npx --no-install tsc -p tsconfig.api.json
npx --no-install vite build --logLevel warn
node scripts/copy-api-docs.mjs  # the API viewer at /api/docs (docs/api.md "Contract")
echo "$now" > "$stamp"
js=$(cat dist/assets/*.js | wc -c)
css=$(cat dist/assets/*.css | wc -c)
gz=$(cat dist/assets/*.js | gzip -9 | wc -c)
log "built dist/ in $(( $(date +%s) - start ))s: $(du -sh dist | cut -f1) on disk, JS $((js / 1024)) KiB ($((gz / 1024)) KiB gzip), CSS $((css / 1024)) KiB"
