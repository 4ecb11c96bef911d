#pragma once
// The holiday calendar is data that expires: the State Council publishes next year's arrangement
// each November, after the binary was built. A year's arrangement is loaded at run time (stored
// in the database, `ipenforce calendar load FILE`) and laid over the built-in table here. Pure:
// takes text, returns a calendar.
//
//   auto year = ParseYearArrangement(text);            // one year, the built-in TSV format
//   auto cal = CalendarWithYears({*year});             // built-in 2004–2026 + 2027
//   cal->last_year() == 2027

#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.h"
#include "core/status.h"

namespace ipe::core {

/// One year's arrangement: the lines of the built-in format ("date<TAB>holiday|restday|workday
/// <TAB>name") under a "# covers<TAB>YEAR<TAB>YEAR" header, every date inside YEAR.
struct YearArrangement {
  int year = 0;
  std::string tsv;  // as given (validated)
  int entries = 0;  // dated lines
};

/// Validates one year's file as WorkCalendar::Parse does (a make-up workday on a weekday, a
/// rest day on a weekend or a date twice is an error) and checks that it covers exactly one year
/// (1990–2200) and that every date lies in it and that it lists at least one holiday.
/// InvalidArgument naming the problem otherwise.
Result<YearArrangement> ParseYearArrangement(std::string_view tsv);

/// The built-in calendar with `years` laid over it: a loaded year replaces the built-in lines of
/// that year. The covered range grows only through loaded years that follow it without a gap
/// (built-in 2004–2026 + 2028 alone still covers 2004–2026: 2027 would be guessed). Years must
/// be distinct.
Result<WorkCalendar> CalendarWithYears(const std::vector<YearArrangement>& years);

}  // namespace ipe::core
