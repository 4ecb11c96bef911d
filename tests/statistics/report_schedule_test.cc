// 定期形势报告 at the use-case level, on SQLite and PostgreSQL, on the demo data with a fake clock:
// a Shanghai officer subscribes to the monthly report; the scheduler stores last month's report once
// (a second server's pass stores nothing), the next month's after that month ends, as the officer
// (their scope's figures); only the owner lists and downloads them, audited; a stopped schedule
// gets nothing more; bad input names its field.
#include "app/statistics/report_schedule.h"

#include <gtest/gtest.h>

#include "demo_fixture.h"

namespace ipe::app {
namespace {

class ReportScheduleTest : public StatisticsDemoTest {
 protected:
  ReportScheduleTest() : StatisticsDemoTest("rsch", "2025-06-10T10:00:00+08:00") {}

  // Stands in for the PDF typesetter: the period, the scope and the first figure, so a test can
  // tell which report of whose scope it was given.
  static core::Result<std::string> FakePdf(const SituationReport& r) {
    return "%PDF " + r.period + " " + r.scope_label + " " + r.figures.at(0).indicator + "=" +
           std::to_string(r.figures.at(0).value.value_or(-1));
  }
};

TEST(ReportPeriods, TheLatestEndedPeriodOfEachCadence) {
  core::Date d = *core::ParseDate("2026-12-07");
  EXPECT_EQ(LatestEndedPeriod("month", d), "2026-11");
  EXPECT_EQ(LatestEndedPeriod("quarter", d), "2026-Q3");
  EXPECT_EQ(LatestEndedPeriod("year", d), "2025");
  core::Date jan = *core::ParseDate("2026-01-01");
  EXPECT_EQ(LatestEndedPeriod("month", jan), "2025-12");
  EXPECT_EQ(LatestEndedPeriod("quarter", jan), "2025-Q4");
  EXPECT_EQ(LatestEndedPeriod("quarter", *core::ParseDate("2026-04-01")), "2026-Q1");
  EXPECT_EQ(LatestEndedPeriod("quarter", *core::ParseDate("2026-03-31")), "2025-Q4");
}

TEST_P(ReportScheduleTest, TheSchedulerStoresEachEndedPeriodOnceAsTheOwner) {
  // A case of the Shanghai bureau in May: the May report of Shanghai counts it.
  clock_.Set(*core::ParseTimestamp("2025-05-20T10:00:00+08:00"));
  Register("sh_officer", 2, "may", "2025-05-01");
  clock_.Set(*core::ParseTimestamp("2025-06-10T10:00:00+08:00"));

  auto s = CreateReportSchedule(*ctx_, As("sh_officer"), "month");
  ASSERT_TRUE(s.has_value()) << s.error().ToString();
  EXPECT_EQ(CreateReportSchedule(*ctx_, As("sh_officer"), "month").error().code(), core::StatusCode::kAlreadyExists);

  ReportScheduler server_a(*ctx_, FakePdf, {});
  ReportScheduler server_b(*ctx_, FakePdf, {});
  auto first = server_a.RunOnce();
  ASSERT_TRUE(first.has_value()) << first.error().ToString();
  EXPECT_EQ(*first, 1);
  EXPECT_EQ(*server_b.RunOnce(), 0);  // the period is stored: the other server stores nothing
  EXPECT_EQ(*server_a.RunOnce(), 0);

  auto listed = ListScheduledReports(*ctx_, As("sh_officer"), std::nullopt, {1, 20});
  ASSERT_TRUE(listed.has_value());
  ASSERT_EQ(listed->total, 1);
  EXPECT_EQ(listed->items[0].period, "2025-05");
  // Built as the officer: the same report the officer downloads on demand.
  auto expected = BuildSituationReport(*ctx_, As("sh_officer"), "2025-05");
  ASSERT_TRUE(expected.has_value());
  EXPECT_EQ(expected->figures.at(0).value.value_or(0), 2);
  auto pdf = ScheduledReportFile(*ctx_, As("sh_officer"), listed->items[0].id, "pdf");
  ASSERT_TRUE(pdf.has_value()) << pdf.error().ToString();
  EXPECT_EQ(pdf->bytes, *FakePdf(*expected));
  auto xlsx = ScheduledReportFile(*ctx_, As("sh_officer"), listed->items[0].id, "xlsx");
  ASSERT_TRUE(xlsx.has_value());
  EXPECT_EQ(xlsx->bytes.substr(0, 2), "PK");  // a workbook (zip)
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE action = 'export.scheduled_report'"), 2);
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE action = 'report_schedule.generate'"), 1);

  // Nobody else sees or downloads them.
  EXPECT_EQ(ListScheduledReports(*ctx_, As("gd_officer"), std::nullopt, {1, 20})->total, 0);
  EXPECT_EQ(ScheduledReportFile(*ctx_, As("gd_officer"), listed->items[0].id, "pdf").error().code(),
            core::StatusCode::kNotFound);
  EXPECT_EQ(DisableReportSchedule(*ctx_, As("gd_officer"), s->id).error().code(), core::StatusCode::kNotFound);

  // June ends: its report follows at the next pass.
  clock_.Set(*core::ParseTimestamp("2025-07-01T00:30:00+08:00"));
  EXPECT_EQ(*server_b.RunOnce(), 1);
  EXPECT_EQ(ListScheduledReports(*ctx_, As("sh_officer"), s->id, {1, 20})->items.at(0).period, "2025-06");

  // Stopped: July's report never comes; the stored ones stay.
  ASSERT_TRUE(DisableReportSchedule(*ctx_, As("sh_officer"), s->id).has_value());
  EXPECT_EQ(DisableReportSchedule(*ctx_, As("sh_officer"), s->id).error().code(),
            core::StatusCode::kFailedPrecondition);
  clock_.Set(*core::ParseTimestamp("2025-08-02T10:00:00+08:00"));
  EXPECT_EQ(*server_a.RunOnce(), 0);
  EXPECT_EQ(ListScheduledReports(*ctx_, As("sh_officer"), std::nullopt, {1, 20})->total, 2);
  // A new monthly schedule may be made once the old one is stopped.
  EXPECT_TRUE(CreateReportSchedule(*ctx_, As("sh_officer"), "month").has_value());
}

TEST_P(ReportScheduleTest, BadInputIsRefusedWithItsField) {
  auto bad = CreateReportSchedule(*ctx_, As("sh_officer"), "weekly");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().field_errors().at(0).field, "cadence");
  EXPECT_EQ(CreateReportSchedule(*ctx_, As("sh_police"), "month").error().code(),
            core::StatusCode::kPermissionDenied);
  EXPECT_EQ(Count("SELECT count(*) FROM report_schedules"), 0);
  auto s = CreateReportSchedule(*ctx_, As("sh_officer"), "year");
  ASSERT_TRUE(s.has_value());
  ReportScheduler scheduler(*ctx_, FakePdf, {});
  ASSERT_EQ(*scheduler.RunOnce(), 1);
  auto listed = ListScheduledReports(*ctx_, As("sh_officer"), std::nullopt, {1, 20});
  EXPECT_EQ(listed->items.at(0).period, "2024");
  auto wrong = ScheduledReportFile(*ctx_, As("sh_officer"), listed->items.at(0).id, "docx");
  ASSERT_FALSE(wrong.has_value());
  EXPECT_EQ(wrong.error().field_errors().at(0).field, "format");
}

INSTANTIATE_TEST_SUITE_P(Backends, ReportScheduleTest, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace ipe::app
