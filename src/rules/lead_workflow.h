#pragma once
// A lead's life (线索): screened by the agency it is assigned to, reassigned by the leading group's
// office or the agency head, merged into another lead, or turned into a case. Pure: the use cases
// in app/leads/ apply it to stored leads. The transfer of cases is rules/transfer_workflow.h.
//
//   new ─accept→ accepted ─convert→ converted        new ─dismiss→ dismissed
//   new | accepted ─reassign→ new (the new agency screens it again)
//   new | accepted ─link_case→ converted (an existing case named as the lead's result)
//   new | accepted ─merge→ merged (into another open lead, which stays as it is)
//
//   auto to = rules::NextLeadStatus(LeadStatus::kNew, LeadAction::kAccept);   // kAccepted

#include <optional>
#include <string_view>

#include "core/status.h"

namespace ipe::rules {

enum class LeadStatus {
  kNew,        // 待研判
  kAccepted,   // 已采用
  kDismissed,  // 不予采用
  kConverted,  // 已转案件
  kMerged,     // 已合并
};

enum class LeadAction { kAccept, kDismiss, kReassign, kConvert, kLinkCase, kMerge };

/// Codes as stored and sent over the API: "new", "accepted" …
std::string_view LeadStatusName(LeadStatus s);
std::optional<LeadStatus> ParseLeadStatus(std::string_view name);
/// 待研判, 已采用 …
std::string_view LeadStatusLabel(LeadStatus s);

/// Open leads may still be screened, reassigned, merged or taken into (new, accepted).
bool IsOpenLead(LeadStatus s);

/// The status after `action` taken in status `from`; FailedPrecondition in zh-CN naming the
/// action and the current status when the action does not apply.
core::Result<LeadStatus> NextLeadStatus(LeadStatus from, LeadAction action);

}  // namespace ipe::rules
