// Issue 5 end to end at the use-case level, on SQLite and PostgreSQL, with a fake clock:
// create case → findings → transfer → police decisions → prosecutor supervision; deadline states;
// the 以罚代刑 alert and its scope.
#include <gtest/gtest.h>

#include <cstdlib>
#include <random>

#include "app/accounts/accounts.h"
#include "app/cases/cases.h"
#include "app/cases/transfers.h"
#include "app/context.h"
#include "app/demo.h"
#include "fresh_db.h"
#include "storage/db.h"
#include "storage/migrate.h"

namespace ipe::app {
namespace {

class TransferFlowTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::string url = ipe::testing::FreshDatabaseUrl(GetParam(), "c");
    if (url.empty()) GTEST_SKIP() << "IPE_PG_DSN not set: PostgreSQL run skipped";
    std::printf("[backend] %s\n", GetParam().c_str());
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

  CaseInput TrademarkCase(const std::string& number, int64_t business_fen) {
    CaseInput in;
    in.case_number = number;
    in.title = "假冒注册商标案 " + number;
    in.category = "trademark";
    in.conduct = "counterfeit_trademark";
    in.source = "inspection";
    in.act_date_from = *core::ParseDate("2020-06-01");
    in.amounts.illegal_business = core::Fen(business_fen);
    in.parties.push_back({"company", "上海某贸易有限公司", std::string("91310110666007217T"),
                          std::nullopt, std::nullopt, std::nullopt, "party"});
    return in;
  }

  // 2020-09-30 10:00 Beijing time: the National Day holiday follows.
  core::FakeClock clock_{*core::ParseTimestamp("2020-09-30T10:00:00+08:00")};
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<Context> ctx_;
};

TEST_P(TransferFlowTest, CaseToTransferToPoliceToProsecutor) {
  Principal officer = As("sh_officer"), head = As("sh_head"), police = As("sh_police"),
            prosecutor = As("sh_prosecutor");
  auto c = CreateCase(*ctx_, officer, TrademarkCase("沪案1", 5000000));
  ASSERT_TRUE(c.has_value()) << c.error().ToString();
  bool met = false;
  for (const auto& f : c->findings) met |= f.met && f.article == "213" && f.level == "basic";
  EXPECT_TRUE(met);

  // Team of one is refused (Decree 310 art. 5: at least two officers).
  EXPECT_EQ(StartCaseTransfer(*ctx_, officer, c->id, {{"sh_officer"}, "报告", false}).error().code(),
            core::StatusCode::kInvalidArgument);
  auto t = StartCaseTransfer(*ctx_, officer, c->id, {{"sh_officer", "sh_head"}, "书面报告", false});
  ASSERT_TRUE(t.has_value()) << t.error().ToString();
  EXPECT_EQ(t->status, "awaiting_decision");
  EXPECT_EQ(t->current_step, "head_decision");
  ASSERT_TRUE(t->due_at.has_value());
  EXPECT_EQ(t->deadline_state, "ok");

  // An officer cannot approve; the head can.
  EXPECT_EQ(ActOnTransfer(*ctx_, officer, t->id, {"approve", "", {}, {}, "", ""}).error().code(),
            core::StatusCode::kPermissionDenied);
  clock_.Advance(3600);
  auto approved = ActOnTransfer(*ctx_, head, t->id, {"approve", "", {}, {}, "", ""});
  ASSERT_TRUE(approved.has_value()) << approved.error().ToString();
  EXPECT_EQ(approved->current_step, "transfer_to_police");
  // 24 hours to send: check the deadline states on the fake clock.
  EXPECT_EQ(approved->due_at->seconds - clock_.Now().seconds, 24 * 3600);
  clock_.Advance(23 * 3600);
  EXPECT_EQ(GetTransfer(*ctx_, officer, t->id)->deadline_state, "due_soon");
  clock_.Advance(2 * 3600);
  EXPECT_EQ(GetTransfer(*ctx_, officer, t->id)->deadline_state, "overdue");
  auto alerts = ListAlerts(*ctx_, head);
  ASSERT_TRUE(alerts.has_value());
  bool overdue_alert = false;
  for (const auto& a : *alerts) overdue_alert |= a.kind == "deadline_overdue" && a.case_id == c->id;
  EXPECT_TRUE(overdue_alert);

  // Sending needs the documents of art. 6 and a police agency.
  TransferAction send{"send", "", AgencyId("上海市公安局"), {}, "", ""};
  EXPECT_EQ(ActOnTransfer(*ctx_, officer, t->id, send).error().code(),
            core::StatusCode::kInvalidArgument);
  send.documents = {true, true, true, false, false};
  auto sent = ActOnTransfer(*ctx_, officer, t->id, send);
  ASSERT_TRUE(sent.has_value()) << sent.error().ToString();
  EXPECT_EQ(sent->steps.back().on_time, false);  // sent after the 24 hours ran out

  // Police of another agency cannot act; the receiving police can.
  EXPECT_EQ(ActOnTransfer(*ctx_, As("sz_police"), t->id, {"receive", "", {}, {}, "", ""}).error().code(),
            core::StatusCode::kNotFound);
  auto received = ActOnTransfer(*ctx_, police, t->id, {"receive", "", {}, {}, "", ""});
  ASSERT_TRUE(received.has_value()) << received.error().ToString();
  EXPECT_EQ(received->current_step, "police_economic_decision");  // 至迟 10 日 (issue 13)
  // The receiving police work the case; other police do not see it.
  EXPECT_TRUE(GetCase(*ctx_, police, c->id).has_value());
  EXPECT_EQ(GetCase(*ctx_, As("sz_police"), c->id).error().code(), core::StatusCode::kNotFound);
  auto not_filed = ActOnTransfer(*ctx_, police, t->id, {"not_file", "证据不足", {}, {}, "", ""});
  ASSERT_TRUE(not_filed.has_value()) << not_filed.error().ToString();
  EXPECT_EQ(not_filed->status, "not_filed");
  EXPECT_EQ(not_filed->current_step, "agency_review_request");

  // The prosecutor sees the transfer and asks the police for reasons (7 日).
  auto listed = ListTransfers(*ctx_, prosecutor, {}, {1, 20});
  ASSERT_TRUE(listed.has_value());
  bool listed_for_prosecutor = false;
  for (const auto& x : listed->items) listed_for_prosecutor |= x.id == t->id;
  EXPECT_TRUE(listed_for_prosecutor);
  auto action = Supervise(*ctx_, prosecutor, c->id, "request_reasons", "请说明不立案理由");
  ASSERT_TRUE(action.has_value()) << action.error().ToString();
  ASSERT_TRUE(action->due_at.has_value());
  EXPECT_EQ(action->deadline_state, "ok");
  EXPECT_EQ(AnswerSupervision(*ctx_, officer, action->id, "x").error().code(),
            core::StatusCode::kPermissionDenied);
  auto answered = AnswerSupervision(*ctx_, police, action->id, "经审查证据不足");
  ASSERT_TRUE(answered.has_value()) << answered.error().ToString();
  EXPECT_TRUE(answered->answered_at.has_value());
  auto actions = ListSupervisionActions(*ctx_, prosecutor);
  ASSERT_TRUE(actions.has_value());
  bool listed_action = false;
  for (const auto& a : *actions) listed_action |= a.id == action->id && a.answer == "经审查证据不足";
  EXPECT_TRUE(listed_action);
  EXPECT_TRUE(ListSupervisionActions(*ctx_, As("gd_prosecutor"))->empty());

  // The agency asks for review; the police reverse and file; the agency hands over items.
  ASSERT_TRUE(ActOnTransfer(*ctx_, officer, t->id, {"request_review", "", {}, {}, "", ""}).has_value());
  auto reversed = ActOnTransfer(*ctx_, police, t->id, {"review_reverse", "", {}, {}, "", ""});
  ASSERT_TRUE(reversed.has_value());
  EXPECT_EQ(reversed->status, "filed");
  EXPECT_EQ(reversed->current_step, "handover_items");
  auto done = ActOnTransfer(*ctx_, officer, t->id, {"handover", "", {}, {}, "", ""});
  ASSERT_TRUE(done.has_value());
  EXPECT_EQ(done->status, "handed_over");
  EXPECT_EQ(done->deadline_state, "none");
  // Out-of-order actions are refused.
  EXPECT_EQ(ActOnTransfer(*ctx_, head, t->id, {"approve", "", {}, {}, "", ""}).error().code(),
            core::StatusCode::kFailedPrecondition);

  auto full = GetCase(*ctx_, officer, c->id);
  ASSERT_TRUE(full.has_value());
  EXPECT_GE(full->events.size(), 8u);  // the timeline holds every step
}

TEST_P(TransferFlowTest, HeadDecisionClockSkipsNationalDay) {
  Principal officer = As("sh_officer");
  auto c = CreateCase(*ctx_, officer, TrademarkCase("沪案2", 6000000));
  ASSERT_TRUE(c.has_value());
  auto t = StartCaseTransfer(*ctx_, officer, c->id, {{"sh_officer", "sh_head"}, "报告", false});
  ASSERT_TRUE(t.has_value());
  // 3 日 from 2020-09-30 ends on 10-03, a holiday, so it runs to the end of the next working day
  // only if the rule says so; either way it is a Beijing midnight after 10-03 00:00.
  core::Date due_day = core::LocalDate(t->due_at->AddSeconds(-1));
  EXPECT_GE(due_day, *core::ParseDate("2020-10-03"));
  EXPECT_EQ(t->due_at->seconds % 86400, 16 * 3600);  // 24:00 Beijing = 16:00 UTC
}

TEST_P(TransferFlowTest, ClosedOverThresholdCaseRaisesAlertSeenOnlyInItsRegion) {
  Principal officer = As("sh_officer");
  auto c = CreateCase(*ctx_, officer, TrademarkCase("沪案3", 5000000));
  ASSERT_TRUE(c.has_value());
  CaseClosing closing;
  closing.penalty_decision_no = "沪市监罚〔2020〕3号";
  closing.fine = core::Fen::FromYuan(100000);
  auto closed = CloseCase(*ctx_, officer, c->id, closing);
  ASSERT_TRUE(closed.has_value()) << closed.error().ToString();
  auto kinds = [&](const std::string& login) {
    std::vector<std::string> out;
    auto alerts = ListAlerts(*ctx_, As(login));
    EXPECT_TRUE(alerts.has_value());
    for (const auto& a : *alerts) {
      if (a.case_id == c->id) out.push_back(a.kind);
    }
    return out;
  };
  EXPECT_EQ(kinds("sh_prosecutor"), std::vector<std::string>{"penalty_instead_of_prosecution"});
  EXPECT_EQ(kinds("sh_head"), std::vector<std::string>{"penalty_instead_of_prosecution"});
  EXPECT_TRUE(kinds("gd_prosecutor").empty());  // another region's prosecutor sees nothing
  EXPECT_EQ(GetCase(*ctx_, As("gd_prosecutor"), c->id).error().code(), core::StatusCode::kNotFound);
}

TEST_P(TransferFlowTest, BelowThresholdCaseClosesWithoutAlert) {
  Principal officer = As("sh_officer");
  auto c = CreateCase(*ctx_, officer, TrademarkCase("沪案4", 4999999));
  ASSERT_TRUE(c.has_value());
  for (const auto& f : c->findings) {
    if (f.level == "basic" || f.level == "aggravated") EXPECT_FALSE(f.met) << f.rule_id;
  }
  CaseClosing closing;
  closing.penalty_decision_no = "沪市监罚〔2020〕4号";
  ASSERT_TRUE(CloseCase(*ctx_, officer, c->id, closing).has_value());
  auto alerts = ListAlerts(*ctx_, As("sh_prosecutor"));
  for (const auto& a : *alerts) EXPECT_NE(a.case_id, c->id);
}

TEST_P(TransferFlowTest, PersonalDataIsMaskedForOtherAgenciesInScope) {
  Principal officer = As("sh_officer");
  CaseInput in = TrademarkCase("沪案5", 100);
  in.parties.push_back({"person", "张三", std::nullopt, std::string("11010519491231002X"),
                        std::string("13800138000"), std::nullopt, "legal_representative"});
  auto c = CreateCase(*ctx_, officer, in);
  ASSERT_TRUE(c.has_value()) << c.error().ToString();
  auto own = GetCase(*ctx_, officer, c->id);
  EXPECT_EQ(own->input.parties[1].id_number, "11010519491231002X");
  auto office = GetCase(*ctx_, As("office"), c->id);  // national coordinator: in scope, other agency
  ASSERT_TRUE(office.has_value());
  EXPECT_TRUE(office->personal_data_masked);
  EXPECT_EQ(office->input.parties[1].id_number, "110105********002X");
  EXPECT_EQ(office->input.parties[1].name, "张*");
}

// Issue 12 (3): a viewer who sees 张* cannot confirm 张三 by searching for it; the owning agency,
// the prosecutor and the police (who see the name) find the case by it; words of the title
// that everyone sees still find it for everyone. On both stores, through the term index and
// through the walk of the list's own index.
TEST_P(TransferFlowTest, MaskedNamesCannotBeConfirmedBySearch) {
  Principal officer = As("sh_officer");
  CaseInput in = TrademarkCase("沪案7", 100);
  in.title = "销售假冒飞织跑鞋案";
  in.parties.push_back({"person", "张三丰", std::nullopt, std::string("11010519491231002X"),
                        std::nullopt, std::nullopt, "legal_representative"});
  auto c = CreateCase(*ctx_, officer, in);
  ASSERT_TRUE(c.has_value()) << c.error().ToString();
  auto ids = [&](const std::string& login, const std::string& q) {
    CaseFilter f;
    f.q = q;
    auto page = ListCases(*ctx_, As(login), f, {1, 50});
    EXPECT_TRUE(page.has_value()) << page.error().ToString();
    std::vector<int64_t> out;
    if (page) {
      for (const Case& x : page->items) out.push_back(x.id);
    }
    return out;
  };
  const std::vector<int64_t> just_it = {c->id};
  for (const std::string q : {"张三丰", "三丰"}) {
    EXPECT_EQ(ids("sh_officer", q), just_it) << q;     // the owning agency
    EXPECT_EQ(ids("sh_prosecutor", q), just_it) << q;  // sees names in full
    EXPECT_TRUE(ids("office", q).empty()) << q;        // sees 张**
  }
  EXPECT_EQ(ids("office", "飞织跑鞋"), just_it);  // the title is no secret
  // The name is found by the office once it is in the public text (the title).
  CaseInput named = TrademarkCase("沪案8", 100);
  named.title = "张三丰销售假冒商品案";
  auto d = CreateCase(*ctx_, officer, named);
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(ids("office", "张三丰"), std::vector<int64_t>{d->id});
}

TEST_P(TransferFlowTest, ShortChineseTermsAreFound) {
  Principal officer = As("sh_officer");
  CaseInput in = TrademarkCase("沪案6", 100);
  in.title = "销售假冒李宁运动鞋案";
  ASSERT_TRUE(CreateCase(*ctx_, officer, in).has_value());
  CaseFilter f;
  f.q = "李宁";
  auto found = ListCases(*ctx_, officer, f, {1, 20});
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->total, 1);
  f.q = "安踏";
  EXPECT_EQ(ListCases(*ctx_, officer, f, {1, 20})->total, 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, TransferFlowTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace ipe::app

namespace ipe::app {
namespace {

TEST_P(TransferFlowTest, ImportIsAllOrNothing) {
  Principal officer = As("sh_officer");
  CaseFilter f;
  int64_t before = ListCases(*ctx_, officer, f, {1, 1})->total;
  std::vector<CaseInput> rows = {TrademarkCase("导入1", 100), TrademarkCase("导入2", 200)};
  rows[1].category = "nope";  // one bad row
  auto bad = ImportCases(*ctx_, officer, rows);
  ASSERT_FALSE(bad.has_value());
  ASSERT_FALSE(bad.error().field_errors().empty());
  EXPECT_EQ(bad.error().field_errors()[0].field, "rows[3].category");
  // Row numbers as the file shows them (a CSV line, a spreadsheet row) name the rows.
  auto numbered = ImportCases(*ctx_, officer, rows, {7, 9});
  ASSERT_FALSE(numbered.has_value());
  EXPECT_EQ(numbered.error().field_errors()[0].field, "rows[9].category");
  EXPECT_EQ(ListCases(*ctx_, officer, f, {1, 1})->total, before);
  rows[1].category = "trademark";
  auto good = ImportCases(*ctx_, officer, rows);
  ASSERT_TRUE(good.has_value()) << good.error().ToString();
  EXPECT_EQ(*good, 2);
  // Importing the same numbers again is refused as a whole.
  auto again = ImportCases(*ctx_, officer, rows, {4, 5});
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code(), core::StatusCode::kAlreadyExists);
  ASSERT_FALSE(again.error().field_errors().empty());
  EXPECT_EQ(again.error().field_errors()[0].field, "rows[4].case_number");
  EXPECT_EQ(ListCases(*ctx_, officer, f, {1, 1})->total, before + 2);
}

}  // namespace
}  // namespace ipe::app
