#pragma once
// An uploaded table — an XLSX workbook (its first sheet) or CSV text — as rows of text cells,
// numbered as the officer's spreadsheet shows them. Shared by the case import and the
// monitoring scan upload, so both accept the same files and refuse old .xls the same way.

#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/csv.h"
#include "core/status.h"
#include "sheet/sheet.h"

namespace ipe::app::internal {

struct TableFile {
  std::vector<core::CsvRow> rows;  // empty rows dropped; row.line as the spreadsheet numbers it
  std::string format;              // "xlsx" or "csv"
};

/// True for a ZIP archive (an .xlsx is one).
bool LooksLikeXlsx(std::string_view bytes);

/// Reads up to `max_rows` data rows (plus the header). Errors carry a field error on `field`.
core::Result<TableFile> ReadTableFile(std::string_view bytes, size_t max_rows,
                                      const std::string& field = "file");

/// A column of an import template (cases, complaints): the machine key and the zh-CN label (either
/// names it in a header row), whether a row must fill it, and what the template's 填写说明 says.
struct ImportColumn {
  const char* key;
  const char* label_zh;
  bool required;
  const char* hint;
};

/// Checks an import file's rows (a header row, at most `max_rows` data rows: field errors on
/// "file") and reads the header against `columns` into `col` (key → cell index; a UTF-8 BOM on the
/// first cell is skipped): a field error on "header" for each unknown or repeated column and each
/// required one missing. Adds the errors to `st`; false when it added any.
bool ReadImportHeader(const std::vector<core::CsvRow>& rows, size_t max_rows,
                      std::span<const ImportColumn> columns, std::map<std::string, size_t>& col,
                      core::Status& st);
/// The trimmed cell of column `key` in `cells` ("" when the file has no such column or the row
/// is short).
std::string ImportCell(const std::map<std::string, size_t>& col,
                       const std::vector<std::string>& cells, const char* key);
/// True when every cell of the row is blank (such rows are skipped).
bool BlankImportRow(const std::vector<std::string>& cells);
/// The 填写说明 sheet of an import template: one line per column (label, key, 必填, hint), then
/// `rule` (how the file is taken).
sheet::Sheet ImportHelpSheet(std::span<const ImportColumn> columns, const std::string& rule);

}  // namespace ipe::app::internal
