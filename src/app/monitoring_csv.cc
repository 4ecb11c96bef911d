#include "app/monitoring_csv.h"

namespace ipe::app {
namespace {

core::Status CsvError(int64_t line, const std::string& what) {
  return core::Status(core::InvalidArgument("CSV 格式有误 (malformed CSV), 第 " +
                                            std::to_string(line) + " 行: " + what))
      .AddFieldError("file", "第 " + std::to_string(line) + " 行：" + what);
}

bool ValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || (n > 1 && c < 0xC2) || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += n;
  }
  return true;
}

}  // namespace

core::Result<std::vector<CsvRow>> ParseCsv(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  if (!ValidUtf8(text)) {
    return core::Status(core::InvalidArgument("CSV 应为 UTF-8 编码 (CSV must be UTF-8)"))
        .AddFieldError("file", "文件不是 UTF-8 编码（Excel 请选择“CSV UTF-8”另存）");
  }
  std::vector<CsvRow> rows;
  int64_t line = 1;
  size_t i = 0;
  while (i < text.size()) {
    CsvRow row;
    row.line = line;
    std::string cell;
    bool end_of_record = false;
    while (!end_of_record) {
      cell.clear();
      if (i < text.size() && text[i] == '"') {
        ++i;
        for (;;) {
          if (i >= text.size()) return CsvError(row.line, "引号未闭合 (unterminated quote)");
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
        if (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
          return CsvError(line, "引号后有多余字符 (text after a closing quote)");
        }
      } else {
        while (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
          if (text[i] == '"') return CsvError(line, "未加引号的字段中有引号 (stray quote)");
          cell += text[i++];
        }
      }
      row.cells.push_back(cell);
      if (i >= text.size()) {
        end_of_record = true;
      } else if (text[i] == ',') {
        ++i;
      } else {
        if (text[i] == '\r') ++i;
        if (i < text.size() && text[i] == '\n') ++i;
        ++line;
        end_of_record = true;
      }
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace ipe::app
