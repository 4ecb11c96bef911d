#pragma once
// The one CSV reader of the project (RFC 4180), used by every import: the brand registry, leads and
// cases. Quoted fields with "" escapes and embedded line breaks, CRLF or LF, a UTF-8 BOM skipped,
// blank lines skipped. Pure: no I/O.
//
//   auto rows = core::ParseCsv(text, {.field = "csv"});
//   if (!rows) return rows.error();          // names the line, as a spreadsheet shows it
//   for (const core::CsvRow& r : *rows) Use(r.line, r.cells);

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/utf8.h"  // IsValidUtf8, used by callers of the reader

namespace ipe::core {

struct CsvRow {
  int64_t line = 0;  // 1-based line where the record starts (what a spreadsheet shows)
  std::vector<std::string> cells;
};

struct CsvOptions {
  /// The field name carried by the error's field error, i.e. the form field the file came from.
  std::string field = "file";
};

/// Every non-blank record of `text`. InvalidArgument (with a field error on `options.field` naming
/// the line) for ill-formed UTF-8, an unterminated quoted field, a quote inside an unquoted field or
/// text after a closing quote. A line with nothing on it is skipped; a line of commas is a record.
Result<std::vector<CsvRow>> ParseCsv(std::string_view text, const CsvOptions& options = {});

/// One CSV record (RFC 4180) ending in CRLF: a cell with a comma, quote or line break is quoted
/// with "" escapes; a cell a spreadsheet would run as a formula (= + - @ at its start) gets a
/// leading ' (CSV injection). ParseCsv reads the result back cell for cell, apart from that '.
std::string CsvLine(const std::vector<std::string>& cells);


}  // namespace ipe::core
