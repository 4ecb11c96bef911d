#!/usr/bin/env python3
"""Generates N published penalty disclosures for the public-search load figure (bench/credit/run.sh).

    gen_disclosures.py --rows N --case-id C --agency-id A --out DIR [--seed S] [--today YYYY-MM-DD]

DIR receives
  disclosures.csv  one row per record in the columns of the `disclosures` table the portal reads
                   (status published, inside its display period), header = column names; loaded
                   into a staging table and copied into `disclosures` by run.sh. All rows hang on
                   one existing case (party_index 1…N) and one agency: the public search does not
                   read either.
  queries.txt      the request paths wrk cycles through (bench/credit/search.lua): searches by
                   company name words, by a whole credit code, by a decision number, by a person's
                   name, and unfiltered pages, percent-encoded.

85 % companies (names and GB 32100 credit codes from bench/volume/gen_cases.py's vocabulary), 15 %
natural persons (the ID masked as the product masks it, facts already redacted). Deterministic for
the same N, seed and day. Standard library only.
"""

import argparse
import csv
import datetime
import os
import random
import sys
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "volume"))
from gen_cases import INDUSTRY, NAME_1, NAME_2, make_uscc  # noqa: E402  (one vocabulary for both)

# Registration regions and the short names the decision numbers carry (GB/T 2260).
REGIONS = [("310115", "上海", "沪"), ("310104", "上海", "沪"), ("440300", "深圳", "深"),
           ("440100", "广州", "穗"), ("330100", "杭州", "杭"), ("320500", "苏州", "苏"),
           ("350100", "福州", "榕"), ("110105", "北京", "京"), ("370200", "青岛", "青"),
           ("420100", "武汉", "汉"), ("510100", "成都", "蓉"), ("610100", "西安", "陕"),
           ("130100", "石家庄", "冀"), ("410100", "郑州", "豫"), ("500103", "重庆", "渝")]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
COLUMNS = ["case_id", "party_index", "agency_id", "agency_name", "region_code", "province_code",
           "prefecture_code", "status", "decision_no", "decision_date", "party_kind", "party_name",
           "credit_code", "id_masked", "violation_type", "facts", "facts_public", "legal_basis",
           "penalty_kinds", "fine_fen", "penalty_content", "publish_step", "published_at",
           "display_step", "display_until", "display_basis", "created_at", "updated_at",
           "search_text"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, required=True)
    ap.add_argument("--case-id", type=int, required=True)
    ap.add_argument("--agency-id", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--today", default=datetime.date.today().isoformat())
    a = ap.parse_args()
    rng = random.Random(a.seed)
    today = datetime.date.fromisoformat(a.today)
    industries = [w for ws in INDUSTRY.values() for w in ws]
    os.makedirs(a.out, exist_ok=True)
    names, codes, numbers, persons = [], [], [], []
    with open(os.path.join(a.out, "disclosures.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(COLUMNS)
        for i in range(1, a.rows + 1):
            region, city, short = REGIONS[int(rng.random() * len(REGIONS))]
            # Decided within the last 3 years (the display period is 3 years from publication).
            decided = today - datetime.timedelta(days=int(rng.random() * 1000))
            published = decided + datetime.timedelta(days=int(rng.random() * 20))
            until = published.replace(year=published.year + 3) if not (
                published.month == 2 and published.day == 29) else published.replace(
                    year=published.year + 3, day=28)
            decision_no = "%s市监处罚〔%d〕%d号" % (short, decided.year, i)
            fine = (int(rng.random() * 200) + 1) * 100000
            word = NAME_1[int(rng.random() * len(NAME_1))] + NAME_2[int(rng.random() * len(NAME_2))]
            industry = rng.choice(industries)
            if rng.random() < 0.85:
                kind = "company"
                name = city + word + industry + "有限公司"
                code = make_uscc(rng, "91", region)
                id_masked = ""
            else:
                kind = "person"
                name = SURNAMES[int(rng.random() * len(SURNAMES))] + word
                code = ""
                id_masked = region + "********" + "%04d" % int(rng.random() * 10000)
            facts = "当事人销售假冒注册商标的商品，货值%d元。" % (fine // 100)
            epoch = int(datetime.datetime.combine(published, datetime.time(10)).timestamp())
            w.writerow([a.case_id, i, a.agency_id, city + "市场监督管理局", region,
                        region[:2] + "0000", region[:4] + "00", "published", decision_no,
                        decided.isoformat(), kind, name, code, id_masked, "销售侵犯注册商标专用权的商品",
                        facts, facts, "《中华人民共和国商标法》第六十条", "fine|confiscate_property",
                        fine, "罚款%d元，没收侵权商品" % (fine // 100), "disclosure_publish", epoch,
                        "disclosure_display", until.isoformat(), "总局令第45号 第十三条", epoch, epoch,
                        " ".join(x for x in (name, code, decision_no) if x)])
            if i % 997 == 0:
                if kind == "company":
                    names.append((city + word, word + industry))
                else:
                    persons.append(name)
                if code:
                    codes.append(code)
                numbers.append(decision_no)
    enc = urllib.parse.quote
    paths = []
    for city_word, word_industry in names[:200]:
        paths.append("q=" + enc(word_industry))  # e.g. 鸿成商贸
        paths.append("q=" + enc(city_word))      # e.g. 深圳鸿成
    paths += ["q=" + enc(c) for c in codes[:200]]
    paths += ["q=" + enc(n) for n in numbers[:200]]
    paths += ["q=" + enc(p) for p in persons[:100]]
    paths += ["page=%d" % p for p in range(1, 21)]
    rng.shuffle(paths)
    with open(os.path.join(a.out, "queries.txt"), "w", encoding="utf-8") as f:
        for p in paths:
            f.write("/api/v1/public/disclosures?page_size=20&" + p + "\n")
    print("%d rows, %d queries" % (a.rows, len(paths)), file=sys.stderr)


if __name__ == "__main__":
    main()
