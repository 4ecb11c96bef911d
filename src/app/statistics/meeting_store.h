#pragma once
// MeetingStore: all SQL of the joint meetings and their tasks (coop_meetings, coop_tasks;
// migration 1212). app/statistics/meetings.h has the rules.

#include <cstdint>
#include <optional>
#include <string>

#include "app/context.h"
#include "app/statistics/meetings.h"
#include "core/status.h"
#include "storage/db.h"

namespace ipe::app {

/// Which meetings a list returns: every one (national viewers), or those of a province and those
/// giving a task to an agency.
struct MeetingScope {
  std::optional<std::string> province;
  std::optional<int64_t> agency;
};

class MeetingStore {
 public:
  explicit MeetingStore(storage::Tx& tx) : tx_(tx) {}

  /// Inserts the meeting and its tasks (ids and versions filled in `m`).
  core::Status Insert(Meeting& m, std::optional<int64_t> created_by);
  /// The meeting with its tasks, or NotFound.
  core::Result<Meeting> Load(int64_t id);
  core::Result<Page<Meeting>> List(const MeetingScope& scope, std::optional<int64_t> group_id, const PageRequest& page);
  /// Whether the meeting is in the scope (a member province or a task of the agency).
  core::Result<bool> Visible(int64_t meeting_id, const MeetingScope& scope);
  /// The task, or NotFound; `for_update` locks it.
  core::Result<MeetingTask> LoadTask(int64_t id, bool for_update);
  /// Marks it done when its version is `expected_version`; FailedPrecondition otherwise.
  core::Status CompleteTask(int64_t id, const std::string& note, std::optional<int64_t> by, core::Timestamp now,
                            int64_t expected_version);
  /// Open tasks of an agency, soonest due first.
  core::Result<Page<MeetingTask>> OpenTasksOf(int64_t agency_id, const PageRequest& page);

 private:
  storage::Tx& tx_;
};

}  // namespace ipe::app
