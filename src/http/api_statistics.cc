// 统计 routes (issue 18): the indicator set, figures from the rollups in the viewer's scope, the
// records behind a figure and a figure's export. app/statistics/statistics.h has the rules.
#include "app/statistics/high_incidence.h"
#include "app/statistics/report.h"
#include "app/statistics/statistics.h"
#include "cert/report.h"
#include "http/dispatcher.h"
#include "http/internal/json_io.h"
#include "statistics/indicators.h"

namespace ipe::http {
namespace {

using internal::Json;
using internal::JsonResponse;

Json DimensionJson(const std::string& key) {
  const statistics::Dimension* d = statistics::FindDimension(key);
  Json values = Json::array();
  for (const auto& [code, label] : app::DimensionValues(key)) {
    values.push_back({{"code", code}, {"label", label}});
  }
  return {{"key", key}, {"name_zh", d ? d->name_zh : key.c_str()}, {"values", values}};
}

Json IndicatorJson(const statistics::IndicatorSet& set, const statistics::Indicator& ind) {
  Json dims = Json::array();
  for (const std::string& d : ind.dimensions) dims.push_back(DimensionJson(d));
  Json filter = Json::object();
  for (const auto& [dim, values] : ind.filter) filter[dim] = values;
  const statistics::Measure* m = ind.IsRate() ? nullptr : statistics::FindMeasure(ind.measure);
  return {{"key", ind.key},
          {"name_zh", ind.name_zh},
          {"name_en", ind.name_en},
          {"definition", ind.definition},
          {"unit", ind.unit},
          {"rate", ind.IsRate()},
          {"value_kind", statistics::ValueKindCode(statistics::ValueKindOf(set, ind))},
          {"measure", ind.measure},
          {"take", ind.take == statistics::Take::kSum ? "sum" : "count"},
          {"records", m ? m->records : ""},
          {"records_zh", m ? m->records_zh : ""},
          {"filter", filter},
          {"numerator", ind.numerator},
          {"denominator", ind.denominator},
          {"dimensions", dims},
          {"effective_from", ind.effective_from},
          {"effective_to", ind.effective_to.empty() ? Json() : Json(ind.effective_to)},
          {"basis", ind.basis},
          {"confidence", ind.confidence}};
}

// indicator, from, to, group, region, agency_id and one value per dimension of the indicator.
core::Result<app::FigureQuery> QueryOf(const Request& req) {
  app::FigureQuery q;
  q.request.indicator = req.Query("indicator").value_or("");
  q.request.from_month = req.Query("from").value_or("");
  q.request.to_month = req.Query("to").value_or("");
  q.request.group = req.Query("group").value_or("none");
  q.region = req.Query("region");
  if (q.region && q.region->empty()) q.region.reset();
  IPE_ASSIGN_OR_RETURN(q.agency_id, internal::IntQuery(req, "agency_id"));
  for (const statistics::Dimension& d : statistics::Dimensions()) {
    if (std::string_view(d.key) == "region" || std::string_view(d.key) == "agency") continue;
    if (auto v = req.Query(d.key); v && !v->empty()) q.request.filters[d.key] = *v;
  }
  return q;
}

// The query parameters QueryOf reads: every dimension of the indicator catalogue is a filter.
std::vector<QueryParam> FigureQueryParams() {
  std::vector<QueryParam> out = {
      {"indicator", Str(), true, "指标代码 (GET /statistics/indicators)"},
      {"from", Str(), false, "起始月 YYYY-MM"},
      {"to", Str(), false, "截止月 YYYY-MM"},
      {"group", Str(), false, "分组：none、month、quarter、year 或维度代码 (group by)"},
      {"region", Str(6), false, "区划代码 (region within scope)"},
      {"agency_id", Int(), false, "机关 (agency)"}};
  for (const statistics::Dimension& d : statistics::Dimensions()) {
    if (std::string_view(d.key) == "region" || std::string_view(d.key) == "agency") continue;
    out.push_back({d.key, Str(), false, std::string("按维度筛选：") + d.name_zh});
  }
  return out;
}

Schema RowSchema() {
  return Obj({{"key", Str()},
              {"label", Str()},
              {"value", Int().Nullable().Describe("计数、分或基点 (count, fen or basis points)")},
              {"numerator", Int()},
              {"denominator", Int().Nullable()}});
}

Json RowJson(const statistics::FigureRow& r, const std::string& label) {
  return {{"key", r.key},
          {"label", label},
          {"value", r.value ? Json(*r.value) : Json()},
          {"numerator", r.numerator},
          {"denominator", r.denominator ? Json(*r.denominator) : Json()}};
}

Json FigureJson(const app::Figure& f) {
  const statistics::Indicator& ind = *f.plan.indicator;
  Json rows = Json::array();
  for (const app::LabelledRow& r : f.rows) rows.push_back(RowJson(r.row, r.label));
  return {{"indicator", ind.key},
          {"name_zh", ind.name_zh},
          {"unit", ind.unit},
          {"rate", ind.IsRate()},
          {"value_kind",
           statistics::ValueKindCode(statistics::ValueKindOf(statistics::DefaultIndicators(), ind))},
          {"from", f.plan.from_month},
          {"to", f.plan.to_month},
          {"group", f.plan.group},
          {"scope", {{"region_code", f.scope.region},
                     {"agency_id", f.scope.agency ? Json(*f.scope.agency) : Json()},
                     {"label", f.scope_label}}},
          {"rows", rows},
          {"total", RowJson(f.total, "合计")}};
}

Json RecordJson(const app::StatRecord& r) {
  return {{"records", r.records},
          {"id", r.id},
          {"case_id", r.case_id ? Json(r.case_id) : Json()},
          {"label", r.label},
          {"region_code", r.region_code},
          {"region_name", app::DimensionValueLabel("region", r.region_code)},
          {"agency_id", r.agency_id},
          {"month", r.month},
          {"d1", r.d1},
          {"d2", r.d2},
          {"v", r.v}};
}

// The report's figures laid out for the PDF.
cert::SituationReportDoc SituationReportDoc(const app::SituationReport& r) {
  cert::SituationReportDoc doc;
  doc.title = r.period_label + "知识产权执法形势报告";
  doc.scope = "统计范围：" + r.scope_label;
  doc.period = r.from_month + " 至 " + r.to_month;
  doc.generated_on = r.generated_on;
  for (const app::ReportFigure& f : r.figures) {
    doc.indicators.push_back({f.name_zh + "（" + f.unit + "）", app::ReportValueText(f, f.value),
                              f.previous_comparable ? app::ReportValueText(f, f.previous) : "—",
                              app::ReportChangeText(f)});
  }
  doc.trend_title = "立案数（按月）";
  for (const app::ReportCount& c : r.opened_by_month) doc.trend.push_back({c.label, c.value});
  if (!r.ranking.empty()) {
    doc.ranking_title = "立案数排名（按" + r.ranking_level + "）";
    for (const app::ReportCount& c : r.ranking) doc.ranking.push_back({c.label, c.value});
  }
  doc.note = "说明：数字取自统计汇总表（与统计页面及 /api/v1/statistics/figure 一致），指标定义见 "
             "rules/statistics/indicators.rules；金额单位为元；比率的同比为百分点之差；“—”表示无可比数据。";
  return doc;
}

}  // namespace

void RegisterStatisticsApi(Dispatcher& d) {
  app::Context& ctx = d.context();
  Router& r = d.router();

  r.Add("GET", "/api/v1/statistics/indicators", Access::kAuthenticated, [](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(const statistics::IndicatorSet* set, app::ListIndicators(*req.principal));
    Json items = Json::array();
    for (const statistics::Indicator& ind : set->indicators) items.push_back(IndicatorJson(*set, ind));
    return JsonResponse(200, Json{{"title", set->title}, {"version", set->version}, {"items", items}});
  }, "统计指标 (the indicator set)");
  Schema dimension = Obj({{"key", Str()},
                          {"name_zh", Str()},
                          {"values", Arr(Obj({{"code", Str()}, {"label", Str()}}))}});
  r.Describe("GET", "/api/v1/statistics/indicators",
             RouteSpec().Returns(
                 200, Obj({{"title", Str()},
                           {"version", Str()},
                           {"items", Arr(Obj({{"key", Str()},
                                              {"name_zh", Str()},
                                              {"name_en", Str()},
                                              {"definition", Str()},
                                              {"unit", Str()},
                                              {"rate", Bool()},
                                              {"value_kind", Str()},
                                              {"measure", Str()},
                                              {"take", Enum({{"sum", "求和"}, {"count", "计数"}})},
                                              {"records", Str()},
                                              {"records_zh", Str()},
                                              {"filter", MapOf(Arr(Str()))},
                                              {"numerator", Str()},
                                              {"denominator", Str()},
                                              {"dimensions", Arr(dimension)},
                                              {"effective_from", Date()},
                                              {"effective_to", Date().Nullable()},
                                              {"basis", Str()},
                                              {"confidence", Str()}}))}})));

  r.Add("GET", "/api/v1/statistics/figure", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto query, QueryOf(req));
    IPE_ASSIGN_OR_RETURN(auto figure, app::QueryFigure(ctx, *req.principal, query));
    return JsonResponse(200, FigureJson(figure));
  }, "统计数字（本辖区） (a figure in the viewer's scope)");
  r.Describe("GET", "/api/v1/statistics/figure",
             RouteSpec()
                 .Query(FigureQueryParams())
                 .Returns(200, Obj({{"indicator", Str()},
                                    {"name_zh", Str()},
                                    {"unit", Str()},
                                    {"rate", Bool()},
                                    {"value_kind", Str()},
                                    {"from", Str()},
                                    {"to", Str()},
                                    {"group", Str()},
                                    {"scope", Obj({{"region_code", Str()},
                                                   {"agency_id", Int().Nullable()},
                                                   {"label", Str()}})},
                                    {"rows", Arr(RowSchema())},
                                    {"total", RowSchema()}})));

  r.Add("GET", "/api/v1/statistics/records", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto query, QueryOf(req));
    IPE_ASSIGN_OR_RETURN(auto page, internal::PageFromQuery(req));
    std::optional<std::string> key = req.Query("key");
    std::string part = req.Query("part").value_or("numerator");
    if (part != "numerator" && part != "denominator") {
      return core::Status(core::InvalidArgument("part 应为 numerator 或 denominator (bad part)"))
          .AddFieldError("part", "numerator 或 denominator");
    }
    IPE_ASSIGN_OR_RETURN(auto result, app::FigureRecords(ctx, *req.principal, query, key,
                                                         part == "denominator", page));
    return JsonResponse(200, internal::PageJson(result, RecordJson));
  }, "统计数字背后的记录 (the records behind a figure)");
  std::vector<QueryParam> records_query = PageQuery(FigureQueryParams());
  records_query.push_back({"key", Str(), false, "分组行的 key (a row of the figure)"});
  records_query.push_back({"part", Enum({{"numerator", "分子"}, {"denominator", "分母"}}), false,
                           "比率的哪一部分，默认 numerator"});
  r.Describe("GET", "/api/v1/statistics/records",
             RouteSpec().Query(records_query).Returns(
                 200, PageOf(Obj({{"records", Str()},
                                  {"id", Int()},
                                  {"case_id", Int().Nullable()},
                                  {"label", Str()},
                                  {"region_code", Str()},
                                  {"region_name", Str()},
                                  {"agency_id", Int()},
                                  {"month", Str()},
                                  {"d1", Str()},
                                  {"d2", Str()},
                                  {"v", Int()}}))));

  r.Add("GET", "/api/v1/statistics/export", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto query, QueryOf(req));
    IPE_ASSIGN_OR_RETURN(auto file, app::ExportFigure(ctx, *req.principal, query,
                                                      req.Query("format").value_or("csv")));
    Response resp;
    resp.content_type = file.content_type;
    resp.body = std::move(file.body);
    resp.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + file.filename + "\"");
    resp.headers.emplace_back("Cache-Control", "no-store");
    return resp;
  }, "导出统计数字 (export a figure as CSV or XLSX)");
  std::vector<QueryParam> export_query = FigureQueryParams();
  export_query.push_back({"format", Enum({{"csv", "CSV"}, {"xlsx", "Excel"}}), false, "默认 csv"});
  r.Describe("GET", "/api/v1/statistics/export",
             RouteSpec()
                 .Query(export_query)
                 .Returns(200, Str(), "CSV", "text/csv")
                 .Returns(200, Str(), "XLSX",
                          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));

  // 形势报告: the same figures as /statistics/figure, as PDF (typeset here, at the edge) or XLSX.
  r.Add("GET", "/api/v1/statistics/report", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    std::string format = req.Query("format").value_or("pdf");
    if (format != "pdf" && format != "xlsx") {
      return core::Status(core::InvalidArgument("报告格式应为 pdf 或 xlsx (bad format)")).AddFieldError("format", "pdf 或 xlsx");
    }
    IPE_ASSIGN_OR_RETURN(auto report, app::BuildSituationReport(ctx, *req.principal, req.Query("period").value_or("")));
    Response resp;
    if (format == "xlsx") {
      IPE_ASSIGN_OR_RETURN(resp.body, app::SituationReportXlsx(report));
      resp.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    } else {
      IPE_ASSIGN_OR_RETURN(resp.body, cert::RenderSituationReport(SituationReportDoc(report)));
      resp.content_type = "application/pdf";
    }
    IPE_RETURN_IF_ERROR(app::AuditReportDownload(ctx, *req.principal, report, format));
    resp.headers.emplace_back("Content-Disposition",
                              "attachment; filename=\"situation-report-" + report.period + "." + format + "\"");
    resp.headers.emplace_back("Cache-Control", "no-store");
    return resp;
  }, "形势报告 (situation report of the caller's scope for a month, quarter or year: PDF or XLSX)");
  r.Describe("GET", "/api/v1/statistics/report",
             RouteSpec()
                 .Query({{"format", Enum({{"pdf", "PDF"}, {"xlsx", "Excel"}}), false, "默认 pdf"},
                         {"period", Str(), false, "月 2026-03、季 2026-Q1 或年 2026 (month, quarter, year)"}})
                 .Returns(200, Str(), "PDF", "application/pdf")
                 .Returns(200, Str(), "XLSX",
                          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));

  r.Add("GET", "/api/v1/statistics/high-incidence", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto year, internal::IntQuery(req, "year"));
    IPE_ASSIGN_OR_RETURN(auto found, app::FindHighIncidence(ctx, *req.principal, static_cast<int>(year.value_or(0)),
                                                            req.Query("rule").value_or("persistent_top")));
    Json candidates = Json::array();
    for (const app::HighIncidenceCandidate& c : found.candidates) {
      Json years = Json::array();
      for (const statistics::CandidateYear& y : c.candidate.years) {
        years.push_back({{"year", y.year},
                         {"count", y.count},
                         {"per_100k_hundredths", y.per_100k_hundredths ? Json(*y.per_100k_hundredths) : Json()},
                         {"rank", y.rank}});
      }
      candidates.push_back({{"region", c.candidate.region},
                            {"name", c.region_name},
                            {"years", years},
                            {"growth_percent", c.candidate.growth_percent ? Json(*c.candidate.growth_percent) : Json()}});
    }
    Json rules = Json::array();
    for (const statistics::HighIncidenceRule& rule : statistics::DefaultHighIncidenceRules().rules) {
      rules.push_back({{"key", rule.key}, {"title", rule.title}, {"source", rule.source}, {"confidence", rule.confidence}});
    }
    return JsonResponse(200, Json{{"year", found.year},
                                  {"rule", found.rule->key},
                                  {"scope_label", found.scope_label},
                                  {"rules", rules},
                                  {"population", {{"source", found.population_source},
                                                  {"confidence", found.population_confidence}}},
                                  {"candidates", candidates}});
  }, "侵权假冒高发地区候选 (high-incidence candidate provinces of a year by a rule, with the figures)");
  r.Describe("GET", "/api/v1/statistics/high-incidence",
             RouteSpec()
                 .Query({{"year", Int(), false, "年份 (year)"},
                         {"rule", Str(), false, "规则，默认 persistent_top (rule)"}})
                 .Returns(200, Obj({{"year", Int()},
                                    {"rule", Str()},
                                    {"scope_label", Str()},
                                    {"rules", Arr(Obj({{"key", Str()},
                                                       {"title", Str()},
                                                       {"source", Str()},
                                                       {"confidence", Str()}}))},
                                    {"population", Obj({{"source", Str()}, {"confidence", Str()}})},
                                    {"candidates", Arr(Obj({{"region", Str()},
                                                            {"name", Str()},
                                                            {"years", Arr(Obj({{"year", Int()},
                                                                               {"count", Int()},
                                                                               {"per_100k_hundredths", Int().Nullable()},
                                                                               {"rank", Int()}}))},
                                                            {"growth_percent", Int().Nullable()}}))}})));
}

}  // namespace ipe::http
