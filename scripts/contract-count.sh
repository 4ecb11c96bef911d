#!/usr/bin/env bash
# Sums the contract counts the HTTP tests leave (tests/http/test_server.cc, one file per test
# process: "validated unchecked failed") and prints the total: how many responses were checked
# against /api/v1/openapi.json, how many came from routes not yet described, how many failed.
dir=${1:-build/contract}
cat "$dir"/counts-*.txt 2>/dev/null | awk '
  { v += $1; u += $2; f += $3; n += 1 }
  END { printf "[contract] %d responses validated against /api/v1/openapi.json, %d from undescribed routes not checked, %d failed (%d test processes)\n", v, u, f, n }'
