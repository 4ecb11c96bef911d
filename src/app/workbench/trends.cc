// 工作台 trends (trends.h): one monthly figure per indicator through app::QueryFigure, with the
// months that hold no cell filled in (0 for a count, none for a rate: nothing to divide).
#include "app/workbench/trends.h"

#include <map>

#include "app/permissions.h"
#include "app/statistics/statistics.h"
#include "statistics/indicators.h"

namespace ipe::app {

namespace {

// A period the chart can still show month by month.
constexpr int kMaxTrendMonths = 36;

}  // namespace

core::Result<Trends> GetWorkbenchTrends(Context& ctx, const Principal& who, const TrendsRequest& request) {
  core::Status st = core::InvalidArgument("统计期间有误 (invalid period)");
  std::optional<int> to = statistics::MonthIndex(core::LocalDate(ctx.Now()).ToString().substr(0, 7));
  if (!request.to_month.empty()) {
    to = statistics::MonthIndex(request.to_month);
    if (!to) st.AddFieldError("to", "月份格式应为 YYYY-MM");
  }
  std::optional<int> from = to ? std::optional<int>(*to - 11) : std::nullopt;
  if (!request.from_month.empty()) {
    from = statistics::MonthIndex(request.from_month);
    if (!from) st.AddFieldError("from", "月份格式应为 YYYY-MM");
  }
  if (from && to && *from > *to) st.AddFieldError("from", "起始月份不能晚于截止月份");
  if (from && to && *to - *from + 1 > kMaxTrendMonths) {
    st.AddFieldError("from", "趋势最长 " + std::to_string(kMaxTrendMonths) + " 个月");
  }
  if (!st.field_errors().empty() || !from || !to) return st;  // both are set when nothing is wrong

  Trends out;
  out.from_month = statistics::MonthText(*from);
  out.to_month = statistics::MonthText(*to);
  if (!Can(who, Capability::kStatisticsRead)) return out;  // the police: KPI cards only

  const statistics::IndicatorSet& set = statistics::DefaultIndicators();
  for (const char* key : kTrendIndicators) {
    const statistics::Indicator* ind = set.Find(key);
    if (!ind) return core::Internal(std::string("indicator missing from the set: ") + key);
    FigureQuery q;
    q.request = {key, out.from_month, out.to_month, "month", {}};
    IPE_ASSIGN_OR_RETURN(Figure figure, QueryFigure(ctx, who, q));
    std::map<std::string, std::optional<int64_t>> by_month;
    for (const LabelledRow& r : figure.rows) by_month[r.row.key] = r.row.value;
    TrendSeries series{key, ind->name_zh, ind->name_en, ind->unit, ind->IsRate(), {}};
    for (int m = *from; m <= *to; ++m) {
      std::string month = statistics::MonthText(m);
      auto it = by_month.find(month);
      std::optional<int64_t> value = it != by_month.end() ? it->second
                                     : ind->IsRate()      ? std::nullopt
                                                          : std::optional<int64_t>(0);
      series.points.push_back({month, value});
    }
    out.scope_label = figure.scope_label;
    out.series.push_back(std::move(series));
  }
  return out;
}

}  // namespace ipe::app
