#include "credit/risk_grade.h"

#include <gtest/gtest.h>

namespace ipe::credit {
namespace {

TEST(RiskGradeTest, TheShippedRulesGradeFromLowToHigh) {
  const RiskRules& rules = DefaultRiskRules();
  EXPECT_EQ(rules.window_years, 3);
  ASSERT_EQ(rules.grades.size(), 4u);
  EXPECT_EQ(GradeRisk(rules, {}).key, "A");
  EXPECT_EQ(GradeRisk(rules, {.cases = 1}).key, "B");
  EXPECT_EQ(GradeRisk(rules, {.penalties = 1}).key, "B");
  EXPECT_EQ(GradeRisk(rules, {.penalties = 2}).key, "C");
  EXPECT_EQ(GradeRisk(rules, {.leads = 3}).key, "C");
  EXPECT_EQ(GradeRisk(rules, {.ip_findings = 1}).key, "C");  // the IP office's finding
  EXPECT_EQ(GradeRisk(rules, {.penalties = 3}).key, "D");
  EXPECT_EQ(GradeRisk(rules, {.transfers = 1}).key, "D");
  RiskGrade listed = GradeRisk(rules, {.listed = true, .penalties = 4, .leads = 1});
  EXPECT_EQ(listed.key, "D");
  EXPECT_EQ(listed.title, "高风险（D类）");
  // Every condition of the grade that held is a reason, in the file's order.
  ASSERT_EQ(listed.reasons.size(), 2u);
  EXPECT_EQ(listed.reasons[0], "列入严重违法失信名单");
  EXPECT_EQ(listed.reasons[1], "近3年行政处罚 4 次（≥3）");
  for (const RiskGradeRule& g : rules.grades) {
    EXPECT_FALSE(g.source.empty()) << g.key;
    EXPECT_EQ(g.confidence, "M") << g.key;  // no row in legal-rules.md backs them
  }
}

TEST(RiskGradeTest, ThresholdsComeFromTheFile) {
  auto rules = ParseRiskRules("t.rules",
                              "pack = t\nwindow_years = 5\n"
                              "[grade H]\ntitle = 高\nwhen = leads >= 10\nsource = s\nconfidence = S\n"
                              "[grade L]\ntitle = 低\nwhen = always\nsource = s\nconfidence = S\n");
  ASSERT_TRUE(rules.has_value()) << rules.error().ToString();
  EXPECT_EQ(GradeRisk(*rules, {.leads = 9}).key, "L");
  RiskGrade h = GradeRisk(*rules, {.leads = 10});
  EXPECT_EQ(h.key, "H");
  EXPECT_EQ(h.reasons.at(0), "近5年关联线索 10 条（≥10）");
}

TEST(RiskGradeTest, BadPacksNameTheLine) {
  const char* head = "pack = t\nwindow_years = 3\n";
  auto unknown = ParseRiskRules("t", std::string(head) +
                                         "[grade H]\ntitle = 高\nwhen = fines >= 1\nsource = s\nconfidence = M\n");
  EXPECT_EQ(unknown.error().message(), "t:5: unknown_fact: fines");
  auto no_always = ParseRiskRules(
      "t", std::string(head) + "[grade H]\ntitle = 高\nwhen = listed\nsource = s\nconfidence = M\n");
  EXPECT_FALSE(no_always.has_value());
  auto no_source = ParseRiskRules("t", std::string(head) + "[grade L]\ntitle = 低\nwhen = always\nconfidence = M\n");
  EXPECT_EQ(no_source.error().message(), "t:3: missing_key: source");
  auto bad_conf = ParseRiskRules(
      "t", std::string(head) + "[grade L]\ntitle = 低\nwhen = always\nsource = s\nconfidence = X\n");
  EXPECT_EQ(bad_conf.error().message(), "t:7: bad_value: confidence is C, S or M");
  EXPECT_FALSE(ParseRiskRules("t", "pack = t\n[grade L]\ntitle = 低\nwhen = always\nsource = s\nconfidence = M\n").has_value());
}

}  // namespace
}  // namespace ipe::credit
