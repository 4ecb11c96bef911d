#pragma once
// Agency names: the national member units with their canonical names and the short forms plan
// documents use (data/agencies/national.tsv, compiled in). Resolving a name found in a document to
// its canonical agency is how work plans, cases and leads name the same agency the same way.
//
//   const core::AgencyNames& names = core::NationalAgencies();
//   names.Resolve("高检院")->canonical_name == "最高人民检察院"

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/status.h"

namespace ipe::core {

struct AgencyName {
  std::string canonical_name;
  std::string short_name;
  std::string kind;    // market_regulation, customs, police, procuratorate, court, …
  std::string level;   // national, provincial, prefecture, county
  std::vector<std::string> aliases;
};

class AgencyNames {
 public:
  /// Parses "canonical<TAB>short<TAB>kind<TAB>level<TAB>alias|alias…" lines ('#' comments).
  static Result<AgencyNames> Parse(std::string_view tsv);

  /// The agency a name refers to (canonical name, short name or alias), or nullptr.
  const AgencyName* Resolve(std::string_view name) const;
  const std::vector<AgencyName>& all() const { return agencies_; }

 private:
  std::vector<AgencyName> agencies_;
  std::unordered_map<std::string, size_t> by_name_;
};

/// The embedded national table, parsed once.
const AgencyNames& NationalAgencies();

}  // namespace ipe::core
