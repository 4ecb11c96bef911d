// 平安建设考核 routes (issue 18, seed task 22): an office's rubric for a year, its manual points,
// the ranked scores, publication (frozen) and export. The rules are in app/statistics/assessment.h.
#include <string>

#include "app/permissions.h"
#include "app/statistics/assessment.h"
#include "app/statistics/statistics.h"
#include "core/region.h"
#include "http/dispatcher.h"
#include "http/internal/json_io.h"
#include "statistics/indicators.h"

namespace ipe::http {
namespace {

using internal::Json;
using internal::JsonResponse;

std::string RegionName(const std::string& code) {
  return code == "000000" ? "全国" : app::DimensionValueLabel("region", code);
}

Json Points(int64_t centi) { return Json(static_cast<double>(centi) / 100.0); }

Json CriterionJson(const statistics::AssessmentCriterion& c) {
  const statistics::Indicator* ind =
      c.manual() ? nullptr : statistics::DefaultIndicators().Find(c.indicator);
  return {{"key", c.key},
          {"name", c.name},
          {"kind", c.kind},
          {"indicator", c.indicator},
          {"indicator_name", ind ? ind->name_zh : ""},
          {"unit", ind ? ind->unit : ""},
          {"rate", ind ? ind->IsRate() : false},
          {"scoring", c.scoring},
          {"direction", c.direction},
          {"per_capita", c.per_capita},
          {"low", c.low},
          {"high", c.high},
          {"max_points", c.max_points},
          {"basis", c.basis},
          {"confidence", c.confidence}};
}

Schema CriterionRef(Router& r) {
  return r.Component(
      "AssessmentCriterion",
      Obj({{"key", Str(40)},
           {"name", Str()},
           {"kind", Enum({{"indicator", "指标计分"}, {"manual", "人工评分"}})},
           {"indicator", Str().Describe("统计指标代码；人工评分项为空 (indicator key)")},
           {"indicator_name", Str()},
           {"unit", Str()},
           {"rate", Bool()},
           {"scoring", Str().Describe("linear 线性 / rank 排名；人工评分项为空")},
           {"direction", Str().Describe("higher 越高越好 / lower 越低越好；人工评分项为空")},
           {"per_capita", Bool().Describe("按每十万常住人口折算（仅省级）")},
           {"low",
            Int().Describe("线性计分下限（指标单位：件、分、基点；按人口折算时为每十万人×100）")},
           {"high", Int()},
           {"max_points", Int()},
           {"basis", Str()},
           {"confidence",
            Enum({{"C", "已核对原文"}, {"S", "二手来源"}, {"M", "本项目口径，待办公室确认"}})}}));
}

Json ScoreJson(const app::PsaScore& s, const app::AssessmentBoardView& v) {
  Json items = Json::array();
  for (size_t i = 0; i < s.items.size() && i < v.rubric.rubric.criteria.size(); ++i) {
    const app::PsaItem& it = s.items[i];
    const auto& c = v.rubric.rubric.criteria[i];
    Json drill = nullptr;
    if (!c.manual()) {
      drill = {{"indicator", c.indicator},
               {"from", v.from_month},
               {"to", v.to_month},
               {"region", s.region_code}};
    }
    items.push_back({{"criterion", it.criterion_key},
                     {"points", Points(it.points)},
                     {"figure", it.figure ? Json(*it.figure) : Json()},
                     {"raw_value", it.raw_value ? Json(*it.raw_value) : Json()},
                     {"reason", it.reason},
                     {"drill", drill}});
  }
  return {{"region_code", s.region_code},
          {"region_name", RegionName(s.region_code)},
          {"rank", s.rank},
          {"total", Points(s.total)},
          {"items", items}};
}

Schema ScoreSchema() {
  return Obj(
      {{"region_code", Str(6)},
       {"region_name", Str()},
       {"rank", Int()},
       {"total", Num().Describe("总分（分，两位小数）")},
       {"items",
        Arr(Obj({{"criterion", Str()},
                 {"points", Num()},
                 {"figure", Int().Nullable().Describe("计分所用数值 (the figure as scored)")},
                 {"raw_value", Int().Nullable().Describe("统计指标数值 (the indicator's figure)")},
                 {"reason", Str()},
                 {"drill",
                  Obj({{"indicator", Str()}, {"from", Str()}, {"to", Str()}, {"region", Str()}})
                      .Nullable()
                      .Describe("对应的统计数字（/statistics/figure 参数）")}}))}});
}

Json BoardJson(const app::AssessmentBoardView& v) {
  const app::PsaRubric& r = v.rubric;
  Json criteria = Json::array();
  for (const auto& c : r.rubric.criteria) criteria.push_back(CriterionJson(c));
  Json missing = Json::array();
  for (const std::string& m : v.missing) {
    const std::string code = m.substr(0, m.find(':'));
    missing.push_back({{"region_code", code},
                       {"region_name", RegionName(code)},
                       {"criterion", m.substr(m.find(':') + 1)}});
  }
  Json out = internal::PageJson(v.scores, [&v](const app::PsaScore& s) { return ScoreJson(s, v); });
  out.update(Json{{"year", r.year},
                  {"assessor_region", r.assessor_region},
                  {"assessor_name", RegionName(r.assessor_region)},
                  {"level", v.level},
                  {"status", r.status},
                  {"stored", r.id != 0},
                  {"version", r.version},
                  {"source_version", r.source_version},
                  {"full", v.full},
                  {"can_manage", v.can_manage},
                  {"from_month", v.from_month},
                  {"to_month", v.to_month},
                  {"published_at", internal::TimeJson(r.published_at)},
                  {"published_by_name", r.published_by_name},
                  {"max_total", r.rubric.MaxTotal()},
                  {"criteria", criteria},
                  {"missing", missing}});
  return out;
}

// The criteria of a PUT body; field errors are named criteria[i].<field>.
core::Result<statistics::AssessmentRubric> ReadCriteria(const Json& body) {
  statistics::AssessmentRubric out;
  auto it = body.find("criteria");
  core::Status st = core::InvalidArgument("评分细则有误 (invalid rubric)");
  if (it == body.end() || !it->is_array()) {
    return st.AddFieldError("criteria", "应为评分项数组");
  }
  for (size_t i = 0; i < it->size(); ++i) {
    const Json& e = (*it)[i];
    const std::string prefix = "criteria[" + std::to_string(i) + "].";
    if (!e.is_object()) {
      st.AddFieldError(prefix.substr(0, prefix.size() - 1), "应为对象");
      continue;
    }
    internal::Fields f(e);
    statistics::AssessmentCriterion c;
    c.key = f.String("key", true, 40).value_or("");
    c.name = f.String("name", true, 300).value_or("");
    c.kind = f.String("kind", true, 20).value_or("");
    c.indicator = f.String("indicator", false, 80).value_or("");
    c.scoring = f.String("scoring", false, 20).value_or("");
    c.direction = f.String("direction", false, 20).value_or("");
    c.per_capita = f.Bool("per_capita").value_or(false);
    c.low = f.Int("low").value_or(0);
    c.high = f.Int("high").value_or(0);
    c.max_points = f.Int("max_points", true).value_or(0);
    c.basis = f.String("basis", true, 1500).value_or("");
    c.confidence = f.String("confidence", true, 1).value_or("");
    core::Status fs = f.Finish();
    for (const auto& fe : fs.field_errors()) st.AddFieldError(prefix + fe.field, fe.message);
    out.criteria.push_back(std::move(c));
  }
  if (!st.field_errors().empty()) return st;
  return out;
}

std::string AssessorOf(const Request& req) {
  if (auto a = req.Query("assessor")) return *a;
  const app::Principal& who = *req.principal;
  // The caller's own office when it assesses (nation or province), else the national assessment.
  if (app::Can(who, app::Capability::kAssessmentManage) &&
      (who.region_code == "000000" ||
       core::LevelOfCode(who.region_code) == core::RegionLevel::kProvince)) {
    return who.region_code;
  }
  return "000000";
}

}  // namespace

void RegisterAssessmentApi(Dispatcher& d) {
  app::Context& ctx = d.context();
  Router& r = d.router();
  Schema criterion = CriterionRef(r);
  // The page of ranked scores with the assessment around it (DataTable reads the page).
  Schema board = r.Component(
      "Assessment",
      With(PageOf(ScoreSchema()),
           {{"year", Int()},
            {"assessor_region", Str(6)},
            {"assessor_name", Str()},
            {"level", Enum({{"province", "省级"}, {"prefecture", "地市级"}})},
            {"status", Enum({{"draft", "草稿"}, {"published", "已公布"}})},
            {"stored", Bool().Describe("false：尚未保存，显示默认评分细则")},
            {"version", Int().Describe("修改、评分、公布时原样带回；0 表示尚未保存")},
            {"source_version", Str()},
            {"full", Bool().Describe("是否看到全部地区（考核办公室及其上级）")},
            {"can_manage", Bool()},
            {"from_month", Str()},
            {"to_month", Str()},
            {"published_at", DateTime().Nullable()},
            {"published_by_name", Str()},
            {"max_total", Int()},
            {"criteria", Arr(criterion)},
            {"missing",
             Arr(Obj({{"region_code", Str(6)}, {"region_name", Str()}, {"criterion", Str()}}))}}));
  const std::vector<QueryParam> assessor_param = {
      {"assessor", Str(6), false,
       "考核单位区划：000000 全国（考核各省）或省级代码（考核本省地市）；默认本办公室或全国"}};

  r.Add(
      "GET", "/api/v1/assessments/{year}", Access::kAuthenticated,
      [&ctx](Request& req) -> Reply {
        IPE_ASSIGN_OR_RETURN(int64_t year, internal::IdParam(req, "year"));
        IPE_ASSIGN_OR_RETURN(auto page, internal::PageFromQuery(req));
        IPE_ASSIGN_OR_RETURN(auto view,
                             app::AssessmentBoard(ctx, *req.principal, static_cast<int>(year),
                                                  AssessorOf(req), page));
        return JsonResponse(200, BoardJson(view));
      },
      "平安建设考核：评分细则与地区得分排名 (assessment: rubric and ranked scores)");
  r.Describe("GET", "/api/v1/assessments/{year}",
             RouteSpec().Query(PageQuery(assessor_param)).Returns(200, board));

  r.Add(
      "PUT", "/api/v1/assessments/{year}/rubric", Access::kAuthenticated,
      [&ctx](Request& req) -> Reply {
        IPE_ASSIGN_OR_RETURN(int64_t year, internal::IdParam(req, "year"));
        IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
        IPE_ASSIGN_OR_RETURN(auto rubric, ReadCriteria(body));
        auto v = body.find("version");
        if (v == body.end() || !v->is_number_integer()) {
          return core::Status(core::InvalidArgument("评分细则有误 (invalid rubric)"))
              .AddFieldError("version", "须带回版本号");
        }
        IPE_ASSIGN_OR_RETURN(auto saved,
                             app::SaveAssessmentRubric(ctx, *req.principal, static_cast<int>(year),
                                                       rubric, v->get<int64_t>()));
        IPE_ASSIGN_OR_RETURN(auto view,
                             app::AssessmentBoard(ctx, *req.principal, static_cast<int>(year),
                                                  saved.assessor_region, app::PageRequest{1, 20}));
        return JsonResponse(200, BoardJson(view));
      },
      "保存本办公室某年度的平安建设考核评分细则 (save the office's rubric for a year)");
  Schema criterion_in = Obj({{"key", Str(40)},
                             {"name", Str(300)},
                             {"kind", Enum({{"indicator", "指标计分"}, {"manual", "人工评分"}})},
                             {"indicator", Str(80).Optional()},
                             {"scoring", Str(20).Optional()},
                             {"direction", Str(20).Optional()},
                             {"per_capita", Bool().Optional()},
                             {"low", Int().Optional()},
                             {"high", Int().Optional()},
                             {"max_points", Int()},
                             {"basis", Str(1500)},
                             {"confidence", Str(1)}})
                            .Closed();
  r.Describe(
      "PUT", "/api/v1/assessments/{year}/rubric",
      RouteSpec()
          .Body(Obj({{"criteria", Arr(criterion_in)}, {"version", Int().Describe("0：首次保存")}})
                    .Closed())
          .Returns(200, board));

  r.Add(
      "PUT", "/api/v1/assessments/{year}/manual-points", Access::kAuthenticated,
      [&ctx](Request& req) -> Reply {
        IPE_ASSIGN_OR_RETURN(int64_t year, internal::IdParam(req, "year"));
        IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
        internal::Fields f(body);
        app::ManualPointsInput in;
        in.region_code = f.String("region_code", true, 6).value_or("");
        in.criterion_key = f.String("criterion", true, 40).value_or("");
        in.points = f.Int("points", true).value_or(-1);
        in.reason = f.String("reason", true, 8000).value_or("");
        IPE_RETURN_IF_ERROR(f.Finish());
        IPE_ASSIGN_OR_RETURN(auto m,
                             app::SetManualPoints(ctx, *req.principal, static_cast<int>(year), in));
        return JsonResponse(200, {{"region_code", m.region_code},
                                  {"criterion", m.criterion_key},
                                  {"points", Points(m.points)},
                                  {"reason", m.reason},
                                  {"entered_by_name", m.entered_by_name},
                                  {"entered_at", internal::TimeJson(m.entered_at)}});
      },
      "平安建设考核人工评分（须说明理由） (enter a manual item's points with a reason)");
  r.Describe("PUT", "/api/v1/assessments/{year}/manual-points",
             RouteSpec()
                 .Body(Obj({{"region_code", Str(6)},
                            {"criterion", Str(40)},
                            {"points", Int().Describe("整数分，0 至该项满分")},
                            {"reason", Str(8000)}})
                           .Closed())
                 .Returns(200, Obj({{"region_code", Str(6)},
                                    {"criterion", Str()},
                                    {"points", Num()},
                                    {"reason", Str()},
                                    {"entered_by_name", Str()},
                                    {"entered_at", DateTime()}})));

  r.Add(
      "POST", "/api/v1/assessments/{year}/publish", Access::kAuthenticated,
      [&ctx](Request& req) -> Reply {
        IPE_ASSIGN_OR_RETURN(int64_t year, internal::IdParam(req, "year"));
        IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
        internal::Fields f(body);
        const int64_t version = f.Int("version", true).value_or(0);
        IPE_RETURN_IF_ERROR(f.Finish());
        IPE_ASSIGN_OR_RETURN(
            auto pub, app::PublishAssessment(ctx, *req.principal, static_cast<int>(year), version));
        IPE_ASSIGN_OR_RETURN(auto view,
                             app::AssessmentBoard(ctx, *req.principal, static_cast<int>(year),
                                                  pub.assessor_region, app::PageRequest{1, 20}));
        return JsonResponse(200, BoardJson(view));
      },
      "公布平安建设考核结果（冻结评分细则与得分） (publish: rubric and scores frozen)");
  r.Describe("POST", "/api/v1/assessments/{year}/publish",
             RouteSpec().Body(Obj({{"version", Int()}}).Closed()).Returns(200, board));

  r.Add(
      "GET", "/api/v1/assessments/{year}/export", Access::kAuthenticated,
      [&ctx](Request& req) -> Reply {
        IPE_ASSIGN_OR_RETURN(int64_t year, internal::IdParam(req, "year"));
        IPE_ASSIGN_OR_RETURN(auto file, app::ExportAssessment(
                                            ctx, *req.principal, static_cast<int>(year),
                                            AssessorOf(req), req.Query("format").value_or("xlsx")));
        Response resp;
        resp.content_type = file.content_type;
        resp.body = std::move(file.body);
        resp.headers.emplace_back("Content-Disposition",
                                  "attachment; filename=\"" + file.filename + "\"");
        resp.headers.emplace_back("Cache-Control", "no-store");
        return resp;
      },
      "导出平安建设考核排名 (export the ranking as XLSX or CSV)");
  std::vector<QueryParam> export_query = assessor_param;
  export_query.push_back({"format", Enum({{"xlsx", "Excel"}, {"csv", "CSV"}}), false, "默认 xlsx"});
  r.Describe("GET", "/api/v1/assessments/{year}/export",
             RouteSpec()
                 .Query(export_query)
                 .Returns(200, Str(), "XLSX",
                          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                 .Returns(200, Str(), "CSV", "text/csv"));
}

}  // namespace ipe::http
