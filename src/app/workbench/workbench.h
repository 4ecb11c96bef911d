#pragma once
// 工作台 (issue 14): what waits for the caller — the 待办 of every module — with a deadline and
// the UI route that opens each item, the counts behind the menu badges, and the key figures of
// the caller's scope. One read of each source, each served by an index or a rollup (case_counts,
// the transfer, lead and hit queues), so the page costs about what the lists it summarises cost.
//
//   auto wb = GetWorkbench(ctx, who, {});
//   for (const WorkItem& i : wb->items) render(i.kind, i.title, i.due_at, i.route);
//
// Which items a role gets follows from the capabilities (app/permissions.h) and from whose turn
// each step is (rules/transfer_workflow.h); nothing is listed that the caller could not open.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/context.h"
#include "app/principal.h"
#include "core/status.h"
#include "core/time.h"

namespace ipe::app {

/// One thing waiting for the caller.
struct WorkItem {
  // transfer (a transfer step that is the caller's turn; `status` says which), transfer_overdue
  // (a supervised transfer past its clock), case_alert (for prosecutors: a case closed with a fine
  // though over a threshold, 以罚代刑), supervision (a 检察监督
  // action to answer), notice (a 督办/提醒 of a work plan to acknowledge), report (a work-plan
  // assignment due for a report), lead (a new lead to screen), lead_unassigned (a lead without an
  // agency, for the office), access (a request to see a lead, to decide), hit (a monitoring hit to
  // review), lead_alert (a cross-region cluster alert to handle), disclosure (a penalty disclosure
  // draft to publish), repair (a credit-repair application to decide), disclosure_overdue (for the
  // office: a draft of its region past the publication deadline), complaint_overdue /
  // complaint_due_soon (a complaint or report whose running clock has ended or ends within two
  // working days), fair_complaint_overdue / fair_complaint_due_soon (one filed under a trade fair
  // whose on-site clock in hours has ended / is half gone, undecided), complaint_unrouted (for the
  // office: one no agency was found for).
  std::string kind;
  std::string module;  // the menu entry it belongs to: cases, leads, monitoring, plan, credit;
                       // statistics for coop_task (a joint meeting's follow-up task of the caller's
                       // agency, until done: app/statistics/meetings.h) and joint_operation (an
                       // active joint operation in which the caller's agency has no case yet)
  int64_t id = 0;      // the item's own id (transfer, action, notice, assignment, lead …)
  std::string status;  // the item's status code where it has one (transfer: awaiting_decision …)
  std::string title;   // what it concerns, in the record's own words (case number and title …)
  std::string detail;  // a second line (agency, requester …), may be empty
  std::optional<core::Timestamp> due_at;
  std::string deadline_state;  // none | ok | due_soon | overdue
  std::string route;           // the UI path that opens it ("/cases/transfers/12")
};

/// How many items of a kind wait; `exact` false when the source caps its count (共 1000+).
struct WorkCount {
  std::string kind;
  std::string module;
  int64_t count = 0;
  bool exact = true;
};

/// One key figure of the caller's scope. `value` counts; `ratio_pct` (0..100, one decimal as
/// tenths: 475 = 47.5 %) is set for rates. Absent figures are omitted, never zero-filled.
struct Kpi {
  std::string key;  // cases_total, cases_open, cases_closed, over_threshold, transfer_rate,
                    // transfers_overdue, leads_new, hits_pending, plan_completion
  int64_t value = 0;
  std::optional<int64_t> of;           // the denominator of a rate
  std::optional<int64_t> rate_tenths;  // value / of in tenths of a percent
  bool exact = true;
};

/// Cases of one province (or prefecture, below a province) for the map.
struct RegionFigure {
  std::string code;
  int64_t cases = 0;
  int64_t over_threshold = 0;
};

struct Workbench {
  std::vector<WorkItem> items;    // soonest deadline first, then items without one
  std::vector<WorkCount> counts;  // per kind (a kind with no items is left out)
  std::vector<Kpi> kpis;
  std::string map_region;  // 000000: provinces; a province: its prefectures
  std::vector<RegionFigure> regions;
};

struct WorkbenchRequest {
  int64_t per_kind = 10;  // items listed per kind (1..50); counts are totals regardless
};

/// The caller's 工作台. InvalidArgument (field per_kind) when per_kind is out of range; otherwise
/// only the sources the caller's capabilities open are read.
core::Result<Workbench> GetWorkbench(Context& ctx, const Principal& who,
                                     const WorkbenchRequest& request);

/// The case map beneath `region` in the caller's scope (the map's drill-down: a national role
/// clicks a province): its prefectures (districts for the four municipalities), or a
/// prefecture's counties. InvalidArgument (field region) for an unknown code; PermissionDenied
/// for a region outside the caller's, or without case.list.
struct WorkbenchMap {
  std::string region;
  std::vector<RegionFigure> regions;
};
core::Result<WorkbenchMap> GetWorkbenchMap(Context& ctx, const Principal& who, const std::string& region);

}  // namespace ipe::app
