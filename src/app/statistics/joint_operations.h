#pragma once
// 跨区域联合行动 (issue 18, seed task 23: "跨区域联合执法行动"): a joint operation the office starts
// from a cross-region lead cluster — the same actor seen by agencies of several regions — with the
// agencies holding those leads as members, one of them leading (牵头单位), a goal and a planned
// period; and, as the operation goes on, the cases each member opened: cases converted from the
// operation's leads count by themselves, and a member links the other cases it opened in the
// operation. The coordinating office closes it with a summary. docs/statistics.md "Joint operations".
//
//   JointOperationInput in{"“139”假冒运动鞋团伙联合查处", "同步收网", lead_id, alert_id, ...};
//   auto op = CreateJointOperation(ctx, office, in);        // members = the cluster's agencies
//   LinkJointOperationCase(ctx, sh_officer, op->id, case_id);
//   CloseJointOperation(ctx, office, op->id, "两地共立案 3 件", op->version);
//
// Who may do what:
// - start: the office (cooperation.manage) whose region contains every lead of the cluster — a
//   province's office for a cluster across its prefectures, the national office across provinces.
//   The cluster must span regions and none of its leads may be in another active operation.
// - see: viewers with statistics.read whose region contains the operation's covering region, and
//   the users of a member agency. Inside an operation, a lead or a case is named (title, number)
//   only to a viewer who may see that record (CanSeeRecord); the others are counted per member.
// - link a case: an officer or head of a member agency, for a case of their own agency, while the
//   operation is active.
// - close: the office that could start it, with a summary.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/code_label.h"
#include "app/context.h"
#include "app/principal.h"
#include "core/money.h"
#include "core/status.h"
#include "core/time.h"

namespace ipe::app {

struct JointOperationLead {
  int64_t lead_id = 0;  // 0 when the viewer may not see it
  std::string title;    // empty when not visible
  std::string status;
  int64_t agency_id = 0;
  std::string region_code;
  std::optional<int64_t> case_id;  // converted into (visible leads only)
};

struct JointOperationCase {
  int64_t case_id = 0;  // 0 when the viewer may not see it
  std::string case_number;
  std::string title;
  std::string status;  // open, closed
  int64_t agency_id = 0;
  std::string agency_name;
  std::string region_code;
  std::optional<core::Fen> illegal_business;  // 非法经营数额
  std::optional<core::Fen> fine;
  std::string origin;  // lead (converted from one of the operation's leads), linked (by the member)
  core::Timestamp opened_at;
};

struct JointOperationMember {
  int64_t agency_id = 0;
  std::string agency_name;
  std::string region_code;
  bool lead = false;  // 牵头单位
  int64_t leads = 0;  // of the operation, held by this member
  int64_t cases = 0;  // opened by this member in the operation
  int64_t cases_closed = 0;
  core::Fen illegal_business{};  // sum over its cases (visible or not: a figure, not a record)
  core::Fen fines{};
};

struct JointOperation {
  int64_t id = 0;
  std::string title;
  std::string goal;
  std::string region_code;  // the smallest region containing every lead: who coordinates and sees
  int64_t origin_lead_id = 0;  // 0 when the viewer may not see that lead
  std::optional<int64_t> alert_id;
  int64_t lead_agency_id = 0;
  std::string lead_agency_name;
  core::Date start_date;
  core::Date end_date;  // planned
  std::string status;   // active, closed
  std::string summary;
  core::Timestamp created_at;
  std::optional<core::Timestamp> closed_at;
  int64_t version = 1;
  std::vector<std::string> regions;  // of the operation's leads
  std::vector<JointOperationMember> members;
  // Get only:
  std::vector<JointOperationLead> leads;
  std::vector<JointOperationCase> cases;
  int64_t hidden_leads = 0;  // leads the viewer may not see
  int64_t hidden_cases = 0;
};

struct JointOperationInput {
  std::string title;
  std::string goal;
  int64_t lead_id = 0;  // any lead of the cluster the viewer sees
  std::optional<int64_t> alert_id;  // the cross-region alert it answers: marked handled with it
  std::optional<int64_t> lead_agency_id;  // default: the member holding most of the leads
  std::vector<int64_t> extra_agency_ids;  // agencies joining without a lead of the cluster
  std::optional<core::Date> start_date;   // default today
  std::optional<core::Date> end_date;
};

/// Starts an operation from the cluster of `in.lead_id`, audited joint_operation.create (and, with
/// an alert, lead.alert_ack in the same transaction). InvalidArgument (title, goal, lead_id,
/// alert_id, lead_agency_id, extra_agency_ids, start_date, end_date) for empty or long texts, a
/// lead outside any cross-region cluster, an end before the start, an unknown or inactive agency, a
/// leading agency that is not a member, fewer than two members; FailedPrecondition when a lead of
/// the cluster is in an active operation already, when the cluster reaches beyond the caller's
/// region, or when the alert is handled already; PermissionDenied but for the office.
core::Result<JointOperation> CreateJointOperation(Context& ctx, const Principal& who,
                                                  const JointOperationInput& in);

struct JointOperationFilter {
  std::optional<std::string> status;  // active, closed
};
/// Operations the viewer may see, newest first, with their members' figures.
core::Result<Page<JointOperation>> ListJointOperations(Context& ctx, const Principal& who,
                                                       const JointOperationFilter& f,
                                                       const PageRequest& page);
/// One operation with its leads and cases (named when visible); NotFound when missing or not
/// visible.
core::Result<JointOperation> GetJointOperation(Context& ctx, const Principal& who, int64_t id);

/// A member links a case it opened in the operation, audited joint_operation.link_case.
/// PermissionDenied but for an officer or head of a member agency; NotFound (operation or case not
/// visible); InvalidArgument (case_id) for another agency's case; FailedPrecondition when the
/// operation is closed or the case counts already.
core::Result<JointOperation> LinkJointOperationCase(Context& ctx, const Principal& who, int64_t id,
                                                    int64_t case_id);

/// Closes an active operation with a summary, audited joint_operation.close. PermissionDenied but
/// for the office whose region contains the operation's; FailedPrecondition when closed already or
/// `version` is stale; InvalidArgument (summary).
core::Result<JointOperation> CloseJointOperation(Context& ctx, const Principal& who, int64_t id,
                                                 const std::string& summary, int64_t version);

/// The 工作台's to-do of an officer or head of a member agency: the active operations in which the
/// agency has no case yet (converted from the operation's leads or linked), soonest planned end
/// first. Empty for other roles.
core::Result<Page<JointOperation>> JointOperationsAwaitingMyCases(Context& ctx, const Principal& who,
                                                                  const PageRequest& page);

/// The code → zh-CN names of an operation's status and a case's origin in it.
const std::vector<CodeLabel>& JointOperationStatuses();
const std::vector<CodeLabel>& JointOperationCaseOrigins();

}  // namespace ipe::app
