// 年度数字公开 routes (issue 18): the office publishes and withdraws a year's figures; the public
// portal reads the published ones behind the public gate (X-Public-Pass) and the portal's rate
// limit. The rules are in app/statistics/publication.h.
#include <map>

#include "app/public/public_gate.h"
#include "app/statistics/publication.h"
#include "app/statistics/statistics.h"
#include "http/dispatcher.h"
#include "http/internal/json_io.h"
#include "statistics/indicators.h"
#include "statistics/publication.h"

namespace ipe::http {
namespace {

using internal::Json;
using internal::JsonResponse;

// The snapshot; `internal` adds who published it and the withdrawal (the portal shows neither).
Json PublicationJson(const app::Publication& p, bool internal_view) {
  Json indicators = Json::array();
  for (const app::PublishedIndicator& i : p.indicators) {
    indicators.push_back({{"key", i.key}, {"name_zh", i.name_zh}, {"unit", i.unit}, {"rate", i.rate},
                          {"definition", i.definition}});
  }
  // Cells by region, one value per indicator: {region_code, region_name, values:{key:{value,suppressed}}}.
  Json regions = Json::array();
  Json national = nullptr;
  std::map<std::string, Json> by_region;
  for (const app::PublishedCell& c : p.cells) {
    Json& r = by_region[c.region_code];
    if (r.is_null()) {
      r = {{"region_code", c.region_code},
           {"region_name", c.region_code == "000000" ? "全国" : app::DimensionValueLabel("region", c.region_code)},
           {"values", Json::object()}};
    }
    r["values"][c.indicator] = {{"value", c.value ? Json(*c.value) : Json()}, {"suppressed", c.suppressed}};
  }
  for (auto& [code, r] : by_region) {
    if (code == "000000") national = r;
    else regions.push_back(r);
  }
  Json out = {{"id", p.id},
              {"year", p.year},
              {"status", p.status},
              {"threshold", p.threshold},
              {"note", p.note},
              {"published_at", internal::TimeJson(p.published_at)},
              {"indicators", indicators},
              {"national", national},
              {"regions", regions}};
  if (internal_view) {
    out["version"] = p.version;
    out["rules_version"] = p.rules_version;
    out["published_by_name"] = p.published_by_name;
    out["withdrawn_at"] = internal::TimeJson(p.withdrawn_at);
    out["withdraw_reason"] = p.withdraw_reason;
  }
  return out;
}

Json SummaryJson(const app::Publication& p, bool internal_view) {
  Json out = {{"id", p.id}, {"year", p.year}, {"status", p.status}, {"threshold", p.threshold},
              {"note", p.note}, {"published_at", internal::TimeJson(p.published_at)}};
  if (internal_view) {
    out["version"] = p.version;
    out["published_by_name"] = p.published_by_name;
    out["withdrawn_at"] = internal::TimeJson(p.withdrawn_at);
    out["withdraw_reason"] = p.withdraw_reason;
  }
  return out;
}

Schema PublicationStatusEnum() { return Enum({{"published", "已公开"}, {"withdrawn", "已撤回"}}); }

// The shapes SummaryJson and PublicationJson render, and what the internal view adds.
std::vector<Schema::Property> PublicationSummaryProps() {
  return {{"id", Int()},
          {"year", Int()},
          {"status", PublicationStatusEnum()},
          {"threshold", Int().Describe("小于此数的数字不公开 (counts below are suppressed)")},
          {"note", Str()},
          {"published_at", DateTime().Nullable()}};
}

std::vector<Schema::Property> InternalViewProps() {
  return {{"version", Int()},
          {"published_by_name", Str()},
          {"withdrawn_at", DateTime().Nullable()},
          {"withdraw_reason", Str()}};
}

Schema PublicationSchema() {
  Schema region = Obj(
      {{"region_code", Str()},
       {"region_name", Str()},
       {"values",
        MapOf(Obj({{"value", Int().Nullable().Describe(
                                 "抑制或无分母时为 null；比率为万分之 (basis points for rates)")},
                   {"suppressed", Bool()}}))
            .Describe("按指标 key (by indicator key)")}});
  std::vector<Schema::Property> props = PublicationSummaryProps();
  props.push_back({"indicators", Arr(Obj({{"key", Str()},
                                          {"name_zh", Str()},
                                          {"unit", Str()},
                                          {"rate", Bool()},
                                          {"definition", Str()}}))});
  props.push_back({"national", region.Nullable().Describe("全国 (000000)")});
  props.push_back({"regions", Arr(region).Describe("各省 (provinces)")});
  return Obj(std::move(props));
}

}  // namespace

void RegisterPublicationsApi(Dispatcher& d) {
  app::Context& ctx = d.context();
  Router& r = d.router();

  r.Add("GET", "/api/v1/statistics/publications", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto page, internal::PageFromQuery(req));
    IPE_ASSIGN_OR_RETURN(auto result, app::ListPublications(ctx, *req.principal, page));
    Json out = internal::PageJson(result, [](const app::Publication& p) { return SummaryJson(p, true); });
    const statistics::PublicationRules& rules = statistics::DefaultPublicationRules();
    Json offered = Json::array();
    for (const std::string& key : rules.indicators) {
      const statistics::Indicator* ind = statistics::DefaultIndicators().Find(key);
      offered.push_back({{"key", key}, {"name_zh", ind ? ind->name_zh : key}});
    }
    out["rules"] = {{"indicators", offered},
                    {"suppress_below", rules.suppress_below},
                    {"min_threshold", rules.min_threshold},
                    {"max_threshold", rules.max_threshold},
                    {"basis", rules.basis},
                    {"confidence", rules.confidence}};
    return JsonResponse(200, out);
  }, "公开的年度数字列表（含已撤回）与可公开的指标 (published annual figures, and what may be published)");
  Schema published =
      r.Component("PublishedFigures", With(PublicationSchema(), InternalViewProps()));
  {
    std::vector<Schema::Property> item = PublicationSummaryProps();
    for (Schema::Property& p : InternalViewProps()) item.push_back(std::move(p));
    Schema page = PageOf(Obj(std::move(item)));
    r.Describe(
        "GET", "/api/v1/statistics/publications",
        RouteSpec()
            .Query(PageQuery())
            .Returns(
                200,
                With(page,
                     {{"rules", Obj({{"indicators", Arr(Obj({{"key", Str()}, {"name_zh", Str()}}))},
                                     {"suppress_below", Int()},
                                     {"min_threshold", Int()},
                                     {"max_threshold", Int()},
                                     {"basis", Str()},
                                     {"confidence", Str()}})
                                    .Describe("可公开的指标与抑制门槛 (what may be published)")}}))
            .Refuses(403, "无权查看公开的年度数字 (no statistics.read)"));
  }

  r.Add("POST", "/api/v1/statistics/publications", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
    internal::Fields f(body);
    app::PublicationInput in;
    in.year = static_cast<int>(f.Int("year", true).value_or(0));
    in.indicators = f.StringList("indicators").value_or(std::vector<std::string>{});
    in.threshold = f.Int("threshold");
    in.note = f.String("note", false, 8000).value_or("");
    IPE_RETURN_IF_ERROR(f.Finish());
    IPE_ASSIGN_OR_RETURN(auto pub, app::PublishAnnualFigures(ctx, *req.principal, in));
    return JsonResponse(201, PublicationJson(pub, true));
  }, "公开年度统计数字（冻结快照，小数字抑制） (publish a year's figures: a frozen snapshot, small counts suppressed)");
  r.Describe(
      "POST", "/api/v1/statistics/publications",
      RouteSpec()
          .Body(Obj({{"year", Int()},
                     {"indicators", Arr(Str()).Optional().Describe(
                                        "指标 key；缺省为全部可公开指标 (default: all offered)")},
                     {"threshold",
                      Int().Optional().Describe("缺省为规则默认值 (default: the rules')")},
                     {"note", Str(8000).Optional()}})
                    .Closed())
          .Returns(201, published)
          .Refuses(403, "由全国领导小组办公室公开 (the national office only)")
          .Refuses(409, "该年度已经公开，请先撤回 (the year is published)"));

  r.Add("GET", "/api/v1/statistics/publications/{id}", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(int64_t id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto pub, app::GetPublication(ctx, *req.principal, id));
    return JsonResponse(200, PublicationJson(pub, true));
  }, "公开的年度数字 (one published snapshot)");
  r.Describe("GET", "/api/v1/statistics/publications/{id}",
             RouteSpec()
                 .Returns(200, published)
                 .Refuses(403, "无权查看公开的年度数字 (no statistics.read)")
                 .Refuses(404, "不存在 (no such snapshot)"));

  r.Add("POST", "/api/v1/statistics/publications/{id}/withdraw", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto in, internal::IdVersionAndReasonOf(req));
    IPE_ASSIGN_OR_RETURN(auto pub, app::WithdrawAnnualFigures(ctx, *req.principal, in.id, in.reason, in.version));
    return JsonResponse(200, SummaryJson(pub, true));
  }, "撤回公开的年度数字 (withdraw a published snapshot, with a reason)");
  {
    std::vector<Schema::Property> item = PublicationSummaryProps();
    for (Schema::Property& p : InternalViewProps()) item.push_back(std::move(p));
    r.Describe("POST", "/api/v1/statistics/publications/{id}/withdraw",
               RouteSpec()
                   .Body(Obj({{"reason", Str(8000)}, {"version", Int()}}).Closed())
                   .Returns(200, Obj(std::move(item)))
                   .Refuses(403, "由全国领导小组办公室撤回 (the national office only)")
                   .Refuses(404, "不存在 (no such snapshot)")
                   .Refuses(409, "已撤回或版本已变 (withdrawn already, stale version)"));
  }

  // ---- public portal (no login; behind the pass and the portal's rate limit) ----
  // What SummaryJson and PublicationJson render without the internal view.
  Schema summary = Obj({{"id", Int()},
                        {"year", Int()},
                        {"status", Enum({{"published", "已公开"}, {"withdrawn", "已撤回"}})},
                        {"threshold", Int().Describe("小于此数的数字显示为 <N")},
                        {"note", Str()},
                        {"published_at", DateTime()}});
  Schema region =
      Obj({{"region_code", Str()},
           {"region_name", Str()},
           {"values", MapOf(Obj({{"value", Int().Nullable().Describe("抑制或比率无分母时为 null")},
                                 {"suppressed", Bool()}}))
                          .Describe("按指标键")}});
  Schema figures = With(summary, {{"indicators", Arr(Obj({{"key", Str()},
                                                          {"name_zh", Str()},
                                                          {"unit", Str()},
                                                          {"rate", Bool()},
                                                          {"definition", Str()}}))},
                                  {"national", region.Nullable().Describe("全国合计")},
                                  {"regions", Arr(region)}});
  r.Add("GET", "/api/v1/public/annual-figures", Access::kPublic, [&ctx](Request& req) -> Reply {
    IPE_RETURN_IF_ERROR(app::CheckPublicPass(ctx, req.Header("x-public-pass"), req.client));
    IPE_ASSIGN_OR_RETURN(auto page, internal::PageFromQuery(req));
    IPE_ASSIGN_OR_RETURN(auto result, app::PublicAnnualFigureYears(ctx, page));
    return JsonResponse(200, internal::PageJson(result, [](const app::Publication& p) { return SummaryJson(p, false); }));
  }, "年度统计数字 (public: the years the office published)");
  r.Describe("GET", "/api/v1/public/annual-figures",
             RouteSpec()
                 .Refuses(403, "缺少或无效的 X-Public-Pass (no valid pass)")
                 .Description("须带 X-Public-Pass 请求头 (needs a pass)")
                 .Query(PageQuery())
                 .Returns(200, PageOf(summary)));

  r.Add("GET", "/api/v1/public/annual-figures/{year}", Access::kPublic, [&ctx](Request& req) -> Reply {
    IPE_RETURN_IF_ERROR(app::CheckPublicPass(ctx, req.Header("x-public-pass"), req.client));
    IPE_ASSIGN_OR_RETURN(int64_t year, internal::IdParam(req, "year"));
    IPE_ASSIGN_OR_RETURN(auto pub, app::PublicAnnualFigures(ctx, static_cast<int>(year)));
    return JsonResponse(200, PublicationJson(pub, false));
  }, "年度统计数字 (public: a year's published figures, small counts shown as <N)");
  r.Describe("GET", "/api/v1/public/annual-figures/{year}",
             RouteSpec()
                 .Refuses(403, "缺少或无效的 X-Public-Pass (no valid pass)")
                 .Refuses(404, "该年度未公开 (not published)")
                 .Description("须带 X-Public-Pass 请求头 (needs a pass)")
                 .Returns(200, figures));
}

}  // namespace ipe::http
