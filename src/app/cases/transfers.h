#pragma once
// The transfer of a case to the police (行政执法机关移送涉嫌犯罪案件, Decree 310) as a state machine
// whose every step runs on its statutory clock (rules/deadlines/), plus prosecutor supervision and
// the alert list.
//
//   start (专案组 ≥ 2 人 + 书面报告) → approve | reject (负责人, 3 日)
//   approve → send (移送公安机关, 24 小时, five documents of art. 6)
//   send → receive | forward (公安机关; forward within 24 小时)
//   receive → file | not_file (review 3 日, art. 8; decision 至迟 10 日, 经济犯罪规定 第十六条)
//   accepted → extend (complex: 30 日, county-level approval; special: +30 日, next level up)
//   file → handover (移交涉案物品, 3 日)
//   not_file → request_review (复议, 3 日) → review_uphold | review_reverse (3 日)
//   review_uphold → propose_supervision (建议检察院立案监督, 3 日)
//   accepted/filed → return (反向移送)

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/context.h"
#include "app/principal.h"
#include "core/status.h"
#include "core/time.h"

namespace ipe::app {

struct TransferDocuments {
  bool transfer_letter = false;       // 涉嫌犯罪案件移送书
  bool investigation_report = false;  // 涉嫌犯罪案件情况的调查报告
  bool items_list = false;            // 涉案物品清单
  bool inspection_reports = false;    // 有关检验报告或者鉴定结论
  bool other = false;                 // 其他有关涉嫌犯罪的材料
};

struct TransferStep {
  std::string step;       // the action taken ("approve", "send" …)
  core::Timestamp at;
  std::string actor;      // login
  std::string decision;
  std::string reasons;
  std::optional<core::Timestamp> due_at;  // the deadline that applied to this step
  std::optional<bool> on_time;
  // An "extend" step: which extension (complex | special), who approved it, the new deadline.
  std::string extension;
  std::string approver;
  std::optional<core::Timestamp> extended_to;
};

struct Transfer {
  int64_t id = 0;
  int64_t case_id = 0;
  std::string case_number;
  std::string case_title;
  int64_t agency_id = 0;       // the transferring agency (the case's owner)
  std::string agency_name;
  std::string region_code;
  std::string status;
  bool suspicion_only = false;
  std::optional<int64_t> police_agency_id;
  std::string police_agency_name;
  TransferDocuments documents;
  std::string current_step;    // rules step key whose clock runs now ("" = none)
  std::string current_step_title;
  std::optional<core::Timestamp> due_at;
  std::string deadline_state;  // none | ok | due_soon | overdue
  /// While the police decide (status accepted): the review target of Decree 310 art. 8 (3 日
  /// from acceptance). Shown, but the police are overdue only past due_at (the decision clock).
  std::optional<core::Timestamp> review_due_at;
  std::vector<TransferStep> steps;
};

struct StartTransfer {
  std::vector<std::string> team;  // logins of ≥ 2 officers of the owning agency
  std::string report;             // 书面报告
  bool suspicion_only = false;    // IP "reasonable suspicion" path (Decree 310 art. 3 para. 2)
};

/// Opens a transfer for a case of the caller's own agency.
core::Result<Transfer> StartCaseTransfer(Context& ctx, const Principal& who, int64_t case_id,
                                         const StartTransfer& input);

struct TransferAction {
  std::string action;  // approve, reject, send, receive, forward, file, not_file, handover,
                       // request_review, review_uphold, review_reverse, propose_supervision,
                       // return, extend
  std::string reasons;
  std::optional<int64_t> police_agency_id;  // send, forward
  TransferDocuments documents;              // send
  std::string extension;                    // extend: complex | special
  std::string approver;                     // extend: the approving official (name and post)
};

/// Applies one workflow action. FailedPrecondition when the action does not fit the status (or an
/// extension does not follow the running clock), PermissionDenied when the caller is not the
/// party whose turn it is, InvalidArgument (field errors) for missing reasons, approver or kind.
core::Result<Transfer> ActOnTransfer(Context& ctx, const Principal& who, int64_t transfer_id,
                                     const TransferAction& action);

core::Result<Transfer> GetTransfer(Context& ctx, const Principal& who, int64_t transfer_id);
/// The transfer of a case, if any (visibility as for the case).
core::Result<std::optional<Transfer>> TransferOfCase(Context& ctx, const Principal& who,
                                                     int64_t case_id);

struct TransferFilter {
  bool incoming = false;               // police: transfers sent to the caller's agency
  std::optional<std::string> state;    // overdue | due_soon
  std::vector<std::string> statuses;   // any of these (rules/transfer_workflow.h names)
  bool earliest_due_first = false;     // the 工作台's order (default: newest first)
};
core::Result<Page<Transfer>> ListTransfers(Context& ctx, const Principal& who,
                                           const TransferFilter& f, const PageRequest& page);

// ---- Prosecutor supervision (检察监督) ----

struct SupervisionAction {
  int64_t id = 0;
  int64_t case_id = 0;
  std::string case_number;
  std::string case_title;
  std::optional<int64_t> transfer_id;  // the transfer it concerns (none for suggest_transfer)
  std::string kind;  // request_reasons | notify_filing | suggest_transfer
  // Who must answer: the police the case went to (request_reasons, notify_filing) or the agency
  // that owns the case (suggest_transfer).
  std::string addressed_kind;  // police | agency
  int64_t addressed_agency_id = 0;
  std::string addressed_agency_name;
  std::string prosecutor_agency_name;
  std::string created_by;
  core::Timestamp created_at;
  std::optional<core::Timestamp> due_at;
  std::optional<core::Timestamp> answered_at;
  std::string answer;
  std::string note;
  std::string deadline_state;
};

core::Result<SupervisionAction> Supervise(Context& ctx, const Principal& who, int64_t case_id,
                                          const std::string& kind, const std::string& note);
/// Supervision actions on cases within the caller's scope, newest first (at most 200): for
/// prosecutors and the office; police and agencies see the ones addressed to them (police: those
/// on transfers they received, across regions; agencies: those on their own cases).
core::Result<std::vector<SupervisionAction>> ListSupervisionActions(Context& ctx,
                                                                    const Principal& who);
core::Result<SupervisionAction> AnswerSupervision(Context& ctx, const Principal& who,
                                                  int64_t action_id, const std::string& answer);

struct Alert {
  int64_t id = 0;  // 0 for computed alerts
  // penalty_instead_of_prosecution (closed with a penalty, never sent to the police) |
  // transfer_not_decided (over the threshold, no transfer decision within the supervision
  // limit) | deadline_overdue | deadline_due_soon
  std::string kind;
  int64_t case_id = 0;
  std::string case_number;
  int64_t agency_id = 0;
  std::string agency_name;
  std::string region_code;
  std::string message;
  core::Timestamp created_at;
  /// high — rests on a confirmed or secondary-source threshold (or a statutory clock ran out);
  /// low — every met threshold finding rests on an unconfirmed (M) rule, and the message says so;
  /// medium — a clock is about to run out.
  std::string severity = "high";
};

/// Alerts within scope: agency heads and officers see their agency's; prosecutors and the office
/// see their region's. Stored alerts (以罚代刑) plus alerts computed from the clock: deadlines of
/// transfers, and open over-threshold cases without a transfer decision past the supervision
/// limit (rules/deadlines/supervision.rules).
core::Result<std::vector<Alert>> ListAlerts(Context& ctx, const Principal& who);

}  // namespace ipe::app
