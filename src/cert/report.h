#pragma once
// Situation reports (形势报告, issue 18) as PDF: the key figures of a scope and period beside the
// same period a year earlier, the monthly course of cases opened as columns and the ranking of
// the regions beneath the scope as bars — typeset with Pango on Cairo like the certificates. The
// figures come in as text and numbers already computed (app/statistics/report.h); nothing is
// read here.
//
//   SituationReportDoc doc{.title = "2026年第一季度知识产权执法形势报告", …};
//   auto pdf = RenderSituationReport(doc);   // bytes starting "%PDF-"

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"

namespace ipe::cert {

struct ReportTableRow {
  std::string name;      // 立案数（件）
  std::string value;     // this period, formatted
  std::string previous;  // the same period a year earlier ("—" when not comparable)
  std::string change;    // "+12.5%", "—"
};

struct ReportBar {
  std::string label;
  int64_t value = 0;
};

struct SituationReportDoc {
  std::string title;
  std::string scope;         // 统计范围：广东省
  std::string period;        // 2026-01 至 2026-03
  std::string generated_on;  // YYYY-MM-DD
  std::vector<ReportTableRow> indicators;
  std::string trend_title;
  std::vector<ReportBar> trend;  // one column per month
  std::string ranking_title;
  std::vector<ReportBar> ranking;  // one bar per region, largest first
  std::string note;                // sources and definitions, at the end
};

/// The report as PDF (A4 portrait, more pages when the table is long). Internal when Cairo fails.
core::Result<std::string> RenderSituationReport(const SituationReportDoc& doc);

}  // namespace ipe::cert
