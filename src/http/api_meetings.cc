// 区域协作联席会议 routes (issue 18): meetings with their decisions and follow-up tasks, and a
// task's completion by its owner agency. The rules are in app/statistics/meetings.h.
#include "app/statistics/meetings.h"
#include "app/statistics/statistics.h"
#include "http/dispatcher.h"
#include "http/internal/json_io.h"

namespace ipe::http {
namespace {

using internal::Json;
using internal::JsonResponse;

Json TaskJson(const app::MeetingTask& t) {
  return {{"id", t.id},
          {"meeting_id", t.meeting_id},
          {"meeting_title", t.meeting_title},
          {"description", t.description},
          {"owner_agency_id", t.owner_agency_id},
          {"owner_agency_name", t.owner_agency_name},
          {"due_date", t.due_date.ToString()},
          {"status", t.status},
          {"done_note", t.done_note},
          {"done_at", internal::TimeJson(t.done_at)},
          {"version", t.version}};
}

Json MeetingJson(const app::Meeting& m) {
  Json members = Json::array();
  for (const std::string& code : m.members) {
    members.push_back({{"region_code", code}, {"region_name", app::DimensionValueLabel("region", code)}});
  }
  Json tasks = Json::array();
  for (const app::MeetingTask& t : m.tasks) tasks.push_back(TaskJson(t));
  return {{"id", m.id},
          {"group_id", m.group_id ? Json(*m.group_id) : Json()},
          {"title", m.title},
          {"meeting_date", m.meeting_date.ToString()},
          {"place", m.place},
          {"members", members},
          {"decisions", m.decisions},
          {"created_at", internal::TimeJson(m.created_at)},
          {"tasks", tasks}};
}

// The shapes TaskJson and MeetingJson render.
Schema TaskRef(Router& r) {
  return r.Component("CooperationTask",
                     Obj({{"id", Int()},
                          {"meeting_id", Int()},
                          {"meeting_title", Str()},
                          {"description", Str()},
                          {"owner_agency_id", Int()},
                          {"owner_agency_name", Str()},
                          {"due_date", Date()},
                          {"status", Enum({{"open", "办理中"}, {"done", "已办结"}})},
                          {"done_note", Str()},
                          {"done_at", DateTime().Nullable()},
                          {"version", Int()}}));
}

Schema MeetingRef(Router& r) {
  return r.Component("CooperationMeeting",
                     Obj({{"id", Int()},
                          {"group_id", Int().Nullable()},
                          {"title", Str()},
                          {"meeting_date", Date()},
                          {"place", Str()},
                          {"members", Arr(Obj({{"region_code", Str()}, {"region_name", Str()}}))},
                          {"decisions", Str()},
                          {"created_at", DateTime().Nullable()},
                          {"tasks", Arr(TaskRef(r))}}));
}

}  // namespace

void RegisterMeetingsApi(Dispatcher& d) {
  app::Context& ctx = d.context();
  Router& r = d.router();

  r.Add("GET", "/api/v1/cooperation-meetings", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto page, internal::PageFromQuery(req));
    IPE_ASSIGN_OR_RETURN(auto group, internal::IntQuery(req, "group_id"));
    IPE_ASSIGN_OR_RETURN(auto result, app::ListMeetings(ctx, *req.principal, group, page));
    return JsonResponse(200, internal::PageJson(result, MeetingJson));
  }, "联席会议列表（本省份参加的或本机构有任务的） (joint meetings the viewer may see)");
  Schema meeting = MeetingRef(r);
  r.Describe("GET", "/api/v1/cooperation-meetings",
             RouteSpec()
                 .Query(PageQuery({{"group_id", Int(), false, "协作组 (cooperation group)"}}))
                 .Returns(200, PageOf(meeting))
                 .Refuses(403, "无权查看联席会议 (no statistics.read)"));

  r.Add("POST", "/api/v1/cooperation-meetings", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
    internal::Fields f(body);
    app::MeetingInput in;
    in.group_id = f.Int("group_id");
    in.title = f.String("title", true, 400).value_or("");
    auto date = f.String("meeting_date", true, 10);
    in.place = f.String("place", true, 400).value_or("");
    in.members = f.StringList("members", true).value_or(std::vector<std::string>{});
    in.decisions = f.String("decisions", true, 8000).value_or("");
    const Json* tasks = body.contains("tasks") ? &body["tasks"] : nullptr;
    f.IsNull("tasks");  // read below: marks the field as known
    IPE_RETURN_IF_ERROR(f.Finish());
    core::Status st = core::InvalidArgument("联席会议信息有误 (invalid meeting)");
    if (date) {
      auto parsed = core::ParseDate(*date);
      if (parsed) in.meeting_date = *parsed;
      else st.AddFieldError("meeting_date", "日期格式应为 YYYY-MM-DD");
    }
    if (tasks && !tasks->is_array()) st.AddFieldError("tasks", "应为任务列表");
    if (tasks && tasks->is_array()) {
      for (size_t i = 0; i < tasks->size(); ++i) {
        const Json& t = (*tasks)[i];
        const std::string name = "tasks[" + std::to_string(i) + "]";
        if (!t.is_object()) {
          st.AddFieldError(name, "应为对象");
          continue;
        }
        app::MeetingTaskInput ti;
        if (t.contains("description") && t["description"].is_string()) ti.description = t["description"];
        if (t.contains("owner_agency_id") && t["owner_agency_id"].is_number_integer()) ti.owner_agency_id = t["owner_agency_id"];
        if (t.contains("due_date") && t["due_date"].is_string()) {
          auto parsed = core::ParseDate(t["due_date"].get<std::string>());
          if (parsed) ti.due_date = *parsed;
          else st.AddFieldError(name + ".due_date", "日期格式应为 YYYY-MM-DD");
        }
        in.tasks.push_back(std::move(ti));
      }
    }
    if (!st.field_errors().empty()) return st;
    IPE_ASSIGN_OR_RETURN(auto meeting, app::CreateMeeting(ctx, *req.principal, in));
    return JsonResponse(201, MeetingJson(meeting));
  }, "记录联席会议（决定事项、任务分工） (record a joint meeting with its decisions and follow-up tasks)");
  r.Describe(
      "POST", "/api/v1/cooperation-meetings",
      RouteSpec()
          .Body(Obj({{"group_id", Int().Optional()},
                     {"title", Str(400)},
                     {"meeting_date", Str(10).Describe("YYYY-MM-DD")},
                     {"place", Str(400)},
                     {"members", Arr(Str()).Describe("参加的省级区划代码 (province codes)")},
                     {"decisions", Str(8000)},
                     {"tasks",
                      Arr(Obj({{"description", Str()},
                               {"owner_agency_id", Int().Describe("责任机关 (owner agency)")},
                               {"due_date", Str().Describe("YYYY-MM-DD")}}))
                          .Optional()
                          .Describe("任务分工 (follow-up tasks)")}})
                    .Closed())
          .Returns(201, meeting)
          .Refuses(403, "由全国领导小组办公室记录 (the national office only)"));

  r.Add("GET", "/api/v1/cooperation-meetings/{id}", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(int64_t id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto meeting, app::GetMeeting(ctx, *req.principal, id));
    return JsonResponse(200, MeetingJson(meeting));
  }, "联席会议 (one joint meeting with its tasks)");
  r.Describe(
      "GET", "/api/v1/cooperation-meetings/{id}",
      RouteSpec()
          .Returns(200, meeting)
          .Refuses(403, "无权查看联席会议 (no statistics.read)")
          .Refuses(404, "不存在，或本省份未参加且本机构无任务 (missing or not the caller's)"));

  r.Add("POST", "/api/v1/cooperation-tasks/{id}/done", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(int64_t id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
    internal::Fields f(body);
    auto note = f.String("note", false, 8000);
    auto version = f.Int("version", true);
    IPE_RETURN_IF_ERROR(f.Finish());
    IPE_ASSIGN_OR_RETURN(auto task, app::CompleteTask(ctx, *req.principal, id, note.value_or(""), *version));
    return JsonResponse(200, TaskJson(task));
  }, "办结联席会议任务 (the owner agency marks a follow-up task done)");
  r.Describe("POST", "/api/v1/cooperation-tasks/{id}/done",
             RouteSpec()
                 .Body(Obj({{"note", Str(8000).Optional()}, {"version", Int()}}).Closed())
                 .Returns(200, TaskRef(r))
                 .Refuses(403, "只有责任机构的执法人员或负责人可以办结 (the owner agency only)")
                 .Refuses(404, "任务不存在 (no such task)")
                 .Refuses(409, "任务已办结或版本已变 (done already, stale version)"));
}

}  // namespace ipe::http
