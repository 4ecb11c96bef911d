// Fuzzes the CSV reader every import goes through (core/csv.h). Beyond "no crash": whatever parses
// must survive a round trip — written back with every cell quoted, it parses to the same cells.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/csv.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto rows = ipe::core::ParseCsv(text);
  if (!rows) return 0;
  std::string again;
  for (const ipe::core::CsvRow& row : *rows) {
    if (row.cells.empty() || row.line < 1) __builtin_trap();
    for (size_t i = 0; i < row.cells.size(); ++i) {
      if (i) again += ',';
      again += '"';
      for (char c : row.cells[i]) again += c == '"' ? std::string("\"\"") : std::string(1, c);
      again += '"';
    }
    again += "\r\n";
  }
  auto reparsed = ipe::core::ParseCsv(again);
  if (!reparsed || reparsed->size() != rows->size()) __builtin_trap();
  for (size_t r = 0; r < rows->size(); ++r) {
    if ((*reparsed)[r].cells != (*rows)[r].cells) __builtin_trap();
  }
  return 0;
}
