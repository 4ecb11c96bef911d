#include "core/agencies.h"

#include <algorithm>
#include <cstdlib>

#include "core/region.h"
#include "core/strings.h"
#include "core/utf8.h"

namespace ipe::embedded {
extern const char kAgenciesNationalTsv[];
extern const unsigned long kAgenciesNationalTsv_size;
}  // namespace ipe::embedded

namespace ipe::core {
namespace {

constexpr std::string_view kNationalCode = "000000";

// Decodes one code point at s[*i] (core/utf8.h) and advances *i; kInvalid for an ill-formed byte
// (advanced by one), so that callers can copy it through unchanged.
constexpr char32_t kInvalid = 0xFFFFFFFF;
char32_t DecodeOne(std::string_view s, size_t* i) {
  const size_t before = *i;
  char32_t c = DecodeUtf8(s, i);
  return c == 0xFFFD && *i - before == 1 ? kInvalid : c;
}

// The first `n` code points of s.
std::string_view PrefixCodePoints(std::string_view s, size_t n) {
  size_t i = 0;
  for (size_t k = 0; k < n && i < s.size(); ++k) DecodeOne(s, &i);
  return s.substr(0, i);
}

bool IsSpace(char32_t c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0x3000 || c == 0xA0 || c == 0xFEFF;
}

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool EndsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

enum class TemplateLevel { kProvince, kMunicipality, kPrefecture, kCounty };

TemplateLevel LevelOf(const Region& r) {
  switch (r.level) {
    case RegionLevel::kProvince:
      return EndsWith(r.name, "市") ? TemplateLevel::kMunicipality : TemplateLevel::kProvince;
    case RegionLevel::kPrefecture:
      return TemplateLevel::kPrefecture;
    case RegionLevel::kCounty:
      return TemplateLevel::kCounty;
  }
  return TemplateLevel::kCounty;
}

const char* LevelName(TemplateLevel l) {
  switch (l) {
    case TemplateLevel::kProvince:
    case TemplateLevel::kMunicipality:
      return "provincial";
    case TemplateLevel::kPrefecture:
      return "prefecture";
    case TemplateLevel::kCounty:
      return "county";
  }
  return "county";
}

// Level markers a local plan writes before a short form (市市场监管局), longest first so that
// 自治区 is tried before 区.
constexpr std::string_view kMarkers[] = {"自治区", "自治州", "自治县", "地区", "省", "市",
                                         "州",     "盟",     "区",     "县",   "旗"};

// Ways a document writes a region's name as a prefix: 上海市, 上海; 黔东南苗族侗族自治州, 黔东南州,
// 黔东南; 广西壮族自治区, 广西. Longest first.
std::vector<std::string> NameForms(const Region& r) {
  std::vector<std::string> forms{r.name};
  size_t n = CountCodePoints(r.name);
  size_t autonomy = r.name.find("自治");
  if (autonomy != std::string::npos) {
    // The ethnic part starts at the first 族 (or at 自治); prefixes of at least two code points
    // before it, alone or with the level character (州/区/县).
    size_t ethnic = std::min(autonomy, r.name.find("族"));
    std::string_view last = r.name;
    last.remove_prefix(r.name.size() - 3);  // 州/区/县: one three-byte code point
    size_t max_k = CountCodePoints(std::string_view(r.name).substr(0, ethnic));
    for (size_t k = max_k; k >= 2; --k) {
      std::string p(PrefixCodePoints(r.name, k));
      forms.push_back(p + std::string(last));
      forms.push_back(p);
    }
  } else if (n > 2) {
    for (std::string_view suffix : {"省", "市", "县", "区", "盟", "旗", "地区"}) {
      if (EndsWith(r.name, suffix)) {
        forms.push_back(r.name.substr(0, r.name.size() - suffix.size()));
        break;
      }
    }
  }
  std::stable_sort(forms.begin(), forms.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  return forms;
}

// {R}: the name a canonical local agency carries. County level includes the enclosing prefecture
// or municipality (深圳市南山区, 上海市浦东新区) because county names repeat across the country.
// Grouping rows of the standard that are not places (市辖区, 县, 省直辖县级行政区划).
bool IsGroupingRow(const Region& r) {
  return r.grouping || r.name == "市辖区" || r.name == "县" || EndsWith(r.name, "直辖县级行政区划");
}

std::string RegionDisplayName(const Region& r, const RegionTable& regions) {
  if (r.level == RegionLevel::kCounty && !r.parent.empty()) {
    const Region* parent = regions.Find(r.parent);
    while (parent != nullptr && IsGroupingRow(*parent)) parent = regions.Find(parent->parent);
    if (parent != nullptr) return parent->name + r.name;
  }
  return r.name;
}

// Name forms of every province and prefecture, for local names in a national document. Computed
// once for the embedded region table (the common case), per call for any other table.
const std::vector<std::pair<std::string, const Region*>>& NationalNameForms(
    const RegionTable& regions) {
  auto compute = [](const RegionTable& t) {
    std::vector<std::pair<std::string, const Region*>> out;
    for (const Region* province : t.Provinces()) {
      for (std::string& f : NameForms(*province)) out.emplace_back(std::move(f), province);
      for (const Region* child : t.Children(province->code)) {
        if (IsGroupingRow(*child)) continue;
        for (std::string& f : NameForms(*child)) out.emplace_back(std::move(f), child);
      }
    }
    return out;
  };
  static const std::vector<std::pair<std::string, const Region*>> embedded = compute(Regions());
  if (&regions == &Regions()) return embedded;
  thread_local std::vector<std::pair<std::string, const Region*>> other;
  other = compute(regions);
  return other;
}

bool ParseKind(std::string_view kind) {
  const auto& kinds = AgencyKinds();
  return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

}  // namespace

const std::vector<std::string>& AgencyKinds() {
  static const std::vector<std::string> kinds{
      "market_regulation", "customs",     "police",   "procuratorate",        "court", "ip_office",
      "copyright",         "agriculture", "forestry", "leading_group_office", "other"};
  return kinds;
}

const char* AgencyResolutionName(AgencyResolution r) {
  switch (r) {
    case AgencyResolution::kNational:
      return "national";
    case AgencyResolution::kLocal:
      return "local";
    case AgencyResolution::kGeneric:
      return "generic";
    case AgencyResolution::kUnresolved:
      return "unresolved";
  }
  return "unresolved";
}

Result<AgencyNames> AgencyNames::Parse(std::string_view tsv) {
  AgencyNames t;
  size_t line_no = 0;
  auto bad = [&line_no](const std::string& why) {
    return InvalidArgument("机构名称表第 " + std::to_string(line_no) + " 行" + why);
  };
  std::vector<std::pair<std::string, std::string>> t2s_lines;
  while (!tsv.empty()) {
    size_t nl = tsv.find('\n');
    std::string_view line = tsv.substr(0, nl);
    tsv.remove_prefix(nl == std::string_view::npos ? tsv.size() : nl + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    auto f = Split(line, '\t');
    const std::string& type = f[0];
    if (type == "agency") {
      if (f.size() != 6 || f[1].empty() || f[3].empty() || f[4].empty()) return bad("格式错误");
      if (!ParseKind(f[3])) return bad("机构类别未知: " + f[3]);
      if (f[4] != "national") return bad("级别须为 national: " + f[4]);
      AgencyName a{f[1], f[2], f[3], f[4], Split(f[5], '|')};
      size_t idx = t.agencies_.size();
      std::vector<std::string> names{a.canonical_name};
      if (!a.short_name.empty()) names.push_back(a.short_name);
      names.insert(names.end(), a.aliases.begin(), a.aliases.end());
      for (const std::string& n : names) {
        if (n.empty()) return bad("别名为空");
        auto [it, inserted] = t.by_name_.emplace(n, idx);
        if (!inserted && it->second != idx) return bad("机构别名重复: " + n);
      }
      t.agencies_.push_back(std::move(a));
    } else if (type == "local") {
      if (f.size() != 7 || f[6].empty()) return bad("格式错误");
      if (!ParseKind(f[1])) return bad("机构类别未知: " + f[1]);
      auto level = [](const std::string& s) { return s == "-" ? std::string() : s; };
      LocalAgencyTemplate tpl{f[1],        level(f[2]), level(f[3]),
                              level(f[4]), level(f[5]), Split(f[6], '|')};
      size_t idx = t.local_.size();
      for (const std::string& s : tpl.short_forms) {
        if (s.empty()) return bad("简称为空");
        auto [it, inserted] = t.local_by_short_.emplace(s, idx);
        if (!inserted) return bad("地方机构简称重复: " + s);
      }
      t.local_.push_back(std::move(tpl));
    } else if (type == "generic") {
      if (f.size() != 2 || f[1].empty()) return bad("格式错误");
      for (std::string& g : Split(f[1], '|')) t.generic_.push_back(std::move(g));
    } else if (type == "t2s") {
      if (f.size() != 3) return bad("格式错误");
      size_t i = 0, j = 0;
      char32_t trad = f[1].empty() ? kInvalid : DecodeOne(f[1], &i);
      char32_t simp = f[2].empty() ? kInvalid : DecodeOne(f[2], &j);
      if (trad == kInvalid || simp == kInvalid || i != f[1].size() || j != f[2].size()) {
        return bad("繁简对照须为单个字符");
      }
      t.t2s_[trad] = simp;
    } else {
      return bad("记录类型未知: " + type);
    }
  }
  return t;
}

char32_t AgencyNames::Simplify(char32_t c) const {
  auto it = t2s_.find(c);
  return it == t2s_.end() ? c : it->second;
}

const AgencyName* AgencyNames::Resolve(std::string_view name) const {
  std::string key;
  for (size_t i = 0; i < name.size();) {
    size_t start = i;
    char32_t c = DecodeOne(name, &i);
    if (c == kInvalid) {
      key.append(name.substr(start, i - start));
    } else if (!IsSpace(c)) {
      AppendUtf8(Simplify(c), &key);
    }
  }
  auto it = by_name_.find(key);
  return it == by_name_.end() ? nullptr : &agencies_[it->second];
}

std::optional<AgencyMatch> AgencyNames::MatchLocal(const std::string& name,
                                                   std::string_view region_code,
                                                   const RegionTable& regions) const {
  auto build = [&](const Region& r, size_t tpl_idx) -> std::optional<AgencyMatch> {
    const LocalAgencyTemplate& tpl = local_[tpl_idx];
    TemplateLevel level = LevelOf(r);
    const std::string& pattern = level == TemplateLevel::kProvince       ? tpl.province
                                 : level == TemplateLevel::kMunicipality ? tpl.municipality
                                 : level == TemplateLevel::kPrefecture   ? tpl.prefecture
                                                                         : tpl.county;
    if (pattern.empty()) return std::nullopt;
    std::string canonical = pattern;
    if (size_t pos = canonical.find("{R}"); pos != std::string::npos) {
      canonical.replace(pos, 3, RegionDisplayName(r, regions));
    }
    if (size_t pos = canonical.find("{S}"); pos != std::string::npos) {
      if (!EndsWith(r.name, "市") || CountCodePoints(r.name) < 3) return std::nullopt;
      canonical.replace(pos, 3, r.name.substr(0, r.name.size() - 3));
    }
    AgencyMatch m;
    m.resolution = AgencyResolution::kLocal;
    m.canonical_name = std::move(canonical);
    m.kind = tpl.kind;
    m.level = LevelName(level);
    m.region_code = r.code;
    return m;
  };
  auto short_form = [this](std::string_view rest) -> std::optional<size_t> {
    auto it = local_by_short_.find(std::string(rest));
    if (it == local_by_short_.end()) return std::nullopt;
    return it->second;
  };

  bool has_context = !region_code.empty() && region_code != kNationalCode;
  std::vector<const Region*> path =
      has_context ? regions.Path(region_code) : std::vector<const Region*>{};

  // 1. Level marker + short form: the nearest enclosing region whose name ends with the marker.
  for (std::string_view marker : kMarkers) {
    if (!StartsWith(name, marker)) continue;
    auto tpl = short_form(std::string_view(name).substr(marker.size()));
    if (!tpl) continue;
    for (auto it = path.rbegin(); it != path.rend(); ++it) {
      if (!IsGroupingRow(**it) && EndsWith((*it)->name, marker)) return build(**it, *tpl);
    }
  }

  // 2. Region name + short form (上海市公安局, 黔东南州公安局, 凯里市市场监管局): the regions of
  // the
  //    issuer's path and below it; for a national document, provinces and prefectures.
  std::vector<std::pair<std::string, const Region*>> local_forms;
  const std::vector<std::pair<std::string, const Region*>>* forms = &local_forms;
  if (has_context) {
    std::vector<const Region*> candidates = path;
    for (const Region* child : regions.Children(region_code)) {
      candidates.push_back(child);
      for (const Region* grandchild : regions.Children(child->code))
        candidates.push_back(grandchild);
    }
    for (const Region* r : candidates) {
      if (IsGroupingRow(*r)) continue;
      for (std::string& form : NameForms(*r)) local_forms.emplace_back(std::move(form), r);
    }
  } else {
    forms = &NationalNameForms(regions);
  }
  const Region* best = nullptr;
  size_t best_len = 0;
  size_t best_tpl = 0;
  for (const auto& [form, r] : *forms) {
    if (form.size() <= best_len || !StartsWith(name, form)) continue;
    std::string_view rest = std::string_view(name).substr(form.size());
    auto tpl = short_form(rest);
    if (!tpl) {
      // 上海市 + 市场监管局 is covered by the full name; 黔东南 + 州公安局 needs the marker off.
      for (std::string_view marker : kMarkers) {
        if (StartsWith(rest, marker) && EndsWith(r->name, marker)) {
          tpl = short_form(rest.substr(marker.size()));
          if (tpl) break;
        }
      }
    }
    if (tpl) {
      best = r;
      best_len = form.size();
      best_tpl = *tpl;
    }
  }
  if (best) return build(*best, best_tpl);

  // 3. A bare short form in a local document means the issuer's own agency (公安局).
  if (has_context && !path.empty()) {
    if (auto tpl = short_form(name)) return build(*path.back(), *tpl);
  }
  return std::nullopt;
}

AgencyMatch AgencyNames::Match(std::string_view written, std::string_view region_code,
                               const RegionTable* regions) const {
  AgencyMatch m;
  std::string norm;
  for (size_t i = 0; i < written.size();) {
    size_t start = i;
    char32_t c = DecodeOne(written, &i);
    if (c == kInvalid) {
      m.written.append(written.substr(start, i - start));
      norm.append(written.substr(start, i - start));
      continue;
    }
    if (IsSpace(c)) continue;
    m.written.append(written.substr(start, i - start));
    AppendUtf8(Simplify(c), &norm);
  }
  m.canonical_name = norm;

  bool generic = std::find(generic_.begin(), generic_.end(), norm) != generic_.end();
  for (std::string_view p : {"各", "有关", "相关", "其他"})
    generic = generic || StartsWith(norm, p);
  if (generic) {
    m.resolution = AgencyResolution::kGeneric;
    return m;
  }
  if (auto it = by_name_.find(norm); it != by_name_.end()) {
    const AgencyName& a = agencies_[it->second];
    m.resolution = AgencyResolution::kNational;
    m.canonical_name = a.canonical_name;
    m.kind = a.kind;
    m.level = a.level;
    m.region_code = std::string(kNationalCode);
    return m;
  }
  if (regions != nullptr && !norm.empty()) {
    if (auto local = MatchLocal(norm, region_code, *regions)) {
      local->written = std::move(m.written);
      return *local;
    }
  }
  return m;
}

std::string ToSimplifiedForAgencies(std::string_view text) {
  const AgencyNames& names = NationalAgencies();
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    size_t start = i;
    char32_t c = DecodeOne(text, &i);
    if (c == kInvalid) {
      out.append(text.substr(start, i - start));
    } else {
      AppendUtf8(names.Simplify(c), &out);
    }
  }
  return out;
}

const AgencyNames& NationalAgencies() {
  static const AgencyNames names = [] {
    auto t = AgencyNames::Parse(
        std::string_view(embedded::kAgenciesNationalTsv, embedded::kAgenciesNationalTsv_size));
    if (!t) std::abort();  // embedded data, checked by tests
    return std::move(*t);
  }();
  return names;
}

AgencyMatch ResolveAgency(std::string_view written, std::string_view region_code) {
  return NationalAgencies().Match(written, region_code, &Regions());
}

}  // namespace ipe::core
