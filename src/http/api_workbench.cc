// /api/v1/workbench: the 工作台 of the session (issue 14; docs/workbench.md).
#include <cstdio>

#include "app/workbench/trends.h"
#include "app/workbench/workbench.h"
#include "http/dispatcher.h"
#include "http/internal/json_io.h"

namespace ipe::http {

using internal::Json;
using internal::JsonResponse;

namespace {

// The Beijing wall-clock minute of a deadline. A deadline at midnight ends the day before
// (statutory days end at 24:00), so it reads "2020-10-09 24:00", not "2020-10-10 00:00".
Json BeijingJson(const std::optional<core::Timestamp>& t) {
  if (!t) return Json();
  int64_t local = t->seconds + core::kBeijingOffsetSeconds;
  int64_t minute_of_day = ((local % 86400) + 86400) % 86400 / 60;
  if (minute_of_day == 0) {
    return core::LocalDate(core::Timestamp{t->seconds - 1}).ToString() + " 24:00";
  }
  char hm[8];
  std::snprintf(hm, sizeof hm, "%02d:%02d", static_cast<int>(minute_of_day / 60),
                static_cast<int>(minute_of_day % 60));
  return core::LocalDate(*t).ToString() + " " + hm;
}

// The map's figures: cases and over-threshold cases per child region.
Json RegionsJson(const std::vector<app::RegionFigure>& figures) {
  Json regions = Json::array();
  for (const app::RegionFigure& r : figures) {
    regions.push_back({{"code", r.code}, {"cases", r.cases}, {"over_threshold", r.over_threshold}});
  }
  return regions;
}

Json WorkbenchJson(const app::Workbench& wb) {
  Json items = Json::array();
  for (const app::WorkItem& i : wb.items) {
    items.push_back({{"kind", i.kind},
                     {"module", i.module},
                     {"id", i.id},
                     {"status", i.status},
                     {"title", i.title},
                     {"detail", i.detail},
                     {"due_at", internal::TimeJson(i.due_at)},
                     {"due_beijing", BeijingJson(i.due_at)},
                     {"deadline_state", i.deadline_state},
                     {"route", i.route}});
  }
  Json counts = Json::array();
  Json badges = Json::object();
  for (const app::WorkCount& c : wb.counts) {
    counts.push_back(
        {{"kind", c.kind}, {"module", c.module}, {"count", c.count}, {"exact", c.exact}});
    badges[c.module] = badges.value(c.module, int64_t{0}) + c.count;
  }
  Json kpis = Json::array();
  for (const app::Kpi& k : wb.kpis) {
    Json j{{"key", k.key}, {"value", k.value}, {"exact", k.exact}};
    if (k.of) j["of"] = *k.of;
    if (k.rate_tenths) j["rate_pct"] = static_cast<double>(*k.rate_tenths) / 10.0;
    kpis.push_back(std::move(j));
  }
  return Json{
      {"items", items},
      {"counts", counts},
      {"badges", badges},
      {"kpis", kpis},
      {"map",
       {{"region", wb.map_region.empty() ? Json() : Json(wb.map_region)}, {"regions", RegionsJson(wb.regions)}}}};
}

Schema RegionFiguresSchema() {
  return Arr(Obj({{"code", Str()}, {"cases", Int()}, {"over_threshold", Int()}}));
}

// The shape WorkbenchJson renders.
Schema WorkbenchSchema() {
  return Obj({{"items", Arr(Obj({{"kind", Str()},
                                 {"module", Str()},
                                 {"id", Int()},
                                 {"status", Str()},
                                 {"title", Str()},
                                 {"detail", Str()},
                                 {"due_at", DateTime().Nullable()},
                                 {"due_beijing", Str().Nullable().Describe("北京时间 YYYY-MM-DD HH:MM")},
                                 {"deadline_state", Str()},
                                 {"route", Str()}}))},
              {"counts", Arr(Obj({{"kind", Str()},
                                  {"module", Str()},
                                  {"count", Int()},
                                  {"exact", Bool()}}))},
              {"badges", MapOf(Int())},
              {"kpis", Arr(Obj({{"key", Str()},
                                {"value", Int()},
                                {"exact", Bool()},
                                {"of", Int().Optional()},
                                {"rate_pct", Num().Optional()}}))},
              {"map", Obj({{"region", Str().Nullable()}, {"regions", RegionFiguresSchema()}})}});
}

}  // namespace

void RegisterWorkbenchApi(Dispatcher& d) {
  app::Context& ctx = d.context();
  Router& r = d.router();

  r.Add(
      "GET", "/api/v1/workbench", Access::kAuthenticated,
      [&ctx](Request& req) -> Reply {
        app::WorkbenchRequest in;
        IPE_ASSIGN_OR_RETURN(auto per_kind, internal::IntQuery(req, "per_kind"));
        if (per_kind) in.per_kind = *per_kind;
        IPE_ASSIGN_OR_RETURN(auto wb, app::GetWorkbench(ctx, *req.principal, in));
        Response resp = JsonResponse(200, WorkbenchJson(wb));
        resp.headers.emplace_back("Cache-Control", "no-store");
        return resp;
      },
      "工作台：待办、角标与关键指标 (workbench: to-do items, badges, key figures)");
  r.Describe("GET", "/api/v1/workbench",
             RouteSpec()
                 .Query({{"per_kind", Int(), false, "每类待办的条数 (items per kind)"}})
                 .Returns(200, r.Component("Workbench", WorkbenchSchema())));

  r.Add(
      "GET", "/api/v1/workbench/map", Access::kAuthenticated,
      [&ctx](Request& req) -> Reply {
        IPE_ASSIGN_OR_RETURN(auto map, app::GetWorkbenchMap(ctx, *req.principal, req.Query("region").value_or("")));
        return JsonResponse(200, Json{{"region", map.region}, {"regions", RegionsJson(map.regions)}});
      },
      "工作台地图下钻：某地区之下的案件分布 (workbench map beneath a region of the caller's scope)");
  r.Describe("GET", "/api/v1/workbench/map",
             RouteSpec()
                 .Query({{"region", Str(6), false, "下钻的地区代码 (region)"}})
                 .Returns(200, Obj({{"region", Str()}, {"regions", RegionFiguresSchema()}})));

  r.Add(
      "GET", "/api/v1/workbench/trends", Access::kAuthenticated,
      [&ctx](Request& req) -> Reply {
        app::TrendsRequest in{req.Query("from").value_or(""), req.Query("to").value_or("")};
        IPE_ASSIGN_OR_RETURN(auto trends, app::GetWorkbenchTrends(ctx, *req.principal, in));
        Json series = Json::array();
        for (const app::TrendSeries& s : trends.series) {
          Json points = Json::array();
          for (const app::TrendPoint& p : s.points) {
            points.push_back({{"month", p.month}, {"value", p.value ? Json(*p.value) : Json()}});
          }
          series.push_back({{"indicator", s.indicator},
                            {"name_zh", s.name_zh},
                            {"name_en", s.name_en},
                            {"unit", s.unit},
                            {"rate", s.rate},
                            {"points", points}});
        }
        Response resp = JsonResponse(200, Json{{"from", trends.from_month},
                                               {"to", trends.to_month},
                                               {"scope_label", trends.scope_label},
                                               {"series", series}});
        resp.headers.emplace_back("Cache-Control", "no-store");
        return resp;
      },
      "工作台趋势：本辖区按月的关键指标 (workbench trends: monthly key figures of the caller's scope)");
  r.Describe("GET", "/api/v1/workbench/trends",
             RouteSpec()
                 .Query({{"from", Str(), false, "起始月 YYYY-MM (from month)"},
                         {"to", Str(), false, "截止月 YYYY-MM (to month)"}})
                 .Returns(200, Obj({{"from", Str()},
                                    {"to", Str()},
                                    {"scope_label", Str()},
                                    {"series", Arr(Obj({{"indicator", Str()},
                                                        {"name_zh", Str()},
                                                        {"name_en", Str()},
                                                        {"unit", Str()},
                                                        {"rate", Bool()},
                                                        {"points", Arr(Obj({{"month", Str()},
                                                                            {"value", Int().Nullable()}}))}}))}})));
}

}  // namespace ipe::http
