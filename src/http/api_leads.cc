// /api/v1/leads…: lead queue, intake (JSON and CSV), screening, merge, linked records, clusters,
// cross-region alerts and access requests (docs/leads.md, docs/api.md § Leads).
#include <cstdio>

#include "app/leads/leads.h"
#include "http/dispatcher.h"
#include "http/idempotency.h"
#include "http/internal/json_io.h"

namespace ipe::http {

using internal::Json;
using internal::JsonResponse;
using internal::TimeJson;

namespace {

Json OptInt(const std::optional<int64_t>& v) { return v ? Json(*v) : Json(); }

Json KeysJson(const std::vector<std::pair<std::string, std::string>>& keys) {
  Json out = Json::array();
  for (const auto& [type, value] : keys) out.push_back({{"type", type}, {"value", value}});
  return out;
}

Json LeadJson(const app::Lead& l, bool with_observables) {
  Json j = {{"id", l.id},
            {"source", l.source},
            {"source_ref", l.source_ref ? Json(*l.source_ref) : Json()},
            {"agency", l.agency_id ? Json{{"id", *l.agency_id}, {"name", l.agency_name}} : Json()},
            {"region_code", l.region_code},
            {"category", l.category},
            {"title", l.title},
            {"description", l.description},
            {"status", l.status},
            {"status_reason", l.status_reason},
            {"merged_into", OptInt(l.merged_into)},
            {"case_id", OptInt(l.case_id)},
            {"created_at", l.created_at.ToString()},
            {"updated_at", l.updated_at.ToString()}};
  // Seen through an approved access request (申请查看): read-only until then.
  if (l.granted_until) j["granted_until"] = l.granted_until->ToString();
  if (with_observables) {
    Json obs = Json::array();
    for (const auto& o : l.observables) {
      Json item = {{"type", o.type}, {"value", o.value}, {"verdict", o.verdict}};
      if (o.verdict == "key") item["key"] = {{"type", o.key_type}, {"value", o.key_value}};
      if (!o.note.empty()) item["note"] = o.note;
      obs.push_back(std::move(item));
    }
    j["observables"] = std::move(obs);
  }
  return j;
}

Json HiddenJson(const std::vector<app::HiddenMatch>& hidden) {
  Json out = Json::array();
  for (const auto& h : hidden) {
    Json item = {{"agency", {{"id", h.agency_id}, {"name", h.agency_name}}}, {"exists", true}};
    // The caller's own request to that agency, if any (never anything of the record).
    if (h.request_id) item["request"] = {{"id", h.request_id}, {"status", h.request_status}};
    out.push_back(std::move(item));
  }
  return out;
}

Json LinkedJson(const app::LinkedLead& l) {
  Json j = {{"id", l.id},
            {"title", l.title},
            {"status", l.status},
            {"region_code", l.region_code},
            {"agency", l.agency_id ? Json{{"id", *l.agency_id}, {"name", l.agency_name}} : Json()},
            {"keys", KeysJson(l.keys)}};
  if (l.granted_until) j["granted_until"] = l.granted_until->ToString();
  return j;
}

Json AccessRequestJson(const app::AccessRequest& a) {
  Json records = Json::array();
  for (const auto& r : a.records) records.push_back(LinkedJson(r));
  return {{"id", a.id},
          {"lead_id", a.lead_id},
          {"agency", {{"id", a.target_agency_id}, {"name", a.target_agency_name}}},
          {"requester", {{"id", a.requester_id}, {"name", a.requester_name}}},
          {"requester_agency", {{"id", a.requester_agency_id}, {"name", a.requester_agency_name}}},
          {"reason", a.reason},
          {"status", a.status},
          {"created_at", a.created_at.ToString()},
          {"decided_at", TimeJson(a.decided_at)},
          {"decided_by", a.decided_by.empty() ? Json() : Json(a.decided_by)},
          {"decision_reason", a.decision_reason},
          {"expires_at", TimeJson(a.expires_at)},
          {"records", records}};
}

Json AlertJson(const app::LeadAlert& a) {
  return {{"id", a.id},
          {"kind", a.kind},
          {"lead_id", a.lead_id ? Json(a.lead_id) : Json()},
          {"region_code", a.region_code},
          {"regions", a.regions},
          {"cluster_size", a.cluster_size},
          {"created_at", a.created_at.ToString()},
          {"acknowledged_at", TimeJson(a.acknowledged_at)},
          {"acknowledged_by", a.acknowledged_by.empty() ? Json() : Json(a.acknowledged_by)},
          {"ack_note", a.ack_note}};
}

// A cluster with its graph: lead nodes, key nodes, lead—key edges, and one node per agency that
// holds records the caller cannot see (attached to the cluster, not to any key: which key ties
// them is their content).
Json ClusterJson(const app::LeadCluster& c, bool with_graph) {
  Json leads = Json::array();
  for (const auto& n : c.leads) {
    leads.push_back({{"id", n.lead_id},
                     {"title", n.title},
                     {"status", n.status},
                     {"region_code", n.region_code},
                     {"agency", n.agency_id ? Json{{"id", *n.agency_id}, {"name", n.agency_name}}
                                            : Json()},
                     {"keys", KeysJson(n.keys)}});
  }
  Json j = {{"id", c.handle},
            {"size", c.leads.size()},
            {"leads", leads},
            {"keys", KeysJson(c.keys)},
            {"beyond_scope", HiddenJson(c.beyond_scope)},
            {"regions", c.regions},
            {"cross_region", c.cross_region}};
  if (!with_graph) return j;
  Json nodes = Json::array();
  Json edges = Json::array();
  for (const auto& n : c.leads) {
    nodes.push_back({{"id", "lead:" + std::to_string(n.lead_id)},
                     {"kind", "lead"},
                     {"label", n.title},
                     {"lead_id", n.lead_id},
                     {"region_code", n.region_code}});
  }
  for (const auto& [type, value] : c.keys) {
    nodes.push_back({{"id", "key:" + type + ":" + value},
                     {"kind", "key"},
                     {"key_type", type},
                     {"label", value}});
  }
  for (const auto& n : c.leads) {
    for (const auto& [type, value] : n.keys) {
      edges.push_back({{"source", "lead:" + std::to_string(n.lead_id)},
                       {"target", "key:" + type + ":" + value}});
    }
  }
  for (const auto& h : c.beyond_scope) {
    std::string id = "agency:" + std::to_string(h.agency_id);
    nodes.push_back({{"id", id}, {"kind", "hidden"}, {"label", h.agency_name},
                     {"agency_id", h.agency_id}});
    if (!c.leads.empty()) {
      edges.push_back({{"source", "lead:" + std::to_string(c.handle)},
                       {"target", id},
                       {"hidden", true}});
    }
  }
  j["graph"] = {{"nodes", nodes}, {"edges", edges}};
  return j;
}

// The shapes LeadJson, LinkedJson, HiddenJson, AccessRequestJson, AlertJson and ClusterJson render.
Schema KeysSchema() { return Arr(Obj({{"type", Str()}, {"value", Str()}})); }

Schema LeadRef(Router& r) {
  return r.Component(
      "Lead",
      Obj({{"id", Int()},
           {"source", Str()},
           {"source_ref", Str().Nullable()},
           {"agency", IdName().Nullable()},
           {"region_code", Str()},
           {"category", Str()},
           {"title", Str()},
           {"description", Str()},
           {"status", Str()},
           {"status_reason", Str()},
           {"merged_into", Int().Nullable()},
           {"case_id", Int().Nullable()},
           {"created_at", DateTime()},
           {"updated_at", DateTime()},
           {"granted_until", DateTime().Optional().Describe("经查看申请可见至 (seen through access)")},
           {"observables", Arr(Obj({{"type", Str()},
                                    {"value", Str()},
                                    {"verdict", Str()},
                                    {"key", Obj({{"type", Str()}, {"value", Str()}}).Optional()},
                                    {"note", Str().Optional()}}))
                               .Optional()
                               .Describe("详情才有 (details only)")}}));
}

Schema LinkedSchema() {
  return Obj({{"id", Int()},
              {"title", Str()},
              {"status", Str()},
              {"region_code", Str()},
              {"agency", IdName().Nullable()},
              {"keys", KeysSchema()},
              {"granted_until", DateTime().Optional()}});
}

Schema HiddenSchema() {
  return Arr(Obj({{"agency", IdName()},
                  {"exists", Bool()},
                  {"request", Obj({{"id", Int()}, {"status", Str()}}).Optional()}}));
}

Schema AccessRequestSchema() {
  return Obj({{"id", Int()},
              {"lead_id", Int()},
              {"agency", IdName()},
              {"requester", IdName()},
              {"requester_agency", IdName()},
              {"reason", Str()},
              {"status", Str()},
              {"created_at", DateTime()},
              {"decided_at", DateTime().Nullable()},
              {"decided_by", Str().Nullable()},
              {"decision_reason", Str()},
              {"expires_at", DateTime().Nullable()},
              {"records", Arr(LinkedSchema())}});
}

Schema LeadAlertSchema() {
  return Obj({{"id", Int()},
              {"kind", Str()},
              {"lead_id", Int().Nullable()},
              {"region_code", Str()},
              {"regions", Arr(Str())},
              {"cluster_size", Int()},
              {"created_at", DateTime()},
              {"acknowledged_at", DateTime().Nullable()},
              {"acknowledged_by", Str().Nullable()},
              {"ack_note", Str()}});
}

Schema ClusterSchema(bool with_graph) {
  std::vector<Schema::Property> props = {
      {"id", Int()},
      {"size", Int()},
      {"leads", Arr(Obj({{"id", Int()},
                         {"title", Str()},
                         {"status", Str()},
                         {"region_code", Str()},
                         {"agency", IdName().Nullable()},
                         {"keys", KeysSchema()}}))},
      {"keys", KeysSchema()},
      {"beyond_scope", HiddenSchema()},
      {"regions", Arr(Str())},
      {"cross_region", Bool()}};
  if (with_graph) {
    props.push_back({"graph", Obj({{"nodes", Arr(Obj({{"id", Str()},
                                                      {"kind", Str().Describe("lead | key | hidden")},
                                                      {"label", Str()}}))},
                                   {"edges", Arr(Obj({{"source", Str()}, {"target", Str()}}))}})});
  }
  return Obj(std::move(props));
}

core::Result<app::NewLead> ReadNewLead(const Json& body) {
  internal::Fields f(body);
  app::NewLead in;
  in.source = f.String("source", false, 20).value_or("manual");
  in.source_ref = f.String("source_ref", false, 200).value_or("");
  in.region_code = f.String("region_code", true, 6).value_or("");
  in.category = f.String("category", true, 40).value_or("");
  in.title = f.String("title", true, 300).value_or("");
  in.description = f.String("description", false, 20000).value_or("");
  in.agency_id = f.Int("agency_id");
  core::Status extra = core::InvalidArgument("请求参数有误 (invalid request)");
  bool bad = false;
  if (!f.IsNull("observables") && body.contains("observables")) {
    const Json& obs = body["observables"];
    if (!obs.is_array()) {
      extra.AddFieldError("observables", "应为数组 [{type, value}]");
      bad = true;
    } else {
      for (size_t i = 0; i < obs.size(); ++i) {
        const Json& o = obs[i];
        if (!o.is_object() || !o.contains("type") || !o.contains("value") ||
            !o["type"].is_string() || !o["value"].is_string()) {
          extra.AddFieldError("observables[" + std::to_string(i) + "]",
                              "应为 {\"type\": 字符串, \"value\": 字符串}");
          bad = true;
          continue;
        }
        app::LeadObservable lo;
        lo.type = o["type"].get<std::string>();
        lo.value = o["value"].get<std::string>();
        in.observables.push_back(std::move(lo));
      }
    }
  }
  core::Status st = f.Finish();
  if (!st.ok() || bad) {
    core::Status out = st.ok() ? extra : st;
    if (!st.ok()) {
      for (const auto& fe : extra.field_errors()) out.AddFieldError(fe.field, fe.message);
    }
    return out;
  }
  return in;
}

Reply CreateLead(app::Context& ctx, Request& req) {
  IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
  IPE_ASSIGN_OR_RETURN(auto in, ReadNewLead(body));
  IPE_ASSIGN_OR_RETURN(auto added, app::AddLead(ctx, *req.principal, in));
  Json out = LeadJson(added.lead, true);
  out["created"] = added.created;
  return JsonResponse(added.created ? 201 : 200, out);
}

Reply ListLeadsHandler(app::Context& ctx, Request& req) {
  IPE_ASSIGN_OR_RETURN(auto page, internal::PageFromQuery(req));
  app::LeadFilter f;
  f.status = req.Query("status");
  f.source = req.Query("source");
  f.category = req.Query("category");
  f.region = req.Query("region");
  f.q = req.Query("q");
  IPE_ASSIGN_OR_RETURN(f.agency_id, internal::IntQuery(req, "agency_id"));
  IPE_ASSIGN_OR_RETURN(f.unassigned, internal::BoolQuery(req, "unassigned"));
  IPE_ASSIGN_OR_RETURN(f.case_id, internal::IntQuery(req, "case_id"));
  IPE_ASSIGN_OR_RETURN(auto result, app::ListLeads(ctx, *req.principal, f, page));
  return JsonResponse(200, internal::PageJson(result, [](const app::Lead& l) {
    return LeadJson(l, false);
  }));
}

Reply GetLeadHandler(app::Context& ctx, Request& req) {
  IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
  IPE_ASSIGN_OR_RETURN(auto lead, app::GetLead(ctx, *req.principal, id));
  Json out = LeadJson(lead, true);
  Json links = {{"linked", Json::array()}, {"beyond_scope", Json::array()}, {"similar", Json::array()}};
  if (lead.status != "merged" && !lead.granted_until) {
    IPE_ASSIGN_OR_RETURN(auto l, app::GetLeadLinks(ctx, *req.principal, id));
    for (const auto& x : l.linked) links["linked"].push_back(LinkedJson(x));
    for (const auto& x : l.similar) links["similar"].push_back(LinkedJson(x));
    links["beyond_scope"] = HiddenJson(l.beyond_scope);
  }
  out["links"] = std::move(links);
  return JsonResponse(200, out);
}

Reply ImportHandler(app::Context& ctx, Request& req) {
  std::string csv;
  std::string_view type = req.Header("content-type");
  if (type.substr(0, 8) == "text/csv") {
    csv = req.body;
  } else {
    IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
    internal::Fields f(body);
    csv = f.String("csv", true, 8u << 20).value_or("");
    IPE_RETURN_IF_ERROR(f.Finish());
  }
  IPE_ASSIGN_OR_RETURN(auto result, app::ImportLeadsCsv(ctx, *req.principal, csv));
  return JsonResponse(200, Json{{"created", result.created},
                                {"duplicates", result.duplicates},
                                {"lead_ids", result.lead_ids}});
}

}  // namespace

void RegisterLeadsApi(Dispatcher& d) {
  app::Context& ctx = d.context();
  Router& r = d.router();

  // Build the correlation index before serving (and re-raise alerts a crash lost).
  if (auto started = app::StartLeads(ctx); started) {
    std::fprintf(stderr, "ipenforce: %s\n", app::DescribeLeadsStart(*started).c_str());
  } else {
    std::fprintf(stderr, "ipenforce: 线索串并索引未建立，首次使用时重试 (index not built: %s)\n",
                 started.error().ToString().c_str());
  }

  r.Add("GET", "/api/v1/leads", Access::kAuthenticated,
        [&ctx](Request& req) { return ListLeadsHandler(ctx, req); }, "线索列表 (list leads)");
  Schema lead = LeadRef(r);
  r.Describe("GET", "/api/v1/leads",
             RouteSpec()
                 .Query(PageQuery({{"status", Str(), false, "状态 (status)"},
                                   {"source", Str(), false, "来源 (source)"},
                                   {"category", Str(), false, "类别 (category)"},
                                   {"region", Str(6), false, "区划代码 (region)"},
                                   {"q", Str(), false, "关键词 (search)"},
                                   {"agency_id", Int(), false, "机关 (agency)"},
                                   {"unassigned", Bool(), false, "未分派 (unassigned)"},
                                   {"case_id", Int(), false, "转成的案件 (converted to case)"}}))
                 .Returns(200, PageOf(lead)));

  r.Add("POST", "/api/v1/leads", Access::kAuthenticated,
        [&ctx](Request& req) { return CreateLead(ctx, req); },
        "新建线索，来源编号重复时返回已有线索 (create lead; idempotent by source + source_ref)");
  Schema lead_with_created =
      With(lead, {{"created", Bool().Describe("false：来源编号已存在，返回已有线索")}});
  r.Describe("POST", "/api/v1/leads",
             RouteSpec()
                 .Body(Obj({{"source", Str(20).Optional()},
                            {"source_ref", Str(200).Optional()},
                            {"region_code", Str(6)},
                            {"category", Str(40)},
                            {"title", Str(300)},
                            {"description", Str(20000).Optional()},
                            {"agency_id", Int().Optional()},
                            {"observables", Arr(Obj({{"type", Str()}, {"value", Str()}})).Optional()}})
                           .Closed())
                 .Returns(201, lead_with_created, "新建 (created)")
                 .Returns(200, lead_with_created, "来源编号重复，已有线索 (existing)"));

  r.Add("POST", "/api/v1/leads/import", Access::kAuthenticated,
        Idempotent(ctx, "/api/v1/leads/import", [&ctx](Request& req) { return ImportHandler(ctx, req); }),
        "CSV 导入线索，全部成功或全部不导入 (import CSV, all or nothing)");
  r.Describe("POST", "/api/v1/leads/import",
             RouteSpec()
                 .Description("CSV 作为 text/csv 请求体，或 JSON {csv} (CSV body, or JSON)")
                 .Returns(200, Obj({{"created", Int()},
                                    {"duplicates", Int()},
                                    {"lead_ids", Arr(Int())}})));

  // 5,000 rows (the import's limit) of a few hundred bytes each are over the default 1 MiB.
  r.AllowLargeBody("POST", "/api/v1/leads/import", 16u << 20);
  r.Add("GET", "/api/v1/leads/clusters", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto page, internal::PageFromQuery(req));
    app::ClusterFilter f;
    IPE_ASSIGN_OR_RETURN(f.cross_region, internal::BoolQuery(req, "cross_region"));
    IPE_ASSIGN_OR_RETURN(f.min_size, internal::IntQuery(req, "min_size"));
    IPE_ASSIGN_OR_RETURN(auto result, app::ListLeadClusters(ctx, *req.principal, f, page));
    return JsonResponse(200, internal::PageJson(result, [](const app::LeadCluster& c) {
      return ClusterJson(c, false);
    }));
  }, "串并线索簇 (lead clusters)");
  r.Describe("GET", "/api/v1/leads/clusters",
             RouteSpec()
                 .Query(PageQuery({{"cross_region", Bool(), false, "跨区域 (cross-region only)"},
                                   {"min_size", Int(), false, "最少线索数 (minimum size)"}}))
                 .Returns(200, PageOf(ClusterSchema(false))));

  r.Add("GET", "/api/v1/leads/clusters/{id}", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto result, app::GetLeadCluster(ctx, *req.principal, id));
    return JsonResponse(200, ClusterJson(result, true));
  }, "线索簇详情与关系图 (cluster with graph)");
  r.Describe("GET", "/api/v1/leads/clusters/{id}", RouteSpec().Returns(200, ClusterSchema(true)));

  r.Add("GET", "/api/v1/leads/alerts", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto page, internal::PageFromQuery(req));
    IPE_ASSIGN_OR_RETURN(auto acknowledged, internal::BoolQuery(req, "acknowledged"));
    IPE_ASSIGN_OR_RETURN(auto result,
                         app::ListLeadAlerts(ctx, *req.principal, page, acknowledged));
    return JsonResponse(200, internal::PageJson(result, AlertJson));
  }, "跨区域串并预警 (cross-region alerts)");
  Schema lead_alert = r.Component("LeadAlert", LeadAlertSchema());
  r.Describe("GET", "/api/v1/leads/alerts",
             RouteSpec()
                 .Query(PageQuery({{"acknowledged", Bool(), false, "已处理 (acknowledged)"}}))
                 .Returns(200, PageOf(lead_alert)));

  r.Add("POST", "/api/v1/leads/alerts/{id}/acknowledge", Access::kAuthenticated,
        [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
    internal::Fields f(body);
    std::string note = f.String("note", true, 2000).value_or("");
    IPE_RETURN_IF_ERROR(f.Finish());
    IPE_ASSIGN_OR_RETURN(auto result, app::AcknowledgeLeadAlert(ctx, *req.principal, id, note));
    return JsonResponse(200, AlertJson(result));
  }, "处理跨区域预警，须填写处理意见 (acknowledge an alert with a note)");
  r.Describe("POST", "/api/v1/leads/alerts/{id}/acknowledge",
             RouteSpec().Body(Obj({{"note", Str(2000)}}).Closed()).Returns(200, lead_alert));

  r.Add("GET", "/api/v1/leads/access-requests", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto page, internal::PageFromQuery(req));
    app::AccessRequestFilter f;
    f.box = req.Query("box").value_or("incoming");
    f.status = req.Query("status");
    IPE_ASSIGN_OR_RETURN(auto result, app::ListAccessRequests(ctx, *req.principal, f, page));
    return JsonResponse(200, internal::PageJson(result, AccessRequestJson));
  }, "查看申请：待我审批 (box=incoming) 或我的申请 (box=outgoing)");
  Schema access_request = r.Component("LeadAccessRequest", AccessRequestSchema());
  r.Describe("GET", "/api/v1/leads/access-requests",
             RouteSpec()
                 .Query(PageQuery({{"box", Enum({{"incoming", "待我审批"}, {"outgoing", "我的申请"}}),
                                    false, "默认 incoming"},
                                   {"status", Str(), false, "状态 (status)"}}))
                 .Returns(200, PageOf(access_request)));

  r.Add("POST", "/api/v1/leads/access-requests/{id}/decide", Access::kAuthenticated,
        [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
    internal::Fields f(body);
    std::string decision = f.String("decision", true, 20).value_or("");
    std::string reason = f.String("reason", false, 2000).value_or("");
    int64_t days = f.Int("days").value_or(30);
    IPE_RETURN_IF_ERROR(f.Finish());
    if (decision != "approve" && decision != "refuse") {
      return core::Status(core::InvalidArgument("审批结论无效"))
          .AddFieldError("decision", "应为 approve 或 refuse");
    }
    if (days < 1 || days > 90) {
      return core::Status(core::InvalidArgument("授权天数无效"))
          .AddFieldError("days", "授权天数应在 1 到 90 之间");
    }
    IPE_ASSIGN_OR_RETURN(auto result,
                         app::DecideAccessRequest(ctx, *req.principal, id, decision == "approve",
                                                  reason, static_cast<int>(days)));
    return JsonResponse(200, AccessRequestJson(result));
  }, "审批查看申请：同意（限期）或不同意（须说明理由） (approve for N days or refuse)");
  r.Describe("POST", "/api/v1/leads/access-requests/{id}/decide",
             RouteSpec()
                 .Body(Obj({{"decision", Enum({{"approve", "同意"}, {"refuse", "不同意"}})},
                            {"reason", Str(2000).Optional()},
                            {"days", Int().Min(1).Max(90).Optional().Describe("授权天数，默认 30")}})
                           .Closed())
                 .Returns(200, access_request));

  r.Add("GET", "/api/v1/leads/{id}", Access::kAuthenticated,
        [&ctx](Request& req) { return GetLeadHandler(ctx, req); },
        "线索详情与关联记录 (lead with linked records)");
  r.Describe("GET", "/api/v1/leads/{id}",
             RouteSpec().Returns(
                 200, With(lead, {{"links", Obj({{"linked", Arr(LinkedSchema())},
                                                 {"beyond_scope", HiddenSchema()},
                                                 {"similar", Arr(LinkedSchema())}})}})));

  r.Add("POST", "/api/v1/leads/{id}/screen", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
    internal::Fields f(body);
    std::string decision = f.String("decision", true, 20).value_or("");
    std::string reason = f.String("reason", false, 2000).value_or("");
    IPE_RETURN_IF_ERROR(f.Finish());
    if (decision != "accept" && decision != "dismiss") {
      return core::Status(core::InvalidArgument("研判结论无效"))
          .AddFieldError("decision", "应为 accept 或 dismiss");
    }
    IPE_ASSIGN_OR_RETURN(auto result,
                         app::ScreenLead(ctx, *req.principal, id, decision == "accept", reason));
    return JsonResponse(200, LeadJson(result, true));
  }, "研判线索：采用或不予采用 (screen: accept or dismiss)");
  r.Describe("POST", "/api/v1/leads/{id}/screen",
             RouteSpec()
                 .Body(Obj({{"decision", Enum({{"accept", "采用"}, {"dismiss", "不予采用"}})},
                            {"reason", Str(2000).Optional()}})
                           .Closed())
                 .Returns(200, lead));

  r.Add("POST", "/api/v1/leads/{id}/convert", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
    internal::Fields f(body);
    app::ConvertLeadInput in;
    in.case_number = f.String("case_number", true, 100).value_or("");
    in.title = f.String("title", false, 500);
    in.category = f.String("category", false, 40);
    in.source = f.String("source", false, 40);
    IPE_RETURN_IF_ERROR(f.Finish());
    IPE_ASSIGN_OR_RETURN(auto result, app::ConvertLeadToCase(ctx, *req.principal, id, in));
    Json out = LeadJson(result.lead, true);
    out["case"] = {{"id", result.case_id}, {"case_number", result.case_number}};
    return JsonResponse(201, out);
  }, "转为案件：已采用的线索登记为本机构案件并保留关联 (convert to a case)");
  r.Describe("POST", "/api/v1/leads/{id}/convert",
             RouteSpec()
                 .Body(Obj({{"case_number", Str(100)},
                            {"title", Str(500).Optional()},
                            {"category", Str(40).Optional()},
                            {"source", Str(40).Optional()}})
                           .Closed())
                 .Returns(201, With(lead, {{"case", Obj({{"id", Int()}, {"case_number", Str()}})}})));

  r.Add("POST", "/api/v1/leads/{id}/reassign", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
    internal::Fields f(body);
    int64_t agency = f.Int("agency_id", true).value_or(-1);
    std::string reason = f.String("reason", true, 2000).value_or("");
    IPE_RETURN_IF_ERROR(f.Finish());
    IPE_ASSIGN_OR_RETURN(auto result, app::ReassignLead(ctx, *req.principal, id, agency, reason));
    return JsonResponse(200, LeadJson(result, true));
  }, "改派线索，须说明理由 (reassign to another agency)");
  r.Describe("POST", "/api/v1/leads/{id}/reassign",
             RouteSpec()
                 .Body(Obj({{"agency_id", Int()}, {"reason", Str(2000)}}).Closed())
                 .Returns(200, lead));

  r.Add("POST", "/api/v1/leads/{id}/merge", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
    internal::Fields f(body);
    std::string reason = f.String("reason", false, 2000).value_or("");
    f.IsNull("lead_ids");
    IPE_RETURN_IF_ERROR(f.Finish());
    std::vector<int64_t> ids;
    const Json* list = body.contains("lead_ids") ? &body["lead_ids"] : nullptr;
    bool ok = list && list->is_array() && !list->empty();
    if (ok) {
      for (const Json& v : *list) {
        if (!v.is_number_integer()) {
          ok = false;
          break;
        }
        ids.push_back(v.get<int64_t>());
      }
    }
    if (!ok) {
      return core::Status(core::InvalidArgument("待合并线索有误"))
          .AddFieldError("lead_ids", "应为线索编号数组");
    }
    IPE_ASSIGN_OR_RETURN(auto result, app::MergeLeads(ctx, *req.principal, id, ids, reason));
    return JsonResponse(200, LeadJson(result, true));
  }, "合并线索 (merge leads into this one)");
  r.Describe("POST", "/api/v1/leads/{id}/merge",
             RouteSpec()
                 .Body(Obj({{"lead_ids", Arr(Int())}, {"reason", Str(2000).Optional()}}).Closed())
                 .Returns(200, lead));

  r.Add("POST", "/api/v1/leads/{id}/access-requests", Access::kAuthenticated,
        [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
    internal::Fields f(body);
    int64_t agency = f.Int("agency_id", true).value_or(-1);
    std::string reason = f.String("reason", true, 2000).value_or("");
    IPE_RETURN_IF_ERROR(f.Finish());
    IPE_ASSIGN_OR_RETURN(auto result,
                         app::RequestLeadAccess(ctx, *req.principal, id, agency, reason));
    return JsonResponse(201, Json{{"id", result.id},
                                  {"lead_id", result.lead_id},
                                  {"agency", {{"id", result.target_agency_id},
                                              {"name", result.target_agency_name}}},
                                  {"reason", result.reason},
                                  {"status", result.status},
                                  {"created_at", result.created_at.ToString()}});
  }, "申请查看其他机构的匹配记录 (request access to a hidden match)");
  r.Describe("POST", "/api/v1/leads/{id}/access-requests",
             RouteSpec()
                 .Body(Obj({{"agency_id", Int()}, {"reason", Str(2000)}}).Closed())
                 .Returns(201, Obj({{"id", Int()},
                                    {"lead_id", Int()},
                                    {"agency", IdName()},
                                    {"reason", Str()},
                                    {"status", Str()},
                                    {"created_at", DateTime()}})));
}

}  // namespace ipe::http
