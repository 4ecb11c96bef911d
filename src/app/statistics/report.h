#pragma once
// 形势报告 (issue 18 "Reports and maps"): the situation report of the caller's scope for a month,
// a quarter or a year — the key indicators beside the same period a year earlier, the monthly
// course of cases opened and closed, and the regions beneath the scope ranked by cases opened —
// computed through QueryFigure (the rollups, the scope rules) and written as XLSX with native
// charts here; the PDF is typeset at the HTTP edge (cert::RenderSituationReport) from the same
// data, so both files show the same figures as GET /statistics/figure.
//
//   auto r = BuildSituationReport(ctx, who, "2026-Q1");
//   auto xlsx = SituationReportXlsx(*r);

#include <optional>
#include <string>
#include <vector>

#include "app/context.h"
#include "app/principal.h"
#include "core/status.h"

namespace ipe::app {

/// The indicators of a report, in order (rules/statistics/indicators.rules keys).
inline constexpr const char* kReportIndicators[] = {
    "cases_opened",      "cases_closed",          "cases_penalty",      "amount_involved",
    "fines",             "cases_over_threshold",  "transfers_sent",     "transfer_rate",
    "penalty_instead_alerts", "supervision_actions", "leads_received",   "leads_converted",
    "hits_confirmed",    "complaints_received",   "reports_received",   "goods_seized_value",
    "goods_destroyed_quantity", "disclosures_published"};

struct ReportFigure {
  std::string indicator;
  std::string name_zh;
  std::string unit;
  bool rate = false;
  bool money = false;                 // fen, shown in 元
  std::optional<int64_t> value;       // none: a rate with nothing to divide
  std::optional<int64_t> previous;    // the same period a year earlier; none when not comparable
  bool previous_comparable = true;    // false: the definition was not in force a year earlier
};

struct ReportCount {
  std::string key;    // a month YYYY-MM or a region code
  std::string label;  // "3月", "广东省"
  int64_t value = 0;
};

struct SituationReport {
  std::string period;        // as asked: 2026-03, 2026-Q1, 2026
  std::string period_label;  // 2026年3月, 2026年第一季度, 2026年
  std::string from_month;
  std::string to_month;
  std::string scope_label;
  std::string scope_region;             // the figures' region and agency (the audit row's scope)
  std::optional<int64_t> scope_agency;
  std::string generated_on;  // YYYY-MM-DD (Beijing)
  std::vector<ReportFigure> figures;
  std::vector<ReportCount> opened_by_month;
  std::vector<ReportCount> closed_by_month;
  std::string ranking_level;  // 省份, 地市, 区县, 机构
  std::vector<ReportCount> ranking;  // cases opened by region beneath the scope, largest first
};

/// The report of the caller's scope for `period` (YYYY-MM, YYYY-Qn or YYYY). InvalidArgument
/// (field period) for anything else or a period that has not begun; PermissionDenied without
/// statistics.read.
core::Result<SituationReport> BuildSituationReport(Context& ctx, const Principal& who, const std::string& period);

/// A figure as the report prints it: counts as integers, money in 元 with two decimals, rates as
/// percentages with two decimals, "—" for none.
std::string ReportValueText(const ReportFigure& f, const std::optional<int64_t>& value);
/// The change against the same period a year earlier: "+12.50%", "-3.00%", "—" (nothing to
/// compare, or a rate: its change is in percentage points, "+1.20 个百分点").
std::string ReportChangeText(const ReportFigure& f);

/// The report as a workbook: 主要指标, 月度趋势 (with a native column chart) and 地区排名 (with a
/// bar chart of the ranking).
core::Result<std::string> SituationReportXlsx(const SituationReport& report);

/// Records the download of a report in the audit log (export.statistics_report).
core::Status AuditReportDownload(Context& ctx, const Principal& who, const SituationReport& report,
                                 const std::string& format);

}  // namespace ipe::app
