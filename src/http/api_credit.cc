// 信用与公示 routes: the agencies' disclosure records (/api/v1/disclosures…) and the public
// portal's read side (/api/v1/public/…, no login). app/credit/credit.h has the rules.
#include "app/credit/credit.h"
#include "app/public/public_gate.h"
#include "credit/disclosure.h"
#include "http/dispatcher.h"
#include "core/csv.h"
#include "core/region.h"
#include "http/internal/json_io.h"

namespace ipe::http {
namespace {

using internal::CodesJson;
using internal::Json;
using internal::DateJson;
using internal::JsonResponse;
using internal::TimeJson;

Json OptJson(const std::optional<std::string>& s) { return s ? Json(*s) : Json(); }

// The label of a code for an answer ("" for a code no table has).
const char* LabelOf(const std::vector<app::CodeLabel>& table, const std::string& code) {
  const char* label = app::LabelOf(table, code);
  return label ? label : "";
}

Json PenaltyKindsJson(const std::vector<std::string>& keys) {
  Json out = Json::array();
  for (const std::string& k : keys) {
    auto kind = credit::PenaltyKindFromKey(k);
    out.push_back({{"code", k}, {"name_zh", kind ? credit::InfoOf(*kind).name_zh : k.c_str()}});
  }
  return out;
}

Json DisclosureJson(const app::Disclosure& d) {
  return {{"id", d.id},
          {"case_id", d.case_id},
          {"agency_id", d.agency_id},
          {"agency_name", d.agency_name},
          {"region_code", d.region_code},
          {"status", d.status},
          {"status_zh", LabelOf(app::DisclosureStatuses(), d.status)},
          {"decision_no", d.decision_no},
          {"decision_date", d.decision_date.ToString()},
          {"party_kind", d.party_kind},
          {"party_name", d.party_name},
          {"credit_code", OptJson(d.credit_code)},
          {"id_number", OptJson(d.id_number)},
          {"id_masked", OptJson(d.id_masked)},
          {"violation_type", d.violation_type},
          {"facts", d.facts},
          {"facts_public", d.facts_public},
          {"redactions", d.redactions},
          {"legal_basis", d.legal_basis},
          {"penalty_kinds", PenaltyKindsJson(d.penalty_kinds)},
          {"fine_fen", d.fine ? Json(d.fine->value) : Json()},
          {"restriction_until", DateJson(d.restriction_until)},
          {"penalty_content", d.penalty_content},
          {"publish_step", d.publish_step},
          {"publish_due", TimeJson(d.publish_due)},
          {"clock_note", d.clock_note},
          {"publish_target", TimeJson(d.publish_target)},
          {"published_at", TimeJson(d.published_at)},
          {"display_step", OptJson(d.display_step)},
          {"display_until", DateJson(d.display_until)},
          {"display_basis", d.display_basis},
          {"withheld_reason", d.withheld_reason},
          {"withdrawn_at", TimeJson(d.withdrawn_at)},
          {"withdraw_kind", OptJson(d.withdraw_kind)},
          {"withdraw_reason", d.withdraw_reason},
          {"decision_changed_on", DateJson(d.decision_changed_on)},
          {"withdraw_due", TimeJson(d.withdraw_due)},
          {"overdue", d.overdue},
          {"display_ended", d.display_ended},
          {"version", d.version},
          {"created_at", d.created_at.ToString()},
          {"updated_at", d.updated_at.ToString()}};
}

// The shapes DisclosureJson and PublicJson render.
Schema DisclosureRef(Router& r) {
  Schema code_name = Obj({{"code", Str()}, {"name_zh", Str()}});
  return r.Component(
      "Disclosure",
      Obj({{"id", Int()},
           {"case_id", Int()},
           {"agency_id", Int()},
           {"agency_name", Str()},
           {"region_code", Str()},
           {"status", Enum(app::DisclosureStatuses())},
           {"status_zh", Str()},
           {"decision_no", Str()},
           {"decision_date", Date()},
           {"party_kind", Str()},
           {"party_name", Str()},
           {"credit_code", Str().Nullable()},
           {"id_number", Str().Nullable().Describe("范围外脱敏 (masked outside scope)")},
           {"id_masked", Str().Nullable()},
           {"violation_type", Str()},
           {"facts", Str()},
           {"facts_public", Str().Describe("门户显示的事实（已去除个人信息）")},
           {"redactions", Arr(Str())},
           {"legal_basis", Str()},
           {"penalty_kinds", Arr(code_name)},
           {"fine_fen", Fen().Nullable()},
           {"restriction_until", Date().Nullable()},
           {"penalty_content", Str()},
           {"publish_step", Str()},
           {"publish_due", DateTime().Nullable()},
           {"clock_note", Str()},
           {"publish_target", DateTime().Nullable()},
           {"published_at", DateTime().Nullable()},
           {"display_step", Str().Nullable()},
           {"display_until", Date().Nullable()},
           {"display_basis", Str()},
           {"withheld_reason", Str()},
           {"withdrawn_at", DateTime().Nullable()},
           {"withdraw_kind", Enum(app::WithdrawKinds()).Nullable()},
           {"withdraw_reason", Str()},
           {"decision_changed_on", Date().Nullable()},
           {"withdraw_due", DateTime().Nullable()},
           {"overdue", Bool()},
           {"display_ended", Bool()},
           {"version", Int()},
           {"created_at", DateTime()},
           {"updated_at", DateTime()}}));
}

Schema PublicDisclosureSchema() {
  return Obj({{"id", Int()},
              {"decision_no", Str()},
              {"decision_date", Date()},
              {"party_kind", Str()},
              {"party_name", Str()},
              {"credit_code", Str().Nullable()},
              {"id_masked", Str().Nullable()},
              {"violation_type", Str()},
              {"facts", Str()},
              {"legal_basis", Str()},
              {"penalty_content", Str()},
              {"agency_name", Str()},
              {"published_on", Date()},
              {"display_until", Date()}});
}

Json PublicJson(const app::PublicDisclosure& p) {
  return {{"id", p.id},
          {"decision_no", p.decision_no},
          {"decision_date", p.decision_date.ToString()},
          {"party_kind", p.party_kind},
          {"party_name", p.party_name},
          {"credit_code", OptJson(p.credit_code)},
          {"id_masked", OptJson(p.id_masked)},
          {"violation_type", p.violation_type},
          {"facts", p.facts},
          {"legal_basis", p.legal_basis},
          {"penalty_content", p.penalty_content},
          {"agency_name", p.agency_name},
          {"published_on", p.published_on.ToString()},
          {"display_until", p.display_until.ToString()}};
}

Json ListingJson(const app::SeriousListing& l, bool internal_view) {
  Json j = {{"id", l.id},
            {"subject_kind", l.subject_kind},
            {"subject_name", l.subject_name},
            {"credit_code", OptJson(l.credit_code)},
            {"id_masked", OptJson(l.id_masked)},
            {"category", l.category},
            {"category_zh", LabelOf(app::SeriousListGrounds(), l.category)},
            {"basis", l.basis},
            {"agency_name", l.agency_name},
            {"listed_on", l.listed_on.ToString()},
            {"period_until", l.period_until.ToString()}};
  if (internal_view) {
    j["agency_id"] = l.agency_id;
    j["disclosure_id"] = l.disclosure_id ? Json(*l.disclosure_id) : Json();
    j["id_number"] = OptJson(l.id_number);
    j["early_removal_from"] = l.early_removal_from.ToString();
    j["period_basis"] = l.period_basis;
    j["status"] = l.status;
    j["removed_on"] = DateJson(l.removed_on);
    j["removal_reason"] = l.removal_reason;
    j["version"] = l.version;
  }
  return j;
}

Json RepairJson(const app::CreditRepair& c) {
  return Json{{"id", c.id},
              {"disclosure_id", c.disclosure_id},
              {"agency_id", c.agency_id},
              {"receipt_no", c.receipt_no},
              {"decision_no", c.decision_no},
              {"party_name", c.party_name},
              {"applicant_name", c.applicant_name},
              {"contact_phone", OptJson(c.contact_phone)},
              {"statement", c.statement},
              {"claims_fulfilled", c.claims_fulfilled},
              {"status", c.status},
              {"status_zh", LabelOf(app::RepairStatuses(), c.status)},
              {"decision_due", TimeJson(c.decision_due)},
              {"decided_at", TimeJson(c.decided_at)},
              {"decision_reason", c.decision_reason},
              {"version", c.version},
              {"created_at", c.created_at.ToString()}};
}

// The shapes ListingJson (public view) and RepairJson render.
Schema PublicListingSchema() {
  return Obj({{"id", Int()},
              {"subject_kind", Str()},
              {"subject_name", Str()},
              {"credit_code", Str().Nullable()},
              {"id_masked", Str().Nullable()},
              {"category", Enum(app::SeriousListGrounds())},
              {"category_zh", Str()},
              {"basis", Str()},
              {"agency_name", Str()},
              {"listed_on", Date()},
              {"period_until", Date()}});
}

// The office's view of a listing: ListingJson(…, true) adds these to the public view.
Schema ListingRef(Router& r) {
  return r.Component(
      "SeriousListing",
      With(PublicListingSchema(),
           {{"agency_id", Int()},
            {"disclosure_id", Int().Nullable()},
            {"id_number", Str().Nullable().Describe("范围外脱敏 (masked outside scope)")},
            {"early_removal_from", Date().Describe("可申请提前移出之日")},
            {"period_basis", Str().Describe("期限及其依据")},
            {"status", Enum({{"listed", "在列"}, {"removed", "已移出"}})},
            {"removed_on", Date().Nullable()},
            {"removal_reason", Str()},
            {"version", Int()}}));
}

Schema RepairSchema() {
  return Obj({{"id", Int()},
              {"disclosure_id", Int()},
              {"agency_id", Int()},
              {"receipt_no", Str()},
              {"decision_no", Str()},
              {"party_name", Str()},
              {"applicant_name", Str()},
              {"contact_phone", Str().Nullable()},
              {"statement", Str()},
              {"claims_fulfilled", Bool()},
              {"status", Enum(app::RepairStatuses())},
              {"status_zh", Str()},
              {"decision_due", DateTime().Nullable()},
              {"decided_at", DateTime().Nullable()},
              {"decision_reason", Str()},
              {"version", Int()},
              {"created_at", DateTime()}});
}

// An IP office finding; the ID number only for the recording agency (the use case resets it).
Json FindingJson(const app::IpFinding& f) {
  Json j = {{"id", f.id},
            {"kind", f.kind},
            {"kind_zh", app::LabelOrCode(app::IpFindingKinds(), f.kind)},
            {"subject_kind", f.subject_kind},
            {"subject_name", f.subject_name},
            {"credit_code", f.credit_code ? Json(*f.credit_code) : Json()},
            {"id_masked", f.id_masked ? Json(*f.id_masked) : Json()},
            {"filing_numbers", f.filing_numbers},
            {"finding_date", f.finding_date.ToString()},
            {"agency_id", f.agency_id},
            {"agency_name", f.agency_name},
            {"region_code", f.region_code},
            {"basis", f.basis},
            {"status", f.status},
            {"revoke_reason", f.revoke_reason},
            {"version", f.version}};
  if (f.id_number) j["id_number"] = *f.id_number;
  return j;
}

// The shape FindingJson renders.
Schema FindingRef(Router& r) {
  return r.Component("IpFinding",
                     Obj({{"id", Int()},
                          {"kind", Enum(app::IpFindingKinds())},
                          {"kind_zh", Str()},
                          {"subject_kind", Enum({{"company", "企业"}, {"person", "自然人"}})},
                          {"subject_name", Str()},
                          {"credit_code", Str().Nullable()},
                          {"id_masked", Str().Nullable()},
                          {"filing_numbers", Arr(Str()).Describe("申请号")},
                          {"finding_date", Date()},
                          {"agency_id", Int()},
                          {"agency_name", Str()},
                          {"region_code", Str()},
                          {"basis", Str()},
                          {"status", Enum({{"recorded", "有效"}, {"revoked", "已撤销"}})},
                          {"revoke_reason", Str()},
                          {"version", Int()},
                          {"id_number", Str().Optional().Describe(
                                            "仅记录机关可见 (the recording agency only)")}}));
}

Json RecordCaseJson(const app::CreditRecordCase& c) {
  return {{"id", c.id},
          {"case_number", c.case_number},
          {"title", c.title},
          {"agency", {{"id", c.agency_id}, {"name", c.agency_name}}},
          {"status", c.status},
          {"created_at", c.created_at.ToString()},
          {"sent_to_police_at", TimeJson(c.sent_to_police_at)}};
}

Schema RecordCaseSchema() {
  return Obj({{"id", Int()},
              {"case_number", Str()},
              {"title", Str()},
              {"agency", IdName()},
              {"status", Str()},
              {"created_at", DateTime()},
              {"sent_to_police_at", DateTime().Nullable().Describe("移送公安的时间")}});
}

// The counts a risk grade is computed from (CreditRecordJson's and the subjects list's `facts`).
Schema CreditFactsSchema() {
  return Obj({{"listed", Bool()},
              {"penalties", Int()},
              {"transfers", Int()},
              {"cases", Int()},
              {"leads", Int()},
              {"ip_findings", Int()}});
}

// The risk grades of the rule pack (rules/credit), key with title.
Schema GradeEnum() {
  std::vector<std::pair<std::string, std::string>> grades;
  for (const auto& g : credit::DefaultRiskRules().grades) grades.emplace_back(g.key, g.title);
  return EnumPairs(std::move(grades));
}

Json CreditRecordJson(const app::CreditRecord& rec) {
  Json penalties = Json::array();
  for (const auto& d : rec.penalties) penalties.push_back(DisclosureJson(d));
  Json listings = Json::array();
  for (const auto& l : rec.listings) listings.push_back(ListingJson(l, true));
  Json repairs = Json::array();
  for (const auto& c : rec.repairs) repairs.push_back(RepairJson(c));
  Json cases = Json::array();
  for (const auto& c : rec.cases) cases.push_back(RecordCaseJson(c));
  Json findings = Json::array();
  for (const auto& f : rec.ip_findings) findings.push_back(FindingJson(f));
  Json reasons = rec.grade.reasons;
  return {{"credit_code", rec.credit_code},
          {"name", rec.name},
          {"grade",
           {{"key", rec.grade.key},
            {"title", rec.grade.title},
            {"reasons", reasons},
            {"source", rec.grade.source},
            {"confidence", rec.grade.confidence}}},
          {"window", {{"years", rec.window_years}, {"from", rec.window_from.ToString()}}},
          {"facts",
           {{"listed", rec.facts.listed},
            {"penalties", rec.facts.penalties},
            {"transfers", rec.facts.transfers},
            {"cases", rec.facts.cases},
            {"leads", rec.facts.leads},
            {"ip_findings", rec.facts.ip_findings}}},
          {"listed_now", rec.listed_now},
          {"ip_findings", findings},
          {"penalties", penalties},
          {"listings", listings},
          {"repairs", repairs},
          {"cases", cases},
          {"cases_elsewhere", rec.cases_elsewhere},
          {"leads", rec.leads}};
}

Schema CreditRecordSchema(Router& r, const Schema& disclosure) {
  return Obj(
      {{"credit_code", Str()},
       {"name", Str()},
       {"grade", Obj({{"key", GradeEnum()},
                      {"title", Str()},
                      {"reasons", Arr(Str())},
                      {"source", Str().Describe("规则依据")},
                      {"confidence", Str()}})},
       {"window", Obj({{"years", Int()}, {"from", Date()}}).Describe("计入事实的时间窗")},
       {"facts", CreditFactsSchema()},
       {"listed_now", Bool()},
       {"ip_findings", Arr(FindingRef(r))},
       {"penalties", Arr(disclosure)},
       {"listings", Arr(ListingRef(r))},
       {"repairs", Arr(r.Component("CreditRepair", RepairSchema()))},
       {"cases", Arr(RecordCaseSchema())},
       {"cases_elsewhere", Int().Describe("范围外的案件数 (cases outside the reader's scope)")},
       {"leads", Int()}});
}

// A typical case; `internal_view` adds what stays with the office (the text as written, the
// names hidden, the case it is drawn from).
Json TypicalCaseJson(const app::TypicalCase& t, bool internal_view) {
  Json j = {{"id", t.id},
            {"title", t.title},
            {"category", t.category},
            {"category_zh", LabelOf(app::CaseCategories(), t.category)},
            {"body_public", t.body_public},
            {"lesson", t.lesson},
            {"published_at", TimeJson(t.published_at)}};
  if (internal_view) {
    j["region_code"] = t.region_code;
    j["case_id"] = t.case_id ? Json(*t.case_id) : Json();
    j["body"] = t.body;
    j["redactions"] = t.redactions;
    j["hidden_names"] = t.hidden_names;
    j["status"] = t.status;
    j["status_zh"] = LabelOf(app::TypicalCaseStatuses(), t.status);
    j["withdrawn_at"] = TimeJson(t.withdrawn_at);
    j["withdraw_reason"] = t.withdraw_reason;
    j["version"] = t.version;
    j["created_at"] = t.created_at.ToString();
    j["updated_at"] = t.updated_at.ToString();
  }
  return j;
}

// The shapes TypicalCaseJson renders: the portal's, and the office's with what stays inside.
Schema PublicTypicalCaseSchema() {
  return Obj({{"id", Int()},
              {"title", Str()},
              {"category", Enum(app::CaseCategories())},
              {"category_zh", Str()},
              {"body_public", Str().Describe("公开文本（已隐去姓名）")},
              {"lesson", Str()},
              {"published_at", DateTime().Nullable()}});
}

Schema TypicalCaseRef(Router& r) {
  return r.Component("TypicalCase",
                     With(r.Component("PublicTypicalCase", PublicTypicalCaseSchema()),
                          {{"region_code", Str()},
                           {"case_id", Int().Nullable()},
                           {"body", Str().Describe("原文")},
                           {"redactions", Arr(Str())},
                           {"hidden_names", Arr(Str())},
                           {"status", Enum(app::TypicalCaseStatuses())},
                           {"status_zh", Str()},
                           {"withdrawn_at", DateTime().Nullable()},
                           {"withdraw_reason", Str()},
                           {"version", Int()},
                           {"created_at", DateTime()},
                           {"updated_at", DateTime()}}));
}

// What a client may echo back of a typical case it read: accepted and ignored.
constexpr const char* kTypicalCaseReadOnly[] = {
    "id",           "status",      "status_zh",    "body_public",  "redactions",
    "hidden_names", "category_zh", "published_at", "withdrawn_at", "withdraw_reason",
    "region_code",  "created_at",  "updated_at"};

// The body of POST/PUT /typical-cases into the use case's input (`version` for PUT).
core::Result<app::TypicalCaseInput> ReadTypicalCase(const Json& body, std::optional<int64_t>* version) {
  internal::Fields f(body);
  app::TypicalCaseInput in;
  in.case_id = f.Int("case_id");
  f.IsNull("case_id");
  in.title = f.String("title", true, 4000).value_or("");
  in.category = f.String("category", true).value_or("");
  in.body = f.String("body", true, 60000).value_or("");
  in.lesson = f.String("lesson", false, 12000).value_or("");
  in.hide_names = f.StringList("hide_names").value_or(std::vector<std::string>{});
  if (version) *version = f.Int("version", true);
  for (const char* ignored : kTypicalCaseReadOnly) {
    f.IsNull(ignored);  // read-only fields echoed back are ignored
  }
  IPE_RETURN_IF_ERROR(f.Finish());
  return in;
}

// What ReadTypicalCase reads (`version` for PUT); the read-only fields a client echoes back are
// accepted and ignored.
Schema TypicalCaseBody(bool with_version) {
  std::vector<Schema::Property> props = {
      {"case_id", Int().Optional().Describe("取材的案件")},
      {"title", Str(4000)},
      {"category", Enum(app::CaseCategories())},
      {"body", Str(60000).Describe("案例正文（公开前隐去 hide_names 中的姓名）")},
      {"lesson", Str(12000).Optional().Describe("典型意义")},
      {"hide_names", Arr(Str()).Optional().Describe("须隐去的姓名，最多 20 个")}};
  if (with_version) props.push_back({"version", Int()});
  for (const char* ignored : kTypicalCaseReadOnly) {
    props.push_back({ignored, Any().Optional().Describe("只读，忽略 (read-only, ignored)")});
  }
  return Obj(std::move(props)).Closed();
}

}  // namespace

void RegisterCreditApi(Dispatcher& d) {
  app::Context& ctx = d.context();
  Router& r = d.router();

  r.Add("GET", "/api/v1/disclosures/codes", Access::kAuthenticated, [](Request&) -> Reply {
    Json kinds = Json::array();
    for (const auto& k : credit::PenaltyKinds()) {
      kinds.push_back({{"code", k.key}, {"name_zh", k.name_zh}});
    }
    return JsonResponse(200, Json{{"statuses", CodesJson(app::DisclosureStatuses())},
                                  {"withhold_reasons", CodesJson(app::WithholdReasons())},
                                  {"withdraw_kinds", CodesJson(app::WithdrawKinds())},
                                  {"serious_list_grounds", CodesJson(app::SeriousListGrounds())},
                                  {"repair_statuses", CodesJson(app::RepairStatuses())},
                                  {"penalty_kinds", kinds}});
  }, "公示代码表 (disclosure codes)");
  Schema code = Obj({{"code", Str()}, {"name_zh", Str()}});
  r.Describe("GET", "/api/v1/disclosures/codes",
             RouteSpec().Returns(200, Obj({{"statuses", Arr(code)},
                                           {"withhold_reasons", Arr(code)},
                                           {"withdraw_kinds", Arr(code)},
                                           {"serious_list_grounds", Arr(code)},
                                           {"repair_statuses", Arr(code)},
                                           {"penalty_kinds", Arr(code)}})));

  r.Add("GET", "/api/v1/disclosures", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto page, internal::PageFromQuery(req));
    app::DisclosureFilter f;
    f.q = req.Query("q");
    f.status = req.Query("status");
    f.region = req.Query("region");
    for (auto* field : {&f.q, &f.status, &f.region}) {
      if (*field && field->value().empty()) field->reset();
    }
    IPE_ASSIGN_OR_RETURN(f.overdue, internal::BoolQuery(req, "overdue"));
    IPE_ASSIGN_OR_RETURN(f.agency_id, internal::IntQuery(req, "agency_id"));
    IPE_ASSIGN_OR_RETURN(auto result, app::ListDisclosures(ctx, *req.principal, f, page));
    return JsonResponse(200, internal::PageJson(result, DisclosureJson));
  }, "行政处罚信息公示列表 (list disclosures)");
  Schema disclosure = DisclosureRef(r);
  r.Describe("GET", "/api/v1/disclosures",
             RouteSpec()
                 .Query(PageQuery({{"q", Str(), false, "关键词 (search)"},
                                   {"status", Enum(app::DisclosureStatuses()), false, "状态"},
                                   {"region", Str(), false, "区划代码 (region)"},
                                   {"overdue", Bool(), false, "逾期未公示 (overdue)"},
                                   {"agency_id", Int(), false, "机关 (agency)"}}))
                 .Returns(200, PageOf(disclosure)));

  // For the national credit-sharing platform (docs/credit.md "Export feed"): changes in order.
  r.Add("GET", "/api/v1/disclosures/feed", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    auto cursor = req.Query("cursor").value_or("");
    IPE_ASSIGN_OR_RETURN(auto limit, internal::IntQuery(req, "limit"));
    std::string format = req.Query("format").value_or("json");
    if (format != "json" && format != "csv") {
      return core::Status(core::InvalidArgument("格式应为 json 或 csv")).AddFieldError("format", "json 或 csv");
    }
    IPE_ASSIGN_OR_RETURN(auto feed, app::ExportDisclosureFeed(ctx, *req.principal, cursor,
                                                              static_cast<int>(limit.value_or(500))));
    if (format == "csv") {
      std::string body = "\xEF\xBB\xBF" + core::CsvLine({"id", "decision_no", "decision_date", "party_kind",
                                                        "party_name", "credit_code", "id_masked",
                                                        "violation_type", "facts", "legal_basis",
                                                        "penalty_content", "agency_name", "published_on",
                                                        "display_until", "status", "withdraw_kind",
                                                        "withdraw_reason", "changed_at"});
      for (const auto& c : feed.items) {
        const app::PublicDisclosure& p = c.record;
        body += core::CsvLine({std::to_string(p.id), p.decision_no, p.decision_date.ToString(), p.party_kind,
                               p.party_name, p.credit_code.value_or(""), p.id_masked.value_or(""),
                               p.violation_type, p.facts, p.legal_basis, p.penalty_content, p.agency_name,
                               p.published_on.ToString(), p.display_until.ToString(), c.status,
                               c.withdraw_kind, c.withdraw_reason, c.changed_at.ToString()});
      }
      Response resp;
      resp.content_type = "text/csv; charset=utf-8";
      resp.body = std::move(body);
      resp.headers.emplace_back("Content-Disposition", "attachment; filename=\"disclosures.csv\"");
      resp.headers.emplace_back("X-Next-Cursor", feed.next_cursor);
      resp.headers.emplace_back("Cache-Control", "no-store");
      return resp;
    }
    Json items = Json::array();
    for (const auto& c : feed.items) {
      Json j = PublicJson(c.record);
      j["status"] = c.status;
      j["withdraw_kind"] = c.withdraw_kind;
      j["withdraw_reason"] = c.withdraw_reason;
      j["changed_at"] = c.changed_at.ToString();
      items.push_back(std::move(j));
    }
    return JsonResponse(200, Json{{"items", std::move(items)}, {"next_cursor", feed.next_cursor}});
  }, "公示信息导出（信用信息共享平台）(export feed of disclosures)");
  r.Describe("GET", "/api/v1/disclosures/feed",
             RouteSpec()
                 .Query({{"cursor", Str(), false, "上次的 next_cursor (cursor)"},
                         {"limit", Int(), false, "条数，默认 500"},
                         {"format", Enum({{"json", "JSON"}, {"csv", "CSV"}}), false, "默认 json"}})
                 .Returns(200, Obj({{"items", Arr(With(PublicDisclosureSchema(),
                                                       {{"status", Str()},
                                                        {"withdraw_kind", Str()},
                                                        {"withdraw_reason", Str()},
                                                        {"changed_at", DateTime()}}))},
                                    {"next_cursor", Str()}}))
                 .Returns(200, Str(), "CSV（下一游标在 X-Next-Cursor 头）", "text/csv"));

  r.Add("GET", "/api/v1/disclosures/supervision", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto period, internal::PeriodQuery(req));
    IPE_ASSIGN_OR_RETURN(auto figures,
                         app::DisclosureSupervision(ctx, *req.principal, period.from, period.to));
    Json items = Json::array();
    for (const auto& f : figures) {
      items.push_back({{"agency_id", f.agency_id},       {"agency_name", f.agency_name},
                       {"decisions", f.decisions},       {"published", f.published},
                       {"on_time", f.on_time},           {"on_time_pct", f.on_time_pct},
                       {"overdue_open", f.overdue_open}, {"withheld", f.withheld},
                       {"withdrawn", f.withdrawn},       {"median_delay_days", f.median_delay_days},
                       {"worst_delay_days", f.worst_delay_days}});
    }
    return JsonResponse(200, Json{{"from", period.from.ToString()}, {"to", period.to.ToString()}, {"items", items}});
  }, "公示工作监督统计 (disclosure supervision figures)");
  r.Describe("GET", "/api/v1/disclosures/supervision",
             RouteSpec()
                 .Query({{"from", Date(), true, "起始日期"}, {"to", Date(), true, "截止日期"}})
                 .Returns(200, Obj({{"from", Date()},
                                    {"to", Date()},
                                    {"items", Arr(Obj({{"agency_id", Int()},
                                                       {"agency_name", Str()},
                                                       {"decisions", Int()},
                                                       {"published", Int()},
                                                       {"on_time", Int()},
                                                       {"on_time_pct", Int()},
                                                       {"overdue_open", Int()},
                                                       {"withheld", Int()},
                                                       {"withdrawn", Int()},
                                                       {"median_delay_days", Int()},
                                                       {"worst_delay_days", Int()}}))}})));

  r.Add("GET", "/api/v1/disclosures/{id}", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto result, app::GetDisclosure(ctx, *req.principal, id));
    return JsonResponse(200, DisclosureJson(result));
  }, "公示记录 (disclosure)");
  r.Describe("GET", "/api/v1/disclosures/{id}", RouteSpec().Returns(200, disclosure));

  r.Add("PUT", "/api/v1/disclosures/{id}", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
    internal::Fields f(body);
    app::DisclosureEdit e;
    e.violation_type = f.String("violation_type", true, 2000).value_or("");
    e.facts = f.String("facts", true, 8000).value_or("");
    e.legal_basis = f.String("legal_basis", false, 8000).value_or("");
    auto version = f.Int("version", true);
    IPE_RETURN_IF_ERROR(f.Finish());
    IPE_ASSIGN_OR_RETURN(auto result,
                         app::UpdateDisclosureDraft(ctx, *req.principal, id, e, *version));
    return JsonResponse(200, DisclosureJson(result));
  }, "修改公示草稿 (edit a disclosure draft)");
  r.Describe("PUT", "/api/v1/disclosures/{id}",
             RouteSpec()
                 .Body(Obj({{"violation_type", Str(2000)},
                            {"facts", Str(8000)},
                            {"legal_basis", Str(8000).Optional()},
                            {"version", Int()}})
                           .Closed())
                 .Returns(200, disclosure));

  r.Add("POST", "/api/v1/disclosures/{id}/publish", Access::kAuthenticated,
        [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto in, internal::IdAndVersionOf(req));
    IPE_ASSIGN_OR_RETURN(auto result, app::PublishDisclosure(ctx, *req.principal, in.id, in.version));
    return JsonResponse(200, DisclosureJson(result));
  }, "公示 (publish a disclosure)");
  r.Describe("POST", "/api/v1/disclosures/{id}/publish",
             RouteSpec().Body(Obj({{"version", Int()}}).Closed()).Returns(200, disclosure));

  r.Add("POST", "/api/v1/disclosures/{id}/withhold", Access::kAuthenticated,
        [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
    internal::Fields f(body);
    auto reason = f.String("reason", true, 40);
    auto note = f.String("note", false, 8000);
    auto version = f.Int("version", true);
    IPE_RETURN_IF_ERROR(f.Finish());
    IPE_ASSIGN_OR_RETURN(auto result, app::WithholdDisclosure(ctx, *req.principal, id, *reason,
                                                              note.value_or(""), *version));
    return JsonResponse(200, DisclosureJson(result));
  }, "不予公示 (withhold a disclosure)");
  r.Describe("POST", "/api/v1/disclosures/{id}/withhold",
             RouteSpec()
                 .Body(Obj({{"reason", Str(40).Describe("不予公示理由代码 (GET /disclosures/codes)")},
                            {"note", Str(8000).Optional()},
                            {"version", Int()}})
                           .Closed())
                 .Returns(200, disclosure));

  r.Add("POST", "/api/v1/disclosures/{id}/withdraw", Access::kAuthenticated,
        [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
    internal::Fields f(body);
    auto kind = f.String("kind", true, 40);
    auto reason = f.String("reason", true, 8000);
    auto changed_on = f.String("changed_on", true, 10);
    auto version = f.Int("version", true);
    IPE_RETURN_IF_ERROR(f.Finish());
    auto date = core::ParseDate(*changed_on);
    if (!date) {
      return core::Status(core::InvalidArgument("撤下公示的信息有误"))
          .AddFieldError("changed_on", "日期格式应为 YYYY-MM-DD");
    }
    IPE_ASSIGN_OR_RETURN(auto result, app::WithdrawDisclosure(ctx, *req.principal, id, *kind,
                                                              *reason, *date, *version));
    return JsonResponse(200, DisclosureJson(result));
  }, "撤下公示 (withdraw a disclosure)");
  r.Describe("POST", "/api/v1/disclosures/{id}/withdraw",
             RouteSpec()
                 .Body(Obj({{"kind", Str(40).Describe("撤下类别代码 (GET /disclosures/codes)")},
                            {"reason", Str(8000)},
                            {"changed_on", Str(10).Describe("YYYY-MM-DD")},
                            {"version", Int()}})
                           .Closed())
                 .Returns(200, disclosure));

  r.Add("GET", "/api/v1/repairs", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto page, internal::PageFromQuery(req));
    auto status = req.Query("status");
    if (status && status->empty()) status.reset();
    IPE_ASSIGN_OR_RETURN(auto result, app::ListRepairs(ctx, *req.principal, status, page));
    return JsonResponse(200, internal::PageJson(result, RepairJson));
  }, "信用修复申请列表 (list credit-repair applications)");
  r.Describe("GET", "/api/v1/repairs",
             RouteSpec()
                 .Query(PageQuery({{"status", Enum(app::RepairStatuses()), false, "状态"}}))
                 .Returns(200, PageOf(r.Component("CreditRepair", RepairSchema()))));

  // 分级分类监管: the enterprises of the reader's region by stored risk grade; `grades` lists the
  // rules' grades (key and title) for the filter.
  r.Add("GET", "/api/v1/credit/subjects", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto page, internal::PageFromQuery(req));
    app::SubjectFilter f;
    f.grade = req.Query("grade");
    f.region = req.Query("region");
    f.q = req.Query("q");
    for (auto* field : {&f.grade, &f.region, &f.q}) {
      if (*field && field->value().empty()) field->reset();
    }
    IPE_ASSIGN_OR_RETURN(auto result, app::ListCreditSubjects(ctx, *req.principal, f, page));
    const credit::RiskRules& rules = credit::DefaultRiskRules();
    Json out = internal::PageJson(result, [&rules](const app::CreditSubject& s) {
      const credit::RiskGradeRule* g = rules.Find(s.grade);
      Json reasons = s.reasons;
      return Json{{"credit_code", s.credit_code},
                  {"name", s.name},
                  {"region_code", s.region_code},
                  {"region_name", core::Regions().FullName(s.region_code)},
                  {"grade", {{"key", s.grade}, {"title", g ? g->title : s.grade}}},
                  {"reasons", reasons},
                  {"facts",
                   {{"listed", s.facts.listed},
                    {"penalties", s.facts.penalties},
                    {"transfers", s.facts.transfers},
                    {"cases", s.facts.cases},
                    {"leads", s.facts.leads},
                    {"ip_findings", s.facts.ip_findings}}},
                  {"graded_on", s.graded_on.ToString()}};
    });
    Json grades = Json::array();
    for (const auto& g : rules.grades) grades.push_back({{"key", g.key}, {"title", g.title}});
    out["grades"] = grades;
    out["window_years"] = rules.window_years;
    return JsonResponse(200, out);
  }, "按信用风险分类列出企业 (enterprises by risk grade)");
  r.Describe(
      "GET", "/api/v1/credit/subjects",
      RouteSpec()
          .Refuses(403, "无查看信用档案的权限 (no credit.read capability)")
          .Query(PageQuery({{"grade", GradeEnum(), false, "风险分类"},
                            {"region", Str(), false, "区划代码（含下级）"},
                            {"q", Str(), false, "企业名称或统一社会信用代码"}}))
          .Returns(200, With(PageOf(Obj({{"credit_code", Str()},
                                         {"name", Str()},
                                         {"region_code", Str()},
                                         {"region_name", Str()},
                                         {"grade", Obj({{"key", GradeEnum()}, {"title", Str()}})},
                                         {"reasons", Arr(Str())},
                                         {"facts", CreditFactsSchema()},
                                         {"graded_on", Date()}})),
                             {{"grades", Arr(Obj({{"key", GradeEnum()}, {"title", Str()}}))
                                             .Describe("规则包中的分类（筛选用）")},
                              {"window_years", Int()}})));

  r.Add("GET", "/api/v1/credit/subjects/{code}", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto rec, app::GetCreditRecord(ctx, *req.principal, req.path_params["code"]));
    return JsonResponse(200, CreditRecordJson(rec));
  }, "企业信用档案与风险分类 (credit record and risk grade of an enterprise)");
  r.Describe("GET", "/api/v1/credit/subjects/{code}",
             RouteSpec()
                 .Refuses(403, "无查看信用档案的权限 (no credit.read capability)")
                 .Returns(200, r.Component("CreditRecord", CreditRecordSchema(r, disclosure))));

  // 知识产权失信认定: the IP office's findings (docs/credit.md "IP office findings").
  r.Add("GET", "/api/v1/credit/ip-findings", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto page, internal::PageFromQuery(req));
    IPE_ASSIGN_OR_RETURN(auto result, app::ListIpFindings(ctx, *req.principal, page));
    Json out = internal::PageJson(result, FindingJson);
    Json kinds = Json::array();
    for (const auto& k : app::IpFindingKinds()) kinds.push_back({{"code", k.code}, {"label", k.name_zh}});
    out["kinds"] = kinds;
    return JsonResponse(200, out);
  }, "知识产权失信认定列表 (the IP office's findings)");
  Schema finding = FindingRef(r);
  r.Describe(
      "GET", "/api/v1/credit/ip-findings",
      RouteSpec()
          .Refuses(403, "无查看信用档案的权限 (no credit.read capability)")
          .Query(PageQuery())
          .Returns(200, With(PageOf(finding),
                             {{"kinds",
                               Arr(Obj({{"code", Enum(app::IpFindingKinds())}, {"label", Str()}}))
                                   .Describe("认定类型（表单用）")}})));

  r.Add("POST", "/api/v1/credit/ip-findings", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
    internal::Fields f(body);
    app::IpFindingInput in;
    in.kind = f.String("kind", true, 40).value_or("");
    in.subject_name = f.String("subject_name", true, 400).value_or("");
    in.credit_code = f.String("credit_code", false, 40);
    in.id_number = f.String("id_number", false, 40);
    in.filing_numbers = f.StringList("filing_numbers").value_or(std::vector<std::string>{});
    auto date = f.String("finding_date", true, 10);
    in.basis = f.String("basis", true, 8000).value_or("");
    IPE_RETURN_IF_ERROR(f.Finish());
    for (auto* field : {&in.credit_code, &in.id_number}) {
      if (*field && field->value().empty()) field->reset();
    }
    auto parsed = core::ParseDate(*date);
    if (!parsed) {
      return core::Status(core::InvalidArgument("认定信息有误 (invalid finding)"))
          .AddFieldError("finding_date", "日期格式应为 YYYY-MM-DD");
    }
    in.finding_date = *parsed;
    IPE_ASSIGN_OR_RETURN(auto result, app::RecordIpFinding(ctx, *req.principal, in));
    return JsonResponse(201, FindingJson(result));
  }, "记录知识产权失信认定 (record an IP office finding)");
  r.Describe("POST", "/api/v1/credit/ip-findings",
             RouteSpec()
                 .Refuses(403, "仅知识产权管理部门记录认定 (IP offices only)")
                 .Body(Obj({{"kind", Enum(app::IpFindingKinds())},
                            {"subject_name", Str(400)},
                            {"credit_code", Str(40).Optional().Describe("企业：统一社会信用代码")},
                            {"id_number", Str(40).Optional().Describe("自然人：身份证号码")},
                            {"filing_numbers", Arr(Str()).Optional().Describe("申请号")},
                            {"finding_date", Date()},
                            {"basis", Str(8000)}})
                           .Closed())
                 .Returns(201, finding));

  r.Add("POST", "/api/v1/credit/ip-findings/{id}/revoke", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto in, internal::IdVersionAndReasonOf(req));
    IPE_ASSIGN_OR_RETURN(auto result, app::RevokeIpFinding(ctx, *req.principal, in.id, in.reason, in.version));
    return JsonResponse(200, FindingJson(result));
  }, "撤销知识产权失信认定 (revoke an IP office finding)");
  r.Describe(
      "POST", "/api/v1/credit/ip-findings/{id}/revoke",
      RouteSpec()
          .Refuses(403, "仅作出认定的知识产权管理部门 (the recording IP office only)")
          .Refuses(404, "记录不存在或不在范围内 (unknown or out of scope)")
          .Refuses(
              409,
              "版本已变（他人已修改）或当前状态不允许 (stale version, or the state forbids it)")
          .Body(Obj({{"reason", Str(8000)}, {"version", Int()}}).Closed())
          .Returns(200, finding));

  // 个人信用档案: the ID number travels in the body, never in a URL (access logs, proxies).
  r.Add("POST", "/api/v1/credit/persons/lookup", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
    internal::Fields f(body);
    auto id_number = f.String("id_number", true, 40);
    IPE_RETURN_IF_ERROR(f.Finish());
    IPE_ASSIGN_OR_RETURN(auto rec, app::GetPersonCreditRecord(ctx, *req.principal, *id_number));
    Json penalties = Json::array();
    for (const auto& d : rec.penalties) penalties.push_back(DisclosureJson(d));
    Json listings = Json::array();
    for (const auto& l : rec.listings) listings.push_back(ListingJson(l, true));
    Json cases = Json::array();
    for (const auto& c : rec.cases) cases.push_back(RecordCaseJson(c));
    Json findings = Json::array();
    for (const auto& f : rec.ip_findings) findings.push_back(FindingJson(f));
    return JsonResponse(200, Json{{"id_masked", rec.id_masked},
                                  {"name", rec.name},
                                  {"listed_now", rec.listed_now},
                                  {"penalties", penalties},
                                  {"listings", listings},
                                  {"ip_findings", findings},
                                  {"cases", cases}});
  }, "查询个人信用档案 (a natural person's credit record, by ID number in the body)");
  r.Describe(
      "POST", "/api/v1/credit/persons/lookup",
      RouteSpec()
          .Refuses(403, "无查看信用档案的权限 (no credit.read capability)")
          .Description("身份证号码放在请求体中，不进网址 (the ID number never goes into a URL)")
          .Body(Obj({{"id_number", Str(40)}}).Closed())
          .Returns(200, Obj({{"id_masked", Str()},
                             {"name", Str()},
                             {"listed_now", Bool()},
                             {"penalties", Arr(disclosure)},
                             {"listings", Arr(ListingRef(r))},
                             {"ip_findings", Arr(finding)},
                             {"cases", Arr(RecordCaseSchema())}})));

  r.Add("POST", "/api/v1/repairs/{id}/decide", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
    internal::Fields f(body);
    auto approve = f.Bool("approve", true);
    auto fulfilled = f.Bool("fulfilled_confirmed");
    auto reason = f.String("reason", false, 8000);
    auto version = f.Int("version", true);
    IPE_RETURN_IF_ERROR(f.Finish());
    IPE_ASSIGN_OR_RETURN(auto result,
                         app::DecideRepair(ctx, *req.principal, id, *approve, fulfilled.value_or(false),
                                           reason.value_or(""), *version));
    return JsonResponse(200, Json{{"id", result.id},
                                  {"status", result.status},
                                  {"decision_reason", result.decision_reason},
                                  {"version", result.version}});
  }, "审核信用修复申请 (decide a credit-repair application)");
  r.Describe(
      "POST", "/api/v1/repairs/{id}/decide",
      RouteSpec()
          .Refuses(
              403,
              "无信用写入权限，或非作出处罚的机构 (no credit.write, or not the deciding agency)")
          .Refuses(404, "记录不存在或不在范围内 (unknown or out of scope)")
          .Refuses(409, "已处理、版本已变，或不符合信用修复条件 (decided, stale, or not eligible)")
          .Body(Obj({{"approve", Bool()},
                     {"fulfilled_confirmed", Bool().Optional().Describe("已核实履行处罚义务")},
                     {"reason", Str(8000).Optional()},
                     {"version", Int()}})
                    .Closed())
          .Returns(200, Obj({{"id", Int()},
                             {"status", Enum(app::RepairStatuses())},
                             {"decision_reason", Str()},
                             {"version", Int()}})));

  r.Add("GET", "/api/v1/serious-list", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto page, internal::PageFromQuery(req));
    IPE_ASSIGN_OR_RETURN(auto result, app::ListSeriousListings(ctx, *req.principal, page));
    return JsonResponse(200, internal::PageJson(result, [](const app::SeriousListing& l) {
      return ListingJson(l, true);
    }));
  }, "严重违法失信名单（机构）(serious-violation list, agencies)");
  Schema listing = ListingRef(r);
  r.Describe("GET", "/api/v1/serious-list",
             RouteSpec()
                 .Refuses(403, "无查看信用档案的权限 (no credit.read capability)")
                 .Query(PageQuery())
                 .Returns(200, PageOf(listing)));

  r.Add("POST", "/api/v1/serious-list", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
    internal::Fields f(body);
    auto disclosure = f.Int("disclosure_id", true);
    auto category = f.String("category", true, 100);
    auto basis = f.String("basis", true, 8000);
    auto aggravated = f.Bool("aggravated_fine");
    IPE_RETURN_IF_ERROR(f.Finish());
    IPE_ASSIGN_OR_RETURN(auto l, app::ListSeriousViolator(ctx, *req.principal, *disclosure, *category,
                                                          *basis, aggravated.value_or(false)));
    return JsonResponse(201, ListingJson(l, true));
  }, "列入严重违法失信名单 (list a serious violator)");
  r.Describe(
      "POST", "/api/v1/serious-list",
      RouteSpec()
          .Refuses(
              403,
              "无信用写入权限，或非作出处罚的机构 (no credit.write, or not the deciding agency)")
          .Refuses(404, "记录不存在或不在范围内 (unknown or out of scope)")
          .Refuses(409,
                   "处罚未公示、非较重行政处罚，或当事人已在名单中 (not published, not a heavier "
                   "penalty, or already listed)")
          .Body(Obj({{"disclosure_id", Int().Describe("已公示的行政处罚")},
                     {"category", Enum(app::SeriousListGrounds())},
                     {"basis", Str(8000)},
                     {"aggravated_fine", Bool().Optional().Describe("从重罚款")}})
                    .Closed())
          .Returns(201, listing));

  r.Add("POST", "/api/v1/serious-list/{id}/remove", Access::kAuthenticated,
        [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
    internal::Fields f(body);
    auto reason = f.String("reason", true, 8000);
    auto met = f.Bool("conditions_met", true);
    auto version = f.Int("version", true);
    IPE_RETURN_IF_ERROR(f.Finish());
    IPE_ASSIGN_OR_RETURN(auto l, app::RemoveSeriousListing(ctx, *req.principal, id, *reason, *met, *version));
    return JsonResponse(200, ListingJson(l, true));
  }, "提前移出严重违法失信名单 (remove a listing early)");
  r.Describe(
      "POST", "/api/v1/serious-list/{id}/remove",
      RouteSpec()
          .Refuses(
              403,
              "无信用写入权限，或非作出处罚的机构 (no credit.write, or not the deciding agency)")
          .Refuses(404, "记录不存在或不在范围内 (unknown or out of scope)")
          .Refuses(
              409,
              "版本已变（他人已修改）或当前状态不允许 (stale version, or the state forbids it)")
          .Body(Obj({{"reason", Str(8000)},
                     {"conditions_met", Bool().Describe("已满足提前移出条件")},
                     {"version", Int()}})
                    .Closed())
          .Returns(200, listing));

  // ---- 典型案例 (the office) ---------------------------------------------------------------
  r.Add("GET", "/api/v1/typical-cases", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto page, internal::PageFromQuery(req));
    auto status = req.Query("status");
    if (status && status->empty()) status.reset();
    IPE_ASSIGN_OR_RETURN(auto result, app::ListTypicalCases(ctx, *req.principal, status, page));
    return JsonResponse(200, internal::PageJson(result, [](const app::TypicalCase& t) {
      return TypicalCaseJson(t, true);
    }));
  }, "典型案例列表 (typical cases, the office)");
  Schema typical = TypicalCaseRef(r);
  r.Describe("GET", "/api/v1/typical-cases",
             RouteSpec()
                 .Refuses(403, "仅领导小组办公室编写、发布典型案例 (typical_case.manage)")
                 .Query(PageQuery({{"status", Enum(app::TypicalCaseStatuses()), false, "状态"}}))
                 .Returns(200, PageOf(typical)));

  r.Add("POST", "/api/v1/typical-cases", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
    IPE_ASSIGN_OR_RETURN(auto in, ReadTypicalCase(body, nullptr));
    IPE_ASSIGN_OR_RETURN(auto result, app::CreateTypicalCase(ctx, *req.principal, in));
    return JsonResponse(201, TypicalCaseJson(result, true));
  }, "新建典型案例 (create a typical case)");
  r.Describe("POST", "/api/v1/typical-cases",
             RouteSpec()
                 .Refuses(403, "仅领导小组办公室编写、发布典型案例 (typical_case.manage)")
                 .Body(TypicalCaseBody(false))
                 .Returns(201, typical));

  r.Add("GET", "/api/v1/typical-cases/{id}", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto result, app::GetTypicalCase(ctx, *req.principal, id));
    return JsonResponse(200, TypicalCaseJson(result, true));
  }, "典型案例 (typical case)");
  r.Describe("GET", "/api/v1/typical-cases/{id}",
             RouteSpec()
                 .Refuses(403, "仅领导小组办公室编写、发布典型案例 (typical_case.manage)")
                 .Refuses(404, "记录不存在或不在范围内 (unknown or out of scope)")
                 .Returns(200, typical));

  r.Add("PUT", "/api/v1/typical-cases/{id}", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
    std::optional<int64_t> version;
    IPE_ASSIGN_OR_RETURN(auto in, ReadTypicalCase(body, &version));
    IPE_ASSIGN_OR_RETURN(auto result, app::UpdateTypicalCase(ctx, *req.principal, id, in, *version));
    return JsonResponse(200, TypicalCaseJson(result, true));
  }, "修改典型案例草稿 (update a typical-case draft)");
  r.Describe(
      "PUT", "/api/v1/typical-cases/{id}",
      RouteSpec()
          .Refuses(403, "仅领导小组办公室编写、发布典型案例 (typical_case.manage)")
          .Refuses(404, "记录不存在或不在范围内 (unknown or out of scope)")
          .Refuses(
              409,
              "版本已变（他人已修改）或当前状态不允许 (stale version, or the state forbids it)")
          .Body(TypicalCaseBody(true))
          .Returns(200, typical));

  r.Add("POST", "/api/v1/typical-cases/{id}/publish", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto in, internal::IdAndVersionOf(req));
    IPE_ASSIGN_OR_RETURN(auto result, app::PublishTypicalCase(ctx, *req.principal, in.id, in.version));
    return JsonResponse(200, TypicalCaseJson(result, true));
  }, "发布典型案例 (publish a typical case)");
  r.Describe(
      "POST", "/api/v1/typical-cases/{id}/publish",
      RouteSpec()
          .Refuses(403, "仅领导小组办公室编写、发布典型案例 (typical_case.manage)")
          .Refuses(404, "记录不存在或不在范围内 (unknown or out of scope)")
          .Refuses(
              409,
              "版本已变（他人已修改）或当前状态不允许 (stale version, or the state forbids it)")
          .Body(Obj({{"version", Int()}}).Closed())
          .Returns(200, typical));

  r.Add("POST", "/api/v1/typical-cases/{id}/withdraw", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto in, internal::IdVersionAndReasonOf(req));
    IPE_ASSIGN_OR_RETURN(auto result,
                         app::WithdrawTypicalCase(ctx, *req.principal, in.id, in.reason, in.version));
    return JsonResponse(200, TypicalCaseJson(result, true));
  }, "撤下典型案例 (withdraw a typical case)");
  r.Describe(
      "POST", "/api/v1/typical-cases/{id}/withdraw",
      RouteSpec()
          .Refuses(403, "仅领导小组办公室编写、发布典型案例 (typical_case.manage)")
          .Refuses(404, "记录不存在或不在范围内 (unknown or out of scope)")
          .Refuses(
              409,
              "版本已变（他人已修改）或当前状态不允许 (stale version, or the state forbids it)")
          .Body(Obj({{"reason", Str(8000)}, {"version", Int()}}).Closed())
          .Returns(200, typical));

  // ---- public portal (no login; nothing internal) ----------------------------------------
  r.Add("GET", "/api/v1/public/typical-cases", Access::kPublic, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto page, internal::PageFromQuery(req));
    IPE_ASSIGN_OR_RETURN(auto result, app::PublicTypicalCases(ctx, page));
    return JsonResponse(200, internal::PageJson(result, [](const app::TypicalCase& t) {
      return TypicalCaseJson(t, false);
    }));
  }, "典型案例 (public: published typical cases)");
  r.Describe("GET", "/api/v1/public/typical-cases",
             RouteSpec().Query(PageQuery()).Returns(200, PageOf(Ref("PublicTypicalCase"))));

  r.Add("GET", "/api/v1/public/typical-cases/{id}", Access::kPublic, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto result, app::GetPublicTypicalCase(ctx, id));
    return JsonResponse(200, TypicalCaseJson(result, false));
  }, "典型案例 (public: one typical case)");
  r.Describe("GET", "/api/v1/public/typical-cases/{id}",
             RouteSpec()
                 .Refuses(404, "未发布或不存在 (not published)")
                 .Returns(200, Ref("PublicTypicalCase")));
  r.Add("GET", "/api/v1/public/serious-list", Access::kPublic, [&ctx](Request& req) -> Reply {
    IPE_RETURN_IF_ERROR(app::CheckPublicPass(ctx, req.Header("x-public-pass"), req.client));
    IPE_ASSIGN_OR_RETURN(auto page, internal::PageFromQuery(req));
    IPE_ASSIGN_OR_RETURN(auto result, app::PublicSeriousList(ctx, page));
    return JsonResponse(200, internal::PageJson(result, [](const app::SeriousListing& l) {
      return ListingJson(l, false);
    }));
  }, "严重违法失信名单 (public: the serious-violation list)");
  r.Describe("GET", "/api/v1/public/serious-list",
             RouteSpec()
                 .Description("须带 X-Public-Pass 请求头（POST /public/pass 换得）(needs a pass)")
                 .Query(PageQuery())
                 .Returns(200, PageOf(PublicListingSchema())));

  r.Add("POST", "/api/v1/public/repairs", Access::kPublic, [&ctx](Request& req) -> Reply {
    IPE_RETURN_IF_ERROR(app::CheckPublicPass(ctx, req.Header("x-public-pass"), req.client));
    IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
    internal::Fields f(body);
    app::RepairApplication a;
    auto id = f.Int("disclosure_id", true);
    a.applicant_name = f.String("applicant_name", true, 2000).value_or("");
    a.contact_phone = f.String("contact_phone", true, 200).value_or("");
    a.statement = f.String("statement", true, 8000).value_or("");
    a.claims_fulfilled = f.Bool("penalty_fulfilled", true).value_or(false);
    IPE_RETURN_IF_ERROR(f.Finish());
    a.disclosure_id = *id;
    IPE_ASSIGN_OR_RETURN(auto receipt, app::ApplyForRepair(ctx, a));
    return JsonResponse(201, Json{{"receipt_no", receipt.receipt_no}, {"query_code", receipt.query_code}});
  }, "信用修复申请 (public: apply for credit repair)");
  r.Describe("POST", "/api/v1/public/repairs",
             RouteSpec()
                 .Description("须带 X-Public-Pass 请求头 (needs a pass)")
                 .Body(Obj({{"disclosure_id", Int()},
                            {"applicant_name", Str(2000)},
                            {"contact_phone", Str(200)},
                            {"statement", Str(8000)},
                            {"penalty_fulfilled", Bool()}})
                           .Closed())
                 .Returns(201, Obj({{"receipt_no", Str()},
                                    {"query_code", Str().Describe("查询码，仅此一次 (shown once)")}})));

  r.Add("GET", "/api/v1/public/repairs/{receipt}", Access::kPublic, [&ctx](Request& req) -> Reply {
    auto code = req.Query("code");
    IPE_ASSIGN_OR_RETURN(auto s, app::GetRepairStatus(ctx, req.path_params["receipt"], code.value_or("")));
    return JsonResponse(200, Json{{"receipt_no", s.receipt_no},
                                  {"status", s.status},
                                  {"status_zh", LabelOf(app::RepairStatuses(), s.status)},
                                  {"decision_no", s.decision_no},
                                  {"party_name", s.party_name},
                                  {"submitted_on", s.submitted_on.ToString()},
                                  {"decided_on", DateJson(s.decided_on)},
                                  {"decision_reason", s.decision_reason}});
  }, "信用修复进度 (public: an application's status)");
  r.Describe("GET", "/api/v1/public/repairs/{receipt}",
             RouteSpec()
                 .Query({{"code", Str(), true, "查询码 (query code)"}})
                 .Returns(200, Obj({{"receipt_no", Str()},
                                    {"status", Enum(app::RepairStatuses())},
                                    {"status_zh", Str()},
                                    {"decision_no", Str()},
                                    {"party_name", Str()},
                                    {"submitted_on", Date()},
                                    {"decided_on", Date().Nullable()},
                                    {"decision_reason", Str()}})));

  r.Add("GET", "/api/v1/public/challenge", Access::kPublic, [&ctx](Request&) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto c, app::NewPowChallenge(ctx));
    Response resp = JsonResponse(200, Json{{"algorithm", c.algorithm},
                                           {"challenge", c.challenge},
                                           {"maxnumber", c.maxnumber},
                                           {"salt", c.salt},
                                           {"signature", c.signature}});
    resp.headers.emplace_back("Cache-Control", "no-store");
    return resp;
  }, "人机验证题目 (public: ALTCHA challenge)");
  r.Describe("GET", "/api/v1/public/challenge",
             RouteSpec().Returns(200, Obj({{"algorithm", Str()},
                                           {"challenge", Str()},
                                           {"maxnumber", Int()},
                                           {"salt", Str()},
                                           {"signature", Str()}})));

  r.Add("POST", "/api/v1/public/pass", Access::kPublic, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
    internal::Fields f(body);
    auto payload = f.String("altcha", true, 4096);
    IPE_RETURN_IF_ERROR(f.Finish());
    IPE_ASSIGN_OR_RETURN(auto pass, app::RedeemPowSolution(ctx, *payload, req.client));
    return JsonResponse(200, Json{{"pass", pass.token}, {"expires_at", pass.expires.ToString()}});
  }, "人机验证 (public: redeem a solved challenge for a pass)");
  r.Describe("POST", "/api/v1/public/pass",
             RouteSpec()
                 .Body(Obj({{"altcha", Str(4096).Describe("ALTCHA 解答 (base64 JSON)")}}).Closed())
                 .Returns(200, Obj({{"pass", Str().Describe("X-Public-Pass 请求头的值")},
                                    {"expires_at", DateTime()}})));

  r.Add("GET", "/api/v1/public/disclosures", Access::kPublic, [&ctx](Request& req) -> Reply {
    IPE_RETURN_IF_ERROR(app::CheckPublicPass(ctx, req.Header("x-public-pass"), req.client));
    IPE_ASSIGN_OR_RETURN(auto page, internal::PageFromQuery(req));
    auto q = req.Query("q");
    if (q && q->empty()) q.reset();
    IPE_ASSIGN_OR_RETURN(auto result, app::SearchPublicDisclosures(ctx, q, page));
    return JsonResponse(200, internal::PageJson(result, PublicJson));
  }, "公示查询 (public: search published penalties)");
  r.Describe("GET", "/api/v1/public/disclosures",
             RouteSpec()
                 .Description("须带 X-Public-Pass 请求头 (needs a pass)")
                 .Query(PageQuery({{"q", Str(), false, "当事人、统一社会信用代码或决定书文号"}}))
                 .Returns(200, PageOf(r.Component("PublicDisclosure", PublicDisclosureSchema()))));

  r.Add("GET", "/api/v1/public/disclosures/{id}", Access::kPublic, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto result, app::GetPublicDisclosure(ctx, id));
    return JsonResponse(200, PublicJson(result));
  }, "公示详情 (public: a published penalty)");
  r.Describe("GET", "/api/v1/public/disclosures/{id}",
             RouteSpec().Returns(200, r.Component("PublicDisclosure", PublicDisclosureSchema())));
}

}  // namespace ipe::http
