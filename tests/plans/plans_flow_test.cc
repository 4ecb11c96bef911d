// Issue 4 (tracking) end to end at the use-case level, on SQLite and PostgreSQL, with a fake
// clock: the demo imports the 2020 national plan; agencies see and report on their own
// assignments only; bad reports write nothing; overdue flips after the due date and clears with a
// completed report; matrix cell rules; ranking ties; notices; audit rows.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>

#include "app/accounts/accounts.h"
#include "app/context.h"
#include "app/demo.h"
#include "app/plans/plans.h"
#include "fresh_db.h"
#include "storage/db.h"
#include "storage/migrate.h"

namespace ipe::app {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

std::set<std::string> FieldsOf(const core::Status& st) {
  std::set<std::string> out;
  for (const auto& fe : st.field_errors()) out.insert(fe.field);
  return out;
}

class PlansFlowTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::string url = ipe::testing::FreshDatabaseUrl(GetParam(), "p");
    if (url.empty()) GTEST_SKIP() << "IPE_PG_DSN not set: PostgreSQL run skipped";
    auto db = storage::OpenDatabase(url);
    ASSERT_TRUE(db.has_value()) << db.error().ToString();
    db_ = std::move(*db);
    ASSERT_TRUE(storage::Migrate(*db_, storage::AllMigrations(), clock_.Now()).has_value());
    ctx_ = std::make_unique<Context>(*db_, clock_);
    auto demo = LoadDemoData(*ctx_);
    ASSERT_TRUE(demo.has_value()) << demo.error().ToString();
    auto plans = ListPlans(*ctx_, As("office"), {});
    ASSERT_TRUE(plans.has_value());
    ASSERT_EQ(plans->total, 1);
    plan_id_ = plans->items[0].id;
  }

  Principal As(const std::string& login) {
    auto p = PrincipalForLogin(*ctx_, login);
    EXPECT_TRUE(p.has_value()) << login;
    return *p;
  }

  int64_t Count(const std::string& sql) {
    auto tx = db_->Begin(storage::TxMode::kRead);
    auto rows = (*tx)->Query(sql);
    EXPECT_TRUE(rows.has_value()) << sql;
    return (*rows)[0].Int(0);
  }

  std::vector<PlanAssignment> Assignments(const Principal& who, AssignmentFilter f = {}) {
    std::vector<PlanAssignment> out;
    for (int64_t p = 1;; ++p) {
      auto page = ListAssignments(*ctx_, who, plan_id_, f, {p, 100});
      EXPECT_TRUE(page.has_value()) << page.error().ToString();
      out.insert(out.end(), page->items.begin(), page->items.end());
      if (p * 100 >= page->total) break;
    }
    return out;
  }

  PlanAssignment Find(const std::string& agency, const std::string& key) {
    for (const auto& a : Assignments(As("office"))) {
      if (a.agency_name == agency && a.item_key == key) return a;
    }
    ADD_FAILURE() << agency << " " << key;
    return {};
  }

  NewReport Report(const std::string& period, const std::string& status) {
    NewReport r;
    r.period = period;
    r.status = status;
    r.narrative = "按计划推进";
    return r;
  }

  // 2020-06-15 10:00 Beijing time: H1 and Q2 reports are possible, Q3 not yet.
  core::FakeClock clock_{*core::ParseTimestamp("2020-06-15T10:00:00+08:00")};
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<Context> ctx_;
  int64_t plan_id_ = 0;
};

TEST_P(PlansFlowTest, TheDemoImportsThe2020PlanOnceWithEveryHolderKept) {
  auto plan = GetPlan(*ctx_, As("office"), plan_id_);
  ASSERT_TRUE(plan.has_value()) << plan.error().ToString();
  EXPECT_EQ(plan->summary.year, 2020);
  EXPECT_EQ(plan->summary.sections, 7);
  EXPECT_EQ(plan->summary.tasks, 35);
  EXPECT_EQ(plan->summary.items, 61);
  EXPECT_EQ(plan->summary.clauses, 61);
  ASSERT_EQ(plan->tree.size(), 7u);
  size_t tasks = 0, items = 0;
  std::set<std::string> generic;
  for (const auto& s : plan->tree) {
    tasks += s.tasks.size();
    for (const auto& t : s.tasks) {
      items += t.items.size();
      for (const auto& i : t.items) {
        for (const auto& u : i.unassigned)
          generic.insert(i.key + " " + u.name + " " + u.resolution);
      }
    }
  }
  EXPECT_EQ(tasks, 35u);
  EXPECT_EQ(items, 61u);
  EXPECT_EQ(generic,
            (std::set<std::string>{"1.7.1 有关部门 generic", "7.35.1 相关成员单位 generic"}));
  // Task 21: two leads and ten co-responsible agencies.
  int lead = 0, co = 0;
  for (const auto& a : Assignments(As("office"))) {
    if (a.task_number != 21) continue;
    (a.role == "lead" ? lead : co)++;
  }
  EXPECT_EQ(lead, 2);
  EXPECT_EQ(co, 10);

  // The same plan again: 409, nothing written; a dry run writes nothing either.
  PlanImportInput in;
  in.text = ReadFile(std::string(IPE_SOURCE_DIR) + "/data/plans/2020-national-work-plan.txt");
  ASSERT_FALSE(in.text.empty());
  int64_t audit_before = Count("SELECT COUNT(*) FROM audit_log");
  auto again = ImportPlan(*ctx_, As("office"), in);
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code(), core::StatusCode::kAlreadyExists);
  in.dry_run = true;
  EXPECT_EQ(ImportPlan(*ctx_, As("office"), in).error().code(), core::StatusCode::kAlreadyExists);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM plans"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log"), audit_before);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'plan.import'"), 1);

  // Another year: a dry run counts, stores nothing; the import stores it with one audit row.
  std::string text = in.text;
  const std::string from = "2020 年", to = "2021 年";
  for (size_t pos; (pos = text.find(from)) != std::string::npos;)
    text.replace(pos, from.size(), to);
  PlanImportInput next{text, "000000", "2021.txt", true};
  auto dry = ImportPlan(*ctx_, As("office"), next);
  ASSERT_TRUE(dry.has_value()) << dry.error().ToString();
  EXPECT_EQ(dry->plan.id, 0);
  EXPECT_EQ(dry->plan.tasks, 35);
  EXPECT_EQ(dry->unresolved.size(), 2u);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM plans"), 1);
  next.dry_run = false;
  // Only office and admin import; garbage text is refused with a field error.
  EXPECT_EQ(ImportPlan(*ctx_, As("cnipa_officer"), next).error().code(),
            core::StatusCode::kPermissionDenied);
  auto garbage =
      ImportPlan(*ctx_, As("office"), {"只有一段文字，没有任何结构。", "000000", "", false});
  ASSERT_FALSE(garbage.has_value());
  EXPECT_EQ(garbage.error().code(), core::StatusCode::kInvalidArgument);
  EXPECT_EQ(FieldsOf(garbage.error()), std::set<std::string>{"text"});
  auto bad_region = ImportPlan(*ctx_, As("office"), {next.text, "999999", "", false});
  EXPECT_EQ(FieldsOf(bad_region.error()), std::set<std::string>{"region_code"});
  auto stored = ImportPlan(*ctx_, As("office"), next);
  ASSERT_TRUE(stored.has_value()) << stored.error().ToString();
  EXPECT_EQ(stored->plan.year, 2021);
  EXPECT_EQ(stored->plan.assignments, plan->summary.assignments);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'plan.import'"), 2);
  // A Shanghai officer (no assignment in it) does not see the national plan.
  EXPECT_EQ(ListPlans(*ctx_, As("sh_officer"), {})->total, 0);
  EXPECT_EQ(GetPlan(*ctx_, As("sh_officer"), plan_id_).error().code(), core::StatusCode::kNotFound);
}

TEST_P(PlansFlowTest, ALocalPlanResolvesLocalNamesAndKeepsUnregisteredOnes) {
  PlanImportInput in;
  in.text = ReadFile(std::string(IPE_SOURCE_DIR) + "/tests/plan/data/shanghai-2021.txt");
  in.region_code = "310000";
  ASSERT_FALSE(in.text.empty());
  EXPECT_EQ(ImportPlan(*ctx_, As("sh_officer"), in).error().code(),
            core::StatusCode::kPermissionDenied);
  auto imported = ImportPlan(*ctx_, As("office"), in);
  ASSERT_TRUE(imported.has_value()) << imported.error().ToString();
  // 市市场监管局 → 上海市市场监督管理局 etc.: registered demo agencies become assignments …
  int64_t id = imported->plan.id;
  std::multiset<std::string> got;
  auto page = ListAssignments(*ctx_, As("office"), id, {}, {1, 100});
  ASSERT_TRUE(page.has_value());
  for (const auto& a : page->items) got.insert(a.item_key + " " + a.agency_name + " " + a.role);
  EXPECT_EQ(got,
            (std::multiset<std::string>{"1.1.1 上海市市场监督管理局 lead", "1.1.1 上海市公安局 co",
                                        "1.1.2 上海市公安局 co", "2.3.1 上海市市场监督管理局 co",
                                        "2.4.1 上海市公安局 co", "2.4.1 上海市人民检察院 co"}));
  // … the others are kept and listed, never dropped.
  std::set<std::string> kept;
  for (const auto& u : imported->unresolved)
    kept.insert(u.item_key + " " + u.name + " " + u.resolution);
  EXPECT_TRUE(kept.count("1.2.1 上海海关 unregistered"));
  EXPECT_TRUE(kept.count("3.5.1 各区政府 generic"));
  EXPECT_EQ(imported->unresolved.size() + got.size(), 18u);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM plan_unassigned WHERE plan_id = " + std::to_string(id)),
            static_cast<int64_t>(imported->unresolved.size()));
  // The Shanghai market regulator sees this plan with its two assignments.
  auto sh = ListAssignments(*ctx_, As("sh_officer"), id, {}, {});
  ASSERT_TRUE(sh.has_value()) << sh.error().ToString();
  EXPECT_EQ(sh->total, 2);
  EXPECT_EQ(ListPlans(*ctx_, As("sh_officer"), {})->total, 1);
}

TEST_P(PlansFlowTest, AnAgencySeesAndReportsOnItsOwnAssignmentsOnly) {
  Principal cnipa = As("cnipa_officer");
  auto mine = Assignments(cnipa);
  ASSERT_EQ(mine.size(), 24u);
  for (const auto& a : mine) EXPECT_EQ(a.agency_name, "国家知识产权局");
  auto tree = GetPlan(*ctx_, cnipa, plan_id_);
  ASSERT_TRUE(tree.has_value());
  size_t items = 0;
  for (const auto& s : tree->tree) {
    for (const auto& t : s.tasks) {
      for (const auto& i : t.items) {
        ++items;
        ASSERT_EQ(i.assignments.size(), 1u) << i.key;
        EXPECT_EQ(i.assignments[0].agency_name, "国家知识产权局");
        EXPECT_TRUE(i.unassigned.empty());
      }
    }
  }
  EXPECT_EQ(items, 24u);
  auto matrix = GetMatrix(*ctx_, cnipa, plan_id_, std::nullopt);
  ASSERT_TRUE(matrix.has_value());
  ASSERT_EQ(matrix->agencies.size(), 1u);

  PlanAssignment police = Find("公安部", "3.16.1");
  EXPECT_EQ(GetAssignment(*ctx_, cnipa, police.id).error().code(), core::StatusCode::kNotFound);
  EXPECT_EQ(ListReports(*ctx_, cnipa, police.id).error().code(), core::StatusCode::kNotFound);
  EXPECT_EQ(SubmitReport(*ctx_, cnipa, police.id, Report("2020-Q2", "completed")).error().code(),
            core::StatusCode::kNotFound);
  // Readers read but do not report; the office may report for an agency.
  PlanAssignment own = Find("国家知识产权局", "2.11.1");
  EXPECT_TRUE(GetAssignment(*ctx_, As("auditor"), own.id).has_value());
  EXPECT_EQ(
      SubmitReport(*ctx_, As("analyst"), own.id, Report("2020-Q2", "in_progress")).error().code(),
      core::StatusCode::kPermissionDenied);
  auto ok = SubmitReport(*ctx_, cnipa, own.id, Report("2020-Q2", "in_progress"));
  ASSERT_TRUE(ok.has_value()) << ok.error().ToString();
  EXPECT_EQ(ok->submitted_by_name, "钱专利");
  EXPECT_EQ(GetAssignment(*ctx_, cnipa, own.id)->latest_status, "in_progress");
  EXPECT_GE(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'plan.report'"), 1);
}

TEST_P(PlansFlowTest, ABadReportIsRefusedWithFieldErrorsAndWritesNothing) {
  Principal cnipa = As("cnipa_officer");
  PlanAssignment own = Find("国家知识产权局", "2.11.1");
  int64_t reports = Count("SELECT COUNT(*) FROM plan_reports");
  int64_t files = Count("SELECT COUNT(*) FROM plan_attachments");
  int64_t audit = Count("SELECT COUNT(*) FROM audit_log");
  auto expect_fields = [&](const NewReport& r, std::set<std::string> fields) {
    auto result = SubmitReport(*ctx_, cnipa, own.id, r);
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code(), core::StatusCode::kInvalidArgument);
    EXPECT_EQ(FieldsOf(result.error()), fields);
  };
  expect_fields(Report("2020-Q5", "in_progress"), {"period"});
  expect_fields(Report("2021-Q1", "in_progress"), {"period"});  // not the plan's year
  expect_fields(Report("2020-Q3", "in_progress"), {"period"});  // has not started (fake clock)
  expect_fields(Report("2020-Q2", "done"), {"status"});
  NewReport r = Report("2020-Q2", "completed");
  r.narrative = "  ";
  expect_fields(r, {"narrative"});
  r = Report("2020-Q2", "completed");
  r.narrative.clear();
  for (int i = 0; i < 5001; ++i) r.narrative += "进";
  expect_fields(r, {"narrative"});
  r = Report("2020-Q2", "completed");
  r.figures = {{"cases", -1}};
  expect_fields(r, {"figures.cases"});
  // 2 MiB + 1 byte, valid base64: too big. Six attachments: too many.
  r = Report("2020-Q2", "completed");
  std::string big((2u << 20) + 1, 'A');       // 'A'*n is valid base64 when n % 4 == 0 …
  big.resize(((2u << 20) / 3 + 1) * 4, 'A');  // … decoding to just over 2 MiB
  r.attachments = {{"big.pdf", "application/pdf", big}};
  expect_fields(r, {"attachments[0].data_base64"});
  r.attachments = {{"a.txt", "text/plain", "!!notbase64"}};
  expect_fields(r, {"attachments[0].data_base64"});
  r.attachments.assign(6, {"a.txt", "text/plain", "aGVsbG8="});
  expect_fields(r, {"attachments"});
  EXPECT_EQ(Count("SELECT COUNT(*) FROM plan_reports"), reports);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM plan_attachments"), files);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log"), audit);

  // A good one with an attachment: stored, readable back by the agency, audited.
  r.attachments = {{"进展.txt", "text/plain", "aGVsbG8="}};
  auto ok = SubmitReport(*ctx_, cnipa, own.id, r);
  ASSERT_TRUE(ok.has_value()) << ok.error().ToString();
  ASSERT_EQ(ok->attachments.size(), 1u);
  EXPECT_EQ(ok->attachments[0].size, 5);
  auto file = GetAttachment(*ctx_, cnipa, ok->attachments[0].id);
  ASSERT_TRUE(file.has_value());
  EXPECT_EQ(file->bytes, "hello");
  EXPECT_EQ(GetAttachment(*ctx_, As("sh_officer"), ok->attachments[0].id).error().code(),
            core::StatusCode::kNotFound);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log"), audit + 1);
}

TEST_P(PlansFlowTest, OverdueFlipsAfterTheDueDateAndClearsWithACompletedReport) {
  Principal office = As("office"), cnipa = As("cnipa_officer");
  PlanAssignment a = Find("国家知识产权局", "2.11.1");
  EXPECT_EQ(
      SetAssignmentDueDate(*ctx_, cnipa, a.id, core::Date::FromCivil(2020, 6, 30)).error().code(),
      core::StatusCode::kPermissionDenied);
  auto set = SetAssignmentDueDate(*ctx_, office, a.id, core::Date::FromCivil(2020, 6, 30));
  ASSERT_TRUE(set.has_value()) << set.error().ToString();
  EXPECT_FALSE(set->overdue);
  auto overdue_ids = [&](const Principal& who) {
    std::set<int64_t> ids;
    auto page = ListOverdue(*ctx_, who, plan_id_, {1, 200});
    EXPECT_TRUE(page.has_value());
    for (const auto& x : page->items) ids.insert(x.id);
    return ids;
  };
  EXPECT_FALSE(overdue_ids(office).count(a.id));
  clock_.Set(*core::ParseTimestamp("2020-06-30T23:59:00+08:00"));  // due today: not yet
  EXPECT_FALSE(GetAssignment(*ctx_, cnipa, a.id)->overdue);
  clock_.Set(*core::ParseTimestamp("2020-07-01T00:01:00+08:00"));
  EXPECT_TRUE(GetAssignment(*ctx_, cnipa, a.id)->overdue);
  EXPECT_TRUE(overdue_ids(office).count(a.id));
  EXPECT_TRUE(overdue_ids(cnipa).count(a.id));
  AssignmentFilter only_overdue;
  only_overdue.overdue = true;
  for (const auto& x : Assignments(cnipa, only_overdue)) EXPECT_TRUE(x.overdue);
  // Still in progress: still overdue. Completed (late): cleared.
  ASSERT_TRUE(SubmitReport(*ctx_, cnipa, a.id, Report("2020-Q2", "in_progress")).has_value());
  EXPECT_TRUE(GetAssignment(*ctx_, cnipa, a.id)->overdue);
  clock_.Advance(3600);
  ASSERT_TRUE(SubmitReport(*ctx_, cnipa, a.id, Report("2020-Q3", "completed")).has_value());
  auto done = GetAssignment(*ctx_, cnipa, a.id);
  EXPECT_FALSE(done->overdue);
  EXPECT_EQ(done->latest_status, "completed");
  EXPECT_FALSE(overdue_ids(office).count(a.id));

  // Bulk due dates for one task in one transaction, audited once.
  int64_t audits = Count("SELECT COUNT(*) FROM audit_log WHERE action = 'plan.due_dates'");
  auto updated =
      SetDueDates(*ctx_, office, plan_id_, core::Date::FromCivil(2020, 9, 30), 21, std::nullopt);
  ASSERT_TRUE(updated.has_value());
  EXPECT_EQ(*updated, 12);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'plan.due_dates'"), audits + 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'plan.due_date'"),
            5);  // demo 4 + 1
}

TEST_P(PlansFlowTest, MatrixCellsTakeTheWorstStatusAndLeadWins) {
  Principal office = As("office"), cnipa = As("cnipa_officer");
  // Task 27: 国家知识产权局 is co-responsible on three items.
  PlanAssignment i1 = Find("国家知识产权局", "5.27.1"), i2 = Find("国家知识产权局", "5.27.2"),
                 i3 = Find("国家知识产权局", "5.27.3");
  auto cell = [&](int64_t task, const std::string& agency_name) {
    auto m = GetMatrix(*ctx_, office, plan_id_, std::nullopt);
    EXPECT_TRUE(m.has_value());
    int64_t agency = 0;
    for (const auto& [id, name] : m->agencies) {
      if (name == agency_name) agency = id;
    }
    for (const auto& c : m->cells) {
      if (c.task == task && c.agency_id == agency) return c;
    }
    ADD_FAILURE() << task << " " << agency_name;
    return MatrixCell{};
  };
  EXPECT_EQ(cell(27, "国家知识产权局").status, "not_started");
  EXPECT_EQ(cell(27, "国家知识产权局").assignment_ids.size(), 3u);
  for (const auto& a : {i1, i2, i3}) {
    ASSERT_TRUE(SubmitReport(*ctx_, cnipa, a.id, Report("2020-Q2", "completed")).has_value());
  }
  EXPECT_EQ(cell(27, "国家知识产权局").status, "completed");
  ASSERT_TRUE(SubmitReport(*ctx_, cnipa, i2.id, Report("2020-Q2", "in_progress")).has_value());
  EXPECT_EQ(cell(27, "国家知识产权局").status, "in_progress");
  // Overdue beats in_progress; blocked beats overdue.
  ASSERT_TRUE(SetAssignmentDueDate(*ctx_, office, i2.id, core::Date::FromCivil(2020, 6, 1)));
  MatrixCell c = cell(27, "国家知识产权局");
  EXPECT_EQ(c.status, "overdue");
  EXPECT_TRUE(c.overdue);
  ASSERT_TRUE(SubmitReport(*ctx_, cnipa, i3.id, Report("2020-Q2", "blocked")).has_value());
  c = cell(27, "国家知识产权局");
  EXPECT_EQ(c.status, "blocked");
  EXPECT_TRUE(c.overdue);
  // Task 20: 市场监管总局 leads item 1 and is co on item 2 → the cell is lead.
  EXPECT_EQ(cell(20, "国家市场监督管理总局").role, "lead");
  EXPECT_EQ(cell(20, "国家市场监督管理总局").assignment_ids.size(), 2u);
  EXPECT_EQ(cell(20, "国家邮政局").role, "co");
  // A period filter: a report of another period does not count for the status.
  auto q1 = GetMatrix(*ctx_, office, plan_id_, std::string("2020-Q1"));
  ASSERT_TRUE(q1.has_value());
  int checked = 0;
  for (const auto& x : q1->cells) {
    if (x.task == 27 && x.agency_id == i1.agency_id) {
      EXPECT_EQ(x.status, "overdue");  // i2 is overdue; i3's blocked report is for Q2
      ++checked;
    }
  }
  EXPECT_EQ(checked, 1);
  EXPECT_EQ(GetMatrix(*ctx_, office, plan_id_, std::string("2020-X1")).error().code(),
            core::StatusCode::kInvalidArgument);
}

TEST_P(PlansFlowTest, RankingTiesShareARankAndScoresAreValidated) {
  Principal office = As("office");
  auto ranking = GetRanking(*ctx_, As("auditor"), plan_id_, "2020");
  ASSERT_TRUE(ranking.has_value()) << ranking.error().ToString();
  EXPECT_EQ(ranking->max_total, 100);
  std::vector<std::pair<std::string, int64_t>> got;
  for (const auto& e : ranking->entries) got.emplace_back(e.agency_name, e.rank);
  std::vector<std::pair<std::string, int64_t>> want = {
      {"公安部", 1}, {"国家市场监督管理总局", 2}, {"国家知识产权局", 3}, {"海关总署", 3}};
  EXPECT_EQ(got, want);
  ASSERT_TRUE(ranking->entries[0].completion_permille.has_value());
  // An agency's officer: the own line only, ranked among all.
  auto own = GetRanking(*ctx_, As("cnipa_officer"), plan_id_, "2020");
  ASSERT_TRUE(own.has_value()) << own.error().ToString();
  ASSERT_EQ(own->entries.size(), 1u);
  EXPECT_EQ(own->entries[0].agency_name, "国家知识产权局");
  EXPECT_EQ(own->entries[0].rank, 3);

  int64_t customs = ranking->entries[3].agency_id;
  NewScore s{"2020", customs, {{"progress", 41}}, ""};
  auto bad = PutScore(*ctx_, office, plan_id_, s);
  EXPECT_EQ(FieldsOf(bad.error()), std::set<std::string>{"points.progress"});
  s.points = {{"nonsense", 1}};
  EXPECT_EQ(FieldsOf(PutScore(*ctx_, office, plan_id_, s).error()),
            std::set<std::string>{"points.nonsense"});
  EXPECT_EQ(
      PutScore(*ctx_, As("cnipa_officer"), plan_id_, {"2020", customs, {}, ""}).error().code(),
      core::StatusCode::kPermissionDenied);
  // Customs rises to 81: the tie breaks.
  s.points = {{"progress", 31}, {"effect", 30}, {"reporting", 20}};
  ASSERT_TRUE(PutScore(*ctx_, office, plan_id_, s).has_value());
  ranking = GetRanking(*ctx_, office, plan_id_, "2020");
  EXPECT_EQ(ranking->entries[2].agency_name, "海关总署");
  EXPECT_EQ(ranking->entries[2].rank, 3);
  EXPECT_EQ(ranking->entries[3].rank, 4);
  // A rubric that would invalidate stored scores is refused; a malformed one names the field.
  PlanRubric smaller;
  smaller.criteria = {{"progress", "任务进展", 10}};
  EXPECT_EQ(PutRubric(*ctx_, office, plan_id_, smaller).error().code(),
            core::StatusCode::kFailedPrecondition);
  PlanRubric dup;
  dup.criteria = {{"a", "甲", 10}, {"a", "乙", 0}};
  EXPECT_EQ(FieldsOf(PutRubric(*ctx_, office, plan_id_, dup).error()),
            (std::set<std::string>{"criteria[1].id", "criteria[1].max_points"}));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'plan.score'"), 5);
}

TEST_P(PlansFlowTest, NoticesReachTheAddressedAgencyWhoAcknowledgesOnce) {
  Principal office = As("office"), cnipa = As("cnipa_officer");
  auto seen = ListNotices(*ctx_, cnipa, plan_id_, std::nullopt, {});
  ASSERT_TRUE(seen.has_value());
  ASSERT_EQ(seen->total, 1);  // the demo 督办
  EXPECT_EQ(seen->items[0].kind, "supervision");
  PlanAssignment police = Find("公安部", "3.16.1");
  NewNotice n;
  n.kind = "criticism";
  n.assignment_id = police.id;
  n.title = "通报";
  n.text = "进展滞后";
  auto created = CreateNotice(*ctx_, office, plan_id_, n);
  ASSERT_TRUE(created.has_value()) << created.error().ToString();
  EXPECT_EQ(created->agency_name, "公安部");
  EXPECT_EQ(ListNotices(*ctx_, cnipa, plan_id_, std::nullopt, {})->total, 1);
  EXPECT_EQ(ListNotices(*ctx_, office, plan_id_, std::nullopt, {})->total, 2);
  EXPECT_EQ(AcknowledgeNotice(*ctx_, cnipa, created->id).error().code(),
            core::StatusCode::kNotFound);
  n.kind = "scolding";
  n.assignment_id.reset();
  auto bad = CreateNotice(*ctx_, office, plan_id_, n);
  EXPECT_EQ(FieldsOf(bad.error()), (std::set<std::string>{"kind", "agency_id"}));
  EXPECT_EQ(CreateNotice(*ctx_, cnipa, plan_id_, n).error().code(),
            core::StatusCode::kPermissionDenied);
  int64_t demo_notice = seen->items[0].id;
  EXPECT_EQ(AcknowledgeNotice(*ctx_, office, demo_notice).error().code(),
            core::StatusCode::kPermissionDenied);
  auto ack = AcknowledgeNotice(*ctx_, cnipa, demo_notice);
  ASSERT_TRUE(ack.has_value()) << ack.error().ToString();
  EXPECT_TRUE(ack->acknowledged_at.has_value());
  EXPECT_EQ(AcknowledgeNotice(*ctx_, cnipa, demo_notice).error().code(),
            core::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'plan.notice'"), 2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'plan.notice_ack'"), 1);
}

TEST_P(PlansFlowTest, TheOfficeAssignsAnUnassignedHolderOnceInOneAuditedTransaction) {
  auto holder_of = [&](const std::string& key) -> UnassignedHolder {
    auto plan = GetPlan(*ctx_, As("office"), plan_id_);
    for (const auto& s : plan->tree)
      for (const auto& t : s.tasks)
        for (const auto& i : t.items)
          if (i.key == key && !i.unassigned.empty()) return i.unassigned[0];
    return {};
  };
  auto agency_id = [&](const std::string& name) {
    return Count("SELECT id FROM agencies WHERE name = '" + name + "'");
  };
  UnassignedHolder holder = holder_of("1.7.1");
  ASSERT_EQ(holder.name, "有关部门");
  ASSERT_GT(holder.id, 0);
  int64_t cnipa = agency_id("国家知识产权局"), police = agency_id("公安部");
  int64_t assignments = Count("SELECT COUNT(*) FROM plan_assignments");
  int64_t audits = Count("SELECT COUNT(*) FROM audit_log");

  // Agency users do not see holders (404); readers may not assign (403).
  EXPECT_EQ(AssignUnassignedHolder(*ctx_, As("cnipa_officer"), plan_id_, holder.id, {cnipa})
                .error()
                .code(),
            core::StatusCode::kNotFound);
  EXPECT_EQ(
      AssignUnassignedHolder(*ctx_, As("auditor"), plan_id_, holder.id, {cnipa}).error().code(),
      core::StatusCode::kPermissionDenied);
  EXPECT_EQ(AssignUnassignedHolder(*ctx_, As("office"), plan_id_, 999999, {cnipa}).error().code(),
            core::StatusCode::kNotFound);

  // Bad agencies: one 422 with a field error each, nothing written.
  {
    auto tx = db_->Begin(storage::TxMode::kWrite);
    ASSERT_TRUE((*tx)->Exec("UPDATE agencies SET active = 0 WHERE name = '上海市公安局'"));
    ASSERT_TRUE((*tx)->Commit().ok());
  }
  auto bad = AssignUnassignedHolder(*ctx_, As("office"), plan_id_, holder.id,
                                    {cnipa, 999999, agency_id("上海市公安局"), cnipa});
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code(), core::StatusCode::kInvalidArgument);
  EXPECT_EQ(FieldsOf(bad.error()),
            (std::set<std::string>{"agency_ids[1]", "agency_ids[2]", "agency_ids[3]"}));
  EXPECT_EQ(FieldsOf(AssignUnassignedHolder(*ctx_, As("office"), plan_id_, holder.id, {}).error()),
            (std::set<std::string>{"agency_ids"}));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM plan_assignments"), assignments);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log"), audits);
  EXPECT_EQ(holder_of("1.7.1").id, holder.id);

  // Two agencies: two co assignments, the holder resolved (kept as history), one audit row.
  auto done = AssignUnassignedHolder(*ctx_, As("office"), plan_id_, holder.id, {cnipa, police});
  ASSERT_TRUE(done.has_value()) << done.error().ToString();
  ASSERT_EQ(done->created.size(), 2u);
  EXPECT_TRUE(done->kept.empty());
  for (const auto& a : done->created) {
    EXPECT_EQ(a.item_key, "1.7.1");
    EXPECT_EQ(a.role, "co");
  }
  EXPECT_EQ(Find("国家知识产权局", "1.7.1").role, "co");
  EXPECT_EQ(Find("公安部", "1.7.1").role, "co");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM plan_assignments"), assignments + 2);
  EXPECT_EQ(holder_of("1.7.1").id, 0);  // no longer listed as unassigned
  auto plan = GetPlan(*ctx_, As("office"), plan_id_);
  bool history = false;
  for (const auto& s : plan->tree)
    for (const auto& t : s.tasks)
      for (const auto& i : t.items)
        for (const auto& r : i.resolved) {
          history = i.key == "1.7.1" && r.id == holder.id && r.resolved_by_name == "王协调" &&
                    r.agencies.size() == 2 && r.agencies[0].second == "国家知识产权局";
        }
  EXPECT_TRUE(history);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM plan_unassigned WHERE resolved_at IS NOT NULL AND id = " +
                  std::to_string(holder.id)),
            1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'plan.assign_holder' AND "
                  "entity_id = '" + std::to_string(holder.id) + "'"),
            1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log"), audits + 1);
  // The new assignee sees the item now.
  EXPECT_EQ(Assignments(As("cnipa_officer")).size(), 25u);

  // Again: 409, nothing more written.
  EXPECT_EQ(AssignUnassignedHolder(*ctx_, As("office"), plan_id_, holder.id, {cnipa})
                .error()
                .code(),
            core::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM plan_assignments"), assignments + 2);

  // An agency already on the item keeps its assignment (no duplicate, lead stays lead).
  UnassignedHolder other = holder_of("7.35.1");
  ASSERT_GT(other.id, 0);
  PlanAssignment existing;
  for (const auto& a : Assignments(As("office")))
    if (a.item_key == "7.35.1") existing = a;
  ASSERT_GT(existing.id, 0);
  auto mixed =
      AssignUnassignedHolder(*ctx_, As("admin"), plan_id_, other.id, {existing.agency_id, cnipa});
  ASSERT_TRUE(mixed.has_value()) << mixed.error().ToString();
  ASSERT_EQ(mixed->kept.size(), 1u);
  EXPECT_EQ(mixed->kept[0].id, existing.id);
  EXPECT_EQ(mixed->kept[0].role, existing.role);
  EXPECT_EQ(mixed->created.size(), existing.agency_id == cnipa ? 0u : 1u);
}

TEST_P(PlansFlowTest, AHolderIsAssignedOnlyToAgenciesInThePlansRegion) {
  PlanImportInput in;
  in.text = ReadFile(std::string(IPE_SOURCE_DIR) + "/tests/plan/data/shanghai-2021.txt");
  in.region_code = "310000";
  auto imported = ImportPlan(*ctx_, As("office"), in);
  ASSERT_TRUE(imported.has_value()) << imported.error().ToString();
  int64_t holder = 0;
  for (const auto& u : imported->unresolved)
    if (u.item_key == "3.5.1") holder = u.id;
  ASSERT_GT(holder, 0);
  int64_t gd = Count("SELECT id FROM agencies WHERE name = '广东省市场监督管理局'");
  int64_t pudong = Count("SELECT id FROM agencies WHERE name = '上海市浦东新区市场监督管理局'");
  auto bad = AssignUnassignedHolder(*ctx_, As("office"), imported->plan.id, holder, {pudong, gd});
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(FieldsOf(bad.error()), (std::set<std::string>{"agency_ids[1]"}));
  // Another plan's holder is not this plan's.
  EXPECT_EQ(AssignUnassignedHolder(*ctx_, As("office"), plan_id_, holder, {pudong}).error().code(),
            core::StatusCode::kNotFound);
  auto ok = AssignUnassignedHolder(*ctx_, As("office"), imported->plan.id, holder, {pudong});
  ASSERT_TRUE(ok.has_value()) << ok.error().ToString();
  ASSERT_EQ(ok->created.size(), 1u);
  EXPECT_EQ(ok->created[0].agency_name, "上海市浦东新区市场监督管理局");
}

TEST_P(PlansFlowTest, TheDemoIsIdempotent) {
  const std::string plan_audit = "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'plan.%'";
  int64_t reports = Count("SELECT COUNT(*) FROM plan_reports");
  int64_t audit = Count(plan_audit);
  EXPECT_GT(reports, 0);
  auto again = LoadDemoData(*ctx_);
  ASSERT_TRUE(again.has_value()) << again.error().ToString();
  EXPECT_EQ(Count("SELECT COUNT(*) FROM plans"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM plan_reports"), reports);
  EXPECT_EQ(Count(plan_audit), audit);
}

INSTANTIATE_TEST_SUITE_P(Backends, PlansFlowTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace ipe::app
