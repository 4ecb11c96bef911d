// 展会维权: the fair's fields, the desk rule of the 2006 measures as data, the per-fair summary.
#include "complaints/fairs.h"

#include <gtest/gtest.h>

namespace ipe::complaints {
namespace {

Fair Canton() {
  Fair f;
  f.name = "第一百三十届中国进出口商品交易会";
  f.venue = "广州琶洲";
  f.region_code = "440105";
  f.starts_on = *core::ParseDate("2021-10-15");
  f.ends_on = *core::ParseDate("2021-10-19");
  f.organiser = "中国对外贸易中心";
  return f;
}

bool Names(const std::vector<FieldProblem>& p, const std::string& field) {
  for (const auto& x : p) {
    if (x.field == field) return true;
  }
  return false;
}

TEST(Fairs, ValidateFields) {
  EXPECT_TRUE(ValidateFair(Canton()).empty());
  Fair f = Canton();
  f.name.clear();
  f.ends_on = *core::ParseDate("2021-10-14");
  f.reply_hours = 0;
  f.handle_hours = kMaxFairHours + 1;
  auto p = ValidateFair(f);
  EXPECT_TRUE(Names(p, "name"));
  EXPECT_TRUE(Names(p, "ends_on"));
  EXPECT_TRUE(Names(p, "reply_hours"));
  EXPECT_TRUE(Names(p, "handle_hours"));
  f = Canton();
  f.ends_on = f.starts_on.AddDays(400);
  EXPECT_TRUE(Names(ValidateFair(f), "ends_on"));
}

// 第六条: three days or more (both ends counted) — the figure comes from the rule pack.
TEST(Fairs, DeskExpectedFromTheRulePack) {
  const rules::RuleSet& rules = rules::DefaultRuleSet();
  ASSERT_NE(rules.FindStep("fair_complaint_desk"), nullptr);
  EXPECT_EQ(rules.FindStep("fair_complaint_desk")->amount, 3);
  Fair f = Canton();
  EXPECT_EQ(FairDays(f), 5);
  EXPECT_TRUE(DeskExpected(rules, f));
  f.ends_on = f.starts_on.AddDays(2);
  EXPECT_EQ(FairDays(f), 3);
  EXPECT_TRUE(DeskExpected(rules, f));
  f.ends_on = f.starts_on.AddDays(1);
  EXPECT_FALSE(DeskExpected(rules, f));
}

TEST(Fairs, SummaryCountsOnSiteAndMedian) {
  Fair f = Canton();
  f.handle_hours = 24;
  auto at = [](const char* s) { return *core::ParseTimestamp(s); };
  std::vector<FairRecord> records = {
      // decided after 2 hours, on site
      {"complaint", "trademark", "accepted", at("2021-10-15T02:00:00Z"), at("2021-10-15T04:00:00Z")},
      // decided after 30 hours, still during the fair
      {"complaint", "patent", "refused", at("2021-10-16T02:00:00Z"), at("2021-10-17T08:00:00Z")},
      // decided after the fair closed (2021-10-22 local)
      {"report", "trademark", "converted", at("2021-10-19T02:00:00Z"), at("2021-10-22T02:00:00Z")},
      // not decided
      {"complaint", "copyright", "pending", at("2021-10-19T03:00:00Z"), std::nullopt},
  };
  FairSummary s = SummariseFair(f, records);
  EXPECT_EQ(s.total, 4);
  EXPECT_EQ(s.by_kind["complaint"], 3);
  EXPECT_EQ(s.by_subject["trademark"], 2);
  EXPECT_EQ(s.by_status["pending"], 1);
  EXPECT_EQ(s.decided, 3);
  EXPECT_EQ(s.handled_on_site, 2);
  EXPECT_EQ(s.within_handle_hours, 1);
  ASSERT_TRUE(s.median_handling_hours.has_value());
  EXPECT_DOUBLE_EQ(*s.median_handling_hours, 30.0);
  EXPECT_DOUBLE_EQ(*s.worst_handling_hours, 72.0);
  EXPECT_FALSE(SummariseFair(f, {}).median_handling_hours.has_value());
}

TEST(Fairs, OnSiteClockDueSoonAtHalfOverdueAtItsEnd) {
  core::Timestamp received = *core::ParseTimestamp("2021-10-15T09:00:00+08:00");
  auto at = [](const char* t) { return *core::ParseTimestamp(t); };
  FairClock c = FairClockOf(received, 8, at("2021-10-15T12:59:59+08:00"));
  EXPECT_EQ(c.due.ToString(), "2021-10-15T09:00:00Z");  // 17:00 Beijing
  EXPECT_FALSE(c.due_soon);
  EXPECT_FALSE(c.overdue);
  c = FairClockOf(received, 8, at("2021-10-15T13:00:00+08:00"));  // half of the 8 hours
  EXPECT_TRUE(c.due_soon);
  EXPECT_FALSE(c.overdue);
  c = FairClockOf(received, 8, at("2021-10-15T17:00:00+08:00"));
  EXPECT_FALSE(c.due_soon);
  EXPECT_TRUE(c.overdue);
  // Hours, not working days: a Saturday counts like any other day.
  c = FairClockOf(at("2021-10-16T09:00:00+08:00"), 24, at("2021-10-17T09:00:00+08:00"));
  EXPECT_TRUE(c.overdue);
}

}  // namespace
}  // namespace ipe::complaints
