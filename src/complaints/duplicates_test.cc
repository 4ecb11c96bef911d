// Duplicate grouping on a generated set: matters (one shop each) with complaints that write the
// shop, the phone and the respondent's name in different ways, plus junk phones and people's
// names that must join nothing. Pairwise precision and recall are printed and checked.
#include "complaints/duplicates.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <random>

namespace ipe::complaints {
namespace {

class Duplicates : public ::testing::Test {
 protected:
  Duplicates()
      : rules_(link::DomainRules::Builtin()),
        junk_(*link::JunkList::Parse(link::DefaultJunkListText(), rules_)),
        normaliser_(&rules_, &junk_) {}
  link::DomainRules rules_;
  link::JunkList junk_;
  link::Normaliser normaliser_;
};

TEST_F(Duplicates, WaysOfWritingOneShopAreOneMatter) {
  std::vector<DuplicateInput> in = {
      {1, "", "淘宝:FakeShoes88", ""},
      {2, "", "taobao：fakeshoes88", ""},
      {3, "", "淘宝 fakeshoes88", ""},
      {4, "", "", "+86 139-1234-0001"},
      {5, "", "", "１３９１２３４０００１"},
      {6, "上海某某商贸有限公司", "", ""},
      {7, "上海某某商贸 有限公司", "", ""},
      {8, "张三", "", "13800138000"},  // a person's name and a junk phone join nothing
      {9, "张三", "", "13800138000"},
  };
  auto g = GroupDuplicates(normaliser_, in);
  EXPECT_EQ(g, (std::vector<int64_t>{1, 1, 1, 4, 4, 6, 6, 8, 9}));
}

TEST_F(Duplicates, GeneratedSetPrecisionAndRecall) {
  std::mt19937 rng(20201001);
  const char* platforms[][4] = {{"淘宝:", "taobao：", "淘宝 ", "TAOBAO:"},
                                {"京东:", "jd:", "京东 ", "JingDong:"},
                                {"拼多多:", "pdd：", "拼多多 ", "pinduoduo:"}};
  auto phone_variant = [&](const std::string& digits, int v) {
    switch (v % 4) {
      case 0: return digits;
      case 1: return "+86 " + digits.substr(0, 3) + "-" + digits.substr(3, 4) + "-" + digits.substr(7);
      case 2: return "0086" + digits;
      default: {
        std::string wide;
        for (char c : digits) wide += std::string("\xEF\xBC") + static_cast<char>('\x90' + (c - '0'));
        return wide;
      }
    }
  };
  std::vector<DuplicateInput> records;
  std::vector<int> truth;  // the matter of each record
  const int kMatters = 60;
  for (int m = 0; m < kMatters; ++m) {
    int platform = m % 3;
    std::string shop = "shop" + std::to_string(1000 + m * 7);
    std::string digits = "139" + std::to_string(10000000 + m * 7919);
    std::string company = "深圳市" + std::to_string(m) + "号鞋业有限公司";
    int n = 1 + static_cast<int>(rng() % 8);
    // The first complaint names the shop and the phone, tying the matter together; the others
    // carry one or two of the three, written differently.
    for (int k = 0; k < n; ++k) {
      DuplicateInput r;
      r.id = static_cast<int64_t>(records.size()) + 1;
      int mask = k == 0 ? 7 : 1 + static_cast<int>(rng() % 7);
      if (mask & 1) {
        std::string s = shop;
        if (rng() % 2) s[0] = 'S';
        r.shop = platforms[platform][rng() % 4] + s;
      }
      if (mask & 2) r.phone = phone_variant(digits, static_cast<int>(rng()));
      if (mask & 4) r.respondent_name = rng() % 2 ? company : " " + company.substr(0, 9) + " " + company.substr(9);
      if (k > 0 && !(mask & 2) && rng() % 3 == 0) r.phone = "13800138000";  // junk beside
      records.push_back(r);
      truth.push_back(m);
    }
  }
  // People writing in their own names against different respondents: no matter of their own.
  for (int k = 0; k < 20; ++k) {
    records.push_back({static_cast<int64_t>(records.size()) + 1, "王五", "", "13800138000"});
    truth.push_back(kMatters + k);
  }
  auto group = GroupDuplicates(normaliser_, records);
  int64_t tp = 0, fp = 0, fn = 0;
  for (size_t i = 0; i < records.size(); ++i) {
    for (size_t j = i + 1; j < records.size(); ++j) {
      bool same = truth[i] == truth[j];
      bool grouped = group[i] == group[j];
      tp += same && grouped;
      fp += !same && grouped;
      fn += same && !grouped;
    }
  }
  double precision = tp + fp ? static_cast<double>(tp) / static_cast<double>(tp + fp) : 1.0;
  double recall = tp + fn ? static_cast<double>(tp) / static_cast<double>(tp + fn) : 1.0;
  std::printf("duplicate grouping: %zu records, %d matters + 20 singles; pairs tp=%lld fp=%lld "
              "fn=%lld; precision %.4f, recall %.4f\n",
              records.size(), kMatters, static_cast<long long>(tp), static_cast<long long>(fp),
              static_cast<long long>(fn), precision, recall);
  EXPECT_EQ(fp, 0);
  EXPECT_GE(recall, 0.99);
}

}  // namespace
}  // namespace ipe::complaints
