#!/usr/bin/env python3
"""Writes N synthetic marketplace listings as JSONL (fixed seed: the same file every run).

    bench/scan/gen_listings.py [N=1000000] > listings.jsonl        (~150 MB for 1M)
    bench/scan/gen_listings.py --patterns BRANDS.jsonl SLANG.txt > patterns.txt

The mix: ordinary goods without brands, resellers naming a brand at a normal price, slang,
obfuscated brand names (full-width, separators, traditional characters, digit look-alikes) at low
prices, and generic words (苹果 the fruit, 小米 the grain). --patterns prints the literals ripgrep
gets for the comparison: every brand name, generic name and slang term as written.
"""
import json
import random
import sys

BRANDS = [("Nike", "耐克", 89900), ("Adidas", "阿迪达斯", 79900), ("iPhone", "苹果", 599900),
          ("Xiaomi", "红米", 199900), ("Huawei", "华为", 499900), ("Gucci", "古驰", 1200000),
          ("Chanel", "香奈儿", 900000), ("Dior", "迪奥", 500000), ("Rolex", "劳力士", 6000000),
          ("Dyson", "戴森", 329900), ("Uniqlo", "优衣库", 9900), ("Lancome", "兰蔻", 76000)]
GOODS = ["运动鞋", "跑步鞋", "板鞋", "卫衣", "T恤", "夹克", "双肩包", "手提包", "手表", "香水",
         "口红", "吹风机", "耳机", "充电器", "手机壳", "保温杯", "连衣裙", "牛仔裤", "羽绒服", "帽子"]
WORDS = ["新款", "男女同款", "透气", "轻便", "包邮", "现货", "2024春季", "官方", "百搭", "学生",
         "情侣", "加绒", "防水", "大码", "正品保证", "顺丰", "特价", "清仓", "限时", "热卖",
         "经典款", "复古", "潮流", "简约", "高级感", "ins风", "韩版", "宽松", "修身", "大容量"]
PLAIN = ["纯棉四件套 床上用品", "不锈钢炒锅 家用 无涂层", "儿童积木 益智玩具 拼装", "猫粮 成猫 10kg",
         "办公椅 人体工学 电脑椅", "LED台灯 护眼 学生宿舍", "瑜伽垫 加厚 防滑", "保鲜盒 玻璃 微波炉",
         "烟台红富士苹果 新鲜水果 10斤", "东北黄小米 新米 5斤装", "小米粥 杂粮", "苹果醋 饮料 整箱"]
SLANG = ["高仿", "原单", "复刻", "A货", "精仿", "1:1", "莆田", "纯原", "公司级", "尾单", "超A", "顶级版"]
TRAD = {"华为": "華為", "香奈儿": "香奈兒", "劳力士": "勞力士", "运动鞋": "運動鞋",
        "优衣库": "優衣庫", "苹果": "蘋果", "阿迪达斯": "阿迪達斯"}
PLATFORMS = ["taobao", "jd", "pdd", "douyin", "xianyu"]


def fullwidth(s):
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


def obfuscate(rng, name):
    k = rng.randrange(5)
    if k == 0:
        return fullwidth(name)
    if k == 1:
        return rng.choice([" ", ".", "-", "*", "\u200b"]).join(name)
    if k == 2:
        return name.upper().replace("I", "1").replace("O", "0").replace("S", "5")
    if k == 3:
        return TRAD.get(name, name)
    return name


def listing(rng, i):
    kind = rng.random()
    brand, zh, ref = rng.choice(BRANDS)
    words = " ".join(rng.sample(WORDS, rng.randint(2, 4)))
    good = rng.choice(GOODS)
    price = rng.randint(1990, 29990)
    if kind < 0.35:
        title = f"{good} {words}"
    elif kind < 0.45:
        title = rng.choice(PLAIN) + " " + words
    elif kind < 0.75:
        title = f"{rng.choice([brand, zh])} {good} {words}"
        price = ref + rng.randint(-ref // 10, ref // 10)
    elif kind < 0.90:
        title = f"{rng.choice(SLANG)} {rng.choice([brand, zh])} {good} {words}"
        price = rng.randint(ref // 10, ref)
    else:
        title = f"{obfuscate(rng, rng.choice([brand, zh]))} {good} {words}"
        price = rng.randint(ref // 20, ref // 3)
    return {"id": f"L{i:08d}", "platform": rng.choice(PLATFORMS), "shop_id": f"s{rng.randrange(200000)}",
            "shop_name": rng.choice(["潮流", "数码", "运动", "优选", "精品"]) + rng.choice(["专营店", "小店", "旗舰店"]),
            "title": title, "price_fen": price}


def patterns(brands_path, slang_path):
    out = []
    with open(brands_path, encoding="utf-8") as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                b = json.loads(line)
                out += b.get("names", []) + b.get("generic_names", [])
    with open(slang_path, encoding="utf-8") as f:
        for line in f:
            t = line.split("#", 1)[0].strip()
            if t:
                out.append(t)
    sys.stdout.write("\n".join(dict.fromkeys(out)) + "\n")


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--patterns":
        patterns(sys.argv[2], sys.argv[3])
        return
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000000
    rng = random.Random(20240601)
    out = sys.stdout
    buf = []
    for i in range(n):
        buf.append(json.dumps(listing(rng, i), ensure_ascii=False))
        if len(buf) == 10000:
            out.write("\n".join(buf) + "\n")
            buf.clear()
    if buf:
        out.write("\n".join(buf) + "\n")


if __name__ == "__main__":
    main()
