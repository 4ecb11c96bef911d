#pragma once
// The transfer of a suspected-crime case to the police (行政执法机关移送涉嫌犯罪案件的规定, State
// Council Decree 310; the police's acceptance and filing rules) as a state table: which action
// applies in which status, who takes it, which status follows and which statutory clock starts
// (a step key of rules/deadlines/, evaluated by deadlines.h). Pure: app/cases/transfers.cc applies
// it to stored transfers.
//
//   start (专案组 ≥ 2 人 + 书面报告) → approve | reject (负责人, 3 日)
//   approve → send (移送公安机关, 24 小时, the documents of art. 6)
//   send → receive | forward (公安机关; forward within 24 小时)
//   receive → file | not_file (审查 3 日, art. 8; decision 至迟 10 日, 经济犯罪规定 第十六条)
//   accepted → extend (30 日 with a county-level head's approval, then +30 日 one level up)
//   file → handover (移交涉案物品, 3 日)
//   not_file → request_review (复议, 3 日) → review_uphold | review_reverse (3 日)
//   review_uphold | not_file → propose_supervision (建议检察院立案监督)
//   accepted | filed → return (反向移送)
//
//   auto t = rules::NextTransferStatus(TransferStatus::kAwaitingDecision, TransferAction::kApprove);
//   t->to == TransferStatus::kApproved; t->clock_step == "transfer_to_police"

#include <optional>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace ipe::rules {

enum class TransferStatus {
  kAwaitingDecision,     // 待负责人审批
  kApproved,             // 已批准移送
  kRejected,             // 不予移送
  kSent,                 // 已移送公安机关
  kAccepted,             // 公安机关已接受
  kFiled,                // 已立案
  kNotFiled,             // 不予立案
  kHandedOver,           // 已移交涉案物品
  kReviewRequested,      // 已提请复议
  kReviewUpheld,         // 复议维持不予立案
  kSupervisionProposed,  // 已建议检察院立案监督
  kReturned,             // 反向移送
};

enum class TransferAction {
  kApprove, kReject, kSend, kReceive, kForward, kFile, kNotFile, kHandover, kRequestReview,
  kReviewUphold, kReviewReverse, kProposeSupervision, kReturn, kExtend,
};

/// Whose turn an action is.
enum class TransferParty {
  kAgencyOfficer,  // the transferring agency's officers (and its head)
  kAgencyHead,     // the transferring agency's head (机关负责人)
  kPolice,         // the police agency the case was sent to
};

struct TransferTransition {
  TransferAction action;
  std::vector<TransferStatus> from;
  TransferStatus to;
  std::string_view clock_step;  // the deadline step that starts ("" = none)
  TransferParty party;
  bool reasons_required;        // refusals and returns give reasons in writing
  std::string_view summary_zh;  // the timeline's words for it
};

/// Codes as stored and sent over the API: "awaiting_decision", "approve" …
std::string_view TransferStatusName(TransferStatus s);
std::optional<TransferStatus> ParseTransferStatus(std::string_view name);
/// The zh-CN name of a status ("待负责人审批").
std::string_view TransferStatusLabel(TransferStatus s);
std::string_view TransferActionName(TransferAction a);
std::optional<TransferAction> ParseTransferAction(std::string_view name);

/// The clock of the police's filing decision once they accept a transfer (至迟 10 日), and the
/// review target shown beside it (Decree 310 art. 8: 3 日 to review).
inline constexpr std::string_view kPoliceDecisionClock = "police_economic_decision";
inline constexpr std::string_view kPoliceReviewClock = "police_filing_decision";

/// An approved extension of the police's decision clock (公安机关办理经济犯罪案件的若干规定
/// 第十六条): "complex" (案情重大、疑难、复杂或者跨区域性, 县级以上公安机关负责人批准, 30 日 from
/// acceptance) replaces the 10-day clock; "special" (情况特殊, 上一级公安机关负责人批准, 30 日 more
/// from the end of the 30) replaces the complex one. The periods are the steps' (rules/deadlines/
/// police.rules); this table says which replaces which and from when it counts.
struct DecisionExtension {
  std::string_view kind;         // "complex" | "special"
  std::string_view from_step;    // the clock that must be running
  std::string_view to_step;      // the clock that applies after the extension
  bool from_expiry;              // counted from the end of from_step, else from the acceptance
  std::string_view approver_zh;  // who must approve
  std::string_view summary_zh;
};
const std::vector<DecisionExtension>& DecisionExtensions();

/// The extension of `kind` while `current_step` runs; InvalidArgument for an unknown kind,
/// FailedPrecondition (zh-CN) when that extension does not follow the current clock (a special
/// extension before a complex one, a second complex one).
core::Result<const DecisionExtension*> ExtensionFor(std::string_view current_step,
                                                    std::string_view kind);

/// The status a new transfer starts in, and the clock that starts with it.
inline constexpr TransferStatus kTransferStartStatus = TransferStatus::kAwaitingDecision;
inline constexpr std::string_view kTransferStartClock = "head_decision";

/// The row of the table for an action (every action has one).
const TransferTransition& TransitionFor(TransferAction action);

/// The transition for `action` taken in status `from`; FailedPrecondition (naming both in
/// zh-CN) when the action does not apply in that status.
core::Result<const TransferTransition*> NextTransferStatus(TransferStatus from,
                                                           TransferAction action);

/// True once the transfer has ended with the agency or the police: no action applies any more.
bool IsFinalTransferStatus(TransferStatus s);

/// True when the case counts as transferred to the police (the transfer was sent, whatever the
/// police did next) — the question the 以罚代刑 check asks.
bool WasSentToPolice(TransferStatus s);

}  // namespace ipe::rules
