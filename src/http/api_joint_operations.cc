// 跨区域联合行动 routes (issue 18): operations started from a cross-region lead cluster, the cases
// each member opened in them, and their close. The rules are in app/statistics/joint_operations.h.
#include "app/statistics/joint_operations.h"
#include "app/statistics/statistics.h"
#include "http/dispatcher.h"
#include "http/internal/json_io.h"
#include "http/schema.h"

namespace ipe::http {
namespace {

using internal::Json;
using internal::JsonResponse;

Json FenJson(const std::optional<core::Fen>& f) { return f ? Json(f->value) : Json(); }

std::string RegionName(const std::string& code) { return app::DimensionValueLabel("region", code); }

Json OperationJson(const app::JointOperation& op, bool with_records) {
  Json members = Json::array();
  for (const app::JointOperationMember& m : op.members) {
    members.push_back({{"agency", {{"id", m.agency_id}, {"name", m.agency_name}}},
                       {"region_code", m.region_code},
                       {"region_name", RegionName(m.region_code)},
                       {"lead", m.lead},
                       {"leads", m.leads},
                       {"cases", m.cases},
                       {"cases_closed", m.cases_closed},
                       {"illegal_business_fen", m.illegal_business.value},
                       {"fines_fen", m.fines.value}});
  }
  Json regions = Json::array();
  for (const std::string& code : op.regions) regions.push_back({{"code", code}, {"name", RegionName(code)}});
  Json j = {{"id", op.id},
            {"title", op.title},
            {"goal", op.goal},
            {"region_code", op.region_code},
            {"region_name", RegionName(op.region_code)},
            {"origin_lead_id", op.origin_lead_id ? Json(op.origin_lead_id) : Json()},
            {"alert_id", op.alert_id ? Json(*op.alert_id) : Json()},
            {"lead_agency", {{"id", op.lead_agency_id}, {"name", op.lead_agency_name}}},
            {"start_date", op.start_date.ToString()},
            {"end_date", op.end_date.ToString()},
            {"status", op.status},
            {"summary", op.summary},
            {"created_at", internal::TimeJson(op.created_at)},
            {"closed_at", internal::TimeJson(op.closed_at)},
            {"version", op.version},
            {"regions", regions},
            {"members", members}};
  if (!with_records) return j;
  Json leads = Json::array();
  for (const app::JointOperationLead& l : op.leads) {
    leads.push_back({{"id", l.lead_id},
                     {"title", l.title},
                     {"status", l.status},
                     {"agency_id", l.agency_id},
                     {"region_code", l.region_code},
                     {"region_name", RegionName(l.region_code)},
                     {"case_id", l.case_id ? Json(*l.case_id) : Json()}});
  }
  Json cases = Json::array();
  for (const app::JointOperationCase& c : op.cases) {
    cases.push_back({{"id", c.case_id},
                     {"case_number", c.case_number},
                     {"title", c.title},
                     {"status", c.status},
                     {"agency", {{"id", c.agency_id}, {"name", c.agency_name}}},
                     {"region_code", c.region_code},
                     {"illegal_business_fen", FenJson(c.illegal_business)},
                     {"fine_fen", FenJson(c.fine)},
                     {"origin", c.origin},
                     {"opened_at", internal::TimeJson(c.opened_at)}});
  }
  j["leads"] = leads;
  j["cases"] = cases;
  j["hidden_leads"] = op.hidden_leads;
  j["hidden_cases"] = op.hidden_cases;
  return j;
}

Schema OperationRef(Router& r) {
  Schema code_name = Obj({{"code", Str()}, {"name", Str()}});
  return r.Component(
      "JointOperation",
      Obj({{"id", Int()},
           {"title", Str()},
           {"goal", Str()},
           {"region_code", Str().Describe("包含全部线索的最小行政区划 (the smallest region holding every lead)")},
           {"region_name", Str()},
           {"origin_lead_id", Int().Nullable().Describe("发起时所据线索；无权查看时为 null")},
           {"alert_id", Int().Nullable()},
           {"lead_agency", IdName().Describe("牵头单位 (leading agency)")},
           {"start_date", Date()},
           {"end_date", Date().Describe("计划结束日期 (planned end)")},
           {"status", Enum(app::JointOperationStatuses())},
           {"summary", Str()},
           {"created_at", DateTime()},
           {"closed_at", DateTime().Nullable()},
           {"version", Int()},
           {"regions", Arr(code_name)},
           {"members", Arr(Obj({{"agency", IdName()},
                                {"region_code", Str()},
                                {"region_name", Str()},
                                {"lead", Bool().Describe("牵头单位")},
                                {"leads", Int().Describe("本机构持有的行动线索数")},
                                {"cases", Int().Describe("本机构在行动中立案数")},
                                {"cases_closed", Int()},
                                {"illegal_business_fen", Fen()},
                                {"fines_fen", Fen()}}))}}));
}

Schema OperationDetail(Router& r) {
  return With(OperationRef(r),
              {{"leads", Arr(Obj({{"id", Int()},
                                  {"title", Str()},
                                  {"status", Str()},
                                  {"agency_id", Int()},
                                  {"region_code", Str()},
                                  {"region_name", Str()},
                                  {"case_id", Int().Nullable()}}))
                             .Describe("查看者有权查看的行动线索")},
               {"cases", Arr(Obj({{"id", Int()},
                                  {"case_number", Str()},
                                  {"title", Str()},
                                  {"status", Str()},
                                  {"agency", IdName()},
                                  {"region_code", Str()},
                                  {"illegal_business_fen", Fen().Nullable()},
                                  {"fine_fen", Fen().Nullable()},
                                  {"origin", Enum(app::JointOperationCaseOrigins())},
                                  {"opened_at", DateTime()}}))
                             .Describe("查看者有权查看的行动案件")},
               {"hidden_leads", Int().Describe("无权查看的线索数（只计数）")},
               {"hidden_cases", Int().Describe("无权查看的案件数（只计数）")}});
}

// The date field `name` of a body whose type the contract checked: absent, or a field error when
// it is no date.
std::optional<core::Date> DateField(core::Status& st, const Json& body, const std::string& name) {
  if (!body.contains(name) || !body[name].is_string()) return std::nullopt;
  auto d = core::ParseDate(body[name].get<std::string>());
  if (!d) {
    st.AddFieldError(name, "日期格式应为 YYYY-MM-DD");
    return std::nullopt;
  }
  return *d;
}

}  // namespace

void RegisterJointOperationsApi(Dispatcher& d) {
  app::Context& ctx = d.context();
  Router& r = d.router();

  r.Add("GET", "/api/v1/joint-operations", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto page, internal::PageFromQuery(req));
    app::JointOperationFilter f;
    f.status = req.Query("status");
    IPE_ASSIGN_OR_RETURN(auto result, app::ListJointOperations(ctx, *req.principal, f, page));
    return JsonResponse(200, internal::PageJson(result, [](const app::JointOperation& op) {
      return OperationJson(op, false);
    }));
  }, "联合行动列表（辖区内的或本机构参加的） (joint operations the viewer may see)");
  r.Describe("GET", "/api/v1/joint-operations",
             RouteSpec()
                 .Query(PageQuery({{"status", Enum(app::JointOperationStatuses()), false, "状态 (status)"}}))
                 .Returns(200, PageOf(OperationRef(r))));

  r.Add("POST", "/api/v1/joint-operations", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
    internal::Fields f(body);
    app::JointOperationInput in;
    in.title = f.String("title", true, 400).value_or("");
    in.goal = f.String("goal", true, 8000).value_or("");
    in.lead_id = f.Int("lead_id", true).value_or(0);
    in.alert_id = f.Int("alert_id");
    in.lead_agency_id = f.Int("lead_agency_id");
    f.String("start_date", false, 10);
    f.String("end_date", true, 10);
    f.IsNull("extra_agency_ids");  // read below (the contract checked its type): marks it known
    IPE_RETURN_IF_ERROR(f.Finish());
    core::Status st = core::InvalidArgument("联合行动信息有误 (invalid joint operation)");
    in.start_date = DateField(st, body, "start_date");
    in.end_date = DateField(st, body, "end_date");
    if (body.contains("extra_agency_ids") && body["extra_agency_ids"].is_array()) {
      for (const Json& id : body["extra_agency_ids"]) {
        if (id.is_number_integer()) in.extra_agency_ids.push_back(id.get<int64_t>());
      }
    }
    if (!st.field_errors().empty()) return st;
    IPE_ASSIGN_OR_RETURN(auto op, app::CreateJointOperation(ctx, *req.principal, in));
    return JsonResponse(201, OperationJson(op, true));
  }, "由跨区域串并簇发起联合行动 (start a joint operation from a cross-region lead cluster)");
  r.Describe("POST", "/api/v1/joint-operations",
             RouteSpec()
                 .Body(Obj({{"title", Str(400)},
                            {"goal", Str(8000).Describe("行动目标与分工")},
                            {"lead_id", Int().Describe("串并簇中任一线索")},
                            {"alert_id", Int().Optional().Describe("所回应的跨区域预警：一并标记为已处理")},
                            {"lead_agency_id", Int().Optional().Describe("牵头单位；默认持有线索最多的成员")},
                            {"extra_agency_ids", Arr(Int()).Optional().Describe("追加的成员机构")},
                            {"start_date", Date().Optional().Describe("默认今天")},
                            {"end_date", Date().Describe("计划结束日期")}})
                           .Closed())
                 .Returns(201, OperationDetail(r)));

  r.Add("GET", "/api/v1/joint-operations/{id}", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(int64_t id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto op, app::GetJointOperation(ctx, *req.principal, id));
    return JsonResponse(200, OperationJson(op, true));
  }, "联合行动（成员、线索、各成员立案） (one joint operation with its members, leads and cases)");
  r.Describe("GET", "/api/v1/joint-operations/{id}", RouteSpec().Returns(200, OperationDetail(r)));

  r.Add("POST", "/api/v1/joint-operations/{id}/cases", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(int64_t id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
    internal::Fields f(body);
    auto case_id = f.Int("case_id", true);
    IPE_RETURN_IF_ERROR(f.Finish());
    IPE_ASSIGN_OR_RETURN(auto op, app::LinkJointOperationCase(ctx, *req.principal, id, *case_id));
    return JsonResponse(200, OperationJson(op, true));
  }, "成员机构关联本机构在行动中立案的案件 (a member links a case it opened in the operation)");
  r.Describe("POST", "/api/v1/joint-operations/{id}/cases",
             RouteSpec().Body(Obj({{"case_id", Int()}}).Closed()).Returns(200, OperationDetail(r)));

  r.Add("POST", "/api/v1/joint-operations/{id}/close", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(int64_t id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
    internal::Fields f(body);
    auto summary = f.String("summary", true, 8000);
    auto version = f.Int("version", true);
    IPE_RETURN_IF_ERROR(f.Finish());
    IPE_ASSIGN_OR_RETURN(auto op, app::CloseJointOperation(ctx, *req.principal, id, *summary, *version));
    return JsonResponse(200, OperationJson(op, true));
  }, "结束联合行动（行动总结） (close a joint operation with its summary)");
  r.Describe("POST", "/api/v1/joint-operations/{id}/close",
             RouteSpec()
                 .Body(Obj({{"summary", Str(8000)}, {"version", Int()}}).Closed())
                 .Returns(200, OperationDetail(r)));
}

}  // namespace ipe::http
