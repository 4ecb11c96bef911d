#include "statistics/high_incidence.h"

#include <algorithm>
#include <cstdlib>
#include <set>

#include "core/data_table.h"
#include "core/sections.h"
#include "core/strings.h"

namespace ipe::embedded {
extern const char kHighIncidenceRules[];
extern const char kPopulationTsv[];
}  // namespace ipe::embedded

namespace ipe::statistics {

namespace {

std::optional<int64_t> Integer(std::string_view text, int64_t lo, int64_t hi) {
  if (text.empty() || text.size() > 12) return std::nullopt;
  int64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  if (v < lo || v > hi) return std::nullopt;
  return v;
}

// The yearly figure compared across provinces: per 100,000 inhabitants × 100, or the count.
int64_t Measure(const HighIncidenceRule& rule, int64_t count, int64_t population) {
  if (!rule.per_100k) return count;
  return population > 0 ? count * 100 * 100000 / population : 0;
}

}  // namespace

const HighIncidenceRule* HighIncidenceRules::Find(std::string_view key) const {
  for (const HighIncidenceRule& r : rules) {
    if (r.key == key) return &r;
  }
  return nullptr;
}

core::Result<HighIncidenceRules> ParseHighIncidenceRules(std::string_view name, std::string_view text) {
  IPE_ASSIGN_OR_RETURN(core::SectionFile file, core::ParseSections(name, text));
  HighIncidenceRules out;
  if (const core::Entry* v = file.header.Find("version")) out.version = v->value;
  for (const core::Section& s : file.sections) {
    if (s.kind != "rule") return core::SectionError(name, s.line, "unknown section [" + s.kind + "]");
    HighIncidenceRule r;
    r.key = s.key;
    for (const core::Entry& e : s.entries) {
      auto number = [&](int64_t lo, int64_t hi) -> core::Result<int64_t> {
        auto v = Integer(e.value, lo, hi);
        if (!v) {
          return core::SectionError(name, e.line, e.key + " must be a whole number from " + std::to_string(lo) +
                                                      " to " + std::to_string(hi));
        }
        return *v;
      };
      if (e.key == "title") {
        r.title = e.value;
      } else if (e.key == "indicator") {
        r.indicator = e.value;
      } else if (e.key == "per_100k") {
        if (e.value != "yes" && e.value != "no") return core::SectionError(name, e.line, "per_100k is yes or no");
        r.per_100k = e.value == "yes";
      } else if (e.key == "years") {
        IPE_ASSIGN_OR_RETURN(int64_t v, number(1, 10));
        r.years = static_cast<int>(v);
      } else if (e.key == "top_percent") {
        IPE_ASSIGN_OR_RETURN(int64_t v, number(1, 100));
        r.top_percent = static_cast<int>(v);
      } else if (e.key == "min_growth_percent") {
        IPE_ASSIGN_OR_RETURN(int64_t v, number(1, 10000));
        r.min_growth_percent = static_cast<int>(v);
      } else if (e.key == "min_count") {
        IPE_ASSIGN_OR_RETURN(r.min_count, number(0, 1000000000));
      } else if (e.key == "source") {
        r.source = e.value;
      } else if (e.key == "confidence") {
        if (e.value != "C" && e.value != "S" && e.value != "M") {
          return core::SectionError(name, e.line, "confidence is C, S or M");
        }
        r.confidence = e.value;
      } else {
        return core::SectionError(name, e.line, "unknown key " + e.key);
      }
    }
    const bool persistent = r.years > 0 || r.top_percent > 0;
    const bool rising = r.min_growth_percent > 0 || r.min_count > 0;
    if (persistent == rising) {
      return core::SectionError(name, s.line, "a rule has either years + top_percent or min_growth_percent + min_count");
    }
    if (persistent && (r.years == 0 || r.top_percent == 0)) {
      return core::SectionError(name, s.line, "a persistent rule needs years and top_percent");
    }
    if (rising && r.min_growth_percent == 0) return core::SectionError(name, s.line, "a rising rule needs min_growth_percent");
    for (const auto& [value, what] : {std::pair{&r.title, "title"}, std::pair{&r.indicator, "indicator"},
                                      std::pair{&r.source, "source"}, std::pair{&r.confidence, "confidence"}}) {
      if (value->empty()) return core::SectionError(name, s.line, std::string("missing ") + what);
    }
    if (out.Find(r.key)) return core::SectionError(name, s.line, "rule " + r.key + " given twice");
    out.rules.push_back(std::move(r));
  }
  if (out.rules.empty()) return core::SectionError(name, 1, "no rule");
  return out;
}

const HighIncidenceRules& DefaultHighIncidenceRules() {
  static const HighIncidenceRules kRules = [] {
    auto parsed = ParseHighIncidenceRules("statistics/high_incidence.rules", embedded::kHighIncidenceRules);
    if (!parsed) std::abort();  // compiled in and tested: cannot fail at run time
    return *parsed;
  }();
  return kRules;
}

core::Result<Population> ParsePopulation(std::string_view name, std::string_view text) {
  Population out;
  core::DataTableHeader header;
  IPE_RETURN_IF_ERROR(core::ReadDataTable(text, &header, [&](int line_no, std::vector<std::string> cols) {
    auto people = cols.size() == 4 ? Integer(cols[2], 1, 2000000000) : std::nullopt;
    if (!people || cols[0].size() != 6) {
      return core::SectionError(name, line_no, "expected: code, name, population, census date");
    }
    if (!out.by_region.emplace(cols[0], *people).second) {
      return core::SectionError(name, line_no, "region " + cols[0] + " given twice");
    }
    return core::Status();
  }));
  out.source = header.source;
  out.confidence = header.confidence;
  if (out.by_region.empty() || out.source.empty()) return core::SectionError(name, 1, "no source or no region");
  return out;
}

const Population& DefaultPopulation() {
  static const Population kPopulation = [] {
    auto parsed = ParsePopulation("statistics/population.tsv", embedded::kPopulationTsv);
    if (!parsed) std::abort();  // compiled in and tested
    return *parsed;
  }();
  return kPopulation;
}

std::vector<int> YearsRead(const HighIncidenceRule& rule, int year) {
  std::vector<int> years;
  int span = rule.persistent() ? rule.years : 2;
  for (int y = year - span + 1; y <= year; ++y) years.push_back(y);
  return years;
}

std::vector<Candidate> FindCandidates(const HighIncidenceRule& rule, const Population& population,
                                      const YearlyFigures& figures, int year) {
  auto count_of = [&](int y, const std::string& region) -> int64_t {
    auto yi = figures.find(y);
    if (yi == figures.end()) return 0;
    auto ri = yi->second.find(region);
    return ri == yi->second.end() ? 0 : ri->second;
  };
  // Each year's ranks of the provinces by the rule's measure (1 = highest; equal figures share a rank).
  std::map<int, std::map<std::string, int>> ranks;
  std::map<int, std::set<std::string>> top;
  const size_t provinces = population.by_region.size();
  const size_t top_n = rule.persistent() ? (provinces * rule.top_percent + 99) / 100 : 0;
  for (int y : YearsRead(rule, year)) {
    std::vector<std::pair<int64_t, std::string>> measured;
    for (const auto& [region, people] : population.by_region) {
      measured.emplace_back(Measure(rule, count_of(y, region), people), region);
    }
    std::sort(measured.begin(), measured.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (size_t i = 0; i < measured.size(); ++i) {
      int rank = (i > 0 && measured[i].first == measured[i - 1].first) ? ranks[y][measured[i - 1].second]
                                                                          : static_cast<int>(i + 1);
      ranks[y][measured[i].second] = rank;
      if (rule.persistent() && static_cast<size_t>(rank) <= top_n && measured[i].first > 0) {
        top[y].insert(measured[i].second);
      }
    }
  }
  std::vector<Candidate> out;
  for (const auto& [region, people] : population.by_region) {
    Candidate c{region, rule.key, {}, std::nullopt};
    bool in = true;
    if (rule.persistent()) {
      for (int y : YearsRead(rule, year)) in = in && top[y].count(region) > 0;
    } else {
      int64_t now = count_of(year, region);
      int64_t before = count_of(year - 1, region);
      in = now >= rule.min_count && before > 0 && (now - before) * 100 >= before * rule.min_growth_percent;
      if (in) c.growth_percent = static_cast<int>((now - before) * 100 / before);
    }
    if (!in) continue;
    for (int y : YearsRead(rule, year)) {
      int64_t n = count_of(y, region);
      c.years.push_back({y, n, rule.per_100k ? std::optional<int64_t>(Measure(rule, n, people)) : std::nullopt,
                         ranks[y][region]});
    }
    out.push_back(std::move(c));
  }
  std::stable_sort(out.begin(), out.end(), [](const Candidate& a, const Candidate& b) {
    return a.years.back().count > b.years.back().count;
  });
  return out;
}

}  // namespace ipe::statistics
