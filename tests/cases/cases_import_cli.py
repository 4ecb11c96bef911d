#!/usr/bin/env python3
"""`ipenforce cases import` end to end on a fresh SQLite file (docs/cases.md, "Import"):
a bad file names every wrong row and column, exits 2 and writes nothing — not even the good rows
of the same file, nor the files after it; good files import with findings evaluated and one
audited import each; the officer's permissions apply (a police user may not register cases).

usage: cases_import_cli.py IPENFORCE_BINARY
"""
import os
import sqlite3
import subprocess
import sys
import tempfile

BINARY = sys.argv[1]
HEADER = ("case_number,title,category,conduct,source,campaign_tags,act_date_from,act_date_to,goods,"
          "illegal_business_yuan,illegal_gains_yuan,sales_yuan,unsold_value_yuan,loss_yuan,marks,"
          "copies,rights_involved,party_name,party_uscc")
failures = 0


def fail(message):
    global failures
    failures += 1
    print("FAIL " + message)


def run(*args):
    return subprocess.run([BINARY, *args], capture_output=True, text=True, check=False)


def row(number, business="", uscc="91310110666007217T", date="2024-03-01", category="trademark"):
    return (f"{number},销售假冒运动鞋案 {number},{category},counterfeit_trademark,inspection,铁拳2024,"
            f"{date},,运动鞋 300 双,{business},,,,,,,,上海某贸易有限公司,{uscc}")


with tempfile.TemporaryDirectory() as tmp:
    db = os.path.join(tmp, "cli.db")
    url = "sqlite:///" + db
    out = run("demo", "--db", url)
    if out.returncode != 0:
        print(out.stderr)
        sys.exit(1)

    def count(sql="SELECT count(*) FROM cases"):
        with sqlite3.connect(db) as con:
            return con.execute(sql).fetchone()[0]

    cases_before = count()
    audit_before = count("SELECT count(*) FROM audit_log")

    def write(name, lines):
        path = os.path.join(tmp, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join([HEADER, *lines]) + "\n")
        return path

    # CLI-2 is another party's: the same party's unpunished rows are added up (法释〔2004〕19号
    # 第十二条, issue 13), and 60000 + 100 would meet the threshold for both.
    good = write("good.csv", [row("CLI-1", "60000.00"), row("CLI-2", "100.00", uscc="91350100M000100Y43")])
    bad = write("bad.csv", [row("CLI-3"), row("CLI-4", "12.345"), row("CLI-5", uscc="91310110666007217X"),
                            row("CLI-6", date="2024-13-01", category="nonsense")])

    # Bad file first: exit 2, each problem by row (the file's line) and template column.
    out = run("cases", "import", bad, good, "--as", "sh_officer", "--db", url)
    if out.returncode != 2:
        fail(f"bad file: exit {out.returncode}, expected 2: {out.stderr[:300]}")
    for needed in ["第 3 行 illegal_business_yuan", "第 4 行 party_uscc", "第 5 行 act_date_from",
                   "第 5 行 category"]:
        if needed not in out.stderr:
            fail(f"bad file: stderr lacks {needed!r}: {out.stderr[:600]!r}")
    if out.stdout:
        fail(f"bad file wrote to stdout: {out.stdout[:200]!r}")
    if count() != cases_before or count("SELECT count(*) FROM audit_log") != audit_before:
        fail("bad file: something was written")

    # Good file: imported, findings evaluated, one audit record.
    out = run("cases", "import", good, "--as", "sh_officer", "--db", url)
    if out.returncode != 0:
        fail(f"good file: exit {out.returncode}: {out.stderr[:300]}")
    if "已导入 2 件" not in out.stdout or "[import]" not in out.stderr:
        fail(f"good file: output {out.stdout!r} / progress {out.stderr[:300]!r}")
    if count() != cases_before + 2:
        fail(f"good file: {count() - cases_before} cases added, expected 2")
    if count("SELECT threshold_met FROM cases WHERE case_number = 'CLI-1'") != 1:
        fail("CLI-1 (60,000 yuan, counterfeit trademark) should meet the art. 213 threshold")
    if count("SELECT threshold_met FROM cases WHERE case_number = 'CLI-2'") != 0:
        fail("CLI-2 (100 yuan) should not meet a threshold")
    if count("SELECT count(*) FROM audit_log WHERE action = 'case.import'") != 1:
        fail("good file: expected one case.import audit record")

    # The same file again: the numbers exist, exit 2, nothing written.
    out = run("cases", "import", good, "--as", "sh_officer", "--db", url)
    if out.returncode != 2 or "第 2 行 case_number" not in out.stderr:
        fail(f"re-import: exit {out.returncode}, stderr {out.stderr[:300]!r}")
    if count() != cases_before + 2:
        fail("re-import wrote cases")

    # Permissions as on the web: the police do not register administrative cases.
    other = write("other.csv", [row("CLI-9")])
    out = run("cases", "import", bad, "--as", "sh_police", "--db", url)
    if out.returncode != 2 or "permission" not in out.stderr or "第 3 行" in out.stderr:
        fail(f"police import: asked before reading the file? {out.stderr[:200]!r}")
    out = run("cases", "import", other, "--as", "sh_police", "--db", url)
    if out.returncode != 2 or count() != cases_before + 2:
        fail(f"police import: exit {out.returncode}, stderr {out.stderr[:200]!r}")

    # Usage errors.
    for args in (["cases", "import", good, "--db", url], ["cases", "import", "--as", "sh_officer"],
                 ["cases", "export"], ["cases", "import", os.path.join(tmp, "missing.csv"),
                                        "--as", "sh_officer", "--db", url],
                 ["cases", "import", good, "--as", "nobody", "--db", url]):
        out = run(*args)
        if out.returncode != 2 or not out.stderr.strip() or out.stdout:
            fail(f"ipenforce {' '.join(args)}: exit {out.returncode}, expected 2 with a message")

print(f"{failures} failures")
sys.exit(1 if failures else 0)
