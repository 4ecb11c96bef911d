// 投诉举报 routes: the officers' queue and steps (/api/v1/complaints…) and the public portal's form
// and status page (/api/v1/public/complaints…). app/complaints/complaints.h has the rules.
#include <algorithm>
#include <map>

#include "app/complaints/complaint_import.h"
#include "app/complaints/complaints.h"
#include "app/complaints/fairs.h"
#include "app/permissions.h"
#include "app/public/public_gate.h"
#include "app/statistics/statistics.h"
#include "complaints/complaints.h"
#include "http/dispatcher.h"
#include "http/idempotency.h"
#include "http/internal/json_io.h"

namespace ipe::http {
namespace {

namespace cpl = ipe::complaints;
using internal::DateJson;
using internal::Json;
using internal::JsonResponse;
using internal::TimeJson;

const char* ChannelLabel(const std::string& code) {
  for (const auto& c : cpl::Channels()) {
    if (code == c.code) return c.label;
  }
  return "";
}

const char* GroundLabel(const std::string& status, const std::string& code) {
  const auto& table = status == "refused" ? cpl::RefusalGrounds() : cpl::MediationEndings();
  const cpl::Ground* g = cpl::FindGround(table, code);
  return g ? g->label : "";
}

Json EventJson(const app::ComplaintEvent& e, bool with_actor) {
  Json j = {{"at", e.at.ToString()}, {"kind", e.kind}, {"summary", e.summary}};
  if (with_actor) {
    j["actor"] = e.actor_login;
    j["actor_name"] = e.actor_name;
    j["on_portal"] = e.on_portal;
  }
  return j;
}

Json ComplaintJson(const app::Complaint& c) {
  cpl::Kind kind = cpl::ParseKind(c.kind).value_or(cpl::Kind::kComplaint);
  auto status = cpl::ParseStatus(c.status);
  const cpl::Subject* subject = cpl::FindSubject(c.subject);
  Json persons = Json::array();
  for (const auto& p : c.persons) {
    persons.push_back({{"role", p.role},
                       {"name", p.name},
                       {"phone", p.phone},
                       {"address", p.address},
                       {"id_number", p.id_number}});
  }
  Json events = Json::array();
  for (const auto& e : c.events) events.push_back(EventJson(e, true));
  Json pauses = Json::array();
  for (const auto& p : c.pauses) {
    pauses.push_back({{"from", p.from.ToString()}, {"to", DateJson(p.to)}, {"reason", p.reason}});
  }
  Json attachments = Json::array();
  for (const auto& a : c.attachments) {
    attachments.push_back(
        {{"id", a.id}, {"filename", a.filename}, {"content_type", a.content_type}, {"size", a.size}});
  }
  Json duplicates = Json::array();
  for (const auto& d : c.duplicates) {
    duplicates.push_back({{"id", d.id}, {"receipt_no", d.receipt_no}, {"status", d.status}});
  }
  Json assignees = Json::array();
  for (size_t i = 0; i < c.assignees.size(); ++i) {
    assignees.push_back({{"id", c.assignees[i]},
                         {"name", i < c.assignee_names.size() ? c.assignee_names[i] : ""}});
  }
  return {{"id", c.id},
          {"kind", c.kind},
          {"kind_zh", cpl::KindLabel(kind)},
          {"channel", c.channel},
          {"channel_zh", ChannelLabel(c.channel)},
          {"external_id", c.external_id ? Json(*c.external_id) : Json()},
          {"receipt_no", c.receipt_no},
          {"subject", c.subject},
          {"subject_zh", subject ? subject->label : ""},
          {"status", c.status},
          {"status_zh", status ? cpl::StatusLabel(kind, *status) : ""},
          {"agency_id", c.agency_id ? Json(*c.agency_id) : Json()},
          {"agency_name", c.agency_name},
          {"region_code", c.region_code},
          {"anonymous", c.anonymous},
          {"power_of_attorney", c.power_of_attorney},
          {"respondent_name", c.respondent_name},
          {"respondent_address", c.respondent_address},
          {"respondent_shop", c.respondent_shop},
          {"respondent_phone", c.respondent_phone},
          {"product", c.product},
          {"request", c.request},
          {"facts", c.facts},
          {"harm_known_on", DateJson(c.harm_known_on)},
          {"received_at", c.received_at.ToString()},
          {"agency_received_at", TimeJson(c.agency_received_at)},
          {"decision_due", TimeJson(c.decision_due)},
          {"extended", c.extended},
          {"decided_at", TimeJson(c.decided_at)},
          {"ground", c.ground},
          {"ground_zh", GroundLabel(c.status, c.ground)},
          {"decision_note", c.decision_note},
          {"mediation_due", TimeJson(c.mediation_due)},
          {"mediation_ended_at", TimeJson(c.mediation_ended_at)},
          {"notice_due", TimeJson(c.notice_due)},
          {"notified_at", TimeJson(c.notified_at)},
          {"notice_channel", c.notice_channel},
          {"clock_note", c.clock_note},
          {"dispute_agency_id", c.dispute_agency_id ? Json(*c.dispute_agency_id) : Json()},
          {"dispute_due", TimeJson(c.dispute_due)},
          {"lead_id", c.lead_id ? Json(*c.lead_id) : Json()},
          {"case_id", c.case_id ? Json(*c.case_id) : Json()},
          {"fair_id", c.fair_id ? Json(*c.fair_id) : Json()},
          {"fair_name", c.fair_name},
          {"group_id", c.group_id},
          {"group_size", c.group_size},
          {"running_due", TimeJson(c.running_due)},
          {"urgency", c.urgency},
          {"fair_due", TimeJson(c.fair_due)},
          {"fair_urgency", c.fair_urgency},
          {"limitation_last_day", DateJson(c.limitation_last_day)},
          {"limitation_expired", c.limitation_expired},
          {"persons", persons},
          {"persons_hidden", c.persons_hidden},
          {"assignees", assignees},
          {"assigned_to_me", c.assigned_to_me},
          {"events", events},
          {"pauses", pauses},
          {"attachments", attachments},
          {"duplicates", duplicates},
          {"version", c.version},
          {"created_at", c.created_at.ToString()},
          {"updated_at", c.updated_at.ToString()}};
}

// The code tables of complaints (complaints/complaints.h) as enums with their zh-CN labels.
Schema KindEnum() {
  std::vector<std::pair<std::string, std::string>> codes;
  for (cpl::Kind k : {cpl::Kind::kComplaint, cpl::Kind::kReport})
    codes.emplace_back(cpl::KindName(k), cpl::KindLabel(k));
  return EnumPairs(std::move(codes));
}

Schema ChannelEnum() {
  std::vector<std::pair<std::string, std::string>> codes;
  for (const auto& c : cpl::Channels()) codes.emplace_back(c.code, c.label);
  return EnumPairs(std::move(codes));
}

Schema SubjectEnum() {
  std::vector<std::pair<std::string, std::string>> codes;
  for (const auto& c : cpl::Subjects()) codes.emplace_back(c.code, c.label);
  return EnumPairs(std::move(codes));
}

// Statuses of both kinds, labelled as a complaint's (a report's labels differ in a few words).
Schema StatusEnum() {
  std::vector<std::pair<std::string, std::string>> codes;
  for (cpl::Kind k : {cpl::Kind::kComplaint, cpl::Kind::kReport}) {
    for (cpl::Status st : cpl::StatusesOf(k)) {
      std::string code = cpl::StatusName(st);
      bool seen =
          std::any_of(codes.begin(), codes.end(), [&](const auto& c) { return c.first == code; });
      if (!seen) codes.emplace_back(code, cpl::StatusLabel(k, st));
    }
  }
  return EnumPairs(std::move(codes));
}

// The shape ComplaintJson renders.
Schema ComplaintRef(Router& r) {
  Schema when = DateTime().Nullable();
  Schema id_or_null = Int().Nullable();
  return r.Component(
      "Complaint",
      Obj({{"id", Int()},
           {"kind", KindEnum()},
           {"kind_zh", Str()},
           {"channel", ChannelEnum()},
           {"channel_zh", Str()},
           {"external_id", Str().Nullable()},
           {"receipt_no", Str()},
           {"subject", SubjectEnum()},
           {"subject_zh", Str()},
           {"status", StatusEnum()},
           {"status_zh", Str()},
           {"agency_id", id_or_null},
           {"agency_name", Str()},
           {"region_code", Str()},
           {"anonymous", Bool()},
           {"power_of_attorney", Bool()},
           {"respondent_name", Str()},
           {"respondent_address", Str()},
           {"respondent_shop", Str()},
           {"respondent_phone", Str()},
           {"product", Str()},
           {"request", Str()},
           {"facts", Str()},
           {"harm_known_on", Date().Nullable()},
           {"received_at", DateTime()},
           {"agency_received_at", when},
           {"decision_due", when},
           {"extended", Bool()},
           {"decided_at", when},
           {"ground", Str()},
           {"ground_zh", Str()},
           {"decision_note", Str()},
           {"mediation_due", when},
           {"mediation_ended_at", when},
           {"notice_due", when},
           {"notified_at", when},
           {"notice_channel", Str()},
           {"clock_note", Str()},
           {"dispute_agency_id", id_or_null},
           {"dispute_due", when},
           {"lead_id", id_or_null},
           {"case_id", id_or_null},
           {"fair_id", id_or_null},
           {"fair_name", Str()},
           {"group_id", Int()},
           {"group_size", Int()},
           {"running_due", when},
           {"urgency", Str().Describe("on_time 期限内；due_soon 即将到期；overdue "
                                      "已逾期；空：不计时 (the running clock)")},
           {"limitation_last_day", Date().Nullable()},
           {"limitation_expired", Bool()},
           {"persons",
            Arr(Obj({{"role", Str()},
                     {"name", Str()},
                     {"phone", Str()},
                     {"address", Str()},
                     {"id_number", Str().Describe("范围外脱敏 (masked outside scope)")}}))},
           {"persons_hidden", Bool()},
           {"assignees", Arr(IdName())},
           {"assigned_to_me", Bool()},
           {"events", Arr(Obj({{"at", DateTime()},
                               {"kind", Str()},
                               {"summary", Str()},
                               {"actor", Str()},
                               {"actor_name", Str()},
                               {"on_portal", Bool()}}))},
           {"pauses", Arr(Obj({{"from", Date()}, {"to", Date().Nullable()}, {"reason", Str()}}))},
           {"attachments",
            Arr(Obj(
                {{"id", Int()}, {"filename", Str()}, {"content_type", Str()}, {"size", Int()}}))},
           {"duplicates",
            Arr(Obj({{"id", Int()}, {"receipt_no", Str()}, {"status", StatusEnum()}}))},
           {"version", Int()},
           {"created_at", DateTime()},
           {"updated_at", DateTime()}}));
}

// What POST /complaints's receipt renders.
Schema ReceiptSchema() {
  return Obj({{"id", Int()},
              {"receipt_no", Str().Describe("受理编号 (receipt number)")},
              {"query_code", Str().Describe("门户查询码，仅此一次 (portal query code)")},
              {"created", Bool().Describe("false：同一 external_id 已登记 (already entered)")},
              {"status", StatusEnum()},
              {"agency_id", Int().Nullable()}});
}

// What ParseIntake reads from an officer (public_form false).
Schema IntakeBodySchema() {
  Schema person_text = Str(4000).Nullable().Optional();
  return Obj({{"kind", Str(20).Describe("complaint 投诉；report 举报")},
              {"channel", Str(40).Describe("渠道代码 (GET /complaints/codes channels)")},
              {"external_id",
               Str(400).Optional().Describe("来源系统编号，重复登记时返回原记录 (feed id)")},
              {"fair_id", Int().Nullable().Optional().Describe("展会 (trade fair)")},
              {"subject", Str(60).Describe("事项类别代码 (GET /complaints/codes subjects)")},
              {"anonymous", Bool().Optional()},
              {"power_of_attorney", Bool().Optional()},
              {"respondent_name", Str(2000)},
              {"respondent_address", Str(4000).Optional()},
              {"respondent_region", Str(20).Describe("被投诉人所在区划代码 (region code)")},
              {"respondent_shop", Str(2000).Optional()},
              {"respondent_phone", Str(200).Optional()},
              {"product", Str(4000).Optional()},
              {"request", Str(40000).Optional()},
              {"facts", Str(40000)},
              {"harm_known_on", Str(10).Optional().Describe("YYYY-MM-DD")},
              {"persons", Arr(Obj({{"role", person_text.Describe("默认 complainant")},
                                   {"name", person_text},
                                   {"phone", person_text},
                                   {"address", person_text},
                                   {"id_number", person_text}})
                                  .Closed())
                              .Optional()
                              .Describe("投诉人、代理人等，最多 50 项 (up to 50 persons)")}})
      .Closed();
}

// What ParseStep reads: these text fields (required or not) and an integer field.
Schema StepBodySchema(const std::vector<std::pair<std::string, bool>>& strings,
                      const char* int_field = nullptr, bool int_required = false) {
  std::vector<Schema::Property> props;
  for (const auto& [name, required] : strings) {
    props.push_back({name, required ? Str(40000) : Str(40000).Optional()});
  }
  if (int_field) props.push_back({int_field, int_required ? Int() : Int().Optional()});
  return Obj(std::move(props)).Closed();
}

Json Codes(const std::vector<cpl::Ground>& table) {
  Json out = Json::array();
  for (const auto& g : table) {
    out.push_back({{"code", g.code}, {"name_zh", g.label}, {"article", g.article}});
  }
  return out;
}

// The intake fields of a body (officers' form, feeds, the public form), every problem at once.
core::Result<cpl::Intake> ParseIntake(const Json& body, bool public_form, std::string* external_id,
                                      std::optional<int64_t>* fair_id) {
  internal::Fields f(body);
  cpl::Intake in;
  core::Status st = core::InvalidArgument("请求参数有误 (invalid fields)");
  bool bad = false;
  auto kind = f.String("kind", true, 20);
  if (kind) {
    auto k = cpl::ParseKind(*kind);
    if (!k) {
      st.AddFieldError("kind", "应为 complaint（投诉）或 report（举报）");
      bad = true;
    } else {
      in.kind = *k;
    }
  }
  if (!public_form) in.channel = f.String("channel", true, 40).value_or("");
  if (external_id) *external_id = f.String("external_id", false, 400).value_or("");
  if (fair_id) {
    *fair_id = f.Int("fair_id");
    if (f.IsNull("fair_id")) fair_id->reset();
    if (*fair_id && **fair_id <= 0) {
      st.AddFieldError("fair_id", "展会编号应为正整数");
      bad = true;
    }
  }
  in.subject = f.String("subject", true, 60).value_or("");
  in.anonymous = f.Bool("anonymous").value_or(false);
  in.power_of_attorney = f.Bool("power_of_attorney").value_or(false);
  in.respondent_name = f.String("respondent_name", true, 2000).value_or("");
  in.respondent_address = f.String("respondent_address", false, 4000).value_or("");
  in.respondent_region = f.String("respondent_region", true, 20).value_or("");
  in.respondent_shop = f.String("respondent_shop", false, 2000).value_or("");
  in.respondent_phone = f.String("respondent_phone", false, 200).value_or("");
  in.product = f.String("product", false, 4000).value_or("");
  in.request = f.String("request", false, 40000).value_or("");
  in.facts = f.String("facts", true, 40000).value_or("");
  if (auto known = f.String("harm_known_on", false, 10)) {
    auto d = core::ParseDate(*known);
    if (!d) {
      st.AddFieldError("harm_known_on", "日期格式应为 YYYY-MM-DD");
      bad = true;
    } else {
      in.harm_known_on = *d;
    }
  }
  f.IsNull("persons");
  auto persons = body.find("persons");
  if (persons != body.end() && !persons->is_null()) {
    if (!persons->is_array() || persons->size() > 50) {
      st.AddFieldError("persons", "应为人员数组（最多 50 项）");
      bad = true;
    } else {
      for (size_t i = 0; i < persons->size(); ++i) {
        const Json& p = (*persons)[i];
        std::string prefix = "persons[" + std::to_string(i) + "]";
        if (!p.is_object()) {
          st.AddFieldError(prefix, "应为对象");
          bad = true;
          continue;
        }
        cpl::Person person;
        for (auto it = p.begin(); it != p.end(); ++it) {
          std::string* target = it.key() == "role"        ? &person.role
                                : it.key() == "name"      ? &person.name
                                : it.key() == "phone"     ? &person.phone
                                : it.key() == "address"   ? &person.address
                                : it.key() == "id_number" ? &person.id_number
                                                          : nullptr;
          if (!target) {
            st.AddFieldError(prefix + "." + it.key(), "未知字段 (unknown field)");
            bad = true;
          } else if (it->is_null()) {
            continue;
          } else if (!it->is_string() || it->get_ref<const std::string&>().size() > 4000) {
            st.AddFieldError(prefix + "." + it.key(), "应为字符串");
            bad = true;
          } else {
            *target = it->get<std::string>();
          }
        }
        if (person.role.empty()) person.role = "complainant";
        in.persons.push_back(std::move(person));
      }
    }
  }
  core::Status fields = f.Finish();
  if (!fields.ok()) {
    for (const auto& e : fields.field_errors()) st.AddFieldError(e.field, e.message);
    bad = true;
  }
  if (bad) return st;
  return in;
}

// complaint 投诉, report 举报 (cpl::KindName, cpl::KindLabel).
Schema KindSchema() {
  std::vector<std::pair<std::string, std::string>> kinds;
  for (cpl::Kind k : {cpl::Kind::kComplaint, cpl::Kind::kReport}) {
    kinds.emplace_back(cpl::KindName(k), cpl::KindLabel(k));
  }
  return EnumPairs(std::move(kinds));
}

// What ParseIntake reads: the officers' form adds `channel` and `external_id`.
Schema IntakeSchema(bool public_form) {
  std::vector<std::pair<std::string, std::string>> subjects;
  for (const cpl::Subject& sub : cpl::Subjects()) subjects.emplace_back(sub.code, sub.label);
  Schema text = Str(4000).Nullable().Optional();
  std::vector<Schema::Property> props = {
      {"kind", KindSchema()},
      {"fair_id", Int().Min(1).Optional().Describe("在展会期间提出时的展会")},
      {"subject", EnumPairs(std::move(subjects))},
      {"anonymous", Bool().Optional().Describe("匿名举报")},
      {"power_of_attorney", Bool().Optional().Describe("附有授权委托书")},
      {"respondent_name", Str(2000).Describe("被投诉（举报）人")},
      {"respondent_address", Str(4000).Optional()},
      {"respondent_region", Str(20).Describe("被投诉人所在地区划代码")},
      {"respondent_shop", Str(2000).Optional().Describe("店铺或网店名称")},
      {"respondent_phone", Str(200).Optional()},
      {"product", Str(4000).Optional()},
      {"request", Str(40000).Optional().Describe("投诉请求")},
      {"facts", Str(40000).Describe("事实和理由")},
      {"harm_known_on", Date().Optional().Describe("知道权益受损之日（时效起算）")},
      {"persons",
       Arr(Obj({{"role", Str(4000).Nullable().Optional().Describe(
                             "complainant 投诉人（缺省）、representative 代表人、agent 代理人")},
                {"name", text},
                {"phone", text},
                {"address", text},
                {"id_number", text}})
               .Closed())
           .Optional()
           .Describe("投诉人、代表人、代理人，最多 50 人")}};
  if (!public_form) {
    props.push_back({"channel", Str(40).Describe("来源渠道代码")});
    props.push_back({"external_id", Str(400).Optional().Describe("外部系统编号")});
  }
  return Obj(std::move(props)).Closed();
}

// The body of a step: the named string fields, every problem at once.
struct StepBody {
  std::map<std::string, std::string> text;
  std::optional<int64_t> number;
};
core::Result<StepBody> ParseStep(const Request& req,
                                 const std::vector<std::pair<std::string, bool>>& strings,
                                 const char* int_field = nullptr, bool int_required = false) {
  IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
  internal::Fields f(body);
  StepBody out;
  for (const auto& [name, required] : strings) {
    out.text[name] = f.String(name, required, 40000).value_or("");
  }
  if (int_field) out.number = f.Int(int_field, int_required);
  IPE_RETURN_IF_ERROR(f.Finish());
  return out;
}

Json FairJson(const app::ComplaintFair& x, bool full) {
  const cpl::Fair& f = x.fair;
  auto hours = [](const std::optional<int>& h) { return h ? Json(*h) : Json(); };
  Json j = {{"id", f.id},
            {"name", f.name},
            {"venue", f.venue},
            {"region_code", f.region_code},
            {"starts_on", f.starts_on.ToString()},
            {"ends_on", f.ends_on.ToString()},
            {"days", cpl::FairDays(f)},
            {"organiser", f.organiser},
            {"desk_contact", f.desk_contact},
            {"desk_agency_id", f.desk_agency_id ? Json(*f.desk_agency_id) : Json()},
            {"desk_agency_name", x.desk_agency_name},
            {"reply_hours", hours(f.reply_hours)},
            {"handle_hours", hours(f.handle_hours)},
            {"desk_expected", x.desk_expected}};
  if (full) {
    j["agency_id"] = x.agency_id;
    j["agency_name"] = x.agency_name;
    j["records"] = x.records;
    j["version"] = x.version;
    j["created_at"] = x.created_at.ToString();
    j["updated_at"] = x.updated_at.ToString();
  }
  return j;
}

// The shape FairJson renders (`full`: the officers' view).
Schema FairSchema() {
  Schema hours = Int().Nullable();
  return Obj({{"id", Int()},
              {"name", Str()},
              {"venue", Str()},
              {"region_code", Str()},
              {"starts_on", Date()},
              {"ends_on", Date()},
              {"days", Int()},
              {"organiser", Str()},
              {"desk_contact", Str()},
              {"desk_agency_id", Int().Nullable()},
              {"desk_agency_name", Str()},
              {"reply_hours", hours.Describe("现场答复时限，小时 (reply within, hours)")},
              {"handle_hours", hours.Describe("现场处理时限，小时 (handle within, hours)")},
              {"desk_expected", Bool().Describe("应设投诉站（第六条）(a desk is expected)")}});
}

Schema FairRef(Router& r) {
  return r.Component(
      "ComplaintFair",
      With(FairSchema(), {{"agency_id", Int()},
                          {"agency_name", Str()},
                          {"records", Int().Describe("本人可见的登记数 (records visible)")},
                          {"version", Int()},
                          {"created_at", DateTime()},
                          {"updated_at", DateTime()}}));
}

// What ParseFair reads (`with_version`: edits).
Schema FairBodySchema(bool with_version) {
  Schema hours = Int().Min(1).Max(cpl::kMaxFairHours).Nullable().Optional();
  std::vector<Schema::Property> props = {{"name", Str(4000)},
                                         {"venue", Str(4000)},
                                         {"region_code", Str(20)},
                                         {"organiser", Str(4000)},
                                         {"desk_contact", Str(1000).Optional()},
                                         {"starts_on", Str(20).Describe("YYYY-MM-DD")},
                                         {"ends_on", Str(20).Describe("YYYY-MM-DD")},
                                         {"desk_agency_id", Int().Nullable().Optional()},
                                         {"reply_hours", hours},
                                         {"handle_hours", hours}};
  if (with_version) props.push_back({"version", Int()});
  return Obj(std::move(props)).Closed();
}

// [{"code","name_zh","count"}] — CountsJson and the statistics' pairs.
Schema CountsSchema(Schema code = Str()) {
  return Arr(Obj({{"code", std::move(code)}, {"name_zh", Str()}, {"count", Int()}}));
}

// A fair's fields from a body (create and edit), every problem at once; `version` for edits.
core::Result<cpl::Fair> ParseFair(const Request& req, std::optional<int64_t>* version) {
  IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
  internal::Fields f(body);
  cpl::Fair out;
  core::Status st = core::InvalidArgument("请求参数有误 (invalid fields)");
  bool bad = false;
  out.name = f.String("name", true, 4000).value_or("");
  out.venue = f.String("venue", true, 4000).value_or("");
  out.region_code = f.String("region_code", true, 20).value_or("");
  out.organiser = f.String("organiser", true, 4000).value_or("");
  out.desk_contact = f.String("desk_contact", false, 1000).value_or("");
  for (auto [name, target] : {std::pair{"starts_on", &out.starts_on}, std::pair{"ends_on", &out.ends_on}}) {
    auto text = f.String(name, true, 20);
    if (!text) continue;
    auto d = core::ParseDate(*text);
    if (!d) {
      st.AddFieldError(name, "日期格式应为 YYYY-MM-DD");
      bad = true;
    } else {
      *target = *d;
    }
  }
  out.desk_agency_id = f.Int("desk_agency_id");
  f.IsNull("desk_agency_id");
  for (auto [name, target] : {std::pair{"reply_hours", &out.reply_hours},
                              std::pair{"handle_hours", &out.handle_hours}}) {
    f.IsNull(name);
    auto v = f.Int(name);
    if (v && (*v < 1 || *v > cpl::kMaxFairHours)) {
      st.AddFieldError(name, "应为 1 至 " + std::to_string(cpl::kMaxFairHours) + " 小时");
      bad = true;
    } else if (v) {
      *target = static_cast<int>(*v);
    }
  }
  if (version) *version = f.Int("version", true);
  core::Status fields = f.Finish();
  if (!fields.ok()) {
    for (const auto& e : fields.field_errors()) st.AddFieldError(e.field, e.message);
    bad = true;
  }
  if (bad) return st;
  return out;
}

Json CountsJson(const std::map<std::string, int64_t>& m, const char* (*label)(const std::string&)) {
  Json out = Json::array();
  for (const auto& [code, n] : m) out.push_back({{"code", code}, {"name_zh", label(code)}, {"count", n}});
  return out;
}

const char* SubjectLabel(const std::string& code) {
  const cpl::Subject* s = cpl::FindSubject(code);
  return s ? s->label : "";
}
const char* KindLabelOf(const std::string& code) {
  auto k = cpl::ParseKind(code);
  return k ? cpl::KindLabel(*k) : "";
}
const char* StatusLabelOf(const std::string& code) {
  auto s = cpl::ParseStatus(code);
  return s ? cpl::StatusLabel(cpl::Kind::kComplaint, *s) : "";
}

}  // namespace

static void RegisterComplaintFairsApi(Dispatcher& d) {
  app::Context& ctx = d.context();
  Router& r = d.router();

  r.Add("GET", "/api/v1/complaint-fairs", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto page, internal::PageFromQuery(req));
    app::FairFilter f;
    f.q = req.Query("q");
    f.region = req.Query("region");
    for (auto* field : {&f.q, &f.region}) {
      if (*field && field->value().empty()) field->reset();
    }
    if (auto on = req.Query("on"); on && !on->empty()) {
      auto day = core::ParseDate(*on);
      if (!day) {
        return core::Status(core::InvalidArgument("查询条件有误"))
            .AddFieldError("on", "日期格式应为 YYYY-MM-DD");
      }
      f.on = *day;
    }
    IPE_ASSIGN_OR_RETURN(auto result, app::ListFairs(ctx, *req.principal, f, page));
    return JsonResponse(200, internal::PageJson(result, [](const app::ComplaintFair& x) {
                          return FairJson(x, true);
                        }));
  }, "展会列表 (trade fairs)");
  Schema fair = FairRef(r);
  r.Describe("GET", "/api/v1/complaint-fairs",
             RouteSpec()
                 .Query(PageQuery({{"q", Str(), false, "展会名称、场馆关键词 (search)"},
                                   {"region", Str(), false, "区划代码，含下级 (region subtree)"},
                                   {"on", Date(), false, "当日在办的展会 (running on this day)"}}))
                 .Returns(200, PageOf(fair))
                 .Refuses(403, "无权查看展会 (no complaint.list)"));

  r.Add("POST", "/api/v1/complaint-fairs", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto fair, ParseFair(req, nullptr));
    IPE_ASSIGN_OR_RETURN(auto made, app::CreateFair(ctx, *req.principal, fair));
    return JsonResponse(201, FairJson(made, true));
  }, "登记展会 (enter a trade fair)");
  r.Describe("POST", "/api/v1/complaint-fairs",
             RouteSpec()
                 .Body(FairBodySchema(false))
                 .Returns(201, fair)
                 .Refuses(403,
                          "展会由举办地市场监管部门或知识产权管理部门在本辖区登记 (market "
                          "regulator or IP office, own region)"));

  r.Add("GET", "/api/v1/complaint-fairs/{id}", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto fair, app::GetFair(ctx, *req.principal, id));
    return JsonResponse(200, FairJson(fair, true));
  }, "展会详情 (a trade fair)");
  r.Describe("GET", "/api/v1/complaint-fairs/{id}",
             RouteSpec()
                 .Returns(200, fair)
                 .Refuses(403, "无权查看展会 (no complaint.list)")
                 .Refuses(404, "展会不存在 (no such fair)"));

  r.Add("PUT", "/api/v1/complaint-fairs/{id}", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    std::optional<int64_t> version;
    IPE_ASSIGN_OR_RETURN(auto fair, ParseFair(req, &version));
    IPE_ASSIGN_OR_RETURN(auto saved, app::UpdateFair(ctx, *req.principal, id, *version, fair));
    return JsonResponse(200, FairJson(saved, true));
  }, "修改展会 (edit a trade fair)");
  r.Describe("PUT", "/api/v1/complaint-fairs/{id}",
             RouteSpec()
                 .Body(FairBodySchema(true))
                 .Returns(200, fair)
                 .Refuses(403, "展会由登记机关或其上级修改 (the entering agency)")
                 .Refuses(404, "展会不存在 (no such fair)")
                 .Refuses(409, "版本已变 (stale version)"));

  r.Add("GET", "/api/v1/complaint-fairs/{id}/summary", Access::kAuthenticated,
        [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto s, app::FairSummaryOf(ctx, *req.principal, id));
    const cpl::FairSummary& x = s.summary;
    auto opt = [](const std::optional<double>& v) { return v ? Json(*v) : Json(); };
    return JsonResponse(200, Json{{"fair", FairJson(s.fair, true)},
                                  {"total", x.total},
                                  {"by_kind", CountsJson(x.by_kind, &KindLabelOf)},
                                  {"by_subject", CountsJson(x.by_subject, &SubjectLabel)},
                                  {"by_status", CountsJson(x.by_status, &StatusLabelOf)},
                                  {"decided", x.decided},
                                  {"handled_on_site", x.handled_on_site},
                                  {"within_handle_hours", x.within_handle_hours},
                                  {"median_handling_hours", opt(x.median_handling_hours)},
                                  {"worst_handling_hours", opt(x.worst_handling_hours)}});
  }, "展会投诉举报汇总 (a fair's summary)");
  r.Describe("GET", "/api/v1/complaint-fairs/{id}/summary",
             RouteSpec()
                 .Returns(200, Obj({{"fair", fair},
                                    {"total", Int()},
                                    {"by_kind", CountsSchema(KindEnum())},
                                    {"by_subject", CountsSchema(SubjectEnum())},
                                    {"by_status", CountsSchema(StatusEnum())},
                                    {"decided", Int()},
                                    {"handled_on_site", Int()},
                                    {"within_handle_hours", Int()},
                                    {"median_handling_hours", Num().Nullable()},
                                    {"worst_handling_hours", Num().Nullable()}}))
                 .Refuses(403, "无权查看展会统计 (no complaint.list)")
                 .Refuses(404, "展会不存在 (no such fair)"));

  r.Add("GET", "/api/v1/public/complaint-fairs", Access::kPublic, [&ctx](Request&) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto fairs, app::PublicFairs(ctx, 30));
    Json items = Json::array();
    for (const auto& x : fairs) items.push_back(FairJson(x, false));
    return JsonResponse(200, Json{{"items", items}});
  }, "展会（门户：正在举办和三十日内开幕的展会）(public: the running fairs)");
  r.Describe("GET", "/api/v1/public/complaint-fairs",
             RouteSpec().Returns(200, Obj({{"items", Arr(FairSchema())}})));
}

void RegisterComplaintsApi(Dispatcher& d) {
  RegisterComplaintFairsApi(d);
  app::Context& ctx = d.context();
  Router& r = d.router();
  Schema complaint = ComplaintRef(r);

  r.Add("GET", "/api/v1/complaints/codes", Access::kAuthenticated, [](Request&) -> Reply {
    Json kinds = Json::array(), statuses = Json::array(), channels = Json::array(),
         subjects = Json::array();
    for (cpl::Kind k : {cpl::Kind::kComplaint, cpl::Kind::kReport}) {
      kinds.push_back({{"code", cpl::KindName(k)}, {"name_zh", cpl::KindLabel(k)}});
      for (cpl::Status s : cpl::StatusesOf(k)) {
        statuses.push_back({{"kind", cpl::KindName(k)},
                            {"code", cpl::StatusName(s)},
                            {"name_zh", cpl::StatusLabel(k, s)}});
      }
    }
    for (const auto& c : cpl::Channels()) channels.push_back({{"code", c.code}, {"name_zh", c.label}});
    for (const auto& s : cpl::Subjects()) subjects.push_back({{"code", s.code}, {"name_zh", s.label}});
    Json notice = Json::array();
    for (const auto& [code, label] : std::vector<std::pair<const char*, const char*>>{
             {"phone", "电话"}, {"sms", "短信"}, {"letter", "书面"}, {"portal", "门户查询"},
             {"in_person", "当面"}}) {
      notice.push_back({{"code", code}, {"name_zh", label}});
    }
    return JsonResponse(200, Json{{"kinds", kinds},
                                  {"statuses", statuses},
                                  {"channels", channels},
                                  {"subjects", subjects},
                                  {"refusal_grounds", Codes(cpl::RefusalGrounds())},
                                  {"mediation_endings", Codes(cpl::MediationEndings())},
                                  {"notice_channels", notice}});
  }, "投诉举报代码表 (complaint codes)");
  {
    Schema code = Obj({{"code", Str()}, {"name_zh", Str()}});
    Schema ground = Obj(
        {{"code", Str()}, {"name_zh", Str()}, {"article", Str().Describe("依据条文 (article)")}});
    r.Describe(
        "GET", "/api/v1/complaints/codes",
        RouteSpec().Returns(
            200, Obj({{"kinds", Arr(code)},
                      {"statuses",
                       Arr(Obj({{"kind", KindEnum()}, {"code", Str()}, {"name_zh", Str()}}))},
                      {"channels", Arr(code)},
                      {"subjects", Arr(code)},
                      {"refusal_grounds", Arr(ground)},
                      {"mediation_endings", Arr(ground)},
                      {"notice_channels", Arr(code)}})));
  }

  r.Add("GET", "/api/v1/complaints", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto page, internal::PageFromQuery(req));
    app::ComplaintFilter f;
    f.kind = req.Query("kind");
    f.status = req.Query("status");
    f.channel = req.Query("channel");
    f.subject = req.Query("subject");
    f.region = req.Query("region");
    f.urgency = req.Query("urgency");
    f.fair_clock = req.Query("fair_clock");
    f.q = req.Query("q");
    for (auto* field : {&f.kind, &f.status, &f.channel, &f.subject, &f.region, &f.urgency,
                        &f.fair_clock, &f.q}) {
      if (*field && field->value().empty()) field->reset();
    }
    IPE_ASSIGN_OR_RETURN(f.lead_id, internal::IntQuery(req, "lead_id"));
    IPE_ASSIGN_OR_RETURN(f.fair_id, internal::IntQuery(req, "fair_id"));
    IPE_ASSIGN_OR_RETURN(f.group_id, internal::IntQuery(req, "group"));
    IPE_ASSIGN_OR_RETURN(f.mine, internal::BoolQuery(req, "mine"));
    IPE_ASSIGN_OR_RETURN(auto result, app::ListComplaints(ctx, *req.principal, f, page));
    return JsonResponse(200, internal::PageJson(result, ComplaintJson));
  }, "投诉举报列表 (the complaint queue)");
  r.Describe(
      "GET", "/api/v1/complaints",
      RouteSpec()
          .Query(PageQuery({{"kind", KindEnum(), false, "类别 (kind)"},
                            {"status", StatusEnum(), false, "状态 (status)"},
                            {"channel", ChannelEnum(), false, "渠道 (channel)"},
                            {"subject", SubjectEnum(), false, "事项类别 (subject)"},
                            {"region", Str(), false, "区划代码 (region)"},
                            {"urgency", Enum({{"due_soon", "即将到期"}, {"overdue", "已逾期"}}),
                             false, "法定时限待办 (the statutory clock's to-do)"},
                            {"fair_clock", Enum({{"due_soon", "过半"}, {"overdue", "已超时"}}),
                             false, "展会现场处理时限 (the fair's on-site clock)"},
                            {"q", Str(), false, "关键词 (search)"},
                            {"lead_id", Int(), false, "线索 (lead)"},
                            {"fair_id", Int(), false, "展会 (fair)"},
                            {"group", Int(), false, "同一事项 (matter group id)"},
                            {"mine", Bool(), false, "我承办的 (assigned to me)"}}))
          .Returns(200, PageOf(complaint))
          .Refuses(403, "无权查看投诉举报 (no complaint.list)"));

  r.Add("POST", "/api/v1/complaints", Access::kAuthenticated,
        Idempotent(ctx, "/api/v1/complaints", [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
    app::ComplaintSubmission s;
    IPE_ASSIGN_OR_RETURN(s.intake, ParseIntake(body, false, &s.external_id, &s.fair_id));
    IPE_ASSIGN_OR_RETURN(auto receipt, app::SubmitComplaint(ctx, *req.principal, s));
    return JsonResponse(receipt.created ? 201 : 200,
                        Json{{"id", receipt.id},
                             {"receipt_no", receipt.receipt_no},
                             {"query_code", receipt.query_code},
                             {"created", receipt.created},
                             {"status", receipt.status},
                             {"agency_id", receipt.agency_id ? Json(*receipt.agency_id) : Json()}});
  }), "登记投诉举报 (enter a complaint or report: hotline, letter, feeds)");
  r.Describe("POST", "/api/v1/complaints",
             RouteSpec()
                 .Body(IntakeBodySchema())
                 .Returns(201, ReceiptSchema(), "已登记 (entered)")
                 .Returns(200, ReceiptSchema(), "同一 external_id 已登记过 (entered before)")
                 .Refuses(403, "无权登记投诉举报 (no complaint.intake)"));

  // 批量导入 (the officers' batch channel): the file as the case import takes it, all rows or none.
  constexpr size_t kMaxImportRows = 5000;
  constexpr size_t kImportBodyBytes = 24u << 20;
  r.Add("GET", "/api/v1/complaints/import/template", Access::kAuthenticated, [](Request&) -> Reply {
    Response resp;
    resp.content_type = "text/csv; charset=utf-8";
    resp.headers.emplace_back("Content-Disposition", "attachment; filename=\"complaints-template.csv\"");
    resp.body = "\xEF\xBB\xBF" + app::ComplaintImportTemplateCsv();  // BOM: spreadsheets read UTF-8
    return resp;
  }, "投诉举报导入模板 (CSV template)");
  r.Describe("GET", "/api/v1/complaints/import/template",
             RouteSpec().Returns(200, Str(), "CSV 模板 (UTF-8 with BOM)", "text/csv"));

  r.Add("GET", "/api/v1/complaints/import/template.xlsx", Access::kAuthenticated, [](Request&) -> Reply {
    static const core::Result<std::string> kTemplate = app::ComplaintImportTemplateXlsx();
    if (!kTemplate) return kTemplate.error();
    Response resp;
    resp.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    resp.headers.emplace_back("Content-Disposition", "attachment; filename=\"complaints-template.xlsx\"");
    resp.body = *kTemplate;
    return resp;
  }, "投诉举报导入模板 (XLSX template)");
  r.Describe(
      "GET", "/api/v1/complaints/import/template.xlsx",
      RouteSpec().Returns(200, Str(), "XLSX 模板",
                          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));

  r.Add("POST", "/api/v1/complaints/import", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_RETURN_IF_ERROR(app::RequireCapability(*req.principal, app::Capability::kComplaintIntake,
                                               "导入投诉举报"));
    IPE_ASSIGN_OR_RETURN(std::string bytes, internal::UploadedFile(req, kImportBodyBytes));
    IPE_ASSIGN_OR_RETURN(auto file, app::ParseComplaintFile(bytes, kMaxImportRows));
    IPE_ASSIGN_OR_RETURN(auto result, app::ImportComplaints(ctx, *req.principal, file));
    Json items = Json::array();
    for (const auto& i : result.items) {
      items.push_back({{"row", i.line},
                       {"receipt_no", i.receipt_no},
                       {"query_code", i.query_code},
                       {"created", i.created}});
    }
    return JsonResponse(result.imported ? 201 : 200, Json{{"imported", result.imported},
                                                          {"existing", result.existing},
                                                          {"format", file.format},
                                                          {"items", items}});
  }, "导入投诉举报 (import complaints and reports from CSV or XLSX)");
  {
    Schema result =
        Obj({{"imported", Int()},
             {"existing", Int().Describe("已登记过的行 (rows entered before)")},
             {"format", Enum({{"csv", "CSV"}, {"xlsx", "Excel"}})},
             {"items", Arr(Obj({{"row", Int().Describe("文件中的行号 (row in the file)")},
                                {"receipt_no", Str()},
                                {"query_code", Str()},
                                {"created", Bool()}}))}});
    r.Describe(
        "POST", "/api/v1/complaints/import",
        RouteSpec()
            .Description(
                "文件作为原始请求体（CSV 文本或 XLSX 字节），或 JSON {csv} / {file_base64}；"
                "按内容判断格式；全部导入或全部不导入 (raw file body, or JSON; all rows or none)")
            .Body(Obj({{"csv", Str(kImportBodyBytes).Optional()},
                       {"file_base64", Str(kImportBodyBytes).Optional()},
                       {"filename", Str(500).Optional().Describe("仅供记录 (informational)")}})
                      .Closed(),
                  false)
            .Returns(201, result, "已导入 (imported)")
            .Returns(200, result, "全部已登记过 (every row entered before)")
            .Refuses(403, "无权导入投诉举报 (no complaint.intake)"));
  }
  r.AllowLargeBody("POST", "/api/v1/complaints/import", kImportBodyBytes);

  r.Add("GET", "/api/v1/complaints/statistics", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto s, app::ComplaintStatistics(ctx, *req.principal));
    // Each count with the name the statistics module gives its dimension value.
    auto pairs = [](const char* dimension, const std::vector<std::pair<std::string, int64_t>>& v) {
      Json out = Json::array();
      for (const auto& [k, n] : v) {
        out.push_back({{"code", k}, {"name_zh", app::DimensionValueLabel(dimension, k)}, {"count", n}});
      }
      return out;
    };
    Json steps = Json::array();
    for (const auto& st : s.steps) {
      steps.push_back({{"step", st.step}, {"label", st.label}, {"count", st.count},
                       {"median_days", st.median_days}, {"worst_days", st.worst_days}});
    }
    return JsonResponse(200, Json{{"total", s.total},
                                  {"by_kind", pairs("complaint_kind", s.by_kind)},
                                  {"by_channel", pairs("channel", s.by_channel)},
                                  {"by_subject", pairs("complaint_subject", s.by_subject)},
                                  {"by_status", pairs("complaint_status", s.by_status)},
                                  {"by_province", pairs("region", s.by_region)},
                                  {"converted", s.converted},
                                  {"filed", s.filed},
                                  {"overdue", s.overdue},
                                  {"due_soon", s.due_soon},
                                  {"median_decision_days", s.median_decision_days},
                                  {"worst_decision_days", s.worst_decision_days},
                                  {"steps", steps}});
  }, "投诉举报统计 (complaint figures)");
  r.Describe(
      "GET", "/api/v1/complaints/statistics",
      RouteSpec()
          .Returns(200,
                   Obj({{"total", Int()},
                        {"by_kind", CountsSchema(KindEnum())},
                        {"by_channel", CountsSchema(ChannelEnum())},
                        {"by_subject", CountsSchema(SubjectEnum())},
                        {"by_status", CountsSchema(StatusEnum())},
                        {"by_province", CountsSchema().Describe("按省区划代码 (by province code)")},
                        {"converted", Int()},
                        {"filed", Int()},
                        {"overdue", Int()},
                        {"due_soon", Int()},
                        {"median_decision_days", Num()},
                        {"worst_decision_days", Num()},
                        {"steps", Arr(Obj({{"step", Str()},
                                           {"label", Str()},
                                           {"count", Int()},
                                           {"median_days", Num()},
                                           {"worst_days", Num()}}))}}))
          .Refuses(403, "无权查看投诉举报统计 (no complaint.list)"));

  r.Add("GET", "/api/v1/complaints/{id}", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto c, app::GetComplaint(ctx, *req.principal, id));
    return JsonResponse(200, ComplaintJson(c));
  }, "投诉举报详情 (a complaint with its timeline)");
  r.Describe("GET", "/api/v1/complaints/{id}",
             RouteSpec()
                 .Returns(200, complaint)
                 .Refuses(403, "无权查看投诉举报 (by role)")
                 .Refuses(404, "记录不存在或不在本人范围 (missing or out of scope)"));

  r.Add("GET", "/api/v1/complaints/{id}/attachments/{attachment_id}", Access::kAuthenticated,
        [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto attachment_id, internal::IdParam(req, "attachment_id"));
    IPE_ASSIGN_OR_RETURN(auto file, app::GetComplaintAttachment(ctx, *req.principal, id, attachment_id));
    Response resp;
    resp.content_type = file.first.content_type;
    resp.body = std::move(file.second);
    resp.headers.emplace_back("Content-Disposition",
                              "attachment; filename=\"complaint-" + std::to_string(id) + "-" +
                                  std::to_string(attachment_id) + "\"");
    resp.headers.emplace_back("Cache-Control", "no-store");
    return resp;
  }, "投诉举报附件 (an attachment, for the assigned officers)");
  r.Describe("GET", "/api/v1/complaints/{id}/attachments/{attachment_id}",
             RouteSpec()
                 .Returns(200, Str(), "JPEG", "image/jpeg")
                 .Returns(200, Str(), "PNG", "image/png")
                 .Returns(200, Str(), "PDF", "application/pdf")
                 .Refuses(403, "无权查看投诉举报附件 (by role)")
                 .Refuses(404, "记录或附件不存在，或不在本人范围 (missing or out of scope)"));

  r.Add("POST", "/api/v1/complaints/{id}/assign", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto b, ParseStep(req, {}, "user_id"));
    IPE_ASSIGN_OR_RETURN(auto c, app::AssignComplaint(ctx, *req.principal, id, b.number));
    return JsonResponse(200, ComplaintJson(c));
  }, "承办 (take or assign a complaint)");
  r.Describe(
      "POST", "/api/v1/complaints/{id}/assign",
      RouteSpec()
          .Body(StepBodySchema({}, "user_id"))
          .Returns(200, complaint)
          .Refuses(403, "无权办理投诉举报，或非承办人 (no complaint.handle, or not the assignee)")
          .Refuses(404, "记录不存在或不在本人范围 (missing or out of scope)")
          .Refuses(409, "当前状态不允许此步骤或版本已变 (not allowed in this state)"));

  r.Add("POST", "/api/v1/complaints/{id}/transfer", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto b, ParseStep(req, {{"basis", true}, {"reason", true}}, "agency_id", true));
    IPE_ASSIGN_OR_RETURN(auto c, app::TransferComplaint(ctx, *req.principal, id, *b.number,
                                                        b.text["basis"], b.text["reason"]));
    return JsonResponse(200, ComplaintJson(c));
  }, "分送、改派、指定管辖 (route or transfer a complaint)");
  r.Describe(
      "POST", "/api/v1/complaints/{id}/transfer",
      RouteSpec()
          .Body(StepBodySchema({{"basis", true}, {"reason", true}}, "agency_id", true))
          .Returns(200, complaint)
          .Refuses(403, "无权办理投诉举报，或非承办人 (no complaint.handle, or not the assignee)")
          .Refuses(404, "记录不存在或不在本人范围 (missing or out of scope)")
          .Refuses(409, "当前状态不允许此步骤或版本已变 (not allowed in this state)"));

  r.Add("POST", "/api/v1/complaints/{id}/dispute", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto b, ParseStep(req, {{"note", true}}, "agency_id", true));
    IPE_ASSIGN_OR_RETURN(auto c, app::OpenJurisdictionDispute(ctx, *req.principal, id, *b.number,
                                                              b.text["note"]));
    return JsonResponse(200, ComplaintJson(c));
  }, "管辖争议 (a jurisdiction dispute, 7 working days)");
  r.Describe(
      "POST", "/api/v1/complaints/{id}/dispute",
      RouteSpec()
          .Body(StepBodySchema({{"note", true}}, "agency_id", true))
          .Returns(200, complaint)
          .Refuses(403, "无权办理投诉举报，或非承办人 (no complaint.handle, or not the assignee)")
          .Refuses(404, "记录不存在或不在本人范围 (missing or out of scope)")
          .Refuses(409, "当前状态不允许此步骤或版本已变 (not allowed in this state)"));

  // The steps that take one text: (path, field, required, use case, summary).
  using StepFn = core::Result<app::Complaint> (*)(app::Context&, const app::Principal&, int64_t,
                                                  const std::string&);
  struct SimpleStep {
    const char* path;
    const char* field;
    bool required;
    StepFn fn;
    const char* summary;
  };
  static const SimpleStep kSteps[] = {
      {"/api/v1/complaints/{id}/accept", "note", false, &app::AcceptComplaint, "受理投诉 (accept)"},
      {"/api/v1/complaints/{id}/suspend", "reason", true, &app::SuspendComplaint,
       "检测鉴定，暂停计时 (pause the clock)"},
      {"/api/v1/complaints/{id}/resume", "note", false, &app::ResumeComplaint,
       "恢复计时 (resume the clock)"},
      {"/api/v1/complaints/{id}/extend", "reason", true, &app::ExtendVerification,
       "延长核查期限 (extend a report's verification)"},
      {"/api/v1/complaints/{id}/decline", "reason", true, &app::DeclineReport,
       "不予立案 (decline a report)"},
  };
  for (const SimpleStep& s : kSteps) {
    r.Add("POST", s.path, Access::kAuthenticated, [&ctx, s](Request& req) -> Reply {
      IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
      IPE_ASSIGN_OR_RETURN(auto b, ParseStep(req, {{s.field, s.required}}));
      IPE_ASSIGN_OR_RETURN(auto c, s.fn(ctx, *req.principal, id, b.text[s.field]));
      return JsonResponse(200, ComplaintJson(c));
    }, s.summary);
    r.Describe(
        "POST", s.path,
        RouteSpec()
            .Body(StepBodySchema({{s.field, s.required}}))
            .Returns(200, complaint)
            .Refuses(403, "无权办理投诉举报，或非承办人 (no complaint.handle, or not the assignee)")
            .Refuses(404, "记录不存在或不在本人范围 (missing or out of scope)")
            .Refuses(409, "当前状态不允许此步骤或版本已变 (not allowed in this state)"));
  }

  r.Add("POST", "/api/v1/complaints/{id}/refuse", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto b, ParseStep(req, {{"ground", true}, {"note", false}}));
    IPE_ASSIGN_OR_RETURN(auto c, app::RefuseComplaint(ctx, *req.principal, id, b.text["ground"],
                                                      b.text["note"]));
    return JsonResponse(200, ComplaintJson(c));
  }, "不予受理 (refuse a complaint with its ground)");
  r.Describe(
      "POST", "/api/v1/complaints/{id}/refuse",
      RouteSpec()
          .Body(StepBodySchema({{"ground", true}, {"note", false}}))
          .Returns(200, complaint)
          .Refuses(403, "无权办理投诉举报，或非承办人 (no complaint.handle, or not the assignee)")
          .Refuses(404, "记录不存在或不在本人范围 (missing or out of scope)")
          .Refuses(409, "当前状态不允许此步骤或版本已变 (not allowed in this state)"));

  r.Add("POST", "/api/v1/complaints/{id}/end-mediation", Access::kAuthenticated,
        [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto b, ParseStep(req, {{"ending", true}, {"note", true}}));
    IPE_ASSIGN_OR_RETURN(auto c, app::EndMediation(ctx, *req.principal, id, b.text["ending"],
                                                   b.text["note"]));
    return JsonResponse(200, ComplaintJson(c));
  }, "结束调解 (end mediation: agreement or a ground of art. 21)");
  r.Describe(
      "POST", "/api/v1/complaints/{id}/end-mediation",
      RouteSpec()
          .Body(StepBodySchema({{"ending", true}, {"note", true}}))
          .Returns(200, complaint)
          .Refuses(403, "无权办理投诉举报，或非承办人 (no complaint.handle, or not the assignee)")
          .Refuses(404, "记录不存在或不在本人范围 (missing or out of scope)")
          .Refuses(409, "当前状态不允许此步骤或版本已变 (not allowed in this state)"));

  r.Add("POST", "/api/v1/complaints/{id}/notify", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto b, ParseStep(req, {{"channel", true}, {"note", false}}));
    IPE_ASSIGN_OR_RETURN(auto c, app::RecordNotice(ctx, *req.principal, id, b.text["channel"],
                                                   b.text["note"]));
    return JsonResponse(200, ComplaintJson(c));
  }, "记录告知 (record the notice to the parties or the reporter)");
  r.Describe(
      "POST", "/api/v1/complaints/{id}/notify",
      RouteSpec()
          .Body(StepBodySchema({{"channel", true}, {"note", false}}))
          .Returns(200, complaint)
          .Refuses(403, "无权办理投诉举报，或非承办人 (no complaint.handle, or not the assignee)")
          .Refuses(404, "记录不存在或不在本人范围 (missing or out of scope)")
          .Refuses(409, "当前状态不允许此步骤或版本已变 (not allowed in this state)"));

  r.Add("POST", "/api/v1/complaints/{id}/convert", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto b, ParseStep(req, {{"note", false}}));
    IPE_ASSIGN_OR_RETURN(auto result, app::ConvertComplaintToLead(ctx, *req.principal, id, b.text["note"]));
    Json j = ComplaintJson(result.complaint);
    j["lead_id"] = result.lead_id;
    return JsonResponse(200, j);
  }, "转为线索 (convert to a lead)");
  r.Describe(
      "POST", "/api/v1/complaints/{id}/convert",
      RouteSpec()
          .Body(StepBodySchema({{"note", false}}))
          .Returns(200, With(complaint, {{"lead_id", Int()}}))
          .Refuses(403, "无权办理投诉举报，或非承办人 (no complaint.handle, or not the assignee)")
          .Refuses(404, "记录不存在或不在本人范围 (missing or out of scope)")
          .Refuses(409, "当前状态不允许此步骤或版本已变 (not allowed in this state)"));

  // ---- public portal (no login; a pass for the form, the query code for the status) ------------
  r.Add("POST", "/api/v1/public/complaints", Access::kPublic, [&ctx](Request& req) -> Reply {
    IPE_RETURN_IF_ERROR(app::CheckPublicPass(ctx, req.Header("x-public-pass"), req.client));
    IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
    std::optional<int64_t> fair_id;
    IPE_ASSIGN_OR_RETURN(auto intake, ParseIntake(body, true, nullptr, &fair_id));
    IPE_ASSIGN_OR_RETURN(auto receipt, app::SubmitPublicComplaint(ctx, std::move(intake), fair_id));
    return JsonResponse(201, Json{{"receipt_no", receipt.receipt_no},
                                  {"query_code", receipt.query_code},
                                  {"status", receipt.status}});
  }, "提交投诉举报 (public: the complaint and report form)");
  r.Describe("POST", "/api/v1/public/complaints",
             RouteSpec()
                 .Refuses(403, "缺少或无效的 X-Public-Pass (no valid pass)")
                 .Description("须带 X-Public-Pass 请求头 (needs a pass)")
                 .Body(IntakeSchema(true))
                 .Returns(201, Obj({{"receipt_no", Str()},
                                    {"query_code", Str().Describe("查询码，仅此一次 (shown once)")},
                                    {"status", Str()}})));

  r.Add("POST", "/api/v1/public/complaints/{receipt}/attachments", Access::kPublic,
        [&ctx](Request& req) -> Reply {
    IPE_RETURN_IF_ERROR(app::CheckPublicPass(ctx, req.Header("x-public-pass"), req.client));
    IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
    internal::Fields f(body);
    auto filename = f.String("filename", true, 1000);
    auto type = f.String("content_type", true, 100);
    auto data = f.String("data_base64", true, (cpl::kMaxAttachmentBytes / 3 + 2) * 4 + 16);
    IPE_RETURN_IF_ERROR(f.Finish());
    IPE_ASSIGN_OR_RETURN(auto a, app::AddPublicAttachment(ctx, req.path_params["receipt"],
                                                          req.Query("code").value_or(""), *filename,
                                                          *type, *data));
    return JsonResponse(201, Json{{"filename", a.filename}, {"content_type", a.content_type}, {"size", a.size}});
  }, "投诉举报附件上传 (public: a photo, receipt or screenshot, JPEG/PNG/PDF up to 2 MiB)");
  r.Describe(
      "POST", "/api/v1/public/complaints/{receipt}/attachments",
      RouteSpec()
          .Refuses(403, "缺少或无效的 X-Public-Pass (no valid pass)")
          .Refuses(404, "受理编号或查询码不符 (receipt or code does not match)")
          .Refuses(409, "已办结或附件已满 (closed, or the attachment limit reached)")
          .Description("须带 X-Public-Pass 请求头 (needs a pass)")
          .Query({{"code", Str(), true, "查询码 (query code)"}})
          .Body(
              Obj({{"filename", Str(1000)},
                   {"content_type", Str(100).Describe("image/jpeg、image/png 或 application/pdf")},
                   {"data_base64", Str((cpl::kMaxAttachmentBytes / 3 + 2) * 4 + 16)
                                       .Describe("文件内容，解码后不超过 2 MiB")}})
                  .Closed())
          .Returns(201, Obj({{"filename", Str()}, {"content_type", Str()}, {"size", Int()}})));
  // The file travels in the body: up to 2 MiB (base64 in JSON) without credentials, behind the pass.
  r.AllowLargePublicBody("POST", "/api/v1/public/complaints/{receipt}/attachments",
                         (cpl::kMaxAttachmentBytes / 3 + 2) * 4 + 4096);

  r.Add("GET", "/api/v1/public/complaints/{receipt}", Access::kPublic, [&ctx](Request& req) -> Reply {
    auto code = req.Query("code");
    IPE_ASSIGN_OR_RETURN(auto s, app::GetPublicComplaintStatus(ctx, req.path_params["receipt"],
                                                               code.value_or("")));
    Json events = Json::array();
    for (const auto& e : s.events) events.push_back(EventJson(e, false));
    return JsonResponse(200, Json{{"receipt_no", s.receipt_no},
                                  {"kind", s.kind},
                                  {"status", s.status},
                                  {"status_zh", s.status_label},
                                  {"agency_name", s.agency_name},
                                  {"submitted_on", s.submitted_on.ToString()},
                                  {"ground_zh", s.ground_label},
                                  {"events", events}});
  }, "投诉举报进度查询 (public: status by receipt number and query code)");
  r.Describe(
      "GET", "/api/v1/public/complaints/{receipt}",
      RouteSpec()
          .Refuses(404, "受理编号或查询码不符 (receipt or code does not match)")
          .Query({{"code", Str(), true, "查询码 (query code)"}})
          .Returns(200,
                   Obj({{"receipt_no", Str()},
                        {"kind", KindSchema()},
                        {"status", Str()},
                        {"status_zh", Str()},
                        {"agency_name", Str()},
                        {"submitted_on", Date()},
                        {"ground_zh", Str().Describe("不予受理或终止调解的理由")},
                        {"events",
                         Arr(Obj({{"at", DateTime()}, {"kind", Str()}, {"summary", Str()}}))}})));
}

}  // namespace ipe::http
