#include "app/internal/table_file.h"

#include "core/strings.h"
#include "sheet/sheet.h"

namespace ipe::app::internal {
namespace {

// Rows of the first worksheet as text, numbered as the spreadsheet shows them; empty rows dropped.
core::Result<std::vector<core::CsvRow>> RowsFromXlsx(std::string_view bytes, size_t max_rows,
                                                     const std::string& field) {
  sheet::ReadLimits limits;
  limits.max_rows = max_rows + 1;
  limits.max_columns = 200;
  auto sheets = sheet::ReadXlsx(bytes, limits);
  if (!sheets) {
    return core::Status(sheets.error()).AddFieldError(field, sheets.error().message());
  }
  std::vector<core::CsvRow> rows;
  const sheet::Sheet& first = sheets->front();
  for (size_t r = 0; r < first.rows.size(); ++r) {
    core::CsvRow row;
    row.line = static_cast<int64_t>(r) + 1;
    bool any = false;
    for (const sheet::Cell& c : first.rows[r]) {
      row.cells.push_back(c.text);
      any |= !core::TrimAsciiSpace(c.text).empty();
    }
    if (any) rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

bool LooksLikeXlsx(std::string_view bytes) { return bytes.starts_with("PK\x03\x04"); }

core::Result<TableFile> ReadTableFile(std::string_view bytes, size_t max_rows,
                                      const std::string& field) {
  TableFile out;
  if (LooksLikeXlsx(bytes)) {
    IPE_ASSIGN_OR_RETURN(out.rows, RowsFromXlsx(bytes, max_rows, field));
    out.format = "xlsx";
    return out;
  }
  if (bytes.starts_with("\xD0\xCF\x11\xE0")) {
    return core::Status(core::InvalidArgument("不支持旧版 Excel (.xls) 文件"))
        .AddFieldError(field, "请在 Excel/WPS 中另存为 .xlsx 或 CSV (UTF-8) 后再上传");
  }
  IPE_ASSIGN_OR_RETURN(out.rows, core::ParseCsv(bytes, {.field = field}));
  out.format = "csv";
  return out;
}

namespace {
std::string TrimCell(std::string_view s) { return std::string(core::TrimAsciiSpace(s)); }
}  // namespace

bool ReadImportHeader(const std::vector<core::CsvRow>& rows, size_t max_rows,
                      std::span<const ImportColumn> columns, std::map<std::string, size_t>& col,
                      core::Status& st) {
  if (rows.empty()) {
    st.AddFieldError("file", "文件为空：缺少列名行");
    return false;
  }
  if (rows.size() > max_rows + 1) {
    st.AddFieldError("file", "一次最多导入 " + std::to_string(max_rows) + " 行，请拆分文件");
    return false;
  }
  const std::vector<std::string>& header = rows[0].cells;
  bool bad = false;
  for (size_t i = 0; i < header.size(); ++i) {
    std::string h = TrimCell(header[i]);
    if (i == 0 && h.starts_with("\xEF\xBB\xBF")) h = h.substr(3);
    bool known = false;
    for (const ImportColumn& c : columns) {
      if (h == c.key || h == c.label_zh) {
        if (col.count(c.key)) st.AddFieldError("header", "重复的列: " + h), bad = true;
        col[c.key] = i;
        known = true;
      }
    }
    if (!known && !h.empty()) st.AddFieldError("header", "未知列: " + h), bad = true;
  }
  for (const ImportColumn& c : columns) {
    if (c.required && !col.count(c.key)) {
      st.AddFieldError("header", std::string("缺少列: ") + c.label_zh + "（" + c.key + "）"), bad = true;
    }
  }
  return !bad;
}

std::string ImportCell(const std::map<std::string, size_t>& col,
                       const std::vector<std::string>& cells, const char* key) {
  auto it = col.find(key);
  return it == col.end() || it->second >= cells.size() ? std::string() : TrimCell(cells[it->second]);
}

bool BlankImportRow(const std::vector<std::string>& cells) {
  for (const std::string& c : cells) {
    if (!TrimCell(c).empty()) return false;
  }
  return true;
}

sheet::Sheet ImportHelpSheet(std::span<const ImportColumn> columns, const std::string& rule) {
  sheet::Sheet help{.name = "填写说明"};
  help.rows.push_back({sheet::Cell::Text("列名"), sheet::Cell::Text("字段"), sheet::Cell::Text("必填"),
                       sheet::Cell::Text("说明")});
  for (const ImportColumn& c : columns) {
    help.rows.push_back({sheet::Cell::Text(c.label_zh), sheet::Cell::Text(c.key),
                         sheet::Cell::Text(c.required ? "是" : ""), sheet::Cell::Text(c.hint)});
  }
  help.rows.push_back({});
  help.rows.push_back({sheet::Cell::Text(rule)});
  help.column_widths = {20, 24, 8, 60};
  return help;
}

}  // namespace ipe::app::internal
