#pragma once
// The work-plan tracking model (pure): assignments derived from a parsed plan, progress reports per
// period, overdue detection, and assessment (考核评价) with a configurable rubric and ranking. The
// app layer stores these and adds permissions and audit; nothing here does I/O.
//
//   std::vector<plan::Assignment> a = plan::DeriveAssignments(parsed_plan);   // (item, agency,
//   role) plan::Period q2 = plan::QuarterOf(2020, 2);                               // 2020-04-01 …
//   06-30 plan::IsOverdue(due, latest_report, today) auto ranking = plan::Rank(rubric, scores); //
//   ties share a rank
//
// Terms and their English names: docs/glossary.md.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/time.h"
#include "plan/plan.h"

namespace ipe::plan {

/// 牵头 = kLead; 负责 / 按职责分工负责 = kCo.
enum class AssignmentRole { kLead, kCo };
const char* AssignmentRoleName(AssignmentRole role);  // "lead", "co"

/// Identifies an item inside a plan independently of storage ids: the section number, the task
/// number (0 for text directly under a section) and the item's ordinal within the task (1-based).
struct ItemKey {
  int section = 0;
  int task = 0;
  int item = 0;
  auto operator<=>(const ItemKey&) const = default;
  std::string ToString() const;  // "3.16.1"
};

/// One agency's responsibility for one item.
struct Assignment {
  ItemKey item;
  std::string agency;       // canonical name
  std::string region_code;  // of the agency ("000000" national)
  AssignmentRole role = AssignmentRole::kCo;
};

/// Holders that cannot become assignments (generic or unresolved names), for the office to map.
struct UnassignedHolder {
  ItemKey item;
  core::AgencyMatch holder;
  AssignmentRole role = AssignmentRole::kCo;
};

struct Assignments {
  std::vector<Assignment> assignments;  // document order; lead before co within an item
  std::vector<UnassignedHolder> unassigned;
};

/// One assignment per (item, resolved agency). An agency named twice in one clause gets one
/// assignment (lead wins over co). Items without a clause produce nothing.
Assignments DeriveAssignments(const Plan& plan);

/// 进展状态.
enum class ReportStatus { kNotStarted, kInProgress, kCompleted, kBlocked };
const char* ReportStatusName(
    ReportStatus s);  // "not_started", "in_progress", "completed", "blocked"
const char* ReportStatusLabel(ReportStatus s);  // 未启动, 推进中, 已完成, 受阻
/// Accepts the English name or the Chinese label. InvalidArgument otherwise.
core::Result<ReportStatus> ParseReportStatus(std::string_view text);

/// A reporting period, both ends inclusive.
struct Period {
  core::Date first;
  core::Date last;
  auto operator<=>(const Period&) const = default;
  bool Contains(core::Date d) const { return first <= d && d <= last; }
};
/// Quarter 1–4 of `year`. InvalidArgument for another quarter.
core::Result<Period> QuarterOf(int year, int quarter);
/// Half 1–2 of `year`.
core::Result<Period> HalfOf(int year, int half);
/// Month 1–12 of `year`.
core::Result<Period> MonthOf(int year, int month);
Period YearOf(int year);

/// A progress report of one agency on one item for one period.
struct Report {
  ItemKey item;
  std::string agency;
  Period period;
  ReportStatus status = ReportStatus::kNotStarted;
  core::Date submitted;
  std::string narrative;
};

/// Overdue: the due date has passed (today > due) and no report submitted on or before today has
/// status kCompleted or covers the period. Reports for other items or agencies are the caller's
/// filter. A report submitted after the due date still clears it (it is late, not missing).
bool IsOverdue(core::Date due, const std::vector<Report>& reports_for_assignment, core::Date today);

/// The latest status per assignment: the newest report by submission date (later in the list wins
/// a tie); kNotStarted when there is none.
ReportStatus LatestStatus(const std::vector<Report>& reports_for_assignment);

/// Share of assignments whose latest status is kCompleted, in per mille (0–1000), or nullopt for
/// none. Integer so that rankings never depend on floating-point rounding.
std::optional<int> CompletionPermille(const std::vector<ReportStatus>& latest);

/// 评分细则: criteria with maximum points.
struct RubricCriterion {
  std::string id;      // stable key, e.g. "cases"
  std::string name;    // 案件查办
  int max_points = 0;  // > 0
};
struct Rubric {
  std::vector<RubricCriterion> criteria;
  /// InvalidArgument for an empty rubric, duplicate ids or a non-positive maximum.
  core::Status Validate() const;
  int MaxTotal() const;
};

/// Points an assessor gave one agency for one period.
struct Score {
  std::string agency;
  std::map<std::string, int> points;  // criterion id -> points
};

/// The total. InvalidArgument for an unknown criterion or points outside 0..max; a missing
/// criterion counts 0.
core::Result<int> Total(const Rubric& rubric, const Score& score);

struct RankEntry {
  std::string agency;
  int total = 0;
  int rank = 0;  // 1-based; equal totals share a rank (1, 1, 3)
};
/// Ranks agencies by total, highest first; ties share a rank and are listed by agency name.
/// InvalidArgument when the rubric or any score is invalid, or an agency is scored twice.
core::Result<std::vector<RankEntry>> Rank(const Rubric& rubric, const std::vector<Score>& scores);

}  // namespace ipe::plan
