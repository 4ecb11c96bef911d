// 典型案例 (以案释法): the office writes, publishes and withdraws typical cases; the portal reads
// the published ones (credit.h).
#include <algorithm>

#include <nlohmann/json.hpp>

#include "app/accounts/audit.h"
#include "app/cases/case_store.h"
#include "app/cases/cases.h"
#include "app/credit/credit.h"
#include "app/credit/typical_case_store.h"
#include "app/internal/text.h"
#include "app/permissions.h"
#include "core/limits.h"
#include "core/redact.h"
#include "core/region.h"

namespace ipe::app {

const std::vector<CodeLabel>& TypicalCaseStatuses() {
  static const std::vector<CodeLabel> k = {
      {"draft", "草稿"}, {"published", "已发布"}, {"withdrawn", "已撤下"}};
  return k;
}

namespace {

constexpr size_t kHiddenNames = 20;

core::Status RequireManager(const Principal& who) {
  return RequireCapability(who, Capability::kTypicalCaseManage, "编写、发布典型案例");
}

// The checked input, with the names to hide: the case's natural persons and the office's own
// (only the office's own are stored, in hidden_names).
struct Checked {
  TypicalCaseInput in;
  std::vector<std::string> names;
};

core::Result<Checked> Check(Context& ctx, const Principal& who, const TypicalCaseInput& raw) {
  Checked out{raw, {}};
  TypicalCaseInput& in = out.in;
  in.title = internal::Trim(in.title);
  in.lesson = internal::Trim(in.lesson);
  core::Status st = core::InvalidArgument("典型案例的信息有误 (invalid typical case)");
  bool bad = false;
  auto field = [&](const char* name, const std::string& problem) {
    if (problem.empty()) return;
    st.AddFieldError(name, problem);
    bad = true;
  };
  field("title", internal::TextProblem(in.title, core::limits::kTitleChars, true));
  field("body", internal::TextProblem(in.body, core::limits::kTypicalCaseChars, true));
  field("lesson", internal::TextProblem(in.lesson, core::limits::kDescriptionChars, false));
  if (!LabelOf(CaseCategories(), in.category)) field("category", "请选择案件类别");
  if (in.hide_names.size() > kHiddenNames) field("hide_names", "隐去的姓名不超过20个");
  for (std::string& n : in.hide_names) {
    n = internal::Trim(n);
    if (n.empty() || n.size() > core::limits::kPartyNameChars) {
      field("hide_names", "姓名不能为空，且不超过200个字符");
      break;
    }
  }
  if (bad) return st;
  out.names = in.hide_names;
  if (in.case_id) {
    // The office must be able to open the case; the names come from the store unmasked (the
    // office sees other agencies' persons masked) and are only used to hide them: they are not
    // stored or shown.
    auto visible = GetCase(ctx, who, *in.case_id);
    if (!visible) {
      if (visible.error().code() != core::StatusCode::kNotFound) return visible.error();
      return core::Status(core::InvalidArgument("典型案例的信息有误 (invalid typical case)"))
          .AddFieldError("case_id", "案件不存在或不在本辖区");
    }
    IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
    IPE_ASSIGN_OR_RETURN(Case c, CaseStore(*tx).Load(*in.case_id, CaseStore::Detail::kFull));
    for (const CaseParty& p : c.input.parties) {
      if (p.kind == "person" && !p.name.empty()) out.names.push_back(p.name);
    }
  }
  std::sort(out.names.begin(), out.names.end());
  out.names.erase(std::unique(out.names.begin(), out.names.end()), out.names.end());
  return out;
}

void Mask(TypicalCase& t, const std::vector<std::string>& names) {
  core::RedactionOptions options;
  options.other_persons = names;
  core::RedactedText r = core::RedactPersonalData(t.body, core::Regions(), options);
  t.body_public = std::move(r.text);
  t.redactions.clear();
  for (const core::Redaction& x : r.redactions) {
    std::string kind = core::RedactionKindName(x.kind);
    if (std::find(t.redactions.begin(), t.redactions.end(), kind) == t.redactions.end()) {
      t.redactions.push_back(kind);
    }
  }
}

nlohmann::json AuditJson(const TypicalCase& t) {
  return {{"id", t.id}, {"title", t.title}, {"status", t.status}, {"category", t.category},
          {"withdraw_reason", t.withdraw_reason}};
}

core::Status Audit(storage::Tx& tx, const Principal& who, core::Timestamp now, const char* action,
                   const std::optional<TypicalCase>& before, const TypicalCase& after,
                   const std::string& summary) {
  return AppendAudit(tx, who, now,
                     AuditEvent{action, "typical_case", std::to_string(after.id), summary,
                                before ? std::optional<std::string>(AuditJson(*before).dump()) : std::nullopt,
                                AuditJson(after).dump(), AuditScopeOf(after.region_code, std::nullopt)});
}

// Loads a record of the caller's region for a write, or NotFound.
core::Result<TypicalCase> LoadForWrite(TypicalCaseStore& store, const Principal& who, int64_t id,
                                       int64_t version) {
  IPE_ASSIGN_OR_RETURN(TypicalCase t, store.Load(id, true));
  if (!CanSeeRecord(who, 0, t.region_code)) return core::NotFound("典型案例不存在: " + std::to_string(id));
  if (t.version != version) return core::FailedPrecondition("典型案例已被他人修改，请刷新后重试");
  return t;
}

// One write to a stored case: loaded for update in the caller's region at `version`, changed by
// `change` (which checks the state and returns the audit summary), stored, audited, committed.
template <typename Change>
core::Result<TypicalCase> ChangeTypicalCase(Context& ctx, const Principal& who, int64_t id,
                                            int64_t version, const char* action, Change change) {
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  TypicalCaseStore store(*tx);
  IPE_ASSIGN_OR_RETURN(TypicalCase before, LoadForWrite(store, who, id, version));
  TypicalCase after = before;
  IPE_ASSIGN_OR_RETURN(std::string summary, change(after, now));
  IPE_RETURN_IF_ERROR(store.Update(after, version, now));
  IPE_ASSIGN_OR_RETURN(after, store.Load(id));
  IPE_RETURN_IF_ERROR(Audit(*tx, who, now, action, before, after, summary));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return after;
}

TypicalCase ForPublic(TypicalCase t) {
  t.body.clear();
  t.hidden_names.clear();
  t.case_id.reset();
  return t;
}

}  // namespace

core::Result<TypicalCase> CreateTypicalCase(Context& ctx, const Principal& who,
                                            const TypicalCaseInput& raw) {
  IPE_RETURN_IF_ERROR(RequireManager(who));
  IPE_ASSIGN_OR_RETURN(Checked c, Check(ctx, who, raw));
  core::Timestamp now = ctx.Now();
  TypicalCase t;
  t.region_code = who.region_code;
  t.case_id = c.in.case_id;
  t.title = c.in.title;
  t.category = c.in.category;
  t.body = c.in.body;
  t.lesson = c.in.lesson;
  t.status = "draft";
  t.hidden_names = c.in.hide_names;
  Mask(t, c.names);
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  TypicalCaseStore store(*tx);
  IPE_ASSIGN_OR_RETURN(t.id, store.Insert(t, who.user_id, now));
  IPE_ASSIGN_OR_RETURN(t, store.Load(t.id));
  IPE_RETURN_IF_ERROR(Audit(*tx, who, now, "typical_case.create", std::nullopt, t, "新建典型案例：" + t.title));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return t;
}

core::Result<TypicalCase> UpdateTypicalCase(Context& ctx, const Principal& who, int64_t id,
                                            const TypicalCaseInput& raw, int64_t version) {
  IPE_RETURN_IF_ERROR(RequireManager(who));
  IPE_ASSIGN_OR_RETURN(Checked c, Check(ctx, who, raw));
  return ChangeTypicalCase(ctx, who, id, version, "typical_case.update",
                           [&](TypicalCase& t, core::Timestamp) -> core::Result<std::string> {
    if (t.status != "draft") return core::FailedPrecondition("只能修改草稿；已发布的案例先撤下再重新编写");
    t.case_id = c.in.case_id;
    t.title = c.in.title;
    t.category = c.in.category;
    t.body = c.in.body;
    t.lesson = c.in.lesson;
    t.hidden_names = c.in.hide_names;
    Mask(t, c.names);
    return "修改典型案例：" + t.title;
  });
}

core::Result<TypicalCase> PublishTypicalCase(Context& ctx, const Principal& who, int64_t id,
                                             int64_t version) {
  IPE_RETURN_IF_ERROR(RequireManager(who));
  return ChangeTypicalCase(ctx, who, id, version, "typical_case.publish",
                           [](TypicalCase& t, core::Timestamp now) -> core::Result<std::string> {
    if (t.status != "draft") return core::FailedPrecondition("只能发布草稿");
    t.status = "published";
    t.published_at = now;
    return "发布典型案例：" + t.title;
  });
}

core::Result<TypicalCase> WithdrawTypicalCase(Context& ctx, const Principal& who, int64_t id,
                                              const std::string& reason, int64_t version) {
  IPE_RETURN_IF_ERROR(RequireManager(who));
  std::string problem = internal::TextProblem(reason, core::limits::kDescriptionChars, true);
  if (!problem.empty()) {
    return core::Status(core::InvalidArgument("撤下典型案例须说明理由")).AddFieldError("reason", problem);
  }
  return ChangeTypicalCase(ctx, who, id, version, "typical_case.withdraw",
                           [&](TypicalCase& t, core::Timestamp now) -> core::Result<std::string> {
    if (t.status != "published") return core::FailedPrecondition("只能撤下已发布的案例");
    t.status = "withdrawn";
    t.withdrawn_at = now;
    t.withdraw_reason = internal::Trim(reason);
    return "撤下典型案例：" + t.title + "（" + t.withdraw_reason + "）";
  });
}

core::Result<Page<TypicalCase>> ListTypicalCases(Context& ctx, const Principal& who,
                                                 const std::optional<std::string>& status,
                                                 const PageRequest& page) {
  IPE_RETURN_IF_ERROR(RequireManager(who));
  IPE_RETURN_IF_ERROR(page.Validate());
  if (status && !LabelOf(TypicalCaseStatuses(), *status)) {
    return core::Status(core::InvalidArgument("状态无效")).AddFieldError("status", "草稿、已发布或已撤下");
  }
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  return TypicalCaseStore(*tx).List(who.region_code, status, page);
}

core::Result<TypicalCase> GetTypicalCase(Context& ctx, const Principal& who, int64_t id) {
  IPE_RETURN_IF_ERROR(RequireManager(who));
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  IPE_ASSIGN_OR_RETURN(TypicalCase t, TypicalCaseStore(*tx).Load(id));
  if (!CanSeeRecord(who, 0, t.region_code)) return core::NotFound("典型案例不存在: " + std::to_string(id));
  return t;
}

core::Result<Page<TypicalCase>> PublicTypicalCases(Context& ctx, const PageRequest& page) {
  IPE_RETURN_IF_ERROR(page.Validate());
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  IPE_ASSIGN_OR_RETURN(auto out, TypicalCaseStore(*tx).List(kNationalRegion, std::string("published"), page));
  for (TypicalCase& t : out.items) t = ForPublic(std::move(t));
  return out;
}

core::Result<TypicalCase> GetPublicTypicalCase(Context& ctx, int64_t id) {
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  auto t = TypicalCaseStore(*tx).Load(id);
  if (!t || t->status != "published") return core::NotFound("典型案例不存在: " + std::to_string(id));
  return ForPublic(std::move(*t));
}

}  // namespace ipe::app
