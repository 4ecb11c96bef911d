#pragma once
// Harmless destruction (无害化销毁) of seized goods: which methods fit an item category, which
// licensed unit may take it, and which capable unit is nearest. The rules are data
// (rules/custody/destruction.rules, after 环境保护部公告2014年第18号 — legal-rules.md §9), each with
// its source and confidence. Pure: the caller passes the units and the date.
//
//   const DestructionRules& rules = DefaultDestructionRules();
//   auto reasons = CheckUnitFits(rules, "hazardous", "incineration", unit, today);
//   reasons.empty()   // false for a unit without the hazardous-waste licence
//   auto ranked = RankUnits(rules, {"electronic"}, "incineration", units, "310115", today);
//
// docs/custody.md explains the categories and their marks.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/time.h"

namespace ipe::custody {

/// "C" confirmed from the primary text, "S" a secondary page, "M" unconfirmed (shown flagged).
struct RuleMark {
  std::string source;
  std::string confidence;  // C | S | M
  std::string note;
  int line = 0;
};

struct DestructionMethod {
  std::string key;    // "incineration"
  std::string title;  // "焚烧处置"
  RuleMark mark;
};

/// An item category and what its destruction needs.
struct ItemCategory {
  std::string key;              // "hazardous"
  std::string title;            // zh-CN
  std::string unit_capability;  // the waste category a unit must be licensed for
  std::vector<std::string> methods;
  RuleMark mark;
};

struct DestructionRules {
  std::string pack;
  std::string title;
  std::vector<DestructionMethod> methods;
  std::vector<ItemCategory> categories;

  const ItemCategory* FindCategory(std::string_view key) const;
  const DestructionMethod* FindMethod(std::string_view key) const;
};

/// Parses a pack ("file:line: reason" in an InvalidArgument on a syntax error, an unknown or
/// duplicate key, a missing title/unit_capability/methods/source/confidence, a method a category
/// names that no [method] section defines, or a confidence other than C/S/M).
core::Result<DestructionRules> ParseDestructionRules(std::string_view file, std::string_view text);

/// The embedded pack, parsed once (a broken embedded pack is a bug and aborts).
const DestructionRules& DefaultDestructionRules();

/// The waste categories a unit may take (general, electronic, hazardous, alcohol …).
struct WasteCapability {
  const char* key;
  const char* name_zh;
};
const std::vector<WasteCapability>& WasteCapabilities();
const char* CapabilityName(std::string_view key);

/// What the rules need to know of a destruction unit (名录中的无害化处置单位).
struct UnitFacts {
  int64_t id = 0;
  std::string region_code;                // GB/T 2260
  std::vector<std::string> capabilities;  // WasteCapabilities keys it is licensed for
  core::Date licence_valid_until;
  bool active = true;
};

/// Every reason why `unit` may not destroy items of `category` by `method` on `on` (empty: it
/// fits): an unknown category or method, a method the category does not allow, a unit without the
/// category's licence, a licence expired before `on`, a unit struck off the directory. zh-CN.
std::vector<std::string> CheckUnitFits(const DestructionRules& rules, std::string_view category,
                                       std::string_view method, const UnitFacts& unit,
                                       core::Date on);

/// How near a unit is to the applying agency: 0 same county, 1 same prefecture, 2 same
/// province, 3 elsewhere (the guide's "就近").
int Distance(std::string_view agency_region, std::string_view unit_region);

/// The units that fit every category with `method` on `on`, nearest first (then by id).
std::vector<UnitFacts> RankUnits(const DestructionRules& rules,
                                 const std::vector<std::string>& categories,
                                 std::string_view method, const std::vector<UnitFacts>& units,
                                 std::string_view agency_region, core::Date on);

}  // namespace ipe::custody
