#!/usr/bin/env python3
"""`ipenforce calendar load` / `calendar years` end to end on a fresh SQLite file (issue 13,
docs/calendar.md): admins only, a bad file is refused and writes nothing, a good one is stored,
audited, and extends the covered range.

usage: calendar_load_cli.py IPENFORCE_BINARY
"""
import os
import sqlite3
import subprocess
import sys
import tempfile

BINARY = sys.argv[1]
failures = 0

# Made-up test data in the built-in format (not the State Council's 2027 arrangement).
GOOD = ("# covers\t2027\t2027\n2027-01-01\tholiday\t元旦\n2027-10-01\tholiday\t国庆节\n"
        "2027-10-09\tworkday\t国庆节\n")
BAD = "# covers\t2027\t2027\n2027-10-08\tworkday\t国庆节\n"  # a make-up workday on a Friday


def fail(message):
    global failures
    failures += 1
    print("FAIL " + message)


def run(*args):
    return subprocess.run([BINARY, *args], capture_output=True, text=True, check=False)


with tempfile.TemporaryDirectory() as tmp:
    db = os.path.join(tmp, "cal.db")
    url = "sqlite:///" + db
    out = run("demo", "--db", url)
    if out.returncode != 0:
        print(out.stderr)
        sys.exit(1)

    def count(sql):
        with sqlite3.connect(db) as con:
            return con.execute(sql).fetchone()[0]

    good = os.path.join(tmp, "2027.tsv")
    bad = os.path.join(tmp, "bad.tsv")
    with open(good, "w", encoding="utf-8") as f:
        f.write(GOOD)
    with open(bad, "w", encoding="utf-8") as f:
        f.write(BAD)

    out = run("calendar", "load", good, "--db", url)
    if out.returncode == 0:
        fail("load without --as succeeded")
    out = run("calendar", "load", good, "--as", "sh_officer", "--db", url)
    if out.returncode == 0:
        fail("an officer loaded a calendar year")
    out = run("calendar", "load", bad, "--as", "admin", "--db", url)
    if out.returncode != 2:
        fail(f"bad file: exit {out.returncode}, want 2: {out.stderr}")
    if count("SELECT count(*) FROM calendar_years") != 0:
        fail("a bad file wrote a row")
    out = run("calendar", "load", good, "--as", "admin", "--db", url)
    if out.returncode != 0 or "2027" not in out.stdout:
        fail(f"good file: exit {out.returncode}: {out.stdout} {out.stderr}")
    if count("SELECT count(*) FROM audit_log WHERE action = 'calendar.load'") != 1:
        fail("the load was not audited once")
    out = run("calendar", "years", "--db", url)
    if out.returncode != 0 or "covers\t2004\t2027" not in out.stdout or "loaded\t2027\t3\t" not in out.stdout:
        fail(f"years: {out.stdout!r} {out.stderr}")
    # The built-in arithmetic commands keep the built-in range.
    out = run("calendar", "range")
    if out.stdout.strip() != "2004\t2026":
        fail(f"range: {out.stdout!r}")

print("calendar_load_cli: " + ("OK" if failures == 0 else f"{failures} failure(s)"))
sys.exit(1 if failures else 0)
