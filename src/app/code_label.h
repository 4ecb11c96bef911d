#pragma once
// Code tables: the codes an area accepts, each with the zh-CN name officers read. Shared by every
// area (cases, monitoring, credit …) so a code is never shown raw (issue 14).

#include <string>
#include <string_view>
#include <vector>

namespace ipe::app {

/// Allowed codes (validated; the UI shows zh-CN labels from the same table).
struct CodeLabel {
  const char* code;
  const char* name_zh;
};

/// The zh-CN label of `code` in `table`; nullptr when `code` is none of its codes.
const char* LabelOf(const std::vector<CodeLabel>& table, std::string_view code);

/// The zh-CN label of `code`, or the code itself when the table lacks it (old records).
std::string LabelOrCode(const std::vector<CodeLabel>& table, std::string_view code);

}  // namespace ipe::app
