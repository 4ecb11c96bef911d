#pragma once
// 区域协作组 (issue 18, seed task 23): groups of provinces (京津冀, 长三角, 泛珠三角, 丝绸之路经济带)
// whose figures are the statistics indicators summed over the member provinces. The initial groups
// are data (data/statistics/cooperation_groups.tsv, compiled in), each membership with its source
// and confidence; the office edits them afterwards in the database. Pure: no I/O.
//
//   const CooperationSeed& seed = DefaultCooperationSeed();
//   seed.groups[0].members[0].region_code  // "110000"
// A group's figure is statistics::Total over the member provinces' rows (a rate recomputed from
// the summed numerators and denominators, never an average of rates).

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace ipe::statistics {

struct SeedMember {
  std::string region_code;  // a province-level code (GB/T 2260 PP0000)
  std::string name;
  std::string source;       // the document the membership rests on
  std::string confidence;   // S (published, not checked against the primary text) or M (proposal)
};

struct SeedGroup {
  std::string key;  // stable code of a seeded group: jingjinji, yangtze_delta, pan_prd, silk_road
  std::string name;
  std::string basis;
  std::vector<SeedMember> members;
};

struct CooperationSeed {
  std::vector<SeedGroup> groups;
};

/// Parses the groups file (format in its header). InvalidArgument "name:line: reason" for an
/// unknown row kind, a wrong column count, a member of an undeclared group, a code that is not
/// province-level (PP0000), a province given twice in a group, a confidence other than S, M or C,
/// an empty field, a group with fewer than two members.
core::Result<CooperationSeed> ParseCooperationSeed(std::string_view name, std::string_view text);

/// The compiled-in file, parsed once (it is tested, so it cannot fail at run time).
const CooperationSeed& DefaultCooperationSeed();

/// The zh-CN name of a membership confidence code ("S" → "公开文件（未核对原文）"; "office" →
/// "办公室设定"); the code itself when unknown.
std::string ConfidenceLabel(std::string_view code);

}  // namespace ipe::statistics
