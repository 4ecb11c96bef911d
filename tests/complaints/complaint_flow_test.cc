// Issue 16, complaints and reports end to end at the use-case level, on SQLite and PostgreSQL,
// with a fake clock (SAMR Order 20; rules/complaints/complaints.rules).
#include <gtest/gtest.h>

#include "app/accounts/accounts.h"
#include "app/accounts/audit.h"
#include "app/cases/cases.h"
#include "app/complaints/complaint_import.h"
#include "app/complaints/complaints.h"
#include "app/complaints/fairs.h"
#include "app/context.h"
#include "app/demo.h"
#include "app/leads/leads.h"
#include "app/workbench/workbench.h"
#include "app/statistics/statistics.h"
#include "app/statistics/statistics_store.h"
#include "fresh_db.h"
#include "storage/db.h"
#include "storage/migrate.h"

namespace ipe::app {
namespace {

namespace cpl = ipe::complaints;

constexpr const char* kReporterName = "钟离秘密";
constexpr const char* kReporterPhone = "15990001234";  // no demo record has it

bool NamesField(const core::Status& st, const std::string& field) {
  for (const auto& e : st.field_errors()) {
    if (e.field == field) return true;
  }
  return false;
}

std::string Day(const std::optional<core::Timestamp>& due) {
  return due ? core::LocalDate(due->AddSeconds(-1)).ToString() : "none";
}

class ComplaintFlowTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::string url = ipe::testing::FreshDatabaseUrl(GetParam(), "cp");
    if (url.empty()) GTEST_SKIP() << "IPE_PG_DSN not set: PostgreSQL run skipped";
    auto db = storage::OpenDatabase(url);
    ASSERT_TRUE(db.has_value()) << db.error().ToString();
    db_ = std::move(*db);
    ASSERT_TRUE(storage::Migrate(*db_, storage::AllMigrations(), clock_.Now()).has_value());
    ctx_ = std::make_unique<Context>(*db_, clock_);
    auto demo = LoadDemoData(*ctx_);
    ASSERT_TRUE(demo.has_value()) << demo.error().ToString();
    ASSERT_TRUE(StatisticsStore::InstallIfStale(*db_).ok());  // the rollups, as at a server's start
  }

  // A statistics-module figure over 2020-09…2020-12 as `login` sees it: "key=value" per row.
  std::string Figure(const std::string& login, const std::string& indicator, const std::string& group) {
    FigureQuery q;
    q.request = {indicator, "2020-09", "2020-12", group, {}};
    auto f = QueryFigure(*ctx_, As(login), q);
    EXPECT_TRUE(f.has_value()) << indicator << ": " << f.error().ToString();
    if (!f.has_value()) return "";
    std::string out;
    for (const auto& r : f->rows) {
      out += (out.empty() ? "" : " ") + r.row.key + "=" + std::to_string(r.row.value.value_or(-1));
    }
    return out;
  }

  Principal As(const std::string& login) {
    auto p = PrincipalForLogin(*ctx_, login);
    EXPECT_TRUE(p.has_value()) << login;
    return *p;
  }
  void At(const char* instant) { clock_.Set(*core::ParseTimestamp(instant)); }

  static cpl::Intake ConsumerComplaint() {
    cpl::Intake in;
    in.kind = cpl::Kind::kComplaint;
    in.subject = "consumer_rights";
    in.persons = {{"complainant", "王小明", "13812345679", "上海市徐汇区漕溪北路1号", ""}};
    in.respondent_name = "上海某某商贸有限公司";
    in.respondent_address = "上海市浦东新区张江路88号";
    in.respondent_region = "310115";
    in.product = "运动鞋";
    in.request = "退货退款";
    in.facts = "2020年9月购买的运动鞋开胶，商家拒绝退货。";
    return in;
  }
  static cpl::Intake Report() {
    cpl::Intake in;
    in.kind = cpl::Kind::kReport;
    in.channel = "hotline";
    in.subject = "trademark";
    in.persons = {{"complainant", kReporterName, kReporterPhone, "深圳市南山区科技园1号", ""}};
    in.respondent_name = "深圳某某鞋业有限公司";
    in.respondent_address = "深圳市南山区某路9号";
    in.respondent_region = "440305";
    in.respondent_shop = "淘宝:fakeshoes88";
    in.respondent_phone = "0755-86001234";
    in.facts = std::string("举报人") + kReporterName + "（电话" + kReporterPhone +
               "）反映：该店销售假冒注册商标的运动鞋。";
    return in;
  }

  int64_t Count(const std::string& sql) {
    auto tx = db_->Begin(storage::TxMode::kRead);
    auto rows = (*tx)->Query(sql);
    return (*rows)[0].Int(0);
  }

  core::FakeClock clock_{*core::ParseTimestamp("2020-09-28T10:00:00+08:00")};
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<Context> ctx_;
};

// Must show: public form → receipt → routed → accepted on the 7th working day (National Day in
// between) → mediation paused for appraisal and resumed → ended at 45 working days → told.
TEST_P(ComplaintFlowTest, PublicFormToMediationEnd) {
  auto receipt = SubmitPublicComplaint(*ctx_, ConsumerComplaint());
  ASSERT_TRUE(receipt.has_value()) << receipt.error().ToString();
  EXPECT_EQ(receipt->receipt_no.substr(0, 10), "TS20200928");
  EXPECT_FALSE(receipt->query_code.empty());
  EXPECT_EQ(receipt->status, "pending");
  ASSERT_TRUE(receipt->agency_id.has_value());

  Principal pd = As("pd_officer");
  auto c = GetComplaint(*ctx_, pd, receipt->id);
  ASSERT_TRUE(c.has_value()) << c.error().ToString();
  EXPECT_EQ(c->agency_name, "上海市浦东新区市场监督管理局");  // the respondent's county
  EXPECT_EQ(c->channel, "portal");
  EXPECT_EQ(Day(c->decision_due), "2020-10-14");  // 7 working days over National Day
  EXPECT_TRUE(c->persons.empty());                // not assigned yet: hidden
  EXPECT_TRUE(c->persons_hidden);

  // The portal's status page: the receipt with its code, one answer for anything else.
  auto status = GetPublicComplaintStatus(*ctx_, receipt->receipt_no, receipt->query_code);
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(status->status_label, "待受理");
  EXPECT_EQ(status->agency_name, "上海市浦东新区市场监督管理局");
  EXPECT_EQ(GetPublicComplaintStatus(*ctx_, receipt->receipt_no, "00000000").error().code(),
            core::StatusCode::kNotFound);

  // Only an assigned officer handles it.
  EXPECT_EQ(AcceptComplaint(*ctx_, pd, receipt->id, "").error().code(),
            core::StatusCode::kPermissionDenied);
  ASSERT_TRUE(AssignComplaint(*ctx_, pd, receipt->id, std::nullopt).has_value());
  c = GetComplaint(*ctx_, pd, receipt->id);
  ASSERT_EQ(c->persons.size(), 1u);
  EXPECT_EQ(c->persons[0].phone, "13812345679");

  // Accepted on the 7th working day, Wednesday 2020-10-14.
  At("2020-10-14T15:00:00+08:00");
  auto accepted = AcceptComplaint(*ctx_, pd, receipt->id, "双方同意调解");
  ASSERT_TRUE(accepted.has_value()) << accepted.error().ToString();
  EXPECT_EQ(accepted->status, "accepted");
  EXPECT_EQ(Day(accepted->mediation_due), "2020-12-16");
  EXPECT_EQ(AcceptComplaint(*ctx_, pd, receipt->id, "").error().code(),
            core::StatusCode::kFailedPrecondition);

  // Appraisal from 10-20 to 10-30: the eight working days 10-21…10-30 are not counted.
  At("2020-10-20T09:00:00+08:00");
  auto paused = SuspendComplaint(*ctx_, pd, receipt->id, "委托鉴定机构对鞋底胶合强度进行检测");
  ASSERT_TRUE(paused.has_value()) << paused.error().ToString();
  EXPECT_EQ(paused->status, "suspended");
  EXPECT_FALSE(paused->mediation_due.has_value());
  At("2020-10-30T16:00:00+08:00");
  auto resumed = ResumeComplaint(*ctx_, pd, receipt->id, "检测报告已出具");
  ASSERT_TRUE(resumed.has_value()) << resumed.error().ToString();
  EXPECT_EQ(resumed->status, "accepted");
  EXPECT_EQ(Day(resumed->mediation_due), "2020-12-28");

  // No agreement by the 45th working day: mediation ends; both sides told within 7 working days.
  At("2020-12-28T17:00:00+08:00");
  auto ended = EndMediation(*ctx_, pd, receipt->id, "time_limit", "经多次调解未达成协议");
  ASSERT_TRUE(ended.has_value()) << ended.error().ToString();
  EXPECT_EQ(ended->status, "mediation_ended");
  EXPECT_EQ(Day(ended->notice_due), "2021-01-07");  // 元旦 01-01 is a holiday
  At("2020-12-30T10:00:00+08:00");
  auto told = RecordNotice(*ctx_, pd, receipt->id, "phone", "已电话告知双方");
  ASSERT_TRUE(told.has_value()) << told.error().ToString();
  EXPECT_EQ(told->status, "closed");

  // Every step an event with its actor and time, and one audit record each.
  c = GetComplaint(*ctx_, pd, receipt->id);
  std::vector<std::string> kinds;
  for (const auto& e : c->events) kinds.push_back(e.kind);
  EXPECT_EQ(kinds, (std::vector<std::string>{"received", "routed", "assigned", "accepted",
                                             "suspended", "resumed", "mediation_ended",
                                             "mediation_result", "notified"}));
  EXPECT_EQ(c->events[3].actor_login, "pd_officer");
  EXPECT_EQ(c->events[3].at.ToString(), "2020-10-14T07:00:00Z");
  ASSERT_EQ(c->pauses.size(), 1u);
  EXPECT_EQ(c->pauses[0].to->ToString(), "2020-10-30");
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE entity_type = 'complaint' AND entity_id = '" +
                  std::to_string(receipt->id) + "'"),
            7);
  status = GetPublicComplaintStatus(*ctx_, receipt->receipt_no, receipt->query_code);
  EXPECT_EQ(status->status_label, "办结");
  EXPECT_EQ(status->ground_label, "自投诉受理之日起四十五个工作日内未能达成调解协议");

  // The statistics module's handling time per step, in calendar-day bands: accepted after 16 days
  // (the 7 working days spanned National Day), mediation 75 days (the appraisal pause included),
  // told in 2 days.
  EXPECT_EQ(Figure("pd_officer", "complaint_decision_time", "handling_band"), "d030=1");
  EXPECT_EQ(Figure("pd_officer", "complaint_mediation_time", "handling_band"), "d090=1");
  EXPECT_EQ(Figure("pd_officer", "complaint_notice_time", "handling_band"), "d003=1");
  EXPECT_EQ(Figure("pd_officer", "complaints_by_subject", "complaint_subject"), "consumer_rights=1");
  EXPECT_EQ(Figure("sz_officer", "complaint_decision_time", "handling_band"), "");  // not its agency
}

// Must show: a report → verified → lead → case → the named reporter told (第三十一条).
TEST_P(ComplaintFlowTest, ReportToLeadToCaseTellsTheReporter) {
  Principal sz = As("sz_officer");
  auto receipt = SubmitComplaint(*ctx_, sz, {Report(), "", {}});
  ASSERT_TRUE(receipt.has_value()) << receipt.error().ToString();
  auto c = GetComplaint(*ctx_, sz, receipt->id);
  EXPECT_EQ(c->agency_name, "深圳市市场监督管理局");  // no county agency: the prefecture
  EXPECT_EQ(Day(c->decision_due), "2020-10-26");       // 15 working days to verify
  ASSERT_TRUE(AssignComplaint(*ctx_, sz, receipt->id, std::nullopt).has_value());

  At("2020-10-12T10:00:00+08:00");
  auto converted = ConvertComplaintToLead(*ctx_, sz, receipt->id, "经核查，线索属实");
  ASSERT_TRUE(converted.has_value()) << converted.error().ToString();
  EXPECT_EQ(converted->complaint.status, "converted");
  EXPECT_EQ(ConvertComplaintToLead(*ctx_, sz, receipt->id, "").error().code(),
            core::StatusCode::kFailedPrecondition);  // once

  // Linked both ways: the lead names the receipt, the record names the lead.
  auto lead = GetLead(*ctx_, sz, converted->lead_id);
  ASSERT_TRUE(lead.has_value()) << lead.error().ToString();
  EXPECT_EQ(lead->source, "complaint");
  EXPECT_EQ(lead->source_ref.value_or(""), receipt->receipt_no);
  EXPECT_EQ(lead->agency_id, receipt->agency_id);
  EXPECT_EQ(lead->description.find(kReporterName), std::string::npos) << lead->description;
  EXPECT_EQ(lead->description.find(kReporterPhone), std::string::npos) << lead->description;
  bool shop = false;
  for (const auto& o : lead->observables) shop |= o.type == "web_shop";
  EXPECT_TRUE(shop);
  ComplaintFilter by_lead;
  by_lead.lead_id = converted->lead_id;
  auto back = ListComplaints(*ctx_, sz, by_lead, {1, 20});
  ASSERT_TRUE(back.has_value());
  ASSERT_EQ(back->items.size(), 1u);
  EXPECT_EQ(back->items[0].id, receipt->id);

  // Another report on the same shop, written differently, is the same matter (同一事项).
  cpl::Intake twin = Report();
  twin.anonymous = true;
  twin.persons.clear();
  twin.respondent_name = "某网店";
  twin.respondent_phone = "";
  twin.respondent_shop = "taobao：FakeShoes88";
  twin.facts = "该店仍在销售假冒运动鞋。";
  auto second = SubmitComplaint(*ctx_, sz, {twin, "", {}});
  ASSERT_TRUE(second.has_value()) << second.error().ToString();
  auto with_twin = GetComplaint(*ctx_, sz, receipt->id);
  ASSERT_EQ(with_twin->duplicates.size(), 1u);
  EXPECT_EQ(with_twin->duplicates[0].id, second->id);

  // The queue's search (the term index): the shop in any case or width, 1–2 Chinese characters of
  // the respondent, the receipt number — and never the reporter's name or phone.
  auto found = [&](const std::string& q) {
    ComplaintFilter f;
    f.q = q;
    auto page = ListComplaints(*ctx_, sz, f, {1, 20});
    EXPECT_TRUE(page.has_value()) << q;
    std::vector<int64_t> ids;
    for (const auto& c : page->items) ids.push_back(c.id);
    return ids;
  };
  EXPECT_EQ(found("ＦＡＫＥＳＨＯＥＳ88"), (std::vector<int64_t>{second->id, receipt->id}));
  EXPECT_EQ(found("鞋业"), std::vector<int64_t>{receipt->id});
  EXPECT_EQ(found("网"), std::vector<int64_t>{second->id});
  EXPECT_EQ(found(receipt->receipt_no), std::vector<int64_t>{receipt->id});
  EXPECT_TRUE(found(kReporterName).empty());
  EXPECT_TRUE(found(kReporterPhone).empty());

  // The lead becomes a case (立案): the named reporter is told at once on the portal.
  At("2020-10-16T11:00:00+08:00");
  ASSERT_TRUE(ScreenLead(*ctx_, sz, converted->lead_id, true, "").has_value());
  auto made = ConvertLeadToCase(*ctx_, sz, converted->lead_id, ConvertLeadInput{.case_number = "深市监立〔2020〕88号"});
  ASSERT_TRUE(made.has_value()) << made.error().ToString();
  c = GetComplaint(*ctx_, sz, receipt->id);
  EXPECT_EQ(c->status, "closed");
  EXPECT_EQ(c->case_id, made->case_id);
  EXPECT_EQ(c->decided_at->ToString(), "2020-10-16T03:00:00Z");
  EXPECT_EQ(Day(c->notice_due), "2020-10-23");  // 5 working days
  ASSERT_TRUE(c->notified_at.has_value());
  EXPECT_LE(*c->notified_at, *c->notice_due);
  EXPECT_EQ(c->notice_channel, "portal");
  bool filed = false, told = false;
  for (const auto& e : c->events) {
    filed |= e.kind == "filed";
    told |= e.kind == "reporter_notified" && e.on_portal;
  }
  EXPECT_TRUE(filed);
  EXPECT_TRUE(told);
  auto portal = GetPublicComplaintStatus(*ctx_, receipt->receipt_no, receipt->query_code);
  ASSERT_TRUE(portal.has_value());
  bool says_filed = false;
  for (const auto& e : portal->events) says_filed |= e.summary.find("已立案") != std::string::npos;
  EXPECT_TRUE(says_filed);

  // Converted: one of the agency's two reports became a lead and then a case (5,000 bp = 50%).
  EXPECT_EQ(Figure("sz_officer", "complaints_converted", "conversion"), "case=1");
  EXPECT_EQ(Figure("sz_officer", "complaint_conversion_rate", "complaint_kind"), "report=5000");
  EXPECT_EQ(Figure("sz_officer", "complaint_case_rate", "none"), "=5000");

  // The case never names the reporter.
  auto kase = GetCase(*ctx_, sz, made->case_id);
  ASSERT_TRUE(kase.has_value());
  for (const auto& p : kase->input.parties) EXPECT_NE(p.name, kReporterName);
}

TEST_P(ComplaintFlowTest, AnonymousReportNotFiledWithoutNotice) {
  Principal sz = As("sz_officer");
  cpl::Intake in = Report();
  in.anonymous = true;
  in.persons.clear();
  in.facts = "该店销售假冒注册商标的运动鞋。";
  auto receipt = SubmitComplaint(*ctx_, sz, {in, "", {}});
  ASSERT_TRUE(receipt.has_value()) << receipt.error().ToString();
  ASSERT_TRUE(AssignComplaint(*ctx_, sz, receipt->id, std::nullopt).has_value());
  EXPECT_EQ(DeclineReport(*ctx_, sz, receipt->id, "").error().code(),
            core::StatusCode::kInvalidArgument);
  auto declined = DeclineReport(*ctx_, sz, receipt->id, "现场检查未发现涉嫌违法行为");
  ASSERT_TRUE(declined.has_value()) << declined.error().ToString();
  EXPECT_EQ(declined->status, "closed");
  EXPECT_FALSE(declined->notified_at.has_value());  // anonymous: no notice
}

// Must show: a refused complaint with its ground (第十五条), and bad input writes nothing.
TEST_P(ComplaintFlowTest, RefusedWithTheThreeYearGround) {
  Principal pd = As("pd_officer");
  cpl::Intake in = ConsumerComplaint();
  in.channel = "letter";
  in.harm_known_on = *core::ParseDate("2017-05-01");
  auto receipt = SubmitComplaint(*ctx_, pd, {in, "", {}});
  ASSERT_TRUE(receipt.has_value()) << receipt.error().ToString();
  ASSERT_TRUE(AssignComplaint(*ctx_, pd, receipt->id, std::nullopt).has_value());
  auto c = GetComplaint(*ctx_, pd, receipt->id);
  EXPECT_TRUE(c->limitation_expired);
  EXPECT_EQ(c->limitation_last_day->ToString(), "2020-05-06");  // 05-01…05-05 劳动节

  int64_t version = c->version;
  auto bad = RefuseComplaint(*ctx_, pd, receipt->id, "weather", "");
  ASSERT_FALSE(bad.has_value());
  EXPECT_TRUE(NamesField(bad.error(), "ground"));
  EXPECT_EQ(GetComplaint(*ctx_, pd, receipt->id)->version, version);  // nothing written

  At("2020-09-30T10:00:00+08:00");
  auto refused = RefuseComplaint(*ctx_, pd, receipt->id, "time_limit", "");
  ASSERT_TRUE(refused.has_value()) << refused.error().ToString();
  EXPECT_EQ(refused->status, "refused");
  EXPECT_EQ(refused->ground, "time_limit");
  c = GetComplaint(*ctx_, pd, receipt->id);
  EXPECT_NE(c->events.back().summary.find("第十五条第（四）项"), std::string::npos);
  EXPECT_EQ(SuspendComplaint(*ctx_, pd, receipt->id, "检测").error().code(),
            core::StatusCode::kFailedPrecondition);
}

// Must show: a jurisdiction dispute (第三十条) and the transfer by the level above.
TEST_P(ComplaintFlowTest, JurisdictionDisputeAndDesignation) {
  Principal pd = As("pd_officer");
  auto receipt = SubmitPublicComplaint(*ctx_, ConsumerComplaint());
  ASSERT_TRUE(receipt.has_value());
  ASSERT_TRUE(AssignComplaint(*ctx_, pd, receipt->id, std::nullopt).has_value());
  Principal sh = As("sh_officer");
  int64_t sh_agency = sh.agency_id;
  auto disputed = OpenJurisdictionDispute(*ctx_, pd, receipt->id, sh_agency, "被投诉人实际经营地不在本区");
  ASSERT_TRUE(disputed.has_value()) << disputed.error().ToString();
  EXPECT_EQ(Day(disputed->dispute_due), "2020-10-14");  // 7 working days

  // Neither party designates; the leading group's office (standing for the level above) does.
  EXPECT_EQ(TransferComplaint(*ctx_, pd, receipt->id, sh_agency, "designated", "指定").error().code(),
            core::StatusCode::kPermissionDenied);
  At("2020-10-16T09:00:00+08:00");
  auto moved = TransferComplaint(*ctx_, As("office"), receipt->id, sh_agency, "designated",
                                 "协商不成，指定上海市市场监督管理局处理");
  ASSERT_TRUE(moved.has_value()) << moved.error().ToString();
  EXPECT_EQ(moved->agency_id, sh_agency);
  EXPECT_FALSE(moved->dispute_agency_id.has_value());
  EXPECT_TRUE(moved->assignees.empty());
  EXPECT_EQ(Day(moved->decision_due), "2020-10-27");  // its own 7 working days from 10-16
  // Pudong no longer sees it; Shanghai does, without the persons until it assigns someone.
  EXPECT_EQ(GetComplaint(*ctx_, pd, receipt->id).error().code(), core::StatusCode::kNotFound);
  auto at_sh = GetComplaint(*ctx_, sh, receipt->id);
  ASSERT_TRUE(at_sh.has_value());
  EXPECT_TRUE(at_sh->persons.empty());
  bool transferred = false;
  for (const auto& e : at_sh->events) transferred |= e.kind == "transferred" && e.actor_login == "office";
  EXPECT_TRUE(transferred);
}

TEST_P(ComplaintFlowTest, BadInputAndFeedsAreIdempotent) {
  Principal sh = As("sh_officer");
  int64_t before = Count("SELECT count(*) FROM complaints");
  cpl::Intake in = ConsumerComplaint();
  in.channel = "hotline";
  in.persons[0].address = "";
  in.request = "";
  in.respondent_region = "999999";
  auto bad = SubmitComplaint(*ctx_, sh, {in, "", {}});
  ASSERT_FALSE(bad.has_value());
  EXPECT_TRUE(NamesField(bad.error(), "persons[0].address"));
  EXPECT_TRUE(NamesField(bad.error(), "request"));
  EXPECT_EQ(Count("SELECT count(*) FROM complaints"), before);
  // Officers do not use the portal's channel; the police cannot take complaints.
  EXPECT_TRUE(NamesField(SubmitComplaint(*ctx_, sh, {ConsumerComplaint(), "", {}}).error(), "channel"));
  in = ConsumerComplaint();
  in.channel = "hotline";
  EXPECT_EQ(SubmitComplaint(*ctx_, As("sh_police"), {in, "", {}}).error().code(),
            core::StatusCode::kPermissionDenied);

  // A feed (the 12315 platform through the office's token) sends the same record twice: one.
  in.channel = "api";
  Principal feed = As("office");
  auto first = SubmitComplaint(*ctx_, feed, {in, "12315-2020-000123", {}});
  ASSERT_TRUE(first.has_value()) << first.error().ToString();
  auto again = SubmitComplaint(*ctx_, feed, {in, "12315-2020-000123", {}});
  ASSERT_TRUE(again.has_value()) << again.error().ToString();
  EXPECT_FALSE(again->created);
  EXPECT_EQ(again->id, first->id);
  EXPECT_TRUE(again->query_code.empty());
  // Someone who may not see the record (it went to Pudong) learns only that it exists.
  EXPECT_EQ(SubmitComplaint(*ctx_, sh, {in, "12315-2020-000123", {}}).error().code(),
            core::StatusCode::kAlreadyExists);
  EXPECT_EQ(Count("SELECT count(*) FROM complaints"), before + 1);
}

// The reporter's identity: visible to the assigned officer only — never to the rest of the
// agency, supervisors, other agencies, in the lead, in the audit log or in events.
TEST_P(ComplaintFlowTest, ReporterIdentityStaysWithTheAssignedOfficer) {
  Principal sz = As("sz_officer");
  auto receipt = SubmitComplaint(*ctx_, sz, {Report(), "", {}});
  ASSERT_TRUE(receipt.has_value());
  ASSERT_TRUE(AssignComplaint(*ctx_, sz, receipt->id, std::nullopt).has_value());
  auto lead = ConvertComplaintToLead(*ctx_, sz, receipt->id, "");
  ASSERT_TRUE(lead.has_value()) << lead.error().ToString();
  auto mine = GetComplaint(*ctx_, sz, receipt->id);
  ASSERT_EQ(mine->persons.size(), 1u);
  EXPECT_EQ(mine->persons[0].name, kReporterName);

  auto leaks = [&](const Complaint& c) {
    std::string text = c.facts + c.respondent_name + c.decision_note;
    for (const auto& p : c.persons) text += p.name + p.phone + p.address;
    for (const auto& e : c.events) text += e.summary;
    return text.find(kReporterName) != std::string::npos ||
           text.find(kReporterPhone) != std::string::npos;
  };
  for (const char* login : {"admin", "office", "auditor", "sh_officer", "sh_head", "sz_police",
                            "gd_officer", "gd_prosecutor", "analyst"}) {
    Principal who = As(login);
    auto c = GetComplaint(*ctx_, who, receipt->id);
    if (c) EXPECT_FALSE(leaks(*c)) << login;
    auto list = ListComplaints(*ctx_, who, {}, {1, 200});
    if (list) {
      for (const auto& item : list->items) EXPECT_FALSE(leaks(item)) << login;
    }
    auto l = GetLead(*ctx_, who, lead->lead_id);
    if (l) {
      EXPECT_EQ(l->description.find(kReporterName), std::string::npos) << login;
      EXPECT_EQ(l->title.find(kReporterName), std::string::npos) << login;
    }
  }
  // Nowhere in the audit log or the events.
  std::string like_name = std::string("'%") + kReporterName + "%'";
  std::string like_phone = std::string("'%") + kReporterPhone + "%'";
  for (const std::string& col : {"summary", "coalesce(before_json, '')", "coalesce(after_json, '')"}) {
    EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE " + col + " LIKE " + like_name), 0) << col;
    EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE " + col + " LIKE " + like_phone), 0) << col;
  }
  EXPECT_EQ(Count("SELECT count(*) FROM complaint_events WHERE summary LIKE " + like_name), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM leads WHERE description LIKE " + like_phone), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM lead_observables WHERE value LIKE " + like_phone), 0);
}

// A record no agency serves is left for the office (待分送), which routes it; a report's
// verification is extended once by the head (+15 working days); the figures count them.
TEST_P(ComplaintFlowTest, UnroutedRecordsExtensionAndFigures) {
  Principal office = As("office");
  cpl::Intake in = Report();
  in.subject = "copyright";  // no copyright office in the demo agencies
  in.anonymous = true;
  in.persons.clear();
  in.facts = "盗版图书";
  in.respondent_region = "310104";
  auto receipt = SubmitComplaint(*ctx_, As("sh_officer"), {in, "", {}});
  ASSERT_TRUE(receipt.has_value()) << receipt.error().ToString();
  EXPECT_EQ(receipt->status, "received");
  EXPECT_FALSE(receipt->agency_id.has_value());
  // Only the office (and the other supervisors) see it; it is on the office's 待分送 list.
  EXPECT_EQ(GetComplaint(*ctx_, As("sh_officer"), receipt->id).error().code(),
            core::StatusCode::kNotFound);
  ComplaintFilter unrouted;
  unrouted.status = "received";
  auto list = ListComplaints(*ctx_, office, unrouted, {1, 20});
  ASSERT_TRUE(list.has_value());
  ASSERT_EQ(list->items.size(), 1u);
  Principal sh_head = As("sh_head");
  At("2020-09-29T09:00:00+08:00");
  auto routed = TransferComplaint(*ctx_, office, receipt->id, sh_head.agency_id, "routing",
                                  "由市市场监管局统一处理");
  ASSERT_TRUE(routed.has_value()) << routed.error().ToString();
  EXPECT_EQ(routed->status, "pending");
  EXPECT_EQ(Day(routed->decision_due), "2020-10-27");  // 15 working days from 09-29

  // +15 working days, by the head only, once.
  EXPECT_EQ(ExtendVerification(*ctx_, As("sh_officer"), receipt->id, "需补充调查").error().code(),
            core::StatusCode::kPermissionDenied);
  auto extended = ExtendVerification(*ctx_, sh_head, receipt->id, "需向权利人核实");
  ASSERT_TRUE(extended.has_value()) << extended.error().ToString();
  EXPECT_TRUE(extended->extended);
  EXPECT_EQ(Day(extended->decision_due), "2020-11-17");
  EXPECT_EQ(ExtendVerification(*ctx_, sh_head, receipt->id, "再次延长").error().code(),
            core::StatusCode::kFailedPrecondition);

  auto figures = ComplaintStatistics(*ctx_, office);
  ASSERT_TRUE(figures.has_value()) << figures.error().ToString();
  EXPECT_EQ(figures->total, 1);
  EXPECT_EQ(figures->by_kind, (std::vector<std::pair<std::string, int64_t>>{{"report", 1}}));
  EXPECT_EQ(figures->converted, 0);
  EXPECT_EQ(ComplaintStatistics(*ctx_, As("sh_police")).error().code(),
            core::StatusCode::kPermissionDenied);
}

// 展会维权: the regulator of the venue's region enters a fair; a complaint on the portal's form and
// one entered by an officer are filed under it; the per-fair summary counts them by kind, subject
// and result, handled on site and within the fair's own clock. Bad input writes nothing.
TEST_P(ComplaintFlowTest, TradeFairComplaintsAndSummary) {
  Principal pd = As("pd_officer");
  cpl::Fair in;
  in.name = "2020上海国际鞋业博览会";
  in.venue = "上海新国际博览中心";
  in.region_code = "310115";
  in.starts_on = *core::ParseDate("2020-09-28");
  in.ends_on = *core::ParseDate("2020-09-30");
  in.organiser = "上海某某展览有限公司";
  in.desk_contact = "现场服务台 N1 馆";
  in.handle_hours = 24;

  // Bad input: every problem at once, nothing written.
  cpl::Fair bad = in;
  bad.name = " ";
  bad.ends_on = *core::ParseDate("2020-09-27");
  bad.reply_hours = 0;
  auto refused = CreateFair(*ctx_, pd, bad);
  ASSERT_FALSE(refused.has_value());
  EXPECT_TRUE(NamesField(refused.error(), "name"));
  EXPECT_TRUE(NamesField(refused.error(), "ends_on"));
  EXPECT_TRUE(NamesField(refused.error(), "reply_hours"));
  bad = in;
  bad.region_code = "000000";
  EXPECT_TRUE(NamesField(CreateFair(*ctx_, pd, bad).error(), "region_code"));
  EXPECT_EQ(Count("SELECT count(*) FROM complaint_fairs"), 0);
  // Only the regulators of the venue's region; the police enter none.
  EXPECT_EQ(CreateFair(*ctx_, As("sz_officer"), in).error().code(),
            core::StatusCode::kPermissionDenied);
  EXPECT_EQ(CreateFair(*ctx_, As("sh_police"), in).error().code(),
            core::StatusCode::kPermissionDenied);

  auto fair = CreateFair(*ctx_, pd, in);
  ASSERT_TRUE(fair.has_value()) << fair.error().ToString();
  EXPECT_TRUE(fair->desk_expected);  // three days: 第六条
  EXPECT_EQ(fair->agency_name, "上海市浦东新区市场监督管理局");
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE action = 'complaint_fair.create'"), 1);

  // Filed under the fair from the portal and by an officer; an unknown fair is a field error.
  auto on_portal = SubmitPublicComplaint(*ctx_, ConsumerComplaint(), fair->fair.id);
  ASSERT_TRUE(on_portal.has_value()) << on_portal.error().ToString();
  cpl::Intake at_desk = ConsumerComplaint();
  at_desk.channel = "fair";
  at_desk.subject = "trademark";
  at_desk.respondent_name = "上海另一鞋业有限公司";
  auto entered = SubmitComplaint(*ctx_, pd, {at_desk, "", fair->fair.id});
  ASSERT_TRUE(entered.has_value()) << entered.error().ToString();
  int64_t before = Count("SELECT count(*) FROM complaints");
  auto unknown = SubmitComplaint(*ctx_, pd, {at_desk, "", 987654321});
  ASSERT_FALSE(unknown.has_value());
  EXPECT_TRUE(NamesField(unknown.error(), "fair_id"));
  EXPECT_EQ(Count("SELECT count(*) FROM complaints"), before);

  // The desk accepts one within two hours; the other waits past the fair.
  ASSERT_TRUE(AssignComplaint(*ctx_, pd, entered->id, std::nullopt).has_value());
  At("2020-09-28T12:00:00+08:00");
  ASSERT_TRUE(AcceptComplaint(*ctx_, pd, entered->id, "现场受理").has_value());

  auto c = GetComplaint(*ctx_, pd, entered->id);
  EXPECT_EQ(c->fair_name, "2020上海国际鞋业博览会");
  ComplaintFilter f;
  f.fair_id = fair->fair.id;
  auto listed = ListComplaints(*ctx_, pd, f, PageRequest{});
  ASSERT_TRUE(listed.has_value());
  EXPECT_EQ(listed->total, 2);

  auto s = FairSummaryOf(*ctx_, pd, fair->fair.id);
  ASSERT_TRUE(s.has_value()) << s.error().ToString();
  EXPECT_EQ(s->summary.total, 2);
  EXPECT_EQ(s->summary.by_subject["trademark"], 1);
  EXPECT_EQ(s->summary.by_status["accepted"], 1);
  EXPECT_EQ(s->summary.by_status["pending"], 1);
  EXPECT_EQ(s->summary.handled_on_site, 1);
  EXPECT_EQ(s->summary.within_handle_hours, 1);
  EXPECT_DOUBLE_EQ(*s->summary.median_handling_hours, 2.0);
  // The fair's own on-site clock (24 hours from receipt) runs for the record still awaiting its
  // decision: on time at first, due soon past half of it, then overdue — on the 工作台 of the
  // agency, the accepted one never.
  auto fair_work = [&](const char* kind) {
    auto wb = GetWorkbench(*ctx_, pd, {});
    EXPECT_TRUE(wb.has_value());
    std::vector<int64_t> ids;
    for (const auto& item : wb->items) {
      if (item.kind == kind) ids.push_back(item.id);
    }
    return ids;
  };
  auto portal_record = GetComplaint(*ctx_, pd, on_portal->id);
  EXPECT_EQ(portal_record->fair_urgency, "on_time");
  EXPECT_EQ(portal_record->fair_due->ToString(), "2020-09-29T02:00:00Z");
  EXPECT_TRUE(fair_work("fair_complaint_due_soon").empty());
  At("2020-09-28T22:00:00+08:00");
  EXPECT_EQ(fair_work("fair_complaint_due_soon"), std::vector<int64_t>{on_portal->id});
  At("2020-09-29T10:00:00+08:00");
  EXPECT_EQ(fair_work("fair_complaint_overdue"), std::vector<int64_t>{on_portal->id});
  EXPECT_TRUE(fair_work("fair_complaint_due_soon").empty());
  ComplaintFilter late;
  late.fair_clock = "overdue";
  auto late_list = ListComplaints(*ctx_, pd, late, PageRequest{});
  ASSERT_TRUE(late_list.has_value());
  ASSERT_EQ(late_list->items.size(), 1u);
  EXPECT_EQ(late_list->items[0].id, on_portal->id);
  late.fair_clock = "later";
  EXPECT_TRUE(NamesField(ListComplaints(*ctx_, pd, late, PageRequest{}).error(), "fair_clock"));
  EXPECT_EQ(GetComplaint(*ctx_, pd, entered->id)->fair_urgency, "");  // accepted: no clock
  ComplaintFilter theirs;
  theirs.fair_clock = "overdue";
  EXPECT_EQ(ListComplaints(*ctx_, As("sz_officer"), theirs, PageRequest{})->total, 0);

  // Another agency's officer sees the fair but none of Pudong's records.
  auto other = FairSummaryOf(*ctx_, As("sz_officer"), fair->fair.id);
  ASSERT_TRUE(other.has_value());
  EXPECT_EQ(other->summary.total, 0);

  // Edits check the version; the fair's clock is its own data.
  cpl::Fair changed = fair->fair;
  changed.reply_hours = 48;
  EXPECT_EQ(UpdateFair(*ctx_, pd, fair->fair.id, fair->version + 7, changed).error().code(),
            core::StatusCode::kFailedPrecondition);
  auto saved = UpdateFair(*ctx_, pd, fair->fair.id, fair->version, changed);
  ASSERT_TRUE(saved.has_value()) << saved.error().ToString();
  EXPECT_EQ(saved->fair.reply_hours.value_or(0), 48);
  EXPECT_EQ(saved->version, fair->version + 1);

  // The portal offers the running fair, not one long past.
  At("2020-09-29T09:00:00+08:00");
  auto running = PublicFairs(*ctx_, 30);
  ASSERT_TRUE(running.has_value());
  ASSERT_EQ(running->size(), 1u);
  At("2021-03-01T09:00:00+08:00");
  EXPECT_TRUE(PublicFairs(*ctx_, 30)->empty());
}

// 同一事项 kept at intake: records writing one shop or phone in different ways join one matter,
// a record that bridges two matters merges them, the queue shows the size and filters by it.
TEST_P(ComplaintFlowTest, StoredMatterGroupsInTheQueue) {
  Principal sz = As("sz_officer");
  auto submit = [&](const std::string& shop, const std::string& phone) {
    cpl::Intake in = Report();
    in.anonymous = true;
    in.persons.clear();
    in.facts = "该店销售假冒注册商标的运动鞋。";
    in.respondent_name = "某某";  // a person's name joins nothing
    in.respondent_shop = shop;
    in.respondent_phone = phone;
    auto r = SubmitComplaint(*ctx_, sz, {in, "", {}});
    EXPECT_TRUE(r.has_value()) << r.error().ToString();
    return r->id;
  };
  int64_t a = submit("淘宝:FakeShoes88", "");
  int64_t b = submit("taobao：fakeshoes88", "13800138000");  // junk phone joins nothing
  int64_t c = submit("", "+86 139-1234-0001");
  int64_t d = submit("京东:other", "");
  int64_t e = submit("淘宝 fakeshoes88", "１３９１２３４０００１");  // bridges a's and c's matters
  auto group_of = [&](int64_t id) { return GetComplaint(*ctx_, sz, id)->group_id; };
  EXPECT_EQ(group_of(a), a);
  EXPECT_EQ(group_of(b), a);
  EXPECT_EQ(group_of(c), a);  // merged when e came
  EXPECT_EQ(group_of(d), d);
  EXPECT_EQ(group_of(e), a);
  auto detail = GetComplaint(*ctx_, sz, e);
  EXPECT_EQ(detail->group_size, 4);
  EXPECT_EQ(detail->duplicates.size(), 3u);

  ComplaintFilter f;
  f.group_id = a;
  auto matter = ListComplaints(*ctx_, sz, f, PageRequest{});
  ASSERT_TRUE(matter.has_value());
  EXPECT_EQ(matter->total, 4);
  for (const Complaint& x : matter->items) EXPECT_EQ(x.group_size, 4);
  f.group_id = d;
  EXPECT_EQ(ListComplaints(*ctx_, sz, f, PageRequest{})->items.at(0).group_size, 1);
  f.group_id = -1;
  EXPECT_TRUE(NamesField(ListComplaints(*ctx_, sz, f, PageRequest{}).error(), "group"));
  // Another agency's officer sees none of the matter.
  f.group_id = a;
  EXPECT_EQ(ListComplaints(*ctx_, As("pd_officer"), f, PageRequest{})->total, 0);

  // The agency's figures (SQL over its scope): five reports, none due yet; after the 15 working
  // days every one is overdue.
  auto figures = ComplaintStatistics(*ctx_, sz);
  ASSERT_TRUE(figures.has_value()) << figures.error().ToString();
  EXPECT_EQ(figures->total, 5);
  EXPECT_EQ(figures->overdue, 0);
  EXPECT_EQ(figures->due_soon, 0);
  At("2020-10-23T10:00:00+08:00");  // the last working day of the 15 (due 2020-10-26 00:00)
  EXPECT_EQ(ComplaintStatistics(*ctx_, sz)->due_soon, 5);
  At("2020-11-30T10:00:00+08:00");
  figures = ComplaintStatistics(*ctx_, sz);
  EXPECT_EQ(figures->overdue, 5);
  EXPECT_EQ(figures->due_soon, 0);
}

// 批量导入: a CSV of two rows (a complaint and an anonymous report) becomes two routed records in
// one transaction; the same file again imports nothing new; a file with bad rows names each row
// and column and writes nothing.
TEST_P(ComplaintFlowTest, BatchImportAllOrNothingAndIdempotent) {
  Principal sz = As("sz_officer");
  std::string header =
      "external_id,类型,事项,匿名举报,投诉人（举报人）姓名,联系电话,联系地址,respondent_name,"
      "respondent_address,respondent_region,respondent_shop,facts,request,harm_known_on\n";
  std::string good = header +
      "BATCH-1,投诉,消费者权益,,王小明,13812345679,深圳市福田区1号,深圳某某电器有限公司,深圳市南山区2号,"
      "440305,,购买的电视机无法开机，商家拒绝维修。,维修或退货,2020-09-01\n"
      "BATCH-2,举报,trademark,是,,,,深圳某某鞋业有限公司,深圳市南山区某路9号,440305,淘宝:fakeshoes88,"
      "\"该店销售假冒注册商标的运动鞋,价格明显低于正品。\",,\n";
  auto file = ParseComplaintFile(good, 100);
  ASSERT_TRUE(file.has_value()) << file.error().ToString();
  ASSERT_EQ(file->rows.size(), 2u);
  EXPECT_EQ(file->format, "csv");
  auto imported = ImportComplaints(*ctx_, sz, *file);
  ASSERT_TRUE(imported.has_value()) << imported.error().ToString();
  EXPECT_EQ(imported->imported, 2);
  ASSERT_EQ(imported->items.size(), 2u);
  EXPECT_EQ(imported->items[0].line, 2);
  EXPECT_EQ(imported->items[0].receipt_no.substr(0, 2), "TS");
  EXPECT_FALSE(imported->items[0].query_code.empty());
  EXPECT_EQ(imported->items[1].receipt_no.substr(0, 2), "JB");
  EXPECT_EQ(Count("SELECT count(*) FROM complaints WHERE channel = 'import'"), 2);
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE action = 'complaint.submit'"), 2);
  ComplaintFilter f;
  f.channel = "import";
  auto listed = ListComplaints(*ctx_, sz, f, PageRequest{});
  ASSERT_EQ(listed->total, 2);
  EXPECT_EQ(listed->items[0].agency_name, "深圳市市场监督管理局");

  // The same file again: nothing new, the receipts of the first import.
  auto again = ImportComplaints(*ctx_, sz, *ParseComplaintFile(good, 100));
  ASSERT_TRUE(again.has_value()) << again.error().ToString();
  EXPECT_EQ(again->imported, 0);
  EXPECT_EQ(again->existing, 2);
  EXPECT_EQ(again->items[1].receipt_no, imported->items[1].receipt_no);
  EXPECT_EQ(Count("SELECT count(*) FROM complaints WHERE channel = 'import'"), 2);

  // Bad rows: every problem with its row and column, nothing written.
  std::string bad_file = header +
      "BATCH-3,投诉,消费者权益,,王小明,,深圳市福田区1号,深圳某某电器有限公司,深圳市南山区2号,440305,,"
      "电视机无法开机。,维修,2020-13-01\n"
      "BATCH-3,咨询,消费者权益,,,,,深圳某某公司,,999999,,事实,,\n"
      "BATCH-4,举报,trademark,也许,,,,深圳某某鞋业有限公司,,440305,,假冒商标,,\n";
  auto refused = ParseComplaintFile(bad_file, 100);
  ASSERT_FALSE(refused.has_value());
  EXPECT_TRUE(NamesField(refused.error(), "rows[2].complainant_phone"));
  EXPECT_TRUE(NamesField(refused.error(), "rows[2].harm_known_on"));
  EXPECT_TRUE(NamesField(refused.error(), "rows[3].external_id"));  // repeated in the file
  EXPECT_TRUE(NamesField(refused.error(), "rows[3].kind"));
  EXPECT_TRUE(NamesField(refused.error(), "rows[4].anonymous"));
  // Checks that need the store (region, fair): also every row, nothing written.
  std::string unknown_place = header +
      "BATCH-5,举报,trademark,是,,,,深圳某某鞋业有限公司,,449999,,假冒商标,,\n";
  auto parsed = ParseComplaintFile(unknown_place, 100);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().ToString();
  auto no_region = ImportComplaints(*ctx_, sz, *parsed);
  ASSERT_FALSE(no_region.has_value());
  EXPECT_TRUE(NamesField(no_region.error(), "rows[2].respondent_region"));
  EXPECT_EQ(Count("SELECT count(*) FROM complaints WHERE channel = 'import'"), 2);
  // Header problems name the header; the police import nothing.
  EXPECT_TRUE(NamesField(ParseComplaintFile("external_id,foo\n1,2\n", 100).error(), "header"));
  EXPECT_EQ(ImportComplaints(*ctx_, As("sh_police"), *file).error().code(),
            core::StatusCode::kPermissionDenied);
  // The XLSX template reads back as a file with its example row.
  auto xlsx = ComplaintImportTemplateXlsx();
  ASSERT_TRUE(xlsx.has_value());
  auto example = ParseComplaintFile(*xlsx, 100);
  ASSERT_TRUE(example.has_value()) << example.error().ToString();
  EXPECT_EQ(example->format, "xlsx");
  EXPECT_EQ(example->rows.at(0).external_id, "12315-2025-000123");
}

INSTANTIATE_TEST_SUITE_P(Stores, ComplaintFlowTest, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace ipe::app
