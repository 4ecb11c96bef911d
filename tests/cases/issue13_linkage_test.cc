// Issue 13 at the use-case level, on SQLite and PostgreSQL, with a fake clock: the 以罚代刑 alert
// after a refusal and for an open over-threshold case past the supervision limit (with the lower
// severity for unconfirmed rules), the police decision clock with its approved extensions, a
// procuratorate period ending in the National Day holiday, and the reasonable-suspicion transfer
// keyed on the transfer date.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "app/accounts/accounts.h"
#include "app/calendar/calendar.h"
#include "app/cases/case_import.h"
#include "app/cases/cases.h"
#include "app/cases/transfers.h"
#include "app/context.h"
#include "app/demo.h"
#include "fresh_db.h"
#include "storage/db.h"
#include "storage/migrate.h"

namespace ipe::app {
namespace {

core::Timestamp At(const char* text) { return *core::ParseTimestamp(text); }

class Issue13Test : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::string url = ipe::testing::FreshDatabaseUrl(GetParam(), "i13");
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

  CaseInput TrademarkCase(const std::string& number, int64_t business_fen,
                          const char* act_date = "2020-06-01") {
    CaseInput in;
    in.case_number = number;
    in.title = "假冒注册商标案 " + number;
    in.category = "trademark";
    in.conduct = "counterfeit_trademark";
    in.source = "inspection";
    in.act_date_from = *core::ParseDate(act_date);
    in.amounts.illegal_business = core::Fen(business_fen);
    in.parties.push_back({"company", "上海某贸易有限公司", std::string("91310110666007217T"),
                          std::nullopt, std::nullopt, std::nullopt, "party"});
    return in;
  }

  // The case's alerts as "kind/severity" for a viewer.
  std::vector<Alert> AlertsOf(const std::string& login, int64_t case_id) {
    std::vector<Alert> out;
    auto alerts = ListAlerts(*ctx_, As(login));
    EXPECT_TRUE(alerts.has_value()) << alerts.error().ToString();
    if (!alerts) return out;
    for (const auto& a : *alerts) {
      if (a.case_id == case_id) out.push_back(a);
    }
    return out;
  }
  static bool HasKind(const std::vector<Alert>& alerts, const std::string& kind) {
    return std::any_of(alerts.begin(), alerts.end(), [&](const Alert& a) { return a.kind == kind; });
  }
  static const Alert* Find(const std::vector<Alert>& alerts, const std::string& kind) {
    for (const auto& a : alerts) {
      if (a.kind == kind) return &a;
    }
    return nullptr;
  }

  // Case → transfer → approved → sent → received by 上海市公安局, one minute apart.
  Transfer Received(int64_t case_id) {
    auto t = StartCaseTransfer(*ctx_, As("sh_officer"), case_id, {{"sh_officer", "sh_head"}, "书面报告", false});
    EXPECT_TRUE(t.has_value()) << t.error().ToString();
    clock_.Advance(60);
    EXPECT_TRUE(ActOnTransfer(*ctx_, As("sh_head"), t->id, {"approve", "", {}, {}, "", ""}).has_value());
    clock_.Advance(60);
    TransferAction send{"send", "", AgencyId("上海市公安局"), {true, true, true, false, false}, "", ""};
    EXPECT_TRUE(ActOnTransfer(*ctx_, As("sh_officer"), t->id, send).has_value());
    clock_.Advance(60);
    auto received = ActOnTransfer(*ctx_, As("sh_police"), t->id, {"receive", "", {}, {}, "", ""});
    EXPECT_TRUE(received.has_value()) << received.error().ToString();
    return *received;
  }

  core::FakeClock clock_{At("2020-09-30T10:00:00+08:00")};
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<Context> ctx_;
};

// Point 1: the head refuses, then a fine — the classic 以罚代刑 path.
TEST_P(Issue13Test, RefusalThenFineRaisesTheAlert) {
  Principal officer = As("sh_officer");
  auto c = CreateCase(*ctx_, officer, TrademarkCase("沪13-1", 5000000));
  ASSERT_TRUE(c.has_value()) << c.error().ToString();
  auto t = StartCaseTransfer(*ctx_, officer, c->id, {{"sh_officer", "sh_head"}, "书面报告", false});
  ASSERT_TRUE(t.has_value());
  ASSERT_TRUE(ActOnTransfer(*ctx_, As("sh_head"), t->id, {"reject", "认为情节轻微", {}, {}, "", ""}).has_value());
  CaseClosing closing;
  closing.penalty_decision_no = "沪市监罚〔2020〕13号";
  closing.fine = core::Fen::FromYuan(100000);
  auto closed = CloseCase(*ctx_, officer, c->id, closing);
  ASSERT_TRUE(closed.has_value());
  // A refused transfer is a transfer, but the case never reached the police: it is a
  // candidate for the prosecutor's 以罚代刑 list (GET /supervision uses sent_to_police).
  EXPECT_TRUE(closed->has_transfer);
  EXPECT_FALSE(closed->sent_to_police);
  auto alerts = AlertsOf("sh_prosecutor", c->id);
  const Alert* a = Find(alerts, "penalty_instead_of_prosecution");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->severity, "high");
  EXPECT_NE(a->message.find("负责人曾决定不予移送"), std::string::npos) << a->message;
  EXPECT_TRUE(HasKind(AlertsOf("sh_head", c->id), "penalty_instead_of_prosecution"));
  EXPECT_TRUE(AlertsOf("gd_prosecutor", c->id).empty());
}

// Point 1: a case the police received and returned (art. 13) may end in a fine: no alert.
TEST_P(Issue13Test, FineAfterTheCaseReachedThePoliceRaisesNothing) {
  Principal officer = As("sh_officer");
  auto c = CreateCase(*ctx_, officer, TrademarkCase("沪13-2", 5000000));
  ASSERT_TRUE(c.has_value());
  Transfer t = Received(c->id);
  ASSERT_TRUE(ActOnTransfer(*ctx_, As("sh_police"), t.id, {"return", "不构成犯罪，退回处理", {}, {}, "", ""}).has_value());
  CaseClosing closing;
  closing.penalty_decision_no = "沪市监罚〔2020〕14号";
  auto closed = CloseCase(*ctx_, officer, c->id, closing);
  ASSERT_TRUE(closed.has_value());
  EXPECT_TRUE(closed->sent_to_police);
  EXPECT_FALSE(HasKind(AlertsOf("sh_prosecutor", c->id), "penalty_instead_of_prosecution"));
}

// Point 1: an open over-threshold case with no transfer decision past the limit (15 日 from the
// finding, rules/deadlines/supervision.rules; not extended over holidays).
TEST_P(Issue13Test, OpenOverThresholdCasePastTheLimitRaisesTheAlert) {
  Principal officer = As("sh_officer");
  auto c = CreateCase(*ctx_, officer, TrademarkCase("沪13-3", 5000000));  // met 2020-09-30 10:00
  ASSERT_TRUE(c.has_value());
  clock_.Set(At("2020-10-15T23:59:59+08:00"));  // the 15th day ends at 24:00
  EXPECT_FALSE(HasKind(AlertsOf("sh_prosecutor", c->id), "transfer_not_decided"));
  clock_.Set(At("2020-10-16T00:00:01+08:00"));
  auto alerts = AlertsOf("sh_prosecutor", c->id);
  const Alert* a = Find(alerts, "transfer_not_decided");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->severity, "high");
  EXPECT_EQ(a->created_at.ToString(), "2020-10-15T16:00:00Z");  // the limit that ran out
  EXPECT_TRUE(HasKind(AlertsOf("sh_head", c->id), "transfer_not_decided"));
  EXPECT_TRUE(AlertsOf("gd_prosecutor", c->id).empty());
  // A transfer still awaiting the head is no decision; the head's approval is.
  auto t = StartCaseTransfer(*ctx_, officer, c->id, {{"sh_officer", "sh_head"}, "书面报告", false});
  ASSERT_TRUE(t.has_value());
  EXPECT_TRUE(HasKind(AlertsOf("sh_prosecutor", c->id), "transfer_not_decided"));
  ASSERT_TRUE(ActOnTransfer(*ctx_, As("sh_head"), t->id, {"approve", "", {}, {}, "", ""}).has_value());
  EXPECT_FALSE(HasKind(AlertsOf("sh_prosecutor", c->id), "transfer_not_decided"));
  // A case below the threshold never raises it (another party: the same one's open case would be
  // added up with it, 法释〔2004〕19号 第十二条).
  CaseInput small = TrademarkCase("沪13-4", 4999999);
  small.parties[0].uscc = std::string("91350100M000100Y43");
  auto below = CreateCase(*ctx_, officer, small);
  ASSERT_TRUE(below.has_value());
  clock_.Advance(60 * 86400);
  EXPECT_FALSE(HasKind(AlertsOf("sh_prosecutor", below->id), "transfer_not_decided"));
}

// Point 1: findings resting only on unconfirmed (M) rules raise the alerts at the lower level.
TEST_P(Issue13Test, UnconfirmedRulesRaiseLowSeverityAlerts) {
  clock_.Set(At("2021-10-01T09:00:00+08:00"));
  Principal officer = As("sh_officer");
  CaseInput in = TrademarkCase("沪13-5", 0, "2021-06-01");
  in.conduct = "sell_counterfeit_goods";  // 2021-03-01 … 2025-04-25: ip2021.214.basic is M
  in.amounts.illegal_business.reset();
  in.amounts.sales = core::Fen::FromYuan(60000);
  auto c = CreateCase(*ctx_, officer, in);
  ASSERT_TRUE(c.has_value()) << c.error().ToString();
  ASSERT_TRUE(c->threshold_met);
  clock_.Advance(20 * 86400);
  const Alert* a = nullptr;
  auto open_alerts = AlertsOf("sh_prosecutor", c->id);
  a = Find(open_alerts, "transfer_not_decided");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->severity, "low");
  EXPECT_NE(a->message.find("未经核实"), std::string::npos);
  CaseClosing closing;
  closing.penalty_decision_no = "沪市监罚〔2021〕5号";
  ASSERT_TRUE(CloseCase(*ctx_, officer, c->id, closing).has_value());
  auto closed_alerts = AlertsOf("sh_prosecutor", c->id);
  a = Find(closed_alerts, "penalty_instead_of_prosecution");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->severity, "low");
  EXPECT_FALSE(HasKind(closed_alerts, "transfer_not_decided"));  // closed: the close alert stands
}

// Point 2: the police decide within 10 日 (至迟), 30 日 with a county-level head's approval, 30 日
// more with the next level's; overdue only past the deadline that applies.
TEST_P(Issue13Test, PoliceDecisionClockWithApprovedExtensions) {
  auto c = CreateCase(*ctx_, As("sh_officer"), TrademarkCase("沪13-6", 5000000));
  ASSERT_TRUE(c.has_value());
  clock_.Set(At("2020-09-30T12:00:00+08:00"));
  Transfer t = Received(c->id);  // accepted 2020-09-30 12:03
  EXPECT_EQ(t.current_step, "police_economic_decision");
  // 10 日 end on 2020-10-10, a make-up working Saturday: 24:00 that day.
  EXPECT_EQ(t.due_at->ToString(), "2020-10-10T16:00:00Z");
  // Decree 310 art. 8: the 3-day review target, shown but not the overdue line.
  ASSERT_TRUE(t.review_due_at.has_value());
  EXPECT_EQ(t.review_due_at->ToString(), "2020-10-03T16:00:00Z");
  clock_.Set(At("2020-10-05T10:00:00+08:00"));
  EXPECT_EQ(GetTransfer(*ctx_, As("sh_police"), t.id)->deadline_state, "ok");

  Principal police = As("sh_police");
  TransferAction special{"extend", "情况特殊", {}, {}, "special", "上级负责人"};
  EXPECT_EQ(ActOnTransfer(*ctx_, police, t.id, special).error().code(),
            core::StatusCode::kFailedPrecondition);  // the 30 days come first
  TransferAction complex{"extend", "跨区域，需异地取证", {}, {}, "complex", ""};
  EXPECT_EQ(ActOnTransfer(*ctx_, police, t.id, complex).error().code(),
            core::StatusCode::kInvalidArgument);  // no approver
  complex.approver = "王副局长（上海市公安局）";
  EXPECT_EQ(ActOnTransfer(*ctx_, As("sh_officer"), t.id, complex).error().code(),
            core::StatusCode::kPermissionDenied);
  TransferAction bogus{"extend", "x", {}, {}, "forever", "某人"};
  EXPECT_EQ(ActOnTransfer(*ctx_, police, t.id, bogus).error().code(),
            core::StatusCode::kInvalidArgument);
  auto extended = ActOnTransfer(*ctx_, police, t.id, complex);
  ASSERT_TRUE(extended.has_value()) << extended.error().ToString();
  EXPECT_EQ(extended->status, "accepted");
  EXPECT_EQ(extended->current_step, "police_economic_decision_complex");
  EXPECT_EQ(extended->due_at->ToString(), "2020-10-30T16:00:00Z");  // 30 日 from acceptance
  const TransferStep& step = extended->steps.back();
  EXPECT_EQ(step.step, "extend");
  EXPECT_EQ(step.extension, "complex");
  EXPECT_EQ(step.approver, "王副局长（上海市公安局）");
  EXPECT_EQ(step.reasons, "跨区域，需异地取证");
  EXPECT_EQ(step.extended_to->ToString(), "2020-10-30T16:00:00Z");
  EXPECT_EQ(step.on_time, true);
  EXPECT_EQ(ActOnTransfer(*ctx_, police, t.id, complex).error().code(),
            core::StatusCode::kFailedPrecondition);  // no second complex extension

  clock_.Set(At("2020-10-29T10:00:00+08:00"));
  auto again = ActOnTransfer(*ctx_, police, t.id, special);
  ASSERT_TRUE(again.has_value()) << again.error().ToString();
  EXPECT_EQ(again->current_step, "police_economic_decision_extended");
  // 30 日 after 2020-10-30 is Sunday 11-29: a criminal-procedure period runs to Monday 11-30.
  EXPECT_EQ(again->due_at->ToString(), "2020-11-30T16:00:00Z");
  clock_.Set(At("2020-11-30T23:00:00+08:00"));
  EXPECT_EQ(GetTransfer(*ctx_, police, t.id)->deadline_state, "due_soon");
  clock_.Set(At("2020-12-01T00:00:01+08:00"));
  EXPECT_EQ(GetTransfer(*ctx_, police, t.id)->deadline_state, "overdue");
  EXPECT_EQ(ActOnTransfer(*ctx_, police, t.id, special).error().code(),
            core::StatusCode::kFailedPrecondition);
  auto filed = ActOnTransfer(*ctx_, police, t.id, {"file", "", {}, {}, "", ""});
  ASSERT_TRUE(filed.has_value());
  EXPECT_EQ(filed->steps.back().on_time, false);
  EXPECT_FALSE(filed->review_due_at.has_value());
}

// Point 3: a procuratorate (criminal-procedure) period ending in the National Day holiday runs
// to the next working day; an administrative step ending there does not.
TEST_P(Issue13Test, ProcuratoratePeriodEndingInNationalDayIsExtended) {
  auto c = CreateCase(*ctx_, As("sh_officer"), TrademarkCase("沪13-7", 5000000));
  ASSERT_TRUE(c.has_value());
  Transfer t = Received(c->id);
  auto not_filed = ActOnTransfer(*ctx_, As("sh_police"), t.id, {"not_file", "证据不足", {}, {}, "", ""});
  ASSERT_TRUE(not_filed.has_value());
  // Decree 310 art. 9: 3 日 from 2020-09-30 end on 10-03, a holiday — not extended.
  EXPECT_EQ(not_filed->current_step, "agency_review_request");
  EXPECT_EQ(not_filed->due_at->ToString(), "2020-10-03T16:00:00Z");
  // 刑事诉讼规则 第五百六十条: 7 日 from 09-30 end on 10-07, in the holiday: due 10-09 24:00.
  auto reasons = Supervise(*ctx_, As("sh_prosecutor"), c->id, "request_reasons", "请说明理由");
  ASSERT_TRUE(reasons.has_value()) << reasons.error().ToString();
  EXPECT_EQ(reasons->due_at->ToString(), "2020-10-09T16:00:00Z");
  // 第五百六十三条: 15 日 end on Thursday 10-15, a working day: unchanged.
  auto filing = Supervise(*ctx_, As("sh_prosecutor"), c->id, "notify_filing", "");
  ASSERT_TRUE(filing.has_value());
  EXPECT_EQ(filing->due_at->ToString(), "2020-10-15T16:00:00Z");
}

// Point 4: Decree 310 art. 3 para. 2 is keyed on the transfer date (from 2020-08-07) and is for
// IP cases only.
TEST_P(Issue13Test, SuspicionTransferIsKeyedOnTheTransferDateAndIpOnly) {
  clock_.Set(At("2020-08-06T10:00:00+08:00"));
  Principal officer = As("sh_officer");
  auto c = CreateCase(*ctx_, officer, TrademarkCase("沪13-8", 100000));
  ASSERT_TRUE(c.has_value());
  auto has_suspicion = [](const Case& x) {
    return std::any_of(x.findings.begin(), x.findings.end(),
                       [](const CaseFinding& f) { return f.level == "suspicion"; });
  };
  EXPECT_FALSE(has_suspicion(*c));
  StartTransfer suspicion{{"sh_officer", "sh_head"}, "有合理理由怀疑涉嫌犯罪", true};
  EXPECT_EQ(StartCaseTransfer(*ctx_, officer, c->id, suspicion).error().code(),
            core::StatusCode::kFailedPrecondition);
  clock_.Set(At("2020-08-07T09:00:00+08:00"));
  auto updated = UpdateCase(*ctx_, officer, c->id, c->input, c->version);
  ASSERT_TRUE(updated.has_value()) << updated.error().ToString();
  EXPECT_TRUE(has_suspicion(*updated));  // the same act date, a transfer made from 08-07
  auto t = StartCaseTransfer(*ctx_, officer, c->id, suspicion);
  ASSERT_TRUE(t.has_value()) << t.error().ToString();
  EXPECT_TRUE(t->suspicion_only);

  CaseInput goods = TrademarkCase("沪13-9", 100000);
  goods.category = "substandard_product";
  goods.conduct = "substandard_products";
  goods.amounts.illegal_business.reset();
  goods.amounts.sales = core::Fen::FromYuan(1000);
  auto g = CreateCase(*ctx_, officer, goods);
  ASSERT_TRUE(g.has_value());
  EXPECT_FALSE(has_suspicion(*g));
  auto refused = StartCaseTransfer(*ctx_, officer, g->id, suspicion);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code(), core::StatusCode::kInvalidArgument);
  EXPECT_EQ(refused.error().field_errors().at(0).field, "suspicion_only");
}

// Point 5: the same party's unpunished cases of the same conduct at two agencies are added up
// (法释〔2004〕19号 第十二条), and the finding names the case added.
TEST_P(Issue13Test, CumulativeAmountsAcrossTwoAgencies) {
  auto a = CreateCase(*ctx_, As("sh_officer"), TrademarkCase("沪13-10", 3000000));  // 3万
  ASSERT_TRUE(a.has_value());
  EXPECT_FALSE(a->threshold_met);
  auto b = CreateCase(*ctx_, As("pd_officer"), TrademarkCase("浦13-1", 1999999));  // 19999.99
  ASSERT_TRUE(b.has_value()) << b.error().ToString();
  EXPECT_FALSE(b->threshold_met);  // 49999.99 together: one fen short
  CaseInput more = b->input;
  more.amounts.illegal_business = core::Fen(2000000);  // 2万: 5万 together
  auto b2 = UpdateCase(*ctx_, As("pd_officer"), b->id, more, b->version);
  ASSERT_TRUE(b2.has_value()) << b2.error().ToString();
  EXPECT_TRUE(b2->threshold_met);
  const CaseFinding* cumulative = nullptr;
  for (const auto& f : b2->findings) {
    if (f.rule_id == "ip2004.213.basic" && f.met) cumulative = &f;
  }
  ASSERT_NE(cumulative, nullptr);
  EXPECT_NE(cumulative->basis.find("沪13-10（上海市市场监督管理局）"), std::string::npos) << cumulative->basis;
  EXPECT_NE(cumulative->basis.find("50000.00元 ≥ 50000.00元"), std::string::npos) << cumulative->basis;
  // Once the other case is punished it is no longer added.
  CaseClosing closing;
  closing.penalty_decision_no = "沪市监罚〔2020〕10号";
  ASSERT_TRUE(CloseCase(*ctx_, As("sh_officer"), a->id, closing).has_value());
  auto b3 = UpdateCase(*ctx_, As("pd_officer"), b->id, more, b2->version);
  ASSERT_TRUE(b3.has_value());
  EXPECT_FALSE(b3->threshold_met);

  // The import path adds up the same way: two rows of one party in one file (3万 + 2万), and an
  // open stored case of another party joins a row of that party.
  std::vector<CaseInput> rows = {TrademarkCase("浦13-2", 3000000), TrademarkCase("浦13-3", 2000000),
                                 TrademarkCase("浦13-4", 100)};
  for (auto& r : rows) r.parties[0].uscc = std::string("91350100M000100Y43");
  rows[2].parties[0].uscc = std::string("91110000100006485K");
  auto other = CreateCase(*ctx_, As("sh_officer"), [&] {
    CaseInput x = TrademarkCase("沪13-15", 4999900);
    x.parties[0].uscc = std::string("91110000100006485K");
    return x;
  }());
  ASSERT_TRUE(other.has_value());
  EXPECT_FALSE(other->threshold_met);
  ASSERT_TRUE(ImportCases(*ctx_, As("pd_officer"), rows).has_value());
  for (const char* number : {"浦13-2", "浦13-3", "浦13-4"}) {
    CaseFilter f;
    f.q = number;
    auto page = ListCases(*ctx_, As("pd_officer"), f, {1, 5});
    ASSERT_TRUE(page.has_value());
    ASSERT_EQ(page->items.size(), 1u) << number;
    auto imported = GetCase(*ctx_, As("pd_officer"), page->items[0].id);
    EXPECT_TRUE(imported->threshold_met) << number;
    bool named = false;
    for (const auto& x : imported->findings) named |= x.basis.find("累计计算") != std::string::npos;
    EXPECT_TRUE(named) << number;
  }
}

// Point 6: conduct from 2025-03 to 2025-06 is judged by the 2025 pack (the end of the conduct).
TEST_P(Issue13Test, ConductSpanningTheRegimeChangeIsJudgedWhenItEnded) {
  clock_.Set(At("2025-07-01T09:00:00+08:00"));
  CaseInput in = TrademarkCase("沪13-11", 0, "2025-03-01");
  in.category = "copyright";
  in.conduct = "sell_infringing_copies";
  in.act_date_to = *core::ParseDate("2025-06-30");
  in.amounts.illegal_business.reset();
  in.amounts.illegal_gains = core::Fen::FromYuan(60000);  // 2004 regime: 10万; 2025: 5万
  auto c = CreateCase(*ctx_, As("sh_officer"), in);
  ASSERT_TRUE(c.has_value()) << c.error().ToString();
  EXPECT_TRUE(c->threshold_met);
  bool met_2025 = false;
  for (const auto& f : c->findings) {
    EXPECT_EQ(f.rule_id.rfind("ip2004", 0), std::string::npos) << f.rule_id;
    met_2025 |= f.rule_id == "ip2025.218.basic" && f.met;
  }
  EXPECT_TRUE(met_2025);
  EXPECT_NE(c->regime_basis.find("行为期间 2025-03-01 至 2025-06-30，按行为终了日 2025-06-30"),
            std::string::npos)
      << c->regime_basis;
  auto loaded = GetCase(*ctx_, As("sh_prosecutor"), c->id);
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(loaded->regime_basis, c->regime_basis);
}

// Point 14: next year's arrangement is loaded at run time (admins, audited, validated); admins are
// warned from 1 November while it is missing; a clock that needs it says so instead of guessing.
TEST_P(Issue13Test, CalendarYearLoadedAtRunTime) {
  constexpr const char* k2027 =  // made-up test data in the built-in format
      "# covers\t2027\t2027\n2027-01-01\tholiday\t元旦\n2027-10-01\tholiday\t国庆节\n"
      "2027-10-04\tholiday\t国庆节\n2027-10-05\tholiday\t国庆节\n2027-10-06\tholiday\t国庆节\n"
      "2027-10-07\tholiday\t国庆节\n2027-10-08\tholiday\t国庆节\n2027-10-09\tworkday\t国庆节\n";
  clock_.Set(At("2026-10-31T12:00:00+08:00"));
  EXPECT_FALSE(GetCalendarState(*ctx_, As("admin"))->warn);
  clock_.Set(At("2026-11-01T00:00:00+08:00"));
  auto state = GetCalendarState(*ctx_, As("admin"));
  ASSERT_TRUE(state.has_value()) << state.error().ToString();
  EXPECT_TRUE(state->warn);
  EXPECT_EQ(state->next_year, 2027);
  EXPECT_NE(state->message.find("2027"), std::string::npos);
  EXPECT_FALSE(GetCalendarState(*ctx_, As("sh_officer"))->warn);  // admins only

  // A clock that needs 2027 before it is loaded: recorded, without a guessed deadline.
  clock_.Set(At("2027-09-28T10:00:00+08:00"));
  auto c = CreateCase(*ctx_, As("sh_officer"), TrademarkCase("沪13-12", 5000000, "2027-09-01"));
  ASSERT_TRUE(c.has_value()) << c.error().ToString();
  Transfer t = Received(c->id);
  EXPECT_EQ(t.current_step, "police_economic_decision");
  EXPECT_FALSE(t.due_at.has_value());
  EXPECT_EQ(t.deadline_state, "unknown");
  auto events = GetCase(*ctx_, As("sh_officer"), c->id)->events;
  EXPECT_TRUE(std::any_of(events.begin(), events.end(), [](const CaseEvent& e) {
    return e.kind == "clock" && e.summary.find("2027") != std::string::npos;
  }));

  // An approved extension is recorded even though its deadline cannot be computed yet.
  TransferAction complex{"extend", "跨区域", {}, {}, "complex", "王副局长"};
  auto pending = ActOnTransfer(*ctx_, As("sh_police"), t.id, complex);
  ASSERT_TRUE(pending.has_value()) << pending.error().ToString();
  EXPECT_EQ(pending->current_step, "police_economic_decision_complex");
  EXPECT_FALSE(pending->due_at.has_value());
  EXPECT_EQ(pending->deadline_state, "unknown");
  EXPECT_EQ(pending->steps.back().approver, "王副局长");
  EXPECT_FALSE(pending->steps.back().extended_to.has_value());

  // Loading: admins only; a bad file writes nothing; a good one is audited.
  EXPECT_EQ(LoadCalendarYear(*ctx_, As("sh_officer"), k2027).error().code(),
            core::StatusCode::kPermissionDenied);
  auto bad = LoadCalendarYear(*ctx_, As("admin"), "# covers\t2027\t2027\n2027-10-08\tworkday\tx\n");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code(), core::StatusCode::kInvalidArgument);
  EXPECT_TRUE(GetCalendarState(*ctx_, As("admin"))->loaded.empty());
  auto loaded = LoadCalendarYear(*ctx_, As("admin"), k2027);
  ASSERT_TRUE(loaded.has_value()) << loaded.error().ToString();
  EXPECT_EQ(*loaded, 2027);
  state = GetCalendarState(*ctx_, As("admin"));
  EXPECT_EQ(state->last_year, 2027);
  ASSERT_EQ(state->loaded.size(), 1u);
  EXPECT_EQ(state->loaded[0].loaded_by, "admin");
  {
    auto tx = db_->Begin(storage::TxMode::kRead);
    auto rows = (*tx)->Query("SELECT count(*) FROM audit_log WHERE action = 'calendar.load'");
    ASSERT_TRUE(rows.has_value()) << rows.error().ToString();
    EXPECT_EQ((*rows)[0].Int(0), 1);
  }
  // The clocks now use 2027: the complex 30 日 from the acceptance (09-28) end on Thursday 10-28,
  // computed now; the special 30 日 more end on Saturday 11-27 and run on to Monday 11-29.
  TransferAction special{"extend", "情况特殊", {}, {}, "special", "上级负责人"};
  auto extended = ActOnTransfer(*ctx_, As("sh_police"), t.id, special);
  ASSERT_TRUE(extended.has_value()) << extended.error().ToString();
  EXPECT_EQ(extended->due_at->ToString(), "2027-11-29T16:00:00Z");
  EXPECT_EQ(extended->deadline_state, "ok");
}

// Point 7: the inputs the packs use are collected (API/use case, import template) and stored, so
// their routes can be met: online clicks (217, 2011 意见, M) and the right holder's bankruptcy
// (219, 2010 追诉标准（二）).
TEST_P(Issue13Test, InputsThePacksUseAreCollected) {
  Principal officer = As("sh_officer");
  CaseInput online = TrademarkCase("沪13-13", 0, "2020-05-01");
  online.category = "copyright";
  online.conduct = "copyright_infringement";
  online.amounts.illegal_business.reset();
  online.amounts.clicks = 50000;
  online.amounts.members = 999;
  online.amounts.works = 12;
  online.amounts.unsold_copies = 7;
  online.amounts.harm_to_health = true;
  online.amounts.harm_to_health_detail = "轻伤2人";
  auto c = CreateCase(*ctx_, officer, online);
  ASSERT_TRUE(c.has_value()) << c.error().ToString();
  bool clicks_met = false;
  for (const auto& f : c->findings) clicks_met |= f.rule_id == "ip2011.217.online" && f.met;
  EXPECT_TRUE(clicks_met);
  auto loaded = GetCase(*ctx_, officer, c->id);
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(loaded->input.amounts.clicks, 50000);
  EXPECT_EQ(loaded->input.amounts.members, 999);
  EXPECT_EQ(loaded->input.amounts.works, 12);
  EXPECT_EQ(loaded->input.amounts.unsold_copies, 7);
  EXPECT_EQ(loaded->input.amounts.harm_to_health_detail, "轻伤2人");

  CaseInput secret = TrademarkCase("沪13-14", 0, "2019-05-01");
  secret.category = "trade_secret";
  secret.conduct = "trade_secret";
  secret.amounts.illegal_business.reset();
  secret.amounts.right_holder_bankrupt = true;
  auto s = CreateCase(*ctx_, officer, secret);
  ASSERT_TRUE(s.has_value()) << s.error().ToString();
  EXPECT_TRUE(s->threshold_met);
  EXPECT_TRUE(GetCase(*ctx_, officer, s->id)->input.amounts.right_holder_bankrupt);
  CaseInput none = secret;
  none.amounts.right_holder_bankrupt = false;
  auto updated = UpdateCase(*ctx_, officer, s->id, none, s->version);
  ASSERT_TRUE(updated.has_value());
  EXPECT_FALSE(updated->threshold_met);

  // The import template takes them too (是/否 for facts); a bad yes/no is named by row and column.
  std::string csv =
      "case_number,title,category,source,conduct,act_date_from,unsold_marks,right_holder_bankrupt,"
      "harm_to_health,harm_to_health_detail\n"
      "导13-1,标识案,trademark,inspection,illegal_marks,2020-05-01,60000,否,是,重伤1人\n"
      "导13-2,秘密案,trade_secret,inspection,trade_secret,2019-05-01,,是,,\n";
  auto parsed = ParseCaseFile(csv, core::LocalDate(clock_.Now()), 100);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().ToString();
  EXPECT_EQ(parsed->inputs[0].amounts.unsold_marks, 60000);
  EXPECT_TRUE(parsed->inputs[0].amounts.harm_to_health);
  EXPECT_EQ(parsed->inputs[0].amounts.harm_to_health_detail, "重伤1人");
  EXPECT_TRUE(parsed->inputs[1].amounts.right_holder_bankrupt);
  ASSERT_TRUE(ImportCases(*ctx_, officer, parsed->inputs, parsed->row_numbers).has_value());
  CaseFilter f;
  f.q = "导13-1";
  auto page = ListCases(*ctx_, officer, f, {1, 5});
  ASSERT_TRUE(page.has_value());
  ASSERT_EQ(page->items.size(), 1u);
  auto imported = GetCase(*ctx_, officer, page->items[0].id);
  EXPECT_EQ(imported->input.amounts.unsold_marks, 60000);
  bool attempt_met = false;  // 2011 意见 第九条: unsold marks >= 60000 (attempt)
  for (const auto& x : imported->findings) attempt_met |= x.rule_id == "ip2011.215.attempt" && x.met;
  EXPECT_TRUE(attempt_met);
  auto bad = ParseCaseFile("case_number,title,category,source,right_holder_bankrupt\n"
                           "导13-3,x,trade_secret,inspection,也许\n",
                           core::LocalDate(clock_.Now()), 100);
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().field_errors().at(0).field, "rows[2].right_holder_bankrupt");
}

INSTANTIATE_TEST_SUITE_P(Backends, Issue13Test, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace ipe::app
