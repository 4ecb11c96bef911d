#include "statistics/assessment.h"

#include <gtest/gtest.h>

#include <set>

namespace ipe::statistics {
namespace {

std::set<std::string> Fields(const core::Status& st) {
  std::set<std::string> out;
  for (const auto& fe : st.field_errors()) out.insert(fe.field);
  return out;
}

TEST(Assessment, DefaultRubricIsValidForProvincesAndSaysWhereItComesFrom) {
  const AssessmentRubric& r = DefaultAssessmentRubric();
  EXPECT_EQ(r.version, "2026.1");
  EXPECT_EQ(r.MaxTotal(), 100);
  EXPECT_TRUE(ValidateRubric(r, DefaultIndicators(), true).ok())
      << ValidateRubric(r, DefaultIndicators(), true).ToString();
  int manual = 0;
  for (const AssessmentCriterion& c : r.criteria) {
    EXPECT_NE(c.basis.find("二十二"), std::string::npos) << c.key;  // seed task 22
    EXPECT_EQ(c.confidence, "M") << c.key;                          // the project's own weights
    manual += c.manual() ? 1 : 0;
  }
  EXPECT_EQ(manual, 3);
  // Per capita needs the population, known per province only: refused for prefectures.
  EXPECT_EQ(Fields(ValidateRubric(r, DefaultIndicators(), false)),
            (std::set<std::string>{"criteria[2].per_capita"}));
}

TEST(Assessment, ParserRefusesUnknownKeysAndBadNumbers) {
  const std::string ok =
      "[criterion a]\nname = 甲\nkind = manual\nmax_points = 10\nbasis = b\nconfidence = M\n";
  EXPECT_TRUE(ParseAssessmentRubric("t", ok));
  EXPECT_FALSE(ParseAssessmentRubric("t", ok + "colour = red\n"));
  EXPECT_FALSE(ParseAssessmentRubric("t", "[criterion a]\nmax_points = ten\n"));
  EXPECT_FALSE(ParseAssessmentRubric("t", "[criterion a]\nper_capita = maybe\n"));
  EXPECT_FALSE(ParseAssessmentRubric("t", "[rule a]\nname = x\n"));
}

TEST(Assessment, ValidationNamesEveryBadField) {
  AssessmentRubric r;
  AssessmentCriterion bad;
  bad.key = "Bad Key";
  bad.kind = "indicator";
  bad.indicator = "no_such";
  bad.scoring = "linear";
  bad.direction = "sideways";
  bad.low = 10;
  bad.high = 5;
  bad.max_points = 0;
  bad.confidence = "X";
  AssessmentCriterion rate;
  rate.key = "rate";
  rate.name = "移送率";
  rate.kind = "indicator";
  rate.indicator = "transfer_rate";
  rate.scoring = "rank";
  rate.direction = "higher";
  rate.per_capita = true;
  rate.max_points = 10;
  rate.basis = "b";
  rate.confidence = "M";
  AssessmentCriterion twice = rate;
  twice.per_capita = false;
  AssessmentCriterion manual;
  manual.key = "m";
  manual.name = "人工";
  manual.kind = "manual";
  manual.indicator = "cases_opened";
  manual.max_points = 10;
  manual.basis = "b";
  manual.confidence = "M";
  r.criteria = {bad, rate, twice, manual};
  EXPECT_EQ(
      Fields(ValidateRubric(r, DefaultIndicators(), true)),
      (std::set<std::string>{"criteria[0].key", "criteria[0].name", "criteria[0].max_points",
                             "criteria[0].basis", "criteria[0].confidence", "criteria[0].indicator",
                             "criteria[0].direction", "criteria[0].high", "criteria[1].per_capita",
                             "criteria[2].key", "criteria[3].kind"}));
  EXPECT_EQ(Fields(ValidateRubric(AssessmentRubric{}, DefaultIndicators(), true)),
            (std::set<std::string>{"criteria"}));
}

TEST(Assessment, LinearPointsAreClampedAndRoundedHalfUp) {
  AssessmentCriterion c;
  c.scoring = "linear";
  c.direction = "higher";
  c.low = 0;
  c.high = 1000;  // a rate: 0 % … 10 %
  c.max_points = 25;
  EXPECT_EQ(CriterionPoints(c, {0, 500, 1000, 2500, 333, std::nullopt}),
            (std::vector<int64_t>{0, 1250, 2500, 2500, 833, 0}));  // 333/1000 × 2500 = 832.5 → 833
  c.direction = "lower";
  EXPECT_EQ(CriterionPoints(c, {0, 250, 1200}), (std::vector<int64_t>{2500, 1875, 0}));
}

TEST(Assessment, RankPointsShareTiesAndSkipRegionsWithoutAFigure) {
  AssessmentCriterion c;
  c.scoring = "rank";
  c.direction = "higher";
  c.max_points = 20;
  // Five regions with a figure: ranks 1, 2, 2, 4, 5 → 20, 15, 15, 5, 0.
  EXPECT_EQ(CriterionPoints(c, {90, 50, 50, std::nullopt, 10, 3}),
            (std::vector<int64_t>{2000, 1500, 1500, 0, 500, 0}));
  c.direction = "lower";
  EXPECT_EQ(CriterionPoints(c, {90, 50, 10}), (std::vector<int64_t>{0, 1000, 2000}));
  EXPECT_EQ(CriterionPoints(c, {std::nullopt, 7}), (std::vector<int64_t>{0, 2000}));
}

TEST(Assessment, PerCapitaIsHundredthsPer100000) {
  EXPECT_EQ(PerCapitaHundredths(130, 13'000'000), 100);  // 1.00 per 100,000
  EXPECT_EQ(PerCapitaHundredths(1, 3'000'000), 3);       // 0.0333… → 0.03
  EXPECT_EQ(PerCapitaHundredths(5, 0), std::nullopt);
}

}  // namespace
}  // namespace ipe::statistics
