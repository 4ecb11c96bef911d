#include "statistics/publication.h"

#include <gtest/gtest.h>

#include "statistics/indicators.h"

namespace ipe::statistics {
namespace {

TEST(Publication, CompiledInRulesOfferOnlyCountsAndRatesOfTheSet) {
  const PublicationRules& r = DefaultPublicationRules();
  EXPECT_EQ(r.suppress_below, 5);
  EXPECT_EQ(r.confidence, "M");
  ASSERT_FALSE(r.indicators.empty());
  const IndicatorSet& set = DefaultIndicators();
  for (const std::string& key : r.indicators) {
    const Indicator* ind = set.Find(key);
    ASSERT_NE(ind, nullptr) << key;
    // An amount's records are not counted by its figure: only counts and rates are offered.
    EXPECT_TRUE(ind->IsRate() || ValueKindOf(set, *ind) == ValueKind::kNone) << key;
  }
}

TEST(Publication, RejectsMalformedRules) {
  const std::string ok =
      "[publication annual]\nindicators = cases_opened\nsuppress_below = 5\nmin_threshold = 3\n"
      "max_threshold = 20\nbasis = b\nconfidence = M\n";
  EXPECT_TRUE(ParsePublicationRules("t", ok));
  EXPECT_FALSE(ParsePublicationRules("t", ""));
  EXPECT_FALSE(ParsePublicationRules("t", ok + "colour = red\n"));
  EXPECT_FALSE(ParsePublicationRules("t", "[publication annual]\nindicators = cases_opened\nsuppress_below = 2\n"
                                          "min_threshold = 3\nmax_threshold = 20\nbasis = b\nconfidence = M\n"));
  EXPECT_FALSE(ParsePublicationRules("t", "[publication annual]\nindicators = \nsuppress_below = 5\n"
                                          "min_threshold = 3\nmax_threshold = 20\nbasis = b\nconfidence = M\n"));
  EXPECT_FALSE(ParsePublicationRules("t", "[publication annual]\nindicators = x\nsuppress_below = five\n"));
  EXPECT_FALSE(ParsePublicationRules("t", "[rule annual]\nindicators = x\n"));
}

std::vector<RawCell> Counts(std::vector<std::pair<std::string, int64_t>> values) {
  std::vector<RawCell> out;
  for (auto& [r, v] : values) out.push_back({r, v, std::nullopt});
  return out;
}

TEST(Publication, SmallCountsAreHiddenZeroIsShown) {
  auto out = SuppressColumn(Counts({{"a", 12}, {"b", 0}, {"c", 3}, {"d", 4}, {"e", 5}}), 5, false);
  ASSERT_EQ(out.size(), 5u);
  EXPECT_EQ(out[0].value, 12);
  EXPECT_FALSE(out[1].suppressed);
  EXPECT_EQ(out[1].value, 0);
  EXPECT_TRUE(out[2].suppressed);
  EXPECT_FALSE(out[2].value.has_value());
  EXPECT_TRUE(out[3].suppressed);
  EXPECT_FALSE(out[4].suppressed);  // 5 is not below 5
  EXPECT_EQ(out[4].value, 5);
}

TEST(Publication, ALoneHiddenCountTakesTheNextSmallestWithIt) {
  // Only "c" is small: the total less the others would give it away, so "e" (the smallest
  // non-zero other) is hidden too; zero cells are not picked.
  auto out = SuppressColumn(Counts({{"a", 12}, {"b", 0}, {"c", 2}, {"d", 40}, {"e", 7}}), 5, false);
  EXPECT_TRUE(out[2].suppressed);
  EXPECT_TRUE(out[4].suppressed);
  EXPECT_FALSE(out[4].value.has_value());
  EXPECT_FALSE(out[0].suppressed);
  EXPECT_FALSE(out[1].suppressed);
  EXPECT_FALSE(out[3].suppressed);
  // Two small ones already protect each other.
  auto two = SuppressColumn(Counts({{"a", 12}, {"b", 1}, {"c", 2}}), 5, false);
  EXPECT_FALSE(two[0].suppressed);
  EXPECT_TRUE(two[1].suppressed && two[2].suppressed);
  // The threshold is a parameter: at 3, a count of 3 is shown.
  auto low = SuppressColumn(Counts({{"a", 3}, {"b", 30}}), 3, false);
  EXPECT_FALSE(low[0].suppressed);
}

TEST(Publication, ARateIsHiddenWhenItsDenominatorIsSmall) {
  std::vector<RawCell> rates = {{"a", 5000, 4}, {"b", 2500, 40}, {"c", std::nullopt, 0}};
  auto out = SuppressColumn(rates, 5, true);
  EXPECT_TRUE(out[0].suppressed);
  EXPECT_FALSE(out[1].suppressed);
  EXPECT_EQ(out[1].value, 2500);
  EXPECT_FALSE(out[2].suppressed);  // no denominator: no rate, nothing to hide
  EXPECT_FALSE(out[2].value.has_value());
  EXPECT_TRUE(SuppressTotal({"000000", 4, std::nullopt}, 5, false).suppressed);
  EXPECT_EQ(SuppressTotal({"000000", 9, std::nullopt}, 5, false).value, 9);
}

}  // namespace
}  // namespace ipe::statistics
