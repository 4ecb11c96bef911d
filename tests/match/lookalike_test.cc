// Look-alike spellings of brand names (形近字符), as property tests over the bench registry
// (tests/match/brands.jsonl) and the built-in rules (data/match/lookalikes.txt): every Latin brand
// name with any ONE character replaced by any member of its look-alike group, at any position,
// in either direction (N1KE, adida5, AJl for AJ1), is found; the same names with a character
// replaced by a letter outside the group, and ordinary titles full of digits, are not.
#include <gtest/gtest.h>

#include <cctype>
#include <fstream>
#include <sstream>

#include "match/io/jsonl.h"

namespace ipe::match {
namespace {

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class Lookalikes : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto registry = io::ParseBrandRegistryJsonl(
        Slurp(std::string(IPE_SOURCE_DIR) + "/tests/match/brands.jsonl"));
    ASSERT_TRUE(registry.has_value()) << registry.error().message();
    auto slang = ParseSlangLexicon(DefaultSlangLexicon());
    ASSERT_TRUE(slang.has_value());
    auto scanner = Scanner::Create(std::move(*registry), std::move(*slang), ScanOptions{});
    ASSERT_TRUE(scanner.has_value()) << scanner.error().message();
    scanner_ = std::move(*scanner).release();
    auto groups = ParseLookalikeRules(DefaultLookalikeRules());
    ASSERT_TRUE(groups.has_value()) << groups.error().message();
    groups_ = new LookalikeGroups(std::move(*groups));
  }
  static void TearDownTestSuite() {
    delete scanner_;
    delete groups_;
  }

  // The raw spellings of the group a name character belongs to (upper and lower case for
  // letters; l and L with i, which the normaliser folds together), or empty.
  static std::vector<std::string> GroupOf(char c) {
    char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == 'l') lower = 'i';
    for (const std::vector<std::string>& g : *groups_) {
      bool in = false;
      for (const std::string& m : g) in = in || (m.size() == 1 && m[0] == lower);
      if (!in) continue;
      std::vector<std::string> out;
      for (const std::string& m : g) {
        out.push_back(m);
        if (m.size() == 1 && std::isalpha(static_cast<unsigned char>(m[0]))) {
          out.push_back(std::string(1, static_cast<char>(std::toupper(m[0]))));
        }
      }
      if (lower == 'i') {
        out.push_back("l");
        out.push_back("L");
      }
      return out;
    }
    return {};
  }

  static bool Finds(std::string_view title, const std::string& brand_id) {
    ScanScratch scratch(*scanner_);
    ScanResult result;
    Listing listing;
    listing.title = title;
    scanner_->Scan(listing, &scratch, &result);
    for (uint32_t b : result.brands) {
      if (scanner_->brand_id(b) == brand_id) return true;
    }
    return false;
  }

  static const Scanner* scanner_;
  static const LookalikeGroups* groups_;
};

const Scanner* Lookalikes::scanner_ = nullptr;
const LookalikeGroups* Lookalikes::groups_ = nullptr;

bool IsLatinName(const std::string& name) {
  bool letter = false;
  for (unsigned char c : name) {
    if (c >= 0x80) return false;
    letter = letter || std::isalpha(c) != 0;
  }
  return letter;
}

TEST_F(Lookalikes, EverySingleSubstitutionAtEveryPositionIsFound) {
  size_t checked = 0;
  for (const Brand& brand : scanner_->registry().brands) {
    for (const std::string& name : brand.names) {
      if (!IsLatinName(name)) continue;
      for (size_t k = 0; k < name.size(); ++k) {
        for (const std::string& member : GroupOf(name[k])) {
          std::string variant = name.substr(0, k) + member + name.substr(k + 1);
          for (const std::string& title :
               {variant, "高仿 " + variant + " 运动鞋", "正品" + variant + "专柜"}) {
            EXPECT_TRUE(Finds(title, brand.id)) << brand.id << ": \"" << title << "\"";
            // The prefilter must never rule out what Scan finds.
            EXPECT_TRUE(scanner_->MayMatch(title)) << "\"" << title << "\"";
            ++checked;
          }
        }
      }
    }
  }
  // 16 brands: AJ1, Mate60, LINING, Louis Vuitton … with both directions.
  EXPECT_GT(checked, 400u);
}

TEST_F(Lookalikes, OtherLettersAtAnyPositionAreNotTheBrand) {
  for (const Brand& brand : scanner_->registry().brands) {
    for (const std::string& name : brand.names) {
      if (!IsLatinName(name)) continue;
      for (size_t k = 0; k < name.size(); ++k) {
        if (!std::isalnum(static_cast<unsigned char>(name[k]))) continue;
        // q, x and w are in no group and look like nothing in these names.
        for (char other : {'q', 'x', 'w'}) {
          if (std::tolower(static_cast<unsigned char>(name[k])) == other) continue;
          std::string variant = name.substr(0, k) + other + name.substr(k + 1);
          EXPECT_FALSE(Finds(variant + " 运动鞋", brand.id)) << brand.id << ": \"" << variant << "\"";
        }
      }
    }
  }
}

TEST_F(Lookalikes, OrdinaryTitlesWithDigitsStayClean) {
  for (const char* title :
       {"2023新款 运动鞋 男", "2011:15 时刻表", "10kg 猫粮 成猫", "5G 路由器 千兆", "128G 内存卡",
        "3C认证 充电宝 20000毫安", "T恤 XL码 100%纯棉", "B2B 批发 1688", "iso9001 认证",
        "6寸 蛋糕 生日", "7天无理由 退换", "8848 钛金 手机壳", "Z世代 潮牌 卫衣", "0元试用 面膜",
        "电池 AA 5号 10节", "小米粥 杂粮", "苹果醋 饮料 整箱", "diorama 模型 场景", "Nikon 相机 镜头",
        "Guccio 意面 餐厅", "ajinomoto 味之素", "mate 茶 马黛茶", "Rolexx", "Lancomeo"}) {
    ScanScratch scratch(*scanner_);
    ScanResult result;
    Listing listing;
    listing.title = title;
    scanner_->Scan(listing, &scratch, &result);
    EXPECT_TRUE(result.brands.empty()) << "\"" << title << "\" -> "
                                       << scanner_->brand_id(result.brands[0]);
  }
}

TEST(LookalikeRules, ParseAndValidate) {
  auto ok = ParseLookalikeRules("# comment\no 0\n\ni 1 | !  # bar\n");
  ASSERT_TRUE(ok.has_value()) << ok.error().message();
  ASSERT_EQ(ok->size(), 2u);
  EXPECT_EQ((*ok)[1], (std::vector<std::string>{"i", "1", "|", "!"}));
  EXPECT_FALSE(ParseLookalikeRules("o\n").has_value());           // one member
  EXPECT_FALSE(ParseLookalikeRules("o 0\ns 0\n").has_value());    // 0 in two groups
  EXPECT_FALSE(ParseLookalikeRules("# nothing\n").has_value());   // no group
  EXPECT_FALSE(ParseLookalikeRules("o 00000\n").has_value());     // not one character

  BrandRegistry reg;
  Brand nike;
  nike.id = "nike";
  nike.names = {"Nike"};
  reg.brands = {nike};
  ScanOptions two_bytes;
  two_bytes.lookalikes = LookalikeGroups{{"s", "ß"}};  // ß folds to "ss"
  EXPECT_FALSE(Scanner::Create(reg, {"高仿"}, two_bytes).has_value());
  ScanOptions folded_twice;
  folded_twice.lookalikes = LookalikeGroups{{"i", "1"}, {"l", "7"}};  // l is i after folding
  EXPECT_FALSE(Scanner::Create(reg, {"高仿"}, folded_twice).has_value());
  // Custom rules replace the built-in ones: without an e/3 group N1K3 is not Nike.
  ScanOptions custom;
  custom.lookalikes = LookalikeGroups{{"i", "1"}};
  auto scanner = Scanner::Create(reg, {"高仿"}, custom);
  ASSERT_TRUE(scanner.has_value()) << scanner.error().message();
  ScanScratch scratch(**scanner);
  ScanResult r;
  Listing l;
  l.title = "N1KE";
  (*scanner)->Scan(l, &scratch, &r);
  EXPECT_EQ(r.brands.size(), 1u);
  l.title = "N1K3";
  (*scanner)->Scan(l, &scratch, &r);
  EXPECT_TRUE(r.brands.empty());
}

}  // namespace
}  // namespace ipe::match
