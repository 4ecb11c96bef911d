#pragma once
// Work-plan tracking (工作要点跟踪): import a plan document, derive one assignment per (item,
// agency), collect progress reports per period, supervise (督办, 提醒, 通报, 约谈), and assess
// agencies with a rubric (考核评价). The pure model is plan/model.h; this adds storage,
// permissions and audit; the SQL is in plan_store.cc. docs/plans.md describes the model,
// /work/notes/plans-api.md the API.
//
//   PlanImportInput in{.text = text, .region_code = "000000", .source_name = "2020.txt"};
//   auto imported = ImportPlan(ctx, office, in);      // 7 sections, 35 tasks, 61 items
//   auto page = ListAssignments(ctx, cnipa_officer, imported->plan.id, {}, {});
//   auto report = SubmitReport(ctx, cnipa_officer, page->items[0].id,
//                              {.period = "2020-Q2", .status = "in_progress", .narrative = "…"});
//
// Permissions (one place, plans_internal.cc PlanAccess): office and admin manage the plans of
// their region subtree; auditor and analyst read them; every other user sees only the plans, items
// and reports of their own agency's assignments and reports on them (officer, agency_head).
// Invisible things answer NotFound like unknown ones. Every write: one transaction, one audit
// record. Overdue uses the Context clock (Beijing date) and plan::IsOverdue.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/code_label.h"
#include "app/context.h"
#include "app/principal.h"
#include "core/status.h"
#include "core/time.h"

namespace ipe::app {

/// Upper bounds of a progress report (also in docs/plans.md).
inline constexpr size_t kReportNarrativeMaxChars = 5000;
inline constexpr size_t kReportMaxAttachments = 5;
inline constexpr size_t kReportAttachmentMaxBytes = 2u << 20;  // 2 MiB decoded

/// The area's codes with their zh-CN labels (the API contract's enums, the words on screen).
const std::vector<CodeLabel>& PlanReportStatuses();     // not_started 未启动 … blocked 受阻
const std::vector<CodeLabel>& PlanCellStatuses();       // the report statuses and overdue 逾期
const std::vector<CodeLabel>& PlanAssignmentRoles();    // lead 牵头, co 配合
const std::vector<CodeLabel>& PlanNoticeKinds();        // supervision 督办 … interview 约谈
const std::vector<CodeLabel>& PlanHolderResolutions();  // generic, unresolved, unregistered

struct PlanSummary {
  int64_t id = 0;  // 0 in a dry run
  int year = 0;
  std::string title;
  std::string region_code;
  std::string region_name;
  int64_t sections = 0;
  int64_t tasks = 0;
  int64_t items = 0;
  int64_t clauses = 0;
  int64_t assignments = 0;
  core::Timestamp created_at;
  std::string created_by;  // display name
};

/// A holder that did not become an assignment.
struct UnassignedHolder {
  std::string item_key;    // "3.16.1"
  std::string name;        // as resolved / written
  std::string role;        // lead, co
  std::string resolution;  // generic (有关部门), unresolved (unknown name), unregistered (a known
                           // agency without a row in the agencies table)
  int64_t id = 0;          // plan_unassigned id (0 in a dry run)
};

/// A holder the office has assigned to agencies (AssignUnassignedHolder); kept as history.
struct ResolvedHolder {
  int64_t id = 0;
  std::string name;
  std::string role;
  std::string resolution;
  std::vector<std::pair<int64_t, std::string>> agencies;  // id, name as chosen
  std::string resolved_by_name;
  core::Timestamp resolved_at;
};

struct PlanImportInput {
  std::string text;
  std::string region_code = kNationalRegion;
  std::string source_name;
  bool dry_run = false;
};

struct PlanImportResult {
  PlanSummary plan;
  std::vector<UnassignedHolder> unresolved;
  int64_t items_without_clause = 0;
};

/// Parses `text` (plan::ParsePlan, names resolved at the level of `region_code`) and stores the
/// plan, its tree, assignments and unassigned holders in one transaction. Office/admin with the
/// region in scope (the system principal passes). Errors: PermissionDenied; InvalidArgument with
/// field errors (`text`: unparsable, no year or no title; `region_code`: unknown); AlreadyExists
/// when the same year + region + title is stored. A dry run validates and counts, storing nothing.
core::Result<PlanImportResult> ImportPlan(Context& ctx, const Principal& who,
                                          const PlanImportInput& in);

/// Plans the caller may see, newest first.
core::Result<Page<PlanSummary>> ListPlans(Context& ctx, const Principal& who,
                                          const PageRequest& page);

struct PlanAssignment {
  int64_t id = 0;
  int64_t plan_id = 0;
  std::string item_key;
  int64_t task_number = 0;
  std::string task_title;
  std::string item_text;
  int64_t agency_id = 0;
  std::string agency_name;
  std::string role;  // lead, co
  std::optional<core::Date> due_date;
  std::string latest_status;  // not_started … (plan::LatestStatus of all reports)
  std::optional<core::Timestamp> latest_report_at;
  bool overdue = false;
};

struct PlanItemNode {
  std::string key;
  std::optional<int64_t> number;
  std::string text;
  std::vector<PlanAssignment> assignments;
  std::vector<UnassignedHolder> unassigned;  // not yet resolved
  std::vector<ResolvedHolder> resolved;      // assigned by the office (history)
};
struct PlanTaskNode {
  int64_t number = 0;
  std::string title;
  std::vector<PlanItemNode> items;
};
struct PlanSectionNode {
  int64_t number = 0;  // rendered as 一, 二 … by the API
  std::string title;
  std::vector<PlanTaskNode> tasks;
};
struct PlanDetail {
  PlanSummary summary;
  std::vector<PlanSectionNode> tree;  // filtered to the caller's items unless a plan reader
};

/// The plan with its tree. NotFound when unknown or not visible.
core::Result<PlanDetail> GetPlan(Context& ctx, const Principal& who, int64_t plan_id);

/// Status of a matrix cell or an assignment filter: a report status or "overdue".
struct AssignmentFilter {
  std::optional<int64_t> agency_id;
  std::optional<std::string> status;  // not_started, in_progress, completed, blocked
  std::optional<bool> overdue;
};
/// Assignments of the plan the caller may see, in document order (lead before co).
/// InvalidArgument (field `status`) for an unknown status.
core::Result<Page<PlanAssignment>> ListAssignments(Context& ctx, const Principal& who,
                                                   int64_t plan_id, const AssignmentFilter& f,
                                                   const PageRequest& page);
/// Overdue assignments the caller may see (today from the Context clock).
core::Result<Page<PlanAssignment>> ListOverdue(Context& ctx, const Principal& who, int64_t plan_id,
                                               const PageRequest& page);
core::Result<PlanAssignment> GetAssignment(Context& ctx, const Principal& who,
                                           int64_t assignment_id);

/// Sets or clears one assignment's due date (office/admin).
core::Result<PlanAssignment> SetAssignmentDueDate(Context& ctx, const Principal& who,
                                                  int64_t assignment_id,
                                                  std::optional<core::Date> due);
/// Sets the due date of every assignment of the plan matching task and agency (both optional),
/// in one transaction with one audit record. Returns how many were updated.
core::Result<int64_t> SetDueDates(Context& ctx, const Principal& who, int64_t plan_id,
                                  core::Date due, std::optional<int64_t> task_number,
                                  std::optional<int64_t> agency_id);

struct HolderAssignment {
  std::vector<PlanAssignment> created;  // new assignments, one per agency that had none
  std::vector<PlanAssignment> kept;     // the agency already held the item: kept (co → lead
                                        // when the holder is lead)
};
/// Assigns an unassigned holder of the plan (有关部门 …) to registered agencies (office/admin, as
/// for due dates): one assignment per agency with the holder's role on the holder's item (an
/// existing assignment of that agency on the item is kept; lead wins over co), and the holder is
/// marked resolved (who, when, which agencies) — one transaction, one audit record
/// `plan.assign_holder`. NotFound: plan or holder unknown or not visible (agency users never see
/// holders); PermissionDenied: a reader; FailedPrecondition: already resolved; InvalidArgument
/// with field errors `agency_ids` (empty, more than 100) or `agency_ids[i]` (unknown, inactive,
/// outside the plan's region, repeated) — nothing is written then.
core::Result<HolderAssignment> AssignUnassignedHolder(Context& ctx, const Principal& who,
                                                      int64_t plan_id, int64_t holder_id,
                                                      const std::vector<int64_t>& agency_ids);

struct ReportAttachment {
  int64_t id = 0;
  std::string filename;
  int64_t size = 0;
  std::string content_type;
};
struct PlanReport {
  int64_t id = 0;
  int64_t assignment_id = 0;
  std::string period;
  std::string status;
  std::string narrative;
  std::map<std::string, int64_t> figures;
  std::vector<ReportAttachment> attachments;
  std::optional<int64_t> submitted_by;
  std::string submitted_by_name;
  core::Timestamp submitted_at;
};
struct NewAttachment {
  std::string filename;
  std::string content_type;
  std::string data_base64;
};
struct NewReport {
  std::string period;  // 2020, 2020-H1, 2020-Q2, 2020-M04
  std::string status;  // not_started … or the Chinese label
  std::string narrative;
  std::map<std::string, int64_t> figures;
  std::vector<NewAttachment> attachments;
};

/// Reports on an assignment, newest first. NotFound when the assignment is not visible.
core::Result<std::vector<PlanReport>> ListReports(Context& ctx, const Principal& who,
                                                  int64_t assignment_id);
/// Submits a report: a user of the assigned agency with role officer or agency_head, or
/// office/admin. InvalidArgument with field errors (`period`: malformed, another year than the
/// plan's, or not started yet; `status`; `narrative`: 1..5000 characters; `figures.<name>`: < 0;
/// `attachments`: more than 5; `attachments[i]`: no name, bad base64, empty or above 2 MiB);
/// nothing is written then.
core::Result<PlanReport> SubmitReport(Context& ctx, const Principal& who, int64_t assignment_id,
                                      const NewReport& in);

struct AttachmentFile {
  std::string filename;
  std::string content_type;
  std::string bytes;
};
/// An attachment's bytes, with the visibility of its report.
core::Result<AttachmentFile> GetAttachment(Context& ctx, const Principal& who,
                                           int64_t attachment_id);

struct PlanNotice {
  int64_t id = 0;
  int64_t plan_id = 0;
  std::string kind;  // supervision, reminder, criticism, interview
  std::optional<int64_t> agency_id;
  std::string agency_name;
  std::optional<std::string> region_code;
  std::optional<int64_t> assignment_id;
  std::string title;
  std::string text;
  std::optional<core::Date> due_date;
  std::string created_by_name;
  core::Timestamp created_at;
  std::optional<core::Timestamp> acknowledged_at;
};
struct NewNotice {
  std::string kind;
  std::optional<int64_t> agency_id;  // exactly one of agency_id and region_code
  std::optional<std::string> region_code;
  std::optional<int64_t> assignment_id;  // must belong to the plan (and to agency_id if given)
  std::string title;
  std::string text;
  std::optional<core::Date> due_date;
};
/// Notices of the plan: all for plan readers; for others those addressed to their agency or to a
/// region containing theirs. Newest first. InvalidArgument (field `kind`) for an unknown kind.
core::Result<Page<PlanNotice>> ListNotices(Context& ctx, const Principal& who, int64_t plan_id,
                                           const std::optional<std::string>& kind,
                                           const PageRequest& page);
/// Records a notice (office/admin). InvalidArgument with field errors.
core::Result<PlanNotice> CreateNotice(Context& ctx, const Principal& who, int64_t plan_id,
                                      const NewNotice& in);
/// The addressed agency acknowledges a notice. FailedPrecondition when already acknowledged.
core::Result<PlanNotice> AcknowledgeNotice(Context& ctx, const Principal& who, int64_t notice_id);

struct RubricCriterionView {
  std::string id;
  std::string name;
  int64_t max_points = 0;
};
struct PlanRubric {
  std::vector<RubricCriterionView> criteria;
  int64_t max_total = 0;
};
/// The rubric (empty criteria when none is set). Plan viewers.
core::Result<PlanRubric> GetRubric(Context& ctx, const Principal& who, int64_t plan_id);
/// Replaces the rubric (office/admin). InvalidArgument with field errors `criteria[i].id|name|
/// max_points` (plan::Rubric::Validate rules) or `criteria`; FailedPrecondition when stored
/// scores use a criterion the new rubric drops or lowers below a given score.
core::Result<PlanRubric> PutRubric(Context& ctx, const Principal& who, int64_t plan_id,
                                   const PlanRubric& rubric);

struct PlanScore {
  int64_t id = 0;
  int64_t plan_id = 0;
  std::string period;
  int64_t agency_id = 0;
  std::string agency_name;
  std::map<std::string, int64_t> points;
  int64_t total = 0;
  std::string comment;
  std::string scored_by_name;
  core::Timestamp scored_at;
};
struct NewScore {
  std::string period;
  int64_t agency_id = 0;
  std::map<std::string, int64_t> points;
  std::string comment;
};
/// Creates or replaces one agency's score for a period (office/admin). The agency must hold an
/// assignment in the plan. FailedPrecondition without a rubric; InvalidArgument with field errors
/// (`period`, `agency_id`, `points.<id>` unknown or outside 0..max).
core::Result<PlanScore> PutScore(Context& ctx, const Principal& who, int64_t plan_id,
                                 const NewScore& in);

struct RankingEntry {
  int64_t agency_id = 0;
  std::string agency_name;
  int64_t total = 0;
  int64_t rank = 0;  // equal totals share a rank (plan::Rank)
  std::map<std::string, int64_t> points;
  std::optional<int64_t> completion_permille;  // of the agency's assignments, latest status
};
struct Ranking {
  std::string period;
  int64_t max_total = 0;
  std::vector<RankingEntry> entries;
};
/// The ranking of scored agencies for a period. Plan viewers.
core::Result<Ranking> GetRanking(Context& ctx, const Principal& who, int64_t plan_id,
                                 const std::string& period);

struct MatrixCell {
  int64_t task = 0;
  int64_t agency_id = 0;
  std::string role;    // lead if any item of the task is lead
  std::string status;  // worst: blocked > overdue > not_started > in_progress > completed
  bool overdue = false;
  std::vector<int64_t> assignment_ids;
};
struct PlanMatrix {
  std::string period;                                     // "" = all reports
  std::vector<std::pair<int64_t, std::string>> tasks;     // number, title (document order)
  std::vector<std::pair<int64_t, std::string>> agencies;  // id, name (by lead count, then name)
  std::vector<MatrixCell> cells;
};
/// Tasks × agencies. With a period, an assignment's status is the latest of the reports whose
/// period overlaps it; overdue is always from today. Same visibility as the tree.
core::Result<PlanMatrix> GetMatrix(Context& ctx, const Principal& who, int64_t plan_id,
                                   const std::optional<std::string>& period);

struct MatrixExport {
  std::string filename;  // 工作要点任务矩阵-<plan id>[-<period>].xlsx
  std::string bytes;     // the .xlsx file
};
/// The matrix as an .xlsx workbook (sheet::WriteXlsx): sheet 任务矩阵 with one coloured cell per
/// task × agency ("牵头·逾期"), sheet 责任分工 with every visible assignment, sheet 图例 with the
/// colours. Visibility as GetMatrix; appends one audit record (export.plan_matrix).
core::Result<MatrixExport> ExportMatrixXlsx(Context& ctx, const Principal& who, int64_t plan_id,
                                            const std::optional<std::string>& period);

/// Parses "2020", "2020-H1", "2020-Q2", "2020-M04" into first/last dates. InvalidArgument else.
core::Result<std::pair<core::Date, core::Date>> ParsePlanPeriod(const std::string& period);

/// The 2020 national plan (data/plans/, compiled in) with due dates, reports in several states
/// (one blocked, one overdue), a 督办 notice, a rubric and 2020 scores. Idempotent: nothing is
/// done when the plan is stored. Called from LoadDemoData after the demo users.
core::Status LoadPlansDemo(Context& ctx);

}  // namespace ipe::app
