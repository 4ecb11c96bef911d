#!/usr/bin/env python3
"""Writes tests/match/labelled.jsonl: the labelled listings for precision/recall.

Each line is a listing plus "label" (true = a human reviewer would flag it as a suspected
counterfeit of a registered brand in tests/match/brands.jsonl) and "why". Labels come from what
each case IS (the template a person wrote and judged), never from the engine's output. Run once and
commit the output; the file, not this script, is the test input.
    python3 tests/match/make_labelled.py > tests/match/labelled.jsonl
"""
import json
import random

rng = random.Random(7)
rows = []


def add(title, price, label, why, shop="s-random", platform="taobao"):
    rows.append({"id": f"T{len(rows) + 1:04d}", "platform": platform, "shop_id": shop,
                 "shop_name": "某店", "title": title, "price_fen": price, "label": label, "why": why})


def fw(s):  # full-width
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


# Brand spellings a counterfeiter uses; (brand id, reference fen, spellings).
SPELL = {
    "nike": (89900, ["Nike", "NIKE", "耐克", fw("NIKE"), "N I K E", "N.I.K.E", "N-I-K-E", "N\u200bIKE",
                     "N*I*K*E", "N1KE", "nike", "Ｎｉｋｅ", "NⅠKE", "耐 克", "耐*克", "ＮＩＫＥ"]),
    "adidas": (79900, ["Adidas", "ADIDAS", "阿迪达斯", "阿迪達斯", "AD1DA5", "A.D.I.D.A.S", fw("ADIDAS"),
                       "adida$", "三葉草"]),
    "huawei": (499900, ["华为", "華為", "HUAWEI", "Huawei", "H U A W E I", "华-为", fw("HUAWEI")]),
    "chanel": (900000, ["香奈儿", "香奈兒", "CHANEL", "Chanel", "C.H.A.N.E.L", "CHANE1", fw("CHANEL")]),
    "rolex": (6000000, ["劳力士", "勞力士", "ROLEX", "R0LEX", "Rolex", "R O L E X"]),
    "gucci": (1200000, ["Gucci", "GUCCI", "古驰", "古馳", "G.U.C.C.I", "GUCC1"]),
    "lv": (1500000, ["LV", "路易威登", "Louis Vuitton", "L V", "L.V", "LOUIS VUITTON"]),
    "dior": (500000, ["Dior", "DIOR", "迪奥", "迪奧", "D1OR", "D-I-O-R"]),
    "moutai": (149900, ["茅台", "飞天茅台", "飛天茅台", "MOUTAI"]),
    "dyson": (329900, ["Dyson", "DYSON", "戴森", "DY5ON"]),
    "lining": (49900, ["李宁", "李寧", "Li-Ning", "LI NING"]),
    "lancome": (76000, ["Lancome", "兰蔻", "蘭蔻", "LANCÔME"]),
}
# Goods per brand with a typical genuine price (fen) a reviewer would have in mind.
GOODS = {"nike": [("运动鞋", 79900), ("跑鞋", 89900), ("篮球鞋", 99900), ("運動鞋", 79900)],
         "adidas": [("板鞋", 69900), ("运动裤", 39900), ("卫衣", 49900)],
         "huawei": [("手机", 499900), ("Mate60 手机", 599900), ("手表", 149900)],
         "chanel": [("香水", 135000), ("口红", 32000), ("包包", 5000000)],
         "rolex": [("手表", 6000000), ("机械表", 6000000), ("腕表", 7000000)],
         "gucci": [("腰带", 350000), ("钱包", 500000), ("包包", 2000000)],
         "lv": [("包包", 1500000), ("钱包", 450000), ("老花包", 1500000)],
         "dior": [("口红", 32000), ("香水", 100000), ("马鞍包", 3000000)],
         "moutai": [("53度 500ml", 149900), ("酱香型白酒", 149900)],
         "dyson": [("吹风机", 299900), ("卷发棒", 399900)],
         "lining": [("篮球鞋", 59900), ("运动服", 39900)],
         "lancome": [("小黑瓶 精华", 76000), ("粉水", 42000)]}
SLANG = ["高仿", "原单", "复刻", "A货", "精仿", "1:1", "1：1", "莆田", "纯原", "公司级", "尾单", "超A", "顶级版",
         "高 仿", "復刻", "原單", "精仿版", "莆田纯原", "外贸尾单", "1比1"]
FILL = ["新款", "包邮", "现货", "男女同款", "顺丰", "特价", "2024", "经典", "百搭", "限量"]

# A. slang + brand (any spelling), any price: counterfeit advertised as such.
for brand, (ref, spells) in SPELL.items():
    for sp in spells:
        s = rng.choice(SLANG)
        g = rng.choice(GOODS[brand])[0]
        title = rng.choice([f"{s} {sp} {g} {rng.choice(FILL)}", f"{sp} {g} {s} {rng.choice(FILL)}",
                            f"【{s}】{sp}{g}"])
        add(title, rng.randint(ref // 8, ref), True, f"slang {s} + brand {brand} spelled {sp!r}")

# B. brand + price far below the reference, no slang: too cheap to be genuine.
for brand, (ref, spells) in SPELL.items():
    for sp in rng.sample(spells, min(4, len(spells))):
        good, genuine = rng.choice(GOODS[brand])
        add(f"{sp} {good} {rng.choice(FILL)} {rng.choice(FILL)}",
            rng.randint(genuine // 20, genuine // 4), True,
            f"brand {brand} {good} at under 25% of a genuine one's price")

# C. authorised shops: genuine, whatever the price (official clearance sales included).
AUTH = [("nike", "tmall", "nike-official", "Nike Air Zoom 跑鞋 官方正品", 79900),
        ("nike", "jd", "nike-jd-self", "耐克 Air Force 1 板鞋 京东自营", 74900),
        ("nike", "tmall", "nike-official", "NIKE 清仓 儿童运动鞋 三折", 19900),
        ("adidas", "tmall", "adidas-official", "adidas 三叶草 卫衣 官方旗舰店", 59900),
        ("adidas", "tmall", "adidas-official", "阿迪达斯 袜子 三双装 奥莱清仓", 4900),
        ("apple", "tmall", "apple-official", "Apple iPhone 15 Pro Max 256G 官方", 999900),
        ("apple", "jd", "apple-jd-self", "苹果 AirPods 4 无线耳机 京东自营", 99900),
        ("apple", "tmall", "apple-official", "Apple 20W USB-C 充电器 原装", 14900),
        ("xiaomi", "tmall", "xiaomi-official", "小米14 Ultra 手机 骁龙", 599900),
        ("xiaomi", "jd", "xiaomi-jd-self", "Redmi K70 5G 手机", 249900),
        ("xiaomi", "tmall", "xiaomi-official", "小米手环8 NFC", 24900),
        ("huawei", "tmall", "huawei-official", "华为 Mate 60 Pro 手机 官方正品", 699900),
        ("moutai", "tmall", "moutai-official", "贵州茅台 飞天 53度 500ml", 149900),
        ("moutai", "jd", "moutai-jd-self", "茅台 王子酒 酱香型", 12900),
        ("dyson", "tmall", "dyson-official", "Dyson 戴森 吹风机 HD15", 299900),
        ("lining", "tmall", "lining-official", "李宁 韦德之道 篮球鞋", 129900),
        ("lining", "tmall", "lining-official", "李宁 运动袜 5双装", 5900),
        ("gucci", "tmall", "gucci-official", "GUCCI 古驰 双G 腰带", 450000),
        ("dior", "tmall", "dior-official", "Dior 迪奥 烈艳蓝金 口红 999", 35000),
        ("lancome", "tmall", "lancome-official", "兰蔻 小黑瓶 精华 30ml", 76000),
        ("uniqlo", "tmall", "uniqlo-official", "优衣库 UT 印花 T恤", 7900),
        ("uniqlo", "tmall", "uniqlo-official", "Uniqlo 袜子 三双装", 2900),
        ("coach", "tmall", "coach-official", "COACH 蔻驰 托特包 女包", 259900),
        ("lv", "lvshop", "lv-official", "Louis Vuitton Neverfull 手袋", 1650000),
        ("chanel", "web", "chanel-official", "CHANEL 香奈儿 五号香水 50ml", 135000)]
for brand, platform, shop, title, price in AUTH:
    add(title, price, False, f"authorised shop of {brand}", shop=shop, platform=platform)

# D. resellers (not authorised) at normal prices, no slang: lawful resale, not flagged.
RESALE = [("Nike Air Max 90 男鞋 透气 专柜正品", 79900), ("耐克 Dunk Low 熊猫 板鞋", 69900),
          ("NIKE 速干T恤 运动短袖", 24900), ("阿迪达斯 Samba 德训鞋", 79900), ("Adidas 三叶草 卫衣 男", 49900),
          ("iPhone 15 128G 国行 全新未激活", 459900), ("苹果手机 iPhone 14 二手 95新", 329900),
          ("AirPods Pro 2 降噪耳机 全新", 149900), ("MacBook Air M2 13寸 笔记本", 699900),
          ("小米手机 14 12+256 全新", 399900), ("红米 Note 13 5G 手机", 109900), ("小米手环 8 Pro", 29900),
          ("华为 Mate 60 手机 12+512", 549900), ("華為 P60 手機 國行", 459900), ("HUAWEI 手表 GT4", 139900),
          ("古驰 GG 马蒙 钱包 代购", 650000), ("Gucci 双G 腰带 代购 专柜小票", 380000),
          ("LV 老花 Neverfull 中号 专柜代购", 1550000), ("Louis Vuitton 钱包 二手 9成新", 450000),
          ("香奈儿 五号香水 50ml 专柜", 120000), ("CHANEL 口红 丝绒 代购", 32000),
          ("迪奥 烈艳蓝金 口红 999 正品", 32000), ("Dior 真我香水 100ml", 98000),
          ("劳力士 潜航者 二手 附证书", 6800000), ("Rolex 日志型 36mm 二手", 5200000),
          ("飞天茅台 53度 500ml 2023年", 259900), ("贵州茅台 生肖酒 龙年", 350000),
          ("戴森 吹风机 HD08 全新", 229900), ("Dyson V12 吸尘器", 399900),
          ("李宁 跑鞋 赤兔6", 39900), ("Li-Ning 羽毛球拍 雷霆", 69900), ("兰蔻 粉水 400ml", 42000),
          ("优衣库 羽绒服 轻型", 39900), ("Coach 蔻驰 斜挎包 女 奥莱", 159900), ("蔻驰 钱包 男", 99900),
          ("耐克 篮球 7号 室外", 19900), ("NIKE 运动袜 三双装", 6900), ("Adidas 棒球帽 男女", 12900),
          ("iPad Air 5 64G 平板 全新", 339900), ("苹果 数据线 原装 1米", 12900)]
for title, price in RESALE:
    add(title, price, False, "reseller at a plausible price, no slang")

# E. ordinary words that are brand names (苹果 the fruit, 小米 the grain, coach the trainer).
ORD = [("烟台红富士苹果 新鲜水果 10斤装", 3990), ("陕西洛川苹果 脆甜 5斤", 2990), ("苹果醋 饮料 6瓶", 3500),
       ("新鲜苹果 一箱 当季", 4590), ("高仿真苹果 假水果 仿真模型 装饰", 990), ("苹果 造型 抱枕 可爱", 3900),
       ("东北黄小米 新米 5斤装", 2990), ("小米粥 月子米 农家", 1990), ("沁州黄小米 2.5kg", 4590),
       ("小米椒 新鲜 辣椒 1斤", 1290), ("小米辣 剁椒 酱", 990), ("有机小米 宝宝米 500g", 2590),
       ("小米 南瓜 杂粮粥 组合", 2290), ("红枣 小米 糕点", 1990), ("Apple cider 苹果汁 NFC", 3900),
       ("青苹果 香水 小众", 4900), ("苹果木 烧烤炭", 2900), ("苹果树苗 嫁接", 1500),
       ("篮球 coach 教练 哨子", 1500), ("健身 coach 私教课 体验", 9900), ("蘋果 新鮮 水果 禮盒", 8800),
       ("小米 黄米 5斤 尾单清仓", 1990), ("小米 杂粮 原单位 批发", 2490), ("苹果 5斤 超A级 果", 2990)]
for title, price in ORD:
    add(title, price, False, "ordinary word, not the brand")

# F. slang without any registered brand: suspicious goods, but no protected brand to match.
for title, price in [("高仿 包包 女 大容量 2024新款", 9900), ("复刻 机械表 男", 29900), ("A货 手链 925银", 3900),
                     ("原单 羽绒服 男 尾单", 15900), ("莆田 运动鞋 男 透气", 12900), ("1:1 模型 手办", 5900),
                     ("纯原 板鞋 白色", 19900), ("公司级 跑鞋 气垫", 25900)]:
    add(title, price, False, "slang, but no registered brand")

# G. generic brand names with context terms plus a signal.
GEN = [("苹果手机 高仿 iPhone15 Pro Max", 89900, True), ("蘋果手機 原單 256G", 59900, True),
       ("苹果 15 Pro Max 手机 1:1 顶配", 79900, True), ("小米手环 原单 尾货", 4900, True),
       ("小米 手机 14 超A 复刻", 39900, True), ("苹果 耳机 3代 纯原 降噪", 9900, True),
       ("Coach 包包 女 高仿 托特", 19900, True), ("COACH 钱包 精仿", 9900, True),
       ("苹果手机 国行 256G", 59900, True), ("小米 电视 65寸 4K", 29900, True),
       ("苹果 平板 10寸 全新", 49900, True), ("小米手机 红米 K60 骁龙", 29900, True)]
for title, price, label in GEN:
    add(title, price, label, "generic brand name with a context term and slang or a price far below")

# H. descriptive use: accessories FOR a brand, cheap by nature.
for title, price in [("适用苹果 iPhone15 手机壳 硅胶 防摔", 1990), ("适用于华为 Mate60 钢化膜 高清", 990),
                     ("适配小米14 手机壳 磨砂", 1590), ("兼容 AirPods Pro 耳机套 硅胶", 1290),
                     ("适用 iPad 保护套 10代", 2990), ("for iPhone 15 数据线 快充 1米", 1590),
                     ("适用戴森 吹风机 收纳架 免打孔", 2990), ("适用耐克 鞋带 扁平 白色", 590),
                     ("华为 Mate60 专用 手机壳 皮革", 2590), ("适用于 Nike 鞋 清洁剂 小白鞋", 1990)]:
    add(title, price, False, "descriptive: an accessory for the brand, not the brand's product")

# I. harder real-world cases written and judged by hand.
HARD = [
    ("N I K E 耐克 空军一号 莆田 纯原", 15900, True, "spaced name + two slang terms"),
    ("ᴺᴵᴷᴱ 运动鞋 超A", 12900, True, "superscript letters normalise (NFKC)"),
    ("Ｎ．Ｉ．Ｋ．Ｅ 运动鞋 特价", 9900, True, "full-width dotted name at 11% of the price"),
    ("𝐍𝐈𝐊𝐄 Air Max 跑鞋 复刻", 19900, True, "mathematical bold letters"),
    ("ＣＨＡＮＥＬ 香水 1比1", 9900, True, "full-width + 1比1"),
    ("GUCCI 腰带 男 高 仿 真皮", 19900, True, "slang split by a space"),
    ("耐克 运动鞋 正品 假一赔十 特价", 9900, True, "claims genuine, 11% of the price"),
    ("劳力士 水鬼 男表 机械", 99900, True, "1.7% of the reference price"),
    ("飞天茅台 53度 500ml 特价 整箱", 29900, True, "20% of the price"),
    ("华为 Mate60 Pro 全新 5G", 99900, True, "20% of the price"),
    ("戴森 吹风机 HD15 原单", 29900, True, "slang 原单"),
    ("Dior 迪奥 口红 999 超A", 5900, True, "slang"),
    ("Nike 耐克 篮球鞋 男 透气", 59900, False, "plausible price, unauthorised reseller"),
    ("Adidas 运动裤 男 正品", 39900, False, "plausible price"),
    ("小米 椒 辣椒酱 2瓶", 1590, False, "millet pepper, separator inside"),
    ("苹果 红富士 手选 特价", 990, False, "fruit at a low price"),
    ("NIKE 同款 运动鞋 男 透气", 12900, True, "同款 + brand at 14% of the price"),
    ("Gucci 古驰 GG 印花 T恤 男", 480000, False, "luxury T-shirt at a plausible price"),
    ("ROLEX 劳力士 绿水鬼 代购", 7500000, False, "above the reference price"),
    ("LV 路易威登 老花 钱包 外贸尾单", 29900, True, "slang 外贸尾单"),
]
for title, price, label, why in HARD:
    add(title, price, label, why)

for r in rows:
    print(json.dumps(r, ensure_ascii=False))
