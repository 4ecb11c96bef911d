// Access, visibility, periods and assignment statuses shared by the work-plan use cases. See
// plans_internal.h.
#include "app/plans/plans_internal.h"

#include <climits>

#include "app/permissions.h"

namespace ipe::app::plans_internal {

PlanAccess AccessFor(const Principal& who, const std::string& plan_region) {
  if (who.is_system()) return PlanAccess::kManager;
  if (RegionWithin(who.region_code, plan_region)) {
    if (Can(who, Capability::kPlanManage)) return PlanAccess::kManager;
    if (who.Has(Role::kAuditor) || who.Has(Role::kAnalyst)) return PlanAccess::kReader;
  }
  return PlanAccess::kAgency;
}

bool MayReport(const Principal& who, PlanAccess access, int64_t assignment_agency) {
  if (access == PlanAccess::kManager) return true;
  return assignment_agency == who.agency_id &&
         (who.Has(Role::kOfficer) || who.Has(Role::kAgencyHead));
}

core::Status RequireManager(PlanAccess access, std::string_view action_zh) {
  if (access == PlanAccess::kManager) return core::Status::Ok();
  return core::PermissionDenied("无权" + std::string(action_zh) +
                                " (only the leading group's office or an administrator)");
}

bool ReadsRegionPlans(const Principal& who) {
  return who.Has(Role::kOffice) || who.Has(Role::kAdmin) || who.Has(Role::kAuditor) ||
         who.Has(Role::kAnalyst);
}

core::Status NotFoundPlan(int64_t id) {
  return core::NotFound("工作要点不存在或无权查看 (plan not found): " + std::to_string(id));
}

core::Status NotFoundAssignment(int64_t id) {
  return core::NotFound("责任分工不存在或无权查看 (assignment not found): " + std::to_string(id));
}

core::Status Invalid(const std::string& field, const std::string& message) {
  return core::Status(core::InvalidArgument("输入有误 (invalid input): " + message))
      .AddFieldError(field, message);
}

std::string ActorName(const Principal& who) {
  if (who.is_system()) return "系统";
  return who.display_name.empty() ? who.login : who.display_name;
}

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

core::Date Today(Context& ctx) { return core::LocalDate(ctx.Now()); }

core::Result<ParsedPeriod> ParsePeriodText(const std::string& text) {
  auto bad = [&] {
    return core::InvalidArgument("期间格式应为 2020、2020-H1、2020-Q2 或 2020-M04 (bad period): " +
                                 text);
  };
  if (text.size() < 4) return bad();
  for (size_t i = 0; i < 4; ++i) {
    if (text[i] < '0' || text[i] > '9') return bad();
  }
  int year = std::stoi(text.substr(0, 4));
  if (year < 1990 || year > 2999) return bad();
  if (text.size() == 4) return ParsedPeriod{year, plan::YearOf(year)};
  if (text[4] != '-' || text.size() < 7) return bad();
  char kind = text[5];
  std::string rest = text.substr(6);
  for (char c : rest) {
    if (c < '0' || c > '9') return bad();
  }
  core::Result<plan::Period> p = core::InvalidArgument("");
  if (kind == 'H' && rest.size() == 1) {
    p = plan::HalfOf(year, rest[0] - '0');
  } else if (kind == 'Q' && rest.size() == 1) {
    p = plan::QuarterOf(year, rest[0] - '0');
  } else if (kind == 'M' && rest.size() == 2) {
    p = plan::MonthOf(year, std::stoi(rest));
  } else {
    return bad();
  }
  if (!p) return bad();
  return ParsedPeriod{year, *p};
}

core::Result<std::optional<AuditScope>> PlanAuditScope(PlanStore& store, int64_t plan_id,
                                                       std::optional<int64_t> agency) {
  IPE_ASSIGN_OR_RETURN(auto plan, store.Find(plan_id));
  if (!plan) return std::optional<AuditScope>();
  return AuditScopeOf(plan->region_code, agency);
}

core::Result<VisiblePlan> LoadVisiblePlan(PlanStore& store, const Principal& who, int64_t id) {
  IPE_ASSIGN_OR_RETURN(auto found, store.Find(id));
  if (!found) return NotFoundPlan(id);
  VisiblePlan v{std::move(*found), PlanAccess::kAgency};
  v.access = AccessFor(who, v.summary.region_code);
  if (v.access == PlanAccess::kAgency) {
    IPE_ASSIGN_OR_RETURN(bool holds, store.AgencyHoldsAssignment(id, who.agency_id));
    if (!holds) return NotFoundPlan(id);
  }
  return v;
}

// Overdue: the due date has passed and the latest report (any period) is not 已完成 —
// plan::IsOverdue over the reports when the latest is completed, over none otherwise (a 推进中
// report does not discharge a due task).
void ComputeStatus(PlanAssignment& a, const std::vector<ReportFact>& facts, core::Date today,
                   const std::optional<plan::Period>& period) {
  std::vector<plan::Report> all;
  std::vector<plan::Report> in_period;
  for (const ReportFact& f : facts) {
    if (f.submitted_at > a.latest_report_at.value_or(core::Timestamp{INT64_MIN})) {
      a.latest_report_at = f.submitted_at;
    }
    all.push_back(f.report);
    if (period && (f.report.period.first > period->last || f.report.period.last < period->first)) {
      continue;
    }
    in_period.push_back(f.report);
  }
  a.latest_status = plan::ReportStatusName(plan::LatestStatus(period ? in_period : all));
  // Only a task whose latest report says 已完成 is discharged: an assignment reopened by a later
  // 推进中 or 受阻 report is overdue again.
  static const std::vector<plan::Report> kNoReport;
  bool completed = plan::LatestStatus(all) == plan::ReportStatus::kCompleted;
  a.overdue = a.due_date && plan::IsOverdue(*a.due_date, completed ? all : kNoReport, today);
}

core::Result<std::vector<AssignmentRow>> LoadAssignments(
    PlanStore& store, Context& ctx, const Principal& who, const VisiblePlan& plan,
    const std::optional<plan::Period>& period) {
  std::optional<int64_t> only_agency;
  if (plan.access == PlanAccess::kAgency) only_agency = who.agency_id;
  IPE_ASSIGN_OR_RETURN(auto rows, store.Assignments(plan.summary.id, only_agency));
  IPE_ASSIGN_OR_RETURN(auto facts, store.ReportFacts(plan.summary.id));
  core::Date today = Today(ctx);
  static const std::vector<ReportFact> kNone;
  for (AssignmentRow& row : rows) {
    auto it = facts.find(row.a.id);
    ComputeStatus(row.a, it == facts.end() ? kNone : it->second, today, period);
  }
  return rows;
}

core::Result<VisibleAssignment> LoadVisibleAssignment(PlanStore& store, Context& ctx,
                                                      const Principal& who, int64_t id) {
  IPE_ASSIGN_OR_RETURN(auto row, store.Assignment(id));
  if (!row) return NotFoundAssignment(id);
  auto plan = LoadVisiblePlan(store, who, row->a.plan_id);
  if (!plan) {
    if (plan.error().code() == core::StatusCode::kNotFound) return NotFoundAssignment(id);
    return plan.error();
  }
  if (plan->access == PlanAccess::kAgency && row->a.agency_id != who.agency_id) {
    return NotFoundAssignment(id);
  }
  IPE_ASSIGN_OR_RETURN(auto facts, store.ReportFactsOf(id));
  ComputeStatus(row->a, facts, Today(ctx), std::nullopt);
  return VisibleAssignment{std::move(*plan), std::move(row->a)};
}

}  // namespace ipe::app::plans_internal
