#include "core/region.h"

#include <algorithm>

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
    if (f.size() != 4 || !IsSixDigits(f[0]) || f[1].empty() || f[2].size() != 1 ||
        f[2][0] < '1' || f[2][0] > '3' || (!f[3].empty() && !IsSixDigits(f[3]))) {
      return InvalidArgument("行政区划数据第 " + std::to_string(line_no) + " 行格式错误");
    }
    t.regions_.push_back(Region{std::string(f[0]), std::string(f[1]),
                                static_cast<RegionLevel>(f[2][0] - '0'), std::string(f[3])});
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
    if (!t.by_code_.count(r.parent)) {
      return InvalidArgument("行政区划 " + r.code + " 的上级 " + r.parent + " 不存在");
    }
    t.children_[r.parent].push_back(i);
  }
  return t;
}

const Region* RegionTable::Find(std::string_view code) const {
  auto it = by_code_.find(std::string(code));
  return it == by_code_.end() ? nullptr : &regions_[it->second];
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
    if (r->level == RegionLevel::kPrefecture && r->code.substr(2, 2) == "90") continue;
    out += r->name;
  }
  return out;
}

bool RegionTable::IsWithin(std::string_view ancestor, std::string_view code) const {
  if (ancestor == "000000") return IsSixDigits(code);
  for (const Region* r = Find(code); r; r = r->parent.empty() ? nullptr : Find(r->parent)) {
    if (r->code == ancestor) return true;
  }
  return false;
}

std::vector<const Region*> RegionTable::FindByName(std::string_view name) const {
  std::vector<const Region*> exact, prefix;
  for (const Region& r : regions_) {
    if (r.name == name) {
      exact.push_back(&r);
    } else if (!name.empty() && r.name.compare(0, name.size(), name) == 0) {
      prefix.push_back(&r);
    }
  }
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

}  // namespace ipe::core
