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

}  // namespace ipe::app::internal
