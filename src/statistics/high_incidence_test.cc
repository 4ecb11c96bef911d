#include "statistics/high_incidence.h"

#include <gtest/gtest.h>

namespace ipe::statistics {
namespace {

TEST(HighIncidence, CompiledInRulesAndPopulationParse) {
  const HighIncidenceRules& rules = DefaultHighIncidenceRules();
  ASSERT_NE(rules.Find("persistent_top"), nullptr);
  EXPECT_EQ(rules.Find("persistent_top")->years, 3);
  EXPECT_EQ(rules.Find("persistent_top")->confidence, "M");
  ASSERT_NE(rules.Find("rising"), nullptr);
  const Population& p = DefaultPopulation();
  EXPECT_EQ(p.by_region.size(), 31u);
  int64_t total = 0;
  for (const auto& [code, n] : p.by_region) total += n;
  EXPECT_EQ(total, 1409778724);  // the census's 1,411,778,724 less the 2,000,000 in active service
  EXPECT_EQ(p.by_region.at("440000"), 126012510);
}

TEST(HighIncidence, RejectsMalformedRules) {
  EXPECT_FALSE(ParseHighIncidenceRules("t", "[rule a]\ntitle = x\nindicator = y\nsource = s\nconfidence = M\n"));
  EXPECT_FALSE(ParseHighIncidenceRules("t", "[rule a]\ntitle = x\nindicator = y\nyears = 3\ntop_percent = 10\n"
                                            "min_growth_percent = 5\nsource = s\nconfidence = M\n"));
  EXPECT_FALSE(ParseHighIncidenceRules("t", "[rule a]\ntitle = x\nindicator = y\nyears = 0\ntop_percent = 10\n"
                                            "source = s\nconfidence = M\n"));
  EXPECT_FALSE(ParseHighIncidenceRules("t", "[rule a]\ntitle = x\nindicator = y\nyears = 3\ntop_percent = 10\n"
                                            "source = s\nconfidence = Q\n"));
  auto bad = ParseHighIncidenceRules("t", "[rule a]\nwhat = 1\n");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message().find("t:2:"), std::string::npos) << bad.error().message();
}

// Four provinces of 100 people each: the top 10 % of 4 is one province (rounded up); per head.
TEST(HighIncidence, PersistentTopNeedsEveryYear) {
  Population p{"test", "S", {{"110000", 100000}, {"310000", 200000}, {"440000", 100000}, {"510000", 100000}}};
  HighIncidenceRule rule{"t", "t", "cases_opened", true, 3, 10, 0, 0, "s", "M"};
  YearlyFigures f;
  f[2023] = {{"310000", 50}, {"440000", 20}};   // per 100k: 25, 20
  f[2024] = {{"310000", 30}, {"440000", 20}};   // 15, 20 → 440000 first
  f[2025] = {{"310000", 60}, {"440000", 25}};   // 30, 25
  EXPECT_TRUE(FindCandidates(rule, p, f, 2025).empty());  // nobody first three years running
  f[2024]["440000"] = 10;                                  // now 310000 leads every year
  auto c = FindCandidates(rule, p, f, 2025);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].region, "310000");
  ASSERT_EQ(c[0].years.size(), 3u);
  EXPECT_EQ(c[0].years[0].year, 2023);
  EXPECT_EQ(c[0].years[2].count, 60);
  EXPECT_EQ(c[0].years[2].per_100k_hundredths, 3000);  // 30.00 per 100,000
  EXPECT_EQ(c[0].years[2].rank, 1);
  // Nothing at all is never a top figure.
  EXPECT_TRUE(FindCandidates(rule, p, {}, 2025).empty());
}

TEST(HighIncidence, RisingNeedsTheCountAndTheGrowth) {
  Population p{"test", "S", {{"310000", 1}, {"440000", 1}}};
  HighIncidenceRule rule{"r", "r", "cases_opened", false, 0, 0, 50, 100, "s", "M"};
  YearlyFigures f;
  f[2024] = {{"310000", 100}, {"440000", 60}};
  f[2025] = {{"310000", 150}, {"440000", 99}};  // +50 % and 150; +65 % but under 100
  auto c = FindCandidates(rule, p, f, 2025);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].region, "310000");
  EXPECT_EQ(c[0].growth_percent, 50);
  f[2025]["310000"] = 149;  // +49 %
  EXPECT_TRUE(FindCandidates(rule, p, f, 2025).empty());
}

}  // namespace
}  // namespace ipe::statistics
