#include "rules/lead_workflow.h"

#include <array>
#include <string>

namespace ipe::rules {
namespace {

struct StatusRow {
  LeadStatus status;
  std::string_view name;
  std::string_view label;
};
constexpr std::array<StatusRow, 5> kStatuses = {{
    {LeadStatus::kNew, "new", "待研判"},
    {LeadStatus::kAccepted, "accepted", "已采用"},
    {LeadStatus::kDismissed, "dismissed", "不予采用"},
    {LeadStatus::kConverted, "converted", "已转案件"},
    {LeadStatus::kMerged, "merged", "已合并"},
}};

struct Transition {
  LeadAction action;
  bool from_new;
  bool from_accepted;
  LeadStatus to;
  std::string_view refusal_zh;  // why the action does not apply in another status
};
constexpr std::array<Transition, 6> kTransitions = {{
    {LeadAction::kAccept, true, false, LeadStatus::kAccepted, "线索已研判"},
    {LeadAction::kDismiss, true, false, LeadStatus::kDismissed, "线索已研判"},
    {LeadAction::kReassign, true, true, LeadStatus::kNew, "线索当前状态不能改派"},
    {LeadAction::kConvert, false, true, LeadStatus::kConverted, "只有已采用的线索可以转为案件"},
    {LeadAction::kLinkCase, true, true, LeadStatus::kConverted, "线索当前状态不能转为案件"},
    {LeadAction::kMerge, true, true, LeadStatus::kMerged, "线索状态不允许合并"},
}};

}  // namespace

std::string_view LeadStatusName(LeadStatus s) {
  for (const StatusRow& r : kStatuses) {
    if (r.status == s) return r.name;
  }
  return "";
}

std::optional<LeadStatus> ParseLeadStatus(std::string_view name) {
  for (const StatusRow& r : kStatuses) {
    if (r.name == name) return r.status;
  }
  return std::nullopt;
}

std::string_view LeadStatusLabel(LeadStatus s) {
  for (const StatusRow& r : kStatuses) {
    if (r.status == s) return r.label;
  }
  return "";
}

bool IsOpenLead(LeadStatus s) { return s == LeadStatus::kNew || s == LeadStatus::kAccepted; }

core::Result<LeadStatus> NextLeadStatus(LeadStatus from, LeadAction action) {
  for (const Transition& t : kTransitions) {
    if (t.action != action) continue;
    if ((from == LeadStatus::kNew && t.from_new) ||
        (from == LeadStatus::kAccepted && t.from_accepted)) {
      return t.to;
    }
    return core::FailedPrecondition(std::string(t.refusal_zh) + "，当前状态: " +
                                    std::string(LeadStatusLabel(from)) + " (" +
                                    std::string(LeadStatusName(from)) + ")");
  }
  return core::Internal("unknown lead action");
}

}  // namespace ipe::rules
