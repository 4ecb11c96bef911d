#!/usr/bin/env python3
"""SQL lives in stores (issue 11): no SQL statement in a string literal of src/ outside
src/storage/ (the engine and migrations) and the areas' *_store.cc files.

Files not yet moved onto a store are listed in sql_legacy.txt; the list may only shrink: a listed
file without SQL fails too, so that it is taken off the list when its area moves.

    sql_in_stores.py SOURCE_ROOT
"""
import pathlib
import re
import sys

# A statement keyword at the start of a string literal, or after a quote and spaces.
SQL = re.compile(r'"\s*(SELECT\s|INSERT\s+INTO\s|UPDATE\s+\w+\s+SET\s|DELETE\s+FROM\s|'
                 r'CREATE\s+(TABLE|INDEX|VIEW)\s|ALTER\s+TABLE\s|DROP\s+(TABLE|INDEX)\s)')


def main() -> int:
    root = pathlib.Path(sys.argv[1])
    here = pathlib.Path(__file__).parent
    legacy = set()
    for line in (here / "sql_legacy.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            legacy.add(line)
    problems = []
    with_sql = set()
    for path in sorted((root / "src").rglob("*")):
        if path.suffix not in (".cc", ".h"):
            continue
        rel = path.relative_to(root).as_posix()
        if rel.startswith("src/storage/") or path.name.endswith("_store.cc"):
            continue
        if path.name.endswith("_test.cc"):
            continue  # tests may read the tables they check
        text = path.read_text(encoding="utf-8", errors="replace")
        hits = [i + 1 for i, line in enumerate(text.splitlines()) if SQL.search(line)]
        if not hits:
            continue
        with_sql.add(rel)
        if rel not in legacy:
            problems.append(f"{rel}:{hits[0]}: SQL outside a store ({len(hits)} statements); "
                            "move it into the area's *_store.cc")
    for rel in sorted(legacy - with_sql):
        problems.append(f"{rel}: listed in tests/layout/sql_legacy.txt but has no SQL any more; "
                        "take it off the list")
    for p in problems:
        print(p)
    print(f"{len(with_sql)} files outside stores still hold SQL ({len(legacy)} listed as legacy)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
