#pragma once
// CooperationStore: all SQL of the regional cooperation groups (coop_groups,
// coop_group_members; migration 1210). docs/statistics.md "Regional cooperation".

#include <cstdint>
#include <string>
#include <vector>

#include "app/context.h"
#include "core/status.h"
#include "core/time.h"
#include "storage/db.h"

namespace ipe::app {

struct CooperationMember {
  std::string region_code;  // province-level
  std::string source;
  std::string confidence;   // S, M, C (the seed file's) or office
};

struct CooperationGroup {
  int64_t id = 0;
  std::string key;  // seeded groups only
  std::string name;
  std::string basis;
  std::vector<CooperationMember> members;  // in code order
  int64_t version = 1;
  core::Timestamp created_at;
  core::Timestamp updated_at;
};

class CooperationStore {
 public:
  explicit CooperationStore(storage::Tx& tx) : tx_(tx) {}

  /// The group with its members, or NotFound; `for_update` locks the row.
  core::Result<CooperationGroup> Load(int64_t id, bool for_update = false);
  /// A page of groups (newest first) with their members.
  core::Result<Page<CooperationGroup>> List(const PageRequest& page);
  /// Inserts the group and its members; AlreadyExists when the name (or key) is taken.
  core::Result<int64_t> Insert(const CooperationGroup& g);
  /// Replaces name, basis and members when the stored version is `expected_version` (bumping it);
  /// FailedPrecondition when another write came first, AlreadyExists for a taken name.
  core::Status Update(const CooperationGroup& g, int64_t expected_version, core::Timestamp now);

  /// Loads the groups of data/statistics/cooperation_groups.tsv once per database (the
  /// search_index_state row 'cooperation_seed' records that it was done, so that the office's
  /// later deletions and renames stand). Not audited: it is part of installing the schema.
  static core::Status SeedIfNew(storage::Database& db, core::Timestamp now);

 private:
  core::Status InsertMembers(int64_t group_id, const std::vector<CooperationMember>& members);
  core::Status LoadMembers(std::vector<CooperationGroup*> groups);

  storage::Tx& tx_;
};

}  // namespace ipe::app
