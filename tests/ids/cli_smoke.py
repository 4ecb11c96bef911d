#!/usr/bin/env python3
"""Exit codes and outputs of `ipenforce id|calendar|region` (docs/identifiers.md, docs/calendar.md).
Bad input must give a message on stderr, exit 2 and no partial output on stdout.

usage: cli_smoke.py IPENFORCE_BINARY
"""
import json
import subprocess
import sys

BINARY = sys.argv[1]
failures = 0


def check(args, rc, stdout=None, contains=None, stdin=None, stderr_needed=None):
    global failures
    out = subprocess.run([BINARY, *args], input=stdin, capture_output=True, text=True, check=False)
    problems = []
    if out.returncode != rc:
        problems.append(f"exit {out.returncode}, expected {rc}")
    if stdout is not None and out.stdout != stdout:
        problems.append(f"stdout {out.stdout!r}, expected {stdout!r}")
    if contains is not None and contains not in out.stdout:
        problems.append(f"stdout lacks {contains!r}: {out.stdout[:300]!r}")
    if stderr_needed is not None and (not out.stderr.strip()) != (not stderr_needed):
        problems.append(f"stderr {'empty' if stderr_needed else 'not empty'}: {out.stderr[:300]!r}")
    if rc == 2 and out.stdout:
        problems.append(f"usage error wrote to stdout: {out.stdout[:200]!r}")
    if problems:
        failures += 1
        print(f"FAIL ipenforce {' '.join(args)}: {'; '.join(problems)}")
    return out


# id check
check(["id", "check", "91350100M000100Y43", "11010519491231002X"], 0, stderr_needed=False)
check(["id", "check", "91350100M000100Y44"], 1, contains="check_digit")
out = check(["id", "check", "--json", "91350100M000100Y43", "110105491231002", "abc"], 1)
rows = [json.loads(line) for line in out.stdout.splitlines()]
want = [{"code": "91350100M000100Y43", "kind": "uscc", "valid": True, "reason": None},
        {"code": "110105491231002", "kind": "ric15", "valid": True, "reason": None},
        {"code": "abc", "kind": None, "valid": False, "reason": "unknown_kind"}]
if rows != want:
    failures += 1
    print(f"FAIL id check --json: {rows}")
check(["id", "check", "--json", "-"], 0, stdin="91350100M000100Y43\n\n", contains='"valid":true')
check(["id", "check"], 2, stdin="", stderr_needed=True)
check(["id", "check", "--kind", "passport", "X"], 2, stderr_needed=True)
check(["id", "check", "--jsn", "X"], 2, stderr_needed=True)
check(["id", "nope"], 2, stderr_needed=True)
check(["id"], 2, stderr_needed=True)
check(["id", "--help"], 0, contains="GB 32100")
check(["id", "check", "--help"], 0, contains="--kind")

# calendar
check(["calendar", "add-working-days", "2020-09-30", "3"], 0, stdout="2020-10-12\n")
check(["calendar", "add-days", "2020-09-30", "3"], 0, stdout="2020-10-03\n")
check(["calendar", "add-days", "2020-09-30", "3", "--extend"], 0, stdout="2020-10-09\n")
check(["calendar", "is-working-day", "2020-10-10"], 0, contains="yes")
check(["calendar", "is-working-day", "2020-10-01"], 1, contains="no")
check(["calendar", "due", "2020-09-30T10:00:00+08:00", "3", "--unit", "working-days"], 0,
      contains="2020-10-12T16:00:00Z")
check(["calendar", "due", "2020-09-30T10:00:00+08:00", "24", "--unit", "hours"], 0,
      contains="2020-10-01T02:00:00Z")
check(["calendar", "due", "2020-09-30T10:00:00+08:00", "3"], 2, stderr_needed=True)
check(["calendar", "due", "2020-09-30T10:00:00+08:00", "3", "--unit", "weeks"], 2, stderr_needed=True)
check(["calendar", "add-working-days", "2020-02-30", "3"], 2, stderr_needed=True)
check(["calendar", "add-working-days", "2020-09-30", "-3"], 2, stderr_needed=True)
check(["calendar", "add-working-days", "2020-09-30"], 2, stderr_needed=True)
check(["calendar", "add-working-days", "2020-09-30", "3", "--extend"], 2, stderr_needed=True)
check(["calendar", "add-working-days", "2099-01-01", "3"], 2, stderr_needed=True)
check(["calendar", "frobnicate"], 2, stderr_needed=True)
check(["calendar", "--help"], 0, contains="add-working-days")
check(["calendar", "due", "--help"], 0, contains="--unit")

# region
check(["region", "show", "440305"], 0, contains="广东省深圳市南山区")
check(["region", "children"], 0, contains="440000\t广东省\tprovince\t")
check(["region", "children", "440300"], 0, contains="440305\t广东省深圳市南山区\tcounty\t440300")
check(["region", "find", "南山区", "--within", "440300"], 0,
      stdout="440305\t广东省深圳市南山区\tcounty\t440300\n")
check(["region", "show", "999999"], 2, stderr_needed=True)
check(["region", "show", "44"], 2, stderr_needed=True)
check(["region", "find", "不存在的地方"], 2, stderr_needed=True)
check(["region", "find", "南山区", "--within", "12"], 2, stderr_needed=True)
check(["region", "show"], 2, stderr_needed=True)
check(["region", "--help"], 0, contains="children")

print(f"cli_smoke: {failures} failures")
sys.exit(1 if failures else 0)
