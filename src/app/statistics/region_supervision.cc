// 地区督办: opening, follow-up reports, review and the 工作台's share (region_supervision.h).
#include "app/statistics/region_supervision.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "app/accounts/audit.h"
#include "app/crypto.h"
#include "app/internal/text.h"
#include "app/permissions.h"
#include "app/statistics/high_incidence.h"
#include "app/statistics/region_supervision_store.h"
#include "core/file_type.h"
#include "core/region.h"
#include "statistics/region_supervision.h"

namespace ipe::app {

const std::vector<CodeLabel>& SupervisionKinds() {
  static const std::vector<CodeLabel> k = {{"criticism", "通报"}, {"interview", "约谈"}, {"listed", "挂牌督办"}};
  return k;
}

const std::vector<CodeLabel>& SupervisionStatuses() {
  static const std::vector<CodeLabel> k = {{"rectifying", "整改中"}, {"reported", "待审核"}, {"removed", "已销号"}};
  return k;
}

const std::vector<CodeLabel>& SupervisionStepKinds() {
  static const std::vector<CodeLabel> k = {{"open", "作出督办决定"},
                                           {"report", "报送整改进展"},
                                           {"return", "退回继续整改"},
                                           {"extend", "延长整改期限"},
                                           {"remove", "验收销号"}};
  return k;
}

namespace {

using Json = nlohmann::json;

// A task or decision is "due soon" within this many days of its date (as the plan to-dos).
constexpr int kDueSoonDays = 7;
constexpr size_t kMaxTitleChars = 200;
constexpr size_t kMaxTextChars = 5000;
constexpr int kMaxDeadlineDays = 730;

std::string ActorName(const Principal& who) {
  if (who.is_system()) return "系统";
  return who.display_name.empty() ? who.login : who.display_name;
}

std::string DayState(core::Date due, core::Date today) {
  if (today > due) return "overdue";
  return core::DaysBetween(today, due) <= kDueSoonDays ? "due_soon" : "ok";
}

void Decorate(RegionSupervision& s, core::Date today) {
  s.deadline_state = s.status == "removed" ? "none" : DayState(s.deadline, today);
  for (SupervisionTask& t : s.tasks) {
    t.deadline_state = t.done_at ? "done" : s.status == "removed" ? "none" : DayState(t.due_date, today);
  }
}

bool Within(const std::string& ancestor, const std::string& code) {
  return ancestor == code || RegionWithin(ancestor, code);
}

bool Responsible(const Principal& who, const RegionSupervision& s) {
  return std::any_of(s.agencies.begin(), s.agencies.end(),
                     [&](const SupervisionAgency& a) { return a.id == who.agency_id; });
}

bool MayRead(const Principal& who, const RegionSupervision& s) {
  if (who.is_system()) return true;
  if (!Can(who, Capability::kRegionSupervisionRead)) return false;
  if (SeesWholeRegion(who) && Within(who.region_code, s.region_code)) return true;
  return Responsible(who, s);
}

SupervisionScope ScopeOf(const Principal& who) {
  SupervisionScope scope;
  if (who.is_system()) return scope;
  if (SeesWholeRegion(who)) {
    scope.region = who.region_code;
  } else {
    scope.agency = who.agency_id;
  }
  return scope;
}


core::Status NotFound(int64_t id) {
  return core::NotFound("督办事项不存在或无权查看 (supervision not found): " + std::to_string(id));
}

Json RecordJson(const RegionSupervision& s) {
  Json agencies = Json::array();
  for (const SupervisionAgency& a : s.agencies) agencies.push_back(a.name);
  return {{"id", s.id},         {"kind", s.kind},         {"status", s.status},
          {"region", s.region_code}, {"government", s.government}, {"deadline", s.deadline.ToString()},
          {"agencies", agencies}, {"review_note", s.review_note}};
}

std::string KindTitle(const std::string& kind) {
  const char* label = LabelOf(SupervisionKinds(), kind);
  return label ? label : kind;
}

core::Status Audit(storage::Tx& tx, const Principal& who, core::Timestamp now, const std::string& action,
                   const std::string& summary, const std::optional<RegionSupervision>& before,
                   const RegionSupervision& after) {
  return AppendAudit(tx, who, now,
                     AuditEvent{"region_supervision." + action, "region_supervision", std::to_string(after.id), summary,
                                before ? std::optional<std::string>(RecordJson(*before).dump()) : std::nullopt,
                                RecordJson(after).dump(), AuditScopeOf(after.region_code, std::nullopt)});
}

// The decision `id` locked for a write, or NotFound (missing, or out of the caller's view).
core::Result<RegionSupervision> LoadForWrite(RegionSupervisionStore& store, const Principal& who, int64_t id) {
  auto loaded = store.Load(id, true);
  if (!loaded) return loaded.error().code() == core::StatusCode::kNotFound ? NotFound(id) : loaded.error();
  if (!MayRead(who, *loaded)) return NotFound(id);
  return loaded;
}

// The decision as the writes return it: with tasks, steps and deadline states.
core::Result<RegionSupervision> Reload(RegionSupervisionStore& store, int64_t id, core::Date today) {
  IPE_ASSIGN_OR_RETURN(RegionSupervision s, store.Load(id));
  IPE_ASSIGN_OR_RETURN(s.steps, store.Steps(id));
  Decorate(s, today);
  return s;
}

// The candidate's yearly figures, frozen as JSON; a field error when the region is not one.
core::Result<std::string> FrozenFigures(Context& ctx, const Principal& who, const NewRegionSupervision& in,
                                        core::Status& st) {
  if (!in.basis_year) {
    st.AddFieldError("basis_year", "按识别规则督办须写明年度");
    return std::string();
  }
  auto found = FindHighIncidence(ctx, who, *in.basis_year, in.rule_key);
  if (!found) {
    if (found.error().code() != core::StatusCode::kInvalidArgument) return found.error();
    for (const auto& fe : found.error().field_errors()) {
      st.AddFieldError(fe.field == "year" ? "basis_year" : "rule_key", fe.message);
    }
    return std::string();
  }
  for (const HighIncidenceCandidate& c : found->candidates) {
    if (c.candidate.region != in.region_code) continue;
    Json years = Json::array();
    for (const statistics::CandidateYear& y : c.candidate.years) {
      years.push_back({{"year", y.year},
                       {"count", y.count},
                       {"per_100k_hundredths", y.per_100k_hundredths ? Json(*y.per_100k_hundredths) : Json()},
                       {"rank", y.rank}});
    }
    return Json{{"rule", in.rule_key},
                {"rule_title", found->rule->title},
                {"year", *in.basis_year},
                {"scope_label", found->scope_label},
                {"growth_percent", c.candidate.growth_percent ? Json(*c.candidate.growth_percent) : Json()},
                {"years", years}}
        .dump();
  }
  st.AddFieldError("region_code", "该地区不是所选规则在该年度的高发地区候选");
  return std::string();
}

}  // namespace

core::Result<RegionSupervision> CreateRegionSupervision(Context& ctx, const Principal& who,
                                                        const NewRegionSupervision& in) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kRegionSupervisionManage, "作出督办决定"));
  core::Timestamp now = ctx.Now();
  core::Date today = core::LocalDate(now);
  core::Status st = core::InvalidArgument("督办决定有误 (invalid supervision)");
  const statistics::SupervisionKind* kind = statistics::DefaultSupervisionRules().Find(in.kind);
  if (!kind) st.AddFieldError("kind", "督办方式应为通报、约谈或挂牌督办");
  const core::Region* region = core::Regions().Find(in.region_code);
  if (!region) {
    st.AddFieldError("region_code", "应为六位行政区划代码");
  } else if (in.region_code == who.region_code || !RegionWithin(who.region_code, in.region_code)) {
    return core::PermissionDenied("只能督办本辖区的下级地区 (only regions below your own)");
  }
  std::string figures = "null";
  if (!in.rule_key.empty() && region) {
    IPE_ASSIGN_OR_RETURN(figures, FrozenFigures(ctx, who, in, st));
    if (figures.empty()) figures = "null";
  }
  std::string reason = internal::Trim(in.reason);
  if (reason.empty() && in.rule_key.empty()) {
    st.AddFieldError("reason", "不按识别规则督办时须说明理由");
  } else if (auto problem = internal::TextProblem(reason, kMaxTextChars, false); !problem.empty()) {
    st.AddFieldError("reason", problem);
  }
  std::string government = internal::Trim(in.government);
  if (government.empty() && region) government = region->name + "人民政府";
  if (auto problem = internal::TextProblem(government, kMaxTitleChars, true); !problem.empty()) {
    st.AddFieldError("government", problem);
  }
  core::Date deadline = today.AddDays(kind ? kind->rectification_days : 0);
  if (!in.deadline.empty()) {
    auto d = core::ParseDate(in.deadline);
    if (!d) {
      st.AddFieldError("deadline", "日期格式应为 YYYY-MM-DD");
    } else if (*d <= today || core::DaysBetween(today, *d) > kMaxDeadlineDays) {
      st.AddFieldError("deadline", "整改期限应在明日至两年之内");
    } else {
      deadline = *d;
    }
  }
  std::set<int64_t> agency_set(in.agency_ids.begin(), in.agency_ids.end());
  if (agency_set.empty()) st.AddFieldError("agency_ids", "至少指定一个责任单位");
  if (agency_set.size() > kSupervisionMaxAgencies) st.AddFieldError("agency_ids", "责任单位不超过 20 个");
  if (agency_set.size() != in.agency_ids.size()) st.AddFieldError("agency_ids", "责任单位重复");
  if (in.tasks.size() > kSupervisionMaxTasks) st.AddFieldError("tasks", "整改任务不超过 30 项");
  std::vector<NewSupervisionTask> tasks;
  for (size_t i = 0; i < in.tasks.size() && i < kSupervisionMaxTasks; ++i) {
    const NewSupervisionTask& t = in.tasks[i];
    std::string field = "tasks[" + std::to_string(i) + "].";
    NewSupervisionTask clean{t.agency_id, internal::Trim(t.title), t.due_date};
    if (!agency_set.count(t.agency_id)) st.AddFieldError(field + "agency_id", "任务的承办单位须为责任单位之一");
    if (auto problem = internal::TextProblem(clean.title, kMaxTitleChars, true); !problem.empty()) {
      st.AddFieldError(field + "title", problem);
    }
    auto due = core::ParseDate(t.due_date);
    if (!due) {
      st.AddFieldError(field + "due_date", "日期格式应为 YYYY-MM-DD");
    } else if (*due < today || *due > deadline) {
      st.AddFieldError(field + "due_date", "任务期限应在今日至整改期限之间");
    } else {
      clean.due_date = due->ToString();
    }
    tasks.push_back(std::move(clean));
  }
  if (!st.field_errors().empty()) return st;

  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  RegionSupervisionStore store(*tx);
  IPE_ASSIGN_OR_RETURN(auto agencies, store.AgenciesWithin(in.agency_ids, in.region_code));
  if (agencies.size() != agency_set.size()) {
    return core::Status(core::InvalidArgument("督办决定有误 (invalid supervision)"))
        .AddFieldError("agency_ids", "责任单位须为被督办地区的机构");
  }
  RegionSupervision s;
  s.kind = in.kind;
  s.status = "rectifying";
  s.region_code = in.region_code;
  s.issuer_region = who.region_code;
  s.government = government;
  s.reason = reason.empty() ? std::string(kind->title) + "：" + std::to_string(*in.basis_year) + " 年为高发地区候选" : reason;
  s.rule_key = in.rule_key;
  s.basis_year = in.rule_key.empty() ? std::nullopt : in.basis_year;
  s.figures_json = figures;
  s.deadline = deadline;
  s.created_by_name = ActorName(who);
  s.created_at = now;
  s.updated_at = now;
  IPE_ASSIGN_OR_RETURN(s.id, store.Insert(s, who.actor_id()));
  for (const SupervisionAgency& a : agencies) IPE_RETURN_IF_ERROR(store.InsertAgency(s.id, a.id));
  for (const NewSupervisionTask& t : tasks) IPE_RETURN_IF_ERROR(store.InsertTask(s.id, t).status());
  SupervisionStep step;
  step.kind = "open";
  step.body = s.reason;
  step.deadline = deadline;
  step.actor_name = s.created_by_name;
  step.at = now;
  IPE_RETURN_IF_ERROR(store.InsertStep(s.id, step, who.actor_id(), std::nullopt).status());
  IPE_ASSIGN_OR_RETURN(RegionSupervision out, Reload(store, s.id, today));
  IPE_RETURN_IF_ERROR(Audit(*tx, who, now, "open",
                            KindTitle(out.kind) + " " + out.region_name + "，整改期限 " + deadline.ToString() + "，任务 " +
                                std::to_string(out.tasks.size()) + " 项",
                            std::nullopt, out));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return out;
}

core::Result<Page<RegionSupervision>> ListRegionSupervisions(Context& ctx, const Principal& who,
                                                             const SupervisionFilter& filter,
                                                             const PageRequest& page) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kRegionSupervisionRead, "查看地区督办"));
  IPE_RETURN_IF_ERROR(page.Validate());
  core::Status st = core::InvalidArgument("查询参数有误 (invalid filter)");
  if (filter.status && !LabelOf(SupervisionStatuses(), *filter.status)) {
    st.AddFieldError("status", "状态应为 rectifying、reported 或 removed");
  }
  if (filter.kind && !LabelOf(SupervisionKinds(), *filter.kind)) {
    st.AddFieldError("kind", "督办方式应为 criticism、interview 或 listed");
  }
  if (!st.field_errors().empty()) return st;
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  IPE_ASSIGN_OR_RETURN(auto out, RegionSupervisionStore(*tx).List(ScopeOf(who), filter, page));
  core::Date today = core::LocalDate(ctx.Now());
  for (RegionSupervision& s : out.items) Decorate(s, today);
  return out;
}

core::Result<RegionSupervision> GetRegionSupervision(Context& ctx, const Principal& who, int64_t id) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kRegionSupervisionRead, "查看地区督办"));
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  RegionSupervisionStore store(*tx);
  auto s = Reload(store, id, core::LocalDate(ctx.Now()));
  if (!s) return s.error().code() == core::StatusCode::kNotFound ? NotFound(id) : s.error();
  if (!MayRead(who, *s)) return NotFound(id);
  return s;
}

core::Result<RegionSupervision> FileSupervisionReport(Context& ctx, const Principal& who, int64_t id,
                                                      const NewSupervisionReport& in) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kRegionSupervisionReport, "报送整改进展"));
  core::Status st = core::InvalidArgument("整改进展报告有误 (invalid report)");
  std::string body = internal::Trim(in.body);
  if (auto problem = internal::TextProblem(body, kMaxTextChars, true); !problem.empty()) st.AddFieldError("body", problem);
  std::optional<std::string> bytes;
  if (in.attachment) {
    bytes = internal::CheckUpload(
        *in.attachment, kSupervisionAttachmentMaxBytes,
        [](std::string_view type, std::string_view data) {
          return core::FileTypeProblem(type, data, {"image/jpeg", "image/png", "application/pdf"});
        },
        st, "attachment.");
  }
  if (in.task_done && !in.task_id) st.AddFieldError("task_id", "标记任务完成须指明任务");
  if (!st.field_errors().empty()) return st;

  core::Timestamp now = ctx.Now();
  core::Date today = core::LocalDate(now);
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  RegionSupervisionStore store(*tx);
  IPE_ASSIGN_OR_RETURN(RegionSupervision before, LoadForWrite(store, who, id));
  if (!Responsible(who, before)) {
    return core::PermissionDenied("只有责任单位可以报送整改进展 (responsible agencies only)");
  }
  auto next = statistics::NextSupervisionStatus(before.status, "report");
  if (!next) return core::FailedPrecondition("该督办事项已销号，不再接收整改报告 (already removed)");
  const SupervisionTask* task = nullptr;
  if (in.task_id) {
    for (const SupervisionTask& t : before.tasks) {
      if (t.id == *in.task_id) task = &t;
    }
    if (!task || task->agency_id != who.agency_id) {
      return core::Status(core::InvalidArgument("整改进展报告有误 (invalid report)"))
          .AddFieldError("task_id", "不是本单位在该督办事项中的任务");
    }
    if (in.task_done && task->done_at) {
      return core::Status(core::InvalidArgument("整改进展报告有误 (invalid report)"))
          .AddFieldError("task_id", "该任务已完成");
    }
  }
  SupervisionStep step;
  step.kind = "report";
  step.agency_id = who.agency_id;
  step.task_id = in.task_id;
  step.body = body;
  step.actor_name = ActorName(who);
  step.at = now;
  std::optional<std::string> stored;
  if (bytes) {
    step.filename = internal::Trim(in.attachment->filename);
    step.content_type = in.attachment->content_type;
    step.size = static_cast<int64_t>(bytes->size());
    stored = EncodeBase64(*bytes);
  }
  IPE_ASSIGN_OR_RETURN(int64_t step_id, store.InsertStep(id, step, who.actor_id(), stored));
  if (task && in.task_done) IPE_RETURN_IF_ERROR(store.MarkTaskDone(task->id, step_id, now));
  RegionSupervision after = before;
  after.status = std::string(*next);
  IPE_RETURN_IF_ERROR(store.Update(after, before.version, now));
  IPE_ASSIGN_OR_RETURN(RegionSupervision out, Reload(store, id, today));
  std::string summary = who.agency_name + " 报送整改进展（" + KindTitle(out.kind) + " " + out.region_name + "）";
  if (task) summary += "：" + task->title + (in.task_done ? "（已完成）" : "");
  IPE_RETURN_IF_ERROR(Audit(*tx, who, now, "report", summary, before, out));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return out;
}

core::Result<RegionSupervision> ReviewRegionSupervision(Context& ctx, const Principal& who, int64_t id,
                                                        const SupervisionReview& review, int64_t version) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kRegionSupervisionManage, "审核督办事项"));
  core::Status st = core::InvalidArgument("审核意见有误 (invalid review)");
  const std::string& action = review.action;
  if (action != "return" && action != "extend" && action != "remove") {
    st.AddFieldError("action", "应为 return（退回继续整改）、extend（延长期限）或 remove（验收销号）");
  }
  std::string note = internal::Trim(review.note);
  if (auto problem = internal::TextProblem(note, kMaxTextChars, action != "remove"); !problem.empty()) {
    st.AddFieldError("note", problem == "不能为空" ? "退回或延期须说明理由" : problem);
  }
  std::optional<core::Date> new_deadline;
  if (action == "extend") {
    auto d = core::ParseDate(review.deadline);
    if (!d) {
      st.AddFieldError("deadline", "延期须给出新的整改期限 (YYYY-MM-DD)");
    } else {
      new_deadline = *d;
    }
  }
  if (!st.field_errors().empty()) return st;

  core::Timestamp now = ctx.Now();
  core::Date today = core::LocalDate(now);
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  RegionSupervisionStore store(*tx);
  IPE_ASSIGN_OR_RETURN(RegionSupervision before, LoadForWrite(store, who, id));
  if (!who.is_system() && who.region_code != before.issuer_region) {
    return core::PermissionDenied("只有作出督办决定的办公室可以审核 (the deciding office only)");
  }
  auto next = statistics::NextSupervisionStatus(before.status, action);
  if (!next) {
    if (before.status == "removed") return core::FailedPrecondition("该督办事项已销号 (already removed)");
    return core::FailedPrecondition("尚无待审核的整改报告，不能" +
                                    std::string(LabelOf(SupervisionStepKinds(), action)) + " (nothing reported yet)");
  }
  if (before.version != version) return core::FailedPrecondition("督办事项已被他人处理，请刷新后重试 (stale version)");
  if (new_deadline && (*new_deadline <= before.deadline || core::DaysBetween(today, *new_deadline) > kMaxDeadlineDays)) {
    return core::Status(core::InvalidArgument("审核意见有误 (invalid review)"))
        .AddFieldError("deadline", "新的整改期限应晚于原期限 " + before.deadline.ToString() + "，且在两年之内");
  }
  if (action == "remove") {
    for (const SupervisionTask& t : before.tasks) {
      if (!t.done_at) return core::FailedPrecondition("尚有整改任务未完成，不能销号：" + t.title + " (tasks not done)");
    }
  }
  RegionSupervision after = before;
  after.status = std::string(*next);
  after.review_note = note;
  if (new_deadline) after.deadline = *new_deadline;
  if (action == "remove") after.removed_at = now;
  IPE_RETURN_IF_ERROR(store.Update(after, version, now));
  SupervisionStep step;
  step.kind = action;
  step.body = note;
  step.deadline = new_deadline;
  step.actor_name = ActorName(who);
  step.at = now;
  IPE_RETURN_IF_ERROR(store.InsertStep(id, step, who.actor_id(), std::nullopt).status());
  IPE_ASSIGN_OR_RETURN(RegionSupervision out, Reload(store, id, today));
  std::string summary = std::string(LabelOf(SupervisionStepKinds(), action)) + "（" + KindTitle(out.kind) + " " +
                        out.region_name + "）" + (note.empty() ? "" : "：" + note);
  IPE_RETURN_IF_ERROR(Audit(*tx, who, now, action, summary, before, out));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return out;
}

core::Result<SupervisionAttachment> GetSupervisionAttachment(Context& ctx, const Principal& who, int64_t id,
                                                             int64_t step_id) {
  IPE_ASSIGN_OR_RETURN(RegionSupervision s, GetRegionSupervision(ctx, who, id));
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  IPE_ASSIGN_OR_RETURN(auto file, RegionSupervisionStore(*tx).Attachment(s.id, step_id));
  if (!file) return core::NotFound("附件不存在 (attachment not found): " + std::to_string(step_id));
  auto bytes = DecodeBase64(file->bytes);
  if (!bytes) return core::Internal("stored attachment is not base64");
  file->bytes = std::move(*bytes);
  return *file;
}

core::Result<SupervisionWork> SupervisionWorkOf(Context& ctx, const Principal& who, int64_t per_kind,
                                               int due_soon_days) {
  SupervisionWork out;
  core::Date today = core::LocalDate(ctx.Now());
  bool reports = Can(who, Capability::kRegionSupervisionReport) && who.agency_id != 0;
  bool manages = Can(who, Capability::kRegionSupervisionManage);
  if (!reports && !manages) return out;
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  RegionSupervisionStore store(*tx);
  if (reports) {
    IPE_ASSIGN_OR_RETURN(auto tasks, store.OpenTasksDue(who.agency_id, today.AddDays(due_soon_days), per_kind,
                                                        &out.tasks_total));
    for (SupervisionTask& t : tasks) {
      IPE_ASSIGN_OR_RETURN(RegionSupervision s, store.Load(t.supervision_id));
      Decorate(s, today);
      t.deadline_state = DayState(t.due_date, today);
      out.tasks.emplace_back(std::move(t), std::move(s));
    }
  }
  if (manages) {
    IPE_ASSIGN_OR_RETURN(auto review, store.IssuedIds(who.region_code, "reported", std::nullopt, per_kind,
                                                      &out.to_review_total));
    for (int64_t id : review) {
      IPE_ASSIGN_OR_RETURN(RegionSupervision s, store.Load(id));
      Decorate(s, today);
      out.to_review.push_back(std::move(s));
    }
    IPE_ASSIGN_OR_RETURN(auto late, store.IssuedIds(who.region_code, "", today, per_kind, &out.overdue_total));
    for (int64_t id : late) {
      IPE_ASSIGN_OR_RETURN(RegionSupervision s, store.Load(id));
      Decorate(s, today);
      out.overdue.push_back(std::move(s));
    }
  }
  return out;
}

}  // namespace ipe::app
