// 统计 routes (issue 18): the indicator set, figures from the rollups in the viewer's scope, the
// records behind a figure and a figure's export. app/statistics/statistics.h has the rules.
#include "app/statistics/high_incidence.h"
#include "app/statistics/region_supervision.h"
#include "app/statistics/report.h"
#include "http/report_pdf.h"
#include "app/statistics/statistics.h"
#include "cert/report.h"
#include "http/dispatcher.h"
#include "http/internal/json_io.h"
#include "statistics/indicators.h"
#include "statistics/region_supervision.h"

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

// statistics::ValueKindCode's codes: what a figure's value counts.
Schema ValueKindEnum() {
  return Enum(
      {{"count", "计数"}, {"fen", "金额（分）"}, {"quantity", "数量"}, {"grams", "重量（克）"}});
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

// ---- 地区督办 ----------------------------------------------------------------------------

// A follow-up of an agency carries a JPEG, PNG or PDF of up to 5 MiB, base64 in the JSON body.
constexpr size_t kSupervisionReportBodyBytes = 8u << 20;

Json SupervisionJson(const app::RegionSupervision& s) {
  Json agencies = Json::array();
  for (const app::SupervisionAgency& a : s.agencies) agencies.push_back({{"id", a.id}, {"name", a.name}});
  Json tasks = Json::array();
  for (const app::SupervisionTask& t : s.tasks) {
    tasks.push_back({{"id", t.id},
                     {"agency_id", t.agency_id},
                     {"agency_name", t.agency_name},
                     {"title", t.title},
                     {"due_date", t.due_date.ToString()},
                     {"done_at", internal::TimeJson(t.done_at)},
                     {"deadline_state", t.deadline_state}});
  }
  Json steps = Json::array();
  for (const app::SupervisionStep& p : s.steps) {
    steps.push_back({{"id", p.id},
                     {"kind", p.kind},
                     {"kind_zh", app::LabelOrCode(app::SupervisionStepKinds(), p.kind)},
                     {"agency_id", p.agency_id ? Json(*p.agency_id) : Json()},
                     {"agency_name", p.agency_name},
                     {"task_id", p.task_id ? Json(*p.task_id) : Json()},
                     {"body", p.body},
                     {"deadline", internal::DateJson(p.deadline)},
                     {"attachment", p.filename.empty() ? Json()
                                                       : Json{{"filename", p.filename},
                                                              {"content_type", p.content_type},
                                                              {"size", p.size}}},
                     {"actor_name", p.actor_name},
                     {"at", p.at.ToString()}});
  }
  Json figures = Json::parse(s.figures_json, nullptr, false);
  return {{"id", s.id},
          {"kind", s.kind},
          {"kind_zh", app::LabelOrCode(app::SupervisionKinds(), s.kind)},
          {"status", s.status},
          {"status_zh", app::LabelOrCode(app::SupervisionStatuses(), s.status)},
          {"region_code", s.region_code},
          {"region_name", s.region_name},
          {"issuer_region", s.issuer_region},
          {"government", s.government},
          {"reason", s.reason},
          {"rule_key", s.rule_key},
          {"basis_year", s.basis_year ? Json(*s.basis_year) : Json()},
          {"figures", figures.is_discarded() ? Json() : figures},
          {"deadline", s.deadline.ToString()},
          {"deadline_state", s.deadline_state},
          {"review_note", s.review_note},
          {"created_by_name", s.created_by_name},
          {"version", s.version},
          {"created_at", s.created_at.ToString()},
          {"updated_at", s.updated_at.ToString()},
          {"removed_at", internal::TimeJson(s.removed_at)},
          {"agencies", agencies},
          {"tasks", tasks},
          {"steps", steps}};
}

// The shape SupervisionJson renders.
Schema SupervisionRef(Router& r) {
  Schema attachment = Obj({{"filename", Str()},
                           {"content_type", Enum({{"image/jpeg", "JPEG 图片"},
                                                  {"image/png", "PNG 图片"},
                                                  {"application/pdf", "PDF 文件"}})},
                           {"size", Int()}});
  return r.Component(
      "RegionSupervision",
      Obj({{"id", Int()},
           {"kind", Enum(app::SupervisionKinds())},
           {"kind_zh", Str()},
           {"status", Enum(app::SupervisionStatuses())},
           {"status_zh", Str()},
           {"region_code", Str().Describe("被督办地区 (supervised region)")},
           {"region_name", Str()},
           {"issuer_region", Str().Describe("作出决定的办公室区划 (the deciding office's region)")},
           {"government", Str()},
           {"reason", Str()},
           {"rule_key", Str()},
           {"basis_year", Int().Nullable()},
           {"figures",
            Any().Nullable().Describe(
                "决定时冻结的数字 [{year,count,per_100k_hundredths,rank}] (figures at opening)")},
           {"deadline", Date()},
           {"deadline_state", Enum({{"none", "已销号"},
                                    {"ok", "期限内"},
                                    {"due_soon", "即将到期"},
                                    {"overdue", "已逾期"}})},
           {"review_note", Str()},
           {"created_by_name", Str()},
           {"version", Int()},
           {"created_at", DateTime()},
           {"updated_at", DateTime()},
           {"removed_at", DateTime().Nullable()},
           {"agencies", Arr(IdName()).Describe("责任机关 (responsible agencies)")},
           {"tasks", Arr(Obj({{"id", Int()},
                              {"agency_id", Int()},
                              {"agency_name", Str()},
                              {"title", Str()},
                              {"due_date", Date()},
                              {"done_at", DateTime().Nullable()},
                              {"deadline_state", Enum({{"done", "已完成"},
                                                       {"ok", "期限内"},
                                                       {"due_soon", "即将到期"},
                                                       {"overdue", "已逾期"}})}}))},
           {"steps", Arr(Obj({{"id", Int()},
                              {"kind", Enum(app::SupervisionStepKinds())},
                              {"kind_zh", Str()},
                              {"agency_id", Int().Nullable()},
                              {"agency_name", Str()},
                              {"task_id", Int().Nullable()},
                              {"body", Str()},
                              {"deadline", Date().Nullable()},
                              {"attachment", attachment.Nullable()},
                              {"actor_name", Str()},
                              {"at", DateTime()}}))}}));
}

// The field errors of a body's fields and of its arrays and objects, in one 400.
core::Status Together(core::Status fields, core::Status extra) {
  if (extra.field_errors().empty()) return fields;
  for (const auto& e : fields.field_errors()) extra.AddFieldError(e.field, e.message);
  return extra;
}

core::Result<app::NewRegionSupervision> ReadNewSupervision(const Json& body) {
  internal::Fields f(body);
  app::NewRegionSupervision in;
  in.kind = f.String("kind", true, 20).value_or("");
  in.region_code = f.String("region_code", true, 6).value_or("");
  in.government = f.String("government", false, 1000).value_or("");
  in.reason = f.String("reason", false, 20000).value_or("");
  in.rule_key = f.String("rule_key", false, 100).value_or("");
  if (auto y = f.Int("basis_year")) in.basis_year = static_cast<int>(*y);
  f.IsNull("basis_year");
  in.deadline = f.String("deadline", false, 10).value_or("");
  f.IsNull("tasks");
  f.IsNull("agency_ids");
  core::Status extra = core::InvalidArgument("督办决定有误 (invalid supervision)");
  if (body.contains("agency_ids") && !body["agency_ids"].is_null()) {
    const Json& ids = body["agency_ids"];
    if (!ids.is_array()) {
      extra.AddFieldError("agency_ids", "应为机构编号数组");
    } else {
      for (const Json& id : ids) {
        if (!id.is_number_integer()) {
          extra.AddFieldError("agency_ids", "应为机构编号数组");
          break;
        }
        in.agency_ids.push_back(id.get<int64_t>());
      }
    }
  }
  if (body.contains("tasks") && !body["tasks"].is_null()) {
    const Json& tasks = body["tasks"];
    if (!tasks.is_array()) {
      extra.AddFieldError("tasks", "应为数组 [{agency_id, title, due_date}]");
    } else {
      for (size_t i = 0; i < tasks.size(); ++i) {
        const Json& t = tasks[i];
        if (!t.is_object() || !t.contains("agency_id") || !t["agency_id"].is_number_integer() ||
            !t.contains("title") || !t["title"].is_string() || !t.contains("due_date") || !t["due_date"].is_string()) {
          extra.AddFieldError("tasks[" + std::to_string(i) + "]", "应为 {agency_id, title, due_date}");
          continue;
        }
        in.tasks.push_back({t["agency_id"].get<int64_t>(), t["title"].get<std::string>(), t["due_date"].get<std::string>()});
      }
    }
  }
  IPE_RETURN_IF_ERROR(Together(f.Finish(), std::move(extra)));
  return in;
}

core::Result<app::NewSupervisionReport> ReadSupervisionReport(const Json& body) {
  internal::Fields f(body);
  app::NewSupervisionReport in;
  in.body = f.String("body", true, 64u << 10).value_or("");
  in.task_id = f.Int("task_id");
  f.IsNull("task_id");
  in.task_done = f.Bool("task_done").value_or(false);
  f.IsNull("attachment");
  core::Status extra = core::InvalidArgument("整改进展报告有误 (invalid report)");
  if (body.contains("attachment") && !body["attachment"].is_null()) {
    const Json& a = body["attachment"];
    if (!a.is_object() || !a.contains("filename") || !a["filename"].is_string() || !a.contains("data_base64") ||
        !a["data_base64"].is_string() || !a.contains("content_type") || !a["content_type"].is_string()) {
      extra.AddFieldError("attachment", "应为 {filename, content_type, data_base64} 字符串");
    } else {
      in.attachment = app::internal::Upload{a["filename"].get<std::string>(), a["content_type"].get<std::string>(),
                                            a["data_base64"].get<std::string>()};
    }
  }
  IPE_RETURN_IF_ERROR(Together(f.Finish(), std::move(extra)));
  return in;
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
  r.Describe(
      "GET", "/api/v1/statistics/indicators",
      RouteSpec()
          .Returns(200,
                   Obj({{"title", Str()},
                        {"version", Str()},
                        {"items", Arr(Obj({{"key", Str()},
                                           {"name_zh", Str()},
                                           {"name_en", Str()},
                                           {"definition", Str()},
                                           {"unit", Str()},
                                           {"rate", Bool()},
                                           {"value_kind", ValueKindEnum()},
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
                                           {"confidence", Str()}}))}}))
          .Refuses(403, "无权查看统计 (no statistics.read)"));

  r.Add("GET", "/api/v1/statistics/figure", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto query, QueryOf(req));
    IPE_ASSIGN_OR_RETURN(auto figure, app::QueryFigure(ctx, *req.principal, query));
    return JsonResponse(200, FigureJson(figure));
  }, "统计数字（本辖区） (a figure in the viewer's scope)");
  r.Describe(
      "GET", "/api/v1/statistics/figure",
      RouteSpec()
          .Query(FigureQueryParams())
          .Returns(200, Obj({{"indicator", Str()},
                             {"name_zh", Str()},
                             {"unit", Str()},
                             {"rate", Bool()},
                             {"value_kind", ValueKindEnum()},
                             {"from", Str()},
                             {"to", Str()},
                             {"group", Str()},
                             {"scope", Obj({{"region_code", Str()},
                                            {"agency_id", Int().Nullable()},
                                            {"label", Str()}})},
                             {"rows", Arr(RowSchema())},
                             {"total", RowSchema()}}))
          .Refuses(
              403,
              "无权查看统计，或区划、机关不在本人范围 (no statistics.read, or outside scope)"));

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
  r.Describe(
      "GET", "/api/v1/statistics/records",
      RouteSpec()
          .Query(records_query)
          .Returns(200, PageOf(Obj({{"records", Str()},
                                    {"id", Int()},
                                    {"case_id", Int().Nullable()},
                                    {"label", Str()},
                                    {"region_code", Str()},
                                    {"region_name", Str()},
                                    {"agency_id", Int()},
                                    {"month", Str()},
                                    {"d1", Str()},
                                    {"d2", Str()},
                                    {"v", Int()}})))
          .Refuses(
              403,
              "无权查看统计，或区划、机关不在本人范围 (no statistics.read, or outside scope)"));

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
  r.Describe(
      "GET", "/api/v1/statistics/export",
      RouteSpec()
          .Query(export_query)
          .Returns(200, Str(), "CSV", "text/csv")
          .Returns(200, Str(), "XLSX",
                   "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
          .Refuses(
              403,
              "无权查看统计，或区划、机关不在本人范围 (no statistics.read, or outside scope)"));

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
                         {"period", Str(), false,
                          "月 2026-03、季 2026-Q1 或年 2026 (month, quarter, year)"}})
                 .Returns(200, Str(), "PDF", "application/pdf")
                 .Returns(200, Str(), "XLSX",
                          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                 .Refuses(403, "无权查看形势报告 (no statistics.read)"));

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

  // ---- 地区督办: 通报、约谈、挂牌督办 -------------------------------------------------------
  r.Add("GET", "/api/v1/region-supervisions/codes", Access::kAuthenticated, [](Request&) -> Reply {
    Json kinds = Json::array();
    for (const statistics::SupervisionKind& k : statistics::DefaultSupervisionRules().kinds) {
      kinds.push_back({{"code", k.key},
                       {"name_zh", k.title},
                       {"rectification_days", k.rectification_days},
                       {"source", k.source},
                       {"confidence", k.confidence}});
    }
    return JsonResponse(200, Json{{"kinds", kinds},
                                  {"statuses", internal::CodesJson(app::SupervisionStatuses())},
                                  {"step_kinds", internal::CodesJson(app::SupervisionStepKinds())}});
  }, "地区督办代码表与默认整改期限 (kinds with default rectification periods, statuses)");
  {
    Schema code = Obj({{"code", Str()}, {"name_zh", Str()}});
    r.Describe(
        "GET", "/api/v1/region-supervisions/codes",
        RouteSpec().Returns(
            200, Obj({{"kinds", Arr(Obj({{"code", Str()},
                                         {"name_zh", Str()},
                                         {"rectification_days", Int()},
                                         {"source", Str().Describe("依据 (source)")},
                                         {"confidence", Str().Describe("规则可信度 S/M/L")}}))},
                      {"statuses", Arr(code)},
                      {"step_kinds", Arr(code)}})));
  }

  r.Add("GET", "/api/v1/region-supervisions", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto page, internal::PageFromQuery(req));
    app::SupervisionFilter f;
    f.status = req.Query("status");
    f.kind = req.Query("kind");
    for (auto* field : {&f.status, &f.kind}) {
      if (*field && field->value().empty()) field->reset();
    }
    IPE_ASSIGN_OR_RETURN(auto result, app::ListRegionSupervisions(ctx, *req.principal, f, page));
    return JsonResponse(200, internal::PageJson(result, SupervisionJson));
  }, "地区督办列表 (regional supervisions the caller may read)");
  Schema supervision = SupervisionRef(r);
  r.Describe(
      "GET", "/api/v1/region-supervisions",
      RouteSpec()
          .Query(PageQuery({{"status", Enum(app::SupervisionStatuses()), false, "状态 (status)"},
                            {"kind", Enum(app::SupervisionKinds()), false, "督办方式 (kind)"}}))
          .Returns(200, PageOf(supervision))
          .Refuses(403, "无权查看地区督办 (no region_supervision.read)"));

  r.Add("POST", "/api/v1/region-supervisions", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
    IPE_ASSIGN_OR_RETURN(auto in, ReadNewSupervision(body));
    IPE_ASSIGN_OR_RETURN(auto result, app::CreateRegionSupervision(ctx, *req.principal, in));
    return JsonResponse(201, SupervisionJson(result));
  }, "作出督办决定（通报、约谈、挂牌督办） (open a regional supervision)");
  r.Describe(
      "POST", "/api/v1/region-supervisions",
      RouteSpec()
          .Body(
              Obj({{"kind", Str(20).Describe("督办方式代码 (GET /region-supervisions/codes)")},
                   {"region_code", Str(6)},
                   {"government",
                    Str(1000).Optional().Describe("被约谈、督办的人民政府 (government)")},
                   {"reason", Str(20000).Optional()},
                   {"rule_key", Str(100).Optional().Describe("高发地区规则 (high-incidence rule)")},
                   {"basis_year", Int().Nullable().Optional()},
                   {"deadline",
                    Str(10).Optional().Describe(
                        "YYYY-MM-DD；缺省按督办方式的整改期限 (default: the kind's period)")},
                   {"agency_ids",
                    Arr(Int()).Nullable().Optional().Describe("责任机关 (responsible agencies)")},
                   {"tasks", Arr(Obj({{"agency_id", Int()},
                                      {"title", Str()},
                                      {"due_date", Str().Describe("YYYY-MM-DD")}}))
                                 .Nullable()
                                 .Optional()}})
                  .Closed())
          .Returns(201, supervision)
          .Refuses(403, "由上级领导小组办公室作出督办决定 (a higher office only)"));

  r.Add("GET", "/api/v1/region-supervisions/{id}", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto result, app::GetRegionSupervision(ctx, *req.principal, id));
    return JsonResponse(200, SupervisionJson(result));
  }, "地区督办详情 (a regional supervision with its tasks and steps)");
  r.Describe("GET", "/api/v1/region-supervisions/{id}",
             RouteSpec()
                 .Returns(200, supervision)
                 .Refuses(403, "无权查看地区督办 (no region_supervision.read)")
                 .Refuses(404, "不存在，或既非督办地区也非责任机关 (missing or out of scope)"));

  r.Add("POST", "/api/v1/region-supervisions/{id}/reports", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
    IPE_ASSIGN_OR_RETURN(auto in, ReadSupervisionReport(body));
    IPE_ASSIGN_OR_RETURN(auto result, app::FileSupervisionReport(ctx, *req.principal, id, in));
    return JsonResponse(201, SupervisionJson(result));
  }, "报送整改进展 (a responsible agency's follow-up report)");
  r.Describe(
      "POST", "/api/v1/region-supervisions/{id}/reports",
      RouteSpec()
          .Body(
              Obj({{"body", Str(64u << 10)},
                   {"task_id", Int().Nullable().Optional()},
                   {"task_done", Bool().Optional().Describe("该任务已完成 (the task is done)")},
                   {"attachment", Obj({{"filename", Str()},
                                       {"content_type",
                                        Str().Describe("image/jpeg、image/png 或 application/pdf")},
                                       {"data_base64", Str().Describe("至多 5 MiB (up to 5 MiB)")}})
                                      .Nullable()
                                      .Optional()}})
                  .Closed())
          .Returns(201, supervision)
          .Refuses(403, "只有责任机关报送 (responsible agencies only)")
          .Refuses(404, "不存在或不在本人范围 (missing or out of scope)")
          .Refuses(409, "督办已销号 (removed already)"));
  r.AllowLargeBody("POST", "/api/v1/region-supervisions/{id}/reports", kSupervisionReportBodyBytes);

  r.Add("POST", "/api/v1/region-supervisions/{id}/review", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
    internal::Fields f(body);
    app::SupervisionReview review;
    review.action = f.String("action", true, 20).value_or("");
    review.note = f.String("note", false, 20000).value_or("");
    review.deadline = f.String("deadline", false, 10).value_or("");
    f.IsNull("deadline");
    auto version = f.Int("version", true);
    IPE_RETURN_IF_ERROR(f.Finish());
    IPE_ASSIGN_OR_RETURN(auto result, app::ReviewRegionSupervision(ctx, *req.principal, id, review, *version));
    return JsonResponse(200, SupervisionJson(result));
  }, "审核督办事项：退回、延期或验收销号 (the office's review: return, extend or remove)");
  r.Describe(
      "POST", "/api/v1/region-supervisions/{id}/review",
      RouteSpec()
          .Body(Obj({{"action", Str(20).Describe("return 退回；extend 延期；remove 验收销号")},
                     {"note", Str(20000).Optional()},
                     {"deadline",
                      Str(10).Nullable().Optional().Describe("延期至 YYYY-MM-DD (extend to)")},
                     {"version", Int()}})
                    .Closed())
          .Returns(200, supervision)
          .Refuses(403, "由作出决定的办公室审核 (the deciding office only)")
          .Refuses(404, "不存在或不在本人范围 (missing or out of scope)")
          .Refuses(409, "任务未完成、已销号或版本已变 (tasks open, removed, stale version)"));

  r.Add("GET", "/api/v1/region-supervisions/{id}/steps/{step_id}/attachment", Access::kAuthenticated,
        [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto step_id, internal::IdParam(req, "step_id"));
    IPE_ASSIGN_OR_RETURN(auto file, app::GetSupervisionAttachment(ctx, *req.principal, id, step_id));
    Response resp;
    // The type was checked against the bytes at upload (JPEG, PNG or PDF only).
    resp.content_type = file.content_type;
    resp.body = std::move(file.bytes);
    std::string ext = file.content_type == "application/pdf" ? ".pdf" : file.content_type == "image/png" ? ".png" : ".jpg";
    resp.headers.emplace_back("Content-Disposition", "attachment; filename=\"supervision-" + std::to_string(id) + "-" +
                                                         std::to_string(step_id) + ext + "\"");
    resp.headers.emplace_back("Cache-Control", "no-store");
    return resp;
  }, "督办整改报告附件 (a follow-up's attachment)");
  r.Describe("GET", "/api/v1/region-supervisions/{id}/steps/{step_id}/attachment",
             RouteSpec()
                 .Returns(200, Str(), "JPEG", "image/jpeg")
                 .Returns(200, Str(), "PNG", "image/png")
                 .Returns(200, Str(), "PDF", "application/pdf")
                 .Refuses(403, "无权查看地区督办 (no region_supervision.read)")
                 .Refuses(404, "没有该附件，或不在本人范围 (no such attachment, or out of scope)"));
  r.Describe(
      "GET", "/api/v1/statistics/high-incidence",
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
                             {"candidates",
                              Arr(Obj({{"region", Str()},
                                       {"name", Str()},
                                       {"years", Arr(Obj({{"year", Int()},
                                                          {"count", Int()},
                                                          {"per_100k_hundredths", Int().Nullable()},
                                                          {"rank", Int()}}))},
                                       {"growth_percent", Int().Nullable()}}))}}))
          .Refuses(
              403,
              "高发地区排名需全国范围的统计权限 (national viewers with statistics.read only)"));
}

core::Result<std::string> SituationReportPdf(const app::SituationReport& report) {
  return cert::RenderSituationReport(SituationReportDoc(report));
}

}  // namespace ipe::http
