#include "plan/model.h"

#include <gtest/gtest.h>

#include "plan/parser.h"

namespace ipe::plan {
namespace {

core::Date D(int y, unsigned m, unsigned d) { return core::Date::FromCivil(y, m, d); }

TEST(DeriveAssignments, OnePerItemAndAgencyWithRoles) {
  auto p = ParsePlan(
      "2020年工作要点\n一、总则\n"
      "（一）任务一。（全国打击侵权假冒工作领导小组办公室、高检院牵头，公安部、高检院按职责分工负责"
      "）"
      "第二段。（有关部门、某某协会负责）\n（二）任务二。\n");
  ASSERT_TRUE(p.has_value());
  Assignments a = DeriveAssignments(*p);
  ASSERT_EQ(a.assignments.size(), 3u);  // 高检院 once, as lead
  EXPECT_EQ(a.assignments[0].agency, "全国打击侵权假冒工作领导小组办公室");
  EXPECT_EQ(a.assignments[0].role, AssignmentRole::kLead);
  EXPECT_EQ(a.assignments[1].agency, "最高人民检察院");
  EXPECT_EQ(a.assignments[1].role, AssignmentRole::kLead);
  EXPECT_EQ(a.assignments[2].agency, "公安部");
  EXPECT_EQ(a.assignments[2].role, AssignmentRole::kCo);
  EXPECT_EQ(a.assignments[2].item.ToString(), "1.1.1");
  EXPECT_EQ(a.assignments[2].region_code, "000000");
  ASSERT_EQ(a.unassigned.size(), 2u);
  EXPECT_EQ(a.unassigned[0].item.ToString(), "1.1.2");
  EXPECT_EQ(a.unassigned[0].holder.resolution, core::AgencyResolution::kGeneric);
  EXPECT_EQ(a.unassigned[1].holder.resolution, core::AgencyResolution::kUnresolved);
  EXPECT_STREQ(AssignmentRoleName(AssignmentRole::kCo), "co");
}

TEST(ReportStatus, NamesLabelsAndParsing) {
  EXPECT_EQ(*ParseReportStatus("推进中"), ReportStatus::kInProgress);
  EXPECT_EQ(*ParseReportStatus("blocked"), ReportStatus::kBlocked);
  EXPECT_STREQ(ReportStatusLabel(ReportStatus::kCompleted), "已完成");
  EXPECT_STREQ(ReportStatusLabel(ReportStatus::kNotStarted), "未启动");
  auto bad = ParseReportStatus("done");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code(), core::StatusCode::kInvalidArgument);
}

TEST(Periods, QuartersHalvesMonthsYears) {
  EXPECT_EQ(*QuarterOf(2020, 1), (Period{D(2020, 1, 1), D(2020, 3, 31)}));
  EXPECT_EQ(*QuarterOf(2020, 4), (Period{D(2020, 10, 1), D(2020, 12, 31)}));
  EXPECT_EQ(*HalfOf(2021, 2), (Period{D(2021, 7, 1), D(2021, 12, 31)}));
  EXPECT_EQ(*MonthOf(2020, 2), (Period{D(2020, 2, 1), D(2020, 2, 29)}));  // leap year
  EXPECT_EQ(*MonthOf(2021, 2), (Period{D(2021, 2, 1), D(2021, 2, 28)}));
  EXPECT_EQ(YearOf(2020).last, D(2020, 12, 31));
  EXPECT_TRUE(QuarterOf(2020, 2)->Contains(D(2020, 6, 30)));
  EXPECT_FALSE(QuarterOf(2020, 2)->Contains(D(2020, 7, 1)));
  EXPECT_FALSE(QuarterOf(2020, 5).has_value());
  EXPECT_FALSE(HalfOf(2020, 0).has_value());
  EXPECT_FALSE(MonthOf(2020, 13).has_value());
}

TEST(IsOverdue, DueDatePassedWithoutAReport) {
  Report r{{1, 1, 1}, "公安部", *QuarterOf(2020, 2), ReportStatus::kInProgress, D(2020, 7, 5), ""};
  EXPECT_FALSE(IsOverdue(D(2020, 7, 10), {}, D(2020, 7, 10)));  // due today: not yet
  EXPECT_TRUE(IsOverdue(D(2020, 7, 10), {}, D(2020, 7, 11)));
  EXPECT_FALSE(IsOverdue(D(2020, 7, 10), {r}, D(2020, 7, 11)));
  r.submitted = D(2020, 7, 20);  // late report clears it once submitted, not before
  EXPECT_TRUE(IsOverdue(D(2020, 7, 10), {r}, D(2020, 7, 15)));
  EXPECT_FALSE(IsOverdue(D(2020, 7, 10), {r}, D(2020, 7, 20)));
}

TEST(LatestStatus, NewestSubmissionWins) {
  EXPECT_EQ(LatestStatus({}), ReportStatus::kNotStarted);
  Report a{{1, 1, 1}, "公安部", YearOf(2020), ReportStatus::kBlocked, D(2020, 8, 1), ""};
  Report b = a;
  b.status = ReportStatus::kCompleted;
  b.submitted = D(2020, 9, 1);
  EXPECT_EQ(LatestStatus({b, a}), ReportStatus::kCompleted);
  EXPECT_EQ(CompletionPermille(
                {ReportStatus::kCompleted, ReportStatus::kBlocked, ReportStatus::kCompleted}),
            666);
  EXPECT_FALSE(CompletionPermille({}).has_value());
}

TEST(Rubric, TotalsRankingAndValidation) {
  Rubric rubric{
      {{"cases", "案件查办", 40}, {"reports", "信息报送", 30}, {"publicity", "宣传", 30}}};
  ASSERT_TRUE(rubric.Validate().ok());
  EXPECT_EQ(rubric.MaxTotal(), 100);
  std::vector<Score> scores{{"公安部", {{"cases", 38}, {"reports", 25}}},
                            {"海关总署", {{"cases", 35}, {"reports", 28}}},
                            {"商务部", {{"cases", 20}, {"publicity", 30}, {"reports", 10}}}};
  auto ranking = Rank(rubric, scores);
  ASSERT_TRUE(ranking.has_value());
  ASSERT_EQ(ranking->size(), 3u);
  EXPECT_EQ((*ranking)[0].total, 63);
  EXPECT_EQ((*ranking)[0].rank, 1);
  EXPECT_EQ((*ranking)[1].rank, 1);  // tie at 63
  EXPECT_EQ((*ranking)[2].agency, "商务部");
  EXPECT_EQ((*ranking)[2].rank, 3);

  EXPECT_FALSE(Total(rubric, {"x", {{"cases", 41}}}).has_value());
  EXPECT_FALSE(Total(rubric, {"x", {{"cases", -1}}}).has_value());
  EXPECT_FALSE(Total(rubric, {"x", {{"unknown", 1}}}).has_value());
  EXPECT_FALSE(Rank(rubric, {{"公安部", {}}, {"公安部", {}}}).has_value());
  EXPECT_FALSE((Rubric{}).Validate().ok());
  EXPECT_FALSE((Rubric{{{"a", "甲", 10}, {"a", "乙", 10}}}).Validate().ok());
  EXPECT_FALSE((Rubric{{{"a", "甲", 0}}}).Validate().ok());
}

}  // namespace
}  // namespace ipe::plan
