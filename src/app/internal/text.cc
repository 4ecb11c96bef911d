#include "app/internal/text.h"

#include <cctype>

namespace ipe::app::internal {
namespace {

std::string EscapeLike(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::string Trim(std::string_view s) {
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  // Full-width space (U+3000) at either end, common in pasted Chinese text.
  constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";
  while (s.substr(0, 3) == kIdeographicSpace) s.remove_prefix(3);
  while (s.size() >= 3 && s.substr(s.size() - 3) == kIdeographicSpace) s.remove_suffix(3);
  return std::string(s);
}

std::vector<std::string> Split(std::string_view s, char sep) {
  std::vector<std::string> out;
  if (s.empty()) return out;
  size_t start = 0;
  for (;;) {
    size_t pos = s.find(sep, start);
    out.emplace_back(s.substr(start, pos == std::string_view::npos ? pos : pos - start));
    if (pos == std::string_view::npos) break;
    start = pos + 1;
  }
  return out;
}

std::string Join(const std::vector<std::string>& parts, char sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

bool IsRegionCode(std::string_view code) {
  if (code.size() != 6) return false;
  for (char c : code) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::string RegionSubtreeSql(const std::string& column, const std::string& region,
                             storage::Params& params) {
  if (region == "000000") return "1 = 1";
  std::string prefix = region;
  if (region.substr(2) == "0000") {
    prefix = region.substr(0, 2);
  } else if (region.substr(4) == "00") {
    prefix = region.substr(0, 4);
  } else {
    params.emplace_back(region);
    return column + " = ?";
  }
  params.emplace_back(LikePrefix(prefix));
  return column + " LIKE ? ESCAPE '\\'";
}

// Strings here are built piecewise: "literal" + std::string&& trips a false g++ 12 -Wrestrict
// warning.
std::string ContainsSql(const std::vector<std::string>& columns, const std::string& needle,
                        storage::Params& params) {
  std::string pattern = "%";
  pattern += EscapeLike(AsciiLower(needle));
  pattern += '%';
  std::string sql = "(";
  for (size_t i = 0; i < columns.size(); ++i) {
    if (i) sql += " OR ";
    sql += "lower(";
    sql += columns[i];
    sql += ") LIKE ? ESCAPE '\\'";
    params.emplace_back(pattern);
  }
  return sql + ")";
}

std::string LikePrefix(std::string_view prefix) { return EscapeLike(prefix) + "%"; }

}  // namespace ipe::app::internal
