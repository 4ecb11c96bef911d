#pragma once
// RegionSupervisionStore: the SQL of 地区督办 (region_supervision.h, migration 1200).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/context.h"
#include "app/statistics/region_supervision.h"
#include "core/status.h"
#include "storage/db.h"

namespace ipe::app {

/// Who a list is for: supervisory readers by region subtree, others by responsible agency.
struct SupervisionScope {
  std::string region = kNationalRegion;
  std::optional<int64_t> agency;  // set: only decisions naming this agency as responsible
};

class RegionSupervisionStore {
 public:
  explicit RegionSupervisionStore(storage::Tx& tx) : tx_(tx) {}

  /// The decision with its agencies and tasks (not its steps), or NotFound; `for_update` locks
  /// the row for a read-modify-write.
  core::Result<RegionSupervision> Load(int64_t id, bool for_update = false);
  /// The steps of a decision, oldest first (no attachment bytes).
  core::Result<std::vector<SupervisionStep>> Steps(int64_t id);
  core::Result<int64_t> Insert(const RegionSupervision& s, std::optional<int64_t> created_by);
  core::Status InsertAgency(int64_t supervision_id, int64_t agency_id);
  core::Result<int64_t> InsertTask(int64_t supervision_id, const NewSupervisionTask& t);
  /// A step; `attachment_base64` is stored with the step's filename when set.
  core::Result<int64_t> InsertStep(int64_t supervision_id, const SupervisionStep& step,
                                   std::optional<int64_t> actor_id,
                                   const std::optional<std::string>& attachment_base64);
  core::Status MarkTaskDone(int64_t task_id, int64_t report_id, core::Timestamp now);
  /// Writes status, deadline, review note and removal time when the stored version is
  /// `expected_version`, bumping it; FailedPrecondition when another write came first.
  core::Status Update(const RegionSupervision& s, int64_t expected_version, core::Timestamp now);
  core::Result<Page<RegionSupervision>> List(const SupervisionScope& scope, const SupervisionFilter& filter,
                                             const PageRequest& page);
  /// The agencies of `ids` that lie in the `region` subtree (unknown ids are left out).
  core::Result<std::vector<SupervisionAgency>> AgenciesWithin(const std::vector<int64_t>& ids,
                                                              const std::string& region);
  /// The filename, type and base64 of a step's attachment, if it has one.
  core::Result<std::optional<SupervisionAttachment>> Attachment(int64_t supervision_id, int64_t step_id);

  /// Open tasks of `agency` on decisions not removed, due on or before `due_by`, soonest first.
  core::Result<std::vector<SupervisionTask>> OpenTasksDue(int64_t agency, core::Date due_by, int64_t limit,
                                                          int64_t* total);
  /// Decisions issued by the office of `issuer_region` in `status` (or, with `overdue_before`,
  /// not removed and with a deadline before that day), newest first.
  core::Result<std::vector<int64_t>> IssuedIds(const std::string& issuer_region, const std::string& status,
                                               std::optional<core::Date> overdue_before, int64_t limit,
                                               int64_t* total);

 private:
  storage::Tx& tx_;
};

}  // namespace ipe::app
