#!/usr/bin/env bash
# At a release: makes the served contract the "previous release" contract that
# ContractTest.NoUnmarkedBreakingChangeSinceThePreviousRelease compares against (docs/api.md
# "Versioning"), with one example per described JSON GET taken from the server's own answers on
# the demo data (docs/api.md "Examples from the demo data"; `ipenforce openapi --examples` runs on
# a throwaway in-memory store, never on a configured database).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --build build --target contract_test ipenforce -j2 >/dev/null
# The contract test writes the document the server serves: the two must agree but for examples.
IPE_CONTRACT_CHECK=0 build/tests/http/contract_test --gtest_filter='ContractTest.IsAnOpenApi31*' >/dev/null
mkdir -p docs/openapi
build/src/bin/ipenforce openapi --examples --out docs/openapi/v1.json 2>build/contract/examples.log
python3 - build/contract/openapi.json docs/openapi/v1.json <<'PY'
import json, sys
def strip(v):
    if isinstance(v, dict):
        return {k: strip(x) for k, x in v.items() if k != "example" and k != "x-examples"}
    if isinstance(v, list):
        return [strip(x) for x in v]
    return v
served, snapshot = (json.load(open(p)) for p in sys.argv[1:3])
if strip(served) != strip(snapshot):
    sys.exit("openapi-snapshot: `ipenforce openapi` differs from the served contract")
PY
echo "docs/openapi/v1.json: $(grep -c '"operationId"' docs/openapi/v1.json) operations, $(grep -o '[0-9]* 个示例.*' build/contract/examples.log || echo 'no examples')"
