// Issue 15, penalty disclosure end to end at the use-case level, on SQLite and PostgreSQL, with a
// fake clock: a case closed with a penalty for a natural person → a draft with the ID masked and
// the phone, address and the other person's name taken out of the facts → reviewed → published →
// found on the public side without login → the display period ends → gone. Withdrawal,
// withholding, minors, warnings, who may do what, and the audit records.
#include <gtest/gtest.h>

#include "app/accounts/accounts.h"
#include "app/cases/cases.h"
#include "app/context.h"
#include "app/credit/credit.h"
#include "app/demo.h"
#include "fresh_db.h"
#include "storage/db.h"
#include "storage/migrate.h"

namespace ipe::app {
namespace {

// A subject filter (grade, region, q).
SubjectFilter Filter(std::optional<std::string> grade, std::optional<std::string> region,
                     std::optional<std::string> q) {
  SubjectFilter f;
  f.grade = std::move(grade);
  f.region = std::move(region);
  f.q = std::move(q);
  return f;
}

// Whether `st` names `field` among its field errors.
bool NamesField(const core::Status& st, const std::string& field) {
  for (const auto& e : st.field_errors()) {
    if (e.field == field) return true;
  }
  return false;
}

class DisclosureFlowTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::string url = ipe::testing::FreshDatabaseUrl(GetParam(), "d");
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

  // A case against a natural person, with a second person (an accomplice) and personal data
  // written into the goods description the way officers do.
  Case PersonCase(const std::string& number, const std::string& id_number) {
    CaseInput in;
    in.case_number = number;
    in.title = "张三销售假冒注册商标的运动鞋案";
    in.category = "trademark";
    in.conduct = "sell_counterfeit_goods";
    in.source = "inspection";
    in.act_date_from = *core::ParseDate("2025-06-01");
    in.act_date_to = *core::ParseDate("2025-07-01");
    in.goods = "假冒运动鞋120双，联系电话138-0013-8000，仓库在上海市浦东新区张江路88弄3号601室，"
               "由李四负责发货，货款汇入6222021001115559996";
    in.amounts.sales = core::Fen::FromYuan(20000);
    CaseParty party{"person", "张三", std::nullopt, id_number, std::string("13800138000"),
                    std::string("上海市浦东新区张江路88弄3号601室"), "party"};
    CaseParty accomplice{"person", "李四", std::nullopt, std::nullopt, std::nullopt, std::nullopt,
                         "accomplice"};
    in.parties = {party, accomplice};
    auto c = CreateCase(*ctx_, As("sh_officer"), in);
    EXPECT_TRUE(c.has_value()) << c.error().ToString();
    return *c;
  }

  Case Close(int64_t case_id, const std::string& decision_no, std::vector<std::string> kinds,
             std::optional<int64_t> fine_yuan) {
    CaseClosing closing;
    closing.penalty_decision_no = decision_no;
    closing.penalty_date = core::LocalDate(clock_.Now());
    if (fine_yuan) closing.fine = core::Fen::FromYuan(*fine_yuan);
    closing.penalty_kinds = std::move(kinds);
    auto closed = CloseCase(*ctx_, As("sh_officer"), case_id, closing);
    EXPECT_TRUE(closed.has_value()) << closed.error().ToString();
    return *closed;
  }

  std::vector<Disclosure> OfCase(const Principal& who, int64_t case_id) {
    auto page = ListDisclosures(*ctx_, who, {}, {1, 200});
    EXPECT_TRUE(page.has_value()) << page.error().ToString();
    std::vector<Disclosure> out;
    for (const Disclosure& d : page->items) {
      if (d.case_id == case_id) out.push_back(d);
    }
    return out;
  }

  int64_t AuditCount(const std::string& action, int64_t id) {
    auto tx = db_->Begin(storage::TxMode::kRead);
    auto rows = (*tx)->Query(
        "SELECT count(*) FROM audit_log WHERE action = ? AND entity_id = ? AND scope_region = ?",
        {action, std::to_string(id), "310000"});
    return (*rows)[0].Int(0);
  }

  int64_t AuditCountOf(const std::string& action, int64_t id) {
    auto tx = db_->Begin(storage::TxMode::kRead);
    auto rows = (*tx)->Query("SELECT count(*) FROM audit_log WHERE action = ? AND entity_id = ?",
                             {action, std::to_string(id)});
    return (*rows)[0].Int(0);
  }

  // Monday 2025-09-01, 10:00 Beijing time.
  core::FakeClock clock_{*core::ParseTimestamp("2025-09-01T10:00:00+08:00")};
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<Context> ctx_;
};

TEST_P(DisclosureFlowTest, DraftReviewPublishFindAndExpire) {
  Principal officer = As("sh_officer");
  Case c = PersonCase("沪公示1", "11010519491231002X");
  Case closed = Close(c.id, "沪市监处罚〔2025〕101号", {"fine", "confiscate_gains"}, 80000);
  bool event = false;
  for (const CaseEvent& e : closed.events) event |= e.kind == "disclosure";
  EXPECT_TRUE(event) << "the case timeline says a draft was made";

  // One draft, for the punished party only (not the accomplice).
  std::vector<Disclosure> drafts = OfCase(officer, c.id);
  ASSERT_EQ(drafts.size(), 1u);
  Disclosure d = drafts[0];
  EXPECT_EQ(d.status, "draft");
  EXPECT_EQ(d.party_name, "张三");
  EXPECT_EQ(d.id_masked.value_or(""), "110105********002X");
  EXPECT_EQ(d.id_number.value_or(""), "11010519491231002X");  // the deciding agency sees it
  EXPECT_EQ(d.penalty_content, "罚款80000.00元；没收违法所得");
  EXPECT_EQ(d.violation_type, "销售假冒注册商标的商品");
  // Publish within 20 working days of 2025-09-01: 09-02…09-26 are the first 19, and Sunday
  // 2025-09-28 is worked (a make-up day of the National Day holiday), so it is the 20th.
  EXPECT_EQ(d.publish_step, "disclosure_publish");
  ASSERT_TRUE(d.publish_due.has_value());
  EXPECT_EQ(d.publish_due->ToString(), "2025-09-28T16:00:00Z");
  // The public facts: no phone, no house address, no bank card, the accomplice as 李某.
  for (const char* leak : {"138-0013-8000", "88弄", "601室", "6222021001115559996", "李四"}) {
    EXPECT_EQ(d.facts_public.find(leak), std::string::npos) << leak << " in " << d.facts_public;
  }
  EXPECT_NE(d.facts_public.find("李某"), std::string::npos);
  EXPECT_NE(d.facts.find("李四"), std::string::npos);  // the officer's own text is kept

  // Not on the portal before it is published.
  auto before = SearchPublicDisclosures(*ctx_, std::string("张三"), {1, 20});
  ASSERT_TRUE(before.has_value()) << before.error().ToString();
  EXPECT_EQ(before->total, 0);

  // Publishing needs the legal basis.
  auto no_basis = PublishDisclosure(*ctx_, officer, d.id, d.version);
  ASSERT_FALSE(no_basis.has_value());
  EXPECT_TRUE(NamesField(no_basis.error(), "legal_basis"));

  // Another agency's officer cannot see it; a supervisor sees it without the ID number or the
  // raw facts and cannot publish it.
  EXPECT_EQ(GetDisclosure(*ctx_, As("sz_officer"), d.id).error().code(), core::StatusCode::kNotFound);
  auto seen = GetDisclosure(*ctx_, As("sh_prosecutor"), d.id);
  ASSERT_TRUE(seen.has_value());
  EXPECT_FALSE(seen->id_number.has_value());
  EXPECT_EQ(seen->facts, seen->facts_public);
  EXPECT_EQ(PublishDisclosure(*ctx_, As("sh_prosecutor"), d.id, d.version).error().code(),
            core::StatusCode::kPermissionDenied);

  // The officer edits the facts (a new phone number written in is redacted again) and publishes.
  auto edited = UpdateDisclosureDraft(
      *ctx_, officer, d.id,
      {"销售假冒注册商标的商品", "当事人张三销售假冒运动鞋，李四（电话13912345678）协助发货。",
       "《中华人民共和国商标法》第六十条第二款"},
      d.version);
  ASSERT_TRUE(edited.has_value()) << edited.error().ToString();
  EXPECT_EQ(edited->facts_public.find("13912345678"), std::string::npos);
  EXPECT_EQ(edited->facts_public.find("李四"), std::string::npos);
  // A stale version is refused.
  EXPECT_EQ(PublishDisclosure(*ctx_, officer, d.id, d.version).error().code(),
            core::StatusCode::kFailedPrecondition);
  clock_.Advance(2 * 86400);
  auto published = PublishDisclosure(*ctx_, officer, d.id, edited->version);
  ASSERT_TRUE(published.has_value()) << published.error().ToString();
  EXPECT_EQ(published->status, "published");
  EXPECT_EQ(published->display_step.value_or(""), "disclosure_display");  // not a low fine: 3 years
  EXPECT_EQ(published->display_until->ToString(), "2028-09-03");
  EXPECT_EQ(AuditCount("disclosure.publish", d.id), 1);
  EXPECT_EQ(AuditCount("disclosure.update", d.id), 1);
  // Published twice is a conflict, not a second record.
  EXPECT_EQ(PublishDisclosure(*ctx_, officer, d.id, published->version).error().code(),
            core::StatusCode::kFailedPrecondition);

  // On the portal, without login: by the name, by the decision number; nothing internal.
  for (const std::string q : {"张三", "沪市监处罚〔2025〕101号", "101号"}) {
    auto found = SearchPublicDisclosures(*ctx_, q, {1, 20});
    ASSERT_TRUE(found.has_value()) << found.error().ToString();
    ASSERT_EQ(found->total, 1) << q;
    const PublicDisclosure& p = found->items[0];
    EXPECT_EQ(p.id_masked.value_or(""), "110105********002X");
    EXPECT_EQ(p.facts, edited->facts_public);
    EXPECT_EQ(p.agency_name, "上海市市场监督管理局");
  }
  // The ID number is no search key.
  EXPECT_EQ(SearchPublicDisclosures(*ctx_, std::string("11010519491231002X"), {1, 20})->total, 0);
  EXPECT_TRUE(GetPublicDisclosure(*ctx_, d.id).has_value());

  // The last display day still shows it; the day after, it is gone.
  clock_.Set(*core::ParseTimestamp("2028-09-03T23:00:00+08:00"));
  EXPECT_TRUE(GetPublicDisclosure(*ctx_, d.id).has_value());
  clock_.Set(*core::ParseTimestamp("2028-09-04T00:00:01+08:00"));
  EXPECT_EQ(GetPublicDisclosure(*ctx_, d.id).error().code(), core::StatusCode::kNotFound);
  EXPECT_EQ(SearchPublicDisclosures(*ctx_, std::string("张三"), {1, 20})->total, 0);
  auto ended = GetDisclosure(*ctx_, officer, d.id);
  EXPECT_TRUE(ended->display_ended);
}

TEST_P(DisclosureFlowTest, WithdrawalTakesARecordOffWithinThreeWorkingDays) {
  Principal officer = As("sh_officer");
  Case c = PersonCase("沪公示2", "11010519491231002X");
  Close(c.id, "沪市监处罚〔2025〕102号", {"fine"}, 6000);
  Disclosure d = OfCase(officer, c.id).at(0);
  auto edited = UpdateDisclosureDraft(*ctx_, officer, d.id,
                                      {d.violation_type, d.facts, "商标法第六十条"}, d.version);
  auto published = PublishDisclosure(*ctx_, officer, d.id, edited->version);
  ASSERT_TRUE(published.has_value()) << published.error().ToString();
  // Shanghai has no 较低数额罚款 figure: 6000元 is shown for 3 years.
  EXPECT_EQ(published->display_step.value_or(""), "disclosure_display");

  // A reason is required; a change date in the future is refused.
  auto no_reason = WithdrawDisclosure(*ctx_, officer, d.id, "revoked", "", *core::ParseDate("2025-09-01"),
                                      published->version);
  EXPECT_TRUE(NamesField(no_reason.error(), "reason"));
  auto future = WithdrawDisclosure(*ctx_, officer, d.id, "revoked", "复议撤销",
                                   *core::ParseDate("2025-09-02"), published->version);
  EXPECT_TRUE(NamesField(future.error(), "changed_on"));
  auto withdrawn = WithdrawDisclosure(*ctx_, officer, d.id, "revoked", "行政复议决定撤销原处罚决定",
                                      *core::ParseDate("2025-09-01"), published->version);
  ASSERT_TRUE(withdrawn.has_value()) << withdrawn.error().ToString();
  EXPECT_EQ(withdrawn->status, "withdrawn");
  // 3 working days from Monday 2025-09-01: Thursday 09-04, 24:00 Beijing time.
  EXPECT_EQ(withdrawn->withdraw_due->ToString(), "2025-09-04T16:00:00Z");
  EXPECT_EQ(GetPublicDisclosure(*ctx_, d.id).error().code(), core::StatusCode::kNotFound);
  EXPECT_EQ(AuditCount("disclosure.withdraw", d.id), 1);
  // A withdrawn record cannot be withdrawn again.
  EXPECT_EQ(WithdrawDisclosure(*ctx_, officer, d.id, "revoked", "再次", *core::ParseDate("2025-09-01"),
                               withdrawn->version)
                .error()
                .code(),
            core::StatusCode::kFailedPrecondition);
}

TEST_P(DisclosureFlowTest, WarningsAreNotPublishedAndMinorsAreWithheld) {
  Principal officer = As("sh_officer");
  // A warning alone: no draft, and the timeline says why.
  Case warned = PersonCase("沪公示3", "11010519491231002X");
  Case closed = Close(warned.id, "沪市监处罚〔2025〕103号", {"warning"}, std::nullopt);
  EXPECT_TRUE(OfCase(officer, warned.id).empty());
  bool said = false;
  for (const CaseEvent& e : closed.events) said |= e.summary.find("不予公示") != std::string::npos;
  EXPECT_TRUE(said);

  // A party of 17 on the decision day (born 2008-03-15): created withheld, never on the portal.
  Case minor = PersonCase("沪公示4", "110105200803150010");
  Close(minor.id, "沪市监处罚〔2025〕104号", {"fine"}, 2000);
  std::vector<Disclosure> records = OfCase(officer, minor.id);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].status, "withheld");
  EXPECT_NE(records[0].withheld_reason.find("未成年人"), std::string::npos);
  EXPECT_EQ(PublishDisclosure(*ctx_, officer, records[0].id, records[0].version).error().code(),
            core::StatusCode::kFailedPrecondition);

  // Withholding for a secret needs a known reason; "other" needs a note.
  Case secret = PersonCase("沪公示5", "11010519491231002X");
  Close(secret.id, "沪市监处罚〔2025〕105号", {"fine"}, 9000);
  Disclosure s = OfCase(officer, secret.id).at(0);
  EXPECT_TRUE(NamesField(WithholdDisclosure(*ctx_, officer, s.id, "because", "", s.version)
                .error(), "reason"));
  EXPECT_TRUE(NamesField(WithholdDisclosure(*ctx_, officer, s.id, "other", " ", s.version)
                .error(), "note"));
  auto held = WithholdDisclosure(*ctx_, officer, s.id, "commercial_secret", "涉及权利人配方", s.version);
  ASSERT_TRUE(held.has_value()) << held.error().ToString();
  EXPECT_EQ(held->withheld_reason, "涉及商业秘密：涉及权利人配方");
  EXPECT_EQ(AuditCount("disclosure.withhold", s.id), 1);

  // Unknown penalty kinds are refused at the close, naming the field; nothing is closed.
  Case bad = PersonCase("沪公示6", "11010519491231002X");
  CaseClosing closing;
  closing.penalty_decision_no = "沪市监处罚〔2025〕106号";
  closing.penalty_kinds = {"fine", "flogging"};
  auto refused = CloseCase(*ctx_, officer, bad.id, closing);
  ASSERT_FALSE(refused.has_value());
  EXPECT_TRUE(NamesField(refused.error(), "penalty_kinds[1]"));
  EXPECT_EQ(GetCase(*ctx_, officer, bad.id)->status, "open");
  EXPECT_TRUE(OfCase(officer, bad.id).empty());
}

TEST_P(DisclosureFlowTest, OverdueDraftsAreListedForTheAgencyAndItsSupervisors) {
  Principal officer = As("sh_officer");
  Case c = PersonCase("沪公示7", "11010519491231002X");
  Close(c.id, "沪市监处罚〔2025〕107号", {"fine"}, 9000);
  DisclosureFilter overdue;
  overdue.overdue = true;
  auto none = ListDisclosures(*ctx_, officer, overdue, {1, 50});
  ASSERT_TRUE(none.has_value());
  for (const Disclosure& d : none->items) EXPECT_NE(d.case_id, c.id);
  clock_.Set(*core::ParseTimestamp("2025-09-29T09:00:00+08:00"));  // past 09-28 24:00
  for (const char* login : {"sh_officer", "sh_prosecutor"}) {
    auto late = ListDisclosures(*ctx_, As(login), overdue, {1, 50});
    ASSERT_TRUE(late.has_value());
    bool found = false;
    for (const Disclosure& d : late->items) found |= d.case_id == c.id && d.overdue;
    EXPECT_TRUE(found) << login;
  }
  // Guangdong's supervisor sees nothing of Shanghai's.
  auto gd = ListDisclosures(*ctx_, As("gd_prosecutor"), overdue, {1, 50});
  for (const Disclosure& d : gd->items) EXPECT_NE(d.case_id, c.id);
}

TEST_P(DisclosureFlowTest, ADeadlineInAYearTheCalendarLacksIsLeftOpenNotGuessed) {
  // Closed on 2026-12-20: the 20th working day falls in 2027, which the built-in calendar does
  // not cover. The case still closes; the draft says why it has no deadline.
  clock_.Set(*core::ParseTimestamp("2026-12-20T10:00:00+08:00"));
  Case c = PersonCase("沪公示8", "11010519491231002X");
  Close(c.id, "沪市监处罚〔2026〕108号", {"fine"}, 9000);
  Disclosure d = OfCase(As("sh_officer"), c.id).at(0);
  EXPECT_FALSE(d.publish_due.has_value());
  EXPECT_NE(d.clock_note.find("2027"), std::string::npos) << d.clock_note;
  EXPECT_FALSE(d.overdue);
}

TEST_P(DisclosureFlowTest, RepairIsRefusedBeforeSixMonthsAndApprovedAfter) {
  Principal officer = As("sh_officer");
  Case c = PersonCase("沪公示9", "11010519491231002X");
  Close(c.id, "沪市监处罚〔2025〕109号", {"fine", "confiscate_gains"}, 80000);
  Disclosure d = OfCase(officer, c.id).at(0);
  auto edited = UpdateDisclosureDraft(*ctx_, officer, d.id, {d.violation_type, d.facts, "商标法第六十条"},
                                      d.version);
  auto published = PublishDisclosure(*ctx_, officer, d.id, edited->version);  // 2025-09-01
  ASSERT_TRUE(published.has_value()) << published.error().ToString();

  RepairApplication a{d.id, "张三", "13800138000", "已缴清罚款并整改，承诺守法经营。", true};
  // Five months on: too early, and the answer says from when.
  clock_.Set(*core::ParseTimestamp("2026-02-01T10:00:00+08:00"));
  auto early = ApplyForRepair(*ctx_, a);
  ASSERT_FALSE(early.has_value());
  EXPECT_EQ(early.error().code(), core::StatusCode::kFailedPrecondition);
  EXPECT_NE(early.error().message().find("2026-03-02"), std::string::npos) << early.error().message();
  // Not fulfilled: refused whatever the date.
  clock_.Set(*core::ParseTimestamp("2026-03-02T10:00:00+08:00"));
  RepairApplication unpaid = a;
  unpaid.claims_fulfilled = false;
  EXPECT_EQ(ApplyForRepair(*ctx_, unpaid).error().code(), core::StatusCode::kFailedPrecondition);
  // Six months and a day after publication: received.
  auto receipt = ApplyForRepair(*ctx_, a);
  ASSERT_TRUE(receipt.has_value()) << receipt.error().ToString();
  EXPECT_EQ(receipt->receipt_no.substr(0, 10), "XF20260302");
  EXPECT_EQ(ApplyForRepair(*ctx_, a).error().code(), core::StatusCode::kFailedPrecondition);  // one open
  auto status = GetRepairStatus(*ctx_, receipt->receipt_no, receipt->query_code);
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(status->status, "submitted");
  EXPECT_EQ(GetRepairStatus(*ctx_, receipt->receipt_no, "wrong").error().code(), core::StatusCode::kNotFound);

  auto queue = ListRepairs(*ctx_, officer, std::string("submitted"), {1, 20});
  ASSERT_TRUE(queue.has_value());
  ASSERT_EQ(queue->items.size(), 1u);
  CreditRepair r = queue->items[0];
  EXPECT_EQ(r.contact_phone.value_or(""), "13800138000");
  // A supervisor sees it without the phone; another agency's officer cannot decide it.
  auto seen = ListRepairs(*ctx_, As("sh_prosecutor"), std::nullopt, {1, 20});
  EXPECT_FALSE(seen->items.at(0).contact_phone.has_value());
  EXPECT_EQ(DecideRepair(*ctx_, As("sz_officer"), r.id, true, true, "", r.version).error().code(),
            core::StatusCode::kNotFound);
  // Refusing needs a reason; approving needs the fulfilment confirmed.
  auto no_reason = DecideRepair(*ctx_, officer, r.id, false, false, "", r.version);
  EXPECT_TRUE(NamesField(no_reason.error(), "reason"));
  EXPECT_EQ(DecideRepair(*ctx_, officer, r.id, true, false, "", r.version).error().code(),
            core::StatusCode::kFailedPrecondition);
  auto approved = DecideRepair(*ctx_, officer, r.id, true, true, "材料齐全，准予修复", r.version);
  ASSERT_TRUE(approved.has_value()) << approved.error().ToString();
  EXPECT_EQ(approved->status, "approved");
  EXPECT_EQ(GetDisclosure(*ctx_, officer, d.id)->status, "repaired");
  EXPECT_EQ(GetPublicDisclosure(*ctx_, d.id).error().code(), core::StatusCode::kNotFound);
  EXPECT_EQ(GetRepairStatus(*ctx_, receipt->receipt_no, receipt->query_code)->status, "approved");
  EXPECT_EQ(AuditCount("repair.approve", r.id), 1);
  EXPECT_EQ(DecideRepair(*ctx_, officer, r.id, false, false, "再次", approved->version).error().code(),
            core::StatusCode::kFailedPrecondition);
}

TEST_P(DisclosureFlowTest, ARevokedLicenceOrAShortDisplayIsNeverRepaired) {
  Principal officer = As("sh_officer");
  Case c = PersonCase("沪公示10", "11010519491231002X");
  Close(c.id, "沪市监处罚〔2025〕110号", {"fine", "revoke_license"}, 80000);
  Disclosure d = OfCase(officer, c.id).at(0);
  auto edited = UpdateDisclosureDraft(*ctx_, officer, d.id, {d.violation_type, d.facts, "商标法第六十条"},
                                      d.version);
  ASSERT_TRUE(PublishDisclosure(*ctx_, officer, d.id, edited->version).has_value());
  clock_.Set(*core::ParseTimestamp("2026-06-01T10:00:00+08:00"));
  auto refused = ApplyForRepair(*ctx_, {d.id, "张三", "13800138000", "已整改", true});
  ASSERT_FALSE(refused.has_value());
  EXPECT_NE(refused.error().message().find("吊销营业执照"), std::string::npos);
  // A record not on the portal (a draft) is not found by the public form.
  Case other = PersonCase("沪公示11", "11010519491231002X");
  Close(other.id, "沪市监处罚〔2026〕111号", {"fine"}, 1000);
  Disclosure draft = OfCase(officer, other.id).at(0);
  EXPECT_EQ(ApplyForRepair(*ctx_, {draft.id, "张三", "13800138000", "已整改", true}).error().code(),
            core::StatusCode::kNotFound);
}

TEST_P(DisclosureFlowTest, ListingNeedsAHeavierPenaltyAndIsRemovedEarlyOnlyAfterAYear) {
  Principal officer = As("sh_officer");
  Case c = PersonCase("沪公示12", "11010519491231002X");
  Close(c.id, "沪市监处罚〔2025〕112号", {"fine"}, 80000);
  Disclosure d = OfCase(officer, c.id).at(0);
  auto edited = UpdateDisclosureDraft(*ctx_, officer, d.id, {d.violation_type, d.facts, "商标法第六十条"},
                                      d.version);
  ASSERT_TRUE(PublishDisclosure(*ctx_, officer, d.id, edited->version).has_value());
  // A plain fine is no 较重行政处罚; confirmed 从重, it is.
  EXPECT_EQ(ListSeriousViolator(*ctx_, officer, d.id, "intentional_ip_infringement", "故意售假", false)
                .error()
                .code(),
            core::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(NamesField(ListSeriousViolator(*ctx_, officer, d.id, "nope", "故意售假", true).error(),
                         "category"));
  EXPECT_EQ(ListSeriousViolator(*ctx_, As("sz_officer"), d.id, "intentional_ip_infringement", "x", true)
                .error()
                .code(),
            core::StatusCode::kNotFound);
  auto listed =
      ListSeriousViolator(*ctx_, officer, d.id, "intentional_ip_infringement", "两年内三次销售假冒商品", true);
  ASSERT_TRUE(listed.has_value()) << listed.error().ToString();
  EXPECT_EQ(listed->listed_on.ToString(), "2025-09-01");
  EXPECT_EQ(listed->period_until.ToString(), "2028-09-01");
  EXPECT_EQ(listed->early_removal_from.ToString(), "2026-09-02");
  EXPECT_NE(listed->period_basis.find("未经核实"), std::string::npos);  // the 3 years are [M]
  // Twice is refused; the public list shows it masked.
  EXPECT_EQ(ListSeriousViolator(*ctx_, officer, d.id, "intentional_ip_infringement", "再次", true)
                .error()
                .code(),
            core::StatusCode::kFailedPrecondition);
  auto pub = PublicSeriousList(*ctx_, {1, 20});
  ASSERT_EQ(pub->total, 1);
  EXPECT_FALSE(pub->items[0].id_number.has_value());
  EXPECT_EQ(pub->items[0].id_masked.value_or(""), "110105********002X");
  // Listed: a repair of the record is refused for it (Order 45 art. 14).
  clock_.Set(*core::ParseTimestamp("2026-06-01T10:00:00+08:00"));
  auto repair = ApplyForRepair(*ctx_, {d.id, "张三", "13800138000", "已整改", true});
  ASSERT_FALSE(repair.has_value());
  EXPECT_NE(repair.error().message().find("严重违法失信名单"), std::string::npos);
  // Early removal: not before a year; then with the conditions confirmed.
  EXPECT_EQ(RemoveSeriousListing(*ctx_, officer, listed->id, "申请提前移出", true, listed->version)
                .error()
                .code(),
            core::StatusCode::kFailedPrecondition);
  clock_.Set(*core::ParseTimestamp("2026-09-02T10:00:00+08:00"));
  EXPECT_EQ(RemoveSeriousListing(*ctx_, officer, listed->id, "申请提前移出", false, listed->version)
                .error()
                .code(),
            core::StatusCode::kFailedPrecondition);
  auto removed = RemoveSeriousListing(*ctx_, officer, listed->id, "已履行并整改，申请提前移出", true,
                                      listed->version);
  ASSERT_TRUE(removed.has_value()) << removed.error().ToString();
  EXPECT_EQ(removed->status, "removed");
  EXPECT_EQ(PublicSeriousList(*ctx_, {1, 20})->total, 0);
  EXPECT_EQ(AuditCount("serious_list.add", listed->id), 1);
  EXPECT_EQ(AuditCount("serious_list.remove", listed->id), 1);
}

TEST_P(DisclosureFlowTest, AListingEndsByItselfAfterItsPeriod) {
  Principal officer = As("sh_officer");
  Case c = PersonCase("沪公示13", "11010519491231002X");
  Close(c.id, "沪市监处罚〔2025〕113号", {"fine", "revoke_license"}, 80000);
  Disclosure d = OfCase(officer, c.id).at(0);
  auto edited = UpdateDisclosureDraft(*ctx_, officer, d.id, {d.violation_type, d.facts, "商标法第六十条"},
                                      d.version);
  ASSERT_TRUE(PublishDisclosure(*ctx_, officer, d.id, edited->version).has_value());
  auto listed = ListSeriousViolator(*ctx_, officer, d.id, "counterfeit_quality", "以假充真", false);
  ASSERT_TRUE(listed.has_value()) << listed.error().ToString();  // 吊销营业执照 is heavier
  clock_.Set(*core::ParseTimestamp("2028-09-01T23:00:00+08:00"));
  EXPECT_EQ(PublicSeriousList(*ctx_, {1, 20})->total, 1);
  clock_.Set(*core::ParseTimestamp("2028-09-02T00:00:01+08:00"));
  EXPECT_EQ(PublicSeriousList(*ctx_, {1, 20})->total, 0);
}

TEST_P(DisclosureFlowTest, TheCreditRecordGradesAnEnterpriseAndShowsOnlyWhatTheReaderMaySee) {
  const std::string code = "91110000100006485K";
  Principal officer = As("sh_officer");
  // The demo's lead names 91350100M000100Y43: a lead is enough for B.
  auto with_lead = GetCreditRecord(*ctx_, officer, "91350100M000100Y43");
  ASSERT_TRUE(with_lead.has_value()) << with_lead.error().ToString();
  EXPECT_EQ(with_lead->leads, 1);
  EXPECT_EQ(with_lead->grade.key, "B");
  EXPECT_EQ(with_lead->grade.reasons, std::vector<std::string>{"近3年关联线索 1 条（≥1）"});
  // Nothing known: the lowest grade, with the reason it is reached.
  auto unknown = GetCreditRecord(*ctx_, officer, code);
  ASSERT_TRUE(unknown.has_value()) << unknown.error().ToString();
  EXPECT_EQ(unknown->grade.key, "A");
  EXPECT_TRUE(unknown->penalties.empty());
  EXPECT_EQ(unknown->window_from.ToString(), "2022-09-01");
  EXPECT_TRUE(NamesField(GetCreditRecord(*ctx_, officer, "91110000100006485X").error(), "credit_code"));
  EXPECT_EQ(GetCreditRecord(*ctx_, As("sh_police"), code).error().code(), core::StatusCode::kPermissionDenied);

  // A case names it: B. Shanghai sees the case; Guangdong only counts it.
  CaseInput in;
  in.case_number = "沪信用1";
  in.title = "某贸易公司销售假冒注册商标商品案";
  in.category = "trademark";
  in.conduct = "sell_counterfeit_goods";
  in.source = "inspection";
  in.act_date_from = *core::ParseDate("2025-06-01");
  in.amounts.sales = core::Fen::FromYuan(30000);
  in.parties = {CaseParty{"company", "福州某某贸易有限公司", code, std::nullopt, std::nullopt,
                          std::nullopt, "party"}};
  auto c = CreateCase(*ctx_, officer, in);
  ASSERT_TRUE(c.has_value()) << c.error().ToString();
  auto one = GetCreditRecord(*ctx_, officer, code);
  EXPECT_EQ(one->grade.key, "B");
  EXPECT_EQ(one->facts.cases, 1);
  ASSERT_EQ(one->cases.size(), 1u);
  EXPECT_EQ(one->cases[0].case_number, "沪信用1");
  auto gd = GetCreditRecord(*ctx_, As("gd_officer"), code);
  EXPECT_TRUE(gd->cases.empty());
  EXPECT_EQ(gd->cases_elsewhere, 1);
  EXPECT_EQ(gd->grade.key, "B");  // the grade counts what the reader may not open

  // Its draft disclosure is Shanghai's until published.
  Close(c->id, "沪市监处罚〔2025〕120号", {"fine", "revoke_license"}, 80000);
  Disclosure d = OfCase(officer, c->id).at(0);
  EXPECT_EQ(GetCreditRecord(*ctx_, officer, code)->penalties.size(), 1u);
  EXPECT_TRUE(GetCreditRecord(*ctx_, As("gd_officer"), code)->penalties.empty());
  auto edited = UpdateDisclosureDraft(*ctx_, officer, d.id, {d.violation_type, d.facts, "商标法第六十条"},
                                      d.version);
  ASSERT_TRUE(PublishDisclosure(*ctx_, officer, d.id, edited->version).has_value());
  auto published = GetCreditRecord(*ctx_, As("gd_officer"), code);
  ASSERT_EQ(published->penalties.size(), 1u);
  EXPECT_EQ(published->facts.penalties, 1);
  EXPECT_EQ(published->name, "福州某某贸易有限公司");

  // Listed: D, the listing named first among the reasons, and the flag for cases and leads.
  auto listed = ListSeriousViolator(*ctx_, officer, d.id, "counterfeit_quality", "以假充真", false);
  ASSERT_TRUE(listed.has_value()) << listed.error().ToString();
  auto high = GetCreditRecord(*ctx_, As("office"), code);
  EXPECT_TRUE(high->listed_now);
  EXPECT_EQ(high->grade.key, "D");
  ASSERT_FALSE(high->grade.reasons.empty());
  EXPECT_EQ(high->grade.reasons[0], "列入严重违法失信名单");
  EXPECT_EQ(high->listings.size(), 1u);
  auto flagged = ListedCreditCodes(*ctx_, {code, "91350100M000100Y43"});
  ASSERT_TRUE(flagged.has_value());
  EXPECT_EQ(*flagged, std::vector<std::string>{code});
  // The last day of the three years: still listed, the case still counted; the day after, neither.
  clock_.Set(*core::ParseTimestamp("2028-09-01T10:00:00+08:00"));
  auto last_day = GetCreditRecord(*ctx_, officer, code);
  EXPECT_TRUE(last_day->listed_now);
  EXPECT_EQ(last_day->facts.cases, 1);
  clock_.Set(*core::ParseTimestamp("2028-09-02T10:00:00+08:00"));
  auto after = GetCreditRecord(*ctx_, officer, code);
  EXPECT_FALSE(after->listed_now);
  EXPECT_EQ(after->facts.cases, 0);
  EXPECT_EQ(after->facts.penalties, 0);
  EXPECT_EQ(after->grade.key, "A");
  EXPECT_TRUE(ListedCreditCodes(*ctx_, {code})->empty());
}

// 分级分类监管: the grade is stored per enterprise and regraded by the writes that change it; the
// list shows the enterprises registered in the reader's region, by grade, region and name or code.
TEST_P(DisclosureFlowTest, EnterprisesAreListedByTheirStoredGradeInTheRegionOfRegistration) {
  const std::string pudong = "91310115MA1K4L7A2T";    // registered in 浦东新区
  const std::string shenzhen = "91440300MA5F001225";  // registered in 深圳
  Principal officer = As("sh_officer");
  auto codes_of = [&](const Principal& who, const SubjectFilter& f) {
    auto page = ListCreditSubjects(*ctx_, who, f, {1, 50});
    EXPECT_TRUE(page.has_value()) << page.error().ToString();
    std::vector<std::string> out;
    if (page) {
      for (const CreditSubject& s : page->items) out.push_back(s.credit_code + ":" + s.grade);
    }
    return out;
  };
  // Two cases closed with a penalty: their drafts grade both enterprises B (a case each).
  std::vector<Disclosure> drafts;
  for (const auto& [number, code, name] :
       {std::tuple{"沪分级1", pudong, "上海某某鞋业有限公司"},
        std::tuple{"沪分级2", shenzhen, "深圳某某电子有限公司"}}) {
    CaseInput in;
    in.case_number = number;
    in.title = "销售假冒注册商标商品案";
    in.category = "trademark";
    in.conduct = "sell_counterfeit_goods";
    in.source = "inspection";
    in.act_date_from = *core::ParseDate("2025-06-01");
    in.amounts.sales = core::Fen::FromYuan(30000);
    in.parties = {CaseParty{"company", name, code, std::nullopt, std::nullopt, std::nullopt, "party"}};
    auto c = CreateCase(*ctx_, officer, in);
    ASSERT_TRUE(c.has_value()) << c.error().ToString();
    Close(c->id, std::string("沪市监处罚〔2025〕") + number + "号", {"fine", "revoke_license"}, 80000);
    drafts.push_back(OfCase(officer, c->id).at(0));
  }
  EXPECT_EQ(codes_of(officer, Filter(std::nullopt, std::nullopt, pudong)), std::vector<std::string>{pudong + ":B"});
  EXPECT_TRUE(codes_of(officer, Filter(std::nullopt, std::nullopt, shenzhen)).empty());
  EXPECT_EQ(codes_of(As("pd_officer"), Filter(std::nullopt, std::nullopt, pudong)), std::vector<std::string>{pudong + ":B"});
  EXPECT_EQ(codes_of(As("gd_officer"), Filter(std::nullopt, std::nullopt, shenzhen)), std::vector<std::string>{shenzhen + ":B"});
  EXPECT_TRUE(codes_of(As("gd_officer"), Filter(std::nullopt, std::nullopt, pudong)).empty());
  EXPECT_EQ(codes_of(As("office"), Filter(std::nullopt, std::nullopt, pudong)), std::vector<std::string>{pudong + ":B"});
  // A region filter outside the reader's region finds nothing; inside it narrows.
  EXPECT_TRUE(codes_of(officer, Filter(std::nullopt, "440300", std::nullopt)).empty());
  EXPECT_EQ(codes_of(As("office"), Filter(std::nullopt, "440300", std::nullopt)), std::vector<std::string>{shenzhen + ":B"});

  // Published and listed (the same transactions regrade): D, with the counts behind it.
  Disclosure d = drafts[0];
  auto edited = UpdateDisclosureDraft(*ctx_, officer, d.id, {d.violation_type, d.facts, "商标法第六十条"},
                                      d.version);
  ASSERT_TRUE(PublishDisclosure(*ctx_, officer, d.id, edited->version).has_value());
  auto page = ListCreditSubjects(*ctx_, officer, Filter("B", std::nullopt, pudong), {1, 50});
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].facts.penalties, 1);
  EXPECT_EQ(page->items[0].facts.cases, 1);
  EXPECT_EQ(page->items[0].name, "上海某某鞋业有限公司");
  ASSERT_TRUE(ListSeriousViolator(*ctx_, officer, d.id, "counterfeit_quality", "以假充真", false).has_value());
  EXPECT_EQ(codes_of(officer, Filter("D", std::nullopt, std::nullopt)), std::vector<std::string>{pudong + ":D"});
  EXPECT_TRUE(codes_of(officer, Filter("B", std::nullopt, pudong)).empty());
  page = ListCreditSubjects(*ctx_, officer, Filter("D", std::nullopt, std::nullopt), {1, 50});
  EXPECT_TRUE(page->items[0].facts.listed);
  EXPECT_EQ(page->items[0].reasons.at(0), "列入严重违法失信名单");
  EXPECT_EQ(page->items[0].graded_on.ToString(), "2025-09-01");
  // By code, or by part of the name.
  EXPECT_EQ(codes_of(As("office"), Filter(std::nullopt, std::nullopt, shenzhen)), std::vector<std::string>{shenzhen + ":B"});
  EXPECT_EQ(codes_of(As("office"), Filter(std::nullopt, std::nullopt, "鞋业")), std::vector<std::string>{pudong + ":D"});
  // Bad filters name their field; the police read no credit records.
  EXPECT_TRUE(NamesField(ListCreditSubjects(*ctx_, officer, Filter("E", std::nullopt, std::nullopt), {1, 50}).error(), "grade"));
  EXPECT_TRUE(NamesField(ListCreditSubjects(*ctx_, officer, Filter(std::nullopt, "31", std::nullopt), {1, 50}).error(), "region"));
  EXPECT_EQ(ListCreditSubjects(*ctx_, As("sh_police"), {}, {1, 50}).error().code(),
            core::StatusCode::kPermissionDenied);

  // Three years on, the window has moved: the nightly regrade (admin or system only, audited)
  // brings both back to A.
  clock_.Set(*core::ParseTimestamp("2028-09-02T02:00:00+08:00"));
  EXPECT_EQ(codes_of(officer, Filter("D", std::nullopt, std::nullopt)).size(), 1u);  // stored until regraded
  EXPECT_EQ(RegradeAllSubjects(*ctx_, officer).error().code(), core::StatusCode::kPermissionDenied);
  auto regrades = [&] {
    auto tx = db_->Begin(storage::TxMode::kRead);
    return (*(*tx)->Query("SELECT count(*) FROM audit_log WHERE action = 'credit.regrade'"))[0].Int(0);
  };
  const int64_t before = regrades();
  auto n = RegradeAllSubjects(*ctx_, Principal::System());
  ASSERT_TRUE(n.has_value()) << n.error().ToString();
  EXPECT_GE(*n, 2);
  EXPECT_EQ(codes_of(As("office"), Filter("A", std::nullopt, pudong)), std::vector<std::string>{pudong + ":A"});
  EXPECT_EQ(codes_of(As("office"), Filter("A", std::nullopt, shenzhen)),
            std::vector<std::string>{shenzhen + ":A"});
  EXPECT_EQ(regrades(), before + 1);
}

// 个人信用档案: the agency that punished sees the person's record whole; another region's officer
// sees nothing until the penalty is published, then only what the portal shows. The lookup is
// audited without the number.
TEST_P(DisclosureFlowTest, APersonsRecordIsWholeInScopeAndPublicOrNothingOutside) {
  const std::string id = "310115198503121234";
  Principal officer = As("sh_officer");
  Principal gd = As("gd_officer");
  Case c = PersonCase("沪个人1", id);
  Close(c.id, "沪市监处罚〔2025〕130号", {"fine"}, 80000);
  auto own = GetPersonCreditRecord(*ctx_, officer, id);
  ASSERT_TRUE(own.has_value()) << own.error().ToString();
  EXPECT_EQ(own->id_masked, "310115********1234");
  ASSERT_EQ(own->penalties.size(), 1u);
  EXPECT_EQ(own->penalties[0].id_number.value_or(""), id);
  EXPECT_EQ(own->penalties[0].facts, OfCase(officer, c.id).at(0).facts);  // the officer's own text
  EXPECT_EQ(own->cases.size(), 1u);
  EXPECT_EQ(own->name, "张三");
  // Another region: no draft, no case, no name.
  auto outside = GetPersonCreditRecord(*ctx_, gd, id);
  ASSERT_TRUE(outside.has_value()) << outside.error().ToString();
  EXPECT_TRUE(outside->penalties.empty());
  EXPECT_TRUE(outside->cases.empty());
  EXPECT_TRUE(outside->name.empty());
  // Published: the portal's view of it, nothing more.
  Disclosure d = OfCase(officer, c.id).at(0);
  auto edited = UpdateDisclosureDraft(*ctx_, officer, d.id, {d.violation_type, d.facts, "商标法第六十条"},
                                      d.version);
  ASSERT_TRUE(PublishDisclosure(*ctx_, officer, d.id, edited->version).has_value());
  outside = GetPersonCreditRecord(*ctx_, gd, id);
  ASSERT_EQ(outside->penalties.size(), 1u);
  const Disclosure& seen = outside->penalties[0];
  EXPECT_FALSE(seen.id_number.has_value());
  EXPECT_EQ(seen.id_masked.value_or(""), "310115********1234");
  EXPECT_EQ(seen.facts, seen.facts_public);
  EXPECT_EQ(seen.facts.find("13800138000"), std::string::npos);
  EXPECT_EQ(seen.facts.find("6222021001115559996"), std::string::npos);
  EXPECT_TRUE(seen.other_persons.empty());
  EXPECT_TRUE(outside->cases.empty());
  // Bad numbers name the field; the police read no credit records.
  EXPECT_TRUE(NamesField(GetPersonCreditRecord(*ctx_, officer, "310115198503121235").error(), "id_number"));
  EXPECT_EQ(GetPersonCreditRecord(*ctx_, As("sh_police"), id).error().code(),
            core::StatusCode::kPermissionDenied);
  // Three lookups audited, under one key that is not the number.
  auto tx = db_->Begin(storage::TxMode::kRead);
  auto rows = (*tx)->Query(
      "SELECT count(*), count(DISTINCT entity_id), sum(CASE WHEN entity_id LIKE ? OR summary LIKE ? "
      "OR COALESCE(after_json, '') LIKE ? THEN 1 ELSE 0 END) FROM audit_log "
      "WHERE action = 'credit.person_lookup'",
      {"%" + id + "%", "%" + id + "%", "%" + id + "%"});
  EXPECT_EQ((*rows)[0].Int(0), 3);
  EXPECT_EQ((*rows)[0].Int(1), 1);
  EXPECT_EQ((*rows)[0].Int(2), 0);
}

// 知识产权失信认定: only an IP office records findings; they show on the enterprise's record, grade
// it C by the rules' `ip_findings >= 1`, and a revocation takes that back; both audited.
TEST_P(DisclosureFlowTest, TheIpOfficeRecordsFindingsThatShowOnTheRecordAndFeedTheGrade) {
  const std::string code = "91310115MA1K4L9DXW";
  Principal cnipa = As("cnipa_officer");
  IpFindingInput in;
  in.kind = "abnormal_patent";
  in.subject_name = "上海某某科技有限公司";
  in.credit_code = code;
  in.filing_numbers = {"CN202510001234.5", " ", "CN202510001235.X"};
  in.finding_date = *core::ParseDate("2025-08-20");
  in.basis = "国家知识产权局认定其提交的专利申请属于非正常专利申请。";
  // A market regulator's officer holds the capability but is no IP office.
  EXPECT_EQ(RecordIpFinding(*ctx_, As("sh_officer"), in).error().code(), core::StatusCode::kPermissionDenied);
  EXPECT_EQ(RecordIpFinding(*ctx_, As("office"), in).error().code(), core::StatusCode::kPermissionDenied);
  // Every bad field is named, nothing written.
  IpFindingInput bad;
  bad.kind = "plagiarism";
  bad.credit_code = "91310115MA1K4L9DXA";
  bad.finding_date = *core::ParseDate("2025-09-02");
  auto refused = RecordIpFinding(*ctx_, cnipa, bad);
  ASSERT_FALSE(refused.has_value());
  for (const char* field : {"kind", "subject_name", "credit_code", "filing_numbers", "finding_date", "basis"}) {
    EXPECT_TRUE(NamesField(refused.error(), field)) << field;
  }
  auto f = RecordIpFinding(*ctx_, cnipa, in);
  ASSERT_TRUE(f.has_value()) << f.error().ToString();
  EXPECT_EQ(f->filing_numbers, (std::vector<std::string>{"CN202510001234.5", "CN202510001235.X"}));
  EXPECT_EQ(f->agency_name, "国家知识产权局");
  EXPECT_EQ(AuditCountOf("ip_finding.record", f->id), 1);
  // On the record for any credit reader, and the grade: C with the finding as the reason.
  auto rec = GetCreditRecord(*ctx_, As("gd_officer"), code);
  ASSERT_TRUE(rec.has_value()) << rec.error().ToString();
  ASSERT_EQ(rec->ip_findings.size(), 1u);
  EXPECT_EQ(rec->ip_findings[0].kind, "abnormal_patent");
  EXPECT_EQ(rec->facts.ip_findings, 1);
  EXPECT_EQ(rec->grade.key, "C");
  EXPECT_EQ(rec->grade.reasons, std::vector<std::string>{"近3年被认定恶意商标注册或非正常专利申请 1 次（≥1）"});
  EXPECT_EQ(rec->name, "上海某某科技有限公司");
  auto listed = ListCreditSubjects(*ctx_, As("sh_officer"), Filter("C", std::nullopt, code), {1, 20});
  ASSERT_EQ(listed->items.size(), 1u);
  EXPECT_EQ(listed->items[0].facts.ip_findings, 1);
  EXPECT_EQ(ListIpFindings(*ctx_, cnipa, {1, 20})->total, 2);  // the demo's and this one
  EXPECT_EQ(ListIpFindings(*ctx_, As("sh_officer"), {1, 20})->total, 0);
  // Revoked: a reason, the right version, only by the IP office; the grade falls back to A.
  EXPECT_TRUE(NamesField(RevokeIpFinding(*ctx_, cnipa, f->id, " ", f->version).error(), "reason"));
  EXPECT_EQ(RevokeIpFinding(*ctx_, As("sh_officer"), f->id, "复审撤销", f->version).error().code(),
            core::StatusCode::kNotFound);
  EXPECT_EQ(RevokeIpFinding(*ctx_, cnipa, f->id, "复审撤销", f->version + 1).error().code(),
            core::StatusCode::kFailedPrecondition);
  auto revoked = RevokeIpFinding(*ctx_, cnipa, f->id, "经复审撤销原认定", f->version);
  ASSERT_TRUE(revoked.has_value()) << revoked.error().ToString();
  EXPECT_EQ(revoked->status, "revoked");
  EXPECT_EQ(AuditCountOf("ip_finding.revoke", f->id), 1);
  EXPECT_EQ(GetCreditRecord(*ctx_, As("office"), code)->grade.key, "A");
  EXPECT_EQ(ListCreditSubjects(*ctx_, As("office"), Filter("A", std::nullopt, code), {1, 20})->items.size(), 1u);
}

TEST_P(DisclosureFlowTest, TypicalCasesArePublishedMaskedAndWithdrawnByTheOffice) {
  Principal office = As("office");
  Case c = PersonCase("沪典型1", "11010519491231002X");
  TypicalCaseInput in;
  in.case_id = c.id;
  in.title = "销售假冒注册商标的运动鞋案";
  in.category = "trademark";
  in.body = "当事人张三（身份证号110105194912310021，电话138-0013-8000）在上海市浦东新区张江路88弄3号601室"
            "租用仓库，伙同李四、王五销售假冒运动鞋，货款汇入6222021001115559996。";
  in.lesson = "销售明知是假冒注册商标的商品，数额较大的，依法移送追究刑事责任。";
  in.hide_names = {"王五"};
  // Only the office writes them.
  EXPECT_EQ(CreateTypicalCase(*ctx_, As("sh_officer"), in).error().code(), core::StatusCode::kPermissionDenied);
  TypicalCaseInput bad = in;
  bad.title = "";
  bad.category = "nope";
  auto refused = CreateTypicalCase(*ctx_, office, bad);
  EXPECT_TRUE(NamesField(refused.error(), "title"));
  EXPECT_TRUE(NamesField(refused.error(), "category"));
  TypicalCaseInput elsewhere = in;
  elsewhere.case_id = 999999;
  EXPECT_TRUE(NamesField(CreateTypicalCase(*ctx_, office, elsewhere).error(), "case_id"));

  const int64_t demo = PublicTypicalCases(*ctx_, {1, 20})->total;  // the demo publishes one
  auto draft = CreateTypicalCase(*ctx_, office, in);
  ASSERT_TRUE(draft.has_value()) << draft.error().ToString();
  EXPECT_EQ(draft->status, "draft");
  // The case's natural persons and the office's extra name are 某; the numbers and the house are gone.
  for (const char* leak : {"张三", "李四", "王五", "110105194912310021", "138-0013-8000", "88弄",
                           "6222021001115559996"}) {
    EXPECT_EQ(draft->body_public.find(leak), std::string::npos) << leak << " in " << draft->body_public;
  }
  EXPECT_NE(draft->body_public.find("张某"), std::string::npos) << draft->body_public;
  EXPECT_NE(draft->body_public.find("王某"), std::string::npos) << draft->body_public;
  EXPECT_EQ(PublicTypicalCases(*ctx_, {1, 20})->total, demo);  // a draft is not on the portal
  EXPECT_EQ(GetPublicTypicalCase(*ctx_, draft->id).error().code(), core::StatusCode::kNotFound);

  auto published = PublishTypicalCase(*ctx_, office, draft->id, draft->version);
  ASSERT_TRUE(published.has_value()) << published.error().ToString();
  EXPECT_EQ(PublishTypicalCase(*ctx_, office, draft->id, draft->version).error().code(),
            core::StatusCode::kFailedPrecondition);  // stale version, and no longer a draft
  auto portal = PublicTypicalCases(*ctx_, {1, 20});
  ASSERT_EQ(portal->total, demo + 1);  // newest first
  EXPECT_TRUE(portal->items[0].body.empty());  // the text as written stays inside
  EXPECT_TRUE(portal->items[0].hidden_names.empty());
  EXPECT_EQ(portal->items[0].body_public, published->body_public);
  EXPECT_EQ(UpdateTypicalCase(*ctx_, office, draft->id, in, published->version).error().code(),
            core::StatusCode::kFailedPrecondition);

  EXPECT_TRUE(NamesField(WithdrawTypicalCase(*ctx_, office, draft->id, " ", published->version).error(), "reason"));
  auto withdrawn = WithdrawTypicalCase(*ctx_, office, draft->id, "当事人提起行政诉讼，判决前撤下", published->version);
  ASSERT_TRUE(withdrawn.has_value()) << withdrawn.error().ToString();
  EXPECT_EQ(PublicTypicalCases(*ctx_, {1, 20})->total, demo);
  EXPECT_EQ(AuditCountOf("typical_case.publish", draft->id), 1);
  EXPECT_EQ(AuditCountOf("typical_case.withdraw", draft->id), 1);
}

TEST_P(DisclosureFlowTest, TheExportFeedCarriesPublicationsAndWithdrawalsInChangeOrder) {
  Principal officer = As("sh_officer"), office = As("office");
  // Baseline: whatever the demo published.
  auto start = ExportDisclosureFeed(*ctx_, office, "", 1000);
  ASSERT_TRUE(start.has_value()) << start.error().ToString();
  size_t before = start->items.size();
  std::vector<int64_t> ids;
  for (int i = 0; i < 3; ++i) {
    Case c = PersonCase("沪公示F" + std::to_string(i), "11010519491231002X");
    Close(c.id, "沪市监处罚〔2025〕F" + std::to_string(i) + "号", {"fine"}, 9000);
    Disclosure d = OfCase(officer, c.id).at(0);
    auto e = UpdateDisclosureDraft(*ctx_, officer, d.id, {d.violation_type, d.facts, "商标法第六十条"}, d.version);
    clock_.Advance(60);
    auto p = PublishDisclosure(*ctx_, officer, d.id, e->version);
    ASSERT_TRUE(p.has_value()) << p.error().ToString();
    ids.push_back(d.id);
  }
  // An unpublished draft never leaves.
  Case draft = PersonCase("沪公示F9", "11010519491231002X");
  Close(draft.id, "沪市监处罚〔2025〕F9号", {"fine"}, 9000);
  // Paged two at a time from the start: every published record once, in change order.
  std::vector<int64_t> seen;
  std::string cursor;
  for (int guard = 0; guard < 50; ++guard) {
    auto page = ExportDisclosureFeed(*ctx_, office, cursor, 2);
    ASSERT_TRUE(page.has_value()) << page.error().ToString();
    for (const auto& c : page->items) {
      seen.push_back(c.record.id);
      EXPECT_FALSE(c.record.id_masked.value_or("").find("19491231") != std::string::npos);
    }
    if (page->next_cursor.empty()) break;
    cursor = page->next_cursor;
  }
  EXPECT_EQ(seen.size(), before + 3);
  EXPECT_EQ(std::vector<int64_t>(seen.end() - 3, seen.end()), ids);
  // A withdrawal is a change the platform receives.
  clock_.Advance(60);
  Disclosure first = *GetDisclosure(*ctx_, officer, ids[0]);
  ASSERT_TRUE(WithdrawDisclosure(*ctx_, officer, ids[0], "changed", "复议变更处罚", core::LocalDate(clock_.Now()),
                                 first.version)
                  .has_value());
  auto after = ExportDisclosureFeed(*ctx_, office, cursor, 100);
  ASSERT_TRUE(after.has_value());
  ASSERT_FALSE(after->items.empty());
  EXPECT_EQ(after->items.back().record.id, ids[0]);
  EXPECT_EQ(after->items.back().status, "withdrawn");
  EXPECT_EQ(after->items.back().withdraw_reason, "复议变更处罚");
  // Officers cannot export; a bad cursor is a field error.
  EXPECT_EQ(ExportDisclosureFeed(*ctx_, officer, "", 10).error().code(), core::StatusCode::kPermissionDenied);
  EXPECT_TRUE(NamesField(ExportDisclosureFeed(*ctx_, office, "abc", 10).error(), "cursor"));
}

TEST_P(DisclosureFlowTest, SupervisionFiguresCountDecisionsPublicationsAndDelays) {
  Principal officer = As("sh_officer"), office = As("office");
  // October 2025, when the demo (closed on 2025-09-01) decided nothing.
  const core::Timestamp monday = *core::ParseTimestamp("2025-10-13T10:00:00+08:00");
  clock_.Set(monday);
  auto publish = [&](const std::string& number, int days_later) {
    Case c = PersonCase(number, "11010519491231002X");
    Close(c.id, "沪市监处罚〔2025〕" + number + "号", {"fine"}, 9000);
    Disclosure d = OfCase(officer, c.id).at(0);
    auto e = UpdateDisclosureDraft(*ctx_, officer, d.id, {d.violation_type, d.facts, "商标法第六十条"}, d.version);
    clock_.Advance(int64_t{days_later} * 86400);
    EXPECT_TRUE(PublishDisclosure(*ctx_, officer, d.id, e->version).has_value());
    clock_.Set(monday);
  };
  publish("S1", 2);    // on time
  publish("S2", 10);   // on time (the 20 working days end on 11-10)
  publish("S3", 40);   // late
  Case open = PersonCase("S4", "11010519491231002X");
  Close(open.id, "沪市监处罚〔2025〕S4号", {"fine"}, 9000);  // still a draft
  clock_.Set(*core::ParseTimestamp("2025-12-01T10:00:00+08:00"));
  auto figures = DisclosureSupervision(*ctx_, office, *core::ParseDate("2025-10-01"), *core::ParseDate("2025-10-31"));
  ASSERT_TRUE(figures.has_value()) << figures.error().ToString();
  const DisclosureFigures* sh = nullptr;
  for (const auto& f : *figures) {
    if (f.agency_id == officer.agency_id) sh = &f;
  }
  ASSERT_NE(sh, nullptr);
  EXPECT_EQ(sh->decisions, 4);
  EXPECT_EQ(sh->published, 3);
  EXPECT_EQ(sh->on_time, 2);
  EXPECT_EQ(sh->overdue_open, 1);
  EXPECT_EQ(sh->median_delay_days, 10);
  EXPECT_EQ(sh->worst_delay_days, 40);
  EXPECT_EQ(sh->on_time_pct, 50);
  EXPECT_EQ(DisclosureSupervision(*ctx_, officer, *core::ParseDate("2025-09-01"), *core::ParseDate("2025-09-30"))
                .error()
                .code(),
            core::StatusCode::kPermissionDenied);
}

INSTANTIATE_TEST_SUITE_P(Backends, DisclosureFlowTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace ipe::app
