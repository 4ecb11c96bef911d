#include "rules/pack.h"

#include <gtest/gtest.h>

#include <string>

namespace ipe::rules {
namespace {

constexpr const char* kMinimalRule =
    "pack = t\n"
    "[rule r1]\n"
    "conduct = counterfeit_trademark\n"
    "level = basic\n"
    "when = illegal_business >= 50000元 | illegal_gains >= 30000.5元\n"
    "require = rights_involved >= 2 & prior_penalty within 2 years\n"
    "effective_from = 2004-12-22\n"
    "effective_to = 2025-04-25\n"
    "source = 法释〔2004〕19号 第一条\n"
    "confidence = C\n";

ParseError ErrorOf(const std::string& text) {
  auto r = ParseRulePack("t.rules", text);
  EXPECT_FALSE(r.has_value()) << "parsed: " << text;
  return r.has_value() ? ParseError{} : r.error();
}

// Replaces the first occurrence of `from` in the minimal rule.
std::string Minimal(const std::string& from, const std::string& to) {
  std::string s = kMinimalRule;
  size_t at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return s.replace(at, from.size(), to);
}

TEST(RulePack, ParsesAMinimalRule) {
  auto r = ParseRulePack("t.rules", kMinimalRule);
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  ASSERT_EQ(r->rules.size(), 1u);
  const Rule& rule = r->rules[0];
  EXPECT_EQ(rule.id, "r1");
  EXPECT_EQ(rule.line, 2);
  ASSERT_EQ(rule.when.size(), 2u);
  EXPECT_EQ(rule.when[0].amount, 5'000'000);  // fen
  EXPECT_EQ(rule.when[1].amount, 3'000'050);
  EXPECT_EQ(rule.when[0].cmp, Comparator::kGe);
  ASSERT_EQ(rule.require.size(), 2u);
  EXPECT_EQ(rule.require[0].amount, 2);  // a count, not fen
  EXPECT_EQ(rule.require[1].kind, Condition::Kind::kPriorPenalty);
  EXPECT_EQ(rule.require[1].within_years, 2);
  EXPECT_EQ(rule.effective_to->ToString(), "2025-04-25");
  EXPECT_TRUE(rule.InForceOn(*core::ParseDate("2025-04-25")));
  EXPECT_FALSE(rule.InForceOn(*core::ParseDate("2025-04-26")));
}

TEST(RulePack, ParsesWeightedSums) {
  auto r = ParseRulePack("t.rules", Minimal("illegal_business >= 50000元 | illegal_gains >= 30000.5元",
                                            "3*sales + unsold_value >= 150_000元"));
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  const Condition& c = r->rules[0].when[0];
  ASSERT_EQ(c.addends.size(), 2u);
  EXPECT_EQ(c.addends[0].weight, 3);
  EXPECT_EQ(c.addends[0].metric, Metric::kSales);
  EXPECT_EQ(c.addends[1].weight, 1);
  EXPECT_EQ(c.amount, 15'000'000);
}

TEST(RulePack, ErrorsCarryLineColumnAndReason) {
  // Unknown metric: line 5, column of the token (after "when = ").
  ParseError e = ErrorOf(Minimal("illegal_gains >= 30000.5元", "ilegal_gains >= 30000元"));
  EXPECT_EQ(e.reason, ParseErrorReason::kUnknownMetric);
  EXPECT_EQ(e.line, 5);
  EXPECT_EQ(e.column, 37);  // "when = illegal_business >= 50000元 | " is 36 code points
  EXPECT_EQ(e.file, "t.rules");

  e = ErrorOf(Minimal("conduct = counterfeit_trademark", "conduct = counterfeit_trademark, forgery"));
  EXPECT_EQ(e.reason, ParseErrorReason::kUnknownConduct);
  EXPECT_EQ(e.line, 3);
  EXPECT_EQ(e.column, 34);

  e = ErrorOf(Minimal("effective_to = 2025-04-25", "effective_to = 2025-02-30"));
  EXPECT_EQ(e.reason, ParseErrorReason::kBadDate);
  EXPECT_EQ(e.line, 8);
  EXPECT_EQ(e.column, 16);

  e = ErrorOf(Minimal("effective_to = 2025-04-25", "effective_to = 2003-01-01"));
  EXPECT_EQ(e.reason, ParseErrorReason::kBadRange);

  e = ErrorOf(Minimal("level = basic", "levle = basic"));
  EXPECT_EQ(e.reason, ParseErrorReason::kUnknownKey);
  EXPECT_EQ(e.line, 4);
  EXPECT_EQ(e.column, 1);

  e = ErrorOf(Minimal("level = basic", "level = severe"));
  EXPECT_EQ(e.reason, ParseErrorReason::kBadValue);

  e = ErrorOf(Minimal("confidence = C\n", "confidence = X\n"));
  EXPECT_EQ(e.reason, ParseErrorReason::kBadValue);
  EXPECT_EQ(e.line, 10);

  e = ErrorOf(Minimal("source = 法释〔2004〕19号 第一条\n", ""));
  EXPECT_EQ(e.reason, ParseErrorReason::kMissingKey);
  EXPECT_EQ(e.line, 2);

  e = ErrorOf(Minimal("level = basic", "level = basic\nlevel = attempt"));
  EXPECT_EQ(e.reason, ParseErrorReason::kDuplicateKey);
  EXPECT_EQ(e.line, 5);

  e = ErrorOf(std::string(kMinimalRule) + "[rule r1]\n");
  EXPECT_EQ(e.reason, ParseErrorReason::kDuplicateId);
  EXPECT_EQ(e.line, 11);
  EXPECT_EQ(e.column, 7);

  e = ErrorOf(Minimal("[rule r1]", "[threshold r1]"));
  EXPECT_EQ(e.reason, ParseErrorReason::kUnknownSection);
  EXPECT_EQ(e.column, 2);

  e = ErrorOf(Minimal("[rule r1]", "[rule r1"));
  EXPECT_EQ(e.reason, ParseErrorReason::kSyntax);

  e = ErrorOf(Minimal("level = basic", "level basic"));
  EXPECT_EQ(e.reason, ParseErrorReason::kSyntax);
  EXPECT_EQ(e.line, 4);

  e = ErrorOf("[rule r1]\n");
  EXPECT_EQ(e.reason, ParseErrorReason::kMissingKey);
}

TEST(RulePack, MoneyAndCountsCannotBeMixedUp) {
  // Money without 元 (a bare number would be read as fen or yuan: refuse both).
  ParseError e = ErrorOf(Minimal("illegal_business >= 50000元", "illegal_business >= 50000"));
  EXPECT_EQ(e.reason, ParseErrorReason::kUnitMismatch);
  EXPECT_EQ(e.column, 28);
  e = ErrorOf(Minimal("rights_involved >= 2", "rights_involved >= 2元"));
  EXPECT_EQ(e.reason, ParseErrorReason::kUnitMismatch);
  e = ErrorOf(Minimal("illegal_business >= 50000元", "illegal_business + marks >= 50000元"));
  EXPECT_EQ(e.reason, ParseErrorReason::kUnitMismatch);
  e = ErrorOf(Minimal("rights_involved >= 2", "rights_involved >= 2.5"));
  EXPECT_EQ(e.reason, ParseErrorReason::kBadNumber);
  e = ErrorOf(Minimal("illegal_business >= 50000元", "illegal_business >= 500.001元"));
  EXPECT_EQ(e.reason, ParseErrorReason::kBadNumber);
  e = ErrorOf(Minimal("illegal_business >= 50000元", "illegal_business >= 99999999999999999999元"));
  EXPECT_EQ(e.reason, ParseErrorReason::kBadNumber);
  e = ErrorOf(Minimal("illegal_business >= 50000元", "0*sales >= 1元"));
  EXPECT_EQ(e.reason, ParseErrorReason::kBadNumber);
  e = ErrorOf(Minimal("illegal_business >= 50000元", "illegal_business = 50000元"));
  EXPECT_EQ(e.reason, ParseErrorReason::kSyntax);
  e = ErrorOf(Minimal("illegal_business >= 50000元", "fact harm"));
  EXPECT_EQ(e.reason, ParseErrorReason::kUnknownFact);
  e = ErrorOf(Minimal("prior_penalty within 2 years", "prior_penalty within 2 months"));
  EXPECT_EQ(e.reason, ParseErrorReason::kSyntax);
  e = ErrorOf(Minimal("prior_penalty within 2 years", "prior_penalty within"));
  EXPECT_EQ(e.reason, ParseErrorReason::kBadNumber);
}

TEST(RulePack, UnconfirmedRulesMustSayWhy) {
  ParseError e = ErrorOf(Minimal("confidence = C", "confidence = M"));
  EXPECT_EQ(e.reason, ParseErrorReason::kMissingKey);
  auto ok = ParseRulePack("t.rules", Minimal("confidence = C", "confidence = M\nnote = 凭记忆"));
  EXPECT_TRUE(ok.has_value());
}

TEST(RulePack, ParsesSteps) {
  auto r = ParseRulePack("d.rules",
                         "pack = d\n"
                         "[step a]\ntitle = 审批\nactor = agency_head\nperiod = 3 days\n"
                         "trigger = report_received\nextend_over_rest_days = no\nsource = 第五条\n"
                         "confidence = C\n"
                         "[step b]\ntitle = 移送\nactor = agency\nperiod = 24 hours\n"
                         "trigger = approved\nsource = 第五条\nconfidence = C\n"
                         "[step c]\ntitle = 立即\nactor = agency\nperiod = immediate\n"
                         "trigger = found\nsource = 第五条\nconfidence = C\n"
                         "[step d]\ntitle = w\nactor = police\nperiod = 5 working_days\n"
                         "trigger = t\nextend_over_rest_days = yes\nsource = s\nconfidence = S\n");
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  ASSERT_EQ(r->steps.size(), 4u);
  EXPECT_EQ(r->steps[0].unit, StepUnit::kCalendarDays);
  EXPECT_EQ(r->steps[0].amount, 3);
  EXPECT_EQ(r->steps[1].unit, StepUnit::kHours);
  EXPECT_EQ(r->steps[2].unit, StepUnit::kImmediate);
  EXPECT_EQ(r->steps[3].unit, StepUnit::kWorkingDays);
  EXPECT_TRUE(r->steps[3].extend_over_rest_days);

  // Issue 13: a period in days must say whether it runs on past holidays.
  ParseError missing = ErrorOf("pack = d\n[step a]\ntitle = t\nactor = agency\nperiod = 3 days\n"
                               "trigger = x\nsource = s\nconfidence = C\n");
  EXPECT_EQ(missing.reason, ParseErrorReason::kMissingKey);
  EXPECT_EQ(missing.line, 2);

  ParseError e = ErrorOf("pack = d\n[step a]\ntitle = t\nactor = agency\nperiod = 3 weeks\n"
                         "trigger = x\nsource = s\nconfidence = C\n");
  EXPECT_EQ(e.reason, ParseErrorReason::kBadValue);
  EXPECT_EQ(e.line, 5);
  EXPECT_EQ(e.column, 12);
  e = ErrorOf("pack = d\n[step a]\ntitle = t\nactor = court\nperiod = 3 days\n"
              "trigger = x\nextend_over_rest_days = no\nsource = s\nconfidence = C\n");
  EXPECT_EQ(e.reason, ParseErrorReason::kBadValue);
}

TEST(RulePack, ParsesMonthAndYearPeriods) {
  auto r = ParseRulePack("m.rules",
                         "pack = m\n"
                         "[step a]\ntitle = 公示\nactor = agency\nperiod = 3 months\n"
                         "trigger = published\nextend_over_rest_days = no\nsource = 第十三条\n"
                         "confidence = C\n"
                         "[step b]\ntitle = 修复\nactor = party\nperiod = 1 years\n"
                         "trigger = published\nextend_over_rest_days = no\nsource = s\n"
                         "confidence = S\n");
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  EXPECT_EQ(r->steps[0].unit, StepUnit::kMonths);
  EXPECT_EQ(r->steps[0].amount, 3);
  EXPECT_EQ(r->steps[1].unit, StepUnit::kYears);
  EXPECT_EQ(r->steps[1].actor, "party");
  // Months and years, like days, must say whether they run on past rest days.
  ParseError missing = ErrorOf("pack = d\n[step a]\ntitle = t\nactor = agency\n"
                               "period = 3 months\ntrigger = x\nsource = s\nconfidence = C\n");
  EXPECT_EQ(missing.reason, ParseErrorReason::kMissingKey);
  ParseError too_long = ErrorOf("pack = d\n[step a]\ntitle = t\nactor = agency\n"
                                "period = 101 years\ntrigger = x\nextend_over_rest_days = no\n"
                                "source = s\nconfidence = C\n");
  EXPECT_EQ(too_long.reason, ParseErrorReason::kBadNumber);
}

TEST(RulePack, AmountsAreLookedUpByProvinceThenNationwide) {
  const char* text =
      "pack = a\n"
      "[amount nat]\nkey = low.person\ntitle = 全国\nvalue = 1000元\n"
      "effective_from = 2020-01-01\nsource = s\nconfidence = M\nnote = 示例\n"
      "[amount fj]\nkey = low.person\ntitle = 福建\nprovince = 35\nvalue = 5000.50元\n"
      "effective_from = 2024-07-12\neffective_to = 2029-07-11\nsource = s\nconfidence = S\n";
  auto set = RuleSet::Load({{"a.rules", text}});
  ASSERT_TRUE(set.has_value()) << set.error().ToString();
  core::Date in = *core::ParseDate("2025-01-01");
  ASSERT_NE(set->FindAmount("low.person", "350100", in), nullptr);
  EXPECT_EQ(set->FindAmount("low.person", "350100", in)->value, 500050);
  EXPECT_EQ(set->FindAmount("low.person", "310100", in)->id, "nat");
  // Before Fujian's row, and after it ends, the nationwide one.
  EXPECT_EQ(set->FindAmount("low.person", "350100", *core::ParseDate("2024-07-11"))->id, "nat");
  EXPECT_EQ(set->FindAmount("low.person", "350100", *core::ParseDate("2029-07-12"))->id, "nat");
  EXPECT_EQ(set->FindAmount("low.org", "350100", in), nullptr);

  // Errors: a bare number, a bad province, an M row without a note, two rows for one province
  // in force on the same day.
  EXPECT_EQ(ErrorOf("pack = a\n[amount x]\nkey = k\ntitle = t\nvalue = 5000\n"
                    "effective_from = 2020-01-01\nsource = s\nconfidence = C\n")
                .reason,
            ParseErrorReason::kUnitMismatch);
  EXPECT_EQ(ErrorOf("pack = a\n[amount x]\nkey = k\ntitle = t\nprovince = 350000\n"
                    "value = 5元\neffective_from = 2020-01-01\nsource = s\nconfidence = C\n")
                .reason,
            ParseErrorReason::kBadValue);
  EXPECT_EQ(ErrorOf("pack = a\n[amount x]\nkey = k\ntitle = t\nvalue = 5元\n"
                    "effective_from = 2020-01-01\nsource = s\nconfidence = M\n")
                .reason,
            ParseErrorReason::kMissingKey);
  auto overlap = RuleSet::Load(
      {{"o.rules",
        "pack = o\n"
        "[amount a]\nkey = k\ntitle = t\nprovince = 35\nvalue = 5元\n"
        "effective_from = 2020-01-01\nsource = s\nconfidence = C\n"
        "[amount b]\nkey = k\ntitle = t\nprovince = 35\nvalue = 6元\n"
        "effective_from = 2024-01-01\nsource = s\nconfidence = C\n"}});
  ASSERT_FALSE(overlap.has_value());
  EXPECT_EQ(overlap.error().reason, ParseErrorReason::kBadRange);
}

TEST(RulePack, SurvivesHostileInput) {
  for (const char* text : {"", "\n\n", "pack", "pack =", "[", "[]", "[rule]", "[rule a b]",
                           "pack = x\n[rule a]\nwhen = sales >=", "pack = x\n[rule a]\nwhen = 3*",
                           "pack = x\n[rule a]\nwhen = fact", "pack = x\n[rule a]\nwhen = |",
                           "pack = x\n[rule a]\nwhen = sales >= 1元 |",
                           "pack = x\n[rule a]\nwhen = prior_penalty within 5",
                           "pack = x\n\x01\xff"}) {
    auto r = ParseRulePack("h.rules", text);
    EXPECT_FALSE(r.has_value()) << text;
  }
  std::string with_nul = std::string("pack = x\n[rule a") + '\0' + "]\n";
  EXPECT_FALSE(ParseRulePack("h.rules", with_nul).has_value());
}

TEST(RuleSet, EmbeddedPacksLoad) {
  auto set = RuleSet::Load(EmbeddedPacks());
  ASSERT_TRUE(set.has_value()) << set.error().ToString();
  EXPECT_EQ(set->packs().size(), 11u);  // thresholds, deadlines, credit, complaints
  EXPECT_NE(set->FindStep("complaint_accept_decision"), nullptr);
  EXPECT_GT(set->rules().size(), 60u);
  EXPECT_NE(set->FindStep("head_decision"), nullptr);
  EXPECT_EQ(set->FindStep("no_such_step"), nullptr);
  // Every M row says why it is unconfirmed (the UI shows the note next to the flag).
  for (const Rule* r : set->rules()) {
    if (r->confidence == Confidence::kUnconfirmed) EXPECT_FALSE(r->note.empty()) << r->id;
    EXPECT_FALSE(r->source.empty()) << r->id;
  }
  EXPECT_EQ(&DefaultRuleSet(), &DefaultRuleSet());
}

// Issue 13 point 13: every [S] rule and step carries its secondary page's URL; every rule of the
// 2025 pack cites an article of 法释〔2025〕5号.
TEST(RuleSet, Issue13SecondarySourcesCarryTheirUrlAndThe2025PackCitesArticles) {
  const RuleSet& set = DefaultRuleSet();
  auto has_url = [](const std::string& s) { return s.find("http") != std::string::npos; };
  for (const Rule* r : set.rules()) {
    if (r->confidence == Confidence::kSecondary) {
      EXPECT_TRUE(has_url(r->source)) << r->id;
    }
    if (r->pack == "thresholds/ip_2025.rules") {
      EXPECT_NE(r->source.find("法释〔2025〕5号 第"), std::string::npos) << r->id;
      EXPECT_NE(r->source.find("条"), std::string::npos) << r->id;
    }
  }
  for (const Step* st : set.steps()) {
    if (st->confidence == Confidence::kSecondary) {
      EXPECT_TRUE(has_url(st->source)) << st->key;
    }
  }
}

TEST(RuleSet, DuplicateIdsAcrossPacksAreRejected) {
  auto set = RuleSet::Load({{"a.rules", kMinimalRule}, {"b.rules", kMinimalRule}});
  ASSERT_FALSE(set.has_value());
  EXPECT_EQ(set.error().reason, ParseErrorReason::kDuplicateId);
  EXPECT_EQ(set.error().file, "b.rules");
  EXPECT_EQ(set.error().line, 2);
}

TEST(RuleSet, OverridesReplaceByNameAndAdd) {
  auto sources = WithOverrides({{"thresholds/ip_2025.rules", "pack = empty\n"},
                                {"local/extra.rules", kMinimalRule}});
  auto set = RuleSet::Load(sources);
  ASSERT_TRUE(set.has_value()) << set.error().ToString();
  EXPECT_EQ(set->packs().size(), EmbeddedPacks().size() + 1);  // one replaced, one added
  for (const Rule* r : set->rules()) EXPECT_EQ(r->id.rfind("ip2025.", 0), std::string::npos);
}

}  // namespace
}  // namespace ipe::rules
