// 定期形势报告 use cases and the scheduler (report_schedule.h).
#include "app/statistics/report_schedule.h"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "app/accounts/accounts_store.h"
#include "app/accounts/audit.h"
#include "app/crypto.h"
#include "app/permissions.h"
#include "app/statistics/report_schedule_store.h"

namespace ipe::app {

namespace {

core::Status RequireOwnSchedule(const ReportSchedule& s, const Principal& who) {
  if (s.user_id != who.user_id) return core::NotFound("定期报告不存在: " + std::to_string(s.id));
  return core::Status::Ok();
}

}  // namespace

const std::vector<CodeLabel>& ReportCadences() {
  static const std::vector<CodeLabel> kCadences = {{"month", "每月"}, {"quarter", "每季度"}, {"year", "每年"}};
  return kCadences;
}

std::string LatestEndedPeriod(const std::string& cadence, core::Date today) {
  int year = 0;
  unsigned month = 0, day = 0;
  today.ToCivil(year, month, day);
  char buf[32];
  if (cadence == "year") {
    std::snprintf(buf, sizeof buf, "%04d", year - 1);
  } else if (cadence == "quarter") {
    int q = static_cast<int>((month - 1) / 3);  // the quarter before the current one, 0 = Q4 of last year
    if (q == 0) std::snprintf(buf, sizeof buf, "%04d-Q4", year - 1);
    else std::snprintf(buf, sizeof buf, "%04d-Q%d", year, q);
  } else {
    if (month == 1) std::snprintf(buf, sizeof buf, "%04d-12", year - 1);
    else std::snprintf(buf, sizeof buf, "%04d-%02u", year, month - 1);
  }
  return buf;
}

core::Result<ReportSchedule> CreateReportSchedule(Context& ctx, const Principal& who, const std::string& cadence) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kStatisticsRead, "订阅定期形势报告"));
  if (!LabelOf(ReportCadences(), cadence)) {
    return core::Status(core::InvalidArgument("报告周期有误 (invalid cadence)"))
        .AddFieldError("cadence", "应为 month（每月）、quarter（每季度）或 year（每年）");
  }
  if (who.is_system() || who.user_id == 0) return core::FailedPrecondition("系统账户不能订阅报告 (no user)");
  const core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  ReportScheduleStore store(*tx);
  IPE_ASSIGN_OR_RETURN(bool exists, store.HasActive(who.user_id, cadence));
  if (exists) return core::AlreadyExists("已订阅" + LabelOrCode(ReportCadences(), cadence) + "的形势报告");
  ReportSchedule s;
  s.user_id = who.user_id;
  s.cadence = cadence;
  s.created_at = now;
  IPE_RETURN_IF_ERROR(store.Insert(s));
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  {"report_schedule.create", "report_schedule", std::to_string(s.id),
                                   "订阅" + LabelOrCode(ReportCadences(), cadence) + "形势报告", std::nullopt,
                                   nlohmann::json{{"cadence", cadence}}.dump()}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return s;
}

core::Result<Page<ReportSchedule>> ListReportSchedules(Context& ctx, const Principal& who, const PageRequest& page) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kStatisticsRead, "查看定期形势报告"));
  IPE_RETURN_IF_ERROR(page.Validate());
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  return ReportScheduleStore(*tx).ListOf(who.user_id, page);
}

core::Result<ReportSchedule> DisableReportSchedule(Context& ctx, const Principal& who, int64_t id) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kStatisticsRead, "停止定期形势报告"));
  const core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  ReportScheduleStore store(*tx);
  IPE_ASSIGN_OR_RETURN(ReportSchedule s, store.Load(id));
  IPE_RETURN_IF_ERROR(RequireOwnSchedule(s, who));
  if (!s.active) return core::FailedPrecondition("该定期报告已停止");
  IPE_RETURN_IF_ERROR(store.Disable(id, now));
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  {"report_schedule.disable", "report_schedule", std::to_string(id),
                                   "停止" + LabelOrCode(ReportCadences(), s.cadence) + "形势报告",
                                   nlohmann::json{{"active", true}}.dump(), nlohmann::json{{"active", false}}.dump()}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  s.active = false;
  return s;
}

core::Result<Page<ScheduledReport>> ListScheduledReports(Context& ctx, const Principal& who,
                                                         std::optional<int64_t> schedule_id, const PageRequest& page) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kStatisticsRead, "查看定期形势报告"));
  IPE_RETURN_IF_ERROR(page.Validate());
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  return ReportScheduleStore(*tx).Reports(who.user_id, schedule_id, page);
}

core::Result<ReportFile> ScheduledReportFile(Context& ctx, const Principal& who, int64_t id, const std::string& format) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kStatisticsRead, "下载定期形势报告"));
  if (format != "pdf" && format != "xlsx") {
    return core::Status(core::InvalidArgument("报告格式应为 pdf 或 xlsx (bad format)")).AddFieldError("format", "pdf 或 xlsx");
  }
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  IPE_ASSIGN_OR_RETURN(auto found, ReportScheduleStore(*tx).ReportFileOf(who.user_id, id, format));
  auto bytes = DecodeBase64(found.second);
  if (!bytes) return core::Internal("定期报告文件已损坏: " + std::to_string(id));
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, ctx.Now(),
                                  {"export.scheduled_report", "scheduled_report", std::to_string(id),
                                   "下载定期形势报告（" + format + "）：" + found.first.period_label + "，" +
                                       found.first.scope_label,
                                   std::nullopt, std::nullopt}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  ReportFile f;
  f.filename = "situation-report-" + found.first.period + "." + format;
  f.content_type = format == "pdf" ? "application/pdf"
                                   : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  f.bytes = std::move(*bytes);
  return f;
}

// ---- the scheduler ----

ReportScheduler::ReportScheduler(Context& ctx, ReportPdfRenderer pdf, ReportSchedulerOptions options)
    : ctx_(ctx), pdf_(std::move(pdf)), options_(options) {}

ReportScheduler::~ReportScheduler() { Stop(); }

void ReportScheduler::Start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] {
    std::unique_lock<std::mutex> lock(mu_);
    while (!stop_) {
      lock.unlock();
      auto done = RunOnce();
      if (!done) std::fprintf(stderr, "ipenforce: 定期报告生成失败 (scheduled report): %s\n", done.error().ToString().c_str());
      lock.lock();
      cv_.wait_for(lock, std::chrono::seconds(options_.poll_seconds), [this] { return stop_; });
    }
  });
}

void ReportScheduler::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

core::Result<int> ReportScheduler::RunOnce() {
  const core::Date today = core::LocalDate(ctx_.Now());
  std::vector<ReportSchedule> schedules;
  {
    IPE_ASSIGN_OR_RETURN(auto tx, ctx_.db().Begin(storage::TxMode::kRead));
    IPE_ASSIGN_OR_RETURN(schedules, ReportScheduleStore(*tx).Active());
  }
  int stored = 0;
  for (const ReportSchedule& s : schedules) {
    const std::string due = LatestEndedPeriod(s.cadence, today);
    if (s.last_period == due) continue;
    std::optional<Principal> owner;
    {
      IPE_ASSIGN_OR_RETURN(auto tx, ctx_.db().Begin(storage::TxMode::kRead));
      IPE_ASSIGN_OR_RETURN(std::optional<User> user, AccountsStore(*tx).FindUser(s.user_id));
      if (user && user->active) owner = PrincipalFromUser(*user);
    }
    if (!owner) continue;  // a disabled account gets no report
    // Built outside the storing transaction (the figures are read transactions of their own); a
    // server that loses the race below has done the work for nothing, never stored it twice.
    IPE_ASSIGN_OR_RETURN(SituationReport report, BuildSituationReport(ctx_, *owner, due));
    IPE_ASSIGN_OR_RETURN(std::string pdf, pdf_(report));
    IPE_ASSIGN_OR_RETURN(std::string xlsx, SituationReportXlsx(report));
    const core::Timestamp now = ctx_.Now();
    IPE_ASSIGN_OR_RETURN(auto tx, ctx_.db().Begin(storage::TxMode::kWrite));
    IPE_ASSIGN_OR_RETURN(bool mine, ReportScheduleStore(*tx).StoreReport(s, s.last_period, report, pdf, xlsx, now));
    if (!mine) continue;
    IPE_RETURN_IF_ERROR(AppendAudit(*tx, Principal::System(), now,
                                    {"report_schedule.generate", "report_schedule", std::to_string(s.id),
                                     "生成定期形势报告：" + report.period_label + "，" + report.scope_label,
                                     std::nullopt, nlohmann::json{{"period", report.period}}.dump(),
                                     AuditScopeOf(report.scope_region, report.scope_agency)}));
    IPE_RETURN_IF_ERROR(tx->Commit());
    ++stored;
  }
  return stored;
}

}  // namespace ipe::app
