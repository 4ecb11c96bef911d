// libFuzzer target for the rule-pack parser (clang; IPE_BUILD_FUZZERS=ON, see scripts/fuzz.sh).
// Invariants checked on every input that parses:
//   1. every `when`/`require` list formats back to text that parses to the same text again;
//   2. evaluating the pack on a fixed set of cases never crashes and gives each rule at most one
//      finding, with a non-empty basis.
// The saved corpus is replayed under g++ by tests/rules/fuzz_replay_test.cc.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "rules/evaluate.h"
#include "rules/pack.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

std::string RuleWith(const std::string& when, const std::string& require) {
  return "pack = p\n[rule r]\nconduct = counterfeit_trademark\nlevel = basic\nwhen = " + when +
         (require.empty() ? "" : "\nrequire = " + require) +
         "\neffective_from = 2000-01-01\nsource = s\nconfidence = C\n";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto pack = ipe::rules::ParseRulePack("fuzz.rules", text);
  if (!pack) {
    Check(pack.error().line >= 1 && pack.error().column >= 1);
    return 0;
  }
  for (const ipe::rules::Rule& r : pack->rules) {
    std::string when = ipe::rules::FormatConditions(r.when, '|');
    std::string require = ipe::rules::FormatConditions(r.require, '&');
    auto again = ipe::rules::ParseRulePack("again.rules", RuleWith(when, require));
    Check(again.has_value());
    Check(ipe::rules::FormatConditions(again->rules[0].when, '|') == when);
    Check(ipe::rules::FormatConditions(again->rules[0].require, '&') == require);
  }
  auto set = ipe::rules::RuleSet::Load({{"fuzz.rules", std::string(text)}});
  if (!set) return 0;
  for (const ipe::rules::ConductInfo& conduct : ipe::rules::Conducts()) {
    for (int64_t amount : {int64_t{0}, int64_t{4'999'999}, int64_t{5'000'000},
                           ipe::rules::kMaxFactValue}) {
      ipe::rules::CaseFacts f;
      f.act_date = ipe::core::Date::FromCivil(2024, 1, 1);
      f.conduct = conduct.conduct;
      f.amounts = {ipe::core::Fen(amount), ipe::core::Fen(amount), ipe::core::Fen(amount),
                   ipe::core::Fen(amount), ipe::core::Fen(amount)};
      f.counts.marks = f.counts.copies = f.counts.rights_involved = f.counts.unsold_marks =
          f.counts.unsold_copies = f.counts.clicks = f.counts.members = f.counts.works = amount;
      f.prior_penalties.push_back({ipe::core::Date::FromCivil(2023, 1, 1), conduct.conduct});
      auto findings = ipe::rules::Evaluate(*set, f);
      Check(findings.has_value());
      Check(findings->size() <= set->rules().size());
      for (const auto& finding : *findings) Check(!finding.basis.empty());
    }
  }
  return 0;
}
