#pragma once
// The parsed form of a work plan (工作要点): sections (一、), tasks ((一), numbered through the
// whole document), items closed by responsibility clauses
// ((市场监管总局牵头，公安部按职责分工负责)). Produced by plan::ParsePlan (plan/parser.h); plain
// structs, no I/O.

#include <optional>
#include <string>
#include <vector>

#include "core/agencies.h"

namespace ipe::plan {

/// Why a warning or an error was raised. Tests check these, not message text.
enum class DiagnosticCode {
  kEmptyInput,              // nothing but whitespace / page markers
  kTooLarge,                // input above kMaxPlanBytes
  kNoStructure,             // no section or task heading found
  kInvalidUtf8,             // bytes that are not UTF-8 were replaced by U+FFFD
  kNoTitle,                 // no line that looks like a plan title
  kNoYear,                  // the title names no year
  kNumberOutOfSequence,     // a section / task number is not the previous one plus one
  kUnmatchedParenthesis,    // an opening parenthesis with no closing one nearby
  kClauseWithoutHolders,    // (按职责分工负责) naming no agency
  kClauseNotAtSentenceEnd,  // a parenthesis ending in 牵头/负责 in the middle of a sentence
  kNoClause,                // a paragraph that no responsibility clause closes (from Check)
  kUnresolvedName,          // an agency name the table does not know (from Check)
  kGenericHolder,           // 有关部门, 相关成员单位 (from Check; informational)
};

/// "no_clause", "unresolved_name", … (stable, for JSON output).
const char* DiagnosticCodeName(DiagnosticCode code);

struct Diagnostic {
  DiagnosticCode code;
  int line = 0;         // 1-based line in the input; 0 when it concerns the whole document
  std::string message;  // zh-CN
};

/// A piece of text closed by one responsibility clause (or left open: has_clause == false).
struct Item {
  std::optional<int> number;  // 1. / （1） numbering inside the task, if the plan numbers items
  std::string text;           // as written, line breaks joined, clause removed
  std::vector<core::AgencyMatch> lead;         // 牵头
  std::vector<core::AgencyMatch> responsible;  // 负责 / 按职责分工负责 (co-responsible)
  bool has_clause = false;
  bool open_ended = false;  // the clause ends its list with 等 (and others)
  std::string clause;       // the clause as written, without its parentheses
  int line = 0;             // line where the text starts
  int clause_line = 0;      // line of the clause's opening parenthesis (0 if none)
};

struct Task {
  std::optional<int> number;  // (一) = 1, numbered through the whole document; none for text
                              // standing directly under a section
  std::string title;          // the first sentence, without its 。
  std::vector<Item> items;
  int line = 0;
};

struct Section {
  std::optional<int> number;  // 一、 = 1; none when the plan has tasks but no sections
  std::string title;
  std::vector<Task> tasks;
  int line = 0;
};

struct Plan {
  std::optional<int> year;
  std::string title;
  int title_line = 0;
  std::string region_code;  // the issuer's region used to resolve local names
  std::string intro;        // text between the title and the first heading
  std::vector<Section> sections;
  std::vector<std::string> trailer;  // source lines, signatures and dates after the plan
  std::vector<Diagnostic> warnings;  // found while parsing (structure, parentheses)

  size_t TaskCount() const;
  size_t ClauseCount() const;
};

/// Findings for `ipenforce plan parse --check`: unresolved names (kUnresolvedName), paragraphs
/// that no clause closes (kNoClause) and generic holders (kGenericHolder), in document order.
std::vector<Diagnostic> Check(const Plan& plan);

/// The name to show for a holder: canonical when resolved, else as written (normalised).
inline const std::string& DisplayName(const core::AgencyMatch& m) { return m.canonical_name; }

}  // namespace ipe::plan
