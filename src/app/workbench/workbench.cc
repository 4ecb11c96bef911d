// 工作台: the caller's 待办 across modules, counts and figures. See workbench.h.
//
// The 待办 come from the modules' own list use cases (their permission and scope checks, their
// index-served queries), asked for the few rows the page shows and their totals; the figures
// come from the case rollups (workbench_store.h). Each source is read only when the caller's
// capabilities open it, so a role gets exactly the items it can act on.
#include "app/workbench/workbench.h"

#include <algorithm>

#include "app/cases/transfer_store.h"
#include "app/cases/transfers.h"
#include "app/complaints/complaints.h"
#include "app/credit/credit.h"
#include "app/custody/custody.h"
#include "app/leads/leads.h"
#include "app/monitoring/monitoring.h"
#include "app/permissions.h"
#include "app/plans/plans.h"
#include "app/statistics/region_supervision.h"
#include "app/statistics/joint_operations.h"
#include "app/statistics/meetings.h"
#include "app/workbench/workbench_store.h"
#include "core/region.h"
#include "rules/transfer_workflow.h"

namespace ipe::app {
namespace {

constexpr int64_t kMaxPerKind = 50;
// A work-plan report or notice is "due soon" within this many days of its due date.
constexpr int kPlanDueSoonDays = 7;
// Plans looked at for notices and reports: the newest, the ones being worked.
constexpr int64_t kPlansConsidered = 10;

// The statuses in which `party` takes the next step of a transfer (the workflow table; the
// optional extension, forwarding and return steps do not make a status wait for anyone).
std::vector<std::string> StatusesWaitingFor(rules::TransferParty party) {
  std::vector<std::string> out;
  for (int s = 0; s <= static_cast<int>(rules::TransferStatus::kReturned); ++s) {
    auto status = static_cast<rules::TransferStatus>(s);
    if (rules::IsFinalTransferStatus(status)) continue;
    for (int a = 0; a <= static_cast<int>(rules::TransferAction::kExtend); ++a) {
      auto action = static_cast<rules::TransferAction>(a);
      if (action == rules::TransferAction::kExtend || action == rules::TransferAction::kForward ||
          action == rules::TransferAction::kReturn) {
        continue;
      }
      auto next = rules::NextTransferStatus(status, action);
      if (next.has_value() && (*next)->party == party) {
        out.emplace_back(rules::TransferStatusName(status));
        break;
      }
    }
  }
  return out;
}

std::string DateDeadlineState(core::Date due, core::Timestamp now) {
  core::Date today = core::LocalDate(now);
  if (today > due) return "overdue";
  if (core::DaysBetween(today, due) <= kPlanDueSoonDays) return "due_soon";
  return "ok";
}

Kpi Figure(const std::string& key, int64_t value, bool exact = true) {
  return Kpi{key, value, std::nullopt, std::nullopt, exact};
}

void Count(Workbench& wb, const std::string& kind, const std::string& module, int64_t count,
           bool exact = true) {
  if (count > 0) wb.counts.push_back({kind, module, count, exact});
}

// Transfers whose next step is the caller's: the agency's head approves, its officers send and
// ask for review; the receiving police receive and decide.
core::Status AddTransferTurns(Context& ctx, const Principal& who, const PageRequest& page,
                              Workbench& wb) {
  std::vector<std::string> statuses;
  bool incoming = false;
  if (Can(who, Capability::kTransferIncoming)) {
    statuses = StatusesWaitingFor(rules::TransferParty::kPolice);
    incoming = true;
  } else if (Can(who, Capability::kTransferStart)) {
    statuses = StatusesWaitingFor(rules::TransferParty::kAgencyOfficer);
    if (Can(who, Capability::kTransferApprove)) {
      for (auto& s : StatusesWaitingFor(rules::TransferParty::kAgencyHead)) statuses.push_back(s);
    }
  } else {
    return core::Status::Ok();
  }
  TransferFilter f;
  f.incoming = incoming;
  f.statuses = statuses;
  f.earliest_due_first = true;
  IPE_ASSIGN_OR_RETURN(auto listed, ListTransfers(ctx, who, f, page));
  // An agency's list holds the transfers sent to it too; only its own cases' steps are its turn.
  int64_t skipped = 0;
  for (const Transfer& t : listed.items) {
    if (!incoming && t.agency_id != who.agency_id) {
      ++skipped;
      continue;
    }
    wb.items.push_back({"transfer", "cases", t.id, t.status, t.case_number + " " + t.case_title,
                        incoming ? t.agency_name : t.current_step_title, t.due_at,
                        t.deadline_state.empty() ? "none" : t.deadline_state,
                        "/cases/transfers/" + std::to_string(t.id)});
  }
  Count(wb, "transfer", "cases", listed.total - skipped, listed.total_exact);
  return core::Status::Ok();
}

// Prosecutors: the transfers of their region past a statutory clock (监督的线索).
core::Status AddOverdueTransfers(Context& ctx, const Principal& who, const PageRequest& page,
                                 Workbench& wb) {
  if (!Can(who, Capability::kSupervisionAct)) return core::Status::Ok();
  TransferFilter f;
  f.state = "overdue";
  f.earliest_due_first = true;
  IPE_ASSIGN_OR_RETURN(auto listed, ListTransfers(ctx, who, f, page));
  for (const Transfer& t : listed.items) {
    wb.items.push_back({"transfer_overdue", "cases", t.id, t.status,
                        t.case_number + " " + t.case_title, t.agency_name, t.due_at, "overdue",
                        "/cases/transfers/" + std::to_string(t.id)});
  }
  Count(wb, "transfer_overdue", "cases", listed.total, listed.total_exact);
  return core::Status::Ok();
}

// Prosecutors: the region's cases closed with a fine though over a threshold (以罚代刑), the
// stored alerts the close raised. The computed "no transfer decision in time" alerts of
// ListAlerts are left out: they walk every open over-threshold case of the region (0.7 s for a
// province at 1M cases, docs/workbench.md); the 预警 tab lists them.
core::Status AddCaseAlerts(Context& ctx, const Principal& who, int64_t per_kind, Workbench& wb) {
  if (!Can(who, Capability::kSupervisionAct)) return core::Status::Ok();
  CaseScope scope;
  scope.region = who.region_code;
  if (!SeesWholeRegion(who)) scope.agency = who.agency_id;
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  IPE_ASSIGN_OR_RETURN(auto alerts, TransferStore(*tx).StoredAlerts(scope));
  int64_t n = 0;
  for (const Alert& a : alerts) {
    if (a.kind != "penalty_instead_of_prosecution") continue;
    if (n++ >= per_kind) continue;
    wb.items.push_back({"case_alert", "cases", a.case_id, a.kind, a.case_number, a.agency_name,
                        std::nullopt, "none", "/cases/" + std::to_string(a.case_id)});
  }
  Count(wb, "case_alert", "cases", n);
  return core::Status::Ok();
}

// 检察监督 actions addressed to the caller's agency and not answered yet.
core::Status AddSupervisionToAnswer(Context& ctx, const Principal& who, int64_t per_kind,
                                    Workbench& wb) {
  if (!Can(who, Capability::kTransferIncoming) && !Can(who, Capability::kCaseWrite)) {
    return core::Status::Ok();
  }
  IPE_ASSIGN_OR_RETURN(auto actions, ListSupervisionActions(ctx, who));
  int64_t n = 0;
  for (const SupervisionAction& a : actions) {
    if (a.answered_at || a.addressed_agency_id != who.agency_id) continue;
    if (n++ < per_kind) {
      wb.items.push_back({"supervision", "cases", a.id, a.kind, a.case_number + " " + a.case_title,
                          a.prosecutor_agency_name, a.due_at,
                          a.deadline_state.empty() ? "none" : a.deadline_state,
                          "/cases/supervision"});
    }
  }
  Count(wb, "supervision", "cases", n);
  return core::Status::Ok();
}

// 行政处罚信息公示: the agency's drafts to publish (Order 45 art. 9, 20 working days) and credit-
// repair applications to decide; for the office, its region's drafts past the deadline.
core::Status AddCreditWork(Context& ctx, const Principal& who, const PageRequest& page,
                           Workbench& wb) {
  core::Timestamp now = ctx.Now();
  auto state_of = [&](const std::optional<core::Timestamp>& due) -> std::string {
    if (!due) return "none";
    if (*due < now) return "overdue";
    return due->seconds - now.seconds <= 3 * 86400 ? "due_soon" : "ok";
  };
  if (Can(who, Capability::kCreditWrite)) {
    DisclosureFilter f;
    f.status = "draft";
    IPE_ASSIGN_OR_RETURN(auto drafts, ListDisclosures(ctx, who, f, page));
    for (const Disclosure& d : drafts.items) {
      wb.items.push_back({"disclosure", "credit", d.id, d.status, d.decision_no + " " + d.party_name,
                          d.penalty_content, d.publish_due, state_of(d.publish_due), "/credit"});
    }
    Count(wb, "disclosure", "credit", drafts.total, drafts.total_exact);
    IPE_ASSIGN_OR_RETURN(auto repairs, ListRepairs(ctx, who, std::string("submitted"), page));
    for (const CreditRepair& r : repairs.items) {
      wb.items.push_back({"repair", "credit", r.id, r.status, r.receipt_no + " " + r.party_name,
                          r.decision_no, r.decision_due, state_of(r.decision_due), "/credit/repairs"});
    }
    Count(wb, "repair", "credit", repairs.total, repairs.total_exact);
  } else if (Can(who, Capability::kCreditSupervise) && Can(who, Capability::kCreditExport)) {
    DisclosureFilter f;
    f.overdue = true;
    IPE_ASSIGN_OR_RETURN(auto late, ListDisclosures(ctx, who, f, page));
    for (const Disclosure& d : late.items) {
      wb.items.push_back({"disclosure_overdue", "credit", d.id, d.status,
                          d.decision_no + " " + d.party_name, d.agency_name, d.publish_due, "overdue",
                          "/credit"});
    }
    Count(wb, "disclosure_overdue", "credit", late.total, late.total_exact);
  }
  return core::Status::Ok();
}

// 投诉举报: records whose running clock (accept or refuse, mediation, verification, a notice) ends
// within two working days or has ended — the agency's own (officers and heads), the region's for
// the office; and for the office the records no agency could be found for (to route).
core::Status AddComplaintWork(Context& ctx, const Principal& who, const PageRequest& page,
                              Workbench& wb) {
  if (!Can(who, Capability::kComplaintHandle) && !Can(who, Capability::kComplaintRoute)) {
    return core::Status::Ok();
  }
  // The statutory clocks, then (展会维权) the fairs' own on-site clocks in hours of the records
  // still awaiting a decision.
  for (bool fair : {false, true}) {
    for (const char* urgency : {"overdue", "due_soon"}) {
      ComplaintFilter f;
      (fair ? f.fair_clock : f.urgency) = urgency;
      IPE_ASSIGN_OR_RETURN(auto due, ListComplaints(ctx, who, f, page));
      std::string kind = std::string(fair ? "fair_complaint_" : "complaint_") + urgency;
      for (const Complaint& c : due.items) {
        std::string title = c.receipt_no + " " + (fair ? c.fair_name + " " : "") + c.respondent_name;
        wb.items.push_back({kind, "complaints", c.id, c.status, title, c.agency_name,
                            fair ? c.fair_due : c.running_due, urgency, "/complaints"});
      }
      Count(wb, kind, "complaints", due.total, due.total_exact);
    }
  }
  if (Can(who, Capability::kComplaintRoute) && SeesWholeRegion(who)) {
    ComplaintFilter f;
    f.status = "received";
    IPE_ASSIGN_OR_RETURN(auto unrouted, ListComplaints(ctx, who, f, page));
    for (const Complaint& c : unrouted.items) {
      wb.items.push_back({"complaint_unrouted", "complaints", c.id, c.status,
                          c.receipt_no + " " + c.respondent_name, c.region_code, std::nullopt,
                          "none", "/complaints"});
    }
    Count(wb, "complaint_unrouted", "complaints", unrouted.total, unrouted.total_exact);
  }
  return core::Status::Ok();
}

// Work plans: notices (督办, 提醒 …) to acknowledge and assignments due for a report, for the
// agencies that report; the plan's completion for its readers.
core::Status AddPlanWork(Context& ctx, const Principal& who, int64_t per_kind, Workbench& wb) {
  if (!Can(who, Capability::kPlanRead)) return core::Status::Ok();
  IPE_ASSIGN_OR_RETURN(auto plans, ListPlans(ctx, who, {1, kPlansConsidered}));
  core::Timestamp now = ctx.Now();
  bool reports = Can(who, Capability::kPlanReport) && !Can(who, Capability::kPlanManage);
  int64_t notices = 0, due = 0;
  for (const PlanSummary& plan : plans.items) {
    if (!reports) break;
    IPE_ASSIGN_OR_RETURN(auto listed, ListNotices(ctx, who, plan.id, std::nullopt, {1, 200}));
    for (const PlanNotice& n : listed.items) {
      if (n.acknowledged_at || n.agency_id != who.agency_id) continue;
      if (notices++ >= per_kind) continue;
      std::optional<core::Timestamp> due_at;
      std::string state = "none";
      if (n.due_date) {
        due_at = core::EndOfLocalDay(*n.due_date);
        state = DateDeadlineState(*n.due_date, now);
      }
      wb.items.push_back({"notice", "plan", n.id, n.kind, n.title, plan.title, due_at, state,
                          "/plan/" + std::to_string(plan.id) + "/notices"});
    }
    AssignmentFilter af;
    af.agency_id = who.agency_id;
    IPE_ASSIGN_OR_RETURN(auto assigned, ListAssignments(ctx, who, plan.id, af, {1, 200}));
    for (const PlanAssignment& a : assigned.items) {
      if (!a.due_date || a.latest_status == "completed") continue;
      std::string state = DateDeadlineState(*a.due_date, now);
      if (state == "ok") continue;
      if (due++ >= per_kind) continue;
      wb.items.push_back({"report", "plan", a.id, a.latest_status,
                          std::to_string(a.task_number) + ". " + a.task_title, a.item_text,
                          core::EndOfLocalDay(*a.due_date), state,
                          "/plan/" + std::to_string(plan.id) + "/assignments"});
    }
  }
  Count(wb, "notice", "plan", notices);
  Count(wb, "report", "plan", due);
  // Completion of the newest plan: its assignments reported completed. One page holds every
  // assignment a plan gives one agency; the whole plan (managers, readers: ~150) is counted on
  // the page too unless it is longer, then by the list's own count.
  if (!plans.items.empty()) {
    int64_t plan_id = plans.items.front().id;
    IPE_ASSIGN_OR_RETURN(auto all, ListAssignments(ctx, who, plan_id, {}, {1, 200}));
    int64_t completed = 0;
    if (all.total <= static_cast<int64_t>(all.items.size())) {
      for (const PlanAssignment& a : all.items) completed += a.latest_status == "completed";
    } else {
      AssignmentFilter done;
      done.status = "completed";
      IPE_ASSIGN_OR_RETURN(auto counted, ListAssignments(ctx, who, plan_id, done, {1, 1}));
      completed = counted.total;
    }
    if (all.total > 0) {
      wb.kpis.push_back(
          {"plan_completion", completed, all.total, completed * 1000 / all.total, true});
    }
  }
  return core::Status::Ok();
}

core::Status AddLeadWork(Context& ctx, const Principal& who, const PageRequest& page,
                         Workbench& wb) {
  // New leads of the agency to screen (受理 or 不予受理); the office assigns unassigned ones.
  if (Can(who, Capability::kLeadConvert) || Can(who, Capability::kLeadAlertsHandle)) {
    bool office = !Can(who, Capability::kLeadConvert);
    LeadFilter f;
    f.status = "new";
    if (office) {
      f.unassigned = true;
    } else {
      f.agency_id = who.agency_id;
    }
    std::string kind = office ? "lead_unassigned" : "lead";
    IPE_ASSIGN_OR_RETURN(auto leads, ListLeads(ctx, who, f, page));
    for (const Lead& l : leads.items) {
      wb.items.push_back({kind, "leads", l.id, l.status, l.title, l.agency_name, std::nullopt,
                          "none", "/leads?open=" + std::to_string(l.id)});
    }
    Count(wb, kind, "leads", leads.total, leads.total_exact);
  }
  if (Can(who, Capability::kLeadAccessDecide)) {
    AccessRequestFilter f;
    f.box = "incoming";
    f.status = "pending";
    IPE_ASSIGN_OR_RETURN(auto requests, ListAccessRequests(ctx, who, f, page));
    for (const AccessRequest& r : requests.items) {
      wb.items.push_back({"access", "leads", r.id, r.status, r.reason,
                          r.requester_name + "（" + r.requester_agency_name + "）", std::nullopt,
                          "none", "/leads/access"});
    }
    Count(wb, "access", "leads", requests.total, requests.total_exact);
  }
  if (Can(who, Capability::kLeadAlertsHandle)) {
    IPE_ASSIGN_OR_RETURN(auto alerts, ListLeadAlerts(ctx, who, page, false));
    for (const LeadAlert& a : alerts.items) {
      std::string regions;
      for (const std::string& r : a.regions) regions += (regions.empty() ? "" : "、") + r;
      wb.items.push_back({"lead_alert", "leads", a.id, a.kind, std::to_string(a.lead_id), regions,
                          std::nullopt, "none", "/leads/alerts"});
    }
    Count(wb, "lead_alert", "leads", alerts.total, alerts.total_exact);
  }
  return core::Status::Ok();
}

core::Status AddHitsToReview(Context& ctx, const Principal& who, const PageRequest& page,
                             Workbench& wb) {
  if (!Can(who, Capability::kMonitoringReview)) return core::Status::Ok();
  HitFilter f;
  f.status = "pending";
  IPE_ASSIGN_OR_RETURN(auto hits, ListHits(ctx, who, f, page));
  for (const Hit& h : hits.items) {
    wb.items.push_back({"hit", "monitoring", h.id, h.status, h.title, h.shop_name, std::nullopt,
                        "none", "/monitoring?open=" + std::to_string(h.id)});
  }
  Count(wb, "hit", "monitoring", hits.total, hits.total_exact);
  if (hits.total > 0) {
    wb.kpis.push_back(Figure("hits_pending", hits.total, hits.total_exact));
  }
  return core::Status::Ok();
}

// Cases per child region of `region` (the caller's own agency's when `agency` is set).
core::Result<std::vector<RegionFigure>> MapBeneath(WorkbenchStore& store, const std::string& region,
                                                   std::optional<int64_t> agency) {
  IPE_ASSIGN_OR_RETURN(auto counts, store.CasesByChildRegion(region, agency));
  std::vector<RegionFigure> out;
  for (const RegionCount& r : counts) out.push_back({r.code, r.cases, r.over_threshold});
  return out;
}

// The case figures of the caller's scope and the map beneath it.
core::Status AddCaseFigures(Context& ctx, const Principal& who, Workbench& wb) {
  if (!Can(who, Capability::kCaseList)) return core::Status::Ok();
  CaseScope scope;
  scope.region = who.region_code;
  if (!SeesWholeRegion(who)) scope.agency = who.agency_id;
  std::vector<std::string> sent;
  for (int s = 0; s <= static_cast<int>(rules::TransferStatus::kReturned); ++s) {
    auto status = static_cast<rules::TransferStatus>(s);
    if (rules::WasSentToPolice(status)) sent.emplace_back(rules::TransferStatusName(status));
  }
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  WorkbenchStore store(*tx);
  IPE_ASSIGN_OR_RETURN(CaseFigures f, store.CaseFiguresOf(scope));
  IPE_ASSIGN_OR_RETURN(int64_t transferred, store.CountTransfers(scope, sent));
  wb.kpis.push_back(Figure("cases_total", f.open + f.closed));
  wb.kpis.push_back(Figure("cases_open", f.open));
  wb.kpis.push_back(Figure("cases_closed", f.closed));
  wb.kpis.push_back(Figure("over_threshold", f.over_threshold));
  Kpi rate = Figure("transfer_rate", transferred);
  rate.of = f.over_threshold;
  if (f.over_threshold > 0) rate.rate_tenths = transferred * 1000 / f.over_threshold;
  wb.kpis.push_back(rate);
  wb.map_region = who.region_code;
  IPE_ASSIGN_OR_RETURN(wb.regions, MapBeneath(store, who.region_code, scope.agency));
  return core::Status::Ok();
}

// Transfers past a clock in the caller's view (the police: those sent to them).
core::Status AddOverdueFigure(Context& ctx, const Principal& who, Workbench& wb) {
  if (!Can(who, Capability::kTransferList)) return core::Status::Ok();
  TransferFilter f;
  f.state = "overdue";
  f.incoming = Can(who, Capability::kTransferIncoming);
  IPE_ASSIGN_OR_RETURN(auto overdue, ListTransfers(ctx, who, f, {1, 1}));
  wb.kpis.push_back(Figure("transfers_overdue", overdue.total, overdue.total_exact));
  return core::Status::Ok();
}

// 涉案物品与销毁: destruction applications for the head to decide; lines held longer than
// kDefaultHeldDays without a destruction; for the directory's keepers, licences ending within
// kLicenceWarningDays (or ended).
core::Status AddCustodyWork(Context& ctx, const Principal& who, const PageRequest& page,
                            Workbench& wb) {
  core::Date today = core::LocalDate(ctx.Now());
  auto day_state = [&](core::Date due) -> std::string {
    if (due < today) return "overdue";
    return core::DaysBetween(today, due) <= 3 ? "due_soon" : "ok";
  };
  if (Can(who, Capability::kDestructionApprove)) {
    DestructionFilter f;
    f.status = "applied";
    IPE_ASSIGN_OR_RETURN(auto applied, ListDestructions(ctx, who, f, page));
    for (const Destruction& d : applied.items) {
      if (d.agency_id != who.agency_id) continue;
      wb.items.push_back({"destruction_approval", "destruction", d.id, d.status,
                          "销毁申请 #" + std::to_string(d.id) + "（" + std::to_string(d.lines.size()) + "项物品）",
                          d.proposed_unit_name, core::StartOfLocalDay(d.planned_on), day_state(d.planned_on),
                          "/destruction/applications"});
    }
    Count(wb, "destruction_approval", "destruction", applied.total, applied.total_exact);
  }
  if (Can(who, Capability::kCustodyWrite)) {
    IPE_ASSIGN_OR_RETURN(auto rec, CustodyReconciliation(ctx, who, kDefaultHeldDays));
    int64_t shown = 0;
    for (const HeldItem& h : rec.held) {
      if (shown++ >= page.page_size) break;
      core::Date due = h.item.seized_on.AddDays(kDefaultHeldDays);
      wb.items.push_back({"custody_held", "destruction", h.item.id, "held",
                          h.item.label_no + " " + h.item.description,
                          "已保管 " + std::to_string(h.days_held) + " 日", core::StartOfLocalDay(due),
                          "overdue", "/destruction/reconciliation"});
    }
    Count(wb, "custody_held", "destruction", static_cast<int64_t>(rec.held.size()), rec.held.size() < 200);
  }
  if (Can(who, Capability::kDestructionUnitManage)) {
    UnitFilter f;
    if (who.region_code != kNationalRegion) f.region = who.region_code;
    f.licence_ending_by = today.AddDays(kLicenceWarningDays);
    IPE_ASSIGN_OR_RETURN(auto units, ListDestructionUnits(ctx, f, page));
    for (const DestructionUnit& u : units.items) {
      wb.items.push_back({"licence_expiring", "destruction", u.id, u.licence_expired ? "expired" : "expiring",
                          u.name, u.licence_no, core::StartOfLocalDay(u.licence_valid_until),
                          day_state(u.licence_valid_until), "/destruction/units"});
    }
    Count(wb, "licence_expiring", "destruction", units.total, units.total_exact);
  }
  return core::Status::Ok();
}

// 地区督办: the agency's open rectification tasks due within kPlanDueSoonDays or overdue; for
// the deciding office, follow-ups to review and decisions past their deadline.
core::Status AddRegionSupervisionWork(Context& ctx, const Principal& who, int64_t per_kind, Workbench& wb) {
  IPE_ASSIGN_OR_RETURN(SupervisionWork work, SupervisionWorkOf(ctx, who, per_kind, kPlanDueSoonDays));
  auto route = [](int64_t id) { return "/statistics/supervision?open=" + std::to_string(id); };
  for (const auto& [task, s] : work.tasks) {
    wb.items.push_back({"region_task", "statistics", task.id, "open", task.title,
                        s.region_name + " · " + LabelOrCode(SupervisionKinds(), s.kind),
                        core::EndOfLocalDay(task.due_date), task.deadline_state, route(s.id)});
  }
  Count(wb, "region_task", "statistics", work.tasks_total);
  for (const RegionSupervision& s : work.to_review) {
    wb.items.push_back({"region_review", "statistics", s.id, s.status,
                        LabelOrCode(SupervisionKinds(), s.kind) + " " + s.region_name, s.government,
                        core::EndOfLocalDay(s.deadline), s.deadline_state, route(s.id)});
  }
  Count(wb, "region_review", "statistics", work.to_review_total);
  for (const RegionSupervision& s : work.overdue) {
    wb.items.push_back({"region_overdue", "statistics", s.id, s.status,
                        LabelOrCode(SupervisionKinds(), s.kind) + " " + s.region_name, s.government,
                        core::EndOfLocalDay(s.deadline), "overdue", route(s.id)});
  }
  Count(wb, "region_overdue", "statistics", work.overdue_total);
  return core::Status::Ok();
}

// 联席会议 follow-up tasks of the caller's agency (officers and heads of the owner agency): open
// until done, due soon within three days, overdue after the due date.
core::Status AddMeetingTasks(Context& ctx, const Principal& who, const PageRequest& page, Workbench& wb) {
  if (!who.Has(Role::kOfficer) && !who.Has(Role::kAgencyHead)) return core::Status::Ok();
  IPE_ASSIGN_OR_RETURN(auto tasks, OpenTasksOfMyAgency(ctx, who, page));
  const core::Date today = core::LocalDate(ctx.Now());
  for (const MeetingTask& t : tasks.items) {
    std::string state = today > t.due_date ? "overdue" : core::DaysBetween(today, t.due_date) <= 3 ? "due_soon" : "ok";
    wb.items.push_back({"coop_task", "statistics", t.id, t.status, t.description, t.meeting_title,
                        core::EndOfLocalDay(t.due_date), state,
                        "/statistics/cooperation?meeting=" + std::to_string(t.meeting_id)});
  }
  Count(wb, "coop_task", "statistics", tasks.total);
  return core::Status::Ok();
}

// 联合行动 in which the caller's agency (a member) has no case yet: until it has one or the
// operation closes; due soon within seven days of the planned end, overdue after it.
core::Status AddJointOperations(Context& ctx, const Principal& who, const PageRequest& page, Workbench& wb) {
  IPE_ASSIGN_OR_RETURN(auto ops, JointOperationsAwaitingMyCases(ctx, who, page));
  const core::Date today = core::LocalDate(ctx.Now());
  for (const JointOperation& op : ops.items) {
    std::string state = today > op.end_date ? "overdue" : core::DaysBetween(today, op.end_date) <= 7 ? "due_soon" : "ok";
    wb.items.push_back({"joint_operation", "statistics", op.id, op.status, op.title, "牵头单位：" + op.lead_agency_name,
                        core::EndOfLocalDay(op.end_date), state,
                        "/statistics/joint-operations?open=" + std::to_string(op.id)});
  }
  Count(wb, "joint_operation", "statistics", ops.total);
  return core::Status::Ok();
}

}  // namespace

core::Result<Workbench> GetWorkbench(Context& ctx, const Principal& who,
                                     const WorkbenchRequest& request) {
  if (request.per_kind < 1 || request.per_kind > kMaxPerKind) {
    return core::Status(core::InvalidArgument("per_kind 应在 1–50 之间"))
        .AddFieldError("per_kind", "应在 1–50 之间");
  }
  Workbench wb;
  PageRequest page{1, request.per_kind};
  IPE_RETURN_IF_ERROR(AddTransferTurns(ctx, who, page, wb));
  IPE_RETURN_IF_ERROR(AddOverdueTransfers(ctx, who, page, wb));
  IPE_RETURN_IF_ERROR(AddCaseAlerts(ctx, who, request.per_kind, wb));
  IPE_RETURN_IF_ERROR(AddSupervisionToAnswer(ctx, who, request.per_kind, wb));
  IPE_RETURN_IF_ERROR(AddLeadWork(ctx, who, page, wb));
  IPE_RETURN_IF_ERROR(AddHitsToReview(ctx, who, page, wb));
  IPE_RETURN_IF_ERROR(AddPlanWork(ctx, who, request.per_kind, wb));
  IPE_RETURN_IF_ERROR(AddCreditWork(ctx, who, page, wb));
  IPE_RETURN_IF_ERROR(AddCustodyWork(ctx, who, page, wb));
  IPE_RETURN_IF_ERROR(AddComplaintWork(ctx, who, page, wb));
  IPE_RETURN_IF_ERROR(AddRegionSupervisionWork(ctx, who, request.per_kind, wb));
  IPE_RETURN_IF_ERROR(AddMeetingTasks(ctx, who, page, wb));
  IPE_RETURN_IF_ERROR(AddJointOperations(ctx, who, page, wb));
  IPE_RETURN_IF_ERROR(AddCaseFigures(ctx, who, wb));
  IPE_RETURN_IF_ERROR(AddOverdueFigure(ctx, who, wb));
  // Soonest deadline first; items without a deadline keep their source's order after them.
  std::stable_sort(wb.items.begin(), wb.items.end(), [](const WorkItem& a, const WorkItem& b) {
    if (a.due_at.has_value() != b.due_at.has_value()) return a.due_at.has_value();
    return a.due_at && b.due_at && a.due_at->seconds < b.due_at->seconds;
  });
  return wb;
}

core::Result<WorkbenchMap> GetWorkbenchMap(Context& ctx, const Principal& who, const std::string& region) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kCaseList, "查看案件分布"));
  if (!core::Regions().Find(region) && region != core::kNationalRegionCode) {
    return core::Status(core::InvalidArgument("行政区划代码有误 (unknown region)"))
        .AddFieldError("region", "应为六位行政区划代码");
  }
  if (region != who.region_code && !core::Regions().IsWithin(who.region_code, region)) {
    return core::PermissionDenied("只能查看本辖区的案件分布 (outside your region)");
  }
  std::optional<int64_t> agency;
  if (!SeesWholeRegion(who)) agency = who.agency_id;
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  WorkbenchStore store(*tx);
  WorkbenchMap out{region, {}};
  IPE_ASSIGN_OR_RETURN(out.regions, MapBeneath(store, region, agency));
  return out;
}

}  // namespace ipe::app
