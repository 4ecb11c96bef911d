// Operational endpoints, reference data, the dashboard and the OpenAPI document.
#include "app/accounts/audit.h"
#include "app/accounts/audit_vocabulary.h"
#include "app/accounts/dashboard.h"
#include "app/crypto.h"
#include "app/leads/correlation_service.h"
#include "core/region.h"
#include "http/dispatcher.h"
#include "http/internal/json_io.h"
#include "http/internal/views.h"

namespace ipe::http {

using internal::Fail;
using internal::Json;
using internal::JsonResponse;

namespace {

struct Module {
  const char* key;
  const char* name_zh;
  const char* name_en;
  bool ready;
};

// The navigation modules and whether their pages exist yet (the UI shows "建设中" otherwise).
constexpr Module kModules[] = {
    {"plan", "工作要点", "Work plan", true},      {"cases", "案件", "Cases", true},
    {"leads", "线索", "Leads", true},            {"monitoring", "监测", "Monitoring", true},
    {"credit", "信用", "Credit", false},          {"complaints", "投诉", "Complaints", false},
    {"destruction", "销毁", "Destruction", false}, {"statistics", "统计", "Statistics", false},
    {"admin", "系统管理", "Administration", true},
};

Json RegionListJson(const std::vector<const core::Region*>& regions) {
  Json out = Json::array();
  for (const core::Region* r : regions) {
    out.push_back({{"code", r->code},
                   {"name", r->name},
                   {"full_name", core::Regions().FullName(r->code)},
                   {"level", static_cast<int>(r->level)},
                   {"has_children", !core::Regions().Children(r->code).empty()}});
  }
  return out;
}

// The correlation index's start path and feed positions (docs/scale-out.md "Restarting from a
// snapshot"): whether this server loaded its snapshot, and how far behind its snapshot is.
std::string LeadIndexMetrics(const app::CorrelationService::IndexStatus& st) {
  std::string out;
  out += "# HELP ipe_lead_index_start The last start of the correlation index: loaded from its "
         "snapshot or rebuilt, and why.\n";
  out += "# TYPE ipe_lead_index_start gauge\n";
  out += std::string("ipe_lead_index_start{path=\"") + (st.from_snapshot ? "snapshot" : "rebuild") +
         "\",reason=\"" + app::RebuildReasonName(st.why) + "\"} 1\n";
  out += "# HELP ipe_lead_index_applied_seq Lead feed position the correlation index holds.\n";
  out += "# TYPE ipe_lead_index_applied_seq gauge\n";
  out += "ipe_lead_index_applied_seq " + std::to_string(st.applied_seq) + "\n";
  out += "# HELP ipe_lead_index_snapshot_seq Lead feed position of the last index snapshot written "
         "or loaded (-1: none).\n";
  out += "# TYPE ipe_lead_index_snapshot_seq gauge\n";
  out += "ipe_lead_index_snapshot_seq " + std::to_string(st.snapshot_seq) + "\n";
  return out;
}

}  // namespace

void RegisterOpsApi(Dispatcher& d) {
  app::Context& ctx = d.context();
  Router& r = d.router();
  Metrics& metrics = d.metrics();

  r.Add("GET", "/healthz", Access::kPublic, [](Request&) -> Reply {
    return JsonResponse(200, Json{{"status", "ok"}});
  }, "进程存活 (liveness)");
  r.Describe("GET", "/healthz", RouteSpec().Returns(200, Obj({{"status", Str()}})));

  r.Add("GET", "/readyz", Access::kPublic, [&ctx](Request& req) -> Reply {
    IPE_RETURN_IF_ERROR(ctx.db().Ping());
    return JsonResponse(200, Json{{"status", "ready"}});
  }, "数据库可用 (readiness)");
  r.Describe("GET", "/readyz", RouteSpec().Returns(200, Obj({{"status", Str()}})));

  // Metrics tell an outsider how many logins fail and which routes are hit (issue 12 point 5):
  // only loopback clients (after trusted-proxy resolution) or holders of --metrics-token see them.
  const std::string metrics_token = d.options().metrics_token;
  r.Add("GET", "/metrics", Access::kPublic, [&ctx, &metrics, metrics_token](Request& req) -> Reply {
    bool loopback = req.client.rfind("127.", 0) == 0 || req.client == "::1" ||
                    req.client.rfind("::ffff:127.", 0) == 0;
    std::string_view authz = req.Header("authorization");
    bool token_ok = !metrics_token.empty() && authz.substr(0, 7) == "Bearer " &&
                    app::ConstantTimeEquals(authz.substr(7), metrics_token);
    if (!loopback && !token_ok) {
      return core::PermissionDenied(
          "指标只对本机或持有指标令牌的请求开放 (metrics: loopback or --metrics-token only)");
    }
    Response resp;
    resp.content_type = "text/plain; version=0.0.4; charset=utf-8";
    resp.body = metrics.Render() + LeadIndexMetrics(app::CorrelationServiceOf(ctx).status());
    return resp;
  }, "Prometheus 指标 (metrics)");
  r.Describe("GET", "/metrics",
             RouteSpec().Returns(200, Str(), "Prometheus 文本格式", "text/plain"));

  r.Add("GET", "/api/v1/regions", Access::kAuthenticated, [](Request& req) -> Reply {
    auto parent = req.Query("parent");
    if (parent && !core::Regions().Find(*parent)) {
      return core::Status(core::NotFound("行政区划不存在: " + *parent))
                           .AddFieldError("parent", "行政区划不存在");
    }
    return JsonResponse(200, RegionListJson(parent ? core::Regions().Children(*parent)
                                                   : core::Regions().Provinces()));
  }, "行政区划 (regions)");
  Schema region_item = r.Component(
      "RegionItem", Obj({{"code", Str()},
                         {"name", Str()},
                         {"full_name", Str()},
                         {"level", Int().Describe("1 省级，2 地市级，3 区县级 (level)")},
                         {"has_children", Bool()}}));
  r.Describe("GET", "/api/v1/regions",
             RouteSpec().Query({{"parent", Str(6), false, "上级区划代码；缺省为各省 (parent code)"}}).Returns(200, Arr(region_item)));

  r.Add("GET", "/api/v1/regions/{code}", Access::kAuthenticated, [](Request& req) -> Reply {
    const std::string& code = req.path_params["code"];
    const core::Region* region = core::Regions().Find(code);
    if (!region) return core::NotFound("行政区划不存在: " + code);
    Json path = Json::array();
    for (const core::Region* p : core::Regions().Path(code)) {
      path.push_back({{"code", p->code}, {"name", p->name}});
    }
    Json out = RegionListJson({region})[0];
    out["path"] = path;
    return JsonResponse(200, out);
  }, "行政区划详情 (region)");
  r.Describe("GET", "/api/v1/regions/{code}",
             RouteSpec().Returns(200, Obj({{"code", Str()},
                                       {"name", Str()},
                                       {"full_name", Str()},
                                       {"level", Int()},
                                       {"has_children", Bool()},
                                       {"path", Arr(Obj({{"code", Str()}, {"name", Str()}}))}})));

  r.Add("GET", "/api/v1/dashboard", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto dash, app::GetDashboard(ctx, *req.principal));
    Json counts = Json::object();
    Json count_list = Json::array();
    for (const auto& c : dash.counts) {
      counts[c.key] = c.value;
      count_list.push_back({{"key", c.key}, {"name_zh", c.name_zh}, {"value", c.value}});
    }
    Json by_province = Json::array();
    for (const auto& p : dash.agencies_by_province) {
      const core::Region* region = core::Regions().Find(p.code);
      by_province.push_back(
          {{"code", p.code}, {"name", region ? region->name : ""}, {"value", p.value}});
    }
    Json modules = Json::array();
    for (const Module& m : kModules) {
      modules.push_back(
          {{"key", m.key}, {"name_zh", m.name_zh}, {"name_en", m.name_en}, {"ready", m.ready}});
    }
    return JsonResponse(200, Json{{"counts", counts},
                                  {"count_list", count_list},
                                  {"by_province", by_province},
                                  {"by_province_metric", "agencies"},
                                  {"modules", modules}});
  }, "首页数据 (dashboard)");
  Schema count = Obj({{"key", Str()}, {"name_zh", Str()}, {"value", Int()}});
  r.Describe("GET", "/api/v1/dashboard",
             RouteSpec().Returns(200, Obj({{"counts", MapOf(Int())},
                                       {"count_list", Arr(count)},
                                       {"by_province", Arr(Obj({{"code", Str()},
                                                                {"name", Str()},
                                                                {"value", Int()}}))},
                                       {"by_province_metric", Str()},
                                       {"modules", Arr(Obj({{"key", Str()},
                                                            {"name_zh", Str()},
                                                            {"name_en", Str()},
                                                            {"ready", Bool()}}))}})));

  r.Add("GET", "/api/v1/audit", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto page, internal::PageFromQuery(req));
    app::AuditFilter f;
    f.actor = req.Query("actor");
    f.action = req.Query("action");
    f.entity_type = req.Query("entity_type");
    f.entity_id = req.Query("entity_id");
    for (const char* name : {"from", "to"}) {
      if (auto v = req.Query(name); v && !v->empty()) {
        auto date = core::ParseDate(*v);
        if (!date) return core::Status(date.error()).AddFieldError(name, "日期格式应为 YYYY-MM-DD");
        (std::string(name) == "from" ? f.from : f.to) = *date;
      }
    }
    IPE_ASSIGN_OR_RETURN(auto result, app::ListAudit(ctx, *req.principal, f, page));
    auto parse_or_null = [](const std::optional<std::string>& text) {
      if (!text) return Json();
      Json j = Json::parse(*text, nullptr, false);
      return j.is_discarded() ? Json(*text) : j;
    };
    return JsonResponse(200, internal::PageJson(result, [&](const app::AuditRecord& a) {
      return Json{{"id", a.id},
                  {"seq", a.seq},
                  {"at", a.at.ToString()},
                  {"actor_id", a.actor_id ? Json(*a.actor_id) : Json()},
                  {"actor_login", a.actor_login},
                  {"actor_name", !a.actor_name.empty() ? a.actor_name
                                : a.actor_id ? a.actor_login
                                             : std::string("系统")},  // Principal::System()
                  {"action", a.action},
                  {"action_label", app::AuditActionLabel(a.action, req.english)},
                  {"entity_type", a.entity_type},
                  {"entity_label", app::AuditEntityLabel(a.entity_type, req.english)},
                  {"entity_id", a.entity_id},
                  {"summary", a.summary},
                  {"before", parse_or_null(a.before_json)},
                  {"after", parse_or_null(a.after_json)},
                  {"hash", a.hash}};
    }));
  }, "审计日志 (audit log)");
  Schema audit_record = r.Component(
      "AuditRecord", Obj({{"id", Int()},
                          {"seq", Int()},
                          {"at", DateTime()},
                          {"actor_id", Int().Nullable()},
                          {"actor_login", Str()},
                          {"actor_name", Str()},
                          {"action", Str()},
                          {"action_label", Str()},
                          {"entity_type", Str()},
                          {"entity_label", Str()},
                          {"entity_id", Str()},
                          {"summary", Str()},
                          {"before", Any().Describe("变更前 (JSON or text)")},
                          {"after", Any().Describe("变更后 (JSON or text)")},
                          {"hash", Str()}}));
  r.Describe("GET", "/api/v1/audit",
             RouteSpec().Query(PageQuery({{"actor", Str(), false, "操作人登录名 (actor login)"},
                                  {"action", Str(), false, "操作代码 (action code)"},
                                  {"entity_type", Str(), false, "对象类型 (object type)"},
                                  {"entity_id", Str(), false, "对象编号 (object id)"},
                                  {"from", Date(), false, "起始日期 (from)"},
                                  {"to", Date(), false, "截止日期 (to)"}})).Returns(200, PageOf(audit_record)));

  // The names of actions and object types, for the log viewer's filters.
  r.Add("GET", "/api/v1/audit/vocabulary", Access::kAuthenticated, [](Request& req) -> Reply {
    auto terms = [&](const std::vector<app::AuditTerm>& list) {
      Json out = Json::array();
      for (const auto& t : list) {
        out.push_back({{"code", t.code}, {"label", req.english ? t.en : t.zh}});
      }
      return out;
    };
    return JsonResponse(200, Json{{"actions", terms(app::AuditActions())},
                                  {"entity_types", terms(app::AuditEntityTypes())}});
  }, "审计日志词汇 (audit action and object names)");
  Schema term = Obj({{"code", Str()}, {"label", Str()}});
  r.Describe("GET", "/api/v1/audit/vocabulary",
             RouteSpec().Returns(200, Obj({{"actions", Arr(term)}, {"entity_types", Arr(term)}})));

  r.Add("GET", "/api/v1/audit/verify", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    if (!req.principal->Has(app::Role::kAuditor) && !req.principal->Has(app::Role::kAdmin)) {
      return core::PermissionDenied("无权校验审计日志 (permission denied)");
    }
    IPE_ASSIGN_OR_RETURN(auto v, app::VerifyAudit(ctx.db()));
    Json out = {{"ok", v.ok}, {"records", v.records}};
    if (!v.ok) {
      out["first_bad_seq"] = *v.bad_seq;
      out["first_bad_id"] = v.bad_id ? Json(*v.bad_id) : Json();
      out["reason"] = v.reason;
    }
    return JsonResponse(200, out);
  }, "校验审计链 (verify the audit chain)");
  r.Describe("GET", "/api/v1/audit/verify",
             RouteSpec().Returns(200, Obj({{"ok", Bool()},
                                       {"records", Int()},
                                       {"first_bad_seq", Int().Optional()},
                                       {"first_bad_id", Int().Nullable().Optional()},
                                       {"reason", Str().Optional()}})));

  r.Add("GET", "/api/v1/openapi.json", Access::kPublic, [&d](Request&) -> Reply {
    return JsonResponse(200, d.Contract());
  }, "OpenAPI 3.1 文档 (the API contract)");
  r.Describe("GET", "/api/v1/openapi.json",
             RouteSpec().Returns(200, Obj({{"openapi", Str()}, {"paths", MapOf(Any())}}), "本文档 (this document)"));
}

void RegisterSessionApi(Dispatcher& d);
void RegisterAccountApi(Dispatcher& d);
void RegisterMonitoringApi(Dispatcher& d);
void RegisterCasesApi(Dispatcher& d);
void RegisterLeadsApi(Dispatcher& d);
void RegisterPlansApi(Dispatcher& d);
void RegisterCreditApi(Dispatcher& d);
void RegisterComplaintsApi(Dispatcher& d);
void RegisterWorkbenchApi(Dispatcher& d);
void RegisterCustodyApi(Dispatcher& d);
void RegisterStatisticsApi(Dispatcher& d);
void RegisterEventsApi(Dispatcher& d);
void RegisterCooperationApi(Dispatcher& d);
void RegisterPublicationsApi(Dispatcher& d);
void RegisterMeetingsApi(Dispatcher& d);
void RegisterJointOperationsApi(Dispatcher& d);
void RegisterReportSchedulesApi(Dispatcher& d);
void RegisterAssessmentApi(Dispatcher& d);

void RegisterRoutes(Dispatcher& d) {
  RegisterOpsApi(d);
  RegisterSessionApi(d);
  RegisterAccountApi(d);
  RegisterMonitoringApi(d);
  RegisterCasesApi(d);
  RegisterLeadsApi(d);
  RegisterPlansApi(d);
  RegisterCreditApi(d);
  RegisterComplaintsApi(d);
  RegisterWorkbenchApi(d);
  RegisterCustodyApi(d);
  RegisterStatisticsApi(d);
  RegisterEventsApi(d);
  RegisterCooperationApi(d);
  RegisterPublicationsApi(d);
  RegisterMeetingsApi(d);
  RegisterJointOperationsApi(d);
  RegisterReportSchedulesApi(d);
  RegisterAssessmentApi(d);
}

}  // namespace ipe::http
