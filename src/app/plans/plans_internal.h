#pragma once
// Helpers shared by the work-plan use cases (plans.cc, plan_import.cc, assignments.cc,
// reports.cc, notices.cc, assessment.cc, matrix.cc); defined in plans_internal.cc. Not a public
// API. Who may see and do what is decided here, once (PlanAccess).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/accounts/audit.h"
#include "app/plans/plan_store.h"
#include "app/plans/plans.h"
#include "plan/model.h"

namespace ipe::app::plans_internal {

enum class PlanAccess {
  kAgency,   // sees and reports on its own agency's assignments only
  kReader,   // auditor, analyst: reads everything of a plan in the region subtree
  kManager,  // office, admin: reads and manages plans in the region subtree
};

PlanAccess AccessFor(const Principal& who, const std::string& plan_region);
/// Whether the caller may report on an assignment of `assignment_agency`.
bool MayReport(const Principal& who, PlanAccess access, int64_t assignment_agency);
/// PermissionDenied unless a manager.
core::Status RequireManager(PlanAccess access, std::string_view action_zh);
/// Whether a caller who is not a plan reader may list the plans of their region subtree.
bool ReadsRegionPlans(const Principal& who);

core::Status NotFoundPlan(int64_t id);
core::Status NotFoundAssignment(int64_t id);
/// InvalidArgument with one field error.
core::Status Invalid(const std::string& field, const std::string& message);

/// The name recorded for the caller (系统 for the system principal).
std::string ActorName(const Principal& who);
/// Unicode code points of UTF-8 text.
size_t CodePoints(std::string_view s);
/// Today in Beijing from the Context clock.
core::Date Today(Context& ctx);

/// The message of a malformed period, for field errors.
inline constexpr const char* kPeriodFormat = "期间格式应为 2020、2020-H1、2020-Q2 或 2020-M04";

struct ParsedPeriod {
  int year = 0;
  plan::Period period;
};
/// "2020", "2020-H1", "2020-Q2", "2020-M04". InvalidArgument otherwise.
core::Result<ParsedPeriod> ParsePeriodText(const std::string& text);

struct VisiblePlan {
  PlanSummary summary;
  PlanAccess access = PlanAccess::kAgency;
};
/// The audit scope of an entry about plan `plan_id` (and one of its agencies): the plan's region
/// (none for a national plan, whose entries national auditors read).
core::Result<std::optional<AuditScope>> PlanAuditScope(PlanStore& store, int64_t plan_id,
                                                       std::optional<int64_t> agency = std::nullopt);

/// The plan if the caller may see it: managers and readers within scope, agencies holding one of
/// its assignments. NotFound for unknown and invisible alike.
core::Result<VisiblePlan> LoadVisiblePlan(PlanStore& store, const Principal& who, int64_t id);

/// Fills latest_status, latest_report_at and overdue from the assignment's reports (oldest
/// first). With `period`, only reports whose period overlaps it count for the status.
void ComputeStatus(PlanAssignment& a, const std::vector<ReportFact>& facts, core::Date today,
                   const std::optional<plan::Period>& period);

/// The assignments of a plan the caller may see, statuses computed (reports in one query).
core::Result<std::vector<AssignmentRow>> LoadAssignments(PlanStore& store, Context& ctx,
                                                         const Principal& who,
                                                         const VisiblePlan& plan,
                                                         const std::optional<plan::Period>& period);

struct VisibleAssignment {
  VisiblePlan plan;
  PlanAssignment a;
};
/// The assignment with its status if the caller may see it; NotFound otherwise.
core::Result<VisibleAssignment> LoadVisibleAssignment(PlanStore& store, Context& ctx,
                                                      const Principal& who, int64_t id);

template <typename T>
Page<T> Paginate(std::vector<T> all, const PageRequest& page) {
  Page<T> out;
  out.total = static_cast<int64_t>(all.size());
  out.page = page.page;
  out.page_size = page.page_size;
  for (int64_t i = page.offset(); i < out.total && i < page.offset() + page.page_size; ++i) {
    out.items.push_back(std::move(all[static_cast<size_t>(i)]));
  }
  return out;
}

}  // namespace ipe::app::plans_internal
