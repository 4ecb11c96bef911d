#pragma once
// The tab-separated data tables under data/ (data/statistics/population.tsv,
// data/classification/nice_goods_classes.tsv): blank lines and `#` comments are skipped; the lines
// `source<TAB>where it comes from<TAB>confidence` and `version<TAB>edition` say where the table comes
// from; every other line is a row, given to the caller with its line number.
//
//   core::DataTableHeader header;
//   IPE_RETURN_IF_ERROR(core::ReadDataTable(text, &header, [&](int line, std::vector<std::string> cols) {
//     if (cols.size() != 3) return core::SectionError(name, line, "expected: code, zh, en");
//     …
//     return core::Status();
//   }));
//
// The caller checks the rows and that the header lines it needs were given.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace ipe::core {

struct DataTableHeader {
  std::string source;
  std::string confidence;  // C / S / M, as in the rule files
  std::string version;     // empty when the table has no version line
};

/// Reads `text` row by row; stops at the first error `row` returns and returns it.
core::Status ReadDataTable(std::string_view text, DataTableHeader* header,
                           const std::function<core::Status(int line, std::vector<std::string> cols)>& row);

}  // namespace ipe::core
