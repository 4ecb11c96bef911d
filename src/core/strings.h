#pragma once
// Small string helpers every module shares: trimming, splitting and joining on one separator
// (CSV/TSV cells, '|' lists). UTF-8 decoding and encoding are in core/utf8.h; Base64 is
// libsodium's (app/plans/reports.cc, the only user).
//
//   for (std::string& field : core::Split(line, '\t')) …           // a TSV line
//   std::string_view name = core::TrimSpace(" 上海市　");             // "上海市"

#include <string>
#include <string_view>
#include <vector>

namespace ipe::core {

/// `s` without leading and trailing ASCII white space (space, \t, \n, \r, \f, \v).
std::string_view TrimAsciiSpace(std::string_view s);

/// As TrimAsciiSpace, and also the ideographic space U+3000 that pasted Chinese text carries.
std::string_view TrimSpace(std::string_view s);

/// The pieces of `s` between occurrences of `sep`, empty ones kept ("a||b" → a, "", b); an
/// empty `s` gives no pieces.
std::vector<std::string> Split(std::string_view s, char sep);

/// The pieces joined with `sep` (the inverse of Split for pieces without `sep`).
std::string Join(const std::vector<std::string>& parts, char sep);

}  // namespace ipe::core
