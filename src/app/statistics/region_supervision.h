#pragma once
// 地区督办 (issue 18): the office's 通报, 约谈 or 挂牌督办 of a region — usually a high-incidence
// candidate (high_incidence.h), whose triggering figures are frozen into the record — with the
// responsible local government and agencies, a rectification deadline (default per kind from
// rules/statistics/region_supervision.rules), tasks for the agencies, their follow-up reports,
// and the office's review: return, extend, or remove (摘牌) once every task is done. Each step
// is a transition of statistics::NextSupervisionStatus (otherwise FailedPrecondition → 409),
// audited, and shown on the 工作台 of those concerned (workbench.h).
//
// Who: the office (领导小组办公室) decides on regions strictly below its own — the national
// office on provinces and below, a provincial office on its prefectures and counties — and only
// the deciding office reviews. Supervisory roles read the decisions on their region subtree;
// officers and heads read (and report on) those naming their agency as responsible.
//
//   NewRegionSupervision in{.kind = "listed", .region_code = "310000", .rule_key = "persistent_top",
//                           .basis_year = 2025, .agency_ids = {3}, .tasks = {{3, "专项整治", "2026-06-30"}}};
//   auto s = CreateRegionSupervision(ctx, office, in);           // status rectifying
//   FileSupervisionReport(ctx, sh_officer, s->id, {.body = "…", .task_id = t, .task_done = true});
//   ReviewRegionSupervision(ctx, office, s->id, {"remove", "整改到位"}, s->version + 1);

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/code_label.h"
#include "app/context.h"
#include "app/internal/upload.h"
#include "app/principal.h"
#include "core/status.h"
#include "core/time.h"

namespace ipe::app {

/// criticism 通报, interview 约谈, listed 挂牌督办.
const std::vector<CodeLabel>& SupervisionKinds();
/// rectifying 整改中, reported 待审核, removed 已摘牌（已办结）.
const std::vector<CodeLabel>& SupervisionStatuses();
/// The step kinds of the record's history: open, report, return, extend, remove.
const std::vector<CodeLabel>& SupervisionStepKinds();

struct SupervisionAgency {
  int64_t id = 0;
  std::string name;
};

struct SupervisionTask {
  int64_t id = 0;
  int64_t supervision_id = 0;
  int64_t agency_id = 0;
  std::string agency_name;
  std::string title;
  core::Date due_date;
  std::optional<core::Timestamp> done_at;
  std::string deadline_state;  // done | ok | due_soon | overdue (today in Beijing)
};

struct SupervisionStep {
  int64_t id = 0;
  std::string kind;  // open, report, return, extend, remove
  std::optional<int64_t> agency_id;
  std::string agency_name;
  std::optional<int64_t> task_id;
  std::string body;
  std::optional<core::Date> deadline;  // extend, open
  std::string filename;                // "" without an attachment
  std::string content_type;
  int64_t size = 0;
  std::string actor_name;
  core::Timestamp at;
};

struct RegionSupervision {
  int64_t id = 0;
  std::string kind;
  std::string status;
  std::string region_code;
  std::string region_name;
  std::string issuer_region;
  std::string government;  // 责任地方政府
  std::string reason;
  std::string rule_key;    // "" when not opened on a candidate
  std::optional<int> basis_year;
  std::string figures_json;  // [{year, count, per_100k_hundredths, rank}] as frozen at opening
  core::Date deadline;
  std::string deadline_state;  // none (removed) | ok | due_soon | overdue
  std::string review_note;
  std::string created_by_name;
  int64_t version = 0;
  core::Timestamp created_at;
  core::Timestamp updated_at;
  std::optional<core::Timestamp> removed_at;
  std::vector<SupervisionAgency> agencies;
  std::vector<SupervisionTask> tasks;
  std::vector<SupervisionStep> steps;  // GetRegionSupervision and the writes only; oldest first
};

struct NewSupervisionTask {
  int64_t agency_id = 0;
  std::string title;
  std::string due_date;  // YYYY-MM-DD, not after the deadline
};

struct NewRegionSupervision {
  std::string kind;
  std::string region_code;
  std::string government;  // "" → the region's name + 人民政府
  std::string reason;      // required unless opened on a candidate (rule_key)
  std::string rule_key;    // a high-incidence rule: the region must be its candidate in basis_year
  std::optional<int> basis_year;
  std::string deadline;    // "" → today + the kind's rectification_days
  std::vector<int64_t> agency_ids;
  std::vector<NewSupervisionTask> tasks;
};

/// Opens a decision (status rectifying). InvalidArgument with field errors (kind, region_code,
/// reason, rule_key, basis_year, deadline, agency_ids, tasks[i].…) for bad input, a region
/// that is not the rule's candidate that year, agencies outside the region or a task's agency
/// not among the responsible ones; PermissionDenied without region_supervision.manage or for a
/// region not strictly below the caller's. Audited as region_supervision.open.
core::Result<RegionSupervision> CreateRegionSupervision(Context& ctx, const Principal& who,
                                                        const NewRegionSupervision& in);

struct SupervisionFilter {
  std::optional<std::string> status;
  std::optional<std::string> kind;
};
/// The decisions the caller may read (see the file comment), newest first, without steps.
/// InvalidArgument (status, kind) for unknown codes; PermissionDenied without
/// region_supervision.read.
core::Result<Page<RegionSupervision>> ListRegionSupervisions(Context& ctx, const Principal& who,
                                                             const SupervisionFilter& filter,
                                                             const PageRequest& page);

/// One decision with its tasks and steps; NotFound when missing or not the caller's to read.
core::Result<RegionSupervision> GetRegionSupervision(Context& ctx, const Principal& who, int64_t id);

struct NewSupervisionReport {
  std::string body;
  std::optional<int64_t> task_id;  // the task it reports on (of the caller's agency)
  bool task_done = false;          // the task is done with this report
  std::optional<internal::Upload> attachment;
};
/// A responsible agency's follow-up (status → reported). InvalidArgument (body, task_id,
/// attachment.…); PermissionDenied without region_supervision.report or for an agency not
/// responsible; NotFound when not visible; FailedPrecondition once removed. Audited as
/// region_supervision.report.
core::Result<RegionSupervision> FileSupervisionReport(Context& ctx, const Principal& who, int64_t id,
                                                      const NewSupervisionReport& in);

struct SupervisionReview {
  std::string action;    // return, extend, remove
  std::string note;      // required for return and extend
  std::string deadline;  // extend: the new deadline, after the current one
};
/// The deciding office's review. InvalidArgument (action, note, deadline); PermissionDenied for
/// anyone but the office of the issuing region; FailedPrecondition for a transition the table
/// refuses, removal with tasks not done, or a stale `version`. Audited as
/// region_supervision.<action>.
core::Result<RegionSupervision> ReviewRegionSupervision(Context& ctx, const Principal& who, int64_t id,
                                                        const SupervisionReview& review, int64_t version);

struct SupervisionAttachment {
  std::string filename;
  std::string content_type;
  std::string bytes;
};
/// The attachment of step `step_id` of decision `id`; NotFound when either is missing, has no
/// file, or the decision is not the caller's to read.
core::Result<SupervisionAttachment> GetSupervisionAttachment(Context& ctx, const Principal& who, int64_t id,
                                                             int64_t step_id);

/// Limits (docs/statistics.md).
inline constexpr size_t kSupervisionAttachmentMaxBytes = 5 * 1024 * 1024;
inline constexpr size_t kSupervisionMaxTasks = 30;
inline constexpr size_t kSupervisionMaxAgencies = 20;

/// Work for the 工作台: the caller's agency's open tasks due within `due_soon_days` or overdue
/// (officers and heads), and for the office the decisions it issued awaiting review and those
/// past their deadline. Each with totals.
struct SupervisionWork {
  std::vector<std::pair<SupervisionTask, RegionSupervision>> tasks;
  int64_t tasks_total = 0;
  std::vector<RegionSupervision> to_review;
  int64_t to_review_total = 0;
  std::vector<RegionSupervision> overdue;
  int64_t overdue_total = 0;
};
core::Result<SupervisionWork> SupervisionWorkOf(Context& ctx, const Principal& who, int64_t per_kind,
                                               int due_soon_days);

}  // namespace ipe::app
