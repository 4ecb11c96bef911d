#include "statistics/cooperation.h"

#include <cstdlib>
#include <map>
#include <set>

#include "core/sections.h"
#include "core/strings.h"

namespace ipe::embedded {
extern const char kCooperationGroupsTsv[];
}  // namespace ipe::embedded

namespace ipe::statistics {

namespace {

bool IsProvinceCode(std::string_view code) {
  if (code.size() != 6 || code.substr(2) != "0000" || code == "000000") return false;
  for (char c : code) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

core::Result<CooperationSeed> ParseCooperationSeed(std::string_view name, std::string_view text) {
  CooperationSeed out;
  std::map<std::string, size_t> index;  // group key → position in out.groups
  std::map<std::string, int> declared_at;
  int line_no = 0;
  for (std::string_view line : core::Split(text, '\n')) {
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cols = core::Split(line, '\t');
    for (const std::string& c : cols) {
      if (c.empty()) return core::SectionError(name, line_no, "empty field");
    }
    if (cols[0] == "group") {
      if (cols.size() != 4) return core::SectionError(name, line_no, "expected: group, key, name, basis");
      if (index.count(cols[1])) return core::SectionError(name, line_no, "group " + cols[1] + " given twice");
      index[cols[1]] = out.groups.size();
      declared_at[cols[1]] = line_no;
      out.groups.push_back({cols[1], cols[2], cols[3], {}});
    } else if (cols[0] == "member") {
      if (cols.size() != 6) {
        return core::SectionError(name, line_no, "expected: member, group, code, name, source, confidence");
      }
      auto g = index.find(cols[1]);
      if (g == index.end()) return core::SectionError(name, line_no, "group " + cols[1] + " not declared above");
      if (!IsProvinceCode(cols[2])) return core::SectionError(name, line_no, "not a province code: " + cols[2]);
      if (cols[5] != "S" && cols[5] != "M" && cols[5] != "C") {
        return core::SectionError(name, line_no, "confidence must be C, S or M");
      }
      SeedGroup& group = out.groups[g->second];
      for (const SeedMember& m : group.members) {
        if (m.region_code == cols[2]) return core::SectionError(name, line_no, cols[2] + " given twice in " + cols[1]);
      }
      group.members.push_back({cols[2], cols[3], cols[4], cols[5]});
    } else {
      return core::SectionError(name, line_no, "unknown row kind " + cols[0]);
    }
  }
  if (out.groups.empty()) return core::SectionError(name, 1, "no group");
  for (const SeedGroup& g : out.groups) {
    if (g.members.size() < 2) return core::SectionError(name, declared_at[g.key], "group " + g.key + " has fewer than two members");
  }
  return out;
}

const CooperationSeed& DefaultCooperationSeed() {
  static const CooperationSeed kSeed = [] {
    auto parsed = ParseCooperationSeed("statistics/cooperation_groups.tsv", embedded::kCooperationGroupsTsv);
    if (!parsed) std::abort();  // compiled in and tested: cannot fail at run time
    return *parsed;
  }();
  return kSeed;
}

std::string ConfidenceLabel(std::string_view code) {
  if (code == "C") return "已核对原文";
  if (code == "S") return "公开文件（未核对原文）";
  if (code == "M") return "项目提议（待办公室确认）";
  if (code == "office") return "办公室设定";
  return std::string(code);
}

}  // namespace ipe::statistics
