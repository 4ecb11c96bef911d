// Notices (督办, 提醒, 通报, 约谈) to an agency or a region, and their acknowledgement. The SQL is in
// plan_store.cc.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "app/accounts/audit.h"
#include "app/internal/text.h"
#include "app/permissions.h"
#include "app/plans/plan_store.h"
#include "app/plans/plans.h"
#include "app/plans/plans_internal.h"
#include "core/region.h"

namespace ipe::app {

using namespace plans_internal;  // NOLINT(google-build-using-namespace): the area's own helpers

namespace {

using Json = nlohmann::json;

// Characters of a notice's title and text.
constexpr size_t kNoticeTitleMaxChars = 200;
constexpr size_t kNoticeTextMaxChars = 5000;

bool IsNoticeKind(const std::string& kind) { return LabelOf(PlanNoticeKinds(), kind) != nullptr; }

const char* NoticeKindLabel(const std::string& kind) {
  const char* label = LabelOf(PlanNoticeKinds(), kind);
  return label ? label : "约谈";
}

// Whether the notice is addressed to the caller's agency (directly or through its region).
bool AddressedTo(const Principal& who, const PlanNotice& n) {
  if (n.agency_id) return *n.agency_id == who.agency_id;
  return n.region_code && RegionWithin(*n.region_code, who.region_code);
}

Json NoticeJson(const PlanNotice& n) {
  return Json{{"kind", n.kind},
              {"agency_id", n.agency_id ? Json(*n.agency_id) : Json()},
              {"region_code", n.region_code ? Json(*n.region_code) : Json()},
              {"assignment_id", n.assignment_id ? Json(*n.assignment_id) : Json()},
              {"title", n.title},
              {"due_date", n.due_date ? Json(n.due_date->ToString()) : Json()}};
}

core::Status NotFoundNotice(int64_t id) {
  return core::NotFound("通知不存在或无权查看 (notice not found): " + std::to_string(id));
}

core::Result<PlanNotice> LoadNotice(PlanStore& store, int64_t id) {
  IPE_ASSIGN_OR_RETURN(auto notice, store.Notice(id));
  if (!notice) return NotFoundNotice(id);
  return std::move(*notice);
}

}  // namespace

core::Result<Page<PlanNotice>> ListNotices(Context& ctx, const Principal& who, int64_t plan_id,
                                           const std::optional<std::string>& kind,
                                           const PageRequest& page) {
  IPE_RETURN_IF_ERROR(page.Validate());
  std::optional<std::string> by_kind;
  if (kind && !kind->empty()) by_kind = *kind;
  if (by_kind && !IsNoticeKind(*by_kind)) {
    return Invalid("kind", "通知类别应为 supervision、reminder、criticism 或 interview");
  }
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  PlanStore store(*tx);
  IPE_ASSIGN_OR_RETURN(auto plan, LoadVisiblePlan(store, who, plan_id));
  IPE_ASSIGN_OR_RETURN(auto notices, store.Notices(plan_id, by_kind));
  std::vector<PlanNotice> all;
  for (PlanNotice& n : notices) {
    if (plan.access == PlanAccess::kAgency && !AddressedTo(who, n)) continue;
    all.push_back(std::move(n));
  }
  return Paginate(std::move(all), page);
}

core::Result<PlanNotice> CreateNotice(Context& ctx, const Principal& who, int64_t plan_id,
                                      const NewNotice& input) {
  NewNotice in = input;
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  PlanStore store(*tx);
  IPE_ASSIGN_OR_RETURN(auto plan, LoadVisiblePlan(store, who, plan_id));
  IPE_RETURN_IF_ERROR(RequireManager(plan.access, "发送督办、提醒、通报或约谈"));
  core::Status st = core::InvalidArgument("通知内容有误 (invalid notice)");
  bool bad = false;
  auto add = [&](const std::string& field, const std::string& msg) {
    st.AddFieldError(field, msg);
    bad = true;
  };
  if (!IsNoticeKind(in.kind)) {
    add("kind", "通知类别应为 supervision、reminder、criticism 或 interview");
  }
  in.title = internal::Trim(in.title);
  in.text = internal::Trim(in.text);
  if (in.title.empty() || CodePoints(in.title) > kNoticeTitleMaxChars) {
    add("title", "标题应为 1–200 字");
  }
  if (in.text.empty() || CodePoints(in.text) > kNoticeTextMaxChars) {
    add("text", "内容应为 1–5000 字");
  }
  if (in.region_code && internal::Trim(*in.region_code).empty()) in.region_code.reset();
  if (in.assignment_id) {
    IPE_ASSIGN_OR_RETURN(auto agency, store.AssignmentAgency(plan_id, *in.assignment_id));
    if (!agency) {
      add("assignment_id", "该工作要点中没有这条责任分工");
    } else if (in.agency_id && *in.agency_id != *agency) {
      add("assignment_id", "责任分工不属于所选单位");
    } else if (in.region_code) {
      add("assignment_id", "针对责任分工的通知应发给单位，而非地区");
    } else {
      in.agency_id = *agency;
    }
  }
  if (in.agency_id.has_value() == in.region_code.has_value()) {
    if (!in.assignment_id) add("agency_id", "须指定接收单位 (agency_id) 或地区 (region_code) 之一");
  } else if (in.agency_id) {
    IPE_ASSIGN_OR_RETURN(auto agency_region, store.ActiveAgencyRegion(*in.agency_id));
    if (!agency_region) {
      add("agency_id", "单位不存在或已停用");
    } else if (!who.is_system() && !RegionWithin(who.region_code, *agency_region)) {
      add("agency_id", "单位不在管辖区域内");
    }
  } else {
    const std::string& r = *in.region_code;
    if (!internal::IsRegionCode(r) || (r != kNationalRegion && !core::Regions().Find(r))) {
      add("region_code", "行政区划代码无效");
    } else if (!who.is_system() && !RegionWithin(who.region_code, r)) {
      add("region_code", "地区不在管辖区域内");
    }
  }
  if (bad) return st;
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(int64_t id, store.InsertNotice({.plan_id = plan_id,
                                                       .kind = in.kind,
                                                       .agency_id = in.agency_id,
                                                       .region_code = in.region_code,
                                                       .assignment_id = in.assignment_id,
                                                       .title = in.title,
                                                       .text = in.text,
                                                       .due_date = in.due_date,
                                                       .created_by = who.actor_id(),
                                                       .created_by_name = ActorName(who),
                                                       .created_at = now}));
  IPE_ASSIGN_OR_RETURN(auto notice, LoadNotice(store, id));
  IPE_ASSIGN_OR_RETURN(auto notice_scope, PlanAuditScope(store, notice.plan_id, notice.agency_id));
  IPE_RETURN_IF_ERROR(AppendAudit(
      *tx, who, now,
      {"plan.notice", "plan_notice", std::to_string(notice.id),
       std::string(NoticeKindLabel(notice.kind)) + " " + notice.agency_name + "：" + notice.title,
       std::nullopt, NoticeJson(notice).dump(), notice_scope}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return notice;
}

core::Result<PlanNotice> AcknowledgeNotice(Context& ctx, const Principal& who, int64_t notice_id) {
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  PlanStore store(*tx);
  IPE_ASSIGN_OR_RETURN(auto notice, LoadNotice(store, notice_id));
  auto plan = LoadVisiblePlan(store, who, notice.plan_id);
  bool addressed = !who.is_system() && AddressedTo(who, notice);
  if (!plan || (plan->access == PlanAccess::kAgency && !addressed)) {
    return NotFoundNotice(notice_id);
  }
  if (!addressed) {
    return core::PermissionDenied("只有接收单位可以签收 (only the addressed agency acknowledges)");
  }
  if (notice.acknowledged_at) {
    return core::FailedPrecondition("通知已签收 (already acknowledged)");
  }
  core::Timestamp now = ctx.Now();
  IPE_RETURN_IF_ERROR(store.AcknowledgeNotice(notice_id, now, who.actor_id()));
  notice.acknowledged_at = now;
  IPE_ASSIGN_OR_RETURN(auto ack_scope, PlanAuditScope(store, notice.plan_id, notice.agency_id));
  IPE_RETURN_IF_ERROR(
      AppendAudit(*tx, who, now,
                  {"plan.notice_ack", "plan_notice", std::to_string(notice_id),
                   "签收" + std::string(NoticeKindLabel(notice.kind)) + "：" + notice.title,
                   std::nullopt, NoticeJson(notice).dump(), ack_scope}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return notice;
}

}  // namespace ipe::app
