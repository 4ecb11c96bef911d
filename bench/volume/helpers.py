#!/usr/bin/env python3
"""Small helpers for bench/volume/run.sh (python3 standard library only).

  helpers.py manifest DIR KEY          a value of DIR/manifest.json: queries.q1, expected.q1, cases …
  helpers.py plan DIR AGENCY_LIST cli|http
                                       the load plan with agency ids (see plan())
  helpers.py lead_ids DIR ANSWERS      "min max" of the imported lead ids, then the ids of the
                                       generated ring members (manifest ring_rows), one a line
  helpers.py scan_totals ANSWERS       "listings suspected new_hits updated_hits" summed over the
                                       scan answers
  helpers.py urlencode TEXT            percent-encoded query value
  helpers.py json KEY                  a top-level value of the JSON object on stdin ('' if absent)
  helpers.py wrk FILE                  "p50_ms p99_ms req_s errors" from wrk --latency output
  helpers.py table FILE                prints a TSV (first line = header) as an aligned table
"""

import json
import os
import re
import sys
import unicodedata
import urllib.parse


def manifest(d, key):
    v = json.load(open(os.path.join(d, "manifest.json"), encoding="utf-8"))
    for part in key.split("."):
        v = v[part]
    print(v)


def plan(d, agency_list, mode):
    """The load plan, agency names resolved to ids (`ipenforce agency list` output):
    cli  → one line per agency: id, rows, its files (import order);
    http → one line per file in manifest order: id, rows, file."""
    ids = {}
    for line in open(agency_list, encoding="utf-8"):
        parts = line.rstrip("\n").split("\t")
        if len(parts) > 1:
            ids.setdefault(parts[1], parts[0])
    m = json.load(open(os.path.join(d, "manifest.json"), encoding="utf-8"))
    if mode == "http":
        for f in m["files"]:
            print(ids[f["agency"]], f["rows"], os.path.join(d, f["file"]), sep="\t")
        return
    by_agency = {}
    for f in m["files"]:
        by_agency.setdefault(f["agency"], []).append(f)
    for name, fs in by_agency.items():
        print(ids[name], sum(f["rows"] for f in fs), *(os.path.join(d, f["file"]) for f in fs), sep="\t")


def lead_ids(d, answers):
    """The import answers (one JSON per file, ANSWERS/<file name>.json, lead_ids per data row)
    give the ids of the rows: the range, and the ids of the rows that belong to a ring."""
    m = json.load(open(os.path.join(d, "manifest.json"), encoding="utf-8"))
    ids = {}
    lo = hi = None
    for f in m["files"]:
        got = json.load(open(os.path.join(answers, os.path.basename(f["file"]) + ".json"),
                             encoding="utf-8"))["lead_ids"]
        ids[f["file"]] = got
        lo = min(got) if lo is None else min(lo, min(got))
        hi = max(got) if hi is None else max(hi, max(got))
    print(lo, hi)
    for f, row in m["ring_rows"]:
        print(ids[f][row])


def scan_totals(answers):
    total = [0, 0, 0, 0]
    for name in sorted(os.listdir(answers)):
        a = json.load(open(os.path.join(answers, name), encoding="utf-8"))
        for i, k in enumerate(("listings", "suspected", "new_hits", "updated_hits")):
            total[i] += a[k]
    print(*total)


def wrk(path):
    text = open(path, encoding="utf-8", errors="replace").read()

    def ms(value, unit):
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0, "h": 3600000.0}[unit]

    pct = {m.group(1): ms(m.group(2), m.group(3))
           for m in re.finditer(r"^\s+(50|99)(?:\.0+)?%\s+([\d.]+)(us|ms|s|m|h)\s*$", text, re.M)}
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", text, re.M)
    errors = 0
    m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    if m:
        errors += int(m.group(1))
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    if m:
        errors += sum(int(x) for x in m.groups())
    n = re.search(r"^\s+(\d+) requests in", text, re.M)
    requests = int(n.group(1)) if n else 0

    def fmt(x):
        return "-" if x is None else ("%.1f" % x if x >= 10 else "%.2f" % x)

    print(fmt(pct.get("50")) if requests else "-", fmt(pct.get("99")) if requests else "-",
          "%.1f" % float(rps.group(1)) if rps else "0", errors)


def width(s):
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def table(path):
    rows = [line.rstrip("\n").split("\t") for line in open(path, encoding="utf-8") if line.strip()]
    if not rows:
        return
    n = max(len(r) for r in rows)
    rows = [r + [""] * (n - len(r)) for r in rows]
    widths = [max(width(r[i]) for r in rows) for i in range(n)]

    def line(r):
        cells = []
        for i, cell in enumerate(r):
            pad = " " * (widths[i] - width(cell))
            cells.append(cell + pad if i == 0 else pad + cell)
        return "| " + " | ".join(cells) + " |"

    print(line(rows[0]))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in rows[1:]:
        print(line(r))


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "manifest":
        manifest(*args)
    elif cmd == "plan":
        plan(*args)
    elif cmd == "lead_ids":
        lead_ids(*args)
    elif cmd == "scan_totals":
        scan_totals(*args)
    elif cmd == "urlencode":
        print(urllib.parse.quote(args[0], safe=""))
    elif cmd == "json":
        try:
            v = json.load(sys.stdin).get(args[0], "")
        except (ValueError, AttributeError):
            v = ""
        print(json.dumps(v) if isinstance(v, bool) else v)
    elif cmd == "wrk":
        wrk(args[0])
    elif cmd == "table":
        table(args[0])
    else:
        sys.exit("unknown command " + cmd)


if __name__ == "__main__":
    main()
