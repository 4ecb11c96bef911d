#pragma once
// An uploaded table — an XLSX workbook (its first sheet) or CSV text — as rows of text cells,
// numbered as the officer's spreadsheet shows them. Shared by the case import and the
// monitoring scan upload, so both accept the same files and refuse old .xls the same way.

#include <string>
#include <string_view>
#include <vector>

#include "core/csv.h"
#include "core/status.h"

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

}  // namespace ipe::app::internal
