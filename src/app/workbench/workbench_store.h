#pragma once
// The 工作台's own SQL (app/workbench/workbench.h): figures summed from the case rollups
// (case_counts, case_totals — kept in step with every case write, migrations 0213–0217) and the
// transfers sent to the police, never a scan of the cases table.
//
//   WorkbenchStore store(*tx);
//   IPE_ASSIGN_OR_RETURN(auto f, store.CaseFigures({"440000", std::nullopt}));

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/cases/case_store.h"
#include "core/status.h"
#include "storage/db.h"

namespace ipe::app {

struct CaseFigures {
  int64_t open = 0;
  int64_t closed = 0;
  int64_t over_threshold = 0;  // threshold_met, open or closed
};

struct RegionCount {
  std::string code;
  int64_t cases = 0;
  int64_t over_threshold = 0;
};

/// Reads only; borrows the transaction (not owned), which must outlive the store.
class WorkbenchStore {
 public:
  explicit WorkbenchStore(storage::Tx& tx) : tx_(tx) {}

  /// Cases of the scope by status and threshold, summed from case_totals (the nation, no agency)
  /// or case_counts (its region and agency indexes).
  core::Result<CaseFigures> CaseFiguresOf(const CaseScope& scope);

  /// Transfers of the scope's cases whose status is one of `statuses` (those sent to the police).
  core::Result<int64_t> CountTransfers(const CaseScope& scope,
                                       const std::vector<std::string>& statuses);

  /// Cases per child region of `region` (the nation: provinces; a province: prefectures, or the
  /// districts of a municipality; below: the counties of the prefecture), optionally of one agency,
  /// from case_counts.
  core::Result<std::vector<RegionCount>> CasesByChildRegion(const std::string& region,
                                                            std::optional<int64_t> agency);

 private:
  storage::Tx& tx_;
};

}  // namespace ipe::app
