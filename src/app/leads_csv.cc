// RFC 4180 CSV parsing for the lead import (导入线索).
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace ipe::app::internal_leads {

/// Rows of cells. Accepts a UTF-8 BOM, CRLF or LF line ends, quoted cells with "" escapes and
/// line breaks inside quotes; blank lines are skipped. InvalidArgument (field "csv", with the line
/// number) for an unterminated quote or text after a closing quote.
core::Result<std::vector<std::vector<std::string>>> ParseCsv(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string cell;
  bool in_quotes = false;
  bool quoted_cell = false;  // the current cell was quoted (its closing quote was seen)
  bool row_has_content = false;
  int line = 1;
  auto fail = [&](const std::string& why) {
    return core::Status(core::InvalidArgument("CSV 格式有误 (malformed CSV): 第 " +
                                              std::to_string(line) + " 行 " + why))
        .AddFieldError("csv", "第 " + std::to_string(line) + " 行: " + why);
  };
  auto end_row = [&] {
    row.push_back(std::move(cell));
    cell.clear();
    quoted_cell = false;
    if (row_has_content || row.size() > 1 || !row[0].empty()) rows.push_back(std::move(row));
    row.clear();
    row_has_content = false;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          cell += '"';
          ++i;
        } else {
          in_quotes = false;
          quoted_cell = true;
        }
      } else {
        if (c == '\n') ++line;
        cell += c;
      }
      continue;
    }
    if (c == '"') {
      if (!cell.empty() || quoted_cell) return fail("引号位置有误 (stray quote)");
      in_quotes = true;
      row_has_content = true;
    } else if (c == ',') {
      row.push_back(std::move(cell));
      cell.clear();
      quoted_cell = false;
      row_has_content = true;
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      continue;
    } else if (c == '\n') {
      end_row();
      ++line;
    } else {
      if (quoted_cell) return fail("引号后有多余字符 (text after a closing quote)");
      cell += c;
    }
  }
  if (in_quotes) return fail("引号未闭合 (unterminated quote)");
  if (!cell.empty() || !row.empty() || quoted_cell) end_row();
  return rows;
}

}  // namespace ipe::app::internal_leads
