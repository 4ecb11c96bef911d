#pragma once
// The holiday calendar in force: the built-in table (2004–2026) with the years loaded at run time
// laid over it (issue 13). Every statutory clock of the app reads it through EffectiveCalendar, so
// a year loaded by one server process is used by all of them (the rows are in the database).
//
//   ipenforce calendar load 2027.tsv --as admin    → LoadCalendarYear (audited "calendar.load")
//   auto cal = EffectiveCalendar(tx);              → covers 2004–2027
//   CalendarStatus: from 1 November, warns admins when next year is not covered.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "app/calendar/calendar_store.h"
#include "app/context.h"
#include "app/principal.h"
#include "core/calendar.h"
#include "core/status.h"
#include "storage/db.h"

namespace ipe::app {

/// The calendar the clocks use inside `tx`: the built-in one when no year was loaded. Cached per
/// process and rebuilt when the table's signature changes. Thread-safe. Internal when a stored
/// year no longer parses (it was validated when loaded).
core::Result<std::shared_ptr<const core::WorkCalendar>> EffectiveCalendar(storage::Tx& tx);

/// Loads one year's arrangement (the built-in TSV format, one year: core/calendar_overlay.h) for
/// admins (PermissionDenied otherwise): validated, stored (replacing that year), audited. Returns
/// the year. InvalidArgument (field "file") for a bad file; nothing is written then.
core::Result<int> LoadCalendarYear(Context& ctx, const Principal& who, std::string_view tsv);

struct CalendarState {
  int first_year = 0;
  int last_year = 0;               // covered through, loaded years included
  std::vector<LoadedYear> loaded;  // the years loaded at run time
  int next_year = 0;               // the year after today's
  bool next_year_covered = false;
  /// From 1 November (Beijing time) when next year is not covered: the admins must load it
  /// (the State Council publishes it in November). Always false for non-admins.
  bool warn = false;
  std::string message;             // zh-CN, when warn
};
core::Result<CalendarState> GetCalendarState(Context& ctx, const Principal& who);

}  // namespace ipe::app
