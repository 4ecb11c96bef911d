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

// The shapes GroupJson and FigureRowJson render.
Schema GroupRef(Router& r) {
  std::vector<std::pair<std::string, std::string>> confidences;
  for (const char* code : {"C", "S", "M", "office"}) {
    confidences.emplace_back(code, statistics::ConfidenceLabel(code));
  }
  return r.Component("CooperationGroup",
                     Obj({{"id", Int()},
                          {"key", Str().Nullable().Describe(
                                      "内置协作组的 key；办公室新建的为 null (built-in key)")},
                          {"name", Str()},
                          {"basis", Str().Describe("依据 (basis)")},
                          {"members", Arr(Obj({{"region_code", Str()},
                                               {"region_name", Str()},
                                               {"source", Str().Describe("成员依据 (source)")},
                                               {"confidence", EnumPairs(std::move(confidences))},
                                               {"confidence_label", Str()}}))},
                          {"version", Int()},
                          {"created_at", DateTime().Nullable()},
                          {"updated_at", DateTime().Nullable()}}));
}

Schema FigureRowSchema() {
  return Obj({{"value", Int().Nullable().Describe("计数、分或基点 (count, fen or basis points)")},
              {"numerator", Int()},
              {"denominator", Int().Nullable()}});
}

// What InputOf reads.
Schema GroupBodySchema(bool with_version) {
  std::vector<Schema::Property> props = {
      {"name", Str(400)},
      {"basis", Str(8000).Optional()},
      {"members", Arr(Str()).Describe("成员省级区划代码 (province codes)")}};
  if (with_version) props.push_back({"version", Int()});
  return Obj(std::move(props)).Closed();
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
  Schema group = GroupRef(r);
  r.Describe("GET", "/api/v1/cooperation-groups",
             RouteSpec()
                 .Query(PageQuery())
                 .Returns(200, PageOf(group))
                 .Refuses(403, "无权查看区域协作组 (no statistics.read)"));

  r.Add("POST", "/api/v1/cooperation-groups", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto in, InputOf(req, nullptr));
    IPE_ASSIGN_OR_RETURN(auto group, app::CreateCooperationGroup(ctx, *req.principal, in));
    return JsonResponse(201, GroupJson(group));
  }, "新建区域协作组 (create a cooperation group; the national office)");
  r.Describe("POST", "/api/v1/cooperation-groups",
             RouteSpec()
                 .Body(GroupBodySchema(false))
                 .Returns(201, group)
                 .Refuses(403, "由全国领导小组办公室维护 (the national office only)")
                 .Refuses(409, "已有同名协作组 (name taken)"));

  r.Add("GET", "/api/v1/cooperation-groups/{id}", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(int64_t id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto group, app::GetCooperationGroup(ctx, *req.principal, id));
    return JsonResponse(200, GroupJson(group));
  }, "区域协作组 (one cooperation group)");
  r.Describe("GET", "/api/v1/cooperation-groups/{id}",
             RouteSpec()
                 .Returns(200, group)
                 .Refuses(403, "无权查看区域协作组 (no statistics.read)")
                 .Refuses(404, "协作组不存在 (no such group)"));

  r.Add("PUT", "/api/v1/cooperation-groups/{id}", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(int64_t id, internal::IdParam(req));
    std::optional<int64_t> version;
    IPE_ASSIGN_OR_RETURN(auto in, InputOf(req, &version));
    IPE_ASSIGN_OR_RETURN(auto group, app::UpdateCooperationGroup(ctx, *req.principal, id, in, *version));
    return JsonResponse(200, GroupJson(group));
  }, "修改区域协作组（名称、成员） (rename a cooperation group or change its members)");
  r.Describe("PUT", "/api/v1/cooperation-groups/{id}",
             RouteSpec()
                 .Body(GroupBodySchema(true))
                 .Returns(200, group)
                 .Refuses(403, "由全国领导小组办公室维护 (the national office only)")
                 .Refuses(404, "协作组不存在 (no such group)")
                 .Refuses(409, "已有同名协作组或版本已变 (name taken, stale version)"));

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
  r.Describe(
      "GET", "/api/v1/cooperation-groups/{id}/figure",
      RouteSpec()
          .Query({{"indicator", Str(), true, "指标代码 (GET /statistics/indicators)"},
                  {"from", Str(), false, "起始月 YYYY-MM"},
                  {"to", Str(), false, "截止月 YYYY-MM"}})
          .Returns(200,
                   Obj({{"group", group},
                        {"indicator", Str()},
                        {"name_zh", Str()},
                        {"unit", Str()},
                        {"rate", Bool()},
                        {"value_kind", Enum({{"count", "计数"},
                                             {"fen", "金额（分）"},
                                             {"quantity", "数量"},
                                             {"grams", "重量（克）"}})},
                        {"from", Str().Describe("YYYY-MM")},
                        {"to", Str().Describe("YYYY-MM")},
                        {"scope_label", Str()},
                        {"members",
                         Arr(Obj({{"region_code", Str()},
                                  {"region_name", Str()},
                                  {"has_records", Bool()},
                                  {"in_scope",
                                   Bool().Describe("在本人辖区内 (within the viewer's scope)")},
                                  {"figure", FigureRowSchema().Nullable().Describe(
                                                 "辖区外为 null (null outside scope)")}}))},
                        {"total", FigureRowSchema()}}))
          .Refuses(403, "无权查看区域协作组 (no statistics.read)")
          .Refuses(404, "协作组不存在 (no such group)"));
}

}  // namespace ipe::http
