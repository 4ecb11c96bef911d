// 地区督办, the flow of issue 18 on SQLite and PostgreSQL with a fake clock: five years of cases
// (2021–2025) make Shanghai, and only Shanghai, a high-incidence candidate → the office lists it
// for 挂牌督办 with the figures frozen and two tasks → the agencies' to-dos and follow-ups → the
// office returns it once, then removes it (销号) when every task is done. The states, the audit
// rows and the 工作台 items are asserted at each step, and the illegal steps answer
// FailedPrecondition (409) with nothing written.
#include "app/statistics/region_supervision.h"

#include <gtest/gtest.h>

#include "app/crypto.h"
#include "app/statistics/high_incidence.h"
#include "app/workbench/workbench.h"
#include "cases_over_years.h"

namespace ipe::app {
namespace {

NewSupervisionReport Report(std::string body, std::optional<int64_t> task = std::nullopt, bool done = false) {
  NewSupervisionReport r;
  r.body = std::move(body);
  r.task_id = task;
  r.task_done = done;
  return r;
}

class RegionSupervisionTest : public CasesOverYearsTest {
 protected:
  // The audit actions written for decision `id`, oldest first.
  std::vector<std::string> AuditActions(int64_t id) {
    auto tx = db_->Begin(storage::TxMode::kRead);
    EXPECT_TRUE(tx.has_value());
    auto rows = (*tx)->Query("SELECT action FROM audit_log WHERE entity_type = 'region_supervision' AND entity_id = ? "
                             "ORDER BY seq",
                             {std::to_string(id)});
    EXPECT_TRUE(rows.has_value());
    std::vector<std::string> out;
    for (const auto& r : *rows) out.push_back(r.Text(0));
    return out;
  }

  // The 工作台 items of `kind` for `login`, as "id:deadline_state".
  std::vector<std::string> Todo(const std::string& login, const std::string& kind) {
    auto wb = GetWorkbench(*ctx_, As(login), {});
    EXPECT_TRUE(wb.has_value()) << wb.error().ToString();
    std::vector<std::string> out;
    for (const WorkItem& i : wb->items) {
      if (i.kind == kind) out.push_back(std::to_string(i.id) + ":" + i.deadline_state);
    }
    return out;
  }
};

TEST_P(RegionSupervisionTest, FiveYearsOfCasesToListingFollowUpAndRemoval) {
  // Shanghai registers cases in each of the five years; Guangdong in 2021, 2022 and 2024 only,
  // so in 2025's three years (2023–2025) Shanghai alone is in the top 10 % every year.
  for (int year = 2021; year <= 2025; ++year) Register("sh_officer", year, year == 2025 ? 4 : 3);
  for (int year : {2021, 2022, 2024}) Register("gd_officer", year, 5);
  clock_.Set(*core::ParseTimestamp("2026-01-15T10:00:00+08:00"));
  const core::Date today = *core::ParseDate("2026-01-15");

  // The candidate, with the figures that triggered it.
  auto found = FindHighIncidence(*ctx_, As("office"), 2025, "persistent_top");
  ASSERT_TRUE(found.has_value()) << found.error().ToString();
  ASSERT_EQ(found->candidates.size(), 1u);
  EXPECT_EQ(found->candidates[0].candidate.region, "310000");

  Principal office = As("office");
  Principal sh = As("sh_officer");
  Principal pd = As("pd_officer");
  NewRegionSupervision in;
  in.kind = "listed";
  in.region_code = "310000";
  in.rule_key = "persistent_top";
  in.basis_year = 2025;
  in.agency_ids = {sh.agency_id, pd.agency_id};
  in.tasks = {{sh.agency_id, "开展商标侵权专项整治", today.AddDays(5).ToString()},
              {pd.agency_id, "排查重点市场主体", today.AddDays(60).ToString()}};

  // Bad input writes nothing: a region that is not the rule's candidate, a task's agency not
  // responsible; a provincial user cannot decide; Guangdong's agency is outside Shanghai.
  NewRegionSupervision not_candidate = in;
  not_candidate.region_code = "440000";
  not_candidate.agency_ids = {As("gd_officer").agency_id};
  not_candidate.tasks.clear();
  auto refused = CreateRegionSupervision(*ctx_, office, not_candidate);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code(), core::StatusCode::kInvalidArgument);
  EXPECT_EQ(refused.error().field_errors()[0].field, "region_code");
  NewRegionSupervision outside = in;
  outside.agency_ids.push_back(As("gd_officer").agency_id);
  EXPECT_EQ(CreateRegionSupervision(*ctx_, office, outside).error().code(), core::StatusCode::kInvalidArgument);
  EXPECT_EQ(CreateRegionSupervision(*ctx_, sh, in).error().code(), core::StatusCode::kPermissionDenied);
  EXPECT_EQ(ListRegionSupervisions(*ctx_, office, {}, {1, 20})->total, 0);

  // 挂牌督办: rectifying, the candidate's figures frozen, the default period of the rule file.
  auto opened = CreateRegionSupervision(*ctx_, office, in);
  ASSERT_TRUE(opened.has_value()) << opened.error().ToString();
  const int64_t id = opened->id;
  EXPECT_EQ(opened->status, "rectifying");
  EXPECT_EQ(opened->government, "上海市人民政府");
  EXPECT_EQ(opened->deadline, today.AddDays(180));
  EXPECT_NE(opened->figures_json.find("\"count\":4"), std::string::npos) << opened->figures_json;
  EXPECT_NE(opened->figures_json.find("\"year\":2023"), std::string::npos) << opened->figures_json;
  ASSERT_EQ(opened->tasks.size(), 2u);
  const int64_t sh_task = opened->tasks[0].id;
  const int64_t pd_task = opened->tasks[1].id;
  EXPECT_EQ(AuditActions(id), std::vector<std::string>({"region_supervision.open"}));

  // Who reads it: the office, Shanghai's prosecutor (its province), the responsible agencies;
  // not Guangdong's prosecutor or officer.
  EXPECT_EQ(ListRegionSupervisions(*ctx_, As("sh_prosecutor"), {}, {1, 20})->total, 1);
  EXPECT_EQ(ListRegionSupervisions(*ctx_, pd, {}, {1, 20})->total, 1);
  EXPECT_EQ(ListRegionSupervisions(*ctx_, As("gd_prosecutor"), {}, {1, 20})->total, 0);
  EXPECT_EQ(GetRegionSupervision(*ctx_, As("gd_officer"), id).error().code(), core::StatusCode::kNotFound);

  // To-dos: Shanghai's task is due within a week; Pudong's is not yet; nothing to review.
  EXPECT_EQ(Todo("sh_officer", "region_task"), std::vector<std::string>({std::to_string(sh_task) + ":due_soon"}));
  EXPECT_TRUE(Todo("pd_officer", "region_task").empty());
  EXPECT_TRUE(Todo("office", "region_review").empty());

  // Illegal steps: removal before any report; reporting by a non-responsible agency or role.
  EXPECT_EQ(ReviewRegionSupervision(*ctx_, office, id, {"remove", "", ""}, opened->version).error().code(),
            core::StatusCode::kFailedPrecondition);
  EXPECT_EQ(FileSupervisionReport(*ctx_, As("gd_officer"), id, Report("进展")).error().code(),
            core::StatusCode::kNotFound);
  EXPECT_EQ(FileSupervisionReport(*ctx_, As("sh_police"), id, Report("进展")).error().code(),
            core::StatusCode::kPermissionDenied);
  EXPECT_EQ(FileSupervisionReport(*ctx_, sh, id, Report("进展", pd_task, true)).error().code(),
            core::StatusCode::kInvalidArgument);

  // A week later Shanghai's task is overdue; it reports it done, with a PDF.
  clock_.Set(*core::ParseTimestamp("2026-01-22T10:00:00+08:00"));
  EXPECT_EQ(Todo("sh_officer", "region_task"), std::vector<std::string>({std::to_string(sh_task) + ":overdue"}));
  NewSupervisionReport report = Report("已开展专项整治，查处案件 12 件。", sh_task, true);
  report.attachment = internal::Upload{"整治报告.pdf", "application/pdf", EncodeBase64("%PDF-1.4\n1 0 obj\n")};
  auto reported = FileSupervisionReport(*ctx_, sh, id, report);
  ASSERT_TRUE(reported.has_value()) << reported.error().ToString();
  EXPECT_EQ(reported->status, "reported");
  EXPECT_TRUE(reported->tasks[0].done_at.has_value());
  ASSERT_EQ(reported->steps.size(), 2u);
  EXPECT_EQ(reported->steps[1].filename, "整治报告.pdf");
  auto file = GetSupervisionAttachment(*ctx_, office, id, reported->steps[1].id);
  ASSERT_TRUE(file.has_value()) << file.error().ToString();
  EXPECT_EQ(file->bytes, "%PDF-1.4\n1 0 obj\n");
  EXPECT_TRUE(Todo("sh_officer", "region_task").empty());
  EXPECT_EQ(Todo("office", "region_review"), std::vector<std::string>({std::to_string(id) + ":ok"}));

  // Pudong's task is open: removal refused; the office returns it for further work.
  EXPECT_EQ(ReviewRegionSupervision(*ctx_, office, id, {"remove", "", ""}, reported->version).error().code(),
            core::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReviewRegionSupervision(*ctx_, As("sh_officer"), id, {"return", "x", ""}, reported->version).error().code(),
            core::StatusCode::kPermissionDenied);
  auto returned = ReviewRegionSupervision(*ctx_, office, id, {"return", "浦东新区任务尚未完成", ""}, reported->version);
  ASSERT_TRUE(returned.has_value()) << returned.error().ToString();
  EXPECT_EQ(returned->status, "rectifying");
  EXPECT_TRUE(Todo("office", "region_review").empty());
  // A stale version is refused.
  EXPECT_EQ(ReviewRegionSupervision(*ctx_, office, id, {"extend", "延期", "2026-12-31"}, reported->version)
                .error()
                .code(),
            core::StatusCode::kFailedPrecondition);

  // Pudong reports its task done; the office removes the listing (摘牌, 销号).
  clock_.Set(*core::ParseTimestamp("2026-03-10T10:00:00+08:00"));
  auto pd_done = FileSupervisionReport(*ctx_, pd, id, Report("重点市场主体排查完毕。", pd_task, true));
  ASSERT_TRUE(pd_done.has_value()) << pd_done.error().ToString();
  EXPECT_EQ(pd_done->status, "reported");
  auto removed = ReviewRegionSupervision(*ctx_, office, id, {"remove", "整改到位，予以摘牌", ""}, pd_done->version);
  ASSERT_TRUE(removed.has_value()) << removed.error().ToString();
  EXPECT_EQ(removed->status, "removed");
  EXPECT_TRUE(removed->removed_at.has_value());
  EXPECT_EQ(AuditActions(id), std::vector<std::string>({"region_supervision.open", "region_supervision.report",
                                                         "region_supervision.return", "region_supervision.report",
                                                         "region_supervision.remove"}));
  EXPECT_TRUE(Todo("office", "region_review").empty());
  EXPECT_TRUE(Todo("office", "region_overdue").empty());
  // Nothing follows removal.
  EXPECT_EQ(FileSupervisionReport(*ctx_, sh, id, Report("补充")).error().code(), core::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReviewRegionSupervision(*ctx_, office, id, {"return", "x", ""}, removed->version).error().code(),
            core::StatusCode::kFailedPrecondition);
  EXPECT_EQ(AuditActions(id).size(), 5u);
}

TEST_P(RegionSupervisionTest, AnyRegionWithAReasonTheOverdueToDoAndAProvincialOffice) {
  clock_.Set(*core::ParseTimestamp("2026-01-15T10:00:00+08:00"));
  Principal office = As("office");
  NewRegionSupervision in;
  in.kind = "interview";
  in.region_code = "440300";
  in.agency_ids = {As("sz_officer").agency_id};
  auto no_reason = CreateRegionSupervision(*ctx_, office, in);
  ASSERT_FALSE(no_reason.has_value());
  EXPECT_EQ(no_reason.error().field_errors()[0].field, "reason");
  in.reason = "群众举报集中，约谈深圳市人民政府";
  in.deadline = "2026-02-01";
  auto opened = CreateRegionSupervision(*ctx_, office, in);
  ASSERT_TRUE(opened.has_value()) << opened.error().ToString();
  EXPECT_EQ(opened->figures_json, "null");
  EXPECT_EQ(opened->government, "深圳市人民政府");
  // Past the deadline the office sees it overdue; extending moves the deadline forward only.
  clock_.Set(*core::ParseTimestamp("2026-02-03T10:00:00+08:00"));
  EXPECT_EQ(Todo("office", "region_overdue"), std::vector<std::string>({std::to_string(opened->id) + ":overdue"}));
  auto earlier = ReviewRegionSupervision(*ctx_, office, opened->id, {"extend", "延期", "2026-01-20"}, opened->version);
  ASSERT_FALSE(earlier.has_value());
  EXPECT_EQ(earlier.error().field_errors()[0].field, "deadline");
  auto extended = ReviewRegionSupervision(*ctx_, office, opened->id, {"extend", "延期一个月", "2026-03-01"}, opened->version);
  ASSERT_TRUE(extended.has_value()) << extended.error().ToString();
  EXPECT_EQ(extended->deadline.ToString(), "2026-03-01");
  EXPECT_TRUE(Todo("office", "region_overdue").empty());
  // A Guangdong prosecutor reads decisions on Guangdong; Shanghai's does not.
  EXPECT_EQ(ListRegionSupervisions(*ctx_, As("gd_prosecutor"), {}, {1, 20})->total, 1);
  EXPECT_EQ(ListRegionSupervisions(*ctx_, As("sh_prosecutor"), {}, {1, 20})->total, 0);

  // A provincial office decides on its prefectures, not on its own province, and reviews only
  // its own decisions; the national office's stay the national office's.
  NewUser gd_office;
  gd_office.login = "gd_office";
  gd_office.display_name = "广东协调";
  gd_office.password = "Gd-Office#2026-rs";
  gd_office.roles = {"office"};
  gd_office.agency_id = As("gd_officer").agency_id;
  gd_office.region_code = "440000";
  ASSERT_TRUE(CreateUser(*ctx_, Principal::System(), gd_office).has_value());
  Principal province = As("gd_office");
  NewRegionSupervision own = in;
  own.region_code = "440000";
  EXPECT_EQ(CreateRegionSupervision(*ctx_, province, own).error().code(), core::StatusCode::kPermissionDenied);
  in.deadline.clear();  // the kind's default period
  auto provincial = CreateRegionSupervision(*ctx_, province, in);
  ASSERT_TRUE(provincial.has_value()) << provincial.error().ToString();
  EXPECT_EQ(provincial->issuer_region, "440000");
  EXPECT_EQ(ListRegionSupervisions(*ctx_, province, {}, {1, 20})->total, 2);
  EXPECT_EQ(ReviewRegionSupervision(*ctx_, province, opened->id, {"extend", "延期", "2026-04-01"}, extended->version)
                .error()
                .code(),
            core::StatusCode::kPermissionDenied);
  EXPECT_EQ(ReviewRegionSupervision(*ctx_, office, provincial->id, {"extend", "延期", "2026-04-01"}, provincial->version)
                .error()
                .code(),
            core::StatusCode::kPermissionDenied);

  auto bad = ListRegionSupervisions(*ctx_, office, {std::string("nonsense"), std::nullopt}, {1, 20});
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().field_errors()[0].field, "status");
}

INSTANTIATE_TEST_SUITE_P(Backends, RegionSupervisionTest, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace ipe::app
