#include "app/permissions.h"

#include <algorithm>
#include <string>

#include "core/region.h"

namespace ipe::app {

namespace {

struct Grant {
  Capability capability;
  const char* code;
  std::vector<Role> roles;
};

using R = Role;

// The one table of who may do what. Scope and turn-taking come on top, in the use cases.
const Grant kGrants[] = {
    {Capability::kCaseList,
     "case.list",
     {R::kOfficer, R::kAgencyHead, R::kOffice, R::kProsecutor, R::kAuditor, R::kAdmin}},
    {Capability::kCaseWrite, "case.write", {R::kOfficer, R::kAgencyHead}},
    {Capability::kTransferStart, "transfer.start", {R::kOfficer, R::kAgencyHead}},
    {Capability::kTransferApprove, "transfer.approve", {R::kAgencyHead}},
    {Capability::kTransferIncoming, "transfer.incoming", {R::kPolice}},
    {Capability::kTransferList,
     "transfer.list",
     {R::kOfficer, R::kAgencyHead, R::kPolice, R::kOffice, R::kProsecutor, R::kAuditor, R::kAdmin}},
    {Capability::kSupervisionRead,
     "supervision.read",
     {R::kProsecutor, R::kOffice, R::kAdmin, R::kPolice, R::kOfficer, R::kAgencyHead}},
    {Capability::kSupervisionAct, "supervision.act", {R::kProsecutor}},
    {Capability::kCaseAlertsRead,
     "case_alert.read",
     {R::kOfficer, R::kAgencyHead, R::kProsecutor, R::kOffice, R::kAdmin}},
    {Capability::kLeadList,
     "lead.list",
     {R::kOfficer, R::kAgencyHead, R::kPolice, R::kOffice, R::kAnalyst, R::kProsecutor, R::kAuditor,
      R::kAdmin}},
    {Capability::kLeadWrite,
     "lead.write",
     {R::kOfficer, R::kAgencyHead, R::kPolice, R::kOffice, R::kAnalyst, R::kAdmin}},
    {Capability::kLeadConvert, "lead.convert", {R::kOfficer, R::kAgencyHead}},
    {Capability::kLeadReassign, "lead.reassign", {R::kOffice, R::kAgencyHead}},
    {Capability::kLeadAlertsRead, "lead_alert.read", {R::kOffice, R::kAdmin}},
    {Capability::kLeadAlertsHandle, "lead_alert.handle", {R::kOffice}},
    {Capability::kLeadAccessDecide,
     "lead_access.decide",
     {R::kOfficer, R::kAgencyHead, R::kOffice}},
    {Capability::kMonitoringQueue,
     "monitoring.queue",
     {R::kAnalyst, R::kOfficer, R::kAgencyHead, R::kOffice, R::kProsecutor, R::kAuditor,
      R::kAdmin}},
    {Capability::kMonitoringReview, "monitoring.review", {R::kAnalyst, R::kOfficer, R::kOffice}},
    {Capability::kMonitoringScan,
     "monitoring.scan",
     {R::kAnalyst, R::kOfficer, R::kOffice, R::kAdmin}},
    {Capability::kMonitoringRegistry, "monitoring.registry", {R::kAdmin, R::kOffice, R::kAnalyst}},
    {Capability::kPlanRead,
     "plan.read",
     {R::kOfficer, R::kAgencyHead, R::kOffice, R::kProsecutor, R::kPolice, R::kAnalyst, R::kAuditor,
      R::kAdmin}},
    {Capability::kPlanManage, "plan.manage", {R::kOffice, R::kAdmin}},
    {Capability::kPlanReport, "plan.report", {R::kOfficer, R::kAgencyHead, R::kOffice, R::kAdmin}},
    {Capability::kAgencyRead, "agency.read", {R::kAdmin, R::kOffice, R::kAuditor}},
    {Capability::kAgencyWrite, "agency.write", {R::kAdmin}},
    {Capability::kUserRead, "user.read", {R::kAdmin, R::kOffice, R::kAuditor}},
    {Capability::kUserWrite, "user.write", {R::kAdmin}},
    {Capability::kTokenManageOthers, "token.manage_others", {R::kAdmin}},
    {Capability::kAuditRead, "audit.read", {R::kAuditor, R::kAdmin}},
    {Capability::kCalendarLoad, "calendar.load", {R::kAdmin}},
    {Capability::kCreditRead,
     "credit.read",
     {R::kOfficer, R::kAgencyHead, R::kOffice, R::kProsecutor, R::kAuditor, R::kAdmin}},
    {Capability::kCreditWrite, "credit.write", {R::kOfficer, R::kAgencyHead}},
    {Capability::kCreditExport, "credit.export", {R::kOffice, R::kAdmin}},
    {Capability::kCreditSupervise,
     "credit.supervise",
     {R::kOffice, R::kProsecutor, R::kAuditor, R::kAdmin}},
    {Capability::kTypicalCaseManage, "typical_case.manage", {R::kOffice}},
    // Officers and heads of any agency hold it; the use case admits only an ip_office agency's.
    {Capability::kIpFindingRecord, "ip_finding.record", {R::kOfficer, R::kAgencyHead}},
    {Capability::kCustodyRead,
     "custody.read",
     {R::kOfficer, R::kAgencyHead, R::kOffice, R::kProsecutor, R::kAuditor, R::kAdmin}},
    {Capability::kCustodyWrite, "custody.write", {R::kOfficer, R::kAgencyHead}},
    {Capability::kDestructionApprove, "destruction.approve", {R::kAgencyHead}},
    {Capability::kDestructionUnitManage, "destruction_unit.manage", {R::kOffice, R::kAdmin}},
    {Capability::kDestructionRead,
     "destruction.read",
     {R::kOfficer, R::kAgencyHead, R::kOffice, R::kProsecutor, R::kAuditor, R::kAdmin, R::kEnvironment}},
    {Capability::kDestructionCampaignManage, "destruction_campaign.manage", {R::kOffice}},
    {Capability::kEventSubscriptionManage, "event_subscription.manage", {R::kAdmin}},
    {Capability::kCooperationManage, "cooperation.manage", {R::kOffice}},
    {Capability::kStatisticsPublish, "statistics.publish", {R::kOffice}},
    {Capability::kComplaintList,
     "complaint.list",
     {R::kOfficer, R::kAgencyHead, R::kOffice, R::kAuditor, R::kAdmin}},
    {Capability::kComplaintIntake, "complaint.intake", {R::kOfficer, R::kAgencyHead, R::kOffice}},
    {Capability::kComplaintHandle, "complaint.handle", {R::kOfficer, R::kAgencyHead}},
    {Capability::kComplaintRoute, "complaint.route", {R::kOffice, R::kAgencyHead}},
    {Capability::kComplaintFair, "complaint.fair", {R::kOfficer, R::kAgencyHead, R::kOffice}},
    {Capability::kStatisticsRead,
     "statistics.read",
     {R::kOfficer, R::kAgencyHead, R::kOffice, R::kAnalyst, R::kProsecutor, R::kAuditor, R::kAdmin}},
    {Capability::kRegionSupervisionRead,
     "region_supervision.read",
     {R::kOfficer, R::kAgencyHead, R::kOffice, R::kProsecutor, R::kAuditor, R::kAdmin}},
    {Capability::kRegionSupervisionManage, "region_supervision.manage", {R::kOffice}},
    {Capability::kRegionSupervisionReport, "region_supervision.report", {R::kOfficer, R::kAgencyHead}},
    {Capability::kAssessmentRead,
     "assessment.read",
     {R::kOfficer, R::kAgencyHead, R::kOffice, R::kAnalyst, R::kProsecutor, R::kAuditor, R::kAdmin}},
    {Capability::kAssessmentManage, "assessment.manage", {R::kOffice}},
};

const Grant& GrantOf(Capability c) {
  for (const Grant& g : kGrants) {
    if (g.capability == c) return g;
  }
  // Every enumerator has a row; a missing one is a programming error caught by the tests.
  static const Grant kNone{c, "unknown", {}};
  return kNone;
}

bool Holds(const Principal& p, const Grant& g) {
  return std::any_of(g.roles.begin(), g.roles.end(), [&p](Role r) { return p.Has(r); });
}

}  // namespace

const char* CapabilityCode(Capability c) { return GrantOf(c).code; }

bool Can(const Principal& p, Capability c) { return Holds(p, GrantOf(c)); }

core::Status RequireCapability(const Principal& p, Capability c, std::string_view action_zh) {
  if (Can(p, c)) return core::Status::Ok();
  return core::PermissionDenied("无权" + std::string(action_zh) + " (permission denied)");
}

std::vector<std::string> CapabilityCodes(const Principal& p) {
  std::vector<std::string> out;
  for (const Grant& g : kGrants) {
    if (Holds(p, g)) out.emplace_back(g.code);
  }
  return out;
}

bool RegionWithin(std::string_view ancestor, std::string_view code) {
  if (ancestor.size() != 6 || code.size() != 6) return false;
  // The whole country covers every code, even one the table does not know (legacy data).
  if (ancestor == kNationalRegion) return true;
  // Below the nation the GB/T 2260 table decides, so an unknown or mistyped code is outside every
  // scope (fails closed) instead of matching by its digits.
  return core::Regions().IsWithin(ancestor, code);
}

core::Status RequireAnyRole(const Principal& p, std::initializer_list<Role> roles,
                            std::string_view action_zh) {
  for (Role r : roles) {
    if (p.Has(r)) return core::Status::Ok();
  }
  return core::PermissionDenied("无权" + std::string(action_zh) + " (permission denied)");
}

core::Status RequireRegion(const Principal& p, std::string_view region_code) {
  if (p.is_system() || RegionWithin(p.region_code, region_code)) return core::Status::Ok();
  return core::PermissionDenied("超出管辖区域 (outside your region scope): " +
                                std::string(region_code));
}

bool SeesWholeRegion(const Principal& p) {
  return p.is_system() || p.Has(Role::kOffice) || p.Has(Role::kProsecutor) || p.Has(Role::kAuditor) ||
         p.Has(Role::kAdmin);
}

bool CanSeeRecord(const Principal& p, int64_t owner_agency_id, std::string_view owner_region) {
  if (p.is_system()) return true;
  if (!RegionWithin(p.region_code, owner_region)) return false;
  if (SeesWholeRegion(p)) return true;
  return owner_agency_id == p.agency_id;
}

}  // namespace ipe::app
