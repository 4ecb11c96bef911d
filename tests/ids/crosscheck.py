#!/usr/bin/env python3
"""Cross-checks `ipenforce id check --json` against an independent implementation.

The validators below are written from the standards (GB 32100-2015 and GB 11714 for unified
social credit codes, GB 11643-1999/1989 for resident ID numbers, GB/T 2260 for province codes) and
from the rule order documented in docs/identifiers.md, not from the C++ code. On a few thousand
generated valid codes and single-character corruptions of them (substitutions, deletions,
insertions, swaps) it compares, for every code, `valid`, `reason` and `kind`:
  1. with --kind uscc / --kind ric, codes passed as arguments;
  2. without --kind (auto-detection), codes read from standard input.
It also checks the exit status (1 when any code is invalid, 0 when all are valid).
Exit status 0 when everything agrees, 1 otherwise.

usage: crosscheck.py IPENFORCE_BINARY [COUNT] [SEED]
"""
import datetime
import json
import random
import subprocess
import sys

# --- GB 32100-2015 -----------------------------------------------------------------------------
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters, no I O Z S V


def uscc_check_char(first17):
    # Weight of position i (1-based) is 3^(i-1) mod 31; check value is 31 - (sum mod 31), 31 -> 0.
    total = sum(USCC_ALPHABET.index(c) * pow(3, i, 31) for i, c in enumerate(first17))
    return USCC_ALPHABET[(31 - total % 31) % 31]


# --- GB 11714 (organisation code, positions 9-17 of a credit code) ------------------------------
def org_check_char(body8):
    def value(c):
        return int(c) if c.isdigit() else ord(c) - ord("A") + 10

    weights = [3, 7, 9, 10, 5, 8, 4, 2]
    r = 11 - sum(value(c) * w for c, w in zip(body8, weights)) % 11
    return {10: "X", 11: "0"}.get(r, str(r))


def uscc_reason(code):
    """None when valid, else the first failing rule."""
    if len(code) != 18:
        return "length"
    if any(c not in USCC_ALPHABET for c in code):
        return "charset"
    if uscc_check_char(code[:17]) != code[17]:
        return "check_digit"
    if org_check_char(code[8:16]) != code[16]:
        return "org_code"
    return None


# --- GB 11643-1999 ------------------------------------------------------------------------------
# GB/T 2260 province-level codes: 31 mainland provinces, 71 Taiwan, 81 Hong Kong, 82 Macao.
PROVINCES = {"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36",
             "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62",
             "63", "64", "65", "71", "81", "82"}


def ric_check_char(first17):
    # ISO 7064 MOD 11-2: weight of position i is 2^(18-i) mod 11.
    total = sum(int(c) * pow(2, 17 - i, 11) for i, c in enumerate(first17))
    return "10X98765432"[total % 11]


def birth_reason(year, month, day, today):
    try:
        born = datetime.date(year, month, day)
    except ValueError:
        return "birth_date"
    if born.year < 1800 or born > today:
        return "birth_date"
    return None


def ric_reason(code, today):
    if len(code) == 15:
        if not code.isascii() or not code.isdigit():
            return "charset"
        reason = birth_reason(1900 + int(code[6:8]), int(code[8:10]), int(code[10:12]), today)
    elif len(code) == 18:
        body_ok = code[:17].isascii() and code[:17].isdigit()
        if not body_ok or not (code[17] == "X" or (code[17].isascii() and code[17].isdigit())):
            return "charset"
        if ric_check_char(code[:17]) != code[17]:
            return "check_digit"
        reason = birth_reason(int(code[6:10]), int(code[10:12]), int(code[12:14]), today)
    else:
        return "length"
    if reason:
        return reason
    if code[:2] not in PROVINCES:
        return "region"
    return None


def ric_kind(code):
    return "ric15" if len(code) == 15 else "ric"


def looks_like_ric(code):
    if len(code) == 15:
        return code.isascii() and code.isdigit()
    return (len(code) == 18 and code[:17].isascii() and code[:17].isdigit()
            and (code[17] == "X" or code[17].isdigit()))


def auto_verdict(code, today):
    """(kind, reason) under the auto-detection rule of docs/identifiers.md."""
    if looks_like_ric(code):
        reason = ric_reason(code, today)
        if reason and len(code) == 18 and uscc_reason(code) is None:
            return "uscc", None
        return ric_kind(code), reason
    if len(code) == 18:
        return "uscc", uscc_reason(code)
    return None, "unknown_kind"


# --- generators ---------------------------------------------------------------------------------
def gen_uscc(rng):
    while True:
        head = rng.choice("159Y") + rng.choice("1239") + rng.choice(sorted(PROVINCES)) \
            + "%04d" % rng.randrange(10000)
        body8 = "".join(rng.choice(USCC_ALPHABET) for _ in range(8))
        org = body8 + org_check_char(body8)  # 'X' and digits are all in the alphabet
        first17 = head + org
        return first17 + uscc_check_char(first17)


def gen_uscc_bad_org(rng):
    """Outer check right, inner organisation check wrong: only reason org_code catches it."""
    code = gen_uscc(rng)
    wrong = rng.choice([c for c in "0123456789X" if c != code[16]])
    first17 = code[:16] + wrong
    return first17 + uscc_check_char(first17)


def gen_ric(rng, today):
    born = datetime.date(1900, 1, 1) + datetime.timedelta(days=rng.randrange((today - datetime.date(1900, 1, 1)).days + 1))
    first17 = rng.choice(sorted(PROVINCES)) + "%04d" % rng.randrange(10000) \
        + born.strftime("%Y%m%d") + "%03d" % rng.randrange(1000)
    return first17 + ric_check_char(first17)


def gen_ric15(rng):
    born = datetime.date(1900, 1, 1) + datetime.timedelta(days=rng.randrange(36500))
    return rng.choice(sorted(PROVINCES)) + "%04d" % rng.randrange(10000) \
        + born.strftime("%y%m%d") + "%03d" % rng.randrange(1000)


def gen_ric_semantic(rng, today):
    """Right check character, impossible content: a bad date, a future date or a bad province."""
    first17 = gen_ric(rng, today)[:17]
    choice = rng.randrange(3)
    if choice == 0:
        first17 = first17[:10] + rng.choice(["0230", "0431", "1301", "0001", "0100"]) + first17[14:]
    elif choice == 1:
        future = today + datetime.timedelta(days=rng.randrange(1, 20000))
        first17 = first17[:6] + future.strftime("%Y%m%d") + first17[14:]
    else:
        first17 = rng.choice(["00", "10", "19", "20", "24", "30", "40", "49", "55", "66", "70",
                              "83", "90", "99"]) + first17[2:]
    return first17 + ric_check_char(first17)


def corrupt(code, alphabet, rng):
    """One single-character corruption: substitution (mostly), deletion, insertion or swap."""
    i = rng.randrange(len(code))
    op = rng.random()
    if op < 0.7:
        return code[:i] + rng.choice([a for a in alphabet if a != code[i]]) + code[i + 1:]
    if op < 0.8:
        return code[:i] + code[i + 1:]
    if op < 0.9:
        return code[:i] + rng.choice(alphabet) + code[i:]
    j = min(i + 1, len(code) - 1)
    return code[:i] + code[j] + code[i + 1:j] + code[i] + code[j + 1:] if j > i else code


def run(binary, args, stdin_text=None):
    out = subprocess.run([binary, "id", "check", "--json", *args], input=stdin_text,
                         capture_output=True, text=True, check=False)
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    return lines, out.returncode, out.stderr


def compare(label, codes, lines, expected, returncode, stderr):
    problems = 0
    if len(lines) != len(codes):
        print(f"{label}: {len(lines)} output lines for {len(codes)} codes; stderr: {stderr[:500]}")
        return 1
    for code, got, (kind, reason) in zip(codes, lines, expected):
        want = {"code": code, "kind": kind, "valid": reason is None, "reason": reason}
        if got != want or list(got) != ["code", "kind", "valid", "reason"]:
            problems += 1
            if problems <= 10:
                print(f"DISAGREE {label}: ipenforce {got} independent {want}")
    want_rc = 0 if all(r is None for _, r in expected) else 1
    if returncode != want_rc:
        problems += 1
        print(f"{label}: exit status {returncode}, expected {want_rc}")
    reasons = {}
    for _, r in expected:
        reasons[r or "valid"] = reasons.get(r or "valid", 0) + 1
    print(f"{label}: {len(codes)} codes {dict(sorted(reasons.items()))}, {problems} disagreements")
    return problems


def main():
    binary = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 20201012)
    # "Today" for the birth-date rule is the Beijing civil date, as in ipenforce.
    today = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8))).date()

    uscc, ric = [], []
    for _ in range(count):
        u = gen_uscc(rng)
        uscc += [u, corrupt(u, USCC_ALPHABET + "IOZSV", rng)]
        r = gen_ric(rng, today)
        ric += [r, corrupt(r, "0123456789X", rng)]
    for _ in range(max(1, count // 10)):
        uscc.append(gen_uscc_bad_org(rng))
        r15 = gen_ric15(rng)
        ric += [r15, corrupt(r15, "0123456789X", rng), gen_ric_semantic(rng, today)]

    problems = 0
    lines, rc, err = run(binary, ["--kind", "uscc", *uscc])
    problems += compare("--kind uscc", uscc, lines, [("uscc", uscc_reason(c)) for c in uscc], rc, err)
    lines, rc, err = run(binary, ["--kind", "ric", *ric])
    problems += compare("--kind ric", ric, lines,
                        [(ric_kind(c) if len(c) == 15 else "ric", ric_reason(c, today)) for c in ric],
                        rc, err)
    mixed = uscc + ric
    rng.shuffle(mixed)
    lines, rc, err = run(binary, [], "\n".join(mixed) + "\n")
    problems += compare("auto-detect (stdin)", mixed, lines, [auto_verdict(c, today) for c in mixed],
                        rc, err)
    valid_only = [c for c in mixed if auto_verdict(c, today)[1] is None][:200]
    lines, rc, err = run(binary, valid_only)
    problems += compare("valid only", valid_only, lines, [auto_verdict(c, today) for c in valid_only],
                        rc, err)
    print(f"{len(uscc) + len(ric)} distinct codes checked; {problems} disagreements")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
