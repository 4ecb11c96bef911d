#include "core/data_table.h"

#include "core/strings.h"

namespace ipe::core {

core::Status ReadDataTable(std::string_view text, DataTableHeader* header,
                           const std::function<core::Status(int line, std::vector<std::string> cols)>& row) {
  int line_no = 0;
  for (std::string_view line : core::Split(text, '\n')) {
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cols = core::Split(line, '\t');
    if (cols[0] == "source" && cols.size() == 3) {
      header->source = cols[1];
      header->confidence = cols[2];
      continue;
    }
    if (cols[0] == "version" && cols.size() == 2) {
      header->version = cols[1];
      continue;
    }
    IPE_RETURN_IF_ERROR(row(line_no, std::move(cols)));
  }
  return core::Status();
}

}  // namespace ipe::core
