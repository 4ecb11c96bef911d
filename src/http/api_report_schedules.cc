// 定期形势报告 routes (issue 18): a user's schedules of their own situation report and the reports
// the scheduler stored for them. The rules are in app/statistics/report_schedule.h.
#include "app/statistics/report_schedule.h"
#include "http/dispatcher.h"
#include "http/internal/json_io.h"
#include "http/schema.h"

namespace ipe::http {
namespace {

using internal::Json;
using internal::JsonResponse;

Json ScheduleJson(const app::ReportSchedule& s) {
  return {{"id", s.id},
          {"cadence", s.cadence},
          {"active", s.active},
          {"last_period", s.last_period.empty() ? Json() : Json(s.last_period)},
          {"created_at", internal::TimeJson(s.created_at)}};
}

Json ReportJson(const app::ScheduledReport& r) {
  return {{"id", r.id},
          {"schedule_id", r.schedule_id},
          {"cadence", r.cadence},
          {"period", r.period},
          {"period_label", r.period_label},
          {"scope_label", r.scope_label},
          {"pdf_size", r.pdf_size},
          {"xlsx_size", r.xlsx_size},
          {"generated_at", internal::TimeJson(r.generated_at)}};
}

Schema ScheduleRef(Router& r) {
  return r.Component("ReportSchedule", Obj({{"id", Int()},
                                            {"cadence", Enum(app::ReportCadences())},
                                            {"active", Bool()},
                                            {"last_period", Str().Nullable().Describe("最近生成的统计期")},
                                            {"created_at", DateTime()}}));
}

Schema ReportRef(Router& r) {
  return r.Component("ScheduledReport", Obj({{"id", Int()},
                                             {"schedule_id", Int()},
                                             {"cadence", Enum(app::ReportCadences())},
                                             {"period", Str().Describe("2026-11、2026-Q3 或 2025")},
                                             {"period_label", Str()},
                                             {"scope_label", Str()},
                                             {"pdf_size", Int()},
                                             {"xlsx_size", Int()},
                                             {"generated_at", DateTime()}}));
}

}  // namespace

void RegisterReportSchedulesApi(Dispatcher& d) {
  app::Context& ctx = d.context();
  Router& r = d.router();

  r.Add("GET", "/api/v1/statistics/report-schedules", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto page, internal::PageFromQuery(req));
    IPE_ASSIGN_OR_RETURN(auto result, app::ListReportSchedules(ctx, *req.principal, page));
    return JsonResponse(200, internal::PageJson(result, ScheduleJson));
  }, "本人订阅的定期形势报告 (the caller's report schedules)");
  r.Describe("GET", "/api/v1/statistics/report-schedules", RouteSpec().Query(PageQuery()).Returns(200, PageOf(ScheduleRef(r))));

  r.Add("POST", "/api/v1/statistics/report-schedules", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
    internal::Fields f(body);
    auto cadence = f.String("cadence", true, 20);
    IPE_RETURN_IF_ERROR(f.Finish());
    IPE_ASSIGN_OR_RETURN(auto s, app::CreateReportSchedule(ctx, *req.principal, *cadence));
    return JsonResponse(201, ScheduleJson(s));
  }, "订阅本辖区的定期形势报告（每月、每季度或每年） (subscribe to the situation report of one's scope)");
  r.Describe("POST", "/api/v1/statistics/report-schedules",
             RouteSpec().Body(Obj({{"cadence", Enum(app::ReportCadences())}}).Closed()).Returns(201, ScheduleRef(r)));

  r.Add("POST", "/api/v1/statistics/report-schedules/{id}/disable", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(int64_t id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto s, app::DisableReportSchedule(ctx, *req.principal, id));
    return JsonResponse(200, ScheduleJson(s));
  }, "停止定期形势报告（已生成的报告保留） (stop a schedule; its reports stay)");
  r.Describe("POST", "/api/v1/statistics/report-schedules/{id}/disable", RouteSpec().Returns(200, ScheduleRef(r)));

  r.Add("GET", "/api/v1/statistics/scheduled-reports", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto page, internal::PageFromQuery(req));
    IPE_ASSIGN_OR_RETURN(auto schedule, internal::IntQuery(req, "schedule_id"));
    IPE_ASSIGN_OR_RETURN(auto result, app::ListScheduledReports(ctx, *req.principal, schedule, page));
    return JsonResponse(200, internal::PageJson(result, ReportJson));
  }, "已生成的定期形势报告 (the reports generated for the caller's schedules)");
  r.Describe("GET", "/api/v1/statistics/scheduled-reports",
             RouteSpec()
                 .Query(PageQuery({{"schedule_id", Int(), false, "某一订阅 (one schedule)"}}))
                 .Returns(200, PageOf(ReportRef(r))));

  r.Add("GET", "/api/v1/statistics/scheduled-reports/{id}/file", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(int64_t id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto file, app::ScheduledReportFile(ctx, *req.principal, id, req.Query("format").value_or("pdf")));
    Response resp;
    resp.body = std::move(file.bytes);
    resp.content_type = file.content_type;
    resp.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + file.filename + "\"");
    resp.headers.emplace_back("Cache-Control", "no-store");
    return resp;
  }, "下载定期形势报告 (a stored scheduled report as PDF or XLSX)");
  r.Describe("GET", "/api/v1/statistics/scheduled-reports/{id}/file",
             RouteSpec()
                 .Query({{"format", Enum({{"pdf", "PDF"}, {"xlsx", "Excel"}}), false, "默认 pdf"}})
                 .Returns(200, Str(), "PDF", "application/pdf")
                 .Returns(200, Str(), "XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
}

}  // namespace ipe::http
