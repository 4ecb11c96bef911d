// /api/v1/plans…: work-plan tracking (工作要点跟踪) — import, tree, assignments and due dates,
// progress reports with attachments, notices, rubric, scores, ranking, matrix (docs/plans.md,
// docs/api.md § Work plans; the contract with the UI is /work/notes/plans-api.md).
//
// Handlers answer a Reply and the dispatcher renders errors. Validation failures of well-formed
// requests answer 422 (Unprocessable Content) with field errors, as the plans contract says: every
// route here is registered with Router::AnswerInvalidArgumentWith(…, 422). A body that is not a
// JSON object is malformed and stays 400 (WithBody).
#include "app/plans/plans.h"
#include "core/time.h"
#include "http/dispatcher.h"
#include "http/internal/json_io.h"
#include "http/problem.h"

namespace ipe::http {

using internal::Json;
using internal::DateJson;
using internal::JsonResponse;
using internal::TimeJson;

namespace {

// Bodies above the dispatcher default that these routes accept.
constexpr size_t kImportBodyBytes = 12u << 20;  // a 4 MiB plan, \u-escaped at worst
constexpr size_t kReportBodyBytes = 16u << 20;  // 5 attachments × 2 MiB in base64 + text

// The answer to InvalidArgument on every plans route: content that fails validation.
constexpr int kUnprocessable = 422;

// The refusals the plans routes name in the contract (RouteSpec::Refuses).
constexpr const char* kPlanNotVisible =
    "工作要点（或其分工、报告、通知）不存在或不可见 (unknown or not visible)";
constexpr const char* kOfficeOnly = "仅领导小组办公室或管理员 (office or admin only)";

using BodyHandler = Reply (*)(app::Context&, Request&, const Json& body);

// A route with a JSON body: its path ids are checked first (404), then the body is read. A body
// that is not a JSON object is malformed, not invalid content, so it is answered 400 here: the
// dispatcher renders every other InvalidArgument of these routes as 422.
Handler WithBody(app::Context& ctx, BodyHandler handler) {
  return [&ctx, handler](Request& req) -> Reply {
    for (const auto& [name, value] : req.path_params) {
      IPE_RETURN_IF_ERROR(internal::IdParam(req, name).status());
    }
    auto body = internal::ParseObject(req);
    if (!body) return internal::Fail(req, body.error());
    return handler(ctx, req, *body);
  };
}

template <typename T>
Json Opt(const std::optional<T>& v) {
  return v ? Json(*v) : Json();
}

std::string SectionNumeral(int64_t n) {
  static const char* kDigits[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  if (n <= 0) return "";
  if (n < 10) return kDigits[n];
  if (n < 20) return std::string("十") + (n % 10 ? kDigits[n % 10] : "");
  if (n < 100) return std::string(kDigits[n / 10]) + "十" + (n % 10 ? kDigits[n % 10] : "");
  return std::to_string(n);
}

Json SummaryJson(const app::PlanSummary& p) {
  return Json{{"id", p.id ? Json(p.id) : Json()},
              {"year", p.year},
              {"title", p.title},
              {"region_code", p.region_code},
              {"region_name", p.region_name},
              {"sections", p.sections},
              {"tasks", p.tasks},
              {"items", p.items},
              {"clauses", p.clauses},
              {"assignments", p.assignments},
              {"created_at", p.id ? Json(p.created_at.ToString()) : Json()},
              {"created_by", p.id ? Json(p.created_by) : Json()}};
}

// The shape SummaryJson renders (a dry run has no id, creation time or creator).
Schema PlanSummaryRef(Router& r) {
  return r.Component("PlanSummary",
                     Obj({{"id", Int().Nullable().Describe("试导入（dry_run）时为 null")},
                          {"year", Int()},
                          {"title", Str()},
                          {"region_code", Str()},
                          {"region_name", Str()},
                          {"sections", Int().Describe("部分数")},
                          {"tasks", Int().Describe("任务数")},
                          {"items", Int().Describe("要点条目数")},
                          {"clauses", Int().Describe("分工语句数")},
                          {"assignments", Int().Describe("责任分工数")},
                          {"created_at", DateTime().Nullable()},
                          {"created_by", Str().Nullable().Describe("导入人姓名")}}));
}

Json UnassignedJson(const app::UnassignedHolder& u, bool with_item) {
  Json j = {{"id", u.id ? Json(u.id) : Json()},
            {"name", u.name},
            {"role", u.role},
            {"resolution", u.resolution}};
  if (with_item) j["item"] = u.item_key;
  return j;
}

// The shape UnassignedJson renders; `with_item` adds the item key (the import's list).
Schema UnassignedSchema(bool with_item) {
  Schema holder = Obj({{"id", Int().Nullable().Describe("试导入时为 null")},
                       {"name", Str().Describe("文中的责任主体名称")},
                       {"role", Enum(app::PlanAssignmentRoles())},
                       {"resolution", Enum(app::PlanHolderResolutions())}});
  return with_item ? With(holder, {{"item", Str().Describe("要点编号，如 3.16.1")}}) : holder;
}

Json AssignmentJson(const app::PlanAssignment& a) {
  return Json{
      {"id", a.id},
      {"plan_id", a.plan_id},
      {"item_key", a.item_key},
      {"task_number", a.task_number},
      {"task_title", a.task_title},
      {"item_text", a.item_text},
      {"agency_id", a.agency_id},
      {"agency_name", a.agency_name},
      {"role", a.role},
      {"due_date", DateJson(a.due_date)},
      {"latest_status", a.latest_status},
      {"latest_report_at", TimeJson(a.latest_report_at)},
      {"overdue", a.overdue}};
}

Schema AssignmentRef(Router& r) {
  return r.Component("PlanAssignment", Obj({{"id", Int()},
                                            {"plan_id", Int()},
                                            {"item_key", Str().Describe("要点编号，如 3.16.1")},
                                            {"task_number", Int()},
                                            {"task_title", Str()},
                                            {"item_text", Str()},
                                            {"agency_id", Int()},
                                            {"agency_name", Str()},
                                            {"role", Enum(app::PlanAssignmentRoles())},
                                            {"due_date", Date().Nullable().Describe("完成时限")},
                                            {"latest_status", Enum(app::PlanReportStatuses())},
                                            {"latest_report_at", DateTime().Nullable()},
                                            {"overdue", Bool()}}));
}

Json ReportJson(const app::PlanReport& r) {
  Json files = Json::array();
  for (const auto& f : r.attachments) {
    files.push_back({{"id", f.id},
                     {"filename", f.filename},
                     {"size", f.size},
                     {"content_type", f.content_type}});
  }
  Json figures = Json::object();
  for (const auto& [k, v] : r.figures) figures[k] = v;
  return Json{{"id", r.id},
              {"assignment_id", r.assignment_id},
              {"period", r.period},
              {"status", r.status},
              {"narrative", r.narrative},
              {"figures", figures},
              {"attachments", files},
              {"submitted_by", Opt(r.submitted_by)},
              {"submitted_by_name", r.submitted_by_name},
              {"submitted_at", r.submitted_at.ToString()}};
}

Schema ReportRef(Router& r) {
  return r.Component(
      "PlanReport",
      Obj({{"id", Int()},
           {"assignment_id", Int()},
           {"period", Str().Describe("报送期间：2020、2020-H1、2020-Q2、2020-M04")},
           {"status", Enum(app::PlanReportStatuses())},
           {"narrative", Str()},
           {"figures", MapOf(Int().Min(0)).Describe("数字指标 {名称: 整数}")},
           {"attachments", Arr(Obj({{"id", Int().Describe("GET /plan-attachments/{id}")},
                                    {"filename", Str()},
                                    {"size", Int()},
                                    {"content_type", Str()}}))},
           {"submitted_by", Int().Nullable()},
           {"submitted_by_name", Str()},
           {"submitted_at", DateTime()}}));
}

Json NoticeJson(const app::PlanNotice& n) {
  return Json{
      {"id", n.id},
      {"plan_id", n.plan_id},
      {"kind", n.kind},
      {"agency_id", Opt(n.agency_id)},
      {"agency_name", n.agency_name},
      {"region_code", Opt(n.region_code)},
      {"assignment_id", Opt(n.assignment_id)},
      {"title", n.title},
      {"text", n.text},
      {"due_date", DateJson(n.due_date)},
      {"created_by_name", n.created_by_name},
      {"created_at", n.created_at.ToString()},
      {"acknowledged_at", TimeJson(n.acknowledged_at)}};
}

// A notice goes to one agency, to the agencies of a region, or about one assignment.
Schema NoticeRef(Router& r) {
  return r.Component("PlanNotice",
                     Obj({{"id", Int()},
                          {"plan_id", Int()},
                          {"kind", Enum(app::PlanNoticeKinds())},
                          {"agency_id", Int().Nullable()},
                          {"agency_name", Str()},
                          {"region_code", Str().Nullable()},
                          {"assignment_id", Int().Nullable()},
                          {"title", Str()},
                          {"text", Str()},
                          {"due_date", Date().Nullable()},
                          {"created_by_name", Str()},
                          {"created_at", DateTime()},
                          {"acknowledged_at", DateTime().Nullable().Describe("签收时间")}}));
}

Json RubricJson(const app::PlanRubric& r) {
  Json criteria = Json::array();
  for (const auto& c : r.criteria) {
    criteria.push_back({{"id", c.id}, {"name", c.name}, {"max_points", c.max_points}});
  }
  return Json{{"criteria", criteria}, {"max_total", r.max_total}};
}

Schema RubricRef(Router& r) {
  return r.Component(
      "PlanRubric",
      Obj({{"criteria", Arr(Obj({{"id", Str()}, {"name", Str()}, {"max_points", Int()}}))},
           {"max_total", Int().Describe("各项满分之和")}}));
}

Json IntMapJson(const std::map<std::string, int64_t>& m) {
  Json j = Json::object();
  for (const auto& [k, v] : m) j[k] = v;
  return j;
}

// Reads {"name": integer, …}; every non-integer value is a field error `<field>.<name>`.
std::map<std::string, int64_t> ReadIntMap(const Json& body, const std::string& field,
                                          core::Status& st, bool& bad) {
  std::map<std::string, int64_t> out;
  if (!body.contains(field) || body[field].is_null()) return out;
  const Json& obj = body[field];
  if (!obj.is_object()) {
    st.AddFieldError(field, "应为对象 {\"名称\": 整数}");
    bad = true;
    return out;
  }
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    if (!it.value().is_number_integer()) {
      st.AddFieldError(field + "." + it.key(), "应为整数");
      bad = true;
      continue;
    }
    out[it.key()] = it.value().get<int64_t>();
  }
  return out;
}

// Merges the Fields problems and extra ones into one 422.
core::Status Merge(core::Status fields, const core::Status& extra, bool extra_bad) {
  if (fields.ok() && !extra_bad) return core::Status::Ok();
  core::Status out = fields.ok() ? extra : fields;
  if (!fields.ok() && extra_bad) {
    for (const auto& fe : extra.field_errors()) out.AddFieldError(fe.field, fe.message);
  }
  return out;
}

core::Result<std::optional<core::Date>> ReadDate(internal::Fields& f, const std::string& name,
                                                 bool required) {
  if (f.IsNull(name)) return std::optional<core::Date>();
  auto text = f.String(name, required, 20);
  if (!text) return std::optional<core::Date>();
  auto d = core::ParseDate(*text);
  if (!d) {
    return core::Status(core::InvalidArgument("日期格式应为 YYYY-MM-DD"))
        .AddFieldError(name, "日期格式应为 YYYY-MM-DD");
  }
  return std::optional<core::Date>(*d);
}

Reply ImportHandler(app::Context& ctx, Request& req, const Json& body) {
  internal::Fields f(body);
  app::PlanImportInput in;
  in.text = f.String("text", true, kImportBodyBytes).value_or("");
  in.region_code = f.String("region_code", false, 6).value_or(app::kNationalRegion);
  in.source_name = f.String("source_name", false, 255).value_or("");
  in.dry_run = f.Bool("dry_run").value_or(false);
  IPE_RETURN_IF_ERROR(f.Finish());
  IPE_ASSIGN_OR_RETURN(auto result, app::ImportPlan(ctx, *req.principal, in));
  Json unresolved = Json::array();
  for (const auto& u : result.unresolved) unresolved.push_back(UnassignedJson(u, true));
  return JsonResponse(in.dry_run ? 200 : 201,
                      Json{{"plan", SummaryJson(result.plan)},
                           {"unresolved", unresolved},
                           {"items_without_clause", result.items_without_clause},
                           {"dry_run", in.dry_run}});
}

// The tree PlanHandler renders: sections (numbered 一, 二 …) › tasks › items with their
// assignments, holders still unassigned and holders the office assigned.
Schema PlanTreeSchema() {
  Schema assignment = Obj({{"id", Int()},
                           {"agency_id", Int()},
                           {"agency_name", Str()},
                           {"role", Enum(app::PlanAssignmentRoles())},
                           {"due_date", Date().Nullable()},
                           {"latest_status", Enum(app::PlanReportStatuses())},
                           {"overdue", Bool()}});
  Schema resolved = Obj({{"id", Int()},
                         {"name", Str()},
                         {"role", Enum(app::PlanAssignmentRoles())},
                         {"resolution", Enum(app::PlanHolderResolutions())},
                         {"agencies", Arr(IdName())},
                         {"resolved_by", Str()},
                         {"resolved_at", DateTime()}});
  Schema item =
      Obj({{"key", Str().Describe("要点编号，如 3.16.1")},
           {"number", Str().Nullable().Describe("条目序号；部分或任务下的直述文字为 null")},
           {"text", Str()},
           {"assignments", Arr(assignment)},
           {"unassigned", Arr(UnassignedSchema(false))},
           {"resolved", Arr(resolved)}});
  Schema task = Obj({{"number", Int()}, {"title", Str()}, {"items", Arr(item)}});
  return Arr(Obj({{"number", Str().Describe("一、二 …")}, {"title", Str()}, {"tasks", Arr(task)}}));
}

Reply PlanHandler(app::Context& ctx, Request& req) {
  IPE_ASSIGN_OR_RETURN(int64_t id, internal::IdParam(req));
  IPE_ASSIGN_OR_RETURN(auto plan, app::GetPlan(ctx, *req.principal, id));
  Json out = SummaryJson(plan.summary);
  Json tree = Json::array();
  for (const auto& s : plan.tree) {
    Json tasks = Json::array();
    for (const auto& t : s.tasks) {
      Json items = Json::array();
      for (const auto& i : t.items) {
        Json assignments = Json::array();
        for (const auto& a : i.assignments) {
          assignments.push_back({{"id", a.id},
                                 {"agency_id", a.agency_id},
                                 {"agency_name", a.agency_name},
                                 {"role", a.role},
                                 {"due_date", DateJson(a.due_date)},
                                 {"latest_status", a.latest_status},
                                 {"overdue", a.overdue}});
        }
        Json unassigned = Json::array();
        for (const auto& u : i.unassigned) unassigned.push_back(UnassignedJson(u, false));
        Json resolved = Json::array();
        for (const auto& u : i.resolved) {
          Json agencies = Json::array();
          for (const auto& [aid, name] : u.agencies) {
            agencies.push_back({{"id", aid}, {"name", name}});
          }
          resolved.push_back({{"id", u.id},
                              {"name", u.name},
                              {"role", u.role},
                              {"resolution", u.resolution},
                              {"agencies", agencies},
                              {"resolved_by", u.resolved_by_name},
                              {"resolved_at", u.resolved_at.ToString()}});
        }
        items.push_back({{"key", i.key},
                         {"number", i.number ? Json(std::to_string(*i.number)) : Json()},
                         {"text", i.text},
                         {"assignments", assignments},
                         {"unassigned", unassigned},
                         {"resolved", resolved}});
      }
      tasks.push_back({{"number", t.number}, {"title", t.title}, {"items", items}});
    }
    tree.push_back({{"number", SectionNumeral(s.number)}, {"title", s.title}, {"tasks", tasks}});
  }
  out["tree"] = std::move(tree);
  return JsonResponse(200, out);
}

Reply MatrixHandler(app::Context& ctx, Request& req) {
  IPE_ASSIGN_OR_RETURN(int64_t id, internal::IdParam(req));
  IPE_ASSIGN_OR_RETURN(auto m, app::GetMatrix(ctx, *req.principal, id, req.Query("period")));
  Json tasks = Json::array();
  for (const auto& [number, title] : m.tasks)
    tasks.push_back({{"number", number}, {"title", title}});
  Json agencies = Json::array();
  for (const auto& [aid, name] : m.agencies) agencies.push_back({{"id", aid}, {"name", name}});
  Json cells = Json::array();
  for (const auto& c : m.cells) {
    cells.push_back({{"task", c.task},
                     {"agency_id", c.agency_id},
                     {"role", c.role},
                     {"status", c.status},
                     {"overdue", c.overdue},
                     {"assignment_ids", c.assignment_ids}});
  }
  return JsonResponse(200, Json{{"period", m.period.empty() ? Json() : Json(m.period)},
                                {"tasks", tasks},
                                {"agencies", agencies},
                                {"cells", cells}});
}

Reply AssignmentsHandler(app::Context& ctx, Request& req, bool only_overdue) {
  IPE_ASSIGN_OR_RETURN(int64_t id, internal::IdParam(req));
  IPE_ASSIGN_OR_RETURN(auto page, internal::PageFromQuery(req));
  if (only_overdue) {
    IPE_ASSIGN_OR_RETURN(auto result, app::ListOverdue(ctx, *req.principal, id, page));
    return JsonResponse(200, internal::PageJson(result, AssignmentJson));
  }
  app::AssignmentFilter f;
  IPE_ASSIGN_OR_RETURN(f.agency_id, internal::IntQuery(req, "agency_id"));
  f.status = req.Query("status");
  IPE_ASSIGN_OR_RETURN(f.overdue, internal::BoolQuery(req, "overdue"));
  IPE_ASSIGN_OR_RETURN(auto result, app::ListAssignments(ctx, *req.principal, id, f, page));
  return JsonResponse(200, internal::PageJson(result, AssignmentJson));
}

Reply PatchAssignment(app::Context& ctx, Request& req, const Json& body) {
  IPE_ASSIGN_OR_RETURN(int64_t id, internal::IdParam(req));
  internal::Fields f(body);
  if (!body.contains("due_date")) {
    return core::Status(core::InvalidArgument("缺少 due_date"))
        .AddFieldError("due_date", "必填（可为 null 以清除）");
  }
  auto due = ReadDate(f, "due_date", false);
  IPE_RETURN_IF_ERROR(f.Finish());
  IPE_RETURN_IF_ERROR(due.status());
  IPE_ASSIGN_OR_RETURN(auto result, app::SetAssignmentDueDate(ctx, *req.principal, id, *due));
  return JsonResponse(200, AssignmentJson(result));
}

Reply AssignHolderHandler(app::Context& ctx, Request& req, const Json& body) {
  IPE_ASSIGN_OR_RETURN(int64_t id, internal::IdParam(req));
  IPE_ASSIGN_OR_RETURN(int64_t holder, internal::IdParam(req, "holder_id"));
  // agency_ids: an array of integers; each element that is not one is its own field error.
  core::Status bad = core::Status(core::InvalidArgument("输入有误 (invalid input)"));
  bool any_bad = false;
  std::vector<int64_t> agency_ids;
  for (auto it = body.begin(); it != body.end(); ++it) {
    if (it.key() != "agency_ids") {
      bad.AddFieldError(it.key(), "未知字段 (unknown field)");
      any_bad = true;
    }
  }
  auto list = body.find("agency_ids");
  if (list == body.end() || !list->is_array()) {
    bad.AddFieldError("agency_ids", "必填，单位编号数组 (required: an array of agency ids)");
    any_bad = true;
  } else {
    for (size_t k = 0; k < list->size(); ++k) {
      const Json& v = (*list)[k];
      if (!v.is_number_integer()) {
        bad.AddFieldError("agency_ids[" + std::to_string(k) + "]",
                          "应为整数 (must be an integer)");
        any_bad = true;
      } else {
        agency_ids.push_back(v.get<int64_t>());
      }
    }
  }
  if (any_bad) return bad;
  IPE_ASSIGN_OR_RETURN(auto result,
                       app::AssignUnassignedHolder(ctx, *req.principal, id, holder, agency_ids));
  Json created = Json::array(), kept = Json::array();
  for (const auto& a : result.created) created.push_back(AssignmentJson(a));
  for (const auto& a : result.kept) kept.push_back(AssignmentJson(a));
  return JsonResponse(200, Json{{"assignments", created}, {"kept", kept}});
}

Reply DueDatesHandler(app::Context& ctx, Request& req, const Json& body) {
  IPE_ASSIGN_OR_RETURN(int64_t id, internal::IdParam(req));
  internal::Fields f(body);
  auto due = ReadDate(f, "due_date", true);
  std::optional<int64_t> task = f.IsNull("task_number") ? std::nullopt : f.Int("task_number");
  std::optional<int64_t> agency = f.IsNull("agency_id") ? std::nullopt : f.Int("agency_id");
  IPE_RETURN_IF_ERROR(f.Finish());
  IPE_RETURN_IF_ERROR(due.status());
  if (!*due) {
    return core::Status(core::InvalidArgument("缺少 due_date")).AddFieldError("due_date", "必填");
  }
  IPE_ASSIGN_OR_RETURN(int64_t updated,
                       app::SetDueDates(ctx, *req.principal, id, **due, task, agency));
  return JsonResponse(200, Json{{"updated", updated}});
}

Reply SubmitReportHandler(app::Context& ctx, Request& req, const Json& body) {
  IPE_ASSIGN_OR_RETURN(int64_t id, internal::IdParam(req));
  internal::Fields f(body);
  app::NewReport in;
  in.period = f.String("period", true, 20).value_or("");
  in.status = f.String("status", true, 20).value_or("");
  in.narrative = f.String("narrative", true, 64u << 10).value_or("");
  f.IsNull("figures");
  f.IsNull("attachments");
  core::Status extra = core::InvalidArgument("进展报告有误 (invalid report)");
  bool bad = false;
  in.figures = ReadIntMap(body, "figures", extra, bad);
  if (body.contains("attachments") && !body["attachments"].is_null()) {
    const Json& list = body["attachments"];
    if (!list.is_array()) {
      extra.AddFieldError("attachments", "应为数组 [{filename, content_type, data_base64}]");
      bad = true;
    } else {
      for (size_t i = 0; i < list.size(); ++i) {
        const Json& a = list[i];
        std::string field = "attachments[" + std::to_string(i) + "]";
        if (!a.is_object() || !a.contains("filename") || !a["filename"].is_string() ||
            !a.contains("data_base64") || !a["data_base64"].is_string() ||
            (a.contains("content_type") && !a["content_type"].is_string())) {
          extra.AddFieldError(field, "应为 {filename, content_type, data_base64} 字符串");
          bad = true;
          continue;
        }
        in.attachments.push_back({a["filename"].get<std::string>(),
                                  a.value("content_type", "application/octet-stream"),
                                  a["data_base64"].get<std::string>()});
      }
    }
  }
  IPE_RETURN_IF_ERROR(Merge(f.Finish(), extra, bad));
  IPE_ASSIGN_OR_RETURN(auto report, app::SubmitReport(ctx, *req.principal, id, in));
  return JsonResponse(201, ReportJson(report));
}

// RFC 6266 Content-Disposition with an ASCII fallback and the UTF-8 name.
std::string ContentDisposition(const std::string& filename) {
  std::string encoded;
  bool ascii_only = true;
  static const char* kHex = "0123456789ABCDEF";
  for (unsigned char c : filename) {
    bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                 c == '.' || c == '-' || c == '_';
    ascii_only = ascii_only && c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
    if (plain) {
      encoded.push_back(static_cast<char>(c));
    } else {
      encoded += '%';
      encoded += kHex[c >> 4];
      encoded += kHex[c & 15];
    }
  }
  // Old clients get the name itself when it is plain ASCII, else "download" with the extension.
  std::string fallback = filename;
  if (!ascii_only) {
    size_t dot = filename.rfind('.');
    std::string ext = dot == std::string::npos ? "" : filename.substr(dot);
    bool ext_ok = ext.size() <= 10;
    for (unsigned char c : ext) ext_ok = ext_ok && c >= 0x21 && c < 0x7f && c != '"' && c != '\\';
    fallback = "download" + (ext_ok ? ext : std::string());
  }
  return "attachment; filename=\"" + fallback + "\"; filename*=UTF-8''" + encoded;
}

// The uploader declares the type; only types a browser will not run as a page are served as
// declared (HTML or SVG from our origin would be stored XSS), the rest as octet-stream.
constexpr const char* kServedTypes[] = {
    "application/pdf",
    "text/plain",
    "text/csv",
    "image/png",
    "image/jpeg",
    "image/gif",
    "application/zip",
    "application/msword",
    "application/vnd.ms-excel",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.ms-powerpoint",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/ofd"};

std::string ServedContentType(const std::string& declared) {
  std::string base = declared.substr(0, declared.find(';'));
  for (char& c : base) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  while (!base.empty() && base.back() == ' ') base.pop_back();
  for (const char* t : kServedTypes) {
    if (base == t)
      return base == "text/plain" || base == "text/csv" ? base + "; charset=utf-8" : base;
  }
  return "application/octet-stream";
}

Reply NoticeCreate(app::Context& ctx, Request& req, const Json& body) {
  IPE_ASSIGN_OR_RETURN(int64_t id, internal::IdParam(req));
  internal::Fields f(body);
  app::NewNotice in;
  in.kind = f.String("kind", true, 20).value_or("");
  in.agency_id = f.IsNull("agency_id") ? std::nullopt : f.Int("agency_id");
  in.region_code = f.IsNull("region_code") ? std::nullopt : f.String("region_code", false, 6);
  in.assignment_id = f.IsNull("assignment_id") ? std::nullopt : f.Int("assignment_id");
  in.title = f.String("title", true, 1000).value_or("");
  in.text = f.String("text", true, 64u << 10).value_or("");
  auto due = ReadDate(f, "due_date", false);
  IPE_RETURN_IF_ERROR(f.Finish());
  IPE_RETURN_IF_ERROR(due.status());
  in.due_date = *due;
  IPE_ASSIGN_OR_RETURN(auto notice, app::CreateNotice(ctx, *req.principal, id, in));
  return JsonResponse(201, NoticeJson(notice));
}

Reply RubricPut(app::Context& ctx, Request& req, const Json& body) {
  IPE_ASSIGN_OR_RETURN(int64_t id, internal::IdParam(req));
  internal::Fields f(body);
  f.IsNull("criteria");
  core::Status extra = core::InvalidArgument("评分细则有误 (invalid rubric)");
  bool bad = false;
  app::PlanRubric rubric;
  const Json* list = body.contains("criteria") ? &body["criteria"] : nullptr;
  if (!list || !list->is_array()) {
    extra.AddFieldError("criteria", "应为数组 [{id, name, max_points}]");
    bad = true;
  } else {
    for (size_t i = 0; i < list->size(); ++i) {
      const Json& c = (*list)[i];
      std::string field = "criteria[" + std::to_string(i) + "]";
      if (!c.is_object() || !c.contains("id") || !c["id"].is_string() || !c.contains("name") ||
          !c["name"].is_string() || !c.contains("max_points") ||
          !c["max_points"].is_number_integer()) {
        extra.AddFieldError(field, "应为 {id: 字符串, name: 字符串, max_points: 整数}");
        bad = true;
        continue;
      }
      rubric.criteria.push_back({c["id"].get<std::string>(), c["name"].get<std::string>(),
                                 c["max_points"].get<int64_t>()});
    }
  }
  IPE_RETURN_IF_ERROR(Merge(f.Finish(), extra, bad));
  IPE_ASSIGN_OR_RETURN(auto result, app::PutRubric(ctx, *req.principal, id, rubric));
  return JsonResponse(200, RubricJson(result));
}

Reply ScorePut(app::Context& ctx, Request& req, const Json& body) {
  IPE_ASSIGN_OR_RETURN(int64_t id, internal::IdParam(req));
  internal::Fields f(body);
  app::NewScore in;
  in.period = f.String("period", true, 20).value_or("");
  in.agency_id = f.Int("agency_id", true).value_or(0);
  in.comment = f.String("comment", false, 64u << 10).value_or("");
  f.IsNull("points");
  core::Status extra = core::InvalidArgument("评分有误 (invalid score)");
  bool bad = false;
  in.points = ReadIntMap(body, "points", extra, bad);
  IPE_RETURN_IF_ERROR(Merge(f.Finish(), extra, bad));
  IPE_ASSIGN_OR_RETURN(auto score, app::PutScore(ctx, *req.principal, id, in));
  return JsonResponse(200, Json{{"id", score.id},
                                {"plan_id", score.plan_id},
                                {"period", score.period},
                                {"agency_id", score.agency_id},
                                {"agency_name", score.agency_name},
                                {"points", IntMapJson(score.points)},
                                {"total", score.total},
                                {"comment", score.comment},
                                {"scored_by_name", score.scored_by_name},
                                {"scored_at", score.scored_at.ToString()}});
}

Reply RankingHandler(app::Context& ctx, Request& req) {
  IPE_ASSIGN_OR_RETURN(int64_t id, internal::IdParam(req));
  auto period = req.Query("period");
  if (!period || period->empty()) {
    return core::Status(core::InvalidArgument("缺少 period")).AddFieldError("period", "必填，如 2020");
  }
  IPE_ASSIGN_OR_RETURN(auto ranking, app::GetRanking(ctx, *req.principal, id, *period));
  Json entries = Json::array();
  for (const auto& e : ranking.entries) {
    entries.push_back({{"agency_id", e.agency_id},
                       {"agency_name", e.agency_name},
                       {"total", e.total},
                       {"rank", e.rank},
                       {"points", IntMapJson(e.points)},
                       {"completion_permille", Opt(e.completion_permille)}});
  }
  return JsonResponse(
      200,
      Json{{"period", ranking.period}, {"max_total", ranking.max_total}, {"entries", entries}});
}

}  // namespace

void RegisterPlansApi(Dispatcher& d) {
  app::Context& ctx = d.context();
  Router& r = d.router();
  // Every plans route answers InvalidArgument with 422 (the plans contract).
  auto add = [&r](const char* method, const char* pattern, Handler handler, const char* summary) {
    r.Add(method, pattern, Access::kAuthenticated, std::move(handler), summary);
    r.AnswerInvalidArgumentWith(method, pattern, kUnprocessable);
  };

  add("POST", "/api/v1/plans", WithBody(ctx, ImportHandler),
      "导入工作要点，dry_run 只解析不保存 (import a work plan; dry_run parses only)");
  Schema summary = PlanSummaryRef(r);
  Schema assignment = AssignmentRef(r);
  Schema report = ReportRef(r);
  Schema notice = NoticeRef(r);
  Schema rubric = RubricRef(r);
  Schema import_result = Obj({{"plan", summary},
                              {"unresolved", Arr(UnassignedSchema(true))},
                              {"items_without_clause", Int()},
                              {"dry_run", Bool()}});
  r.Describe(
      "POST", "/api/v1/plans",
      RouteSpec()
          .Refuses(
              403,
              "仅领导小组办公室或管理员，区划在其范围内 (office or admin with the region in scope)")
          .Refuses(409, "同一年度、区划、标题的工作要点已导入 (already imported)")
          .Body(Obj({{"text", Str(kImportBodyBytes).Describe("工作要点全文")},
                     {"region_code", Str(6).Optional().Describe("区划代码，默认 000000（全国）")},
                     {"source_name", Str(255).Optional().Describe("来源文件名")},
                     {"dry_run", Bool().Optional().Describe("true：只解析计数，不保存")}})
                    .Closed())
          .Returns(200, import_result, "试导入的结果 (dry run)")
          .Returns(201, import_result, "已导入 (stored)"));
  r.AllowLargeBody("POST", "/api/v1/plans", kImportBodyBytes);

  add(
      "GET", "/api/v1/plans",
      [&ctx](Request& req) -> Reply {
        IPE_ASSIGN_OR_RETURN(auto page, internal::PageFromQuery(req));
        IPE_ASSIGN_OR_RETURN(auto result, app::ListPlans(ctx, *req.principal, page));
        return JsonResponse(200, internal::PageJson(result, SummaryJson));
      },
      "工作要点列表 (list plans)");
  r.Describe("GET", "/api/v1/plans", RouteSpec().Query(PageQuery()).Returns(200, PageOf(summary)));

  add(
      "GET", "/api/v1/plans/{id}", [&ctx](Request& req) { return PlanHandler(ctx, req); },
      "工作要点及任务分解 (plan with its tree)");
  r.Describe("GET", "/api/v1/plans/{id}",
             RouteSpec()
                 .Refuses(404, kPlanNotVisible)
                 .Returns(200, With(summary, {{"tree", PlanTreeSchema()}})));

  add(
      "GET", "/api/v1/plans/{id}/matrix", [&ctx](Request& req) { return MatrixHandler(ctx, req); },
      "任务 × 单位进展矩阵 (tasks × agencies matrix)");
  r.Describe(
      "GET", "/api/v1/plans/{id}/matrix",
      RouteSpec()
          .Refuses(404, kPlanNotVisible)
          .Query(
              {{"period", Str(), false, "期间：2020、2020-H1、2020-Q2、2020-M04；缺省为全部报告"}})
          .Returns(200,
                   Obj({{"period", Str().Nullable()},
                        {"tasks", Arr(Obj({{"number", Int()}, {"title", Str()}}))},
                        {"agencies", Arr(IdName())},
                        {"cells",
                         Arr(Obj({{"task", Int().Describe("任务序号")},
                                  {"agency_id", Int()},
                                  {"role", Enum(app::PlanAssignmentRoles())},
                                  {"status",
                                   Enum(app::PlanCellStatuses())
                                       .Describe("最差者：受阻 > 逾期 > 未启动 > 推进中 > 已完成")},
                                  {"overdue", Bool()},
                                  {"assignment_ids", Arr(Int())}}))}})));

  add(
      "GET", "/api/v1/plans/{id}/matrix.xlsx",
      [&ctx](Request& req) -> Reply {
        IPE_ASSIGN_OR_RETURN(int64_t id, internal::IdParam(req));
        IPE_ASSIGN_OR_RETURN(auto file,
                             app::ExportMatrixXlsx(ctx, *req.principal, id, req.Query("period")));
        Response resp;
        resp.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        resp.body = std::move(file.bytes);
        resp.headers.emplace_back("Content-Disposition", ContentDisposition(file.filename));
        return resp;
      },
      "任务矩阵导出为 XLSX，记入审计 (matrix as .xlsx; audited export)");
  r.Describe("GET", "/api/v1/plans/{id}/matrix.xlsx",
             RouteSpec()
                 .Refuses(404, kPlanNotVisible)
                 .Query({{"period", Str(), false,
                          "期间：2020、2020-H1、2020-Q2、2020-M04；缺省为全部报告"}})
                 .Returns(200, Binary(), "XLSX 工作簿（任务矩阵、责任分工、图例）",
                          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));

  add(
      "GET", "/api/v1/plans/{id}/assignments",
      [&ctx](Request& req) { return AssignmentsHandler(ctx, req, false); },
      "责任分工列表 (assignments)");
  r.Describe("GET", "/api/v1/plans/{id}/assignments",
             RouteSpec()
                 .Refuses(404, kPlanNotVisible)
                 .Query(PageQuery(
                     {{"agency_id", Int(), false, "责任单位"},
                      {"status", Str(40), false,
                       "最新进展状态：not_started 未启动、in_progress 推进中、completed 已完成、"
                       "blocked 受阻（也收中文名称）"},
                      {"overdue", Bool(), false, "只看逾期（true）或未逾期（false）"}}))
                 .Returns(200, PageOf(assignment)));

  add(
      "GET", "/api/v1/plans/{id}/overdue",
      [&ctx](Request& req) { return AssignmentsHandler(ctx, req, true); },
      "逾期未完成的责任分工 (overdue assignments)");
  r.Describe("GET", "/api/v1/plans/{id}/overdue",
             RouteSpec()
                 .Refuses(404, kPlanNotVisible)
                 .Query(PageQuery())
                 .Returns(200, PageOf(assignment)));

  add("POST", "/api/v1/plans/{id}/due-dates", WithBody(ctx, DueDatesHandler),
      "批量设定完成时限 (set due dates in bulk)");
  r.Describe("POST", "/api/v1/plans/{id}/due-dates",
             RouteSpec()
                 .Refuses(403, kOfficeOnly)
                 .Refuses(404, kPlanNotVisible)
                 .Body(Obj({{"due_date", Date()},
                            {"task_number", Int().Optional().Describe("只设此任务；缺省为全部")},
                            {"agency_id", Int().Optional().Describe("只设此单位；缺省为全部")}})
                           .Closed())
                 .Returns(200, Obj({{"updated", Int().Describe("设定的分工数")}})));

  add("POST", "/api/v1/plans/{id}/unassigned/{holder_id}/assign",
      WithBody(ctx, AssignHolderHandler),
      "为未落实单位的责任主体指定单位 (assign an unassigned holder to agencies)");
  r.Describe(
      "POST", "/api/v1/plans/{id}/unassigned/{holder_id}/assign",
      RouteSpec()
          .Refuses(403, kOfficeOnly)
          .Refuses(404, "工作要点或责任主体不存在或不可见 (plan or holder unknown or not visible)")
          .Refuses(409, "该责任主体已指定单位 (already resolved)")
          .Body(Obj({{"agency_ids", Arr(Int()).Describe("指定的单位编号")}}).Closed())
          .Returns(200, Obj({{"assignments", Arr(assignment).Describe("新建的分工")},
                             {"kept", Arr(assignment).Describe("已有而保留的分工")}})));

  add("PATCH", "/api/v1/plan-assignments/{id}", WithBody(ctx, PatchAssignment),
      "设定或清除完成时限 (set or clear a due date)");
  r.Describe(
      "PATCH", "/api/v1/plan-assignments/{id}",
      RouteSpec()
          .Refuses(403, kOfficeOnly)
          .Refuses(404, kPlanNotVisible)
          .Body(Obj({{"due_date", Date().Nullable().Describe("必填；null 清除时限")}}).Closed())
          .Returns(200, assignment));

  add(
      "GET", "/api/v1/plan-assignments/{id}/reports",
      [&ctx](Request& req) -> Reply {
        IPE_ASSIGN_OR_RETURN(int64_t id, internal::IdParam(req));
        IPE_ASSIGN_OR_RETURN(auto reports, app::ListReports(ctx, *req.principal, id));
        Json out = Json::array();
        for (const auto& rep : reports) out.push_back(ReportJson(rep));
        return JsonResponse(200, out);
      },
      "进展报告，最新在前 (progress reports, newest first)");
  r.Describe("GET", "/api/v1/plan-assignments/{id}/reports",
             RouteSpec().Refuses(404, kPlanNotVisible).Returns(200, Arr(report)));

  add("POST", "/api/v1/plan-assignments/{id}/reports", WithBody(ctx, SubmitReportHandler),
      "报送进展 (submit a progress report)");
  r.Describe(
      "POST", "/api/v1/plan-assignments/{id}/reports",
      RouteSpec()
          .Refuses(403,
                   "仅承担该分工的单位（执法人员、单位负责人）或办公室 (the assigned agency or the "
                   "office)")
          .Refuses(404, kPlanNotVisible)
          .Body(Obj({{"period", Str(20).Describe(
                                    "2020、2020-H1、2020-Q2、2020-M04：本计划年度内已开始的期间")},
                     {"status", Str(20).Describe(
                                    "not_started、in_progress、completed、blocked 或其中文名称")},
                     {"narrative", Str(64u << 10).Describe("进展情况，1–5000 字")},
                     {"figures", MapOf(Int()).Optional().Describe("数字指标 {名称: 非负整数}")},
                     {"attachments",
                      Arr(Obj({{"filename", Str()},
                               {"content_type", Str().Optional()},
                               {"data_base64", Str().Describe("文件内容，解码后不超过 2 MiB")}}))
                          .Optional()
                          .Describe("最多 5 个附件")}})
                    .Closed())
          .Returns(201, report));
  r.AllowLargeBody("POST", "/api/v1/plan-assignments/{id}/reports", kReportBodyBytes);

  add(
      "GET", "/api/v1/plan-attachments/{id}",
      [&ctx](Request& req) -> Reply {
        IPE_ASSIGN_OR_RETURN(int64_t id, internal::IdParam(req));
        IPE_ASSIGN_OR_RETURN(auto file, app::GetAttachment(ctx, *req.principal, id));
        Response resp;
        resp.content_type = ServedContentType(file.content_type);
        resp.headers.emplace_back("Content-Security-Policy", "sandbox");
        resp.body = std::move(file.bytes);
        resp.headers.emplace_back("Content-Disposition", ContentDisposition(file.filename));
        return resp;
      },
      "下载进展报告附件 (download an attachment)");
  {
    RouteSpec spec;
    spec.Refuses(404, kPlanNotVisible);
    for (const char* type : kServedTypes)
      spec.Returns(200, Binary(), "附件（上传时声明的类型）", type);
    spec.Returns(200, Binary(), "其他类型按二进制下载", "application/octet-stream");
    r.Describe("GET", "/api/v1/plan-attachments/{id}", std::move(spec));
  }

  add(
      "GET", "/api/v1/plans/{id}/notices",
      [&ctx](Request& req) -> Reply {
        IPE_ASSIGN_OR_RETURN(int64_t id, internal::IdParam(req));
        IPE_ASSIGN_OR_RETURN(auto page, internal::PageFromQuery(req));
        IPE_ASSIGN_OR_RETURN(auto result,
                             app::ListNotices(ctx, *req.principal, id, req.Query("kind"), page));
        return JsonResponse(200, internal::PageJson(result, NoticeJson));
      },
      "督办、提醒、通报、约谈 (notices)");
  r.Describe("GET", "/api/v1/plans/{id}/notices",
             RouteSpec()
                 .Refuses(404, kPlanNotVisible)
                 .Query(PageQuery({{"kind", Enum(app::PlanNoticeKinds()), false, "类别"}}))
                 .Returns(200, PageOf(notice)));

  add("POST", "/api/v1/plans/{id}/notices", WithBody(ctx, NoticeCreate),
      "发送督办、提醒、通报或约谈 (record a notice)");
  r.Describe("POST", "/api/v1/plans/{id}/notices",
             RouteSpec()
                 .Refuses(403, kOfficeOnly)
                 .Refuses(404, kPlanNotVisible)
                 .Body(Obj({{"kind", Enum(app::PlanNoticeKinds())},
                            {"agency_id", Int().Optional().Describe("发给一个单位")},
                            {"region_code", Str(6).Optional().Describe("或发给一个地区的单位")},
                            {"assignment_id", Int().Optional().Describe("或就一项分工")},
                            {"title", Str(1000).Describe("标题，最多 200 字")},
                            {"text", Str(64u << 10).Describe("正文，最多 5000 字")},
                            {"due_date", Date().Optional()}})
                           .Closed())
                 .Returns(201, notice));

  add(
      "POST", "/api/v1/plan-notices/{id}/acknowledge",
      [&ctx](Request& req) -> Reply {
        IPE_ASSIGN_OR_RETURN(int64_t id, internal::IdParam(req));
        IPE_ASSIGN_OR_RETURN(auto notice, app::AcknowledgeNotice(ctx, *req.principal, id));
        return JsonResponse(200, NoticeJson(notice));
      },
      "签收通知 (acknowledge a notice)");
  r.Describe("POST", "/api/v1/plan-notices/{id}/acknowledge",
             RouteSpec()
                 .Refuses(403, "仅被通知的单位签收 (the addressed agency only)")
                 .Refuses(404, kPlanNotVisible)
                 .Refuses(409, "已签收 (already acknowledged)")
                 .Returns(200, notice));

  add(
      "GET", "/api/v1/plans/{id}/rubric",
      [&ctx](Request& req) -> Reply {
        IPE_ASSIGN_OR_RETURN(int64_t id, internal::IdParam(req));
        IPE_ASSIGN_OR_RETURN(auto rubric, app::GetRubric(ctx, *req.principal, id));
        return JsonResponse(200, RubricJson(rubric));
      },
      "评分细则 (rubric)");
  r.Describe("GET", "/api/v1/plans/{id}/rubric",
             RouteSpec().Refuses(404, kPlanNotVisible).Returns(200, rubric));

  add("PUT", "/api/v1/plans/{id}/rubric", WithBody(ctx, RubricPut),
      "设定评分细则 (set the rubric)");
  r.Describe(
      "PUT", "/api/v1/plans/{id}/rubric",
      RouteSpec()
          .Refuses(403, kOfficeOnly)
          .Refuses(404, kPlanNotVisible)
          .Refuses(409,
                   "已有评分使用了被删除或降低满分的评分项 (stored scores use a dropped criterion)")
          .Body(
              Obj({{"criteria", Arr(Obj({{"id", Str()}, {"name", Str()}, {"max_points", Int()}}))}})
                  .Closed())
          .Returns(200, rubric));

  add("PUT", "/api/v1/plans/{id}/scores", WithBody(ctx, ScorePut),
      "考核评分：一个单位一个期间 (score one agency for one period)");
  r.Describe("PUT", "/api/v1/plans/{id}/scores",
             RouteSpec()
                 .Refuses(403, kOfficeOnly)
                 .Refuses(404, kPlanNotVisible)
                 .Refuses(409, "尚未设定评分细则 (no rubric yet)")
                 .Body(Obj({{"period", Str(20)},
                            {"agency_id", Int()},
                            {"comment", Str(64u << 10).Optional()},
                            {"points",
                             MapOf(Int()).Optional().Describe("{评分项 id: 得分}，0 至该项满分")}})
                           .Closed())
                 .Returns(200, Obj({{"id", Int()},
                                    {"plan_id", Int()},
                                    {"period", Str()},
                                    {"agency_id", Int()},
                                    {"agency_name", Str()},
                                    {"points", MapOf(Int())},
                                    {"total", Int()},
                                    {"comment", Str()},
                                    {"scored_by_name", Str()},
                                    {"scored_at", DateTime()}})));

  add(
      "GET", "/api/v1/plans/{id}/ranking",
      [&ctx](Request& req) { return RankingHandler(ctx, req); }, "考核排名 (ranking)");
  r.Describe(
      "GET", "/api/v1/plans/{id}/ranking",
      RouteSpec()
          .Refuses(404, kPlanNotVisible)
          .Query({{"period", Str(), true, "考核期间，如 2020"}})
          .Returns(200, Obj({{"period", Str()},
                             {"max_total", Int()},
                             {"entries",
                              Arr(Obj({{"agency_id", Int()},
                                       {"agency_name", Str()},
                                       {"total", Int()},
                                       {"rank", Int().Min(1).Describe("总分相同者名次相同")},
                                       {"points", MapOf(Int())},
                                       {"completion_permille",
                                        Int().Nullable().Describe("分工完成率（千分比）")}}))}})));
}

}  // namespace ipe::http
