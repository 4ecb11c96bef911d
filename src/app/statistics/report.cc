// 形势报告 (report.h): figures through QueryFigure, one per indicator and period, so the report
// says what GET /statistics/figure says for the same scope and months.
#include "app/statistics/report.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "app/accounts/audit.h"
#include "app/permissions.h"
#include "app/statistics/statistics.h"
#include "sheet/sheet.h"
#include "statistics/indicators.h"

namespace ipe::app {

namespace {

constexpr const char* kQuarterNames[] = {"一", "二", "三", "四"};
constexpr size_t kRankingRows = 15;

struct Period {
  std::string from;
  std::string to;
  std::string label;
};

// "2026-03" | "2026-Q1" | "2026" → months and the label; nullopt for anything else.
std::optional<Period> ParsePeriod(const std::string& text) {
  auto year_of = [](std::string_view y) -> std::optional<int> {
    auto m = statistics::MonthIndex(std::string(y) + "-01");
    if (!m) return std::nullopt;
    return *m / 12;
  };
  if (text.size() == 4) {
    auto y = year_of(text);
    if (!y) return std::nullopt;
    return Period{text + "-01", text + "-12", text + "年"};
  }
  if (text.size() == 7 && text[4] == '-' && text[5] == 'Q' && text[6] >= '1' && text[6] <= '4') {
    if (!year_of(text.substr(0, 4))) return std::nullopt;
    int q = text[6] - '1';
    int first = statistics::MonthIndex(text.substr(0, 4) + "-01").value() + q * 3;
    return Period{statistics::MonthText(first), statistics::MonthText(first + 2),
                  text.substr(0, 4) + "年第" + kQuarterNames[q] + "季度"};
  }
  if (auto m = statistics::MonthIndex(text)) {
    return Period{text, text, text.substr(0, 4) + "年" + std::to_string(*m % 12 + 1) + "月"};
  }
  return std::nullopt;
}

std::string YearEarlier(const std::string& month) {
  return statistics::MonthText(statistics::MonthIndex(month).value() - 12);
}

// Two decimals of an integer in hundredths: 123456 → "1234.56", -5 → "-0.05".
std::string Hundredths(int64_t v) {
  char text[40];
  std::snprintf(text, sizeof text, "%s%lld.%02lld", v < 0 ? "-" : "", static_cast<long long>(std::llabs(v) / 100),
                static_cast<long long>(std::llabs(v) % 100));
  return text;
}

// The level beneath a scope's region, for the ranking: its group and name.
std::pair<std::string, std::string> LevelBeneath(const std::string& region) {
  if (region == "000000") return {"province", "省份"};
  if (region.substr(2) == "0000") return {"prefecture", "地市"};
  if (region.substr(4) == "00") return {"county", "区县"};
  return {"", ""};
}

}  // namespace

std::string ReportValueText(const ReportFigure& f, const std::optional<int64_t>& value) {
  if (!value) return "—";
  if (f.rate) return Hundredths(*value) + "%";
  if (f.money) return Hundredths(*value);
  return std::to_string(*value);
}

std::string ReportChangeText(const ReportFigure& f) {
  if (!f.value || !f.previous || !f.previous_comparable) return "—";
  if (f.rate) {
    int64_t points = *f.value - *f.previous;  // basis points
    return std::string(points >= 0 ? "+" : "") + Hundredths(points) + " 个百分点";
  }
  if (*f.previous == 0) return "—";
  // Hundredths of a percent, rounded half away from zero, in integers.
  int64_t diff = (*f.value - *f.previous) * 10000;
  int64_t bp = (diff + (diff >= 0 ? *f.previous / 2 : -*f.previous / 2)) / *f.previous;
  return std::string(bp >= 0 ? "+" : "") + Hundredths(bp) + "%";
}

core::Result<SituationReport> BuildSituationReport(Context& ctx, const Principal& who, const std::string& period) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kStatisticsRead, "查看形势报告"));
  auto p = ParsePeriod(period);
  const std::string today = core::LocalDate(ctx.Now()).ToString();
  if (!p || p->from > today.substr(0, 7)) {
    return core::Status(core::InvalidArgument("报告期间有误 (invalid period)"))
        .AddFieldError("period", p ? "该期间尚未开始" : "应为 2026-03（月）、2026-Q1（季度）或 2026（年）");
  }
  SituationReport r;
  r.period = period;
  r.period_label = p->label;
  r.from_month = p->from;
  r.to_month = p->to;
  r.generated_on = today;
  const statistics::IndicatorSet& set = statistics::DefaultIndicators();
  std::string scope_region = "000000";
  for (const char* key : kReportIndicators) {
    const statistics::Indicator* ind = set.Find(key);
    if (!ind) return core::Internal(std::string("indicator missing from the set: ") + key);
    FigureQuery q;
    q.request = {key, p->from, p->to, "none", {}};
    auto now = QueryFigure(ctx, who, q);
    if (!now.has_value()) {
      // A definition not in force for the period is left out, not shown as 0.
      if (now.error().code() == core::StatusCode::kInvalidArgument) continue;
      return now.error();
    }
    ReportFigure f{key, ind->name_zh, ind->unit, ind->IsRate(), ind->unit == "元", now->total.value, {}, true};
    q.request.from_month = YearEarlier(p->from);
    q.request.to_month = YearEarlier(p->to);
    auto before = QueryFigure(ctx, who, q);
    if (before.has_value()) {
      f.previous = before->total.value;
    } else if (before.error().code() == core::StatusCode::kInvalidArgument) {
      f.previous_comparable = false;
    } else {
      return before.error();
    }
    r.scope_label = now->scope_label;
    r.scope_region = now->scope.region;
    r.scope_agency = now->scope.agency;
    scope_region = now->scope.region;
    r.figures.push_back(std::move(f));
  }
  // The months of the period, every one present.
  for (auto [key, out] : {std::pair{"cases_opened", &r.opened_by_month}, std::pair{"cases_closed", &r.closed_by_month}}) {
    FigureQuery q;
    q.request = {key, p->from, p->to, "month", {}};
    IPE_ASSIGN_OR_RETURN(Figure f, QueryFigure(ctx, who, q));
    for (int m = *statistics::MonthIndex(p->from); m <= *statistics::MonthIndex(p->to); ++m) {
      std::string month = statistics::MonthText(m);
      int64_t value = 0;
      for (const LabelledRow& row : f.rows) {
        if (row.row.key == month) value = row.row.value.value_or(0);
      }
      out->push_back({month, std::to_string(m % 12 + 1) + "月", value});
    }
  }
  auto [group, level] = LevelBeneath(scope_region);
  if (!group.empty()) {
    FigureQuery q;
    q.request = {"cases_opened", p->from, p->to, group, {}};
    IPE_ASSIGN_OR_RETURN(Figure f, QueryFigure(ctx, who, q));
    for (const LabelledRow& row : f.rows) {
      if (row.row.value.value_or(0) > 0) r.ranking.push_back({row.row.key, row.label, *row.row.value});
    }
    std::stable_sort(r.ranking.begin(), r.ranking.end(),
                     [](const ReportCount& a, const ReportCount& b) { return a.value > b.value; });
    if (r.ranking.size() > kRankingRows) r.ranking.resize(kRankingRows);
    r.ranking_level = level;
  }
  return r;
}

core::Result<std::string> SituationReportXlsx(const SituationReport& report) {
  sheet::Sheet figures{.name = "主要指标"};
  figures.rows.push_back({sheet::Cell::Text("指标"), sheet::Cell::Text("单位"), sheet::Cell::Text("本期"),
                          sheet::Cell::Text("上年同期"), sheet::Cell::Text("同比")});
  auto number = [](const ReportFigure& f, const std::optional<int64_t>& v) {
    if (!v) return sheet::Cell::Text("—");
    // Money in 元 and rates in percent: the same two decimals as the PDF.
    if (f.money || f.rate) return sheet::Cell::Number(static_cast<double>(*v) / 100.0);
    return sheet::Cell::Number(static_cast<double>(*v));
  };
  for (const ReportFigure& f : report.figures) {
    figures.rows.push_back({sheet::Cell::Text(f.name_zh), sheet::Cell::Text(f.unit), number(f, f.value),
                            f.previous_comparable ? number(f, f.previous) : sheet::Cell::Text("—"),
                            sheet::Cell::Text(ReportChangeText(f))});
  }
  figures.rows.push_back({});
  figures.rows.push_back({sheet::Cell::Text(report.period_label + "，" + report.from_month + " 至 " + report.to_month +
                                            "，" + report.scope_label + "；生成日期 " + report.generated_on)});
  figures.column_widths = {30, 14, 14, 14, 18};

  sheet::Sheet months{.name = "月度趋势"};
  months.rows.push_back({sheet::Cell::Text("月份"), sheet::Cell::Text("立案数"), sheet::Cell::Text("结案数")});
  for (size_t i = 0; i < report.opened_by_month.size(); ++i) {
    months.rows.push_back({sheet::Cell::Text(report.opened_by_month[i].key),
                           sheet::Cell::Number(static_cast<double>(report.opened_by_month[i].value)),
                           sheet::Cell::Number(static_cast<double>(report.closed_by_month[i].value))});
  }
  const int64_t n = static_cast<int64_t>(report.opened_by_month.size());
  months.charts.push_back({sheet::ChartKind::kColumn, "立案与结案（按月）", 1, n, 0, {{"立案数", 1}, {"结案数", 2}}, 1, 4});
  months.column_widths = {12, 12, 12};
  std::vector<sheet::Sheet> sheets = {std::move(figures), std::move(months)};

  if (!report.ranking.empty()) {
    sheet::Sheet ranking{.name = "地区排名"};
    ranking.rows.push_back({sheet::Cell::Text(report.ranking_level), sheet::Cell::Text("代码"),
                            sheet::Cell::Text("立案数")});
    for (const ReportCount& c : report.ranking) {
      ranking.rows.push_back({sheet::Cell::Text(c.label), sheet::Cell::Text(c.key),
                              sheet::Cell::Number(static_cast<double>(c.value))});
    }
    const int64_t rows = static_cast<int64_t>(report.ranking.size());
    ranking.charts.push_back({sheet::ChartKind::kColumn, "立案数（按" + report.ranking_level + "）", 1, rows, 0,
                              {{"立案数", 2}}, 1, 4});
    ranking.column_widths = {16, 10, 12};
    sheets.push_back(std::move(ranking));
  }
  return sheet::WriteXlsx(sheets);
}

core::Status AuditReportDownload(Context& ctx, const Principal& who, const SituationReport& report,
                                 const std::string& format) {
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, ctx.Now(),
                                  {"export.statistics_report", "statistics", report.period,
                                   "下载形势报告（" + format + "）：" + report.period_label + "，" + report.scope_label,
                                   std::nullopt, std::nullopt, AuditScopeOf(report.scope_region, report.scope_agency)}));
  return tx->Commit();
}

}  // namespace ipe::app
