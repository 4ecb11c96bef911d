#pragma once
// Helpers shared by the lead use cases in leads.cc and leads_workflow.cc (not a public API).

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/leads/leads.h"
#include "link/index.h"
#include "rules/lead_workflow.h"
#include "storage/db.h"

namespace ipe::app::leads_internal {

/// A lead the caller may see; NotFound for unknown and invisible alike.
core::Result<Lead> LoadVisible(storage::Tx& tx, const Principal& who, int64_t id,
                               bool for_update = false);
/// Any lead by id (no scope check); nullopt when unknown.
core::Result<std::optional<Lead>> FindById(storage::Tx& tx, int64_t id, bool for_update = false);
core::Result<std::vector<LeadObservable>> Observables(storage::Tx& tx, int64_t lead_id);
/// The lead as stored in audit records.
std::string AuditJson(const Lead& l);
/// PermissionDenied unless the caller may write leads (officer, agency head, police, office,
/// analyst, admin).
core::Status RequireWriter(const Principal& who, std::string_view action_zh);
core::Status LeadNotFound(int64_t id);
/// Agency names by id; 0 = "待分派（领导小组办公室）".
core::Result<std::map<int64_t, std::string>> NamesOfAgencies(storage::Tx& tx,
                                                            const std::set<int64_t>& ids);
core::Result<std::map<int64_t, Lead>> LeadsWithIds(storage::Tx& tx,
                                                   const std::vector<int64_t>& ids);
std::vector<std::pair<std::string, std::string>> ToKeyPairs(const std::vector<link::Key>& keys);
bool IsSupervisoryRole(const Principal& who);
/// The stored status as the workflow's (rules/lead_workflow.h); Internal for an unknown code.
core::Result<rules::LeadStatus> StatusOf(const Lead& lead);
/// The status `action` moves `lead` to, or why it may not be taken (FailedPrecondition).
core::Result<std::string> NextStatus(const Lead& lead, rules::LeadAction action);

// Defined in leads_workflow.cc, used by GetLead / GetLeadLinks (leads.cc):

/// Leads the caller sees through approved, unexpired access requests → until when.
core::Result<std::map<int64_t, core::Timestamp>> GrantedLeads(storage::Tx& tx,
                                                              const Principal& who,
                                                              core::Timestamp now);
struct RequestState {
  int64_t id = 0;
  std::string status;  // pending, approved, refused, expired
};
/// The caller's latest access request per target agency for lead `lead_id`.
core::Result<std::map<int64_t, RequestState>> LatestRequests(storage::Tx& tx, const Principal& who,
                                                             int64_t lead_id, core::Timestamp now);

/// Brings this server's correlation index up to the lead feed after a committed write and raises
/// the alerts it finds (correlation_service.h).
void FollowFeed(Context& ctx);

}  // namespace ipe::app::leads_internal
