#!/usr/bin/env bash
# At a release: makes the served contract the "previous release" contract that
# ContractTest.NoUnmarkedBreakingChangeSinceThePreviousRelease compares against (docs/api.md
# "Versioning"). Runs the contract test (which writes build/contract/openapi.json) and copies it.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --build build --target contract_test ipenforce -j2 >/dev/null
IPE_CONTRACT_CHECK=0 build/tests/http/contract_test --gtest_filter='ContractTest.IsAnOpenApi31*' >/dev/null
mkdir -p docs/openapi
cp build/contract/openapi.json docs/openapi/v1.json
echo "docs/openapi/v1.json: $(grep -c '"operationId"' docs/openapi/v1.json) operations"
