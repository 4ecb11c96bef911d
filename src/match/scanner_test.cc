#include "match/scanner.h"

#include <gtest/gtest.h>

#include <map>

namespace ipe::match {
namespace {

std::unique_ptr<Scanner> Make() {
  BrandRegistry reg;
  Brand nike;
  nike.id = "nike";
  nike.names = {"Nike", "耐克"};
  nike.authorized_shops = {"tmall:nike-official"};
  nike.reference_price = core::Fen(89900);
  Brand apple;
  apple.id = "apple";
  apple.names = {"iPhone"};
  apple.generic_names = {"苹果"};
  apple.context_terms = {"手机"};
  apple.reference_price = core::Fen(599900);
  Brand dior;
  dior.id = "dior";
  dior.names = {"Dior"};
  reg.brands = {nike, apple, dior};
  auto s = Scanner::Create(reg, {"高仿", "1:1"}, ScanOptions{});
  EXPECT_TRUE(s.has_value());
  return std::move(*s);
}

ScanResult ScanTitle(const Scanner& s, std::string_view title, int64_t price = 0,
               std::string_view shop = "x", std::string_view platform = "taobao") {
  ScanScratch scratch(s);
  ScanResult r;
  Listing l;
  l.title = title;
  l.shop_id = shop;
  l.platform = platform;
  if (price > 0) l.price = core::Fen(price);
  s.Scan(l, &scratch, &r);
  return r;
}

TEST(Scanner, BrandPlusSlangIsSuspectedWithSpans) {
  auto s = Make();
  ScanResult r = ScanTitle(*s, "高仿 N1KE 鞋");
  ASSERT_TRUE(r.suspected);
  EXPECT_GE(r.score, 0.5);
  ASSERT_EQ(r.signals.size(), 2u);
  EXPECT_EQ(r.signals[0].kind, SignalKind::kBrand);
  EXPECT_EQ(r.signals[0].begin, 7u);  // "N1KE" in bytes
  EXPECT_EQ(r.signals[0].end, 11u);
  EXPECT_EQ(r.signals[1].kind, SignalKind::kSlang);
}

// Titles in traditional characters (Hong Kong, Taiwan and overseas shops) match the simplified
// registry through the normaliser, and the spans point into the original text (issue 12: the
// labelled set had none, and a broken fold passed every other test).
TEST(Scanner, TraditionalTitlesMatchTheSimplifiedRegistry) {
  BrandRegistry reg;
  Brand chanel;
  chanel.id = "chanel";
  chanel.names = {"香奈儿"};
  chanel.reference_price = core::Fen(3000000);
  reg.brands = {chanel};
  auto s = Scanner::Create(reg, {"复刻"}, ScanOptions{});
  ASSERT_TRUE(s.has_value());
  const std::string title = "復刻 香奈兒 手袋";
  ScanResult r = ScanTitle(**s, title);
  ASSERT_TRUE(r.suspected);
  ASSERT_EQ(r.signals.size(), 2u);
  std::map<SignalKind, std::string> spans;
  for (const auto& sig : r.signals) spans[sig.kind] = title.substr(sig.begin, sig.end - sig.begin);
  EXPECT_EQ(spans[SignalKind::kSlang], "復刻");
  EXPECT_EQ(spans[SignalKind::kBrand], "香奈兒");
  EXPECT_FALSE(ScanTitle(**s, "香奈兒 手袋", 2500000).suspected);  // the brand at its price alone
}

TEST(Scanner, BrandAloneIsNotSuspected) {
  auto s = Make();
  ScanResult r = ScanTitle(*s, "Nike 跑鞋", 79900);
  EXPECT_FALSE(r.suspected);
  EXPECT_LT(r.score, 0.5);
  EXPECT_EQ(r.brands.size(), 1u);
}

TEST(Scanner, LowPriceIsASignalAuthorisedShopClearsIt) {
  auto s = Make();
  EXPECT_TRUE(ScanTitle(*s, "耐克 跑鞋", 9900).suspected);
  ScanResult r = ScanTitle(*s, "耐克 跑鞋", 9900, "nike-official", "tmall");
  EXPECT_FALSE(r.suspected);
  EXPECT_EQ(r.score, 0);
  EXPECT_EQ(r.signals.back().kind, SignalKind::kAuthorizedShop);
}

TEST(Scanner, GenericNameNeedsContext) {
  auto s = Make();
  EXPECT_FALSE(ScanTitle(*s, "高仿 苹果 水果").suspected);
  EXPECT_TRUE(ScanTitle(*s, "高仿 苹果 手机").suspected);
}

TEST(Scanner, LatinWordsNeedBoundaries) {
  auto s = Make();
  EXPECT_TRUE(ScanTitle(*s, "dioramas 高仿").brands.empty());
  EXPECT_FALSE(ScanTitle(*s, "Dior-Air 高仿").brands.empty());
  EXPECT_TRUE(ScanTitle(*s, "2011:15 耐克").signals.size() == 1);  // no 1:1 inside 2011:15
}

TEST(Scanner, DescriptiveUseGivesNoPriceSignal) {
  auto s = Make();
  EXPECT_FALSE(ScanTitle(*s, "适用 iPhone 15 手机壳", 1990).suspected);
  EXPECT_TRUE(ScanTitle(*s, "iPhone 15 手机", 1990).suspected);
}

TEST(Scanner, RejectsBadRegistryAndOptions) {
  BrandRegistry reg;
  Brand a;
  a.id = "a";
  reg.brands.push_back(a);
  EXPECT_EQ(Scanner::Create(reg, {}, {}).error().code(), core::StatusCode::kInvalidArgument);
  reg.brands[0].names = {"***"};
  EXPECT_EQ(Scanner::Create(reg, {}, {}).error().code(), core::StatusCode::kInvalidArgument);
  reg.brands[0].names = {"abc"};
  ScanOptions o;
  o.price_ratio = 1.5;
  EXPECT_EQ(Scanner::Create(reg, {}, o).error().code(), core::StatusCode::kInvalidArgument);
}

std::string Describe(const ScanResult& r) {
  std::string out = std::string(r.suspected ? "suspected " : "clean ") + std::to_string(r.score);
  for (uint32_t b : r.brands) out += " b" + std::to_string(b);
  for (const Signal& g : r.signals) {
    out += " [" + std::to_string(static_cast<int>(g.kind)) + " " + std::to_string(g.brand) + " " +
           std::to_string(g.term) + " " + std::to_string(g.context) + " " +
           std::to_string(g.reference_fen) + " " + std::to_string(g.begin) + "," +
           std::to_string(g.end) + "]";
  }
  return out;
}

TEST(Scanner, ScanBatchEqualsScanOfEachTitle) {
  auto s = Make();
  // Titles that hit at their first and last byte (a hit must not run into the next title), empty
  // and separator-only titles, Latin names at title edges (word boundaries at the joins),
  // look-alikes, traditional characters, and one title with more hits than Scan keeps (4096).
  std::vector<std::string> titles = {
      "高仿", "耐克", "", "***", "Nike", "nike高仿", "高仿nike", "iPhone 苹果 手机 高仿 1:1",
      "dior", "diorama", "N1KE 高仿", "苹果", "手机", "適用 iPhone 手機殼", "", "Dior Nike 耐克",
      "普通 T恤", "1:1", "高仿 Ｎｉｋｅ 耐克 跑鞋"};
  std::string many;
  for (int i = 0; i < 5000; ++i) many += "高仿 nike ";
  titles.insert(titles.begin() + 5, many);
  titles.push_back(many + "dior");
  std::vector<Listing> listings;
  for (size_t i = 0; i < titles.size(); ++i) {
    Listing l;
    l.title = titles[i];
    l.shop_id = "x";
    l.platform = "taobao";
    if (i % 2 == 0) l.price = core::Fen(1990);
    listings.push_back(l);
  }
  ScanScratch scratch(*s);
  // Twice with the same scratch: the batch buffers are reused.
  for (int round = 0; round < 2; ++round) {
    std::vector<ScanResult> batch(listings.size());
    s->ScanBatch(listings.data(), listings.size(), &scratch, batch.data());
    for (size_t i = 0; i < listings.size(); ++i) {
      ScanResult one;
      s->Scan(listings[i], &scratch, &one);
      EXPECT_EQ(Describe(batch[i]), Describe(one)) << "title " << i << ": " << titles[i].substr(0, 40);
    }
  }
  std::vector<ScanResult> none;
  s->ScanBatch(listings.data(), 0, &scratch, none.data());
}

}  // namespace
}  // namespace ipe::match
