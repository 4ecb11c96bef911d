#include "statistics/indicators.h"

#include <gtest/gtest.h>

#include "core/limits.h"

namespace ipe::statistics {
namespace {

constexpr std::string_view kHeader = "format = 1\npack = t\ntitle = t\nversion = 1\n";

std::string WithIndicator(std::string_view body) {
  return std::string(kHeader) +
         "[indicator a]\nname = 甲\nname_en = A\ndefinition = d\nunit = 件\n"
         "effective_from = 2020-01-01\nconfidence = M\n" +
         std::string(body);
}

TEST(Indicators, EmbeddedSetParsesAndCoversTheIssue) {
  const IndicatorSet& set = DefaultIndicators();
  EXPECT_FALSE(set.version.empty());
  for (const char* key : {"cases_opened", "cases_closed", "amount_involved", "fines",
                          "cases_over_threshold", "transfers_sent", "transfers_accepted",
                          "transfers_refused", "transfer_rate", "leads_received", "hits_confirmed",
                          "complaints_received", "reports_received", "goods_seized_quantity",
                          "goods_destroyed_quantity", "penalty_instead_alerts", "supervision_actions",
                          "disclosures_on_time", "disclosure_on_time_rate"}) {
    EXPECT_NE(set.Find(key), nullptr) << key;
  }
  const Indicator* rate = set.Find("transfer_rate");
  ASSERT_NE(rate, nullptr);
  EXPECT_TRUE(rate->IsRate());
  EXPECT_EQ(rate->numerator, "transfers_sent");
}

TEST(Indicators, RejectsUnknownMeasureDimensionAndFilter) {
  auto bad_measure = ParseIndicators("t", WithIndicator("measure = nope\ndimensions = region\n"));
  ASSERT_FALSE(bad_measure);
  EXPECT_NE(bad_measure.error().message().find("unknown_measure"), std::string::npos);

  auto bad_dim = ParseIndicators("t", WithIndicator("measure = lead\ndimensions = region, conduct\n"));
  ASSERT_FALSE(bad_dim);
  EXPECT_NE(bad_dim.error().message().find("no dimension conduct"), std::string::npos);

  auto bad_filter =
      ParseIndicators("t", WithIndicator("measure = lead\nfilter = platform: x\ndimensions = region\n"));
  ASSERT_FALSE(bad_filter);

  auto missing = ParseIndicators("t", std::string(kHeader) + "[indicator a]\nmeasure = lead\n");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message().find("t:5: missing_key: name"), std::string::npos);

  auto rate_of_rate = ParseIndicators(
      "t", WithIndicator("measure = lead\ndimensions = region\n") +
               "[indicator r]\nname = 率\nname_en = R\ndefinition = d\nunit = %\n"
               "numerator = a\ndenominator = r\ndimensions = region\n"
               "effective_from = 2020-01-01\nconfidence = M\n");
  ASSERT_FALSE(rate_of_rate);
  EXPECT_NE(rate_of_rate.error().message().find("not a counted indicator"), std::string::npos);
}

TEST(Indicators, PlanRejectsBadPeriodsGroupsAndFilters) {
  const IndicatorSet& set = DefaultIndicators();
  auto unknown = PlanFigure(set, {"nope", "2025-01", "2025-12", "none", {}});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().field_errors().at(0).field, "indicator");

  auto inverted = PlanFigure(set, {"cases_opened", "2025-12", "2025-01", "none", {}});
  ASSERT_FALSE(inverted);
  EXPECT_EQ(inverted.error().field_errors().at(0).field, "to");

  auto malformed = PlanFigure(set, {"cases_opened", "2025-13", "2025-1", "none", {}});
  ASSERT_FALSE(malformed);
  EXPECT_EQ(malformed.error().field_errors().size(), 2u);

  auto too_long = PlanFigure(set, {"cases_opened", "2000-01", "2025-01", "none", {}});
  ASSERT_FALSE(too_long);

  auto before = PlanFigure(set, {"cases_opened", "2010-01", "2010-12", "none", {}});
  ASSERT_FALSE(before);
  EXPECT_EQ(before.error().field_errors().at(0).field, "from");

  auto bad_group = PlanFigure(set, {"leads_received", "2025-01", "2025-12", "conduct", {}});
  ASSERT_FALSE(bad_group);
  EXPECT_EQ(bad_group.error().field_errors().at(0).field, "group");

  auto bad_filter = PlanFigure(set, {"leads_received", "2025-01", "2025-12", "none", {{"platform", "x"}}});
  ASSERT_FALSE(bad_filter);
  EXPECT_EQ(bad_filter.error().field_errors().at(0).field, "platform");
}

// A filter value is measured in characters up to a campaign tag's length (core::limits), not bytes:
// a tag of 30 CJK characters (90 bytes) is a valid tag and a valid filter.
TEST(Indicators, PlanTakesAFilterOfAsManyCharactersAsACampaignTag) {
  const IndicatorSet& set = DefaultIndicators();
  std::string tag;
  for (int i = 0; i < 30; ++i) tag += "专";
  auto long_tag = PlanFigure(set, {"cases_opened_campaign", "2025-01", "2025-12", "none", {{"campaign", tag}}});
  ASSERT_TRUE(long_tag) << long_tag.error().ToString();
  EXPECT_EQ(long_tag.value().legs.at(0).d1_in, std::vector<std::string>{tag});

  std::string longest;
  for (size_t i = 0; i < core::limits::kShortTextChars; ++i) longest += "剑";
  EXPECT_TRUE(PlanFigure(set, {"cases_opened_campaign", "2025-01", "2025-12", "none", {{"campaign", longest}}}));
  auto too_long = PlanFigure(set, {"cases_opened_campaign", "2025-01", "2025-12", "none", {{"campaign", longest + "网"}}});
  ASSERT_FALSE(too_long);
  EXPECT_EQ(too_long.error().field_errors().at(0).field, "campaign");
  auto empty = PlanFigure(set, {"cases_opened_campaign", "2025-01", "2025-12", "none", {{"campaign", ""}}});
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().field_errors().at(0).field, "campaign");
}

TEST(Indicators, PlanMapsDimensionsToColumnsAndKeepsFilters) {
  const IndicatorSet& set = DefaultIndicators();
  auto plan = PlanFigure(set, {"transfers_sent", "2025-01", "2025-06", "category", {}});
  ASSERT_TRUE(plan) << plan.error().ToString();
  ASSERT_EQ(plan->legs.size(), 1u);
  EXPECT_EQ(plan->legs[0].measure, "transfer");
  EXPECT_EQ(plan->legs[0].group, GroupColumn::kD2);
  EXPECT_EQ(plan->legs[0].d1_in.size(), 9u);

  // A request filter outside the indicator's own values keeps nothing.
  auto none = PlanFigure(set, {"transfers_filed", "2025-01", "2025-06", "none", {{"transfer_status", "sent"}}});
  EXPECT_FALSE(none);  // transfer_status is not among transfers_filed's dimensions
  auto narrowed =
      PlanFigure(set, {"transfers_sent", "2025-01", "2025-06", "none", {{"transfer_status", "awaiting_decision"}}});
  ASSERT_TRUE(narrowed);
  EXPECT_TRUE(narrowed->legs[0].matches_nothing);

  auto rate = PlanFigure(set, {"transfer_rate", "2025-01", "2025-12", "quarter", {{"category", "trademark"}}});
  ASSERT_TRUE(rate) << rate.error().ToString();
  ASSERT_EQ(rate->legs.size(), 2u);
  EXPECT_EQ(rate->legs[1].measure, "case_over_threshold");
  EXPECT_EQ(rate->legs[1].d1_in, std::vector<std::string>{"trademark"});
  EXPECT_EQ(rate->legs[0].d2_in, std::vector<std::string>{"trademark"});
  EXPECT_EQ(rate->fold, Fold::kQuarter);
}

TEST(Indicators, CombineFoldsMonthsAndComputesRatesInIntegers) {
  const IndicatorSet& set = DefaultIndicators();
  auto plan = PlanFigure(set, {"transfer_rate", "2025-01", "2025-12", "quarter", {}});
  ASSERT_TRUE(plan);
  std::vector<std::vector<CellRow>> rows = {
      {{"2025-01", 1, 0}, {"2025-02", 1, 0}, {"2025-04", 2, 0}},
      {{"2025-01", 2, 0}, {"2025-03", 1, 0}, {"2025-07", 5, 0}}};
  auto figure = Combine(*plan, rows);
  ASSERT_EQ(figure.size(), 3u);
  EXPECT_EQ(figure[0].key, "2025-Q1");
  EXPECT_EQ(figure[0].numerator, 2);
  EXPECT_EQ(figure[0].denominator, 3);
  EXPECT_EQ(figure[0].value, 6667);  // 2/3 = 66.67 %, half up in basis points
  EXPECT_EQ(figure[1].key, "2025-Q2");
  EXPECT_EQ(figure[1].denominator, 0);
  EXPECT_FALSE(figure[1].value.has_value());
  EXPECT_EQ(figure[2].value, 0);
  FigureRow total = Total(*plan, figure);
  EXPECT_EQ(total.numerator, 4);
  EXPECT_EQ(total.denominator, 8);
  EXPECT_EQ(total.value, 5000);

  auto sums = PlanFigure(set, {"fines", "2025-01", "2025-12", "year", {}});
  ASSERT_TRUE(sums);
  auto fines = Combine(*sums, {{{"2025-01", 3, 150000}, {"2025-11", 1, 7}}});
  ASSERT_EQ(fines.size(), 1u);
  EXPECT_EQ(fines[0].key, "2025");
  EXPECT_EQ(fines[0].value, 150007);
  EXPECT_EQ(ValueKindOf(set, *set.Find("fines")), ValueKind::kFen);
  EXPECT_EQ(ValueKindOf(set, *set.Find("cases_closed")), ValueKind::kNone);
}

}  // namespace
}  // namespace ipe::statistics

namespace ipe::statistics {
namespace {

TEST(Indicators, MonthsCountAndPrintBothWays) {
  EXPECT_EQ(MonthIndex("2026-01"), 2026 * 12);
  EXPECT_EQ(MonthIndex("2026-13"), std::nullopt);
  EXPECT_EQ(MonthIndex("2026/01"), std::nullopt);
  EXPECT_EQ(MonthText(*MonthIndex("2025-12") + 1), "2026-01");
  EXPECT_EQ(MonthText(*MonthIndex("2026-03") - 15), "2024-12");
}

}  // namespace
}  // namespace ipe::statistics
