#pragma once
// 地区督办 (issue 18): the office's measures against a region where infringement stays high —
// 通报 (criticism), 约谈 (interview), 挂牌督办 (listed supervision) — their default
// rectification periods as data (rules/statistics/region_supervision.rules, confidence M: no
// statute fixes them) and the one table of their state transitions. Pure.
//
//   const SupervisionRules& rules = DefaultSupervisionRules();
//   int days = rules.Find("listed")->rectification_days;          // 180
//   auto next = NextSupervisionStatus("reported", "remove");     // "removed"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace ipe::statistics {

struct SupervisionKind {
  std::string key;    // criticism, interview, listed
  std::string title;  // 通报, 约谈, 挂牌督办
  int rectification_days = 0;
  std::string source;
  std::string confidence;
};

struct SupervisionRules {
  std::string version;
  std::vector<SupervisionKind> kinds;
  const SupervisionKind* Find(std::string_view key) const;
};

/// Parses the rule file. InvalidArgument "name:line: reason" for an unknown section or key, a
/// period outside 1–730 days, a missing title, period, source or confidence, a kind given twice,
/// or a file without the three kinds.
core::Result<SupervisionRules> ParseSupervisionRules(std::string_view name, std::string_view text);
/// The compiled-in rules/statistics/region_supervision.rules.
const SupervisionRules& DefaultSupervisionRules();

/// The statuses of a decision: rectifying (整改中: the agencies work and report), reported
/// (待审核: a follow-up report waits for the office), removed (已摘牌/已办结: final).
/// Actions: report (an agency files a follow-up), return (the office sends it back: 继续整改),
/// extend (the office sets a later deadline), remove (the office ends it after review).
/// The next status, or nullopt when `action` is not allowed in `status` (an unknown status or
/// action included).
std::optional<std::string_view> NextSupervisionStatus(std::string_view status, std::string_view action);

}  // namespace ipe::statistics
