#pragma once
// A small RFC 4180 CSV reader for the brand registry import (app/monitoring.h): quoted fields with
// "" escapes and embedded newlines, CRLF or LF, a UTF-8 BOM skipped. No I/O.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace ipe::app {

struct CsvRow {
  int64_t line = 0;  // 1-based line where the record starts (what a spreadsheet shows)
  std::vector<std::string> cells;
};

/// Every record of `text`. InvalidArgument (field "file", naming the line) for an unterminated
/// quoted field, a quote inside an unquoted field, text after a closing quote, or ill-formed UTF-8.
core::Result<std::vector<CsvRow>> ParseCsv(std::string_view text);

}  // namespace ipe::app
