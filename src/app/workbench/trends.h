#pragma once
// 工作台 trends (issue 14): the monthly course of a few key figures of the caller's scope over a
// chosen period — cases opened and closed, cases over a criminal threshold, the transfer rate,
// leads and confirmed monitoring hits — read from the statistics rollups (app/statistics), so a
// year of a province costs a few hundred cell rows whatever the number of cases.
//
//   auto t = GetWorkbenchTrends(ctx, who, {.from_month = "2026-01", .to_month = "2026-12"});
//   for (const TrendSeries& s : t->series) plot(s.name_zh, s.points);

#include <optional>
#include <string>
#include <vector>

#include "app/context.h"
#include "app/principal.h"
#include "core/status.h"

namespace ipe::app {

/// The indicators (rules/statistics/indicators.rules keys) the trend chart shows, in order.
/// The figures of the issue that the rollups do not hold month by month (overdue steps, plan
/// completion) stay as KPI cards of their present value.
inline constexpr const char* kTrendIndicators[] = {
    "cases_opened",   "cases_closed",   "cases_over_threshold",  "transfer_rate",
    "leads_received", "hits_confirmed", "complaints_by_subject", "complaint_conversion_rate"};

struct TrendPoint {
  std::string month;             // YYYY-MM
  std::optional<int64_t> value;  // a count, or basis points for a rate (none: nothing to divide by)
};

struct TrendSeries {
  std::string indicator;
  std::string name_zh;
  std::string name_en;
  std::string unit;
  bool rate = false;
  std::vector<TrendPoint> points;  // every month of the period, in order
};

struct Trends {
  std::string from_month;
  std::string to_month;
  std::string scope_label;          // "全国", "广东省", "上海市 · 上海市市场监督管理局"
  std::vector<TrendSeries> series;  // empty for a role without statistics.read (the police)
};

struct TrendsRequest {
  std::string from_month;  // YYYY-MM; default 11 months before `to_month`
  std::string to_month;    // YYYY-MM; default this month (Beijing time)
};

/// The trends of the caller's scope (the scope rules of app/statistics). InvalidArgument with
/// field errors for a month that is not YYYY-MM, an inverted period or one longer than 36 months.
core::Result<Trends> GetWorkbenchTrends(Context& ctx, const Principal& who, const TrendsRequest& request);

}  // namespace ipe::app
