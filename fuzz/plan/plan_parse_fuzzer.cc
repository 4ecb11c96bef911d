// libFuzzer target for the work-plan parser (clang-14, IPE_BUILD_FUZZERS=ON; scripts/fuzz-plan.sh).
// Besides "no crash, no sanitizer report" it checks the parser's promises: every string it returns
// is valid UTF-8, no agency name is empty or dropped, and counts agree with the structure.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "plan/parser.h"

namespace {

bool ValidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    auto b0 = static_cast<unsigned char>(s[i]);
    size_t len = b0 < 0x80           ? 1
                 : (b0 >> 5) == 0x6  ? 2
                 : (b0 >> 4) == 0xE  ? 3
                 : (b0 >> 3) == 0x1E ? 4
                                     : 0;
    if (len == 0 || i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += len;
  }
  return true;
}

void Require(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // The first byte picks the issuer's region so that local-name resolution is exercised too.
  std::string region;
  if (size > 0) {
    static const char* const kRegions[] = {"", "310000", "522600", "440305", "450000", "000000"};
    region = kRegions[data[0] % 6];
  }
  std::string_view text(reinterpret_cast<const char*>(data), size);
  ipe::plan::ParseOptions options;
  options.region_code = region;
  ipe::plan::ParseError error;
  auto plan = ipe::plan::ParsePlan(text, options, &error);
  if (!plan) {
    Require(error.code == ipe::plan::DiagnosticCode::kEmptyInput ||
            error.code == ipe::plan::DiagnosticCode::kTooLarge ||
            error.code == ipe::plan::DiagnosticCode::kNoStructure);
    return 0;
  }
  Require(ValidUtf8(plan->title));
  size_t clauses = 0;
  for (const auto& section : plan->sections) {
    Require(ValidUtf8(section.title));
    for (const auto& task : section.tasks) {
      Require(ValidUtf8(task.title));
      for (const auto& item : task.items) {
        Require(ValidUtf8(item.text));
        clauses += item.has_clause;
        Require(item.has_clause || (item.lead.empty() && item.responsible.empty()));
        for (const auto* list : {&item.lead, &item.responsible}) {
          for (const auto& m : *list) {
            Require(!m.canonical_name.empty() && !m.written.empty());
            Require(ValidUtf8(m.canonical_name));
          }
        }
      }
    }
  }
  Require(clauses == plan->ClauseCount());
  for (const auto& d : ipe::plan::Check(*plan)) Require(ValidUtf8(d.message));
  return 0;
}
