// Fuzzes ReadXlsx (sheet/sheet.h), the reader behind every .xlsx upload. Beyond "no crash, no leak,
// no UB": what it accepts must respect the limits it was given, and a non-empty workbook.
// Seeds: a workbook from openpyxl and one from libxlsxwriter (fuzz/sheet/corpus/).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sheet/sheet.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // Small limits keep each run fast and make the limit paths reachable.
  const ipe::sheet::ReadLimits limits{
      .max_uncompressed_bytes = 4u << 20, .max_rows = 2000, .max_columns = 64, .max_cells = 20000};
  auto sheets =
      ipe::sheet::ReadXlsx(std::string_view(reinterpret_cast<const char*>(data), size), limits);
  if (!sheets) {
    if (sheets.error().code() != ipe::core::StatusCode::kInvalidArgument) __builtin_trap();
    return 0;
  }
  if (sheets->empty()) __builtin_trap();
  int64_t cells = 0;
  for (const ipe::sheet::Sheet& s : *sheets) {
    if (static_cast<int64_t>(s.rows.size()) > limits.max_rows) __builtin_trap();
    for (const ipe::sheet::Row& row : s.rows) {
      if (static_cast<int64_t>(row.size()) > limits.max_columns) __builtin_trap();
      cells += static_cast<int64_t>(row.size());
      for (const ipe::sheet::Cell& c : row) {
        if (c.kind == ipe::sheet::CellKind::kDate && c.text.size() != 10) __builtin_trap();
      }
    }
  }
  if (cells > limits.max_cells) __builtin_trap();
  return 0;
}
