// The 工作台 (issue 14) at the use-case level, on SQLite and PostgreSQL, with a fake clock: a
// transfer's steps appear in the 待办 of exactly the party whose turn it is and leave it when
// taken; overdue transfers reach the prosecutor; figures agree with the case list; capabilities
// decide which sources a role gets.
#include "app/workbench/workbench.h"
#include "app/workbench/trends.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>

#include "app/accounts/accounts.h"
#include "app/cases/cases.h"
#include "app/cases/transfers.h"
#include "app/context.h"
#include "app/demo.h"
#include "app/statistics/statistics_store.h"
#include "fresh_db.h"
#include "storage/db.h"
#include "storage/migrate.h"

namespace ipe::app {
namespace {

class WorkbenchTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::string url = ipe::testing::FreshDatabaseUrl(GetParam(), "wb");
    if (url.empty()) GTEST_SKIP() << "IPE_PG_DSN not set: PostgreSQL run skipped";
    auto db = storage::OpenDatabase(url);
    ASSERT_TRUE(db.has_value()) << db.error().ToString();
    db_ = std::move(*db);
    ASSERT_TRUE(storage::Migrate(*db_, storage::AllMigrations(), clock_.Now()).has_value());
    ctx_ = std::make_unique<Context>(*db_, clock_);
    auto demo = LoadDemoData(*ctx_);
    ASSERT_TRUE(demo.has_value()) << demo.error().ToString();
  }

  Principal As(const std::string& login) {
    auto p = PrincipalForLogin(*ctx_, login);
    EXPECT_TRUE(p.has_value()) << login;
    return *p;
  }

  int64_t AgencyId(const std::string& name) {
    auto tx = db_->Begin(storage::TxMode::kRead);
    auto rows = (*tx)->Query("SELECT id FROM agencies WHERE name = ?", {name});
    return (*rows)[0].Int(0);
  }

  Workbench Of(const std::string& login) {
    auto wb = GetWorkbench(*ctx_, As(login), {});
    EXPECT_TRUE(wb.has_value()) << login << ": " << wb.error().ToString();
    return wb.has_value() ? *wb : Workbench{};
  }

  // A copy: the workbench it comes from is often a temporary.
  static std::optional<WorkItem> Find(const Workbench& wb, const std::string& kind, int64_t id) {
    auto it = std::find_if(wb.items.begin(), wb.items.end(),
                           [&](const WorkItem& i) { return i.kind == kind && i.id == id; });
    if (it == wb.items.end()) return std::nullopt;
    return *it;
  }

  static std::optional<Kpi> KpiOf(const Workbench& wb, const std::string& key) {
    for (const Kpi& k : wb.kpis) {
      if (k.key == key) return k;
    }
    return std::nullopt;
  }

  int64_t OpenTransfer() {
    CaseInput in;
    in.case_number = "沪工作台1";
    in.title = "假冒注册商标案 工作台";
    in.category = "trademark";
    in.conduct = "counterfeit_trademark";
    in.source = "inspection";
    in.act_date_from = *core::ParseDate("2020-06-01");
    in.amounts.illegal_business = core::Fen(5000000);
    in.parties.push_back({"company", "上海某贸易有限公司", std::string("91310110666007217T"),
                          std::nullopt, std::nullopt, std::nullopt, "party"});
    auto c = CreateCase(*ctx_, As("sh_officer"), in);
    EXPECT_TRUE(c.has_value()) << c.error().ToString();
    auto t = StartCaseTransfer(*ctx_, As("sh_officer"), c->id,
                               {{"sh_officer", "sh_head"}, "书面报告", false});
    EXPECT_TRUE(t.has_value()) << t.error().ToString();
    return t->id;
  }

  core::FakeClock clock_{*core::ParseTimestamp("2020-09-30T10:00:00+08:00")};
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<Context> ctx_;
};

TEST_P(WorkbenchTest, ATransferStepWaitsForExactlyThePartyWhoseTurnItIs) {
  int64_t id = OpenTransfer();
  // 待负责人审批: the head's, not the officer's, not the police's.
  Workbench head = Of("sh_head");
  std::optional<WorkItem> item = Find(head, "transfer", id);
  ASSERT_TRUE(item.has_value());
  EXPECT_EQ(item->status, "awaiting_decision");
  EXPECT_EQ(item->route, "/cases/transfers/" + std::to_string(id));
  EXPECT_EQ(item->module, "cases");
  ASSERT_TRUE(item->due_at.has_value());
  EXPECT_EQ(item->deadline_state, "ok");
  EXPECT_EQ(Find(Of("sh_officer"), "transfer", id), std::nullopt);
  EXPECT_EQ(Find(Of("sh_police"), "transfer", id), std::nullopt);

  // Approved: now the officers send it (24 小时).
  ASSERT_TRUE(ActOnTransfer(*ctx_, As("sh_head"), id, {"approve", "", {}, {}, "", ""}).has_value());
  Workbench officer = Of("sh_officer");
  item = Find(officer, "transfer", id);
  ASSERT_TRUE(item.has_value());
  EXPECT_EQ(item->status, "approved");
  auto count = std::find_if(officer.counts.begin(), officer.counts.end(),
                            [](const WorkCount& c) { return c.kind == "transfer"; });
  ASSERT_NE(count, officer.counts.end());
  EXPECT_GE(count->count, 1);

  // Sent: the receiving police receive it; it leaves the agency's 待办.
  TransferAction send{"send", "", AgencyId("上海市公安局"), {true, true, true, false, false},
                      "",     ""};
  ASSERT_TRUE(ActOnTransfer(*ctx_, As("sh_officer"), id, send).has_value());
  EXPECT_EQ(Find(Of("sh_officer"), "transfer", id), std::nullopt);
  EXPECT_EQ(Find(Of("sh_head"), "transfer", id), std::nullopt);
  item = Find(Of("sh_police"), "transfer", id);
  ASSERT_TRUE(item.has_value());
  EXPECT_EQ(item->status, "sent");
  EXPECT_EQ(Find(Of("sz_police"), "transfer", id), std::nullopt);  // other police: not theirs
}

TEST_P(WorkbenchTest, OverdueTransfersReachTheRegionsProsecutorOnly) {
  int64_t id = OpenTransfer();
  EXPECT_EQ(Find(Of("sh_prosecutor"), "transfer_overdue", id), std::nullopt);
  clock_.Advance(30 * 24 * 3600);  // far past the head's 3 日
  Workbench prosecutor = Of("sh_prosecutor");
  std::optional<WorkItem> item = Find(prosecutor, "transfer_overdue", id);
  ASSERT_TRUE(item.has_value());
  EXPECT_EQ(item->deadline_state, "overdue");
  EXPECT_EQ(Find(Of("gd_prosecutor"), "transfer_overdue", id), std::nullopt);  // another province
  // The head's own item is overdue too, and listed first (soonest deadline first).
  Workbench head = Of("sh_head");
  ASSERT_FALSE(head.items.empty());
  EXPECT_EQ(Find(head, "transfer", id)->deadline_state, "overdue");
  EXPECT_TRUE(head.items.front().due_at.has_value());
}

TEST_P(WorkbenchTest, APenaltyInsteadOfATransferIsTheRegionsProsecutorsToReview) {
  CaseInput in;
  in.case_number = "沪工作台2";
  in.title = "以罚代刑 工作台";
  in.category = "trademark";
  in.conduct = "counterfeit_trademark";
  in.source = "inspection";
  in.act_date_from = *core::ParseDate("2020-06-01");
  in.amounts.illegal_business = core::Fen(5000000);
  auto c = CreateCase(*ctx_, As("sh_officer"), in);
  ASSERT_TRUE(c.has_value()) << c.error().ToString();
  CaseClosing closing;
  closing.penalty_decision_no = "沪市监罚〔2020〕9号";
  closing.fine = core::Fen::FromYuan(100000);
  ASSERT_TRUE(CloseCase(*ctx_, As("sh_officer"), c->id, closing).has_value());
  std::optional<WorkItem> item = Find(Of("sh_prosecutor"), "case_alert", c->id);
  ASSERT_TRUE(item.has_value());
  EXPECT_EQ(item->status, "penalty_instead_of_prosecution");
  EXPECT_EQ(item->route, "/cases/" + std::to_string(c->id));
  EXPECT_EQ(Find(Of("gd_prosecutor"), "case_alert", c->id), std::nullopt);
  EXPECT_EQ(Find(Of("sh_officer"), "case_alert", c->id),
            std::nullopt);  // the prosecutor's to review
}

TEST_P(WorkbenchTest, FiguresAgreeWithTheCaseList) {
  OpenTransfer();
  for (const std::string login : {"sh_officer", "sh_prosecutor", "office"}) {
    Workbench wb = Of(login);
    auto total = KpiOf(wb, "cases_total");
    ASSERT_TRUE(total.has_value()) << login;
    auto listed = ListCases(*ctx_, As(login), {}, {1, 1});
    ASSERT_TRUE(listed.has_value());
    EXPECT_EQ(total->value, listed->total) << login;
    CaseFilter met;
    met.threshold_met = true;
    EXPECT_EQ(KpiOf(wb, "over_threshold")->value, ListCases(*ctx_, As(login), met, {1, 1})->total)
        << login;
    EXPECT_TRUE(KpiOf(wb, "transfer_rate").has_value()) << login;
    // The map sums to the total.
    int64_t mapped = 0;
    for (const RegionFigure& r : wb.regions) mapped += r.cases;
    EXPECT_EQ(mapped, total->value) << login;
  }
  EXPECT_EQ(Of("office").map_region, "000000");
  EXPECT_EQ(Of("sh_officer").map_region, "310000");
}

TEST_P(WorkbenchTest, SourcesFollowTheCapabilities) {
  // The police get no case figures (their agency owns no cases) and no lead alerts.
  Workbench police = Of("sh_police");
  EXPECT_FALSE(KpiOf(police, "cases_total").has_value());
  for (const WorkItem& i : police.items) {
    EXPECT_NE(i.kind, "lead_alert");
    EXPECT_NE(i.kind, "hit");
  }
  EXPECT_TRUE(KpiOf(police, "transfers_overdue").has_value());
  // An auditor acts on nothing.
  EXPECT_TRUE(Of("auditor").items.empty());
}

TEST_P(WorkbenchTest, TheTransferTeamIsPickedFromTheOwnAgencysOfficersByName) {
  auto team = ListTransferTeamCandidates(*ctx_, As("sh_officer"));
  ASSERT_TRUE(team.has_value()) << team.error().ToString();
  std::vector<std::string> names;
  for (const User& u : *team) names.push_back(u.display_name + "/" + u.login);
  EXPECT_NE(std::find(names.begin(), names.end(), "李执法/sh_officer"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "陈局长/sh_head"), names.end());
  for (const User& u : *team) {
    EXPECT_EQ(u.agency_id, As("sh_officer").agency_id) << u.login;  // never another agency
  }
  EXPECT_EQ(ListTransferTeamCandidates(*ctx_, As("sh_police")).error().code(),
            core::StatusCode::kPermissionDenied);
}

// Trends: every month of the period in order, read from the rollups the writes keep — a case
// registered now adds one to this month for its agency and the nation, nothing elsewhere.
TEST_P(WorkbenchTest, TrendsCountTheMonthACaseIsRegisteredInItsScopeOnly) {
  // The rollups' triggers, as `serve` installs them at start.
  ASSERT_TRUE(StatisticsStore::InstallIfStale(*db_).ok());
  auto opened_this_month = [&](const std::string& login) -> std::optional<int64_t> {
    auto t = GetWorkbenchTrends(*ctx_, As(login), {});
    EXPECT_TRUE(t.has_value()) << login << ": " << t.error().ToString();
    if (!t.has_value()) return std::nullopt;
    EXPECT_EQ(t->from_month, "2019-10");
    EXPECT_EQ(t->to_month, "2020-09");
    for (const TrendSeries& s : t->series) {
      EXPECT_EQ(s.points.size(), 12u) << s.indicator;
      EXPECT_EQ(s.points.front().month, "2019-10");
      if (!s.rate) {
        for (const TrendPoint& p : s.points) EXPECT_TRUE(p.value.has_value()) << s.indicator << " " << p.month;
      }
    }
    EXPECT_EQ(t->series.size(), std::size(kTrendIndicators)) << login;
    if (t->series.empty() || t->series[0].indicator != "cases_opened") return std::nullopt;
    return t->series[0].points.back().value;
  };
  auto officer = opened_this_month("sh_officer");
  auto office = opened_this_month("office");
  auto guangdong = opened_this_month("gd_officer");
  ASSERT_TRUE(officer && office && guangdong);
  OpenTransfer();  // registers a case of 上海市市场监督管理局 on 2020-09-30
  EXPECT_EQ(opened_this_month("sh_officer"), *officer + 1);
  EXPECT_EQ(opened_this_month("office"), *office + 1);
  EXPECT_EQ(opened_this_month("gd_officer"), *guangdong);

  // The police read no statistics: the period, no series.
  auto police = GetWorkbenchTrends(*ctx_, As("sh_police"), {});
  ASSERT_TRUE(police.has_value());
  EXPECT_TRUE(police->series.empty());
  // A chosen period.
  auto year = GetWorkbenchTrends(*ctx_, As("office"), {"2020-01", "2020-06"});
  ASSERT_TRUE(year.has_value()) << year.error().ToString();
  EXPECT_EQ(year->series[0].points.size(), 6u);
  EXPECT_EQ(year->series[0].points.back().month, "2020-06");
  // Bad periods name their field.
  for (const TrendsRequest& bad : {TrendsRequest{"2020-13", ""}, TrendsRequest{"2020-06", "2020-01"},
                                   TrendsRequest{"2017-01", "2020-01"}, TrendsRequest{"", "2020/01"}}) {
    auto r = GetWorkbenchTrends(*ctx_, As("office"), bad);
    ASSERT_FALSE(r.has_value()) << bad.from_month << ".." << bad.to_month;
    EXPECT_EQ(r.error().code(), core::StatusCode::kInvalidArgument);
    EXPECT_FALSE(r.error().field_errors().empty());
  }
}

// The map's drill-down: a province's prefectures add up to the province's figure on the national
// map; only inside the caller's region.
TEST_P(WorkbenchTest, MapDrillsIntoAProvinceOfTheCallersScope) {
  OpenTransfer();
  Workbench nation = Of("office");
  int64_t shanghai = -1;
  for (const RegionFigure& r : nation.regions) {
    if (r.code == "310000") shanghai = r.cases;
  }
  ASSERT_GT(shanghai, 0);
  auto map = GetWorkbenchMap(*ctx_, As("office"), "310000");
  ASSERT_TRUE(map.has_value()) << map.error().ToString();
  int64_t sum = 0;
  for (const RegionFigure& r : map->regions) {
    EXPECT_EQ(r.code.substr(0, 2), "31") << r.code;
    sum += r.cases;
  }
  EXPECT_EQ(sum, shanghai);
  // The own agency's cases only for an officer; never another province; a code that is none.
  auto own = GetWorkbenchMap(*ctx_, As("sh_officer"), "310000");
  ASSERT_TRUE(own.has_value());
  int64_t own_sum = 0;
  for (const RegionFigure& r : own->regions) own_sum += r.cases;
  EXPECT_EQ(own_sum, KpiOf(Of("sh_officer"), "cases_total")->value);
  EXPECT_EQ(GetWorkbenchMap(*ctx_, As("sh_officer"), "440000").error().code(), core::StatusCode::kPermissionDenied);
  EXPECT_EQ(GetWorkbenchMap(*ctx_, As("office"), "990000").error().code(), core::StatusCode::kInvalidArgument);
  EXPECT_EQ(GetWorkbenchMap(*ctx_, As("sh_police"), "310000").error().code(), core::StatusCode::kPermissionDenied);
}

TEST_P(WorkbenchTest, RejectsAPerKindOutOfRange) {
  WorkbenchRequest r;
  r.per_kind = 0;
  EXPECT_EQ(GetWorkbench(*ctx_, As("sh_officer"), r).error().code(),
            core::StatusCode::kInvalidArgument);
  r.per_kind = 51;
  EXPECT_EQ(GetWorkbench(*ctx_, As("sh_officer"), r).error().code(),
            core::StatusCode::kInvalidArgument);
}

INSTANTIATE_TEST_SUITE_P(Backends, WorkbenchTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace ipe::app
