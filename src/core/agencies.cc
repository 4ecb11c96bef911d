#include "core/agencies.h"

#include <cstdlib>

namespace ipe::embedded {
extern const char kAgenciesNationalTsv[];
extern const unsigned long kAgenciesNationalTsv_size;
}  // namespace ipe::embedded

namespace ipe::core {
namespace {

std::vector<std::string> Split(std::string_view s, char sep) {
  std::vector<std::string> out;
  if (s.empty()) return out;
  size_t start = 0;
  for (;;) {
    size_t pos = s.find(sep, start);
    out.emplace_back(s.substr(start, pos == std::string_view::npos ? pos : pos - start));
    if (pos == std::string_view::npos) break;
    start = pos + 1;
  }
  return out;
}

}  // namespace

Result<AgencyNames> AgencyNames::Parse(std::string_view tsv) {
  AgencyNames t;
  size_t line_no = 0;
  while (!tsv.empty()) {
    size_t nl = tsv.find('\n');
    std::string_view line = tsv.substr(0, nl);
    tsv.remove_prefix(nl == std::string_view::npos ? tsv.size() : nl + 1);
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    auto f = Split(line, '\t');
    if (f.size() != 5 || f[0].empty() || f[2].empty() || f[3].empty()) {
      return InvalidArgument("机构名称表第 " + std::to_string(line_no) + " 行格式错误");
    }
    AgencyName a{f[0], f[1], f[2], f[3], Split(f[4], '|')};
    size_t idx = t.agencies_.size();
    for (const std::string& n : std::vector<std::string>{a.canonical_name, a.short_name}) {
      if (!n.empty()) t.by_name_.emplace(n, idx);
    }
    for (const std::string& alias : a.aliases) {
      auto [it, inserted] = t.by_name_.emplace(alias, idx);
      if (!inserted && it->second != idx) {
        return InvalidArgument("机构别名重复: " + alias);
      }
    }
    t.agencies_.push_back(std::move(a));
  }
  return t;
}

const AgencyName* AgencyNames::Resolve(std::string_view name) const {
  auto it = by_name_.find(std::string(name));
  return it == by_name_.end() ? nullptr : &agencies_[it->second];
}

const AgencyNames& NationalAgencies() {
  static const AgencyNames names = [] {
    auto t = AgencyNames::Parse(std::string_view(embedded::kAgenciesNationalTsv,
                                                 embedded::kAgenciesNationalTsv_size));
    if (!t) std::abort();  // embedded data, checked by tests
    return std::move(*t);
  }();
  return names;
}

}  // namespace ipe::core
