#include "app/code_label.h"

namespace ipe::app {

const char* LabelOf(const std::vector<CodeLabel>& table, std::string_view code) {
  for (const CodeLabel& c : table) {
    if (code == c.code) return c.name_zh;
  }
  return nullptr;
}

std::string LabelOrCode(const std::vector<CodeLabel>& table, std::string_view code) {
  const char* zh = LabelOf(table, code);
  return zh ? std::string(zh) : std::string(code);
}

}  // namespace ipe::app
