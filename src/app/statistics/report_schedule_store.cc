// ReportScheduleStore: see report_schedule_store.h.
#include "app/statistics/report_schedule_store.h"

#include "app/crypto.h"
#include "app/internal/list_store.h"

namespace ipe::app {

using storage::Params;
using storage::Row;
using storage::Value;

namespace {

constexpr const char* kScheduleColumns =
    "SELECT s.id, s.user_id, s.cadence, s.active, s.last_period, s.created_at FROM report_schedules s";
constexpr const char* kReportColumns =
    "SELECT r.id, r.schedule_id, s.cadence, r.period, r.period_label, r.scope_label, r.pdf_size, r.xlsx_size, "
    "r.generated_at FROM scheduled_reports r JOIN report_schedules s ON s.id = r.schedule_id";

ReportSchedule ScheduleFromRow(const Row& r) {
  ReportSchedule s;
  s.id = r.Int(0);
  s.user_id = r.Int(1);
  s.cadence = r.Text(2);
  s.active = r.Int(3) != 0;
  s.last_period = r.Text(4);
  s.created_at = core::Timestamp{r.Int(5)};
  return s;
}

ScheduledReport ReportFromRow(const Row& r) {
  ScheduledReport x;
  x.id = r.Int(0);
  x.schedule_id = r.Int(1);
  x.cadence = r.Text(2);
  x.period = r.Text(3);
  x.period_label = r.Text(4);
  x.scope_label = r.Text(5);
  x.pdf_size = r.Int(6);
  x.xlsx_size = r.Int(7);
  x.generated_at = core::Timestamp{r.Int(8)};
  return x;
}

}  // namespace

core::Status ReportScheduleStore::Insert(ReportSchedule& s) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("INSERT INTO report_schedules (user_id, cadence, created_at) "
                                            "VALUES (?, ?, ?) RETURNING id",
                                            {s.user_id, s.cadence, s.created_at.seconds}));
  s.id = rows[0].Int(0);
  s.active = true;
  return core::Status::Ok();
}

core::Result<ReportSchedule> ReportScheduleStore::Load(int64_t id) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(std::string(kScheduleColumns) + " WHERE s.id = ?", {id}));
  if (rows.empty()) return core::NotFound("定期报告不存在: " + std::to_string(id));
  return ScheduleFromRow(rows[0]);
}

core::Result<bool> ReportScheduleStore::HasActive(int64_t user_id, const std::string& cadence) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT 1 FROM report_schedules WHERE user_id = ? AND cadence = ? "
                                            "AND active = 1",
                                            {user_id, cadence}));
  return !rows.empty();
}

core::Result<Page<ReportSchedule>> ReportScheduleStore::ListOf(int64_t user_id, const PageRequest& page) {
  internal::ListQuery list("report_schedules", "s");
  list.Where("s.user_id = ?", user_id);
  return internal::PageOf<ReportSchedule>(tx_, list, page, kScheduleColumns, "s", &ScheduleFromRow);
}

core::Status ReportScheduleStore::Disable(int64_t id, core::Timestamp now) {
  return tx_.Exec("UPDATE report_schedules SET active = 0, disabled_at = ? WHERE id = ?", {now.seconds, id}).status();
}

core::Result<std::vector<ReportSchedule>> ReportScheduleStore::Active() {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(std::string(kScheduleColumns) + " WHERE s.active = 1 ORDER BY s.id"));
  std::vector<ReportSchedule> out;
  for (const Row& r : rows) out.push_back(ScheduleFromRow(r));
  return out;
}

core::Result<bool> ReportScheduleStore::StoreReport(const ReportSchedule& s, const std::string& expected_last,
                                                    const SituationReport& r, const std::string& pdf,
                                                    const std::string& xlsx, core::Timestamp now) {
  IPE_ASSIGN_OR_RETURN(int64_t moved, tx_.Exec("UPDATE report_schedules SET last_period = ? WHERE id = ? AND "
                                               "last_period = ? AND active = 1",
                                               {r.period, s.id, expected_last}));
  if (moved == 0) return false;
  IPE_RETURN_IF_ERROR(tx_.Exec("INSERT INTO scheduled_reports (schedule_id, period, period_label, scope_label, "
                               "pdf_base64, xlsx_base64, pdf_size, xlsx_size, generated_at) "
                               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                               {s.id, r.period, r.period_label, r.scope_label, EncodeBase64(pdf), EncodeBase64(xlsx),
                                static_cast<int64_t>(pdf.size()), static_cast<int64_t>(xlsx.size()), now.seconds})
                          .status());
  return true;
}

core::Result<Page<ScheduledReport>> ReportScheduleStore::Reports(int64_t user_id, std::optional<int64_t> schedule_id,
                                                                 const PageRequest& page) {
  internal::ListQuery list("scheduled_reports", "r");
  list.Where("r.schedule_id IN (SELECT o.id FROM report_schedules o WHERE o.user_id = ?)", user_id);
  if (schedule_id) list.Where("r.schedule_id = ?", *schedule_id);
  return internal::PageOf<ScheduledReport>(tx_, list, page, kReportColumns, "r", &ReportFromRow);
}

core::Result<std::pair<ScheduledReport, std::string>> ReportScheduleStore::ReportFileOf(int64_t user_id, int64_t id,
                                                                                        const std::string& format) {
  const std::string column = format == "xlsx" ? "r.xlsx_base64" : "r.pdf_base64";
  IPE_ASSIGN_OR_RETURN(auto rows,
                       tx_.Query("SELECT r.id, r.schedule_id, s.cadence, r.period, r.period_label, r.scope_label, "
                                 "r.pdf_size, r.xlsx_size, r.generated_at, " + column +
                                     " FROM scheduled_reports r JOIN report_schedules s ON s.id = r.schedule_id "
                                     "WHERE r.id = ? AND s.user_id = ?",
                                 {id, user_id}));
  if (rows.empty()) return core::NotFound("定期报告不存在: " + std::to_string(id));
  return std::make_pair(ReportFromRow(rows[0]), rows[0].Text(9));
}

}  // namespace ipe::app
