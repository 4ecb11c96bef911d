#!/usr/bin/env python3
"""Generates N leads (线索) as CSV files in the format of POST /api/v1/leads/import.

    gen_leads.py --leads N --regions REGIONS.tsv --out DIR [--seed S] [--rows-per-file R]

REGIONS.tsv as for gen_cases.py. DIR receives:
  agencies.tsv   the agencies of gen_cases.py (same names, kinds, levels, regions), last column = leads
  leads/*.csv    one agency per file, at most R rows each (the import's limit is 5000), imported by an
                 officer of that agency; header title, region_code, category, source_ref, description
                 and the observable columns (phone, web_shop, url, uscc, company_name, waybill, wechat,
                 address; several values in a cell separated by ';')
  manifest.json  files in import order, query values, expected counts, and rows of leads that belong
                 to a correlation ring (file, 0-based data row), so that the benchmark can ask for
                 leads that do have links

What the import does with a row (src/app/leads/leads.cc ImportLeadsCsv): the region must lie inside
the importing officer's; without agency_id the lead goes to the first active agency whose kind
serves the category, searched in the lead's region, its prefecture and its province (never the
national level). The generator leaves agency_id empty and picks each lead's region so that this rule
lands it at the agency whose officer imports it (market-regulation categories); copyright,
import/export, plant-variety and "other" leads have no regional agency of their kind (the demo
creates those at national level only) and stay unassigned (~11 %), as in real intake.

Correlation: ~30 % of the leads belong to a ring (a counterfeiting operation) of 2–8 leads that
share one or two strong identifiers (phone, web shop, domain, credit code, WeChat) and are filed by
agencies anywhere in the country, so that clusters and cross-region alerts arise; the rest carry
fresh identifiers. 2 % carry a junk value (13800138000, 无) that must never link, and one web shop
is reported 80 times (over the index's cap of 50: it links nothing).

Deterministic for a seed; standard library only.
"""

import argparse
import csv
import io
import itertools
import json
import os
import random
import sys

import gen_cases as gc

COLUMNS = ["title", "region_code", "category", "source_ref", "description", "phone", "web_shop",
           "url", "uscc", "company_name", "waybill", "wechat", "address"]
TERM1, TERM2, TERM5 = gc.TERM1, gc.TERM2, gc.TERM5

# category → weight; the agency kind that serves it decides where the lead goes (leads.cc
# CategoryTable): market_regulation for these, none regionally for copyright, import_export,
# plant_variety and other (→ unassigned).
CATEGORIES = [("trademark", 50), ("counterfeit_goods", 23), ("patent", 5), ("copyright", 5),
              ("geographic_indication", 4), ("import_export", 2), ("trade_secret", 1),
              ("plant_variety", 1), ("other", 3)]
UNASSIGNED = {"copyright", "import_export", "plant_variety", "other"}
GOODS_OF = {"trademark": "trademark", "counterfeit_goods": "substandard_product", "patent": "patent",
            "copyright": "copyright", "geographic_indication": "geographic_indication",
            "import_export": "trademark", "trade_secret": "trade_secret",
            "plant_variety": "plant_variety", "other": "other"}
PLATFORMS = [("淘宝", "taobao", 30), ("拼多多", "pdd", 22), ("抖音", "douyin", 14), ("闲鱼", "xianyu", 8),
             ("快手", "kuaishou", 8), ("京东", "jd", 6), ("小红书", "xiaohongshu", 5), ("微店", "weidian", 7)]
COURIERS = [("SF", 12), ("YT", 13), ("JT", 13), ("ZTO", 12), ("YD", 13), ("", 12)]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余"
SHOP_WORDS = ["潮鞋", "名品", "优选", "工厂店", "尾货", "好物", "精品", "折扣", "外贸", "正品", "海淘",
              "数码", "美妆", "母婴", "酒行", "球鞋", "轻奢", "批发"]
ASCII_WORDS = ["chao", "xie", "shop", "mall", "outlet", "store", "youpin", "haowu", "fashion",
               "sneaker", "lux", "beauty", "baby", "jiu", "digital", "factory", "vip", "best"]
TLDS = ["com", "cn", "com.cn", "net", "shop", "top", "vip", "xyz"]
STREETS = ["人民路", "解放路", "建设路", "中山路", "工业大道", "商贸城", "物流园", "科技园"]

INTAKE = [  # how the lead came in: (weight, template); {brand}, {item}, {place}, {company}, {shop}
    (22, "群众举报：{place}某仓库存放假冒“{brand}”{item}"),
    (14, "网络巡查发现{platform}店铺“{shop}”涉嫌销售假冒“{brand}”{item}"),
    (12, "权利人投诉{company}生产销售假冒“{brand}”{item}"),
    (10, "寄递渠道发现疑似假冒“{brand}”{item}"),
    (9, "12315平台投诉：{shop}销售的“{brand}”{item}疑似假货"),
    (8, "{place}批发市场多家商户销售假冒“{brand}”{item}"),
    (7, "举报{company}在{platform}销售假冒“{brand}”{item}"),
    (6, "{place}小作坊疑似生产假冒“{brand}”{item}"),
    (5, "电商平台移送：{platform}店铺“{shop}”售假线索"),
    (4, "{company}涉嫌制售侵权{item}"),
    (3, "境外订单疑似假冒“{brand}”{item}出口"),
]
CATEGORY_TITLES = {
    "patent": ["举报{company}生产的{item}假冒他人专利", "{place}市场销售的{item}标注无效专利号"],
    "copyright": ["{platform}店铺“{shop}”销售盗版{item}", "举报{company}印制盗版{item}"],
    "geographic_indication": ["{place}销售假冒地理标志产品“{item}”", "{company}冒用“{item}”地理标志"],
    "import_export": ["海关布控：出口货物疑似侵犯“{brand}”商标权（{item}）",
                      "跨境包裹疑似假冒“{brand}”{item}"],
    "trade_secret": ["{company}前员工涉嫌带走技术资料", "举报{company}侵犯商业秘密"],
    "plant_variety": ["{place}销售套牌{item}", "举报{company}未经许可繁育销售{item}"],
    "other": ["{company}虚假宣传", "{place}商户销售{item}涉嫌虚假标注产地"],
}
DESCRIPTIONS = [
    "举报人称该处长期对外批发，夜间出货，现场约有{n}件货品。",
    "平台监测显示近30日销量{n}件，售价明显低于正品，买家评价提及“做工粗糙”“无防伪码”。",
    "权利人已鉴定样品为侵权产品，提供购买凭证及快递单。",
    "物流网点反映该发件人每周寄出{n}余件包裹，包装无品牌标识。",
    "线索来源可靠，建议联合属地执法部门核查。",
    "",
]


def mobile(rng):
    prefix = rng.choice(["13", "15", "17", "18", "19", "16", "14"])
    return prefix + "%d%08d" % (rng.randrange(0, 10), rng.randrange(0, 10 ** 8))


def fmt_phone(rng, p):
    r = rng.random()
    if r < 0.55:
        return p
    if r < 0.75:
        return "%s %s %s" % (p[:3], p[3:7], p[7:])
    if r < 0.9:
        return "+86 " + p
    return "%s-%s-%s" % (p[:3], p[3:7], p[7:])


def ascii_id(rng):
    return rng.choice(ASCII_WORDS) + rng.choice(["", "_", "-"]) + rng.choice(ASCII_WORDS) + str(rng.randrange(1, 9999))


def shop(rng, brand):
    cn, code, _ = PLATFORM_W.pick(rng)
    shop_id = ascii_id(rng)
    name = brand + rng.choice(SHOP_WORDS) + rng.choice(["店", "馆", "铺", "汇", "小店"])
    return cn, code, shop_id, name


def url(rng):
    domain = ascii_id(rng).replace("_", "-") + "." + rng.choice(TLDS)
    return rng.choice(["https://www.", "http://", "https://m.", "www."]) + domain + \
        rng.choice(["", "/", "/item/%d.html" % rng.randrange(10 ** 5, 10 ** 7), "/shop?id=%d" % rng.randrange(10 ** 4, 10 ** 6)])


def waybill(rng):
    prefix, digits = rng.choice(COURIERS)
    return prefix + "".join(str(rng.randrange(10)) for _ in range(digits))


def wechat(rng):
    return rng.choice("abcdefghjkmnpqrstwxyz") + ascii_id(rng).replace("-", "_")[:18]


PLATFORM_W = gc.Weighted([(p, p[2]) for p in PLATFORMS])


def search_path(code):
    """leads.cc AgencySearchRegions: the region, its prefecture, its province."""
    out = [code]
    pref, prov = code[:4] + "00", code[:2] + "0000"
    if pref != code and pref != prov:
        out.append(pref)
    if prov != code:
        out.append(prov)
    return out


def lead_regions(agencies, regions):
    """Per agency: the region codes whose first market-regulation agency on the search path is that
    agency (a lead there, left without agency_id, lands at it), own region weighted ×3."""
    at = {a["region"]: i for i, a in enumerate(agencies)}
    out = [[] for _ in agencies]
    for code in sorted(regions):
        if code[:2] not in gc.PROVINCE_ABBR:
            continue
        first = next((at[r] for r in search_path(code) if r in at), None)
        if first is None:
            continue
        a = agencies[first]
        if not code.startswith(a["region"][: {"provincial": 2, "prefecture": 4}.get(a["level"], 6)]):
            continue  # outside the officer's region (cannot happen with the rule above; kept safe)
        out[first].extend([code] * (3 if code == a["region"] else 1))
    return out


class Leads:
    def __init__(self, rng, regions):
        self.rng = rng
        self.regions = regions
        self.cats = gc.Weighted(CATEGORIES)
        self.goods = {c: gc.Weighted([(g, g[3]) for g in gs if g[0]]) for c, gs in gc.GOODS.items()}
        self.intake = gc.Weighted([(t, w) for w, t in INTAKE])
        self.casegen = gc.Generator(rng, regions, gc.datetime.date(2025, 12, 31))
        self.rings = []        # open rings: dict(keys=…, left=members still to come)
        self.ring_count = 0
        self.over_cap_shop = "淘宝:quanqiu-haohuo-888"  # reported by 80 leads: over the cap of 50
        self.over_cap_left = 80

    def ring_keys(self, brand):
        rng = self.rng
        cn, code, shop_id, name = shop(rng, brand)
        region = rng.choice(("440300", "350300", "330700", "410100", "320500", "370200"))
        company = self.casegen.city(region) + gc.NAME_1[rng.randrange(len(gc.NAME_1))] + \
            gc.NAME_2[rng.randrange(len(gc.NAME_2))] + rng.choice(["贸易", "商贸", "电子商务", "鞋业"]) + "有限公司"
        keys = [("phone", mobile(rng)), ("web_shop", "%s:%s" % (rng.choice((cn, code)), shop_id)),
                ("wechat", wechat(rng)), ("url", url(rng)),
                ("uscc", gc.make_uscc(rng, "91", region))]
        if rng.random() < 0.5:
            keys.append(("phone", mobile(rng)))
        return {"keys": keys, "company": company, "shop": name, "brand": brand,
                "left": min(8, 2 + int(rng.expovariate(0.6)))}

    def lead(self, agency, region, seq, year):
        rng = self.rng
        category = self.cats.pick(rng)
        item = self.goods[GOODS_OF[category]].pick(rng)[0]
        brand = rng.choice(gc.BRANDS["鞋"] if TERM1 in item else gc.BRANDS["default"])
        obs = {c: [] for c in COLUMNS[5:]}
        ring = None
        if rng.random() < 0.30:
            open_rings = [r for r in self.rings if r["left"] > 0]
            if open_rings and rng.random() < 0.62:
                ring = open_rings[rng.randrange(len(open_rings))]
            else:
                ring = self.ring_keys(brand)
                self.rings.append(ring)
                self.ring_count += 1
                if len(self.rings) > 2000:
                    self.rings = [r for r in self.rings if r["left"] > 0][-1500:]
            ring["left"] -= 1
            brand = ring["brand"]
            for t, v in rng.sample(ring["keys"], rng.choice((1, 1, 2))):
                obs[t].append(fmt_phone(rng, v) if t == "phone" else v)
        # fresh identifiers up to 3–5 observables
        want = rng.choice((3, 3, 4, 4, 5))
        cn, code, shop_id, shop_name = shop(rng, brand)
        city = self.casegen.city(region)
        company = ring["company"] if ring else city + gc.NAME_1[rng.randrange(len(gc.NAME_1))] + \
            gc.NAME_2[rng.randrange(len(gc.NAME_2))] + rng.choice(gc.INDUSTRY["default"]) + "有限公司"
        fresh = [("phone", lambda: fmt_phone(rng, mobile(rng))),
                 ("web_shop", lambda: "%s:%s" % (rng.choice((cn, code)), shop_id)),
                 ("company_name", lambda: company),
                 ("uscc", lambda: gc.make_uscc(rng, rng.choice(("91", "91", "92")), agency["region"])),
                 ("waybill", lambda: waybill(rng)),
                 ("url", lambda: url(rng)),
                 ("wechat", lambda: wechat(rng)),
                 ("address", lambda: "%s%s%d号" % (city, rng.choice(STREETS), rng.randrange(1, 999)))]
        while sum(len(v) for v in obs.values()) < want:
            t, make = fresh[min(len(fresh) - 1, int(rng.expovariate(0.45)))]
            v = make()
            if v not in obs[t]:
                obs[t].append(v)
        if rng.random() < 0.02:
            obs["phone"].append(rng.choice(("13800138000", "无", "12315")))
        if self.over_cap_left > 0 and rng.random() < 0.002:
            obs["web_shop"].append(self.over_cap_shop)
            self.over_cap_left -= 1

        place = self.regions[region]["full"] if region in self.regions else city
        fields = {"brand": brand, "item": item or "商品", "place": place, "company": company,
                  "shop": shop_name, "platform": cn}
        if category in CATEGORY_TITLES:
            title = rng.choice(CATEGORY_TITLES[category]).format(**fields)
        else:
            title = self.intake.pick(rng).format(**fields)
        description = rng.choice(DESCRIPTIONS).format(n=rng.randrange(20, 3000))
        if obs["waybill"] and rng.random() < 0.5:
            description += "关联运单%s。" % obs["waybill"][0]
        ref = "" if rng.random() < 0.1 else "XS%d-%03d-%06d" % (year, agency["index"], seq)
        row = [title, region, category, ref, description] + [";".join(obs[c]) for c in COLUMNS[5:]]
        return row, category, ring is not None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--leads", type=int, required=True)
    ap.add_argument("--regions", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rows-per-file", type=int, default=5000)
    args = ap.parse_args()
    if not 1 <= args.rows_per_file <= 5000:
        sys.exit("--rows-per-file must be 1..5000 (the import's limit)")
    regions = gc.read_regions(args.regions)
    agencies = gc.plan_agencies(regions, random.Random(args.seed))  # the very agencies of the cases
    rng = random.Random(args.seed * 7919 + 11)
    candidates = lead_regions(agencies, regions)
    weights = gc.agency_weights(agencies, rng)
    weights = [w if candidates[i] else 0.0 for i, w in enumerate(weights)]
    counts = gc.split_counts(args.leads, weights)
    for i, a in enumerate(agencies):
        a.update(index=i, leads=counts[i], done=0, part=0, writer=None, fh=None, rows_in_file=0)

    os.makedirs(os.path.join(args.out, "leads"), exist_ok=True)
    gen = Leads(rng, regions)
    expected = {"all": 0, "unassigned": 0, "category": {}, "q1": 0, "q2": 0, "q5": 0, "region": {},
                "agency": {}, "ring": 0}
    files = [[] for _ in agencies]
    ring_rows = []
    # Leads arrive interleaved over agencies (as in real intake), so that a ring's members are filed
    # by different agencies; each agency's rows go to its own files of at most R rows.
    bag = [i for i, a in enumerate(agencies) for _ in range(a["leads"])]
    rng.shuffle(bag)
    for i in bag:
        a = agencies[i]
        if a["writer"] is None or a["rows_in_file"] == args.rows_per_file:
            if a["fh"]:
                a["fh"].close()
            rel = "leads/%03d-%02d.csv" % (i, a["part"])
            a["fh"] = open(os.path.join(args.out, rel), "w", encoding="utf-8", newline="")
            a["writer"] = csv.writer(a["fh"], lineterminator="\n")
            a["writer"].writerow(COLUMNS)
            files[i].append({"file": rel, "agency": a["name"], "rows": 0})
            a["part"] += 1
            a["rows_in_file"] = 0
        region = candidates[i][rng.randrange(len(candidates[i]))]
        a["done"] += 1
        year = 2021 + min(4, int(5 * a["done"] / max(1, a["leads"])))
        row, category, in_ring = gen.lead(a, region, a["done"], year)
        a["writer"].writerow(row)
        if in_ring and (rng.random() < 0.02 or len(ring_rows) < 50):
            ring_rows.append([files[i][-1]["file"], a["rows_in_file"]])
        a["rows_in_file"] += 1
        files[i][-1]["rows"] += 1
        title = row[0]
        expected["all"] += 1
        expected["q1"] += TERM1 in title
        expected["q2"] += TERM2 in title
        expected["q5"] += TERM5 in title
        expected["ring"] += in_ring
        expected["category"][category] = expected["category"].get(category, 0) + 1
        if category in UNASSIGNED:
            expected["unassigned"] += 1
        else:
            expected["agency"][a["name"]] = expected["agency"].get(a["name"], 0) + 1
        for code in {region[:2] + "0000", region[:4] + "00", region}:
            expected["region"][code] = expected["region"].get(code, 0) + 1
    for a in agencies:
        if a["fh"]:
            a["fh"].close()

    ordered = [f for group in itertools.zip_longest(*files) for f in group if f]
    biggest = max(agencies, key=lambda a: expected["agency"].get(a["name"], 0))
    prefecture = next((c for c in gc.COUNTY_PARENTS if c in regions and c != "440300"), "440300")
    manifest = {
        "leads": args.leads, "seed": args.seed, "rows_per_file": args.rows_per_file,
        "columns": COLUMNS, "files": ordered, "rings": gen.ring_count,
        "queries": {"q1": TERM1, "q2": TERM2, "q5": TERM5, "province": "440000",
                    "prefecture": prefecture, "agency": biggest["name"], "category": "trademark",
                    "category_small": "patent"},
        "expected": {"all": expected["all"], "unassigned": expected["unassigned"],
                     "category": expected["category"].get("trademark", 0),
                     "category_small": expected["category"].get("patent", 0),
                     "q1": expected["q1"], "q2": expected["q2"], "q5": expected["q5"],
                     "province": expected["region"].get("440000", 0),
                     "prefecture": expected["region"].get(prefecture, 0),
                     "agency": expected["agency"].get(biggest["name"], 0),
                     "gd_agency": expected["agency"].get("广东省市场监督管理局", 0),
                     "in_rings": expected["ring"]},
        "ring_rows": ring_rows,
    }
    with open(os.path.join(args.out, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=1)
    with open(os.path.join(args.out, "agencies.tsv"), "w", encoding="utf-8") as f:
        for a in agencies:
            f.write("\t".join([a["name"], a["kind"], a["level"], a["region"],
                               "1" if a["demo"] else "0", str(a["leads"])]) + "\n")
    print("generated %d leads for %d agencies in %d files (%d rings, %d leads in rings, %d unassigned)"
          % (args.leads, sum(1 for a in agencies if a["leads"]), len(ordered), gen.ring_count,
             expected["ring"], expected["unassigned"]), file=sys.stderr)


if __name__ == "__main__":
    main()
