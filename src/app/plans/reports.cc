// Progress reports (进展报告) and their attachments. The SQL is in plan_store.cc.
#include <nlohmann/json.hpp>

#include "app/accounts/audit.h"
#include "app/crypto.h"
#include "app/internal/text.h"
#include "app/internal/upload.h"
#include "app/plans/plan_store.h"
#include "app/plans/plans.h"
#include "app/plans/plans_internal.h"

namespace ipe::app {

using namespace plans_internal;  // NOLINT(google-build-using-namespace): the area's own helpers

namespace {

using Json = nlohmann::json;

// Limits of a report's figures (also in docs/plans.md).
constexpr size_t kMaxFigures = 50;
constexpr size_t kMaxFigureNameBytes = 100;

bool BadContentType(std::string_view type) {
  if (type.empty() || type.size() > 100 || type.find('/') == std::string::npos) return true;
  for (unsigned char c : type) {
    if (c <= 0x20 || c >= 0x7f) {
      if (c != ' ') return true;
    }
  }
  return false;
}

Json IntMapJson(const std::map<std::string, int64_t>& m) {
  Json j = Json::object();
  for (const auto& [k, v] : m) j[k] = v;
  return j;
}

}  // namespace

core::Result<std::vector<PlanReport>> ListReports(Context& ctx, const Principal& who,
                                                  int64_t assignment_id) {
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  PlanStore store(*tx);
  IPE_RETURN_IF_ERROR(LoadVisibleAssignment(store, ctx, who, assignment_id).status());
  return store.Reports(assignment_id);
}

core::Result<PlanReport> SubmitReport(Context& ctx, const Principal& who, int64_t assignment_id,
                                      const NewReport& in) {
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  PlanStore store(*tx);
  IPE_ASSIGN_OR_RETURN(auto v, LoadVisibleAssignment(store, ctx, who, assignment_id));
  if (!MayReport(who, v.plan.access, v.a.agency_id)) {
    return core::PermissionDenied(
        "无权报送进展 (only officers or heads of the assigned agency, or the office, report)");
  }
  core::Timestamp now = ctx.Now();
  core::Date today = core::LocalDate(now);
  core::Status st = core::InvalidArgument("进展报告有误 (invalid report)");
  bool bad = false;
  auto add = [&](const std::string& field, const std::string& msg) {
    st.AddFieldError(field, msg);
    bad = true;
  };
  std::string period = internal::Trim(in.period);
  auto parsed_period = ParsePeriodText(period);
  if (!parsed_period) {
    add("period", kPeriodFormat);
  } else if (parsed_period->year != v.plan.summary.year) {
    add("period", "期间须在工作要点年度 " + std::to_string(v.plan.summary.year) + " 内");
  } else if (parsed_period->period.first > today) {
    add("period", "该期间尚未开始 (period has not started)");
  }
  auto status = plan::ParseReportStatus(internal::Trim(in.status));
  if (!status) add("status", "进展状态应为 not_started、in_progress、completed 或 blocked");
  std::string narrative = internal::Trim(in.narrative);
  size_t chars = CodePoints(narrative);
  if (chars == 0) add("narrative", "进展情况不能为空");
  if (chars > kReportNarrativeMaxChars) add("narrative", "进展情况不超过 5000 字");
  if (in.figures.size() > kMaxFigures) add("figures", "数据项不超过 50 个");
  for (const auto& [name, value] : in.figures) {
    if (name.empty() || name.size() > kMaxFigureNameBytes) {
      add("figures", "数据项名称应为 1–100 字节");
    }
    if (value < 0) add("figures." + name, "数据应为非负整数");
  }
  if (in.attachments.size() > kReportMaxAttachments) add("attachments", "附件不超过 5 个");
  std::vector<std::string> decoded;
  for (size_t i = 0; i < in.attachments.size() && i < kReportMaxAttachments; ++i) {
    const NewAttachment& a = in.attachments[i];
    std::string field = "attachments[" + std::to_string(i) + "]";
    auto bytes = internal::CheckUpload(
        {a.filename, a.content_type, a.data_base64}, kReportAttachmentMaxBytes,
        [](std::string_view type, std::string_view) { return BadContentType(type) ? "文件类型无效" : ""; },
        st, field + ".");
    if (!bytes) bad = true;
    decoded.push_back(bytes.value_or(""));
  }
  if (bad) return st;

  Json figures = IntMapJson(in.figures);
  IPE_ASSIGN_OR_RETURN(int64_t report_id,
                       store.InsertReport({.assignment_id = assignment_id,
                                           .period = period,
                                           .period_first = parsed_period->period.first,
                                           .period_last = parsed_period->period.last,
                                           .status = plan::ReportStatusName(*status),
                                           .narrative = narrative,
                                           .figures_json = figures.dump(),
                                           .submitted_by = who.actor_id(),
                                           .submitted_by_name = ActorName(who),
                                           .submitted_at = now}));
  Json files = Json::array();
  for (size_t i = 0; i < in.attachments.size(); ++i) {
    const NewAttachment& a = in.attachments[i];
    std::string name = internal::Trim(a.filename);
    IPE_RETURN_IF_ERROR(store.InsertAttachment(
        report_id, {name, a.content_type, static_cast<int64_t>(decoded[i].size()),
                    EncodeBase64(decoded[i])}));
    files.push_back({{"filename", name}, {"size", decoded[i].size()}});
  }
  Json after = {{"assignment_id", assignment_id},
                {"agency", v.a.agency_name},
                {"item_key", v.a.item_key},
                {"period", period},
                {"status", plan::ReportStatusName(*status)},
                {"figures", figures},
                {"attachments", files}};
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  {"plan.report", "plan_report", std::to_string(report_id),
                                   "报送进展 " + v.a.agency_name + " " + v.a.item_key + " " +
                                       period + " " + plan::ReportStatusLabel(*status),
                                   std::nullopt, after.dump(),
                                   AuditScopeOf(v.plan.summary.region_code, v.a.agency_id)}));
  IPE_ASSIGN_OR_RETURN(PlanReport report, store.Report(report_id));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return report;
}

core::Result<AttachmentFile> GetAttachment(Context& ctx, const Principal& who,
                                           int64_t attachment_id) {
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  PlanStore store(*tx);
  IPE_ASSIGN_OR_RETURN(auto file, store.Attachment(attachment_id));
  auto not_found = [&] {
    return core::NotFound("附件不存在或无权查看 (attachment not found): " +
                          std::to_string(attachment_id));
  };
  if (!file) return not_found();
  auto visible = LoadVisibleAssignment(store, ctx, who, file->assignment_id);
  if (!visible) {
    if (visible.error().code() == core::StatusCode::kNotFound) return not_found();
    return visible.error();
  }
  auto bytes = DecodeBase64(file->data_base64);
  if (!bytes) return core::Internal("stored attachment is not base64");
  return AttachmentFile{file->filename, file->content_type, std::move(*bytes)};
}

}  // namespace ipe::app
