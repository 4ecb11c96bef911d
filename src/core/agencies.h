#pragma once
// Agency names: resolving the name a document writes (高检院, 市市场监管局, 州公安局, 最高檢) to
// one canonical agency with its kind, level and region. Work plans, cases and leads name the same
// agency the same way through this.
//
// The data (data/agencies/national.tsv, compiled in) holds the national member units with their
// short forms, templates for local agencies per administrative level, generic holders (有关部门)
// and a small traditional→simplified character table covering agency names and plan structure
// words.
//
//   const core::AgencyNames& names = core::NationalAgencies();
//   names.Resolve("高检院")->canonical_name == "最高人民检察院"
//
//   core::AgencyMatch m = core::ResolveAgency("市市场监管局", "310000");
//   m.canonical_name == "上海市市场监督管理局", m.kind == "market_regulation",
//   m.level == "provincial", m.region_code == "310000"
//
// Pure: no I/O. The embedded tables are parsed once; everything here is thread-safe after that.

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/status.h"

namespace ipe::core {

class RegionTable;

/// The agency kinds a table may use ("market_regulation", "customs", … "other").
const std::vector<std::string>& AgencyKinds();

/// One national agency.
struct AgencyName {
  std::string canonical_name;  // 最高人民检察院
  std::string short_name;      // 高检院
  std::string kind;            // one of AgencyKinds()
  std::string level;           // national (local agencies come from templates, see AgencyMatch)
  std::vector<std::string> aliases;
};

/// A template for local agencies of one kind (市场监管局 → {R}市场监督管理局).
struct LocalAgencyTemplate {
  std::string kind;
  // Canonical name per level; {R} = region name, {S} = region name without its final 市; "" = none.
  std::string province;      // 省、自治区
  std::string municipality;  // 直辖市 (北京 天津 上海 重庆)
  std::string prefecture;
  std::string county;
  std::vector<std::string> short_forms;  // written after the level marker: 市|市场监管局
};

/// How a name was resolved.
enum class AgencyResolution {
  kNational,    // a national agency
  kLocal,       // a local agency built from a template and a region
  kGeneric,     // a holder that names no agency (有关部门, 相关成员单位); kept as written
  kUnresolved,  // not known: kept as written and reported, never dropped
};

/// The outcome of resolving one written name.
struct AgencyMatch {
  std::string written;  // as it appeared in the document (whitespace removed)
  AgencyResolution resolution = AgencyResolution::kUnresolved;
  std::string canonical_name;  // canonical name; for generic/unresolved the normalised written name
  std::string kind;            // "" unless national or local
  std::string level;           // national | provincial | prefecture | county; "" unless resolved
  std::string region_code;     // "000000" for national agencies; "" unless resolved

  bool resolved() const {
    return resolution == AgencyResolution::kNational || resolution == AgencyResolution::kLocal;
  }
};

/// Maps traditional characters to simplified ones, one code point for one, using the table's t2s
/// records. Characters outside the table are left alone, so the output has the same length in code
/// points as the input. Invalid UTF-8 bytes are copied through.
std::string ToSimplifiedForAgencies(std::string_view text);

class AgencyNames {
 public:
  /// Parses the record format described in data/agencies/national.tsv ("agency", "local",
  /// "generic", "t2s" records; '#' comments). InvalidArgument names the first bad line: a wrong
  /// field count, an unknown kind or level, or an alias that two agencies share.
  static Result<AgencyNames> Parse(std::string_view tsv);

  /// The national agency a name refers to (canonical name, short name or alias, simplified or
  /// traditional), or nullptr.
  const AgencyName* Resolve(std::string_view name) const;

  /// Resolves a name as written in a document issued in `region_code` (GB/T 2260, "" or "000000"
  /// for a national document). Order: generic holders, national agencies, then local agencies by
  /// level marker (市市场监管局: the nearest enclosing region whose name ends in 市), by
  /// region-name prefix (上海市公安局, 黔东南州公安局), or by the bare short form (公安局: the
  /// issuing region). Never fails: an unknown name comes back as kUnresolved with the name kept.
  /// `regions` may be null, in which case local names stay unresolved.
  AgencyMatch Match(std::string_view written, std::string_view region_code,
                    const RegionTable* regions) const;

  const std::vector<AgencyName>& all() const { return agencies_; }
  const std::vector<LocalAgencyTemplate>& local_templates() const { return local_; }
  /// Maps one code point through the t2s table (identity if absent).
  char32_t Simplify(char32_t c) const;

 private:
  std::optional<AgencyMatch> MatchLocal(const std::string& name, std::string_view region_code,
                                        const RegionTable& regions) const;

  std::vector<AgencyName> agencies_;
  std::unordered_map<std::string, size_t> by_name_;  // simplified name -> agencies_ index
  std::vector<LocalAgencyTemplate> local_;
  std::unordered_map<std::string, size_t> local_by_short_;  // short form -> local_ index
  std::vector<std::string> generic_;
  std::unordered_map<char32_t, char32_t> t2s_;
};

/// The embedded table, parsed once (thread-safe).
const AgencyNames& NationalAgencies();

/// NationalAgencies().Match(written, region_code, &Regions()).
AgencyMatch ResolveAgency(std::string_view written, std::string_view region_code = "");

/// "national", "local", "generic", "unresolved".
const char* AgencyResolutionName(AgencyResolution r);

}  // namespace ipe::core
