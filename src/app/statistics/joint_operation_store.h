#pragma once
// JointOperationStore: all SQL of the joint operations (joint_operations and their members, leads
// and linked cases; migration 1240) and the reads of the leads and cases they point to.
// app/statistics/joint_operations.h has the rules.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/context.h"
#include "app/statistics/joint_operations.h"
#include "core/status.h"
#include "storage/db.h"

namespace ipe::app {

/// Which operations a viewer sees: all (nullopt region: the nation), those inside a region and
/// those with a member agency.
struct JointOperationScope {
  std::optional<std::string> region;
  std::optional<int64_t> agency;
};

/// A lead as an operation needs it, read from the leads table.
struct OperationLeadRow {
  int64_t id = 0;
  std::string title;
  std::string status;
  std::optional<int64_t> agency_id;
  std::string region_code;
  std::optional<int64_t> case_id;
};

class JointOperationStore {
 public:
  explicit JointOperationStore(storage::Tx& tx) : tx_(tx) {}

  /// The leads `ids` that exist, by id.
  core::Result<std::vector<OperationLeadRow>> Leads(const std::vector<int64_t>& ids);
  /// The id of an active operation holding one of `lead_ids`, if any.
  core::Result<std::optional<int64_t>> ActiveOperationOf(const std::vector<int64_t>& lead_ids);

  /// Inserts the operation with its members and leads (id and version filled in `op`).
  core::Status Insert(JointOperation& op, const std::vector<int64_t>& lead_ids,
                      std::optional<int64_t> created_by);
  /// The operation with its members (names, leading flag; figures zero), or NotFound.
  core::Result<JointOperation> Load(int64_t id, bool for_update);
  /// The operation's members (names, leading flag; figures zero), by region.
  core::Result<std::vector<JointOperationMember>> MembersOf(int64_t id, int64_t lead_agency_id);
  core::Result<Page<JointOperation>> List(const JointOperationScope& scope,
                                          std::optional<std::string> status,
                                          const PageRequest& page);
  core::Result<bool> Visible(int64_t id, const JointOperationScope& scope);

  /// The operation's leads as they are now.
  core::Result<std::vector<OperationLeadRow>> LeadsOf(int64_t id);
  /// The cases counted in the operation: converted from its leads or linked by a member, by id.
  core::Result<std::vector<JointOperationCase>> CasesOf(int64_t id);
  /// One case's agency, region and number, or NotFound.
  core::Result<JointOperationCase> LoadCase(int64_t case_id);
  /// Whether the operation counts the case already: linked, or converted from one of its leads.
  core::Result<bool> CountsCase(int64_t id, int64_t case_id);
  core::Status LinkCase(int64_t id, int64_t case_id, std::optional<int64_t> by, core::Timestamp now);
  /// Closes the operation when its version is `expected_version`; FailedPrecondition otherwise.
  core::Status Close(int64_t id, const std::string& summary, std::optional<int64_t> by,
                     core::Timestamp now, int64_t expected_version);
  /// Active operations with `agency_id` as a member that counts no case of that agency yet,
  /// soonest planned end first (members, figures not loaded).
  core::Result<Page<JointOperation>> AwaitingCasesOf(int64_t agency_id, const PageRequest& page);

 private:
  storage::Tx& tx_;
};

}  // namespace ipe::app
