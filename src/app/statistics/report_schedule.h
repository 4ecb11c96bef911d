#pragma once
// 定期形势报告 (issue 18: situation reports "generated on demand and on a schedule"): a user with
// statistics.read asks for the report of their own scope every month, quarter or year; after each
// period ends, the scheduler of every server (ReportScheduler, one thread each) builds it as that
// user — the same BuildSituationReport the download uses, so the same figures — and stores its PDF
// and XLSX once: the schedule's last_period moves conditionally in the storing transaction, so
// two servers never store one period twice. docs/statistics.md "Scheduled reports".
//
//   auto s = CreateReportSchedule(ctx, officer, "month");
//   ReportScheduler scheduler(ctx, pdf_renderer, {});   // in `serve`
//   scheduler.Start();

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "app/code_label.h"
#include "app/context.h"
#include "app/principal.h"
#include "app/statistics/report.h"
#include "core/status.h"
#include "core/time.h"

namespace ipe::app {

struct ReportSchedule {
  int64_t id = 0;
  int64_t user_id = 0;
  std::string cadence;  // month, quarter, year
  bool active = true;
  std::string last_period;  // "" before the first report
  core::Timestamp created_at;
};

struct ScheduledReport {
  int64_t id = 0;
  int64_t schedule_id = 0;
  std::string cadence;
  std::string period;
  std::string period_label;
  std::string scope_label;
  int64_t pdf_size = 0;
  int64_t xlsx_size = 0;
  core::Timestamp generated_at;
};

/// The code → zh-CN names of the cadences.
const std::vector<CodeLabel>& ReportCadences();

/// The latest period of `cadence` that has ended on `today` (Beijing): the previous month
/// ("2026-11" on 2026-12-07), quarter ("2026-Q3") or year ("2025").
std::string LatestEndedPeriod(const std::string& cadence, core::Date today);

/// A schedule of the caller's own reports, audited report_schedule.create. InvalidArgument (cadence);
/// PermissionDenied without statistics.read; AlreadyExists when the caller has an active one of
/// that cadence.
core::Result<ReportSchedule> CreateReportSchedule(Context& ctx, const Principal& who, const std::string& cadence);
/// The caller's schedules, newest first.
core::Result<Page<ReportSchedule>> ListReportSchedules(Context& ctx, const Principal& who, const PageRequest& page);
/// Stops a schedule of the caller (its reports stay), audited report_schedule.disable. NotFound for
/// another user's; FailedPrecondition when stopped already.
core::Result<ReportSchedule> DisableReportSchedule(Context& ctx, const Principal& who, int64_t id);

/// The reports generated for the caller's schedules (of one when given), newest first.
core::Result<Page<ScheduledReport>> ListScheduledReports(Context& ctx, const Principal& who,
                                                         std::optional<int64_t> schedule_id, const PageRequest& page);
/// One report's file ("pdf" or "xlsx"), audited export.scheduled_report. NotFound for another
/// user's; InvalidArgument (format).
struct ReportFile {
  std::string filename;
  std::string content_type;
  std::string bytes;
};
core::Result<ReportFile> ScheduledReportFile(Context& ctx, const Principal& who, int64_t id, const std::string& format);

/// Typesets a report as PDF (cert::RenderSituationReport at the HTTP edge; app does not typeset).
using ReportPdfRenderer = std::function<core::Result<std::string>(const SituationReport&)>;

struct ReportSchedulerOptions {
  int poll_seconds = 600;  // how often due schedules are looked for (an operating choice)
};

class ReportScheduler {
 public:
  ReportScheduler(Context& ctx, ReportPdfRenderer pdf, ReportSchedulerOptions options);
  ~ReportScheduler();
  ReportScheduler(const ReportScheduler&) = delete;  // owns a thread
  ReportScheduler& operator=(const ReportScheduler&) = delete;

  void Start();
  /// Finishes the current pass and joins the thread. Idempotent.
  void Stop();

  /// One pass: every active schedule whose latest ended period is not generated yet gets it (a
  /// disabled account's schedules are passed over). Returns the number of reports stored here.
  core::Result<int> RunOnce();

 private:
  Context& ctx_;
  const ReportPdfRenderer pdf_;
  const ReportSchedulerOptions options_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;  // GUARDED_BY(mu_)
  std::thread thread_;
};

}  // namespace ipe::app
