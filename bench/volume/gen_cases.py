#!/usr/bin/env python3
"""Generates N administrative IP-infringement cases as CSV files in the product's import template.

    gen_cases.py --cases N --regions REGIONS.tsv --out DIR [--seed S] [--rows-per-file R]
                 [--end-date YYYY-MM-DD]

REGIONS.tsv is `ipenforce region children` output for the provinces, their children and the
prefectures' children (code, full name, level, parent; bench/volume/run.sh writes it).

DIR receives:
  agencies.tsv   name, kind, level, region, demo (1 = created by `ipenforce demo`), cases
  cases/*.csv    one agency per file, at most R rows each, header = GET /api/v1/cases/import/template
  manifest.json  files (file → agency, rows, in import order), the query values the benchmark uses and
                 the number of generated cases each should find ("expected")

Deterministic: the same N, seed, end date and regions give byte-identical output. Standard library
only. Everything the import validates (src/http/api_cases.cc CasesFromRows, src/app/cases.cc
ValidateCaseInput) is respected: category/source/conduct codes, yuan with two decimals, act dates not
after the end date, USCC with correct GB 32100 and GB 11714 check characters, case numbers unique
per agency.
"""

import argparse
import bisect
import csv
import datetime
import io
import itertools
import json
import os
import random
import sys

COLUMNS = ["case_number", "title", "category", "conduct", "source", "campaign_tags",
           "act_date_from", "act_date_to", "goods", "illegal_business_yuan", "illegal_gains_yuan",
           "sales_yuan", "unsold_value_yuan", "loss_yuan", "marks", "copies", "rights_involved",
           "party_name", "party_uscc", "channel", "trade", "goods_class"]

# The terms the benchmark searches for (q=…): 1, 2 and 5 characters, common but not universal.
TERM1, TERM2, TERM5 = "鞋", "奶粉", "电动自行车"

# Market-regulation agencies that `ipenforce demo` creates (src/app/accounts/accounts_demo.cc): cases go to them too,
# so that the demo officers and prosecutors see generated cases.
DEMO_AGENCIES = [
    ("上海市市场监督管理局", "provincial", "310000"),
    ("上海市浦东新区市场监督管理局", "county", "310115"),
    ("广东省市场监督管理局", "provincial", "440000"),
    ("深圳市市场监督管理局", "prefecture", "440300"),
    ("北京市市场监督管理局", "provincial", "110000"),
]

PROVINCE_ABBR = {
    "11": "京", "12": "津", "13": "冀", "14": "晋", "15": "蒙", "21": "辽", "22": "吉", "23": "黑",
    "31": "沪", "32": "苏", "33": "浙", "34": "皖", "35": "闽", "36": "赣", "37": "鲁", "41": "豫",
    "42": "鄂", "43": "湘", "44": "粤", "45": "桂", "46": "琼", "50": "渝", "51": "川", "52": "贵",
    "53": "云", "54": "藏", "61": "陕", "62": "甘", "63": "青", "64": "宁", "65": "新",
}
# Provinces with more enforcement (more agencies sampled, more cases per agency).
BIG_PROVINCES = {"44": 1.3, "33": 1.6, "32": 1.6, "31": 1.8, "37": 1.5, "35": 1.5, "11": 1.8,
                 "51": 1.3, "42": 1.3, "41": 1.3}
# Prefectures whose district bureaus are added (county level), as region-subtree test beds.
COUNTY_PARENTS = ["440300", "440100", "330100", "320500", "510100", "420100", "330200", "370200"]

# ---- vocabulary ---------------------------------------------------------------------------------
# category → (weight, [(conduct or None, weight)])
CATEGORIES = [
    ("trademark", 55, [("sell_counterfeit_goods", 58), ("counterfeit_trademark", 28),
                       ("illegal_marks", 6), (None, 8)]),
    ("substandard_product", 15, [("substandard_products", 85), (None, 15)]),
    ("copyright", 8, [("sell_infringing_copies", 55), ("copyright_infringement", 40), (None, 5)]),
    ("patent", 6, [("patent_passing_off", 85), (None, 15)]),
    ("fake_agricultural_input", 5, [("fake_agricultural_inputs", 85), (None, 15)]),
    ("other", 4, [(None, 100)]),
    ("geographic_indication", 3, [("sell_counterfeit_goods", 60), ("counterfeit_trademark", 20),
                                  (None, 20)]),
    ("fake_drug", 2, [("fake_drugs", 45), ("substandard_drugs", 45), (None, 10)]),
    ("plant_variety", 1, [(None, 100)]),
    ("trade_secret", 1, [("trade_secret", 90), (None, 10)]),
]
SOURCES = [("inspection", 40), ("complaint", 25), ("monitoring", 12), ("transfer", 10),
           ("report", 10), ("customs", 3)]

# goods by category: (item, unit, typical quantity, weight). Shoes ≈ a fifth of trademark cases.
GOODS = {
    "trademark": [
        ("运动鞋", "双", 300, 14), ("皮鞋", "双", 120, 4), ("帆布鞋", "双", 200, 3), ("童鞋", "双", 150, 2),
        ("T恤", "件", 400, 6), ("羽绒服", "件", 80, 4), ("牛仔裤", "条", 200, 4), ("手提包", "个", 60, 6),
        ("手表", "块", 40, 4), ("香水", "瓶", 100, 4), ("化妆品", "套", 120, 5), ("洗发水", "瓶", 500, 5),
        ("白酒", "瓶", 240, 6), ("啤酒", "箱", 100, 3), ("奶粉", "罐", 600, 4), ("卷烟", "条", 300, 5),
        ("手机壳", "个", 1000, 3), ("蓝牙耳机", "副", 300, 4), ("充电器", "个", 500, 3),
        ("电池", "节", 3000, 2), ("润滑油", "桶", 80, 3), ("轮胎", "条", 60, 2), ("汽车配件", "件", 300, 3),
        ("打印机墨盒", "个", 400, 2), ("太阳镜", "副", 200, 2), ("帽子", "顶", 300, 2), ("玩具", "件", 500, 3),
        ("电动自行车", "辆", 30, 1),
    ],
    "substandard_product": [
        ("电线电缆", "米", 5000, 8), ("电动自行车", "辆", 40, 8), ("插座", "个", 800, 6),
        ("儿童玩具", "件", 600, 5), ("灭火器", "具", 200, 4), ("安全头盔", "顶", 300, 5),
        ("燃气灶", "台", 50, 3), ("钢筋", "吨", 30, 3), ("口罩", "只", 20000, 3), ("奶粉", "罐", 400, 3),
        ("食用油", "桶", 300, 4), ("童鞋", "双", 300, 2), ("劳保鞋", "双", 400, 2), ("化妆品", "盒", 300, 3),
        ("水泥", "吨", 50, 2),
    ],
    "copyright": [("图书", "册", 3000, 8), ("教辅资料", "册", 2000, 6), ("光盘", "张", 1500, 3),
                  ("盗版软件", "套", 100, 3), ("动漫周边", "件", 800, 3), ("毛绒玩偶", "个", 600, 2)],
    "patent": [("节能灯", "个", 2000, 3), ("水龙头", "个", 800, 3), ("锁具", "把", 600, 2),
               ("保健食品", "盒", 500, 3), ("电动自行车", "辆", 30, 1), ("净水器", "台", 100, 2)],
    "fake_agricultural_input": [("农药", "瓶", 2000, 5), ("化肥", "吨", 40, 5), ("种子", "公斤", 1500, 4),
                                ("兽药", "瓶", 800, 2), ("饲料", "吨", 30, 2)],
    "fake_drug": [("感冒药", "盒", 500, 3), ("降压药", "瓶", 300, 2), ("胶囊", "粒", 20000, 2),
                  ("医用口罩", "只", 30000, 2), ("中药饮片", "公斤", 200, 2)],
    "geographic_indication": [("五常大米", "公斤", 3000, 3), ("西湖龙井茶", "斤", 200, 3),
                              ("阳澄湖大闸蟹", "只", 2000, 2), ("金华火腿", "只", 300, 2),
                              ("赣南脐橙", "箱", 500, 2), ("库尔勒香梨", "箱", 400, 1)],
    "plant_variety": [("玉米种子", "公斤", 3000, 3), ("水稻种子", "公斤", 2500, 3), ("小麦种子", "公斤", 2000, 2)],
    "trade_secret": [("技术图纸", "份", 30, 2), ("客户名单", "份", 5, 1), ("", "", 0, 2)],
    "other": [("保健食品", "盒", 300, 2), ("电子烟", "支", 800, 2), ("运动鞋", "双", 100, 1),
              ("", "", 0, 2)],
}
# Issue 18's dimensions. The goods' Nice class (data/classification/nice_goods_classes.tsv) by item;
# items not listed (technical drawings, customer lists) have none.
NICE_CLASS = {
    "运动鞋": "25", "皮鞋": "25", "帆布鞋": "25", "童鞋": "25", "T恤": "25", "羽绒服": "25", "牛仔裤": "25",
    "帽子": "25", "劳保鞋": "25", "手提包": "18", "手表": "14", "香水": "03", "化妆品": "03", "洗发水": "03",
    "白酒": "33", "啤酒": "32", "奶粉": "29", "卷烟": "34", "电子烟": "34", "手机壳": "09", "蓝牙耳机": "09",
    "充电器": "09", "电池": "09", "光盘": "09", "盗版软件": "09", "打印机墨盒": "02", "太阳镜": "09",
    "润滑油": "04", "轮胎": "12", "汽车配件": "12", "电动自行车": "12", "玩具": "28", "儿童玩具": "28",
    "毛绒玩偶": "28", "动漫周边": "28", "电线电缆": "09", "插座": "09", "灭火器": "09", "安全头盔": "09",
    "燃气灶": "11", "节能灯": "11", "水龙头": "11", "净水器": "11", "钢筋": "06", "锁具": "06", "水泥": "19",
    "口罩": "05", "医用口罩": "10", "食用油": "29", "图书": "16", "教辅资料": "16", "保健食品": "05",
    "农药": "05", "兽药": "05", "化肥": "01", "种子": "31", "玉米种子": "31", "水稻种子": "31",
    "小麦种子": "31", "饲料": "31", "感冒药": "05", "降压药": "05", "胶囊": "05", "中药饮片": "05",
    "五常大米": "30", "西湖龙井茶": "30", "阳澄湖大闸蟹": "31", "金华火腿": "29", "赣南脐橙": "31",
    "库尔勒香梨": "31",
}


def dimensions(rng, source, item):
    """channel, trade, goods_class of a case: customs cases are import/export of goods offline,
    monitoring cases online, others mostly domestic with a share online; about one case in eight
    leaves channel and trade empty (未填写), as older records would. Drawn from their own rng so that
    the other columns are what they were before these were added."""
    goods_class = NICE_CLASS.get(item, "")
    if source == "customs":
        return "offline", ("import" if rng.random() < 0.6 else "export"), goods_class
    if rng.random() < 0.12:
        return "", "", goods_class
    channel = "online" if source == "monitoring" or rng.random() < 0.3 else "offline"
    r = rng.random()
    trade = "domestic" if r < 0.93 else ("export" if r < 0.97 else "import")
    return channel, trade, goods_class


BRANDS = {  # marks commonly counterfeited, by goods
    "鞋": ["耐克", "阿迪达斯", "李宁", "安踏", "新百伦", "匡威"],
    "default": ["耐克", "阿迪达斯", "李宁", "华为", "小米", "苹果", "香奈儿", "路易威登", "古驰",
                "茅台", "五粮液", "雅诗兰黛", "海飞丝", "飞鹤", "美赞臣", "壳牌", "米其林", "惠普"],
}
NAME_1 = "鑫华恒宏金永瑞佳新顺利博汇嘉锦天鸿万优盛和联亿富康美星银兴泰昌隆德"
NAME_2 = "盛强通达源泰丰美创发远禾程成运家品信众琪辰河旺晟诚宇邦合辉"
INDUSTRY = {
    "default": ["贸易", "商贸", "电子商务", "科技", "实业", "进出口", "日用品", "供应链"],
    "鞋": ["鞋业", "服饰", "贸易"], "奶粉": ["食品", "母婴用品", "商贸"],
    "电动自行车": ["电动车", "车业", "机电"], "copyright": ["文化传播", "图书", "印务"],
    "fake_drug": ["医药", "大药房", "药业"], "fake_agricultural_input": ["农资", "农业科技", "种业"],
    "plant_variety": ["种业", "农业科技"], "substandard_product": ["电器", "五金", "建材", "商贸"],
}
SHOP = {"鞋": "鞋店", "fake_drug": "药店", "fake_agricultural_input": "农资店", "copyright": "书店",
        "default": "商行"}
# campaign per category (year appended); 昆仑 (police) joins some of them.
CAMPAIGN = {"copyright": ["剑网", "秋风"], "fake_agricultural_input": ["农资打假", "铁拳"],
            "default": ["铁拳"]}

# Criminal thresholds used to place amounts clearly over or clearly under them (rules/thresholds/*).
# conduct → (field that carries the over-threshold amount, threshold in yuan or count)
OVER_FIELD = {
    "counterfeit_trademark": ("illegal_business", 50000), "sell_counterfeit_goods": ("sales", 50000),
    "illegal_marks": ("marks", 20000), "patent_passing_off": ("illegal_business", 200000),
    "copyright_infringement": ("illegal_business", 50000),
    "sell_infringing_copies": ("illegal_gains", 100000), "trade_secret": ("loss", 600000),
    "substandard_products": ("sales", 50000), "fake_agricultural_inputs": ("loss", 20000),
}
OVER_SHARE = 0.14  # of the cases with a thresholded conduct and an act date (fake_drugs always meet)

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]
ORG_BODY_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # letters valid in both alphabets


USCC_VALUE = {c: i for i, c in enumerate(USCC_ALPHABET)}
ORG_VALUE = {c: int(c, 36) for c in ORG_BODY_CHARS}  # GB 11714: 0–9, A=10 … Z=35


def org_check(body8):
    """GB 11714 check character (src/core/ids.cc OrgCodeCheckChar)."""
    s = sum(ORG_VALUE[c] * w for c, w in zip(body8, ORG_WEIGHTS))
    check = 11 - s % 11
    return "X" if check == 10 else "0" if check == 11 else str(check)


def uscc_check(first17):
    """GB 32100 check character (src/core/ids.cc UsccCheckChar)."""
    s = sum(USCC_VALUE[c] * w for c, w in zip(first17, USCC_WEIGHTS))
    return USCC_ALPHABET[(31 - s % 31) % 31]


def make_uscc(rng, kind_digits, region):
    """kind (91 enterprise, 92 individual business) + registration region + a GB 11714
    organisation code (8 characters and its check) + the GB 32100 check character."""
    r = rng.getrandbits(40)
    if r & 1:  # newer codes: MA + 6 characters
        r >>= 1
        chars = []
        for _ in range(6):
            r, k = divmod(r, 31)
            chars.append(ORG_BODY_CHARS[k])
        body = "MA" + "".join(chars)
    else:
        body = "%08d" % ((r >> 1) % 100000000)
    first17 = kind_digits + region + body + org_check(body)
    return first17 + uscc_check(first17)


class Weighted:
    """Fast weighted choice over fixed items."""

    def __init__(self, pairs):
        self.items = [p[0] for p in pairs]
        self.cum = list(itertools.accumulate(p[1] for p in pairs))
        self.total = self.cum[-1]

    def pick(self, rng):
        return self.items[bisect.bisect_right(self.cum, rng.random() * self.total)]


def yuan(fen):
    return "%d.%02d" % divmod(fen, 100)


# ---- regions and agencies -----------------------------------------------------------------------
def read_regions(path):
    regions = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 3 and len(parts[0]) == 6:
                regions[parts[0]] = {"code": parts[0], "full": parts[1], "level": parts[2],
                                     "parent": parts[3] if len(parts) > 3 else ""}
    return regions


def plan_agencies(regions, rng):
    """The market-regulation agencies cases are spread over: demo ones, one per province, ~100
    prefecture bureaus (all of Guangdong, Zhejiang and Jiangsu, a sample elsewhere), district
    bureaus in a few big cities and in the municipalities."""
    provinces = sorted(c for c, r in regions.items() if r["level"] == "province" and c[:2] in PROVINCE_ABBR)
    children = {}
    for c, r in sorted(regions.items()):
        children.setdefault(r["parent"], []).append(c)
    agencies, names = [], set()

    def add(name, level, code, demo=False):
        if name in names:
            return
        names.add(name)
        agencies.append({"name": name, "kind": "market_regulation", "level": level, "region": code,
                         "demo": demo})

    for name, level, code in DEMO_AGENCIES:
        add(name, level, code, True)
    for p in provinces:
        add(regions[p]["full"] + "市场监督管理局", "provincial", p)
    prefectures = [c for p in provinces for c in children.get(p, [])
                   if regions[c]["level"] == "prefecture" and "直辖" not in regions[c]["full"]]
    must = [c for c in prefectures if c[:2] in ("44", "33", "32")]
    rest = [c for c in prefectures if c not in must]
    weights = [BIG_PROVINCES.get(c[:2], 1.0) for c in rest]
    chosen = set(must)
    while len(chosen) < min(100, len(prefectures)):
        chosen.add(rng.choices(rest, weights)[0])
    for c in sorted(chosen):
        add(short_name(regions, c) + "市场监督管理局", "prefecture", c)
    # districts: 3 per municipality (their children are counties), 3 in each COUNTY_PARENTS city
    for parent in [p for p in provinces if p[:2] in ("11", "12", "31", "50")] + COUNTY_PARENTS:
        kids = [c for c in children.get(parent, []) if regions[c]["level"] == "county"]
        for c in rng.sample(kids, min(3, len(kids))):
            name = short_name(regions, c)
            own = regions[c]["full"][len(regions.get(parent, {"full": ""})["full"]):]
            if parent[:2] not in ("11", "12", "31", "50") and own.endswith("市"):
                name = own  # a county-level city: 平度市市场监督管理局
            add(name + "市场监督管理局", "county", c)
    return agencies


def short_name(regions, code):
    """深圳市 for 440300, 深圳市南山区 for 440305, 北京市朝阳区 for 110105 (full name without the
    province, except for municipalities whose province name is the city)."""
    full = regions[code]["full"]
    prov = regions.get(code[:2] + "0000")
    if prov and full.startswith(prov["full"]) and code[:2] not in ("11", "12", "31", "50"):
        return full[len(prov["full"]):]
    return full


def case_prefixes(agencies, regions):
    """A case-number prefix per agency, unique: 粤 for 广东省, 粤深 for 深圳市, 粤深南 for 南山区,
    沪浦 for 浦东新区 …"""
    used, out = set(), []
    for a in agencies:
        code = a["region"]
        base = PROVINCE_ABBR[code[:2]]
        province = regions[code[:2] + "0000"]["full"]
        full = regions[code]["full"] if code in regions else ""
        if a["level"] == "provincial":
            name = ""
        elif code[:2] in ("11", "12", "31", "50") or a["level"] == "prefecture":
            name = full[len(province):]                      # 浦东新区, 深圳市
        else:
            pref = regions.get(code[:4] + "00", {"full": province})["full"]
            name = pref[len(province):][:1] + full[len(pref):]  # 深 + 南山区
        prefix = base
        for n in range(1, len(name) + 1):
            prefix = base + name[:n]
            if prefix not in used and (n > 1 or a["level"] != "county" or len(name) == 1):
                break
        i = 2
        while prefix in used:
            prefix = base + name + str(i)
            i += 1
        used.add(prefix)
        out.append(prefix)
    return out


# ---- cases --------------------------------------------------------------------------------------
class Generator:
    def __init__(self, rng, regions, end_date):
        self.rng = rng
        self.dim_rng = random.Random("dims:" + str(rng.getstate()[1][:8]))  # does not draw from rng
        self.regions = regions
        self.end = end_date
        self.start = datetime.date(2019, 1, 1)
        self.span = (end_date - self.start).days
        self.categories = Weighted([(c, w) for c, w, _ in CATEGORIES])
        self.conducts = {c: Weighted(cs) for c, _, cs in CATEGORIES}
        self.sources = Weighted(SOURCES)
        self.goods = {c: Weighted([(g, g[3]) for g in gs]) for c, gs in GOODS.items()}
        self.dates = [(self.start + datetime.timedelta(days=d)).isoformat() for d in range(self.span + 1)]
        # more recent years have more cases: day index weighted linearly 1 → 2
        self.day_cum = list(itertools.accumulate(1 + d / self.span for d in range(self.span + 1)))
        self.prefectures = {}
        self.city_names = {}
        self.repeats = {}  # credit code → cases, for the codes that occur more than once
        for c, r in regions.items():
            if r["level"] == "prefecture":
                self.prefectures.setdefault(c[:2], []).append(c)

    def day(self):
        return bisect.bisect_left(self.day_cum, self.rng.random() * self.day_cum[-1])

    def city(self, region):
        """The city part of company names: 深圳 for cases of 深圳/南山区 or of 广东省 (random city)."""
        code = region
        if code[:2] in ("11", "12", "31", "50"):
            code = code[:2] + "0000"
        elif code.endswith("0000"):
            codes = self.prefectures.get(code[:2], [code])
            code = codes[int(self.rng.random() * len(codes))]
        elif not code.endswith("00"):
            code = code[:4] + "00"
        name = self.city_names.get(code)
        if name is None:
            name = short_name(self.regions, code) if code in self.regions else "某地"
            for suffix in ("市", "地区", "盟"):
                if name.endswith(suffix) and len(name) > len(suffix) + 1:
                    name = name[: -len(suffix)]
                    break
            else:
                name = name[:2]
            self.city_names[code] = name
        return name

    def party(self, agency, category, item):
        rng = self.rng
        pool = agency["parties"]
        if pool and rng.random() < 0.08:  # a repeat party of this agency
            p = rng.choice(pool)
            if p[1]:
                self.repeats[p[1]] = self.repeats.get(p[1], 1) + 1
            return p
        key = "鞋" if TERM1 in item else item if item in (TERM2, TERM5) else category
        word = NAME_1[int(rng.random() * len(NAME_1))] + NAME_2[int(rng.random() * len(NAME_2))]
        city = self.city(agency["region"])
        if rng.random() < 0.15:  # individual business (个体工商户): USCC starts with 92
            name = city + word + SHOP.get(key, SHOP["default"])
            uscc = make_uscc(rng, "92", agency["region"])
        else:
            industry = rng.choice(INDUSTRY.get(key, INDUSTRY["default"]))
            name = city + word + industry + rng.choice(("有限公司", "有限公司", "有限责任公司"))
            uscc = make_uscc(rng, "91", agency["region"])
        if rng.random() < 0.04:
            uscc = ""  # code not recorded
        p = (name, uscc)
        pool.append(p)
        if len(pool) > 300:
            del pool[: len(pool) - 300]
        return p

    def case(self, agency, prefix):
        rng = self.rng
        category = self.categories.pick(rng)
        conduct = self.conducts[category].pick(rng)
        source = self.sources.pick(rng)
        item, unit, qty, _ = self.goods[category].pick(rng)
        has_date = rng.random() < 0.93 or conduct == "fake_drugs"
        d = self.day()
        act_from = self.dates[d] if has_date else ""
        act_to = ""
        if has_date and rng.random() < 0.5:
            act_to = self.dates[min(self.span, d + rng.randrange(1, 240))]
        year = int(self.dates[d][:4])
        if rng.random() < 0.2 and year < self.end.year:
            year += 1  # filed the year after the act
        over = has_date and (conduct == "fake_drugs" or (conduct in OVER_FIELD and rng.random() < OVER_SHARE))

        # amounts (fen); under-threshold values stay well under every threshold of every regime
        amounts = {"illegal_business": None, "illegal_gains": None, "sales": None, "unsold_value": None,
                   "loss": None, "marks": None, "copies": None, "rights": None}

        def small(lo=200, hi=19000):
            return int(lo * 100 * (hi / lo) ** rng.random())

        if conduct in ("counterfeit_trademark", "patent_passing_off", "copyright_infringement", None):
            amounts["illegal_business"] = small()
            if rng.random() < 0.4:
                amounts["illegal_gains"] = amounts["illegal_business"] // rng.randrange(3, 10)
        if conduct in ("sell_counterfeit_goods", "substandard_products", "fake_drugs",
                       "substandard_drugs", "sell_infringing_copies", "fake_agricultural_inputs"):
            amounts["sales"] = small()
            if rng.random() < 0.5:
                amounts["unsold_value"] = small(100, 25000)
            if rng.random() < 0.3:
                amounts["illegal_gains"] = amounts["sales"] // rng.randrange(3, 10)
        if conduct == "illegal_marks":
            amounts["marks"] = int(200 * 40 ** rng.random())
            amounts["illegal_business"] = small(100, 9000)
        if conduct in ("copyright_infringement", "sell_infringing_copies"):
            amounts["copies"] = int(20 * 20 ** rng.random())
        if conduct == "trade_secret":
            amounts["loss"] = small(5000, 200000)
        if conduct == "fake_agricultural_inputs":
            amounts["loss"] = small(500, 15000)
        if conduct in ("counterfeit_trademark", "illegal_marks", "sell_counterfeit_goods") and rng.random() < 0.7:
            amounts["rights"] = 1
        if over and conduct in OVER_FIELD:
            field, threshold = OVER_FIELD[conduct]
            factor = 1.05 * 20 ** rng.random()
            if field == "marks":
                amounts["marks"] = int(threshold * factor)
            else:
                amounts[field] = int(threshold * 100 * factor)
            if rng.random() < 0.15 and amounts["rights"]:
                amounts["rights"] = 2
        if over and conduct == "fake_drugs":
            amounts["sales"] = small(500, 300000)

        goods = ""
        if item:
            n = max(1, int(qty * (0.2 + 2 * rng.random()) * (5 if over else 1)))
            goods = "%s %d %s" % (item, n, unit)
            if rng.random() < 0.25:  # a second item
                item2, unit2, qty2, _ = self.goods[category].pick(rng)
                if item2 and item2 != item:
                    goods += "、%s %d %s" % (item2, max(1, int(qty2 * rng.random())), unit2)
        party_name, uscc = self.party(agency, category, item)
        title = self.title(party_name, category, conduct, item)

        tags = ""
        if rng.random() < 0.3 and year >= 2019:
            camp = rng.choice(CAMPAIGN.get(category, CAMPAIGN["default"]))
            if source == "customs":
                camp = "龙腾"
            tags = "%s%d" % (camp, year)
            if rng.random() < 0.15:
                tags += "|昆仑%d" % year
        seq = agency["seq"].get(year, 1000) + 1
        agency["seq"][year] = seq
        number = "%s市监案〔%d〕%d号" % (prefix, year, seq)
        a = amounts
        row = [number, title, category, conduct or "", source, tags, act_from, act_to, goods,
               yuan(a["illegal_business"]) if a["illegal_business"] is not None else "",
               yuan(a["illegal_gains"]) if a["illegal_gains"] is not None else "",
               yuan(a["sales"]) if a["sales"] is not None else "",
               yuan(a["unsold_value"]) if a["unsold_value"] is not None else "",
               yuan(a["loss"]) if a["loss"] is not None else "",
               "" if a["marks"] is None else str(a["marks"]),
               "" if a["copies"] is None else str(a["copies"]),
               "" if a["rights"] is None else str(a["rights"]),
               party_name, uscc] + list(dimensions(self.dim_rng, source, item))
        return row, over

    def title(self, party, category, conduct, item):
        rng = self.rng
        brand = rng.choice(BRANDS["鞋"] if TERM1 in item else BRANDS["default"])
        if conduct == "sell_counterfeit_goods":
            if category == "geographic_indication":
                return "%s销售假冒“%s”地理标志商品案" % (party, item)
            return rng.choice(["%s销售假冒注册商标的商品案" % party,
                               "%s销售侵犯“%s”注册商标专用权的%s案" % (party, brand, item or "商品")])
        if conduct == "counterfeit_trademark":
            return rng.choice(["%s假冒注册商标案" % party, "%s生产假冒“%s”注册商标%s案" % (party, brand, item)])
        titles = {
            "illegal_marks": "%s非法制造、销售注册商标标识案",
            "patent_passing_off": "%s假冒专利案",
            "copyright_infringement": "%s侵犯著作权案",
            "sell_infringing_copies": "%s销售侵权复制品案",
            "trade_secret": "%s侵犯商业秘密案",
            "substandard_products": "%s生产销售不合格产品案",
            "fake_drugs": "%s销售假药案",
            "substandard_drugs": "%s销售劣药案",
            "fake_agricultural_inputs": "%s销售不合格农资案",
        }
        if conduct in titles:
            t = titles[conduct] % party
            if conduct == "substandard_products" and item:
                t = "%s销售不合格%s案" % (party, item)
            return t
        return {
            "trademark": "%s侵犯注册商标专用权案", "substandard_product": "%s产品质量违法案",
            "copyright": "%s侵犯著作权案", "patent": "%s标注专利标识不规范案",
            "fake_agricultural_input": "%s经营不合格农资案", "geographic_indication": "%s侵犯地理标志案",
            "fake_drug": "%s违法经营药品案", "plant_variety": "%s侵犯植物新品种权案",
            "trade_secret": "%s侵犯商业秘密案", "other": "%s虚假宣传案",
        }[category] % party


def agency_weights(agencies, rng):
    """Skewed sizes: Zipf over a seeded order, more in big provinces; the Guangdong and Shanghai
    provincial bureaus and Shenzhen's among the largest. Shared by gen_leads.py and gen_hits.py."""
    factor = [BIG_PROVINCES.get(a["region"][:2], 1.0) for a in agencies]
    order = sorted(range(len(agencies)), key=lambda i: -rng.random() ** (1 / factor[i]))
    for name in ("广东省市场监督管理局", "深圳市市场监督管理局", "上海市市场监督管理局"):
        i = next(k for k, a in enumerate(agencies) if a["name"] == name)
        order.remove(i)
        order.insert(rng.randrange(0, 4), i)
    weights = [0.0] * len(agencies)
    for rank, i in enumerate(order):
        weights[i] = factor[i] / (rank + 3) ** 0.9
    return weights


def split_counts(n, weights):
    total = sum(weights)
    exact = [n * w / total for w in weights]
    counts = [int(e) for e in exact]
    order = sorted(range(len(weights)), key=lambda i: exact[i] - counts[i], reverse=True)
    for i in order[: n - sum(counts)]:
        counts[i] += 1
    return counts


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cases", type=int, required=True)
    ap.add_argument("--regions", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rows-per-file", type=int, default=5000)
    ap.add_argument("--end-date", default="2025-12-31",
                    help="latest act date (must not be after the server's today)")
    args = ap.parse_args()
    if not 1 <= args.rows_per_file <= 5000:
        sys.exit("--rows-per-file must be 1..5000 (the import's limit)")
    end = datetime.date.fromisoformat(args.end_date)
    if end > datetime.date.today():
        sys.exit("--end-date is in the future: the import refuses act dates after today")
    rng = random.Random(args.seed)
    regions = read_regions(args.regions)
    agencies = plan_agencies(regions, rng)
    prefixes = case_prefixes(agencies, regions)

    counts = split_counts(args.cases, agency_weights(agencies, rng))

    os.makedirs(os.path.join(args.out, "cases"), exist_ok=True)
    gen = Generator(rng, regions, end)
    expected = {"all": 0, "category=trademark": 0, "threshold_met": 0, "q1": 0, "q2": 0, "q5": 0,
                "campaign": {}, "region": {}, "agency": {}}
    files = []  # per agency: list of (file, rows)
    samples = {"case_numbers": []}
    for idx, (agency, prefix, count) in enumerate(zip(agencies, prefixes, counts)):
        agency.update(seq={}, parties=[], cases=count)
        agency_files = []
        for part in range((count + args.rows_per_file - 1) // args.rows_per_file):
            rows = min(args.rows_per_file, count - part * args.rows_per_file)
            rel = "cases/%03d-%02d.csv" % (idx, part)
            buf = io.StringIO()
            w = csv.writer(buf, lineterminator="\n")
            w.writerow(COLUMNS)
            for _ in range(rows):
                row, over = gen.case(agency, prefix)
                w.writerow(row)
                text = "\n".join((row[0], row[1], row[8], row[17], row[18], row[5]))
                expected["q1"] += TERM1 in text
                expected["q2"] += TERM2 in text
                expected["q5"] += TERM5 in text
                expected["threshold_met"] += over
                expected["category=trademark"] += row[2] == "trademark"
                for tag in row[5].split("|") if row[5] else ():
                    expected["campaign"][tag] = expected["campaign"].get(tag, 0) + 1
                if rng.random() < 0.001 or not samples["case_numbers"]:
                    samples["case_numbers"].append(row[0])
            with open(os.path.join(args.out, rel), "w", encoding="utf-8") as f:
                f.write(buf.getvalue())
            agency_files.append({"file": rel, "agency": agency["name"], "rows": rows})
        files.append(agency_files)
        expected["all"] += count
        expected["agency"][agency["name"]] = count
        for code in {agency["region"][:2] + "0000", agency["region"][:4] + "00", agency["region"]}:
            expected["region"][code] = expected["region"].get(code, 0) + count

    # Import order: round-robin over agencies (first file of each, then the second …), so that
    # ids of one agency are spread as they would be after years of use.
    ordered = [f for group in itertools.zip_longest(*files) for f in group if f]

    biggest = max(agencies, key=lambda a: a["cases"])
    repeat_usccs = sorted((n, u) for u, n in gen.repeats.items())
    uscc, uscc_count = (repeat_usccs[-1][1], repeat_usccs[-1][0]) if repeat_usccs else ("", 0)
    year = max(int(k[-4:]) for k in expected["campaign"] if k.startswith("铁拳")) - 1
    campaign = "铁拳%d" % year if "铁拳%d" % year in expected["campaign"] else "铁拳%d" % (year + 1)
    # a prefecture with district bureaus under it (COUNTY_PARENTS), prefer one not in demo
    prefecture = next((c for c in COUNTY_PARENTS if c in regions and c != "440300"), "440300")
    case_number = samples["case_numbers"][len(samples["case_numbers"]) // 2]
    manifest = {
        "cases": args.cases, "seed": args.seed, "end_date": args.end_date,
        "rows_per_file": args.rows_per_file, "columns": COLUMNS, "files": ordered,
        "queries": {"q1": TERM1, "q2": TERM2, "q5": TERM5, "case_number": case_number, "uscc": uscc,
                    "campaign": campaign, "province": "440000", "prefecture": prefecture,
                    "agency": biggest["name"], "category": "trademark"},
        "expected": {"all": expected["all"], "category": expected["category=trademark"],
                     "threshold_met": expected["threshold_met"], "q1": expected["q1"],
                     "q2": expected["q2"], "q5": expected["q5"], "case_number": 1,
                     "uscc": uscc_count, "campaign": expected["campaign"][campaign],
                     "province": expected["region"].get("440000", 0),
                     "prefecture": expected["region"].get(prefecture, 0),
                     "agency": biggest["cases"]},
        "case_numbers": samples["case_numbers"][:50],
    }
    with open(os.path.join(args.out, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=1)
    with open(os.path.join(args.out, "agencies.tsv"), "w", encoding="utf-8") as f:
        for a in agencies:
            f.write("\t".join([a["name"], a["kind"], a["level"], a["region"],
                               "1" if a["demo"] else "0", str(a["cases"])]) + "\n")
    print("generated %d cases for %d agencies in %d files (largest: %s, %d cases)"
          % (args.cases, len(agencies), len(ordered), biggest["name"], biggest["cases"]), file=sys.stderr)


if __name__ == "__main__":
    main()
