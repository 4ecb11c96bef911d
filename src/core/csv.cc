#include "core/csv.h"

#include "core/utf8.h"

namespace ipe::core {
namespace {

Status CsvError(const CsvOptions& options, int64_t line, const std::string& what) {
  return Status(InvalidArgument("CSV 格式有误 (malformed CSV), 第 " + std::to_string(line) +
                                " 行: " + what))
      .AddFieldError(options.field, "第 " + std::to_string(line) + " 行：" + what);
}

bool AtRecordEnd(std::string_view text, size_t i) {
  return i >= text.size() || text[i] == ',' || text[i] == '\n' || text[i] == '\r';
}

}  // namespace

Result<std::vector<CsvRow>> ParseCsv(std::string_view text, const CsvOptions& options) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  if (!IsValidUtf8(text)) {
    return Status(InvalidArgument("CSV 应为 UTF-8 编码 (CSV must be UTF-8)"))
        .AddFieldError(options.field, "文件不是 UTF-8 编码（Excel 请选择“CSV UTF-8”另存）");
  }
  std::vector<CsvRow> rows;
  int64_t line = 1;
  size_t i = 0;
  while (i < text.size()) {
    // A blank line (LF or CRLF) is not a record.
    if (text[i] == '\n' || (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n')) {
      i += text[i] == '\r' ? 2 : 1;
      ++line;
      continue;
    }
    CsvRow row;
    row.line = line;
    for (;;) {
      std::string cell;
      if (i < text.size() && text[i] == '"') {
        ++i;
        for (;;) {
          if (i >= text.size()) return CsvError(options, row.line, "引号未闭合 (unterminated quote)");
          char c = text[i++];
          if (c == '"') {
            if (i < text.size() && text[i] == '"') {
              cell += '"';
              ++i;
              continue;
            }
            break;
          }
          if (c == '\n') ++line;
          cell += c;
        }
        if (!AtRecordEnd(text, i)) {
          return CsvError(options, line, "引号后有多余字符 (text after a closing quote)");
        }
      } else {
        while (!AtRecordEnd(text, i)) {
          if (text[i] == '"') return CsvError(options, line, "未加引号的字段中有引号 (stray quote)");
          cell += text[i++];
        }
      }
      row.cells.push_back(std::move(cell));
      if (i >= text.size()) break;
      if (text[i] == ',') {
        ++i;
        continue;
      }
      if (text[i] == '\r') ++i;
      if (i < text.size() && text[i] == '\n') ++i;
      ++line;
      break;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string CsvLine(const std::vector<std::string>& cells) {
  std::string out;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i) out += ',';
    std::string cell = cells[i];
    if (!cell.empty() && (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' || cell[0] == '@')) {
      cell.insert(cell.begin(), '\'');
    }
    bool quote = cell.find_first_of(",\"\r\n") != std::string::npos;
    if (!quote) {
      out += cell;
      continue;
    }
    out += '"';
    for (char c : cell) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
  }
  out += "\r\n";
  return out;
}

}  // namespace ipe::core
