#pragma once
// PlanStore: every SQL statement of the work-plan area (plans and their tree, assignments,
// unassigned holders, progress reports and attachments, notices, rubrics and scores) in one
// place, with the row mapping. The use cases (plans.cc, plan_import.cc, assignments.cc,
// reports.cc, notices.cc, assessment.cc, matrix.cc) decide who may see and do what, validate,
// compute statuses and audit; the store reads and writes rows inside the caller's transaction.
//
// Children are loaded per kind, not per row: a page of plans counts its assignments in one
// grouped query, the reports of a plan come in one query for all its assignments, the
// attachments of a list of reports in one query, the agency names of resolved holders in one.
//
//   PlanStore store(*tx);
//   IPE_ASSIGN_OR_RETURN(auto plan, store.Find(plan_id));
//   IPE_ASSIGN_OR_RETURN(auto rows, store.Assignments(plan_id, std::nullopt));

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "app/plans/plans.h"
#include "core/status.h"
#include "core/time.h"
#include "plan/model.h"
#include "storage/db.h"

namespace ipe::app {

/// The name shown for a plan's or a notice's region: 全国 for the national code, else the full
/// GB/T 2260 name (the code itself when unknown).
std::string PlanRegionName(const std::string& code);

/// Which plans a list shows, decided by the use case: every plan (the system), or those of
/// `region` (the subtree; plan readers only) and those where `agency_id` holds an assignment.
struct PlanScope {
  bool all = false;
  std::optional<std::string> region;
  int64_t agency_id = 0;
};

/// A plan as the import writes it.
struct NewPlanRow {
  int year = 0;
  std::string title;
  std::string region_code;
  std::string source_name;
  std::string source_text;
  int64_t sections = 0;
  int64_t tasks = 0;
  int64_t items = 0;
  int64_t clauses = 0;
  std::optional<int64_t> created_by;  // none: the system
  std::string created_by_name;
  core::Timestamp created_at;
};

/// One item of an imported plan, in document order, with the key the assignments refer to.
struct NewItemRow {
  plan::ItemKey key;
  const plan::Item* item = nullptr;
};

/// A holder to store as unassigned (UnassignedHolder without its id).
struct NewHolderRow {
  std::string item_key;
  std::string name;
  std::string role;
  std::string resolution;
};

/// An assignment with the id of its item (the tree groups by it).
struct AssignmentRow {
  PlanAssignment a;  // latest_status not_started, no report facts applied
  int64_t item_id = 0;
};

/// What a status computation needs of one report (plan::LatestStatus, plan::IsOverdue).
struct ReportFact {
  int64_t assignment_id = 0;
  plan::Report report;
  core::Timestamp submitted_at;
};

/// The stored holders of a plan's items: those still unassigned and those the office resolved.
struct PlanHolders {
  std::map<int64_t, std::vector<UnassignedHolder>> unassigned;  // by item id
  std::map<int64_t, std::vector<ResolvedHolder>> resolved;      // by item id, agency names filled
};

struct SectionRow {
  int64_t number = 0;
  std::string title;
};
struct TaskRow {
  int64_t section_number = 0;
  int64_t number = 0;
  std::string title;
};
struct ItemRow {
  int64_t id = 0;
  std::string key;
  int64_t section_number = 0;
  int64_t task_number = 0;
  std::optional<int64_t> number;
  std::string text;
};

/// One unassigned holder as AssignUnassignedHolder reads it.
struct HolderRow {
  int64_t item_id = 0;
  std::string item_key;
  std::string name;
  std::string role;
  std::string resolution;
  bool resolved = false;
};

/// An agency as the plans area checks it (holder assignment, notices).
struct PlanAgency {
  int64_t id = 0;
  std::string name;
  std::string region_code;
  bool active = false;
};

/// An assignment's existing holder of an item: (assignment id, role).
struct ItemHolding {
  int64_t assignment_id = 0;
  int64_t agency_id = 0;
  std::string role;
};

struct NewReportRow {
  int64_t assignment_id = 0;
  std::string period;
  core::Date period_first;
  core::Date period_last;
  std::string status;
  std::string narrative;
  std::string figures_json;
  std::optional<int64_t> submitted_by;
  std::string submitted_by_name;
  core::Timestamp submitted_at;
};

struct NewAttachmentRow {
  std::string filename;
  std::string content_type;
  int64_t size = 0;
  std::string data_base64;
};

/// An attachment as stored (base64) with the assignment of its report (for the visibility check).
struct StoredAttachment {
  std::string filename;
  std::string content_type;
  std::string data_base64;
  int64_t assignment_id = 0;
};

struct NewNoticeRow {
  int64_t plan_id = 0;
  std::string kind;
  std::optional<int64_t> agency_id;
  std::optional<std::string> region_code;
  std::optional<int64_t> assignment_id;
  std::string title;
  std::string text;
  std::optional<core::Date> due_date;
  std::optional<int64_t> created_by;
  std::string created_by_name;
  core::Timestamp created_at;
};

struct NewScoreRow {
  int64_t plan_id = 0;
  std::string period;
  int64_t agency_id = 0;
  std::string points_json;
  int64_t total = 0;
  std::string comment;
  std::optional<int64_t> scored_by;
  std::string scored_by_name;
  core::Timestamp scored_at;
};

class PlanStore {
 public:
  explicit PlanStore(storage::Tx& tx) : tx_(tx) {}

  // --- plans -----------------------------------------------------------------------------
  /// The plan with its assignment count, or nullopt.
  core::Result<std::optional<PlanSummary>> Find(int64_t plan_id);
  /// A page of the plans in `scope`, newest year first; assignment counts in one query.
  core::Result<Page<PlanSummary>> List(const PlanScope& scope, const PageRequest& page);
  /// Whether `agency_id` holds any assignment of the plan.
  core::Result<bool> AgencyHoldsAssignment(int64_t plan_id, int64_t agency_id);
  /// The id of the plan with this year, region and title, if one is stored.
  core::Result<std::optional<int64_t>> IdOf(int64_t year, const std::string& region_code,
                                            const std::string& title);
  /// Ids of the active agencies with these names, by name (unknown names are absent).
  core::Result<std::map<std::string, int64_t>> ActiveAgencyIdsByName(
      const std::set<std::string>& names);

  // --- import ----------------------------------------------------------------------------
  /// Inserts the plan row. AlreadyExists when year + region + title was stored meanwhile.
  core::Result<int64_t> InsertPlan(const NewPlanRow& row);
  /// Inserts the sections, tasks and items of `p` (bulk) and returns the items' ids by key.
  core::Result<std::map<std::string, int64_t>> InsertTree(int64_t plan_id, const plan::Plan& p,
                                                          const std::vector<NewItemRow>& items);
  /// Inserts (item id, agency id, role) assignments in bulk.
  core::Status InsertAssignments(
      int64_t plan_id, const std::vector<std::tuple<int64_t, int64_t, std::string>>& rows);
  /// Inserts the holders in bulk (their items by key) and returns their ids in the same order.
  core::Result<std::vector<int64_t>> InsertHolders(
      int64_t plan_id, const std::map<std::string, int64_t>& item_ids,
      const std::vector<NewHolderRow>& holders);

  // --- tree ------------------------------------------------------------------------------
  core::Result<std::vector<SectionRow>> Sections(int64_t plan_id);  // document order
  core::Result<std::vector<TaskRow>> Tasks(int64_t plan_id);        // document order
  core::Result<std::vector<ItemRow>> Items(int64_t plan_id);        // document order
  /// Every holder of the plan in insertion order, the resolved ones with their agencies' names
  /// (one query for all names).
  core::Result<PlanHolders> Holders(int64_t plan_id);

  // --- assignments -----------------------------------------------------------------------
  /// The plan's assignments (only `agency_id`'s when given), in document order, lead first.
  core::Result<std::vector<AssignmentRow>> Assignments(int64_t plan_id,
                                                       std::optional<int64_t> agency_id);
  /// Assignments by id, in document order (unknown ids are absent).
  core::Result<std::vector<AssignmentRow>> AssignmentsWithIds(const std::vector<int64_t>& ids);
  core::Result<std::optional<AssignmentRow>> Assignment(int64_t assignment_id);
  /// The report facts of every assignment of the plan, oldest first per assignment.
  core::Result<std::map<int64_t, std::vector<ReportFact>>> ReportFacts(int64_t plan_id);
  /// The report facts of one assignment, oldest first.
  core::Result<std::vector<ReportFact>> ReportFactsOf(int64_t assignment_id);
  core::Status SetDueDate(int64_t assignment_id, std::optional<core::Date> due);
  /// Sets the due date of the plan's assignments of `task_number` and `agency_id` (each when
  /// given); returns how many rows changed.
  core::Result<int64_t> SetDueDates(int64_t plan_id, core::Date due,
                                    std::optional<int64_t> task_number,
                                    std::optional<int64_t> agency_id);
  /// The agency of the plan's assignment `assignment_id`, or nullopt when it is not the plan's.
  core::Result<std::optional<int64_t>> AssignmentAgency(int64_t plan_id, int64_t assignment_id);

  // --- unassigned holders ----------------------------------------------------------------
  core::Result<std::optional<HolderRow>> Holder(int64_t plan_id, int64_t holder_id);
  /// The agencies with these ids, by id (unknown ids are absent).
  core::Result<std::map<int64_t, PlanAgency>> Agencies(const std::vector<int64_t>& ids);
  /// The assignments already held on an item.
  core::Result<std::vector<ItemHolding>> HoldingsOfItem(int64_t item_id);
  core::Status MakeLead(int64_t assignment_id);
  core::Result<int64_t> InsertAssignment(int64_t plan_id, int64_t item_id, int64_t agency_id,
                                         const std::string& role);
  /// Marks the holder resolved unless it already is; returns the rows changed (0 or 1).
  core::Result<int64_t> ResolveHolder(int64_t holder_id, core::Timestamp at,
                                      std::optional<int64_t> by, const std::string& by_name,
                                      const std::string& agency_ids_json);

  // --- reports ---------------------------------------------------------------------------
  /// The assignment's reports newest first, with their attachments (one query for all).
  core::Result<std::vector<PlanReport>> Reports(int64_t assignment_id);
  /// The report with its attachments; NotFound when unknown.
  core::Result<PlanReport> Report(int64_t report_id);
  core::Result<int64_t> InsertReport(const NewReportRow& row);
  core::Status InsertAttachment(int64_t report_id, const NewAttachmentRow& row);
  core::Result<std::optional<StoredAttachment>> Attachment(int64_t attachment_id);

  // --- notices ---------------------------------------------------------------------------
  /// The plan's notices (only of `kind` when given), newest first.
  core::Result<std::vector<PlanNotice>> Notices(int64_t plan_id,
                                                const std::optional<std::string>& kind);
  core::Result<std::optional<PlanNotice>> Notice(int64_t notice_id);
  core::Result<int64_t> InsertNotice(const NewNoticeRow& row);
  /// Signs for a notice not yet signed for. FailedPrecondition (409) when it already is: the
  /// condition is in the UPDATE, so of two writers at once (PostgreSQL: READ COMMITTED) one wins.
  core::Status AcknowledgeNotice(int64_t notice_id, core::Timestamp at, std::optional<int64_t> by);
  /// The region of an active agency, or nullopt when it is unknown or inactive.
  core::Result<std::optional<std::string>> ActiveAgencyRegion(int64_t agency_id);

  // --- assessment ------------------------------------------------------------------------
  /// The plan's rubric, or nullopt when none is set. Internal when the stored JSON is broken.
  core::Result<std::optional<plan::Rubric>> Rubric(int64_t plan_id);
  /// Stores the rubric (replacing one that is set).
  core::Status SaveRubric(int64_t plan_id, const std::string& criteria_json,
                          std::optional<int64_t> by, core::Timestamp at);
  /// The plan's scores (only of `period` when given).
  core::Result<std::vector<PlanScore>> Scores(int64_t plan_id,
                                              const std::optional<std::string>& period);
  core::Result<std::optional<PlanScore>> Score(int64_t plan_id, const std::string& period,
                                               int64_t agency_id);
  /// Inserts or replaces the score of (plan, period, agency) and returns it as stored.
  core::Result<PlanScore> UpsertScore(const NewScoreRow& row);

 private:
  // Fills the assignment counts of `plans` (one grouped query).
  core::Status CountAssignments(std::vector<PlanSummary>& plans);
  // Loads the attachments of `reports` (one query).
  core::Status AttachAttachments(std::vector<PlanReport>& reports);

  storage::Tx& tx_;
};

}  // namespace ipe::app
