// The 工作台's SQL. See workbench_store.h.
#include "app/workbench/workbench_store.h"

#include "app/internal/list_store.h"

namespace ipe::app {

using storage::Params;

namespace {

// The scope as a condition on case_counts aliased `c` (the same columns as cases: region and
// agency equalities served by case_counts_province / _prefecture / _region).
std::string CountsScope(const CaseScope& scope, Params& params) {
  std::string sql = "1 = 1";
  if (auto r = internal::RegionEquality("c", scope.region)) {
    sql = r->first + " = ?";
    params.emplace_back(r->second);
  }
  if (scope.agency) {
    sql += " AND c.agency_id = ?";
    params.emplace_back(*scope.agency);
  }
  return sql;
}

}  // namespace

core::Result<CaseFigures> WorkbenchStore::CaseFiguresOf(const CaseScope& scope) {
  Params params;
  bool nationwide = !internal::RegionEquality("c", scope.region) && !scope.agency;
  std::string sql = nationwide
                        ? std::string(
                              "SELECT c.status, c.threshold_met, sum(c.n) FROM case_totals c "
                              "GROUP BY c.status, c.threshold_met")
                        : "SELECT c.status, c.threshold_met, sum(c.n) FROM case_counts c WHERE " +
                              CountsScope(scope, params) + " GROUP BY c.status, c.threshold_met";
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(sql, params));
  CaseFigures f;
  for (const storage::Row& r : rows) {
    int64_t n = r.Int(2);
    if (r.Text(0) == "closed") {
      f.closed += n;
    } else {
      f.open += n;
    }
    if (r.Int(1) != 0) f.over_threshold += n;
  }
  return f;
}

core::Result<int64_t> WorkbenchStore::CountTransfers(const CaseScope& scope,
                                                     const std::vector<std::string>& statuses) {
  if (statuses.empty()) return int64_t{0};
  Params params;
  std::string where = CaseScopeCondition(scope, params);
  where += " AND t.status IN (" + internal::Placeholders(statuses.size()) + ")";
  for (const std::string& s : statuses) params.emplace_back(s);
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT count(*) FROM transfers t JOIN cases c ON "
                                            "c.id = t.case_id WHERE " +
                                                where,
                                            params));
  return rows[0].Int(0);
}

core::Result<std::vector<RegionCount>> WorkbenchStore::CasesByChildRegion(
    const std::string& region, std::optional<int64_t> agency) {
  Params params;
  std::string column;
  std::string where = "1 = 1";
  if (region == "000000") {
    column = "c.province_code";
  } else if (region.substr(2) == "0000") {
    // The four municipalities' maps show districts (their prefecture is one "市辖区" row).
    bool municipality =
        region == "110000" || region == "120000" || region == "310000" || region == "500000";
    column = municipality ? "c.region_code" : "c.prefecture_code";
    where = "c.province_code = ?";
    params.emplace_back(region);
  } else {
    column = "c.region_code";
    where = "c.prefecture_code = ?";
    params.emplace_back(internal::PrefectureOf(region));
  }
  if (agency) {
    where += " AND c.agency_id = ?";
    params.emplace_back(*agency);
  }
  IPE_ASSIGN_OR_RETURN(auto rows,
                       tx_.Query("SELECT " + column +
                                     ", sum(c.n), sum(CASE WHEN c.threshold_met <> 0 "
                                     "THEN c.n ELSE 0 END) FROM case_counts c WHERE " +
                                     where + " GROUP BY " + column + " ORDER BY " + column,
                                 params));
  std::vector<RegionCount> out;
  for (const storage::Row& r : rows) out.push_back({r.Text(0), r.Int(1), r.Int(2)});
  return out;
}

}  // namespace ipe::app
