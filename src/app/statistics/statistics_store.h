#pragma once
// The statistics rollups (issue 18) and all their SQL: the cells of every measure
// (statistics/indicators.h) in stat_cells, kept by database triggers in the same transaction as
// the writes to the base tables (cases, transfers, alerts, supervision_actions, leads,
// monitoring_hits, complaints, custody_items), a full recomputation from the records, figures
// read from the cells or — for comparison — straight from the records, and the page of records
// behind a figure.
//
// Each measure is one row of a table in statistics_store.cc (its records, condition, month,
// region, agency, d1, d2, value). The triggers are generated from that table and installed by
// InstallIfStale (at every start; again whenever kStatisticsVersion changes or a trigger is
// missing), and Recompute reads the records with the same expressions, so the two can only
// differ by the incremental logic — which the property test (statistics_store_test.cc) checks.
//
//   IPE_RETURN_IF_ERROR(StatisticsStore::InstallIfStale(db));   // cli/database.cc, at start
//   StatisticsStore store(*tx);
//   IPE_ASSIGN_OR_RETURN(auto rows, store.ReadLeg(plan.legs[0], scope, "2025-01", "2025-12"));

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/context.h"
#include "core/status.h"
#include "statistics/indicators.h"
#include "storage/db.h"

namespace ipe::app {

/// Bumped when a measure's SQL changes: the triggers are replaced and the cells recomputed.
inline constexpr int64_t kStatisticsVersion = 5;

/// Which records a figure covers: a region subtree ("000000" = the nation) and, for viewers who
/// work their own agency's records, that agency.
struct StatScope {
  std::string region = "000000";
  std::optional<int64_t> agency;
};

/// One rollup cell.
struct StatCell {
  std::string measure;
  std::string month;
  std::string region_code;
  int64_t agency_id = 0;
  std::string d1;
  std::string d2;
  int64_t n = 0;
  int64_t v = 0;

  bool operator==(const StatCell&) const = default;
};

/// A record behind a figure (drill-through).
struct StatRecord {
  std::string records;  // the base table: cases, transfers, leads …
  int64_t id = 0;
  int64_t case_id = 0;  // for records that belong to a case (transfers, supervision, custody); else 0
  std::string label;
  std::string region_code;
  int64_t agency_id = 0;
  std::string month;
  std::string d1;
  std::string d2;
  int64_t v = 0;
};

/// What a recomputation finds: the cells the records make in stat_cells, and how many cells of
/// the four tables differ from them — to be written (new, or with other sums) or deleted (no record
/// makes them; cells left at n = 0 by writes are among these).
struct CellDifferences {
  int64_t cells = 0;
  int64_t changed = 0;
  int64_t dropped = 0;
};

class StatisticsStore {
 public:
  explicit StatisticsStore(storage::Tx& tx) : tx_(tx) {}

  /// At start: installs the triggers and recomputes every cell (one write transaction) when the
  /// recorded version is not kStatisticsVersion or a trigger is missing (a migration that rebuilt
  /// a table drops its triggers on SQLite). Cheap otherwise: one read.
  static core::Status InstallIfStale(storage::Database& db);

  /// Replaces the triggers of every base table (drop, then create from the measure table).
  core::Status InstallTriggers();
  /// Computes every cell from the records (in this process, one stream per base table) and makes
  /// the four tables equal to them, writing only the cells that differ; returns the number of
  /// cells of stat_cells and what was written. On PostgreSQL writes to the base tables wait until
  /// the transaction ends.
  core::Result<CellDifferences> Recompute();
  /// The same without writing: what a recomputation would change.
  core::Result<CellDifferences> Differences();

  /// Every cell with a record behind it (n ≠ 0), in key order.
  core::Result<std::vector<StatCell>> Cells();
  /// The cells a recomputation would write, in key order, without writing them.
  core::Result<std::vector<StatCell>> RecomputedCells();

  /// One leg of a figure from the cells: sums of n and v per group, in [from_month, to_month],
  /// in `scope`, keeping `agency` (when set) and the leg's dimension values.
  core::Result<std::vector<statistics::CellRow>> ReadLeg(const statistics::CellQuery& leg,
                                                         const StatScope& scope,
                                                         const std::string& from_month,
                                                         const std::string& to_month);
  /// The same leg computed from the records (no rollup): for the benchmark's ratio and tests.
  core::Result<std::vector<statistics::CellRow>> ReadLegFromRecords(const statistics::CellQuery& leg,
                                                                    const StatScope& scope,
                                                                    const std::string& from_month,
                                                                    const std::string& to_month);
  /// The records behind a leg, newest first; `group_key` (when set) keeps the records of one
  /// group of the figure (a month when the leg is grouped by month). Count capped at kCountCap.
  core::Result<Page<StatRecord>> Records(const statistics::CellQuery& leg, const StatScope& scope,
                                         const std::string& from_month, const std::string& to_month,
                                         const std::optional<std::string>& group_key,
                                         const PageRequest& page);

  /// Names of agencies by id (ids without a row are left out).
  core::Result<std::map<int64_t, std::string>> AgencyNames(const std::vector<int64_t>& ids);

 private:
  storage::Tx& tx_;
};

}  // namespace ipe::app
