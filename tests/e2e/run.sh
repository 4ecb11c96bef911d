#!/usr/bin/env bash
# Browser tests of the web UI in Debian's Chromium (playwright-core from web/node_modules; no browser
# is ever downloaded). Needs a running server:
#   IPE_URL (e.g. http://127.0.0.1:8080), IPE_ADMIN_LOGIN, IPE_ADMIN_PASSWORD (demo: admin / Admin@12345)
# Screenshots go to tests/artifacts/. Exit code non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${IPE_URL:?set IPE_URL to the server, e.g. http://127.0.0.1:8080}"
export IPE_ADMIN_LOGIN=${IPE_ADMIN_LOGIN:-admin}
export IPE_ADMIN_PASSWORD=${IPE_ADMIN_PASSWORD:-Admin@12345}
export IPE_CHROMIUM=${IPE_CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$IPE_CHROMIUM" ]; then
  echo "[e2e] $IPE_CHROMIUM not found: install Debian's chromium (scripts/deps-apt.txt)" >&2
  exit 1
fi
if [ ! -d web/node_modules/playwright-core ]; then
  echo "[e2e] web/node_modules/playwright-core missing: run scripts/build-web.sh (npm ci in web/)" >&2
  exit 1
fi
mkdir -p tests/artifacts
start=$(date +%s)
rc=0
node --test --test-reporter=spec tests/e2e/ui.test.mjs || rc=$?
echo "[e2e] browser tests took $(( $(date +%s) - start ))s; screenshots in tests/artifacts/" >&2
exit $rc
