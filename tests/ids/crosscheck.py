#!/usr/bin/env python3
"""Checks `ipenforce id check --json` against an independent implementation written here from the
standards (GB 32100-2015 for credit codes, GB 11643-1999 for resident ID numbers), on generated
valid codes and single-character corruptions of them. Exit 1 on any disagreement.

usage: crosscheck.py IPENFORCE_BINARY [COUNT]
"""
import datetime
import json
import random
import subprocess
import sys

USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
PROVINCES = ["11", "12", "13", "31", "32", "33", "44", "50", "65", "71", "81", "82"]


def uscc_check(code17):
    total = sum(USCC_CHARS.index(c) * pow(3, i, 31) for i, c in enumerate(code17))
    return USCC_CHARS[(31 - total % 31) % 31]


def org_check(code8):
    weights = [3, 7, 9, 10, 5, 8, 4, 2]
    val = lambda c: int(c) if c.isdigit() else ord(c) - ord("A") + 10
    r = 11 - sum(val(c) * w for c, w in zip(code8, weights)) % 11
    return "X" if r == 10 else "0" if r == 11 else str(r)


def uscc_valid(code):
    if len(code) != 18 or any(c not in USCC_CHARS for c in code):
        return False
    if uscc_check(code[:17]) != code[17]:
        return False
    org = code[8:17]
    if any(not (c.isdigit() or "A" <= c <= "Z") for c in org[:8]):
        return False
    return org_check(org[:8]) == org[8]


def ric_check(code17):
    total = sum(int(c) * (2 ** (17 - i) % 11) for i, c in enumerate(code17))
    return "10X98765432"[total % 11]


def ric_valid(code, today):
    if len(code) != 18 or not code[:17].isdigit() or not (code[17].isdigit() or code[17] == "X"):
        return False
    if code[:2] not in ["11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35",
                        "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54",
                        "61", "62", "63", "64", "65", "71", "81", "82"]:
        return False
    try:
        born = datetime.date(int(code[6:10]), int(code[10:12]), int(code[12:14]))
    except ValueError:
        return False
    if born > today or born.year < 1800:
        return False
    return ric_check(code[:17]) == code[17]


def gen_uscc(rng):
    head = rng.choice("159Y") + rng.choice("1239") + rng.choice(PROVINCES) + "%04d" % rng.randrange(10000)
    org8 = "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(8))
    org = org8 + org_check(org8)
    if org[8] not in USCC_CHARS:  # 'X' is fine; keep only codes the alphabet allows
        return gen_uscc(rng)
    body = head + org
    return body + uscc_check(body)


def gen_ric(rng):
    born = datetime.date(1930, 1, 1) + datetime.timedelta(days=rng.randrange(30000))
    body = rng.choice(PROVINCES) + "%04d" % rng.randrange(10000) + born.strftime("%Y%m%d") + "%03d" % rng.randrange(1000)
    return body + ric_check(body)


def corrupt(code, alphabet, rng):
    i = rng.randrange(len(code))
    c = rng.choice([a for a in alphabet if a != code[i]])
    return code[:i] + c + code[i + 1:]


def main():
    binary = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    rng = random.Random(20201012)
    today = datetime.date.today()
    cases = {"uscc": [], "ric": []}
    for _ in range(count):
        u = gen_uscc(rng)
        cases["uscc"] += [u, corrupt(u, USCC_CHARS + "IOZSV", rng)]
        r = gen_ric(rng)
        cases["ric"] += [r, corrupt(r, "0123456789X", rng)]
    disagreements = 0
    checked = 0
    for kind, codes in cases.items():
        out = subprocess.run([binary, "id", "check", "--json", "--kind", kind, *codes],
                             capture_output=True, text=True)
        lines = [json.loads(l) for l in out.stdout.splitlines()]
        assert len(lines) == len(codes), (len(lines), len(codes), out.stderr)
        for code, got in zip(codes, lines):
            want = uscc_valid(code) if kind == "uscc" else ric_valid(code, today)
            checked += 1
            if got["code"] != code or got["valid"] != want:
                disagreements += 1
                if disagreements <= 10:
                    print(f"DISAGREE {kind} {code}: ipenforce {got}, independent {want}")
        n_valid = sum(1 for l in lines if l["valid"])
        print(f"{kind}: {len(codes)} codes, {n_valid} valid per ipenforce; exit {out.returncode}")
    print(f"{checked} codes checked, {disagreements} disagreements")
    return 1 if disagreements else 0


if __name__ == "__main__":
    sys.exit(main())
