#pragma once
// 企业信用风险分类: a subject's risk grade (A 低 … D 高) from the facts the platform holds about it,
// by the conditions of rules/credit/risk_grade.rules (each grade with its source and confidence).
// Pure: the caller counts the facts over `window_years` and passes them in.
//
//   const RiskRules& rules = DefaultRiskRules();
//   RiskGrade g = GradeRisk(rules, {.listed = false, .penalties = 2});
//   g.key      // "C"
//   g.reasons  // {"近3年行政处罚 2 次（≥2）"}
//
// docs/credit.md explains the grades and their marks.

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace ipe::credit {

/// What the platform knows of a subject, counted over the rules' window (the listing: today).
struct RiskFacts {
  bool listed = false;  // on the serious-violation list, inside its period
  int penalties = 0;    // published penalty records decided in the window (not withdrawn)
  int transfers = 0;    // its cases transferred to the police in the window
  int cases = 0;        // cases with it as a party opened in the window
  int leads = 0;        // leads naming it (by its code) created in the window
  int ip_findings = 0;  // the IP office's findings (恶意商标注册, 非正常专利申请) made in the window
};

/// One condition of a grade: `listed`, `always`, or `fact >= min`.
struct RiskCondition {
  std::string fact;  // listed | always | penalties | transfers | cases | leads | ip_findings
  int min = 0;
};

struct RiskGradeRule {
  std::string key;    // "D"
  std::string title;  // "高风险（D类）"
  std::vector<RiskCondition> when;  // any of
  std::string source;
  std::string confidence;  // C | S | M
  std::string note;
};

struct RiskRules {
  std::string pack;
  std::string title;
  int window_years = 0;
  std::vector<RiskGradeRule> grades;  // highest risk first; the last holds `always`

  const RiskGradeRule* Find(std::string_view key) const;
};

/// Parses a pack; InvalidArgument "file:line: reason" on a syntax error, an unknown key or fact, a
/// missing title/when/source/confidence, or a last grade that is not `always`.
core::Result<RiskRules> ParseRiskRules(std::string_view file, std::string_view text);
/// rules/credit/risk_grade.rules as compiled in.
const RiskRules& DefaultRiskRules();

struct RiskGrade {
  std::string key;
  std::string title;
  std::vector<std::string> reasons;  // the conditions that held, in zh-CN
  std::string source;
  std::string confidence;
};

/// The first grade (highest risk first) with a condition that holds.
RiskGrade GradeRisk(const RiskRules& rules, const RiskFacts& facts);

}  // namespace ipe::credit
