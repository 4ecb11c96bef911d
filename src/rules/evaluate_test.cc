// Evaluator behaviour on CaseFacts directly. The threshold-by-threshold boundaries are in the
// golden files (tests/rules/cases/), which go through `ipenforce rules evaluate`.
#include "rules/evaluate.h"

#include <gtest/gtest.h>

#include "rules/deadlines.h"

namespace ipe::rules {
namespace {

core::Date D(const char* s) { return *core::ParseDate(s); }

// A trademark case acted on `date` and transferred (or to be transferred) on 2024-06-01.
CaseFacts Trademark(const char* date) {
  CaseFacts f;
  f.act_date = D(date);
  f.transfer_date = D("2024-06-01");
  f.conduct = Conduct::kCounterfeitTrademark;
  return f;
}

const Finding* Find(const std::vector<Finding>& fs, const std::string& rule_id) {
  for (const Finding& f : fs) {
    if (f.rule_id == rule_id) return &f;
  }
  return nullptr;
}

TEST(Evaluate, EqualAmountMeetsTheThreshold) {
  CaseFacts f = Trademark("2020-01-01");
  f.amounts.illegal_business = core::Fen::FromYuan(50000);
  auto fs = Evaluate(DefaultRuleSet(), f);
  ASSERT_TRUE(fs.has_value());
  const Finding* basic = Find(*fs, "ip2004.213.basic");
  ASSERT_NE(basic, nullptr);
  EXPECT_TRUE(basic->met);
  EXPECT_EQ(basic->article, "213");
  EXPECT_EQ(basic->crime, "假冒注册商标罪");
  EXPECT_EQ(basic->level, Level::kBasic);
  EXPECT_EQ(basic->basis, "非法经营数额 50000.00元 ≥ 50000.00元");
  EXPECT_EQ(basic->confidence, Confidence::kConfirmed);

  f.amounts.illegal_business = core::Fen(4'999'999);
  fs = Evaluate(DefaultRuleSet(), f);
  basic = Find(*fs, "ip2004.213.basic");
  ASSERT_NE(basic, nullptr);
  EXPECT_FALSE(basic->met);
  EXPECT_EQ(basic->basis,
            "非法经营数额 49999.99元 < 50000.00元；违法所得数额 未填写，需 ≥ 30000.00元");
}

TEST(Evaluate, FindingsAreOrderedAndDeterministic) {
  CaseFacts f = Trademark("2020-01-01");
  f.amounts.illegal_business = core::Fen::FromYuan(300000);
  f.counts.rights_involved = 2;
  auto a = Evaluate(DefaultRuleSet(), f);
  auto b = Evaluate(DefaultRuleSet(), f);
  ASSERT_TRUE(a && b);
  ASSERT_EQ(a->size(), b->size());
  std::vector<std::string> ids;
  for (size_t i = 0; i < a->size(); ++i) {
    EXPECT_EQ((*a)[i].rule_id, (*b)[i].rule_id);
    ids.push_back((*a)[i].rule_id);
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"ip2004.213.basic", "ip2004.213.basic.two_marks",
                                           "ip2004.213.aggravated",
                                           "ip2004.213.aggravated.two_marks"}));
}

TEST(Evaluate, RegimeIsChosenByActDate) {
  CaseFacts f;
  f.conduct = Conduct::kSellInfringingCopies;
  f.amounts.illegal_gains = core::Fen::FromYuan(50000);
  f.act_date = D("2025-04-25");
  auto before = Evaluate(DefaultRuleSet(), f);
  f.act_date = D("2025-04-26");
  auto after = Evaluate(DefaultRuleSet(), f);
  ASSERT_TRUE(before && after);
  ASSERT_NE(Find(*before, "ip2004.218.basic"), nullptr);
  EXPECT_FALSE(Find(*before, "ip2004.218.basic")->met);  // 10万 then
  ASSERT_NE(Find(*after, "ip2025.218.basic"), nullptr);
  EXPECT_TRUE(Find(*after, "ip2025.218.basic")->met);  // 5万 now
  EXPECT_EQ(Find(*after, "ip2004.218.basic"), nullptr);
}

TEST(Evaluate, UnconfirmedRowsAreFlagged) {
  CaseFacts f = Trademark("2025-05-01");
  f.amounts.illegal_business = core::Fen::FromYuan(60000);
  auto fs = Evaluate(DefaultRuleSet(), f);
  ASSERT_TRUE(fs.has_value());
  const Finding* basic = Find(*fs, "ip2025.213.basic");
  ASSERT_NE(basic, nullptr);
  EXPECT_TRUE(basic->met);
  EXPECT_TRUE(basic->unconfirmed());
  EXPECT_FALSE(basic->note.empty());
}

TEST(Evaluate, SuspicionPathOnlyBelowThreshold) {
  CaseFacts f = Trademark("2024-01-01");
  f.amounts.illegal_business = core::Fen::FromYuan(10000);
  auto fs = Evaluate(DefaultRuleSet(), f);
  ASSERT_TRUE(fs.has_value());
  const Finding* s = Find(*fs, "decree310.3.2.suspicion");
  ASSERT_NE(s, nullptr);
  EXPECT_FALSE(s->met);
  EXPECT_EQ(s->level, Level::kSuspicion);
  EXPECT_EQ(s->article, "213");

  f.flags.insert(Fact::kReasonableSuspicion);
  fs = Evaluate(DefaultRuleSet(), f);
  s = Find(*fs, "decree310.3.2.suspicion");
  ASSERT_NE(s, nullptr);
  EXPECT_TRUE(s->met);

  f.amounts.illegal_business = core::Fen::FromYuan(50000);
  fs = Evaluate(DefaultRuleSet(), f);
  EXPECT_EQ(Find(*fs, "decree310.3.2.suspicion"), nullptr);

  // Not for non-IP conducts. (Procedural: an old act transferred today still takes this path.)
  f.conduct = Conduct::kSubstandardProducts;
  f.amounts = {};
  fs = Evaluate(DefaultRuleSet(), f);
  EXPECT_EQ(Find(*fs, "decree310.3.2.suspicion"), nullptr);
  f = Trademark("2019-08-06");
  fs = Evaluate(DefaultRuleSet(), f);
  EXPECT_NE(Find(*fs, "decree310.3.2.suspicion"), nullptr);
}

// Issue 13 point 4: Decree 310 art. 3 para. 2 is keyed on the transfer date, from 2020-08-07,
// whatever the act date; IP conducts only.
TEST(Evaluate, Issue13SuspicionPathIsKeyedOnTheTransferDate) {
  CaseFacts f = Trademark("2020-09-01");
  f.transfer_date = D("2020-08-06");
  auto fs = Evaluate(DefaultRuleSet(), f);
  ASSERT_TRUE(fs.has_value());
  EXPECT_EQ(Find(*fs, "decree310.3.2.suspicion"), nullptr);
  f.transfer_date = D("2020-08-07");
  fs = Evaluate(DefaultRuleSet(), f);
  EXPECT_NE(Find(*fs, "decree310.3.2.suspicion"), nullptr);
  f.act_date = D("2010-01-01");  // an old act transferred after the paragraph took effect
  fs = Evaluate(DefaultRuleSet(), f);
  EXPECT_NE(Find(*fs, "decree310.3.2.suspicion"), nullptr);
  f.transfer_date.reset();  // no transfer date: a rule keyed on it does not apply
  fs = Evaluate(DefaultRuleSet(), f);
  EXPECT_EQ(Find(*fs, "decree310.3.2.suspicion"), nullptr);

  EXPECT_NE(SuspicionTransferRule(DefaultRuleSet(), Conduct::kTradeSecret, D("2020-08-07")), nullptr);
  EXPECT_EQ(SuspicionTransferRule(DefaultRuleSet(), Conduct::kTradeSecret, D("2020-08-06")), nullptr);
  EXPECT_EQ(SuspicionTransferRule(DefaultRuleSet(), Conduct::kFakeDrugs, D("2024-01-01")), nullptr);
}

TEST(Evaluate, RepeatOffenderWindows) {
  CaseFacts f = Trademark("2024-03-01");
  f.prior_penalties.push_back({D("2019-03-01"), Conduct::kSellCounterfeitGoods});
  auto fs = Evaluate(DefaultRuleSet(), f);
  ASSERT_TRUE(fs.has_value());
  const Finding* tm = Find(*fs, "tmlaw.60.repeat_5y");
  ASSERT_NE(tm, nullptr);  // exactly 5 years: still within
  EXPECT_TRUE(tm->met);
  EXPECT_EQ(tm->basis, "5年内曾因销售假冒注册商标的商品受处罚（2019-03-01）；五年内实施两次以上商标侵权行为：行政罚款从重处罚（商标法 第六十条）");

  f.act_date = D("2024-03-02");
  fs = Evaluate(DefaultRuleSet(), f);
  EXPECT_EQ(Find(*fs, "tmlaw.60.repeat_5y"), nullptr);

  // A penalty after the act does not count.
  f.prior_penalties = {{D("2024-03-05"), Conduct::kCounterfeitTrademark}};
  fs = Evaluate(DefaultRuleSet(), f);
  EXPECT_EQ(Find(*fs, "tmlaw.60.repeat_5y"), nullptr);
}

// Issue 13 point 12: "同类行为" is a conduct family — 213–215 together, 217/218 together.
TEST(Evaluate, Issue13TwoYearRepeatCountsConductFamilies) {
  CaseFacts f = Trademark("2026-01-10");
  f.prior_penalties = {{D("2025-01-10"), Conduct::kPatentPassingOff}};
  auto fs = Evaluate(DefaultRuleSet(), f);
  ASSERT_TRUE(fs.has_value());
  EXPECT_EQ(Find(*fs, "ip2025.repeat.two_years.trademark"), nullptr);
  f.prior_penalties = {{D("2025-01-10"), Conduct::kIllegalMarks}};  // 215 counts for a 213 case
  fs = Evaluate(DefaultRuleSet(), f);
  ASSERT_NE(Find(*fs, "ip2025.repeat.two_years.trademark"), nullptr);
  f.prior_penalties = {{D("2024-01-09"), Conduct::kCounterfeitTrademark}};  // 2 years and a day
  fs = Evaluate(DefaultRuleSet(), f);
  EXPECT_EQ(Find(*fs, "ip2025.repeat.two_years.trademark"), nullptr);
  f.conduct = Conduct::kCopyrightInfringement;
  f.prior_penalties = {{D("2024-01-10"), Conduct::kSellInfringingCopies}};  // exactly 2 years
  fs = Evaluate(DefaultRuleSet(), f);
  ASSERT_NE(Find(*fs, "ip2025.repeat.two_years.copyright"), nullptr);
  f.prior_penalties = {{D("2025-01-10"), Conduct::kCounterfeitTrademark}};
  fs = Evaluate(DefaultRuleSet(), f);
  EXPECT_EQ(Find(*fs, "ip2025.repeat.two_years.copyright"), nullptr);
}

TEST(Evaluate, NegativeAmountsAreRejected) {
  CaseFacts f = Trademark("2020-01-01");
  f.amounts.sales = core::Fen(-1);
  f.counts.marks = -5;
  auto fs = Evaluate(DefaultRuleSet(), f);
  ASSERT_FALSE(fs.has_value());
  EXPECT_EQ(fs.error().code(), core::StatusCode::kInvalidArgument);
  ASSERT_EQ(fs.error().field_errors().size(), 2u);
  EXPECT_EQ(fs.error().field_errors()[0].field, "amounts_fen.sales");
  EXPECT_EQ(fs.error().field_errors()[1].field, "counts.marks");
  f.amounts.sales = core::Fen(kMaxFactValue + 1);
  f.counts.marks = std::nullopt;
  EXPECT_FALSE(Evaluate(DefaultRuleSet(), f).has_value());
}

TEST(Evaluate, BeforeAnyRegimeOnlyTheProceduralPathRemains) {
  CaseFacts f = Trademark("2000-01-01");  // transferred 2024-06-01
  f.amounts.illegal_business = core::Fen::FromYuan(1'000'000);
  auto fs = Evaluate(DefaultRuleSet(), f);
  ASSERT_TRUE(fs.has_value());
  ASSERT_EQ(fs->size(), 1u);
  EXPECT_EQ((*fs)[0].rule_id, "decree310.3.2.suspicion");
  EXPECT_FALSE((*fs)[0].met);
}

// Issue 13 point 6: conduct spanning a regime change is judged when it ended; a later, more
// lenient interpretation applies (从旧兼从轻) only where it defines the level compared.
TEST(Judge, Issue13EndOfConductAndTheMoreLenientLaterRules) {
  const char* kPacks =
      "pack = t\n"
      "[rule old.basic]\nconduct = sell_counterfeit_goods\nlevel = basic\nwhen = sales >= 50元\n"
      "effective_from = 2010-01-01\neffective_to = 2019-12-31\nsource = s\nconfidence = C\n"
      "[rule old.aggravated]\nconduct = sell_counterfeit_goods\nlevel = aggravated\n"
      "when = sales >= 100元\neffective_from = 2010-01-01\neffective_to = 2019-12-31\n"
      "source = s\nconfidence = C\n"
      "[rule new.basic]\nconduct = sell_counterfeit_goods\nlevel = basic\nwhen = sales >= 50元\n"
      "effective_from = 2020-01-01\nsource = s\nconfidence = C\n"
      "[rule new.aggravated]\nconduct = sell_counterfeit_goods\nlevel = aggravated\n"
      "when = sales >= 200元\neffective_from = 2020-01-01\nsource = s\nconfidence = C\n"
      "[rule only_old.basic]\nconduct = trade_secret\nlevel = basic\nwhen = loss >= 50元\n"
      "effective_from = 2010-01-01\neffective_to = 2019-12-31\nsource = s\nconfidence = C\n";
  auto set = RuleSet::Load({{"t.rules", kPacks}});
  ASSERT_TRUE(set.has_value()) << set.error().ToString();
  CaseFacts f;
  f.conduct = Conduct::kSellCounterfeitGoods;
  f.act_date = D("2020-01-31");  // conduct 2019-11-01 … 2020-01-31: judged by the new rules
  f.amounts.sales = core::Fen::FromYuan(150);
  auto j = Judge(*set, f, D("2019-11-01"), D("2021-01-01"));
  ASSERT_TRUE(j.has_value());
  EXPECT_EQ(j->regime.date.ToString(), "2020-01-31");
  EXPECT_FALSE(j->regime.later_more_lenient);
  EXPECT_NE(j->regime.basis.find("按行为终了日 2020-01-31"), std::string::npos) << j->regime.basis;
  ASSERT_EQ(j->findings.size(), 2u);
  EXPECT_EQ(j->findings[0].rule_id, "new.basic");

  f.act_date = D("2019-12-31");  // ended under the old rules: aggravated there, basic now
  j = Judge(*set, f, D("2019-11-01"), D("2021-01-01"));
  ASSERT_TRUE(j.has_value());
  EXPECT_TRUE(j->regime.later_more_lenient);
  EXPECT_EQ(j->regime.date.ToString(), "2021-01-01");
  EXPECT_NE(j->regime.basis.find("从旧兼从轻"), std::string::npos);
  EXPECT_EQ(j->findings[0].rule_id, "new.basic");
  EXPECT_TRUE(j->findings[0].met);
  EXPECT_FALSE(j->findings[1].met);  // new.aggravated

  // Later rules that do not define the level compared are no evidence of leniency.
  CaseFacts secret;
  secret.conduct = Conduct::kTradeSecret;
  secret.act_date = D("2019-06-01");
  secret.amounts.loss = core::Fen::FromYuan(60);
  j = Judge(*set, secret, D("2019-06-01"), D("2021-01-01"));
  ASSERT_TRUE(j.has_value());
  EXPECT_FALSE(j->regime.later_more_lenient);
  EXPECT_EQ(j->findings.at(0).rule_id, "only_old.basic");
  EXPECT_NE(j->regime.basis.find("按行为日 2019-06-01"), std::string::npos);
}

TEST(AddYears, HandlesLeapDays) {
  EXPECT_EQ(AddYears(D("2024-02-29"), 1).ToString(), "2025-02-28");
  EXPECT_EQ(AddYears(D("2024-02-29"), 4).ToString(), "2028-02-29");
  EXPECT_EQ(AddYears(D("2023-05-31"), 2).ToString(), "2025-05-31");
}

// ---- Statutory clocks ---------------------------------------------------------------------

core::Timestamp T(const char* s) { return *core::ParseTimestamp(s); }

TEST(DueFor, ThreeCalendarDaysBeforeNationalDay) {
  // Report received 2020-09-30 10:00 Beijing time; "3日" counts 10-01, 10-02, 10-03 — holidays
  // included, no extension (an administrative step, Decree 310): due at 24:00 on 10-03.
  auto due = DueFor(DefaultRuleSet(), "head_decision", T("2020-09-30T10:00:00+08:00"),
                    core::Calendar());
  ASSERT_TRUE(due.has_value()) << due.error().ToString();
  ASSERT_TRUE(due->has_value());
  EXPECT_EQ((*due)->ToString(), "2020-10-03T16:00:00Z");
}

TEST(DueFor, HoursRunFromTheInstant) {
  auto due = DueFor(DefaultRuleSet(), "transfer_to_police", T("2020-09-30T22:15:00+08:00"),
                    core::Calendar());
  ASSERT_TRUE(due.has_value());
  EXPECT_EQ((*due)->ToString(), "2020-10-01T14:15:00Z");  // 22:15 Beijing on 10-01
}

TEST(DueFor, ProcuratorateClocks) {
  // Issue 13 point 3: a criminal-procedure period (刑事诉讼法 第一百零五条) whose last day falls in a
  // holiday ends on the first working day after it. 15 日 from 01-31 end on 02-15, inside the
  // 2024 Spring Festival (02-10 … 02-17); 02-18 (a Sunday) is a make-up working day.
  auto due = DueFor(DefaultRuleSet(), "police_file_after_notice", T("2024-01-31T09:00:00+08:00"),
                    core::Calendar());
  ASSERT_TRUE(due.has_value());
  EXPECT_EQ((*due)->ToString(), "2024-02-18T16:00:00Z");
  // 7 日 from 09-30 end on 10-07, inside National Day 2020: the next working day is 10-09.
  due = DueFor(DefaultRuleSet(), "police_explain_non_filing", T("2020-09-30T10:00:00+08:00"),
               core::Calendar());
  EXPECT_EQ((*due)->ToString(), "2020-10-09T16:00:00Z");
  // A period ending on a plain Saturday runs to Monday: 7 日 from 2024-03-02 end on Sat 03-09.
  due = DueFor(DefaultRuleSet(), "police_explain_non_filing", T("2024-03-02T10:00:00+08:00"),
               core::Calendar());
  EXPECT_EQ((*due)->ToString(), "2024-03-11T16:00:00Z");
  // The administrative step of Decree 310 art. 9 ending in the same holiday is not extended.
  due = DueFor(DefaultRuleSet(), "agency_review_request", T("2020-10-04T10:00:00+08:00"),
               core::Calendar());
  EXPECT_EQ((*due)->ToString(), "2020-10-07T16:00:00Z");
  // Every calendar-day step says which it is: criminal-procedure packs yes, Decree 310 no.
  for (const Step* st : DefaultRuleSet().steps()) {
    if (st->unit != StepUnit::kCalendarDays) continue;
    bool criminal = st->pack == "deadlines/procuratorate.rules" || st->pack == "deadlines/police.rules";
    EXPECT_EQ(st->extend_over_rest_days, criminal) << st->key;
  }
  due = DueFor(DefaultRuleSet(), "police_explain_non_filing", T("2024-01-31T09:00:00+08:00"),
               core::Calendar());
  ASSERT_TRUE(due.has_value());
  EXPECT_EQ((*due)->ToString(), "2024-02-07T16:00:00Z");
}

TEST(DueFor, WorkingDaysAndExtensionWhenAStepSaysSo) {
  Step st;
  st.amount = 3;
  st.unit = StepUnit::kWorkingDays;
  auto due = DueFor(st, T("2020-09-30T10:00:00+08:00"), core::Calendar());
  ASSERT_TRUE(due.has_value());
  EXPECT_EQ((*due)->ToString(), "2020-10-12T16:00:00Z");  // 10-09, 10-10 (调休), 10-12
  st.unit = StepUnit::kCalendarDays;
  st.extend_over_rest_days = true;
  due = DueFor(st, T("2020-09-30T10:00:00+08:00"), core::Calendar());
  ASSERT_TRUE(due.has_value());
  EXPECT_EQ((*due)->ToString(), "2020-10-09T16:00:00Z");  // 10-03 is a holiday → 10-09
}

TEST(DueFor, ImmediateStepsHaveNoDueInstant) {
  auto due = DueFor(DefaultRuleSet(), "verify_and_report", T("2020-09-30T10:00:00+08:00"),
                    core::Calendar());
  ASSERT_TRUE(due.has_value());
  EXPECT_FALSE(due->has_value());
}

TEST(DueFor, UnknownStepAndUncoveredYears) {
  auto due = DueFor(DefaultRuleSet(), "nope", T("2020-09-30T10:00:00+08:00"), core::Calendar());
  ASSERT_FALSE(due.has_value());
  EXPECT_EQ(due.error().code(), core::StatusCode::kNotFound);
  // Calendar days need no holiday data; working days outside the covered years are refused.
  due = DueFor(DefaultRuleSet(), "head_decision", T("1990-01-01T10:00:00+08:00"), core::Calendar());
  ASSERT_TRUE(due.has_value());
  Step st;
  st.amount = 3;
  st.unit = StepUnit::kWorkingDays;
  due = DueFor(st, T("1990-01-01T10:00:00+08:00"), core::Calendar());
  ASSERT_FALSE(due.has_value());
  EXPECT_EQ(due.error().code(), core::StatusCode::kFailedPrecondition);
}

TEST(DescribePeriod, UsesTheLawsUnits) {
  EXPECT_EQ(DescribePeriod(*DefaultRuleSet().FindStep("transfer_to_police")), "24小时");
  EXPECT_EQ(DescribePeriod(*DefaultRuleSet().FindStep("head_decision")), "3日");
  EXPECT_EQ(DescribePeriod(*DefaultRuleSet().FindStep("reverse_transfer")), "立即/及时");
}

}  // namespace
}  // namespace ipe::rules
