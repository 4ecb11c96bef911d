#pragma once
// 区域协作联席会议 (issue 18, seed task 23): the joint meetings of a cooperation group's provinces —
// date, place, member provinces, decisions — and the follow-up tasks they give agencies (owner,
// due date, done). The national office records a meeting; the owner agency marks its task done;
// open tasks are 工作台 to-dos of the owner agency's officers (due soon / overdue). A meeting is
// seen by national viewers, by the users of its member provinces and by the owner agencies of its
// tasks. docs/statistics.md "Joint meetings".
//
//   MeetingInput in{group_id, "京津冀知识产权保护联席会议", date, "北京", {"110000", "120000", "130000"},
//                   "建立线索移送机制", {{"移送线索清单", agency_id, due}}};
//   auto m = CreateMeeting(ctx, office, in);
//   CompleteTask(ctx, officer, m->tasks[0].id, "已报送", m->tasks[0].version);

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/context.h"
#include "app/principal.h"
#include "core/status.h"
#include "core/time.h"

namespace ipe::app {

struct MeetingTask {
  int64_t id = 0;
  int64_t meeting_id = 0;
  std::string meeting_title;  // lists of tasks
  std::string description;
  int64_t owner_agency_id = 0;
  std::string owner_agency_name;
  core::Date due_date;
  std::string status;  // open, done
  std::string done_note;
  std::optional<core::Timestamp> done_at;
  int64_t version = 1;
};

struct Meeting {
  int64_t id = 0;
  std::optional<int64_t> group_id;
  std::string title;
  core::Date meeting_date;
  std::string place;
  std::vector<std::string> members;  // province codes
  std::string decisions;
  core::Timestamp created_at;
  std::vector<MeetingTask> tasks;  // Load only
};

struct MeetingTaskInput {
  std::string description;
  int64_t owner_agency_id = 0;
  std::optional<core::Date> due_date;
};

struct MeetingInput {
  std::optional<int64_t> group_id;
  std::string title;
  std::optional<core::Date> meeting_date;
  std::string place;
  std::vector<std::string> members;
  std::string decisions;
  std::vector<MeetingTaskInput> tasks;
};

/// Records a meeting with its tasks, audited as coop_meeting.create. InvalidArgument (fields
/// title, meeting_date, place, members, decisions, group_id, tasks[i].description /
/// .owner_agency_id / .due_date) for empty or long texts, a date in the future, fewer than two
/// provinces, an unknown group, an unknown or inactive agency, a due date before the meeting;
/// PermissionDenied but for the national office (cooperation.manage).
core::Result<Meeting> CreateMeeting(Context& ctx, const Principal& who, const MeetingInput& in);

/// Meetings the viewer may see (statistics.read), newest first; of one group when given.
core::Result<Page<Meeting>> ListMeetings(Context& ctx, const Principal& who, std::optional<int64_t> group_id,
                                         const PageRequest& page);
/// A meeting with its tasks; NotFound when missing or not visible to the viewer.
core::Result<Meeting> GetMeeting(Context& ctx, const Principal& who, int64_t id);

/// Marks a task done, audited as coop_task.done. PermissionDenied but for an officer or head of the
/// owner agency (or the national office); NotFound when the viewer cannot see its meeting;
/// FailedPrecondition when already done or `version` is stale; InvalidArgument (note) when long.
core::Result<MeetingTask> CompleteTask(Context& ctx, const Principal& who, int64_t task_id,
                                       const std::string& note, int64_t version);

/// The open tasks of the viewer's agency, soonest due first (the 工作台's to-dos).
core::Result<Page<MeetingTask>> OpenTasksOfMyAgency(Context& ctx, const Principal& who, const PageRequest& page);

}  // namespace ipe::app
