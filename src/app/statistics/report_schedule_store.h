#pragma once
// ReportScheduleStore: all SQL of the scheduled situation reports (report_schedules,
// scheduled_reports; migration 1241). app/statistics/report_schedule.h has the rules.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/context.h"
#include "app/statistics/report_schedule.h"
#include "core/status.h"
#include "storage/db.h"

namespace ipe::app {

class ReportScheduleStore {
 public:
  explicit ReportScheduleStore(storage::Tx& tx) : tx_(tx) {}

  core::Status Insert(ReportSchedule& s);
  /// The schedule, or NotFound.
  core::Result<ReportSchedule> Load(int64_t id);
  core::Result<bool> HasActive(int64_t user_id, const std::string& cadence);
  core::Result<Page<ReportSchedule>> ListOf(int64_t user_id, const PageRequest& page);
  core::Status Disable(int64_t id, core::Timestamp now);
  /// Every active schedule (the scheduler decides which are due).
  core::Result<std::vector<ReportSchedule>> Active();

  /// Stores a report and moves the schedule's last_period from `expected_last` to its period;
  /// false (nothing stored) when another server moved it first.
  core::Result<bool> StoreReport(const ReportSchedule& s, const std::string& expected_last, const SituationReport& r,
                                 const std::string& pdf, const std::string& xlsx, core::Timestamp now);
  core::Result<Page<ScheduledReport>> Reports(int64_t user_id, std::optional<int64_t> schedule_id,
                                              const PageRequest& page);
  /// The report of a user's schedule with the base64 of `format`'s file, or NotFound.
  core::Result<std::pair<ScheduledReport, std::string>> ReportFileOf(int64_t user_id, int64_t id,
                                                                     const std::string& format);

 private:
  storage::Tx& tx_;
};

}  // namespace ipe::app
