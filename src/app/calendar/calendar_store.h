#pragma once
// CalendarStore: the SQL of the holiday years loaded at run time (calendar_years).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/calendar_overlay.h"
#include "core/status.h"
#include "core/time.h"
#include "storage/db.h"

namespace ipe::app {

struct LoadedYear {
  int year = 0;
  int entries = 0;
  core::Timestamp loaded_at;
  std::string loaded_by;  // login, or "system"
};

class CalendarStore {
 public:
  explicit CalendarStore(storage::Tx& tx) : tx_(tx) {}
  /// Every loaded year, ascending, with its text.
  core::Result<std::vector<core::YearArrangement>> Arrangements();
  /// Every loaded year, ascending, without its text.
  core::Result<std::vector<LoadedYear>> Years();
  /// A cheap signature of the table (count, latest load, first and last year): changes whenever
  /// a year is loaded (a process serves one database, so it identifies the rows).
  core::Result<std::string> Signature();
  /// Inserts or replaces the year's row.
  core::Status Put(const core::YearArrangement& year, core::Timestamp now,
                   std::optional<int64_t> loaded_by);

 private:
  storage::Tx& tx_;
};

}  // namespace ipe::app
