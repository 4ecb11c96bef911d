"""Runner of scripts/mutate.sh: one mutation at a time, always restoring the source."""
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]


def load(path):
    fields = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, _, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        fields[key.strip()] = value.replace("\\n", "\n")  # "\n" in a line: a line break
    missing = {"file", "from", "to", "tests"} - fields.keys()
    if missing:
        sys.exit(f"{path.name}: missing {', '.join(sorted(missing))}")
    return fields


def run(cmd):
    return subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def main(names):
    files = sorted((ROOT / "scripts/mutations").glob("*.mutation"))
    if names:
        files = [f for f in files if f.stem in names]
    results = []
    for path in files:
        m = load(path)
        source = ROOT / m["file"]
        original = source.read_text(encoding="utf-8")
        if original.count(m["from"]) != 1:
            results.append((path.stem, "stale", f"'from' occurs {original.count(m['from'])} times"))
            continue
        try:
            source.write_text(original.replace(m["from"], m["to"]), encoding="utf-8")
            build = run(["cmake", "--build", "build", "-j2"])
            if build.returncode != 0:
                results.append((path.stem, "killed", "does not compile"))
                continue
            tests = run(["ctest", "--test-dir", "build", "-j2", "-R", m["tests"]])
            ran = "No tests were found" not in tests.stdout
            if not ran:
                results.append((path.stem, "stale", "no test matches " + m["tests"]))
            elif tests.returncode != 0:
                failed = [l.split(" - ")[1].split()[0] for l in tests.stdout.splitlines()
                          if " - " in l and "(Failed)" in l]
                results.append((path.stem, "killed", f"{len(failed)} failing: " + ", ".join(failed[:3])))
            else:
                results.append((path.stem, "SURVIVED", "every test in " + m["tests"] + " passed"))
        finally:
            source.write_text(original, encoding="utf-8")
        print(f"{results[-1][0]:40} {results[-1][1]:9} {results[-1][2]}", flush=True)
    run(["cmake", "--build", "build", "-j2"])  # back to the true sources
    counted = [r for r in results if r[1] != "stale"]
    killed = sum(1 for r in counted if r[1] == "killed")
    print(f"\nkilled {killed} of {len(counted)} mutations"
          + (f" ({100 * killed // len(counted)} %)" if counted else "")
          + (f"; {len(results) - len(counted)} stale (fix their 'from')" if len(counted) < len(results) else ""))
    return 0 if killed == len(counted) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
