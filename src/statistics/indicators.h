#pragma once
// 统计指标 (issue 18): the indicator set as data (rules/statistics/indicators.rules) and how a
// figure is made from rollup cells. Pure: no SQL, no clock, no file access — the store reads the
// cells a FigurePlan asks for and hands them to Combine.
//
// A *measure* is a family of rollup cells the database keeps in the same transaction as the
// records (app/statistics): per (measure, region, agency, month, d1, d2) the number of records n
// and the sum v of one value (fen, quantity or grams). Its two dimensions d1/d2 have names
// (category, conduct …). An *indicator* takes n or v of one measure, keeps some dimension values,
// or divides two indicators (a rate from two integers).
//
//   const IndicatorSet& set = DefaultIndicators();
//   auto plan = PlanFigure(set, {.indicator = "transfer_rate", .from_month = "2025-01",
//                                .to_month = "2025-12", .group = "province"});
//   // store: one cell query per plan->legs[i] → rows[i]
//   std::vector<FigureRow> figure = Combine(*plan, rows);
//
// docs/statistics.md describes the file format and the rollups.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace ipe::statistics {

/// What the v of a measure's cells adds up.
enum class ValueKind { kNone, kFen, kQuantity, kGrams };

/// A dimension an indicator may be grouped or filtered by.
struct Dimension {
  const char* key;      // "category"
  const char* name_zh;  // "案件类别"
};
/// region, agency, then the measures' own dimensions.
const std::vector<Dimension>& Dimensions();
const Dimension* FindDimension(std::string_view key);

/// A family of rollup cells. Its SQL (records, conditions, the month, d1, d2, v) is the store's
/// (app/statistics/statistics_store.cc); this is what the indicator file may refer to.
struct Measure {
  const char* key;         // "case_opened"
  const char* records;     // the base table: "cases"
  const char* records_zh;  // "案件"
  const char* d1;          // dimension key of column d1
  const char* d2;          // dimension key of column d2
  ValueKind value;         // what v sums
};
const std::vector<Measure>& Measures();
const Measure* FindMeasure(std::string_view key);

enum class Take { kCount, kSum };

struct Indicator {
  std::string key;
  std::string name_zh;
  std::string name_en;
  std::string definition;
  std::string unit;
  // Either a measure …
  std::string measure;
  Take take = Take::kCount;
  std::map<std::string, std::vector<std::string>> filter;  // dimension key → kept values
  // … or a rate of two indicators of this set.
  std::string numerator;
  std::string denominator;
  std::vector<std::string> dimensions;  // allowed group-by / filter dimensions
  std::string effective_from;           // YYYY-MM-DD
  std::string effective_to;             // YYYY-MM-DD or "" (open)
  std::string basis;
  std::string confidence;  // C | S | M
  int line = 0;

  bool IsRate() const { return !numerator.empty(); }
};

struct IndicatorSet {
  std::string pack;
  std::string title;
  std::string version;
  std::vector<Indicator> indicators;
  /// zh-CN names of dimension values no code table of the application holds ([labels dim]).
  std::map<std::string, std::map<std::string, std::string>> labels;

  const Indicator* Find(std::string_view key) const;
  /// The [labels] name of a dimension value; nullptr when the file has none.
  const std::string* LabelOf(std::string_view dimension, std::string_view code) const;
};

/// Parses an indicator set ([indicator key] sections, and [labels dimension] sections of
/// `code = 中文名` lines). InvalidArgument "file:line: reason" on a syntax error, an unknown or
/// duplicate key or section, a missing name/unit/definition/effective_from/confidence, a measure
/// or dimension the code does not know, a filter on a dimension the measure does not have, a
/// rate whose numerator or denominator is not a non-rate indicator of the set, or a date that is
/// not YYYY-MM-DD.
core::Result<IndicatorSet> ParseIndicators(std::string_view file, std::string_view text);

/// The embedded set, parsed once (a broken embedded file is a bug and aborts).
const IndicatorSet& DefaultIndicators();

/// ValueKind of an indicator's figures: kNone for counts and rates, the measure's for sums.
ValueKind ValueKindOf(const IndicatorSet& set, const Indicator& ind);
const char* ValueKindCode(ValueKind k);  // "count", "fen", "quantity", "grams"

/// The column of stat_cells a figure is grouped by.
enum class GroupColumn { kNone, kProvince, kPrefecture, kCounty, kAgency, kMonth, kD1, kD2 };

/// What the store reads for one leg of a figure: the sums of n and v of `measure`'s cells in
/// [from_month, to_month], keeping `d1_in` / `d2_in` (empty = any), grouped by `group`.
struct CellQuery {
  std::string measure;
  std::vector<std::string> d1_in;
  std::vector<std::string> d2_in;
  GroupColumn group = GroupColumn::kNone;
  bool take_sum = false;  // the leg's figure is v (else n)
  bool matches_nothing = false;  // a request filter outside the indicator's own: no cells
};

/// One group of a leg as the store read it.
struct CellRow {
  std::string key;  // the group column's value ("" for kNone)
  int64_t n = 0;
  int64_t v = 0;
};

enum class Fold { kNone, kQuarter, kYear };

struct FigureRequest {
  std::string indicator;
  std::string from_month;  // YYYY-MM
  std::string to_month;    // YYYY-MM, inclusive
  std::string group;       // none, province, prefecture, county, agency, month, quarter, year, or a dimension
  std::map<std::string, std::string> filters;  // dimension key → one value (not region/agency)
};

struct FigurePlan {
  const Indicator* indicator = nullptr;
  std::string from_month;
  std::string to_month;
  std::string group;
  std::vector<CellQuery> legs;  // one, or numerator then denominator for a rate
  Fold fold = Fold::kNone;
};

/// Longest period a figure may span, in months (ten years).
inline constexpr int kMaxPeriodMonths = 120;

/// Validates a request against the set. InvalidArgument with field errors (indicator, from, to,
/// group, the filter's dimension) for an unknown indicator, a month that is not YYYY-MM, an
/// inverted or too long period, a period outside the indicator's effective dates, a group or
/// filter the indicator does not allow.
core::Result<FigurePlan> PlanFigure(const IndicatorSet& set, const FigureRequest& request);

/// A figure's row. For a rate, value is the rate in basis points (万分之一; none when the
/// denominator is zero) and numerator/denominator are the two figures.
struct FigureRow {
  std::string key;
  std::optional<int64_t> value;
  int64_t numerator = 0;
  std::optional<int64_t> denominator;
};

/// The figure from the legs' rows (rows[i] answers plan.legs[i]): months folded into quarters
/// ("2025-Q1") or years when the plan says so, rows in key order; a group present in one leg
/// only counts zero in the other. Integer arithmetic; a rate rounds half up.
std::vector<FigureRow> Combine(const FigurePlan& plan, const std::vector<std::vector<CellRow>>& rows);

/// The sum of a figure's rows as one row (key "")— a rate sums numerators and denominators.
FigureRow Total(const FigurePlan& plan, const std::vector<FigureRow>& rows);

/// "YYYY-MM" → months since year 0, or none when malformed (month 01–12, year 1900–2999).
std::optional<int> MonthIndex(std::string_view month);
/// The inverse of MonthIndex: months since year 0 → "YYYY-MM".
std::string MonthText(int index);

}  // namespace ipe::statistics
