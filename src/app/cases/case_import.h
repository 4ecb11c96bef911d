#pragma once
// Case import files: CSV (UTF-8) or XLSX in the template's columns (案件导入模板), parsed and
// validated row by row so that one answer lists every problem as "rows[N].column" in the file's
// own row numbers (CSV line, spreadsheet row). Used by POST /api/v1/cases/import and
// `ipenforce cases import`; ImportCases (cases.h) then writes all rows or none.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "app/cases/cases.h"
#include "core/status.h"
#include "core/time.h"

namespace ipe::app {

struct CaseFile {
  std::vector<CaseInput> inputs;
  std::vector<int64_t> row_numbers;  // of each input, as the file shows it
  std::string format;                // "csv" or "xlsx"
};

/// Parses a file of at most `max_rows` data rows: an .xlsx when it is a ZIP archive, else CSV
/// text. InvalidArgument with field errors ("file", "header", "rows[N].column") when anything
/// is wrong; nothing is partly returned.
core::Result<CaseFile> ParseCaseFile(std::string_view bytes, core::Date today, size_t max_rows);

/// Field errors renamed from the case model to the template's columns:
/// "rows[4].amounts_fen.sales" → "rows[4].sales_yuan".
core::Status InTemplateColumns(const core::Status& st);

/// The CSV template: the header of machine keys and one example row.
std::string CaseImportTemplateCsv();
/// The XLSX template: the import sheet (zh-CN labels, required columns filled), 填写说明 and
/// 代码表.
core::Result<std::string> CaseImportTemplateXlsx();

}  // namespace ipe::app
