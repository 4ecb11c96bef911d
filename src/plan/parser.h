#pragma once
// Work-plan parser: plain text as it comes out of PDFs and web pages → plan::Plan.
//
// Accepts lines broken mid-word, blank lines, page markers (— 2 —, - 2 -, 第 2 页), full-width or
// ASCII punctuation, simplified or traditional characters, notices before the title and source
// lines after the plan. See docs/plan-format.md for the accepted forms with examples.
//
//   plan::ParseOptions opts;
//   opts.region_code = "310000";   // a Shanghai plan: 市市场监管局 → 上海市市场监督管理局
//   core::Result<plan::Plan> p = plan::ParsePlan(text, opts);
//   if (!p) { /* p.error(): InvalidArgument, message starts with 第 N 行 when a line is known */ }
//   p->sections[0].tasks[0].items[0].lead[0].canonical_name
//
// Pure: no I/O. Thread-safe (the agency and region tables are immutable).

#include <cstddef>
#include <string_view>

#include "core/status.h"
#include "plan/plan.h"

namespace ipe::core {
class AgencyNames;
class RegionTable;
}  // namespace ipe::core

namespace ipe::plan {

/// Inputs above this size are refused (a plan is a few dozen kilobytes).
inline constexpr size_t kMaxPlanBytes = 4 * 1024 * 1024;

struct ParseOptions {
  std::string region_code;                      // issuer's GB/T 2260 code; "" = national plan
  const core::AgencyNames* agencies = nullptr;  // null: core::NationalAgencies()
  const core::RegionTable* regions = nullptr;   // null: core::Regions()
};

/// Where and why parsing failed.
struct ParseError {
  DiagnosticCode code = DiagnosticCode::kNoStructure;
  int line = 0;
};

/// Parses a plan. InvalidArgument when the input is empty (kEmptyInput), larger than
/// kMaxPlanBytes (kTooLarge), or has no section or task heading (kNoStructure); `error`, when
/// given, receives the reason and line. Everything else (odd numbering, unmatched parentheses,
/// unknown agencies, no title) is a warning in Plan::warnings or a finding of Check(): a usable
/// plan with its problems named beats a refusal.
core::Result<Plan> ParsePlan(std::string_view text, const ParseOptions& options = {},
                             ParseError* error = nullptr);

}  // namespace ipe::plan
