// /api/v1/cases, /transfers, /supervision, /alerts — cases and two-law linkage (docs/api.md).
#include <algorithm>
#include <iterator>
#include <map>
#include <set>
#include <string_view>
#include <utility>

#include "app/accounts/accounts.h"
#include "app/calendar/calendar.h"
#include "app/cases/case_import.h"
#include "app/cases/cases.h"
#include "app/cases/transfers.h"
#include "app/credit/credit.h"
#include "app/crypto.h"
#include "core/limits.h"
#include "http/dispatcher.h"
#include "http/idempotency.h"
#include "http/internal/json_io.h"
#include "http/internal/views.h"
#include "rules/pack.h"

namespace ipe::http {

using internal::Fail;
using internal::Json;
using internal::DateJson;
using internal::JsonResponse;
using internal::TimeJson;

namespace {

constexpr size_t kMaxImportRows = 5000;          // rows per uploaded file (one transaction)
constexpr size_t kImportBodyBytes = 24u << 20;   // a 16 MiB file in base64 inside JSON

Json FenJson(const std::optional<core::Fen>& f) { return f ? Json(f->value) : Json(); }
Json IntJson(const std::optional<int64_t>& v) { return v ? Json(*v) : Json(); }
Json TextJson(const std::optional<std::string>& v) { return v ? Json(*v) : Json(); }

Json TransferJson(const app::Transfer& t) {
  Json steps = Json::array();
  for (const auto& s : t.steps) {
    steps.push_back({{"step", s.step},
                     {"at", s.at.ToString()},
                     {"actor", s.actor},
                     {"decision", s.decision},
                     {"reasons", s.reasons},
                     {"due_at", TimeJson(s.due_at)},
                     {"on_time", s.on_time ? Json(*s.on_time) : Json()}});
    if (!s.extension.empty()) {
      steps.back()["extension"] = s.extension;
      steps.back()["approver"] = s.approver;
      steps.back()["extended_to"] = TimeJson(s.extended_to);
    }
  }
  return Json{{"id", t.id},
              {"case_id", t.case_id},
              {"case", {{"id", t.case_id}, {"case_number", t.case_number}, {"title", t.case_title}}},
              {"agency", {{"id", t.agency_id}, {"name", t.agency_name}}},
              {"region", internal::RegionJson(t.region_code)},
              {"status", t.status},
              {"suspicion_only", t.suspicion_only},
              {"police_agency", t.police_agency_id
                                    ? Json{{"id", *t.police_agency_id}, {"name", t.police_agency_name}}
                                    : Json()},
              {"documents",
               {{"transfer_letter", t.documents.transfer_letter},
                {"investigation_report", t.documents.investigation_report},
                {"items_list", t.documents.items_list},
                {"inspection_reports", t.documents.inspection_reports},
                {"other", t.documents.other}}},
              {"current_step", t.current_step},
              {"current_step_title", t.current_step_title},
              {"due_at", TimeJson(t.due_at)},
              {"deadline_state", t.deadline_state},
              {"review_due_at", TimeJson(t.review_due_at)},
              {"steps", steps}};
}

Json FindingsJson(const std::vector<app::CaseFinding>& list) {
  Json findings = Json::array();
  for (const auto& f : list) {
    findings.push_back({{"rule_id", f.rule_id},
                        {"article", f.article},
                        {"crime", f.crime},
                        {"met", f.met},
                        {"level", f.level},
                        {"basis", f.basis},
                        {"source", f.source},
                        {"confidence", f.confidence},
                        {"unconfirmed", f.confidence == "M"},
                        {"note", f.note}});
  }
  return findings;
}

Json CaseJson(const app::Case& c, bool details, const std::optional<app::Transfer>& transfer) {
  const app::CaseInput& in = c.input;
  const app::CaseAmounts& a = in.amounts;
  Json j = {{"id", c.id},
            {"agency", {{"id", c.agency_id}, {"name", c.agency_name}}},
            {"region", internal::RegionJson(c.region_code)},
            {"case_number", in.case_number},
            {"title", in.title},
            {"category", in.category},
            {"conduct", TextJson(in.conduct)},
            {"source", in.source},
            {"campaign_tags", in.campaign_tags},
            {"status", c.status},
            {"act_date_from", DateJson(in.act_date_from)},
            {"act_date_to", DateJson(in.act_date_to)},
            {"goods", in.goods},
            {"channel", TextJson(in.channel)},
            {"trade", TextJson(in.trade)},
            {"goods_class", TextJson(in.goods_class)},
            {"amounts_fen",
             {{"illegal_business", FenJson(a.illegal_business)},
              {"illegal_gains", FenJson(a.illegal_gains)},
              {"sales", FenJson(a.sales)},
              {"unsold_value", FenJson(a.unsold_value)},
              {"loss", FenJson(a.loss)}}},
            {"counts",
             {{"marks", IntJson(a.marks)},
              {"copies", IntJson(a.copies)},
              {"rights_involved", IntJson(a.rights_involved)},
              {"unsold_marks", IntJson(a.unsold_marks)},
              {"unsold_copies", IntJson(a.unsold_copies)},
              {"clicks", IntJson(a.clicks)},
              {"members", IntJson(a.members)},
              {"works", IntJson(a.works)}}},
            {"harm_to_health", a.harm_to_health},
            {"harm_to_health_detail", a.harm_to_health_detail},
            {"right_holder_bankrupt", a.right_holder_bankrupt},
            {"drug_aggravating_circumstance", a.drug_aggravating_circumstance},
            {"penalty",
             {{"decision_no", TextJson(c.penalty_decision_no)},
              {"date", DateJson(c.penalty_date)},
              {"fine_fen", FenJson(c.fine)},
              {"confiscation", TextJson(c.confiscation)},
              {"destruction_ordered", c.destruction_ordered}}},
            {"closing_kind", TextJson(c.closing_kind)},
            {"closed_at", TimeJson(c.closed_at)},
            {"created_at", c.created_at.ToString()},
            {"updated_at", c.updated_at.ToString()},
            {"version", c.version},
            {"threshold_met", c.threshold_met},
            {"has_transfer", c.has_transfer},
            {"sent_to_police", c.sent_to_police}};
  if (details) {
    j["findings"] = FindingsJson(c.findings);
    j["regime_basis"] = c.regime_basis;
    Json parties = Json::array();
    for (const auto& p : in.parties) {
      parties.push_back({{"kind", p.kind},
                         {"name", p.name},
                         {"uscc", TextJson(p.uscc)},
                         {"id_number", TextJson(p.id_number)},
                         {"phone", TextJson(p.phone)},
                         {"address", TextJson(p.address)},
                         {"role", p.role}});
    }
    Json rights = Json::array();
    for (const auto& r : in.rights) {
      rights.push_back({{"kind", r.kind},
                        {"reg_number", r.reg_number},
                        {"holder", r.holder},
                        {"description", r.description}});
    }
    Json events = Json::array();
    for (const auto& e : c.events) {
      events.push_back(
          {{"at", e.at.ToString()}, {"actor", e.actor_login}, {"actor_name", e.actor_name},
           {"kind", e.kind}, {"kind_label", app::CaseEventLabel(e.kind)}, {"summary", e.summary}});
    }
    j["parties"] = parties;
    j["rights"] = rights;
    j["events"] = events;
    j["personal_data_masked"] = c.personal_data_masked;
    j["transfer"] = transfer ? TransferJson(*transfer) : Json();
  }
  return j;
}

// The shapes CaseJson, TransferJson, FindingsJson and SupervisionJson render, and ReadCase reads.
Schema TransferRef(Router& r) {
  Schema step = Obj({{"step", Str()},
                     {"at", DateTime()},
                     {"actor", Str()},
                     {"decision", Str()},
                     {"reasons", Str()},
                     {"due_at", DateTime().Nullable()},
                     {"on_time", Bool().Nullable()},
                     {"extension", Str().Optional()},
                     {"approver", Str().Optional()},
                     {"extended_to", DateTime().Nullable().Optional()}});
  return r.Component(
      "Transfer",
      Obj({{"id", Int()},
           {"case_id", Int()},
           {"case", Obj({{"id", Int()}, {"case_number", Str()}, {"title", Str()}})},
           {"agency", IdName()},
           {"region", internal::RegionRef(r)},
           {"status", Str()},
           {"suspicion_only", Bool()},
           {"police_agency", IdName().Nullable()},
           {"documents", Obj({{"transfer_letter", Bool()},
                              {"investigation_report", Bool()},
                              {"items_list", Bool()},
                              {"inspection_reports", Bool()},
                              {"other", Bool()}})},
           {"current_step", Str()},
           {"current_step_title", Str()},
           {"due_at", DateTime().Nullable()},
           {"deadline_state", Str()},
           {"review_due_at", DateTime().Nullable()},
           {"steps", Arr(step)}}));
}

Schema FindingsSchema() {
  return Arr(Obj({{"rule_id", Str()},
                  {"article", Str()},
                  {"crime", Str()},
                  {"met", Bool()},
                  {"level", Str()},
                  {"basis", Str()},
                  {"source", Str()},
                  {"confidence", Str().Describe("规则可信度 S/M/L；M 为待确认 (rule confidence)")},
                  {"unconfirmed", Bool()},
                  {"note", Str()}}));
}

// `details`: the fields only GET/POST/PUT of one case answer (CaseJson's `details`).
Schema CaseSchema(Router& r, bool details) {
  Schema fen = Fen().Nullable();
  Schema count = Int().Nullable();
  std::vector<Schema::Property> props = {
      {"id", Int()},
      {"agency", IdName()},
      {"region", internal::RegionRef(r)},
      {"case_number", Str()},
      {"title", Str()},
      {"category", Enum(app::CaseCategories())},
      {"conduct", Str().Nullable()},
      {"source", Enum(app::CaseSources())},
      {"campaign_tags", Arr(Str())},
      {"status", Str().Describe("open 办理中；closed 已结案")},
      {"act_date_from", Date().Nullable()},
      {"act_date_to", Date().Nullable()},
      {"goods", Str()},
      {"channel", Enum(app::CaseChannels()).Nullable().Describe("线上线下；null 为未填写")},
      {"trade", Enum(app::CaseTrades()).Nullable().Describe("进出口；null 为未填写")},
      {"goods_class", Enum(app::GoodsClasses()).Nullable().Describe("尼斯分类第 1–34 类；null 为未填写")},
      {"amounts_fen", Obj({{"illegal_business", fen}, {"illegal_gains", fen}, {"sales", fen},
                           {"unsold_value", fen}, {"loss", fen}})},
      {"counts", Obj({{"marks", count}, {"copies", count}, {"rights_involved", count},
                      {"unsold_marks", count}, {"unsold_copies", count}, {"clicks", count},
                      {"members", count}, {"works", count}})},
      {"harm_to_health", Bool()},
      {"harm_to_health_detail", Str()},
      {"right_holder_bankrupt", Bool()},
      {"drug_aggravating_circumstance", Bool()},
      {"penalty", Obj({{"decision_no", Str().Nullable()},
                       {"date", Date().Nullable()},
                       {"fine_fen", fen},
                       {"confiscation", Str().Nullable()},
                       {"destruction_ordered", Bool()}})},
      {"closing_kind", Str().Nullable()},
      {"closed_at", DateTime().Nullable()},
      {"created_at", DateTime()},
      {"updated_at", DateTime()},
      {"version", Int().Describe("修改时原样带回 (send back to update)")},
      {"threshold_met", Bool()},
      {"has_transfer", Bool()},
      {"sent_to_police", Bool()}};
  if (!details) return r.Component("CaseSummary", Obj(std::move(props)));
  Schema text = Str().Nullable();
  props.push_back({"findings", FindingsSchema()});
  props.push_back({"regime_basis", Str()});
  props.push_back({"parties", Arr(Obj({{"kind", Str()},
                                       {"name", Str()},
                                       {"uscc", text},
                                       {"id_number", text.Describe("范围外脱敏 (masked outside scope)")},
                                       {"phone", text},
                                       {"address", text},
                                       {"role", Str()},
                                       {"serious_listed", Bool().Optional()}}))});
  props.push_back({"rights", Arr(Obj({{"kind", Str()},
                                      {"reg_number", Str()},
                                      {"holder", Str()},
                                      {"description", Str()}}))});
  props.push_back({"events", Arr(Obj({{"at", DateTime()},
                                      {"actor", Str()},
                                      {"actor_name", Str()},
                                      {"kind", Str()},
                                      {"kind_label", Str()},
                                      {"summary", Str()}}))});
  props.push_back({"personal_data_masked", Bool()});
  props.push_back({"transfer", TransferRef(r).Nullable()});
  return r.Component("Case", Obj(std::move(props)));
}

// What ReadCase accepts: `with_version` for PUT, `with_case_id` for the finding preview.
Schema CaseBodySchema(bool with_version, bool with_case_id) {
  Schema fen = Fen().Nullable().Optional();
  Schema count = Int().Nullable().Optional();
  Schema text = Str().Nullable().Optional();
  std::vector<Schema::Property> props = {
      {"case_number", Str(4 * core::limits::kCaseNumberChars)},
      {"title", Str(4 * core::limits::kTitleChars)},
      {"category", Str(40).Describe("案件类别代码 (GET /cases/codes)")},
      {"conduct", Str(40).Optional()},
      {"source", Str(40)},
      {"campaign_tags", Arr(Str()).Optional()},
      {"goods", Str(4 * core::limits::kGoodsChars).Optional()},
      {"channel", Enum(app::CaseChannels()).Nullable().Optional().Describe("线上线下 (online/offline)")},
      {"trade", Enum(app::CaseTrades()).Nullable().Optional().Describe("进出口 (import/export/domestic)")},
      {"goods_class", Enum(app::GoodsClasses()).Nullable().Optional().Describe("尼斯分类类号 01–34 (GET /cases/codes)")},
      {"region_code", Str(6).Optional()},
      {"act_date_from", Str(10).Optional().Describe("YYYY-MM-DD")},
      {"act_date_to", Str(10).Optional().Describe("YYYY-MM-DD")},
      {"harm_to_health", Bool().Optional()},
      {"harm_to_health_detail", Str(2000).Optional()},
      {"right_holder_bankrupt", Bool().Optional()},
      {"drug_aggravating_circumstance", Bool().Optional()},
      {"amounts_fen", Obj({{"illegal_business", fen}, {"illegal_gains", fen}, {"sales", fen},
                           {"unsold_value", fen}, {"loss", fen}})
                          .Closed()
                          .Optional()},
      {"counts", Obj({{"marks", count}, {"copies", count}, {"rights_involved", count},
                      {"unsold_marks", count}, {"unsold_copies", count}, {"clicks", count},
                      {"members", count}, {"works", count}})
                     .Optional()},
      {"parties", Arr(Obj({{"kind", text}, {"name", text}, {"uscc", text}, {"id_number", text},
                           {"phone", text}, {"address", text}, {"role", text}}))
                      .Optional()},
      {"rights", Arr(Any()).Optional()}};
  if (with_version) props.push_back({"version", Int()});
  if (with_case_id) props.push_back({"case_id", Int().Nullable().Optional()});
  // Read-only fields a client echoes back from a case it read are ignored.
  for (const char* ignored : {"id", "agency", "region", "status", "findings", "events", "transfer",
                              "penalty", "closing_kind", "closed_at", "created_at", "updated_at",
                              "personal_data_masked", "threshold_met", "has_transfer",
                              "regime_basis", "sent_to_police"}) {
    props.push_back({ignored, Any().Optional().Describe("只读，忽略 (read-only, ignored)")});
  }
  return Obj(std::move(props)).Closed();
}

Schema SupervisionRef(Router& r) {
  return r.Component(
      "SupervisionAction",
      Obj({{"id", Int()},
           {"case_id", Int()},
           {"case_number", Str()},
           {"case", Obj({{"id", Int()}, {"case_number", Str()}, {"title", Str()}})},
           {"transfer_id", Int().Nullable()},
           {"addressed_to", Obj({{"kind", Str()}, {"agency", IdName()}})},
           {"can_answer", Bool()},
           {"kind", Str()},
           {"prosecutor_agency", Str()},
           {"created_by", Str()},
           {"created_at", DateTime()},
           {"due_at", DateTime().Nullable()},
           {"answered_at", DateTime().Nullable()},
           {"answer", Str()},
           {"note", Str()},
           {"deadline_state", Str()}}));
}

// Reads money given as integer fen.
std::optional<core::Fen> ReadFen(const Json& obj, const std::string& key, const std::string& path,
                                 std::vector<std::pair<std::string, std::string>>& errors) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return std::nullopt;
  if (!it->is_number_integer()) {
    errors.emplace_back(path, "应为整数（单位：分）");
    return std::nullopt;
  }
  return core::Fen(it->get<int64_t>());
}

// Parses a case body into CaseInput, collecting every problem.
// `partial`: a half-filled form (the finding preview): the fields a saved case needs are optional.
core::Result<app::CaseInput> ReadCase(const Json& body, int64_t* version, bool partial = false) {
  const bool required = !partial;
  internal::Fields f(body);
  app::CaseInput in;
  std::vector<std::pair<std::string, std::string>> errors;
  // Byte caps only stop absurd sizes early; the character limits are app::ValidateCaseInput's
  // (core/limits.h), so every channel answers the same message.
  in.case_number = f.String("case_number", required, 4 * core::limits::kCaseNumberChars).value_or("");
  in.title = f.String("title", required, 4 * core::limits::kTitleChars).value_or("");
  in.category = f.String("category", required, 40).value_or("");
  in.conduct = f.String("conduct", false, 40);
  in.source = f.String("source", required, 40).value_or("");
  in.campaign_tags = f.StringList("campaign_tags").value_or(std::vector<std::string>{});
  in.goods = f.String("goods", false, 4 * core::limits::kGoodsChars).value_or("");
  in.channel = f.String("channel", false, 20);
  in.trade = f.String("trade", false, 20);
  in.goods_class = f.String("goods_class", false, 20);
  in.region_code = f.String("region_code", false, 6);
  for (const char* key : {"act_date_from", "act_date_to"}) {
    if (auto text = f.String(key, false, 10)) {
      auto d = core::ParseDate(*text);
      if (!d) errors.emplace_back(key, "日期格式应为 YYYY-MM-DD");
      else (std::string(key) == "act_date_from" ? in.act_date_from : in.act_date_to) = *d;
    }
  }
  if (auto h = f.Bool("harm_to_health")) in.amounts.harm_to_health = *h;
  in.amounts.harm_to_health_detail = f.String("harm_to_health_detail", false, 2000).value_or("");
  if (auto b = f.Bool("right_holder_bankrupt")) in.amounts.right_holder_bankrupt = *b;
  if (auto d = f.Bool("drug_aggravating_circumstance")) in.amounts.drug_aggravating_circumstance = *d;
  // Nested objects are read by hand; mark them seen.
  f.IsNull("amounts_fen");
  f.IsNull("counts");
  f.IsNull("parties");
  f.IsNull("rights");
  if (version) {
    if (auto v = f.Int("version", true)) *version = *v;
  }
  for (const char* ignored : {"id", "agency", "region", "status", "findings", "events", "transfer",
                              "penalty", "closing_kind", "closed_at", "created_at", "updated_at",
                              "personal_data_masked", "threshold_met", "has_transfer",
                              "regime_basis", "sent_to_police"}) {
    f.IsNull(ignored);  // read-only fields echoed back by clients are ignored, not errors
  }
  if (auto a = body.find("amounts_fen"); a != body.end() && !a->is_null()) {
    if (!a->is_object()) {
      errors.emplace_back("amounts_fen", "应为对象");
    } else {
      for (auto it = a->begin(); it != a->end(); ++it) {
        static const std::set<std::string> kKeys = {"illegal_business", "illegal_gains", "sales",
                                                    "unsold_value", "loss"};
        if (!kKeys.count(it.key())) errors.emplace_back("amounts_fen." + it.key(), "未知字段");
      }
      in.amounts.illegal_business = ReadFen(*a, "illegal_business", "amounts_fen.illegal_business", errors);
      in.amounts.illegal_gains = ReadFen(*a, "illegal_gains", "amounts_fen.illegal_gains", errors);
      in.amounts.sales = ReadFen(*a, "sales", "amounts_fen.sales", errors);
      in.amounts.unsold_value = ReadFen(*a, "unsold_value", "amounts_fen.unsold_value", errors);
      in.amounts.loss = ReadFen(*a, "loss", "amounts_fen.loss", errors);
    }
  }
  if (auto c = body.find("counts"); c != body.end() && !c->is_null()) {
    if (!c->is_object()) {
      errors.emplace_back("counts", "应为对象");
    } else {
      auto read = [&](const char* key) -> std::optional<int64_t> {
        auto it = c->find(key);
        if (it == c->end() || it->is_null()) return std::nullopt;
        if (!it->is_number_integer()) {
          errors.emplace_back(std::string("counts.") + key, "应为整数");
          return std::nullopt;
        }
        return it->get<int64_t>();
      };
      in.amounts.marks = read("marks");
      in.amounts.copies = read("copies");
      in.amounts.rights_involved = read("rights_involved");
      in.amounts.unsold_marks = read("unsold_marks");
      in.amounts.unsold_copies = read("unsold_copies");
      in.amounts.clicks = read("clicks");
      in.amounts.members = read("members");
      in.amounts.works = read("works");
    }
  }
  if (auto p = body.find("parties"); p != body.end() && !p->is_null()) {
    if (!p->is_array()) {
      errors.emplace_back("parties", "应为数组");
    } else {
      for (size_t i = 0; i < p->size(); ++i) {
        const Json& e = (*p)[i];
        std::string at = "parties[" + std::to_string(i) + "]";
        if (!e.is_object()) {
          errors.emplace_back(at, "应为对象");
          continue;
        }
        app::CaseParty party;
        auto text = [&](const char* key) -> std::optional<std::string> {
          auto it = e.find(key);
          if (it == e.end() || it->is_null()) return std::nullopt;
          if (!it->is_string()) {
            errors.emplace_back(at + "." + key, "应为字符串");
            return std::nullopt;
          }
          std::string s = it->get<std::string>();
          return s.empty() ? std::nullopt : std::optional<std::string>(s);
        };
        party.kind = text("kind").value_or("company");
        party.name = text("name").value_or("");
        party.uscc = text("uscc");
        party.id_number = text("id_number");
        party.phone = text("phone");
        party.address = text("address");
        party.role = text("role").value_or("party");
        in.parties.push_back(std::move(party));
      }
    }
  }
  if (auto r = body.find("rights"); r != body.end() && !r->is_null()) {
    if (!r->is_array()) {
      errors.emplace_back("rights", "应为数组");
    } else {
      for (const Json& e : *r) {
        if (!e.is_object()) continue;
        in.rights.push_back({e.value("kind", ""), e.value("reg_number", ""), e.value("holder", ""),
                             e.value("description", "")});
      }
    }
  }
  core::Status st = f.Finish();
  if (!errors.empty()) {
    if (st.ok()) st = core::InvalidArgument("案件信息有误 (invalid case)");
    for (auto& [field, msg] : errors) st.AddFieldError(field, msg);
  }
  if (!st.ok()) return st;
  return in;
}

// `viewer`: whether this caller may answer is decided here, as AnswerSupervision decides it.
Json SupervisionJson(const app::SupervisionAction& a, const app::Principal& viewer) {
  bool addressed = a.addressed_kind == "police"
                       ? viewer.Has(app::Role::kPolice) && viewer.agency_id == a.addressed_agency_id
                       : viewer.agency_id == a.addressed_agency_id;
  return Json{{"id", a.id},
              {"case_id", a.case_id},
              {"case_number", a.case_number},
              {"case", {{"id", a.case_id}, {"case_number", a.case_number}, {"title", a.case_title}}},
              {"transfer_id", a.transfer_id ? Json(*a.transfer_id) : Json()},
              {"addressed_to",
               {{"kind", a.addressed_kind},
                {"agency", {{"id", a.addressed_agency_id}, {"name", a.addressed_agency_name}}}}},
              {"can_answer", addressed && !a.answered_at},
              {"kind", a.kind},
              {"prosecutor_agency", a.prosecutor_agency_name},
              {"created_by", a.created_by},
              {"created_at", a.created_at.ToString()},
              {"due_at", TimeJson(a.due_at)},
              {"answered_at", TimeJson(a.answered_at)},
              {"answer", a.answer},
              {"note", a.note},
              {"deadline_state", a.deadline_state}};
}

}  // namespace

void RegisterCasesApi(Dispatcher& d) {
  app::Context& ctx = d.context();
  Router& r = d.router();

  r.Add("GET", "/api/v1/cases/codes", Access::kAuthenticated, [](Request&) -> Reply {
    auto list = [](const std::vector<app::CodeLabel>& v) {
      Json out = Json::array();
      for (const auto& c : v) out.push_back({{"code", c.code}, {"name_zh", c.name_zh}});
      return out;
    };
    Json conducts = Json::array();
    for (const auto& c : rules::Conducts()) {
      // Named as the administrative conduct an officer records (假冒注册商标), with the crime
      // and article it may amount to as a hint (issue 14), not by the crime's name.
      conducts.push_back({{"code", c.key}, {"name_zh", c.act_zh}, {"crime", c.crime},
                          {"article", c.article}});
    }
    Json campaigns = Json::array();
    for (const char* c : {"剑网", "秋风", "铁拳", "昆仑", "清风", "龙腾", "农资打假"}) campaigns.push_back(c);
    return JsonResponse(200, Json{{"categories", list(app::CaseCategories())},
                                  {"sources", list(app::CaseSources())},
                                  {"channels", list(app::CaseChannels())},
                                  {"trades", list(app::CaseTrades())},
                                  {"goods_classes", list(app::GoodsClasses())},
                                  {"conducts", conducts},
                                  {"campaigns", campaigns}});
  }, "案件代码表 (case codes)");
  Schema code = Obj({{"code", Str()}, {"name_zh", Str()}});
  r.Describe("GET", "/api/v1/cases/codes",
             RouteSpec().Returns(200, Obj({{"categories", Arr(code)},
                                       {"sources", Arr(code)},
                                       {"channels", Arr(code)},
                                       {"trades", Arr(code)},
                                       {"goods_classes", Arr(code)},
                                       {"conducts", Arr(Obj({{"code", Str()},
                                                             {"name_zh", Str()},
                                                             {"crime", Str()},
                                                             {"article", Str()}}))},
                                       {"campaigns", Arr(Str())}})));

  r.Add("GET", "/api/v1/cases/import/template", Access::kAuthenticated, [](Request&) -> Reply {
    Response resp;
    resp.content_type = "text/csv; charset=utf-8";
    resp.headers.emplace_back("Content-Disposition", "attachment; filename=\"cases-template.csv\"");
    resp.body = "\xEF\xBB\xBF" + app::CaseImportTemplateCsv();  // BOM: spreadsheets then read UTF-8
    return resp;
  }, "案件导入模板 (CSV template)");
  r.Describe("GET", "/api/v1/cases/import/template",
             RouteSpec().Returns(200, Str(), "CSV 模板 (UTF-8 with BOM)", "text/csv"));

  r.Add("GET", "/api/v1/cases/import/template.xlsx", Access::kAuthenticated, [](Request&) -> Reply {
    static const core::Result<std::string> kTemplate = app::CaseImportTemplateXlsx();
    if (!kTemplate) return kTemplate.error();
    Response resp;
    resp.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    resp.headers.emplace_back("Content-Disposition", "attachment; filename=\"cases-template.xlsx\"");
    resp.body = *kTemplate;
    return resp;
  }, "案件导入模板 (XLSX template)");
  r.Describe("GET", "/api/v1/cases/import/template.xlsx",
             RouteSpec().Returns(200, Str(), "XLSX 模板", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));

  // The file comes as the raw body (CSV text or .xlsx bytes), or in JSON as {"csv": text} or
  // {"file_base64": bytes}; what it is is decided by its content, not by a header or a name.
  r.Add("POST", "/api/v1/cases/import", Access::kAuthenticated,
        Idempotent(ctx, "/api/v1/cases/import", [&ctx](Request& req) -> Reply {
    IPE_RETURN_IF_ERROR(app::CheckMayRegisterCases(*req.principal));
    IPE_ASSIGN_OR_RETURN(std::string bytes, internal::UploadedFile(req, kImportBodyBytes));
    IPE_ASSIGN_OR_RETURN(auto parsed, app::ParseCaseFile(bytes, core::LocalDate(ctx.Now()), kMaxImportRows));
    auto n = app::ImportCases(ctx, *req.principal, parsed.inputs, parsed.row_numbers);
    if (!n) return app::InTemplateColumns(n.error());
    return JsonResponse(201, Json{{"imported", *n}, {"format", parsed.format}});
  }), "导入案件 (import cases from CSV or XLSX)");
  r.Describe("POST", "/api/v1/cases/import",
             RouteSpec().Description("文件作为原始请求体（CSV 文本或 XLSX 字节），或 JSON {csv} / "
                             "{file_base64}；按内容判断格式 (raw file body, or JSON)").Returns(201, Obj({{"imported", Int()}, {"format", Str()}})));
  r.AllowLargeBody("POST", "/api/v1/cases/import", kImportBodyBytes);
  static_assert(kImportBodyBytes <= core::limits::kLargestBodyBytes);

  r.Add("GET", "/api/v1/cases", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto page, internal::PageFromQuery(req));
    app::CaseFilter f;
    f.q = req.Query("q");
    f.status = req.Query("status");
    f.category = req.Query("category");
    f.campaign = req.Query("campaign");
    f.region = req.Query("region");
    f.channel = req.Query("channel");
    f.trade = req.Query("trade");
    f.goods_class = req.Query("goods_class");
    IPE_ASSIGN_OR_RETURN(auto agency, internal::IntQuery(req, "agency_id"));
    f.agency_id = agency;
    IPE_ASSIGN_OR_RETURN(auto met, internal::BoolQuery(req, "threshold_met"));
    f.threshold_met = met;
    for (auto* field : {&f.q, &f.status, &f.category, &f.campaign, &f.region, &f.channel, &f.trade, &f.goods_class}) {
      if (*field && field->value().empty()) field->reset();
    }
    IPE_ASSIGN_OR_RETURN(auto result, app::ListCases(ctx, *req.principal, f, page));
    return JsonResponse(200, internal::PageJson(result, [](const app::Case& c) {
      return CaseJson(c, false, std::nullopt);
    }));
  }, "案件列表 (list cases)");
  Schema case_summary = CaseSchema(r, false);
  Schema case_full = CaseSchema(r, true);
  r.Describe("GET", "/api/v1/cases",
             RouteSpec().Query(PageQuery({{"q", Str(), false, "案号、名称、当事人关键词 (search)"},
                                  {"status", Str(), false, "open 办理中；closed 已结案"},
                                  {"category", Enum(app::CaseCategories()), false, "案件类别"},
                                  {"campaign", Str(), false, "专项行动 (campaign tag)"},
                                  {"region", Str(6), false, "区划代码 (region)"},
                                  {"agency_id", Int(), false, "机关 (agency)"},
                                  {"threshold_met", Bool(), false, "达到追诉标准 (threshold met)"},
                                  {"channel", Enum(app::CaseChannels()), false, "线上线下 (online/offline)"},
                                  {"trade", Enum(app::CaseTrades()), false, "进出口 (import/export/domestic)"},
                                  {"goods_class", Enum(app::GoodsClasses()), false, "尼斯分类类号 01–34 (goods class)"}}))
                 .Returns(200, PageOf(case_summary)));

  r.Add("POST", "/api/v1/cases", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
    IPE_ASSIGN_OR_RETURN(auto input, ReadCase(body, nullptr));
    IPE_ASSIGN_OR_RETURN(auto result, app::CreateCase(ctx, *req.principal, input));
    return JsonResponse(201, CaseJson(result, true, std::nullopt));
  }, "登记案件 (create case)");
  r.Describe("POST", "/api/v1/cases",
             RouteSpec().Body(CaseBodySchema(false, false)).Returns(201, case_full));

  // The finding the case form would get if saved now (nothing is written): the form calls it
  // while the officer types. Body: the case as for POST /cases, and case_id when editing one.
  r.Add("POST", "/api/v1/case-findings/preview", Access::kAuthenticated,
        [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
    std::optional<int64_t> case_id;
    if (auto it = body.find("case_id"); it != body.end()) {
      if (!it->is_null() && !it->is_number_integer()) {
        return core::Status(core::InvalidArgument("案件编号有误 (bad case_id)"))
            .AddFieldError("case_id", "应为案件的数字编号");
      }
      if (it->is_number_integer()) case_id = it->get<int64_t>();
      body.erase(it);
    }
    IPE_ASSIGN_OR_RETURN(auto input, ReadCase(body, nullptr, /*partial=*/true));
    IPE_ASSIGN_OR_RETURN(auto preview, app::PreviewFindings(ctx, *req.principal, input, case_id));
    return JsonResponse(200, Json{{"findings", FindingsJson(preview.findings)},
                                  {"regime_basis", preview.regime_basis},
                                  {"missing", preview.missing}});
  }, "预判追诉标准 (preview the criminal-threshold finding)");
  r.Describe("POST", "/api/v1/case-findings/preview",
             RouteSpec().Body(CaseBodySchema(false, true)).Returns(200, Obj({{"findings", FindingsSchema()},
                                       {"regime_basis", Str()},
                                       {"missing", Arr(Str())}})));

  r.Add("GET", "/api/v1/cases/{id}", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto c, app::GetCase(ctx, *req.principal, id));
    IPE_ASSIGN_OR_RETURN(auto t, app::TransferOfCase(ctx, *req.principal, id));
    Json j = CaseJson(c, true, t);
    // Parties on the serious-violation list are flagged (the credit record says why).
    std::vector<std::string> codes;
    for (const auto& p : c.input.parties) {
      if (p.uscc && !p.uscc->empty()) codes.push_back(*p.uscc);
    }
    IPE_ASSIGN_OR_RETURN(auto listed, app::ListedCreditCodes(ctx, codes));
    for (Json& p : j["parties"]) {
      p["serious_listed"] = p["uscc"].is_string() &&
                            std::find(listed.begin(), listed.end(), p["uscc"].get<std::string>()) != listed.end();
    }
    return JsonResponse(200, j);
  }, "案件详情 (case)");
  r.Describe("GET", "/api/v1/cases/{id}", RouteSpec().Returns(200, case_full));

  r.Add("PUT", "/api/v1/cases/{id}", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
    int64_t version = 0;
    IPE_ASSIGN_OR_RETURN(auto input, ReadCase(body, &version));
    IPE_ASSIGN_OR_RETURN(auto result, app::UpdateCase(ctx, *req.principal, id, input, version));
    auto t = app::TransferOfCase(ctx, *req.principal, id);
    return JsonResponse(200, CaseJson(result, true, t ? *t : std::nullopt));
  }, "修改案件 (update case)");
  r.Describe("PUT", "/api/v1/cases/{id}",
             RouteSpec().Body(CaseBodySchema(true, false)).Returns(200, case_full));

  r.Add("POST", "/api/v1/cases/{id}/close", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
    internal::Fields f(body);
    app::CaseClosing c;
    c.closing_kind = f.String("closing_kind", true, 20).value_or("");
    c.penalty_decision_no = f.String("penalty_decision_no", false, 200);
    auto date = f.String("penalty_date", false, 10);
    auto fine = f.Int("fine_fen");
    c.confiscation = f.String("confiscation", false, 2000);
    c.destruction_ordered = f.Bool("destruction_ordered").value_or(false);
    c.penalty_kinds = f.StringList("penalty_kinds").value_or(std::vector<std::string>{});
    auto restriction = f.String("restriction_until", false, 10);
    IPE_RETURN_IF_ERROR(f.Finish());
    if (fine) c.fine = core::Fen(*fine);
    if (restriction) {
      auto d = core::ParseDate(*restriction);
      if (!d) {
        return core::Status(d.error()).AddFieldError("restriction_until", "日期格式应为 YYYY-MM-DD");
      }
      c.restriction_until = *d;
    }
    if (date) {
      auto d = core::ParseDate(*date);
      if (!d) return core::Status(d.error()).AddFieldError("penalty_date", "日期格式应为 YYYY-MM-DD");
      c.penalty_date = *d;
    }
    IPE_ASSIGN_OR_RETURN(auto result, app::CloseCase(ctx, *req.principal, id, c));
    auto t = app::TransferOfCase(ctx, *req.principal, id);
    return JsonResponse(200, CaseJson(result, true, t ? *t : std::nullopt));
  }, "结案 (close case)");
  r.Describe("POST", "/api/v1/cases/{id}/close",
             RouteSpec().Body(Obj({{"closing_kind", Str(20)},
                           {"penalty_decision_no", Str(200).Optional()},
                           {"penalty_date", Str(10).Optional().Describe("YYYY-MM-DD")},
                           {"fine_fen", Fen().Optional()},
                           {"confiscation", Str(2000).Optional()},
                           {"destruction_ordered", Bool().Optional()},
                           {"penalty_kinds", Arr(Str()).Optional()},
                           {"restriction_until", Str(10).Optional().Describe("YYYY-MM-DD")}})
                          .Closed()).Returns(200, case_full));
  // Case content failing validation (a field too long, an amount above the bound …) is 422 with
  // the field (issue 12), as on the work-plan routes; as there, a body that is not a JSON object
  // is InvalidArgument too and so also 422. The import keeps 400 (its contract, tests/cases).
  for (auto [method, pattern] : {std::pair{"POST", "/api/v1/cases"},
                                 std::pair{"PUT", "/api/v1/cases/{id}"},
                                 std::pair{"POST", "/api/v1/cases/{id}/close"}}) {
    r.AnswerInvalidArgumentWith(method, pattern, 422);
  }

  r.Add(
      "GET", "/api/v1/transfer-team", Access::kAuthenticated,
      [&ctx](Request& req) -> Reply {
        IPE_ASSIGN_OR_RETURN(auto users, app::ListTransferTeamCandidates(ctx, *req.principal));
        Json items = Json::array();
        for (const app::User& u : users) {
          items.push_back({{"login", u.login}, {"display_name", u.display_name}});
        }
        return JsonResponse(200, Json{{"items", items}});
      },
      "专案组可选人员：本机构执法人员 (officers of the own agency for a transfer team)");
  r.Describe("GET", "/api/v1/transfer-team",
             RouteSpec().Returns(200, Obj({{"items", Arr(Obj({{"login", Str()},
                                                          {"display_name", Str()}}))}})));

  r.Add("POST", "/api/v1/cases/{id}/transfer", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
    internal::Fields f(body);
    app::StartTransfer s;
    s.team = f.StringList("team", true).value_or(std::vector<std::string>{});
    s.report = f.String("report", true, 20000).value_or("");
    s.suspicion_only = f.Bool("suspicion_only").value_or(false);
    IPE_RETURN_IF_ERROR(f.Finish());
    IPE_ASSIGN_OR_RETURN(auto t, app::StartCaseTransfer(ctx, *req.principal, id, s));
    return JsonResponse(201, TransferJson(t));
  }, "启动移送 (start a transfer)");
  Schema transfer = TransferRef(r);
  r.Describe("POST", "/api/v1/cases/{id}/transfer",
             RouteSpec().Body(Obj({{"team", Arr(Str())},
                           {"report", Str(20000)},
                           {"suspicion_only", Bool().Optional()}})
                          .Closed()).Returns(201, transfer));

  r.Add("POST", "/api/v1/transfers/{id}/actions", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
    internal::Fields f(body);
    app::TransferAction a;
    a.action = f.String("action", true, 40).value_or("");
    a.reasons = f.String("reasons", false, 20000).value_or("");
    a.police_agency_id = f.Int("police_agency_id");
    a.extension = f.String("extension", false, 20).value_or("");
    a.approver = f.String("approver", false, 200).value_or("");
    f.IsNull("documents");
    IPE_RETURN_IF_ERROR(f.Finish());
    if (auto docs = body.find("documents"); docs != body.end() && docs->is_object()) {
      a.documents = {docs->value("transfer_letter", false), docs->value("investigation_report", false),
                     docs->value("items_list", false), docs->value("inspection_reports", false),
                     docs->value("other", false)};
    }
    IPE_ASSIGN_OR_RETURN(auto t, app::ActOnTransfer(ctx, *req.principal, id, a));
    return JsonResponse(200, TransferJson(t));
  }, "移送流程操作 (transfer workflow action)");
  r.Describe("POST", "/api/v1/transfers/{id}/actions",
             RouteSpec().Body(Obj({{"action", Str(40)},
                           {"reasons", Str(20000).Optional()},
                           {"police_agency_id", Int().Optional()},
                           {"extension", Str(20).Optional()},
                           {"approver", Str(200).Optional()},
                           {"documents", Obj({{"transfer_letter", Bool().Optional()},
                                              {"investigation_report", Bool().Optional()},
                                              {"items_list", Bool().Optional()},
                                              {"inspection_reports", Bool().Optional()},
                                              {"other", Bool().Optional()}})
                                             .Optional()}})
                          .Closed()).Returns(200, transfer));

  r.Add("GET", "/api/v1/transfers/{id}", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto t, app::GetTransfer(ctx, *req.principal, id));
    return JsonResponse(200, TransferJson(t));
  }, "移送详情 (transfer)");
  r.Describe("GET", "/api/v1/transfers/{id}", RouteSpec().Returns(200, transfer));

  r.Add("GET", "/api/v1/transfers", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto page, internal::PageFromQuery(req));
    app::TransferFilter f;
    IPE_ASSIGN_OR_RETURN(auto incoming, internal::BoolQuery(req, "incoming"));
    f.incoming = incoming.value_or(false);
    f.state = req.Query("state");
    if (f.state && f.state->empty()) f.state.reset();
    IPE_ASSIGN_OR_RETURN(auto result, app::ListTransfers(ctx, *req.principal, f, page));
    return JsonResponse(200, internal::PageJson(result, TransferJson));
  }, "移送列表 (transfers)");
  r.Describe("GET", "/api/v1/transfers",
             RouteSpec().Query(PageQuery({{"incoming", Bool(), false, "公安机关收到的 (received)"},
                                  {"state", Str(), false, "流程状态 (state)"}})).Returns(200, PageOf(transfer)));

  r.Add("GET", "/api/v1/supervision", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    if (!req.principal->Has(app::Role::kProsecutor) && !req.principal->Has(app::Role::kOffice)) {
      return core::PermissionDenied("仅检察机关和领导小组办公室可查看 (prosecutors only)");
    }
    IPE_ASSIGN_OR_RETURN(auto page, internal::PageFromQuery(req));
    app::CaseFilter candidates;
    candidates.status = "closed";
    candidates.threshold_met = true;
    IPE_ASSIGN_OR_RETURN(auto closed_met, app::ListCases(ctx, *req.principal, candidates, {1, 200}));
    Json cand = Json::array();
    // 以罚代刑 candidates: closed over the threshold and never sent to the police — a transfer
    // the head refused or never sent counts as none (issue 13).
    for (const auto& c : closed_met.items) {
      if (!c.sent_to_police) cand.push_back(CaseJson(c, false, std::nullopt));
    }
    IPE_ASSIGN_OR_RETURN(auto transfers, app::ListTransfers(ctx, *req.principal, {}, page));
    IPE_ASSIGN_OR_RETURN(auto actions, app::ListSupervisionActions(ctx, *req.principal));
    Json action_list = Json::array();
    for (const auto& a : actions) action_list.push_back(SupervisionJson(a, *req.principal));
    return JsonResponse(200, Json{{"candidates", cand},
                                  {"transfers", internal::PageJson(transfers, TransferJson)},
                                  {"actions", action_list}});
  }, "检察监督 (prosecutor supervision view)");
  Schema supervision = SupervisionRef(r);
  r.Describe("GET", "/api/v1/supervision",
             RouteSpec().Query(PageQuery()).Returns(200, Obj({{"candidates", Arr(case_summary)},
                                       {"transfers", PageOf(transfer)},
                                       {"actions", Arr(supervision)}})));

  // The addressed parties' list: police see the actions on transfers they received, agencies the
  // ones on their cases; prosecutors and the office see their region's (as in GET /supervision).
  r.Add("GET", "/api/v1/supervision/actions", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto actions, app::ListSupervisionActions(ctx, *req.principal));
    Json items = Json::array();
    size_t open = 0;
    for (const auto& a : actions) {
      items.push_back(SupervisionJson(a, *req.principal));
      open += a.answered_at ? 0 : 1;
    }
    return JsonResponse(200, Json{{"items", items}, {"total", items.size()}, {"open", open}});
  }, "检察监督事项 (supervision actions addressed to the caller)");
  r.Describe("GET", "/api/v1/supervision/actions",
             RouteSpec().Returns(200, Obj({{"items", Arr(supervision)},
                                       {"total", Int()},
                                       {"open", Int()}})));

  r.Add("POST", "/api/v1/cases/{id}/supervision", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
    internal::Fields f(body);
    auto kind = f.String("kind", true, 40);
    auto note = f.String("note", false, 5000);
    IPE_RETURN_IF_ERROR(f.Finish());
    IPE_ASSIGN_OR_RETURN(auto a, app::Supervise(ctx, *req.principal, id, *kind, note.value_or("")));
    return JsonResponse(201, SupervisionJson(a, *req.principal));
  }, "检察监督措施 (supervision action)");
  r.Describe("POST", "/api/v1/cases/{id}/supervision",
             RouteSpec().Body(Obj({{"kind", Str(40)}, {"note", Str(5000).Optional()}}).Closed()).Returns(201, supervision));

  r.Add("POST", "/api/v1/supervision/{id}/answer", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
    internal::Fields f(body);
    auto answer = f.String("answer", true, 20000);
    IPE_RETURN_IF_ERROR(f.Finish());
    IPE_ASSIGN_OR_RETURN(auto a, app::AnswerSupervision(ctx, *req.principal, id, *answer));
    return JsonResponse(200, SupervisionJson(a, *req.principal));
  }, "答复检察监督 (answer supervision)");
  r.Describe("POST", "/api/v1/supervision/{id}/answer",
             RouteSpec().Body(Obj({{"answer", Str(20000)}}).Closed()).Returns(200, supervision));

  r.Add("GET", "/api/v1/alerts", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto alerts, app::ListAlerts(ctx, *req.principal));
    Json items = Json::array();
    for (const auto& a : alerts) {
      items.push_back({{"id", a.id},
                       {"kind", a.kind},
                       {"case_id", a.case_id},
                       {"case_number", a.case_number},
                       {"agency", {{"id", a.agency_id}, {"name", a.agency_name}}},
                       {"region", internal::RegionJson(a.region_code)},
                       {"message", a.message},
                       {"severity", a.severity},
                       {"created_at", a.created_at.ToString()}});
    }
    return JsonResponse(200, Json{{"items", items}, {"total", items.size()}});
  }, "预警 (alerts)");
  // The list is not paginated; the UI's table sends page and page_size anyway.
  r.Describe("GET", "/api/v1/alerts",
             RouteSpec().Query({{"page", Int(), false, "忽略：预警不分页 (ignored, not paginated)"},
                                {"page_size", Int(), false, "忽略 (ignored)"}}).Returns(200, Obj({{"items", Arr(Obj({{"id", Int()},
                                                          {"kind", Str()},
                                                          {"case_id", Int()},
                                                          {"case_number", Str()},
                                                          {"agency", IdName()},
                                                          {"region", internal::RegionRef(r)},
                                                          {"message", Str()},
                                                          {"severity", Str()},
                                                          {"created_at", DateTime()}}))},
                                       {"total", Int()}})));

  // The holiday calendar in force (issue 13): the covered years, the years loaded at run time,
  // and — for admins, from 1 November — a warning when next year's arrangement is missing.
  r.Add("GET", "/api/v1/calendar", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto state, app::GetCalendarState(ctx, *req.principal));
    Json loaded = Json::array();
    for (const auto& y : state.loaded) {
      loaded.push_back({{"year", y.year},
                        {"entries", y.entries},
                        {"loaded_at", y.loaded_at.ToString()},
                        {"loaded_by", y.loaded_by}});
    }
    return JsonResponse(200, Json{{"first_year", state.first_year},
                                  {"last_year", state.last_year},
                                  {"loaded", loaded},
                                  {"next_year", state.next_year},
                                  {"next_year_covered", state.next_year_covered},
                                  {"warn", state.warn},
                                  {"message", state.message}});
  }, "节假日日历 (holiday calendar in force)");
  r.Describe("GET", "/api/v1/calendar",
             RouteSpec().Returns(200, Obj({{"first_year", Int()},
                                       {"last_year", Int()},
                                       {"loaded", Arr(Obj({{"year", Int()},
                                                           {"entries", Int()},
                                                           {"loaded_at", DateTime()},
                                                           {"loaded_by", Str()}}))},
                                       {"next_year", Int()},
                                       {"next_year_covered", Bool()},
                                       {"warn", Bool()},
                                       {"message", Str()}})));
}

}  // namespace ipe::http
