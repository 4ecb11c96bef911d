// 区域协作组 routes (issue 18): the cooperation groups of provinces and their figures. The rules
// are in app/statistics/cooperation.h; docs/statistics.md "Regional cooperation".
#include "app/statistics/cooperation.h"
#include "http/dispatcher.h"
#include "http/internal/json_io.h"
#include "statistics/cooperation.h"

namespace ipe::http {
namespace {

using internal::Json;
using internal::JsonResponse;

Json GroupJson(const app::CooperationGroup& g) {
  Json members = Json::array();
  for (const app::CooperationMember& m : g.members) {
    members.push_back({{"region_code", m.region_code},
                       {"region_name", app::DimensionValueLabel("region", m.region_code)},
                       {"source", m.source},
                       {"confidence", m.confidence},
                       {"confidence_label", statistics::ConfidenceLabel(m.confidence)}});
  }
  return {{"id", g.id},
          {"key", g.key.empty() ? Json() : Json(g.key)},
          {"name", g.name},
          {"basis", g.basis},
          {"members", members},
          {"version", g.version},
          {"created_at", internal::TimeJson(g.created_at)},
          {"updated_at", internal::TimeJson(g.updated_at)}};
}

Json FigureRowJson(const statistics::FigureRow& r) {
  return {{"value", r.value ? Json(*r.value) : Json()},
          {"numerator", r.numerator},
          {"denominator", r.denominator ? Json(*r.denominator) : Json()}};
}

// {name, basis, members: [codes]} and, for a change, version.
core::Result<app::CooperationGroupInput> InputOf(const Request& req, std::optional<int64_t>* version) {
  IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
  internal::Fields f(body);
  app::CooperationGroupInput in;
  in.name = f.String("name", true, 400).value_or("");
  in.basis = f.String("basis", false, 8000).value_or("");
  in.members = f.StringList("members", true).value_or(std::vector<std::string>{});
  if (version) *version = f.Int("version", true);
  IPE_RETURN_IF_ERROR(f.Finish());
  return in;
}

}  // namespace

void RegisterCooperationApi(Dispatcher& d) {
  app::Context& ctx = d.context();
  Router& r = d.router();

  r.Add("GET", "/api/v1/cooperation-groups", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto page, internal::PageFromQuery(req));
    IPE_ASSIGN_OR_RETURN(auto result, app::ListCooperationGroups(ctx, *req.principal, page));
    return JsonResponse(200, internal::PageJson(result, GroupJson));
  }, "区域协作组列表 (the regional cooperation groups with their members)");

  r.Add("POST", "/api/v1/cooperation-groups", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto in, InputOf(req, nullptr));
    IPE_ASSIGN_OR_RETURN(auto group, app::CreateCooperationGroup(ctx, *req.principal, in));
    return JsonResponse(201, GroupJson(group));
  }, "新建区域协作组 (create a cooperation group; the national office)");

  r.Add("GET", "/api/v1/cooperation-groups/{id}", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(int64_t id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto group, app::GetCooperationGroup(ctx, *req.principal, id));
    return JsonResponse(200, GroupJson(group));
  }, "区域协作组 (one cooperation group)");

  r.Add("PUT", "/api/v1/cooperation-groups/{id}", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(int64_t id, internal::IdParam(req));
    std::optional<int64_t> version;
    IPE_ASSIGN_OR_RETURN(auto in, InputOf(req, &version));
    IPE_ASSIGN_OR_RETURN(auto group, app::UpdateCooperationGroup(ctx, *req.principal, id, in, *version));
    return JsonResponse(200, GroupJson(group));
  }, "修改区域协作组（名称、成员） (rename a cooperation group or change its members)");

  r.Add("GET", "/api/v1/cooperation-groups/{id}/figure", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(int64_t id, internal::IdParam(req));
    statistics::FigureRequest request;
    request.indicator = req.Query("indicator").value_or("");
    request.from_month = req.Query("from").value_or("");
    request.to_month = req.Query("to").value_or("");
    IPE_ASSIGN_OR_RETURN(auto f, app::CooperationFigure(ctx, *req.principal, id, request));
    const statistics::Indicator& ind = *f.figure.plan.indicator;
    Json members = Json::array();
    for (const app::CooperationMemberFigure& m : f.members) {
      members.push_back({{"region_code", m.member.region_code},
                         {"region_name", m.name},
                         {"has_records", m.has_records},
                         {"in_scope", m.in_scope},
                         {"figure", m.row ? FigureRowJson(*m.row) : Json()}});
    }
    return JsonResponse(200, Json{{"group", GroupJson(f.group)},
                                  {"indicator", ind.key},
                                  {"name_zh", ind.name_zh},
                                  {"unit", ind.unit},
                                  {"rate", ind.IsRate()},
                                  {"value_kind", statistics::ValueKindCode(
                                                     statistics::ValueKindOf(statistics::DefaultIndicators(), ind))},
                                  {"from", f.figure.plan.from_month},
                                  {"to", f.figure.plan.to_month},
                                  {"scope_label", f.figure.scope_label},
                                  {"members", members},
                                  {"total", FigureRowJson(f.total)}});
  }, "区域协作组的统计数字（成员省份合计，本辖区） (an indicator summed over a group's member provinces, in the viewer's scope)");
}

}  // namespace ipe::http
