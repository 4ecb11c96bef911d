#include "core/region.h"

#include <algorithm>
#include <cstdlib>

namespace ipe::embedded {
extern const char kRegionsTsv[];
extern const unsigned long kRegionsTsv_size;
}  // namespace ipe::embedded

namespace ipe::core {
namespace {

bool IsSixDigits(std::string_view s) {
  return s.size() == 6 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::vector<std::string_view> SplitTabs(std::string_view line) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (;;) {
    size_t tab = line.find('\t', start);
    out.push_back(line.substr(start, tab == std::string_view::npos ? tab : tab - start));
    if (tab == std::string_view::npos) break;
    start = tab + 1;
  }
  return out;
}

}  // namespace

const char* RegionLevelName(RegionLevel level) {
  switch (level) {
    case RegionLevel::kProvince: return "province";
    case RegionLevel::kPrefecture: return "prefecture";
    case RegionLevel::kCounty: return "county";
  }
  return "unknown";
}

Result<RegionTable> RegionTable::Parse(std::string_view tsv) {
  RegionTable t;
  size_t line_no = 0;
  while (!tsv.empty()) {
    size_t nl = tsv.find('\n');
    std::string_view line = tsv.substr(0, nl);
    tsv.remove_prefix(nl == std::string_view::npos ? tsv.size() : nl + 1);
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    auto f = SplitTabs(line);
    if ((f.size() != 4 && f.size() != 5) || !IsSixDigits(f[0]) || f[0] == kNationalRegionCode ||
        f[1].empty() || f[2].size() != 1 || f[2][0] < '1' || f[2][0] > '3' ||
        (f[3].empty() != (f[2][0] == '1')) || (!f[3].empty() && !IsSixDigits(f[3])) ||
        (f.size() == 5 && !f[4].empty() && f[4] != "group")) {
      return InvalidArgument("行政区划数据第 " + std::to_string(line_no) + " 行格式错误");
    }
    t.regions_.push_back(Region{std::string(f[0]), std::string(f[1]),
                                static_cast<RegionLevel>(f[2][0] - '0'), std::string(f[3]),
                                f.size() == 5 && f[4] == "group"});
  }
  std::sort(t.regions_.begin(), t.regions_.end(),
            [](const Region& a, const Region& b) { return a.code < b.code; });
  for (size_t i = 0; i < t.regions_.size(); ++i) {
    if (!t.by_code_.emplace(t.regions_[i].code, i).second) {
      return InvalidArgument("行政区划代码重复: " + t.regions_[i].code);
    }
  }
  for (size_t i = 0; i < t.regions_.size(); ++i) {
    const Region& r = t.regions_[i];
    if (r.parent.empty()) continue;
    auto parent = t.by_code_.find(r.parent);
    if (parent == t.by_code_.end()) {
      return InvalidArgument("行政区划 " + r.code + " 的上级 " + r.parent + " 不存在");
    }
    const Region& p = t.regions_[parent->second];
    if (static_cast<int>(p.level) >= static_cast<int>(r.level) || p.grouping ||
        r.code.compare(0, 2, p.code, 0, 2) != 0) {
      return InvalidArgument("行政区划 " + r.code + " 与上级 " + r.parent + " 的层级或代码不符");
    }
    if (r.grouping) {
      if (r.level != RegionLevel::kPrefecture || p.level != RegionLevel::kProvince) {
        return InvalidArgument("行政区划分组代码 " + r.code + " 应为省级之下的地级代码");
      }
      continue;  // not a child of its municipality (see region.h)
    }
    t.children_[r.parent].push_back(i);
  }
  // A grouping row's children: the counties of the municipality whose code starts with its 4 digits.
  for (size_t i = 0; i < t.regions_.size(); ++i) {
    const Region& g = t.regions_[i];
    if (!g.grouping) continue;
    for (size_t j = 0; j < t.regions_.size(); ++j) {
      const Region& r = t.regions_[j];
      if (r.parent == g.parent && !r.grouping && r.code.compare(0, 4, g.code, 0, 4) == 0) {
        t.children_[g.code].push_back(j);
      }
    }
  }
  return t;
}

const Region* RegionTable::Find(std::string_view code) const {
  auto it = by_code_.find(std::string(code));
  return it == by_code_.end() ? nullptr : &regions_[it->second];
}

const Region* RegionTable::Parent(std::string_view code) const {
  const Region* r = Find(code);
  return r == nullptr || r->parent.empty() ? nullptr : Find(r->parent);
}

std::vector<const Region*> RegionTable::Provinces() const {
  std::vector<const Region*> out;
  for (const Region& r : regions_) {
    if (r.level == RegionLevel::kProvince) out.push_back(&r);
  }
  return out;
}

std::vector<const Region*> RegionTable::Children(std::string_view code) const {
  std::vector<const Region*> out;
  auto it = children_.find(std::string(code));
  if (it == children_.end()) return out;
  for (size_t i : it->second) out.push_back(&regions_[i]);
  return out;
}

std::vector<const Region*> RegionTable::Path(std::string_view code) const {
  std::vector<const Region*> out;
  for (const Region* r = Find(code); r; r = r->parent.empty() ? nullptr : Find(r->parent)) {
    out.push_back(r);
  }
  std::reverse(out.begin(), out.end());
  return out;
}

std::string RegionTable::FullName(std::string_view code) const {
  std::string out;
  for (const Region* r : Path(code)) {
    // 省直辖县级行政区划 is a grouping, not part of a place's name.
    if (r->level == RegionLevel::kPrefecture && r->code.compare(2, 2, "90") == 0 &&
        r->code != code) {
      continue;
    }
    out += r->name;
  }
  return out;
}

bool RegionTable::IsWithin(std::string_view ancestor, std::string_view code) const {
  const Region* region = Find(code);
  if (region == nullptr) return false;
  if (ancestor == kNationalRegionCode) return true;
  if (ancestor == code) return true;
  const Region* anc = Find(ancestor);
  if (anc == nullptr) return false;
  if (anc->grouping) {
    // 110100 市辖区 covers the municipality's 1101xx districts.
    return !region->grouping && region->code.compare(0, 4, anc->code, 0, 4) == 0 &&
           region->parent == anc->parent;
  }
  for (const Region* r = Parent(code); r != nullptr; r = Parent(r->code)) {
    if (r == anc) return true;
  }
  return false;
}

std::vector<const Region*> RegionTable::FindByName(std::string_view name,
                                                   std::string_view within) const {
  std::vector<const Region*> exact, full, prefix;
  if (name.empty()) return exact;
  for (const Region& r : regions_) {
    if (within != kNationalRegionCode && !IsWithin(within, r.code)) continue;
    if (r.name == name) {
      exact.push_back(&r);
    } else if (r.grouping) {
      continue;  // "市辖区" only on an exact match
    } else if (r.name.compare(0, name.size(), name) == 0) {
      prefix.push_back(&r);
    } else if (name.size() > r.name.size() &&
               name.compare(name.size() - r.name.size(), r.name.size(), r.name) == 0 &&
               FullName(r.code) == name) {
      full.push_back(&r);
    }
  }
  exact.insert(exact.end(), full.begin(), full.end());
  exact.insert(exact.end(), prefix.begin(), prefix.end());
  return exact;
}

const RegionTable& Regions() {
  static const RegionTable table = [] {
    auto t = RegionTable::Parse(
        std::string_view(embedded::kRegionsTsv, embedded::kRegionsTsv_size));
    // The embedded table is checked by tests at build time; failing here is a build bug.
    if (!t) std::abort();
    return std::move(*t);
  }();
  return table;
}

std::string ProvinceCodeOf(std::string_view code) {
  return std::string(code.substr(0, 2)) + "0000";
}

std::string PrefectureCodeOf(std::string_view code) {
  return std::string(code.substr(0, 4)) + "00";
}

RegionLevel LevelOfCode(std::string_view code) {
  if (code.substr(2) == "0000") return RegionLevel::kProvince;
  if (code.substr(4) == "00") return RegionLevel::kPrefecture;
  return RegionLevel::kCounty;
}

std::string CommonAncestorCode(const std::vector<std::string>& codes) {
  if (codes.empty()) return std::string(kNationalRegionCode);
  auto shared = [&](size_t digits) {
    for (const std::string& c : codes) {
      if (c.compare(0, digits, codes[0], 0, digits) != 0) return false;
    }
    return true;
  };
  if (shared(6)) return codes[0];
  if (shared(4)) return PrefectureCodeOf(codes[0]);
  if (shared(2)) return ProvinceCodeOf(codes[0]);
  return std::string(kNationalRegionCode);
}

}  // namespace ipe::core
