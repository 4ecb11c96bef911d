// 侵权假冒高发地区 (high_incidence.h): yearly figures by province through QueryFigure, the rule
// applied by statistics::FindCandidates.
#include "app/statistics/high_incidence.h"

#include "app/permissions.h"
#include "app/statistics/statistics.h"
#include "core/region.h"

namespace ipe::app {

core::Result<HighIncidence> FindHighIncidence(Context& ctx, const Principal& who, int year,
                                              const std::string& rule_key) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kStatisticsRead, "查看高发地区"));
  if (who.region_code != core::kNationalRegionCode) {
    return core::PermissionDenied("高发地区须比较全国各省份的数字，仅全国范围的用户可以查看 (national viewers only)");
  }
  const statistics::HighIncidenceRules& rules = statistics::DefaultHighIncidenceRules();
  const statistics::HighIncidenceRule* rule = rules.Find(rule_key);
  const int this_year = core::LocalDate(ctx.Now()).Year();
  core::Status st = core::InvalidArgument("高发地区查询参数有误 (invalid query)");
  if (!rule) st.AddFieldError("rule", "没有这个识别规则");
  if (year < 2000 || year > this_year) st.AddFieldError("year", "年度应在 2000 至 " + std::to_string(this_year) + " 之间");
  if (!st.field_errors().empty()) return st;

  HighIncidence out;
  statistics::YearlyFigures figures;
  for (int y : statistics::YearsRead(*rule, year)) {
    FigureQuery q;
    q.request = {rule->indicator, std::to_string(y) + "-01", std::to_string(y) + "-12", "province", {}};
    auto f = QueryFigure(ctx, who, q);
    if (!f.has_value()) {
      // A year the indicator was not defined for counts nothing rather than failing the query.
      if (f.error().code() == core::StatusCode::kInvalidArgument) continue;
      return f.error();
    }
    for (const LabelledRow& r : f->rows) figures[y][r.row.key] = r.row.value.value_or(0);
    out.scope_label = f->scope_label;
  }
  out.year = year;
  out.rule = rule;
  const statistics::Population& population = statistics::DefaultPopulation();
  out.population_source = population.source;
  out.population_confidence = population.confidence;
  for (statistics::Candidate& c : statistics::FindCandidates(*rule, population, figures, year)) {
    const core::Region* r = core::Regions().Find(c.region);
    std::string name = r ? r->name : c.region;
    out.candidates.push_back({std::move(c), std::move(name)});
  }
  return out;
}

}  // namespace ipe::app
