#!/usr/bin/env python3
"""Generates marketplace listings that become N monitoring hits (待研判) when scanned.

    gen_hits.py --hits N --regions REGIONS.tsv --out DIR [--seed S] [--rows-per-file R]

Hits exist only as the scanner's verdict on listings (src/app/monitoring/monitoring.cc
ScanListings, POST /api/v1/monitoring/scans): a listing is queued when it names a registered brand
outside the brand's authorised shops AND carries a slang term (高仿, A货, 莆田纯原 …) or a price under
0.4 × the brand's reference price. So the generator writes listings, not hits:

  brands.csv     the brand registry additions in the import template's columns (POST
                 /api/v1/monitoring/brands/import); the demo's six brands (nike, adidas, apple,
                 xiaomi, lv, moutai) are used as they are
  agencies.tsv   the agencies of gen_cases.py, last column = hits
  scans/*.jsonl  one agency per file, at most R listings (the scan limit is 20,000), scanned by an
                 officer of that agency: hits go to the scanning agency's queue in its region.
                 Per file: N/files suspect listings (a brand name and slang, half of them also a
                 price far under the reference), ~8 % honest listings (fair price, no slang, or the
                 brand's authorised shop) that must not be queued, and ~3 % repeats of the agency's
                 earlier suspects (a re-sighting refreshes the queued hit, no new one)
  manifest.json  files in import order with listings and intended new hits, query values and
                 expected counts

Deterministic for a seed; standard library only.
"""

import argparse
import itertools
import json
import os
import random
import sys

import gen_cases as gc
import gen_leads as gl

# (code, name, name_en, names, rights holder, reference price yuan, products, authorised shop)
BRANDS = [
    ("lining", "李宁", "Li-Ning", "李宁|LI-NING", "李宁（中国）体育用品有限公司", 499, ["运动鞋", "篮球鞋", "卫衣", "运动裤"], "tmall:lining-official"),
    ("anta", "安踏", "ANTA", "安踏|ANTA", "安踏（中国）有限公司", 399, ["跑步鞋", "板鞋", "运动外套"], "tmall:anta-official"),
    ("newbalance", "新百伦", "New Balance", "新百伦|New Balance|NB574", "新百伦贸易（中国）有限公司", 799, ["复古跑鞋", "休闲鞋", "老爹鞋"], "tmall:nb-official"),
    ("converse", "匡威", "Converse", "匡威|Converse|1970s", "匡威公司（Converse Inc.）", 569, ["帆布鞋", "高帮帆布鞋"], "tmall:converse-official"),
    ("huawei", "华为", "Huawei", "华为|HUAWEI|Mate60|FreeBuds", "华为技术有限公司", 5999, ["手机", "无线耳机", "智能手表", "平板"], "tmall:huawei-official"),
    ("chanel", "香奈儿", "Chanel", "香奈儿|CHANEL|可可小姐", "香奈儿股份有限公司（CHANEL SARL）", 1200, ["香水", "口红", "手提包", "粉底液"], "tmall:chanel-beauty"),
    ("gucci", "古驰", "Gucci", "古驰|GUCCI", "古乔古希股份公司（Guccio Gucci S.p.A.）", 9800, ["腰带", "手提包", "钱包", "墨镜"], "tmall:gucci-official"),
    ("wuliangye", "五粮液", "Wuliangye", "五粮液|普五", "宜宾五粮液股份有限公司", 1099, ["52度 浓香型白酒 500ml", "整箱 白酒"], "jd:wuliangye-jd"),
    ("esteelauder", "雅诗兰黛", "Estee Lauder", "雅诗兰黛|Estee Lauder|小棕瓶", "雅诗兰黛公司（Estee Lauder Inc.）", 760, ["精华液", "面霜", "眼霜"], "tmall:esteelauder-official"),
    ("lancome", "兰蔻", "Lancome", "兰蔻|LANCOME|小黑瓶", "兰蔻巴黎（Lancome Parfums et Beaute）", 1080, ["精华液", "粉水", "口红"], "tmall:lancome-official"),
    ("dior", "迪奥", "Dior", "迪奥|DIOR|烈艳蓝金", "克里斯汀迪奥香料公司", 380, ["口红", "香水", "粉底液"], "tmall:dior-beauty"),
    ("headshoulders", "海飞丝", "Head & Shoulders", "海飞丝|Head&Shoulders", "宝洁公司（The Procter & Gamble Company）", 69, ["洗发水 750ml", "去屑洗发露"], "tmall:pg-official"),
    ("feihe", "飞鹤", "Feihe", "飞鹤|星飞帆", "黑龙江飞鹤乳业有限公司", 298, ["婴儿奶粉 3段", "奶粉 800g"], "tmall:feihe-official"),
    ("meadjohnson", "美赞臣", "Mead Johnson", "美赞臣|Enfamil|蓝臻", "美赞臣营养品（中国）有限公司", 338, ["奶粉 2段", "婴儿配方奶粉"], "tmall:mjn-official"),
    ("shell", "壳牌", "Shell", "壳牌|Shell|喜力 机油", "壳牌品牌国际股份公司", 289, ["全合成机油 4L", "润滑油"], "tmall:shell-official"),
    ("michelin", "米其林", "Michelin", "米其林|MICHELIN", "米其林集团总公司", 899, ["汽车轮胎", "轮胎 205/55R16"], "tmall:michelin-official"),
    ("hp", "惠普", "HP", "惠普|HP 803|HP 680", "惠普发展公司", 129, ["打印机墨盒", "硒鼓"], "jd:hp-jd-self"),
    ("dyson", "戴森", "Dyson", "戴森|Dyson|Airwrap", "戴森技术有限公司", 3999, ["吹风机", "卷发棒", "吸尘器"], "tmall:dyson-official"),
    ("dji", "大疆", "DJI", "大疆|DJI|Mavic", "深圳市大疆创新科技有限公司", 4999, ["无人机", "云台相机", "运动相机"], "tmall:dji-official"),
    ("gree", "格力", "Gree", "格力|GREE", "珠海格力电器股份有限公司", 2999, ["空调", "电风扇"], "jd:gree-jd-self"),
    ("yadea", "雅迪", "Yadea", "雅迪|YADEA", "雅迪科技集团有限公司", 3299, ["电动自行车", "电动车 新国标", "电动车电池"], "tmall:yadea-official"),
    ("aima", "爱玛", "Aima", "爱玛电动车|AIMA", "爱玛科技集团股份有限公司", 2899, ["电动自行车", "电动车 48V"], "tmall:aima-official"),
    ("rolex", "劳力士", "Rolex", "劳力士|ROLEX|绿水鬼", "劳力士有限公司（Rolex SA）", 68000, ["机械手表", "腕表"], "tmall:rolex-none"),
    ("hermes", "爱马仕", "Hermes", "爱马仕|HERMES|铂金包", "爱马仕国际（Hermes International）", 52000, ["手提包", "丝巾", "皮带"], "tmall:hermes-none"),
    ("zippo", "芝宝", "Zippo", "ZIPPO|芝宝", "芝宝制造公司（Zippo Manufacturing Company）", 399, ["打火机", "煤油打火机"], "tmall:zippo-official"),
    ("swarovski", "施华洛世奇", "Swarovski", "施华洛世奇|SWAROVSKI", "施华洛世奇股份公司", 1290, ["项链", "手链", "耳钉"], "tmall:swarovski-official"),
    ("threesquirrels", "三只松鼠", "Three Squirrels", "三只松鼠", "三只松鼠股份有限公司", 99, ["坚果礼盒", "每日坚果"], "tmall:3songshu-official"),
    ("bosideng", "波司登", "Bosideng", "波司登|BOSIDENG", "波司登羽绒服装有限公司", 1299, ["羽绒服", "长款羽绒服"], "tmall:bosideng-official"),
    ("uniqlo", "优衣库", "Uniqlo", "优衣库|UNIQLO", "迅销（中国）商贸有限公司", 199, ["T恤", "摇粒绒外套", "牛仔裤"], "tmall:uniqlo-official"),
    ("canon", "佳能", "Canon", "佳能|Canon|EOS", "佳能株式会社", 6999, ["单反相机", "镜头", "相机电池"], "jd:canon-jd-self"),
]
# The demo registry (src/app/monitoring/monitoring_demo.cc), scanned as it is.
DEMO = [
    ("nike", "耐克", ["Nike", "耐克", "Air Jordan", "AJ1"], 899, ["运动鞋", "篮球鞋", "Air Force 1 板鞋", "跑步鞋", "卫衣"]),
    ("adidas", "阿迪达斯", ["Adidas", "阿迪达斯", "三叶草"], 799, ["板鞋", "椰子鞋", "运动外套", "运动裤"]),
    ("apple", "苹果", ["iPhone", "AirPods", "iPad"], 5999, ["15 Pro Max 256G", "无线耳机", "平板电脑"]),
    ("xiaomi", "小米", ["Xiaomi", "红米", "Redmi"], 1999, ["手机 K70", "Note13 手机", "Buds 耳机"]),
    ("lv", "路易威登", ["LV", "路易威登", "Louis Vuitton"], 15000, ["老花手提包", "钱包", "双肩包"]),
    ("moutai", "茅台", ["飞天茅台", "茅台"], 1499, ["53度 500ml", "酱香型白酒 整箱"]),
]
SLANG = ["高仿", "超A", "A货", "原单", "1:1", "莆田纯原", "复刻", "精仿", "外贸尾单", "公司级", "顶级版",
         "同厂", "过验", "代工厂", "正品原单"]
FILLER = ["新款", "2024秋冬", "男女同款", "包邮", "现货", "官方同款", "清仓", "特价", "限时秒杀", "热卖"]
PLATFORMS = [("taobao", 34), ("pdd", 24), ("douyin", 13), ("xianyu", 9), ("kuaishou", 7),
             ("weidian", 5), ("xiaohongshu", 4), ("jd", 4)]
TERM1, TERM2 = "鞋", "茅台"


def registry():
    """(code, display name, names, reference yuan, products, authorised shop or None)."""
    out = [(c, n, names, p, prods, None) for c, n, names, p, prods in DEMO]
    for code, name, _, names, _, price, prods, shop in BRANDS:
        out.append((code, name, names.split("|"), price, prods, shop))
    return out


def brands_csv():
    lines = ["code,name,name_en,names,generic_names,context_terms,rights_holder,trademarks,"
             "reference_price_yuan,authorized_shops,active"]
    for code, name, name_en, names, holder, price, _, shop in BRANDS:
        lines.append('%s,%s,%s,%s,,,"%s",,%d.00,%s,是' % (code, name, name_en, names, holder, price, shop))
    return "\r\n".join(lines) + "\r\n"


class Listings:
    def __init__(self, rng):
        self.rng = rng
        self.brands = registry()
        # demo brands and the big consumer brands more often
        self.brand_w = gc.Weighted([(b, 6 if i < 6 else 2 if b[3] < 2000 else 1)
                                    for i, b in enumerate(self.brands)])
        self.platform_w = gc.Weighted(PLATFORMS)

    def shop(self, agency, brand_name):
        rng = self.rng
        pool = agency["shops"]
        if pool and rng.random() < 0.7:
            return pool[rng.randrange(len(pool))]
        platform = self.platform_w.pick(rng)
        shop_id = gl.ascii_id(rng)
        name = agency["city"] + rng.choice(gl.SHOP_WORDS) + rng.choice(["店", "馆", "铺", "汇", "小店", "工厂店"])
        s = (platform, shop_id, name)
        pool.append(s)
        if len(pool) > 400:
            del pool[: len(pool) - 400]
        return s

    def listing(self, agency, suspect):
        rng = self.rng
        code, name, names, ref, prods, auth = self.brand_w.pick(rng)
        shown = rng.choice(names)
        product = rng.choice(prods)
        platform, shop_id, shop_name = self.shop(agency, name)
        words = [shown, product]
        if rng.random() < 0.5:
            words.append(rng.choice(FILLER))
        if suspect:
            slang = rng.choice(SLANG)
            if rng.random() < 0.5:
                words.insert(0, "【%s】" % slang)
            else:
                words.append(slang)
            factor = rng.uniform(0.05, 0.35) if rng.random() < 0.5 else rng.uniform(0.45, 0.95)
        else:
            factor = rng.uniform(0.8, 1.15)
            if auth and rng.random() < 0.3:
                platform, shop_id = auth.split(":")
                shop_name = name + "官方旗舰店"
                factor = rng.uniform(0.4, 1.0)  # even cheap: the authorised shop is never queued
        title = " ".join(words)
        agency["seq"] += 1
        lid = "%s%d-%07d" % (platform[:2].upper(), agency["index"], agency["seq"])
        price = max(100, int(ref * 100 * factor))
        return {"id": lid, "platform": platform, "shop_id": shop_id, "shop_name": shop_name,
                "title": title, "price_fen": price}, code


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--hits", type=int, required=True)
    ap.add_argument("--regions", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rows-per-file", type=int, default=20000)
    args = ap.parse_args()
    if not 1 <= args.rows_per_file <= 20000:
        sys.exit("--rows-per-file must be 1..20000 (the scan's limit)")
    regions = gc.read_regions(args.regions)
    agencies = gc.plan_agencies(regions, random.Random(args.seed))
    rng = random.Random(args.seed * 104729 + 3)
    counts = gc.split_counts(args.hits, gc.agency_weights(agencies, rng))
    gen = Listings(rng)
    cities = gc.Generator(rng, regions, gc.datetime.date(2025, 12, 31))
    os.makedirs(os.path.join(args.out, "scans"), exist_ok=True)
    expected = {"all": 0, "brand": {}, "platform": {}, "q1": 0, "q2": 0, "agency": {}, "region": {}}
    files = []
    samples = {"shop": {}, "listing": []}
    # per file: suspects + honest (8 %) + repeats (3 %) ≤ R listings
    per_file = max(1, int(args.rows_per_file / 1.12))  # + honest 8 % and repeats 3 %, rounded up
    for i, (agency, count) in enumerate(zip(agencies, counts)):
        agency.update(index=i, seq=0, shops=[], hits=count, city=cities.city(agency["region"]))
        agency_files, earlier = [], []
        for part in range((count + per_file - 1) // per_file):
            n = min(per_file, count - part * per_file)
            lines, new = [], 0
            honest = int(n * 0.08 + rng.random())
            for _ in range(n):
                listing, code = gen.listing(agency, True)
                lines.append(listing)
                earlier.append(listing)
                new += 1
                expected["brand"][code] = expected["brand"].get(code, 0) + 1
                expected["platform"][listing["platform"]] = expected["platform"].get(listing["platform"], 0) + 1
                text = listing["title"] + "\n" + listing["shop_name"]
                expected["q1"] += TERM1 in text
                expected["q2"] += TERM2 in text
                key = listing["shop_name"]
                samples["shop"][key] = samples["shop"].get(key, 0) + 1
                if rng.random() < 0.0005 or not samples["listing"]:
                    samples["listing"].append(listing["id"])
            for _ in range(honest):
                lines.append(gen.listing(agency, False)[0])
            for _ in range(int(n * 0.03 + rng.random())):  # seen again: refreshes its hit
                lines.append(dict(earlier[rng.randrange(len(earlier))]))
            if len(earlier) > 50000:
                del earlier[: len(earlier) - 50000]
            rng.shuffle(lines)
            rel = "scans/%03d-%02d.jsonl" % (i, part)
            with open(os.path.join(args.out, rel), "w", encoding="utf-8") as f:
                for listing in lines:
                    f.write(json.dumps(listing, ensure_ascii=False, separators=(",", ":")) + "\n")
            agency_files.append({"file": rel, "agency": agency["name"], "rows": new, "listings": len(lines)})
        files.append(agency_files)
        expected["all"] += count
        expected["agency"][agency["name"]] = count
        for code in {agency["region"][:2] + "0000", agency["region"][:4] + "00", agency["region"]}:
            expected["region"][code] = expected["region"].get(code, 0) + count
    with open(os.path.join(args.out, "brands.csv"), "w", encoding="utf-8") as f:
        f.write(brands_csv())
    ordered = [f for group in itertools.zip_longest(*files) for f in group if f]
    biggest = max(agencies, key=lambda a: a["hits"])
    # a shop name held by a few dozen hits (a search for a shop), and a listing id (exact)
    shop = sorted(samples["shop"].items(), key=lambda kv: (abs(kv[1] - 30), kv[0]))[0]
    listing = samples["listing"][len(samples["listing"]) // 2]
    manifest = {
        "hits": args.hits, "seed": args.seed, "rows_per_file": args.rows_per_file, "files": ordered,
        "listings": sum(f["listings"] for f in ordered), "brands_added": len(BRANDS),
        "queries": {"q1": TERM1, "q2": TERM2, "shop": shop[0], "listing": listing, "brand": "nike",
                    "platform": "taobao", "agency": biggest["name"]},
        "expected": {"all": expected["all"], "brand": expected["brand"].get("nike", 0),
                     "platform": expected["platform"].get("taobao", 0), "q1": expected["q1"],
                     "q2": expected["q2"], "shop": shop[1], "listing": 1,
                     "province": expected["region"].get("440000", 0),
                     "agency": biggest["hits"],
                     "gd_agency": expected["agency"].get("广东省市场监督管理局", 0)},
    }
    with open(os.path.join(args.out, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=1)
    with open(os.path.join(args.out, "agencies.tsv"), "w", encoding="utf-8") as f:
        for a in agencies:
            f.write("\t".join([a["name"], a["kind"], a["level"], a["region"],
                               "1" if a["demo"] else "0", str(a["hits"])]) + "\n")
    print("generated %d listings (%d to be queued) for %d agencies in %d files (largest: %s, %d)"
          % (manifest["listings"], args.hits, sum(1 for a in agencies if a["hits"]), len(ordered),
             biggest["name"], biggest["hits"]), file=sys.stderr)


if __name__ == "__main__":
    main()
