// 区域协作联席会议 use cases (meetings.h).
#include "app/statistics/meetings.h"

#include <nlohmann/json.hpp>
#include <set>

#include "app/accounts/accounts_store.h"
#include "app/accounts/audit.h"
#include "app/internal/text.h"
#include "app/permissions.h"
#include "app/statistics/cooperation.h"
#include "app/statistics/cooperation_store.h"
#include "app/statistics/meeting_store.h"
#include "core/limits.h"
#include "core/region.h"

namespace ipe::app {

namespace {

constexpr size_t kMaxTitleChars = 100;
constexpr size_t kMaxTasks = 50;

// National viewers see every meeting; others those of their province and those giving their
// agency a task.
MeetingScope ScopeOf(const Principal& who) {
  MeetingScope s;
  if (who.is_system() || who.region_code == core::kNationalRegionCode) return s;
  s.province = core::ProvinceCodeOf(who.region_code);
  s.agency = who.agency_id;
  return s;
}

nlohmann::json AuditJson(const Meeting& m) {
  nlohmann::json tasks = nlohmann::json::array();
  for (const MeetingTask& t : m.tasks) {
    tasks.push_back({{"id", t.id}, {"description", t.description}, {"owner_agency_id", t.owner_agency_id},
                     {"due_date", t.due_date.ToString()}});
  }
  return {{"id", m.id},          {"group_id", m.group_id ? nlohmann::json(*m.group_id) : nlohmann::json()},
          {"title", m.title},    {"meeting_date", m.meeting_date.ToString()},
          {"place", m.place},    {"members", m.members},
          {"decisions", m.decisions}, {"tasks", tasks}};
}

}  // namespace

core::Result<Meeting> CreateMeeting(Context& ctx, const Principal& who, const MeetingInput& in) {
  IPE_RETURN_IF_ERROR(RequireNationalOffice(who, Capability::kCooperationManage, "记录联席会议"));
  const core::Timestamp now = ctx.Now();
  const core::Date today = core::LocalDate(now);
  core::Status st = core::InvalidArgument("联席会议信息有误 (invalid meeting)");
  Meeting m;
  m.group_id = in.group_id;
  m.title = internal::Trim(in.title);
  if (std::string p = internal::TextProblem(m.title, kMaxTitleChars, true); !p.empty()) st.AddFieldError("title", p);
  m.place = internal::Trim(in.place);
  if (std::string p = internal::TextProblem(m.place, kMaxTitleChars, true); !p.empty()) st.AddFieldError("place", p);
  m.decisions = internal::Trim(in.decisions);
  if (std::string p = internal::TextProblem(m.decisions, core::limits::kDescriptionChars, true); !p.empty()) {
    st.AddFieldError("decisions", p);
  }
  if (!in.meeting_date) {
    st.AddFieldError("meeting_date", "请填写会议日期");
  } else if (*in.meeting_date > today) {
    st.AddFieldError("meeting_date", "会议日期不能晚于今天（会议开过之后记录）");
  } else {
    m.meeting_date = *in.meeting_date;
  }
  std::set<std::string> members;
  for (const std::string& raw : in.members) {
    std::string code = internal::Trim(raw);
    const core::Region* r = core::Regions().Find(code);
    if (!r || r->level != core::RegionLevel::kProvince) {
      st.AddFieldError("members", "不是省级行政区划代码：" + code);
    } else {
      members.insert(code);
    }
  }
  if (members.size() < 2) st.AddFieldError("members", "联席会议至少有两个成员省份");
  m.members.assign(members.begin(), members.end());
  if (in.tasks.size() > kMaxTasks) st.AddFieldError("tasks", "任务最多 50 项");

  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  if (in.group_id) {
    auto group = CooperationStore(*tx).Load(*in.group_id);
    if (!group && group.error().code() == core::StatusCode::kNotFound) {
      st.AddFieldError("group_id", "协作组不存在");
    } else {
      IPE_RETURN_IF_ERROR(group.status());
    }
  }
  AccountsStore accounts(*tx);
  for (size_t i = 0; i < in.tasks.size() && i < kMaxTasks; ++i) {
    const MeetingTaskInput& ti = in.tasks[i];
    const std::string f = "tasks[" + std::to_string(i) + "].";
    MeetingTask t;
    t.description = internal::Trim(ti.description);
    if (std::string p = internal::TextProblem(t.description, core::limits::kDescriptionChars, true); !p.empty()) {
      st.AddFieldError(f + "description", p);
    }
    IPE_ASSIGN_OR_RETURN(auto agency, accounts.FindAgency(ti.owner_agency_id));
    if (!agency || !agency->active) {
      st.AddFieldError(f + "owner_agency_id", "请选择在用的责任机构");
    } else {
      t.owner_agency_id = agency->id;
      t.owner_agency_name = agency->name;
    }
    if (!ti.due_date) {
      st.AddFieldError(f + "due_date", "请填写完成期限");
    } else if (in.meeting_date && *ti.due_date < *in.meeting_date) {
      st.AddFieldError(f + "due_date", "完成期限不能早于会议日期");
    } else {
      t.due_date = *ti.due_date;
    }
    m.tasks.push_back(std::move(t));
  }
  if (!st.field_errors().empty()) return st;
  m.created_at = now;
  MeetingStore store(*tx);
  IPE_RETURN_IF_ERROR(store.Insert(m, who.actor_id()));
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  AuditEvent{"coop_meeting.create", "coop_meeting", std::to_string(m.id),
                                             "记录联席会议：" + m.title + "（" + std::to_string(m.tasks.size()) + " 项任务）",
                                             std::nullopt, AuditJson(m).dump()}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return m;
}

core::Result<Page<Meeting>> ListMeetings(Context& ctx, const Principal& who, std::optional<int64_t> group_id,
                                         const PageRequest& page) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kStatisticsRead, "查看联席会议"));
  IPE_RETURN_IF_ERROR(page.Validate());
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  return MeetingStore(*tx).List(ScopeOf(who), group_id, page);
}

core::Result<Meeting> GetMeeting(Context& ctx, const Principal& who, int64_t id) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kStatisticsRead, "查看联席会议"));
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  MeetingStore store(*tx);
  IPE_ASSIGN_OR_RETURN(bool visible, store.Visible(id, ScopeOf(who)));
  if (!visible) return core::NotFound("联席会议不存在: " + std::to_string(id));
  return store.Load(id);
}

core::Result<MeetingTask> CompleteTask(Context& ctx, const Principal& who, int64_t task_id,
                                       const std::string& note, int64_t version) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kStatisticsRead, "办结会议任务"));
  std::string text = internal::Trim(note);
  if (std::string p = internal::TextProblem(text, core::limits::kDescriptionChars, false); !p.empty()) {
    return core::Status(core::InvalidArgument("办结说明有误 (invalid note)")).AddFieldError("note", p);
  }
  const core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  MeetingStore store(*tx);
  IPE_ASSIGN_OR_RETURN(MeetingTask before, store.LoadTask(task_id, true));
  IPE_ASSIGN_OR_RETURN(bool visible, store.Visible(before.meeting_id, ScopeOf(who)));
  if (!visible) return core::NotFound("会议任务不存在: " + std::to_string(task_id));
  const bool owner = who.agency_id == before.owner_agency_id &&
                     (who.Has(Role::kOfficer) || who.Has(Role::kAgencyHead));
  const bool office = Can(who, Capability::kCooperationManage) && who.region_code == core::kNationalRegionCode;
  if (!owner && !office) return core::PermissionDenied("只有责任机构的执法人员或负责人可以办结该任务");
  if (before.status != "open") return core::FailedPrecondition("该任务已办结");
  if (before.version != version) return core::FailedPrecondition("会议任务已被他人修改，请刷新后重试");
  IPE_RETURN_IF_ERROR(store.CompleteTask(task_id, text, who.actor_id(), now, version));
  MeetingTask after = before;
  after.status = "done";
  after.done_note = text;
  after.done_at = now;
  after.version = version + 1;
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  AuditEvent{"coop_task.done", "coop_task", std::to_string(task_id),
                                             "办结联席会议任务：" + after.description,
                                             nlohmann::json{{"status", before.status}}.dump(),
                                             nlohmann::json{{"status", after.status}, {"note", text}}.dump()}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return after;
}

core::Result<Page<MeetingTask>> OpenTasksOfMyAgency(Context& ctx, const Principal& who, const PageRequest& page) {
  IPE_RETURN_IF_ERROR(page.Validate());
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  return MeetingStore(*tx).OpenTasksOf(who.agency_id, page);
}

}  // namespace ipe::app
