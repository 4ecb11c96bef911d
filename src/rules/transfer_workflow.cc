#include "rules/transfer_workflow.h"

#include <algorithm>
#include <string>

namespace ipe::rules {
namespace {

struct Named {
  TransferStatus status;
  std::string_view name;
  std::string_view zh;
};
constexpr Named kStatuses[] = {
    {TransferStatus::kAwaitingDecision, "awaiting_decision", "待负责人审批"},
    {TransferStatus::kApproved, "approved", "已批准移送"},
    {TransferStatus::kRejected, "rejected", "不予移送"},
    {TransferStatus::kSent, "sent", "已移送公安机关"},
    {TransferStatus::kAccepted, "accepted", "公安机关已接受"},
    {TransferStatus::kFiled, "filed", "已立案"},
    {TransferStatus::kNotFiled, "not_filed", "不予立案"},
    {TransferStatus::kHandedOver, "handed_over", "已移交涉案物品"},
    {TransferStatus::kReviewRequested, "review_requested", "已提请复议"},
    {TransferStatus::kReviewUpheld, "review_upheld", "复议维持不予立案"},
    {TransferStatus::kSupervisionProposed, "supervision_proposed", "已建议检察院立案监督"},
    {TransferStatus::kReturned, "returned", "反向移送"},
};

struct NamedAction {
  TransferAction action;
  std::string_view name;
};
constexpr NamedAction kActions[] = {
    {TransferAction::kApprove, "approve"},
    {TransferAction::kReject, "reject"},
    {TransferAction::kSend, "send"},
    {TransferAction::kReceive, "receive"},
    {TransferAction::kForward, "forward"},
    {TransferAction::kFile, "file"},
    {TransferAction::kNotFile, "not_file"},
    {TransferAction::kHandover, "handover"},
    {TransferAction::kRequestReview, "request_review"},
    {TransferAction::kReviewUphold, "review_uphold"},
    {TransferAction::kReviewReverse, "review_reverse"},
    {TransferAction::kProposeSupervision, "propose_supervision"},
    {TransferAction::kReturn, "return"},
    {TransferAction::kExtend, "extend"},
};

using S = TransferStatus;
using A = TransferAction;
using P = TransferParty;

// The clock steps are keys of rules/deadlines/*.rules (the period and its unit live there, with
// their source articles).
const std::vector<TransferTransition>& Table() {
  static const std::vector<TransferTransition> k = {
      {A::kApprove, {S::kAwaitingDecision}, S::kApproved, "transfer_to_police", P::kAgencyHead,
       false, "负责人批准移送"},
      {A::kReject, {S::kAwaitingDecision}, S::kRejected, "", P::kAgencyHead, true,
       "负责人决定不予移送（理由记录在案）"},
      {A::kSend, {S::kApproved}, S::kSent, "", P::kAgencyOfficer, false, "移送公安机关"},
      {A::kReceive, {S::kSent}, S::kAccepted, kPoliceDecisionClock, P::kPolice, false,
       "公安机关接受移送并签收回执"},
      {A::kForward, {S::kSent, S::kAccepted}, S::kSent, "", P::kPolice, true,
       "公安机关转送有管辖权的机关"},
      {A::kFile, {S::kAccepted}, S::kFiled, "handover_items", P::kPolice, false,
       "公安机关决定立案"},
      {A::kNotFile, {S::kAccepted}, S::kNotFiled, "agency_review_request", P::kPolice, true,
       "公安机关决定不予立案"},
      {A::kHandover, {S::kFiled}, S::kHandedOver, "", P::kAgencyOfficer, false,
       "移交涉案物品及有关材料"},
      {A::kRequestReview, {S::kNotFiled}, S::kReviewRequested, "police_review_decision",
       P::kAgencyOfficer, false, "提请公安机关复议"},
      {A::kReviewUphold, {S::kReviewRequested}, S::kReviewUpheld, "agency_supervision_proposal",
       P::kPolice, true, "公安机关复议维持不予立案"},
      {A::kReviewReverse, {S::kReviewRequested}, S::kFiled, "handover_items", P::kPolice, false,
       "公安机关复议后决定立案"},
      {A::kProposeSupervision, {S::kReviewUpheld, S::kNotFiled}, S::kSupervisionProposed, "",
       P::kAgencyOfficer, false, "建议人民检察院依法进行立案监督"},
      {A::kReturn, {S::kAccepted, S::kFiled}, S::kReturned, "", P::kPolice, true,
       "公安机关反向移送行政执法机关处理"},
      // The clock that follows comes from DecisionExtensions(), not from this row.
      {A::kExtend, {S::kAccepted}, S::kAccepted, "", P::kPolice, true,
       "公安机关经批准延长立案审查期限"},
  };
  return k;
}

}  // namespace

std::string_view TransferStatusName(TransferStatus s) {
  for (const Named& n : kStatuses) {
    if (n.status == s) return n.name;
  }
  return "";
}

std::string_view TransferStatusLabel(TransferStatus s) {
  for (const Named& n : kStatuses) {
    if (n.status == s) return n.zh;
  }
  return "";
}

std::optional<TransferStatus> ParseTransferStatus(std::string_view name) {
  for (const Named& n : kStatuses) {
    if (n.name == name) return n.status;
  }
  return std::nullopt;
}

std::string_view TransferActionName(TransferAction a) {
  for (const NamedAction& n : kActions) {
    if (n.action == a) return n.name;
  }
  return "";
}

std::optional<TransferAction> ParseTransferAction(std::string_view name) {
  for (const NamedAction& n : kActions) {
    if (n.name == name) return n.action;
  }
  return std::nullopt;
}

const TransferTransition& TransitionFor(TransferAction action) {
  for (const TransferTransition& t : Table()) {
    if (t.action == action) return t;
  }
  return Table().front();  // unreachable: every action has a row (tested)
}

core::Result<const TransferTransition*> NextTransferStatus(TransferStatus from,
                                                           TransferAction action) {
  const TransferTransition& t = TransitionFor(action);
  if (std::find(t.from.begin(), t.from.end(), from) == t.from.end()) {
    std::string zh;
    for (const Named& n : kStatuses) {
      if (n.status == from) zh = n.zh;
    }
    return core::FailedPrecondition("当前状态（" + zh + "）不能执行 " +
                                    std::string(TransferActionName(action)));
  }
  return &t;
}

const std::vector<DecisionExtension>& DecisionExtensions() {
  static const std::vector<DecisionExtension> k = {
      {"complex", kPoliceDecisionClock, "police_economic_decision_complex", false,
       "县级以上公安机关负责人", "案情重大、疑难、复杂或者跨区域性，延长至自接受之日起30日"},
      {"special", "police_economic_decision_complex", "police_economic_decision_extended", true,
       "上一级公安机关负责人", "情况特殊，30日期限届满后再延长30日"},
  };
  return k;
}

core::Result<const DecisionExtension*> ExtensionFor(std::string_view current_step,
                                                    std::string_view kind) {
  for (const DecisionExtension& e : DecisionExtensions()) {
    if (e.kind != kind) continue;
    if (e.from_step != current_step) {
      return core::FailedPrecondition(
          kind == "special" ? "须先经县级以上公安机关负责人批准延长至30日，才能再延长30日"
                            : "当前期限不能再按“案情重大、疑难、复杂”延长");
    }
    return &e;
  }
  return core::InvalidArgument("延长类型应为 complex 或 special");
}

bool IsFinalTransferStatus(TransferStatus s) {
  for (const TransferTransition& t : Table()) {
    if (std::find(t.from.begin(), t.from.end(), s) != t.from.end()) return false;
  }
  return true;
}

bool WasSentToPolice(TransferStatus s) {
  switch (s) {
    case S::kAwaitingDecision:
    case S::kApproved:
    case S::kRejected:
      return false;
    default:
      return true;
  }
}

}  // namespace ipe::rules
