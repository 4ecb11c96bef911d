#include "app/internal/text.h"

#include "core/region.h"
#include "core/strings.h"
#include "core/utf8.h"

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

std::string Trim(std::string_view s) { return std::string(core::TrimSpace(s)); }

std::string TextProblem(std::string_view text, size_t max_chars, bool required) {
  if (!core::IsValidUtf8(text)) return "不是有效的 UTF-8 文本";
  for (unsigned char c : text) {
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
      return c == 0 ? "不能包含空字符 (NUL)" : "不能包含控制字符";
    }
  }
  size_t code_points = 0;
  for (unsigned char c : text) code_points += (c & 0xC0) != 0x80;
  if (code_points > max_chars) return "不能超过 " + std::to_string(max_chars) + " 个字符";
  if (required && Trim(text).empty()) return "不能为空";
  return "";
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
  std::string prefix;
  switch (core::LevelOfCode(region)) {
    case core::RegionLevel::kProvince: prefix = region.substr(0, 2); break;
    case core::RegionLevel::kPrefecture: prefix = region.substr(0, 4); break;
    case core::RegionLevel::kCounty:
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
