#pragma once
// 年度数字公开 (issue 18): what of a year's figures the office may publish to the public portal and
// how small counts are hidden ("<N") before they leave the building. The rules are data
// (rules/statistics/publication.rules, compiled in); SuppressColumn is the pure step that freezes
// one indicator's province values into what the public sees. No I/O.
//
//   const PublicationRules& r = DefaultPublicationRules();
//   std::vector<PublicCell> cells = SuppressColumn({{"110000", 12}, {"120000", 2}, …}, 5, false);
//   cells[1].suppressed  // true: shown as "<5"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace ipe::statistics {

struct PublicationRules {
  std::string version;                  // the file header's
  std::vector<std::string> indicators;  // offered for publication, in display order
  int64_t suppress_below = 0;           // the default threshold N
  int64_t min_threshold = 0;
  int64_t max_threshold = 0;
  std::string basis;
  std::string confidence;
};

/// Parses publication.rules. InvalidArgument "name:line: reason" for a missing or unknown key, a
/// threshold out of order (min ≤ default ≤ max, min ≥ 2), an empty indicator list, a confidence
/// other than C/S/M. Whether the indicators exist is checked against the indicator set by the
/// caller (the app) and by the test.
core::Result<PublicationRules> ParsePublicationRules(std::string_view name, std::string_view text);
const PublicationRules& DefaultPublicationRules();

/// One region's value of one indicator before suppression. For a count `value` is the count and
/// `denominator` none; for a rate `value` is the rate in basis points (none when the denominator is
/// 0) and `denominator` the count it divides by.
struct RawCell {
  std::string region;
  std::optional<int64_t> value;
  std::optional<int64_t> denominator;
};

/// What the public sees: the value, or suppressed (shown "<threshold").
struct PublicCell {
  std::string region;
  std::optional<int64_t> value;  // none when suppressed, or a rate without denominator
  bool suppressed = false;
};

/// Suppresses one indicator's column of provinces. A count of 1 … threshold-1 is suppressed (0 is
/// shown); a rate whose denominator is 1 … threshold-1 is suppressed. For counts, when exactly one
/// cell is suppressed the smallest other non-zero cell is suppressed as well (complementary
/// suppression: the national total is published beside the column). The output keeps the input's
/// order.
std::vector<PublicCell> SuppressColumn(const std::vector<RawCell>& cells, int64_t threshold, bool rate);

/// The national cell of a column: suppressed by the same primary rule.
PublicCell SuppressTotal(const RawCell& total, int64_t threshold, bool rate);

}  // namespace ipe::statistics
