// MeetingStore: see meeting_store.h.
#include "app/statistics/meeting_store.h"

#include "app/internal/list_store.h"
#include "app/internal/text.h"

namespace ipe::app {

using storage::Params;
using storage::Row;
using storage::Value;

namespace {

constexpr const char* kMeetingColumns =
    "SELECT m.id, m.group_id, m.title, m.meeting_date, m.place, m.members, m.decisions, m.created_at "
    "FROM coop_meetings m";
constexpr const char* kTaskColumns =
    "SELECT t.id, t.meeting_id, m.title, t.description, t.owner_agency_id, t.owner_agency_name, t.due_date, "
    "t.status, t.done_note, t.done_at, t.version FROM coop_tasks t JOIN coop_meetings m ON m.id = t.meeting_id";

Meeting MeetingFromRow(const Row& r) {
  Meeting m;
  m.id = r.Int(0);
  m.group_id = r.OptInt(1);
  m.title = r.Text(2);
  m.meeting_date = internal::OptDate(r, 3).value_or(core::Date{});
  m.place = r.Text(4);
  for (std::string& code : internal::Split(r.Text(5), '|')) {
    if (!code.empty()) m.members.push_back(std::move(code));
  }
  m.decisions = r.Text(6);
  m.created_at = core::Timestamp{r.Int(7)};
  return m;
}

MeetingTask TaskFromRow(const Row& r) {
  MeetingTask t;
  t.id = r.Int(0);
  t.meeting_id = r.Int(1);
  t.meeting_title = r.Text(2);
  t.description = r.Text(3);
  t.owner_agency_id = r.Int(4);
  t.owner_agency_name = r.Text(5);
  t.due_date = internal::OptDate(r, 6).value_or(core::Date{});
  t.status = r.Text(7);
  t.done_note = r.Text(8);
  t.done_at = internal::OptTime(r, 9);
  t.version = r.Int(10);
  return t;
}

// "(members LIKE '%|<province>|%' OR a task of the agency)" for a scoped viewer.
void Restrict(internal::ListQuery& list, const MeetingScope& scope) {
  if (!scope.province && !scope.agency) return;
  list.WhereAll("(m.members LIKE ? OR EXISTS (SELECT 1 FROM coop_tasks s WHERE s.meeting_id = m.id AND "
                "s.owner_agency_id = ?))",
                {"%|" + scope.province.value_or("-") + "|%", scope.agency.value_or(0)});
}

}  // namespace

core::Status MeetingStore::Insert(Meeting& m, std::optional<int64_t> created_by) {
  IPE_ASSIGN_OR_RETURN(auto rows,
                       tx_.Query("INSERT INTO coop_meetings (group_id, title, meeting_date, place, members, decisions, "
                                 "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                                 {Value(m.group_id), m.title, m.meeting_date.ToString(), m.place,
                                  "|" + internal::Join(m.members, '|') + "|", m.decisions, Value(created_by),
                                  m.created_at.seconds}));
  m.id = rows[0].Int(0);
  for (MeetingTask& t : m.tasks) {
    IPE_ASSIGN_OR_RETURN(auto ids,
                         tx_.Query("INSERT INTO coop_tasks (meeting_id, description, owner_agency_id, owner_agency_name, "
                                   "due_date, status) VALUES (?, ?, ?, ?, ?, 'open') RETURNING id",
                                   {m.id, t.description, t.owner_agency_id, t.owner_agency_name,
                                    t.due_date.ToString()}));
    t.id = ids[0].Int(0);
    t.meeting_id = m.id;
    t.meeting_title = m.title;
    t.status = "open";
    t.version = 1;
  }
  return core::Status::Ok();
}

core::Result<Meeting> MeetingStore::Load(int64_t id) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(std::string(kMeetingColumns) + " WHERE m.id = ?", {id}));
  if (rows.empty()) return core::NotFound("联席会议不存在: " + std::to_string(id));
  Meeting m = MeetingFromRow(rows[0]);
  IPE_ASSIGN_OR_RETURN(auto tasks, tx_.Query(std::string(kTaskColumns) + " WHERE t.meeting_id = ? ORDER BY t.id", {id}));
  for (const Row& r : tasks) m.tasks.push_back(TaskFromRow(r));
  return m;
}

core::Result<Page<Meeting>> MeetingStore::List(const MeetingScope& scope, std::optional<int64_t> group_id,
                                               const PageRequest& page) {
  internal::ListQuery list("coop_meetings", "m");
  Restrict(list, scope);
  if (group_id) list.Where("m.group_id = ?", *group_id);
  return internal::PageOf<Meeting>(tx_, list, page, kMeetingColumns, "m", &MeetingFromRow);
}

core::Result<bool> MeetingStore::Visible(int64_t meeting_id, const MeetingScope& scope) {
  if (!scope.province && !scope.agency) return true;
  IPE_ASSIGN_OR_RETURN(auto rows,
                       tx_.Query("SELECT 1 FROM coop_meetings m WHERE m.id = ? AND (m.members LIKE ? OR EXISTS "
                                 "(SELECT 1 FROM coop_tasks s WHERE s.meeting_id = m.id AND s.owner_agency_id = ?))",
                                 {meeting_id, "%|" + scope.province.value_or("-") + "|%", scope.agency.value_or(0)}));
  return !rows.empty();
}

core::Result<MeetingTask> MeetingStore::LoadTask(int64_t id, bool for_update) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(std::string(kTaskColumns) + " WHERE t.id = ?" +
                                                internal::LockClause(tx_, for_update, "t"),
                                            {id}));
  if (rows.empty()) return core::NotFound("会议任务不存在: " + std::to_string(id));
  return TaskFromRow(rows[0]);
}

core::Status MeetingStore::CompleteTask(int64_t id, const std::string& note, std::optional<int64_t> by,
                                        core::Timestamp now, int64_t expected_version) {
  IPE_ASSIGN_OR_RETURN(int64_t changed,
                       tx_.Exec("UPDATE coop_tasks SET status = 'done', done_note = ?, done_by = ?, done_at = ?, "
                                "version = version + 1 WHERE id = ? AND version = ? AND status = 'open'",
                                {note, Value(by), now.seconds, id, expected_version}));
  if (changed == 0) return core::FailedPrecondition("会议任务已被他人修改，请刷新后重试");
  return core::Status::Ok();
}

core::Result<Page<MeetingTask>> MeetingStore::OpenTasksOf(int64_t agency_id, const PageRequest& page) {
  IPE_ASSIGN_OR_RETURN(auto count, tx_.Query("SELECT count(*) FROM coop_tasks WHERE owner_agency_id = ? AND status = 'open'",
                                             {agency_id}));
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(std::string(kTaskColumns) +
                                                " WHERE t.owner_agency_id = ? AND t.status = 'open' "
                                                "ORDER BY t.due_date, t.id LIMIT ? OFFSET ?",
                                            {agency_id, page.page_size, page.offset()}));
  Page<MeetingTask> out;
  out.total = count[0].Int(0);
  out.page = page.page;
  out.page_size = page.page_size;
  for (const Row& r : rows) out.items.push_back(TaskFromRow(r));
  return out;
}

}  // namespace ipe::app
