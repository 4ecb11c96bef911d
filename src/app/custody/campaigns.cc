// 销毁活动: destruction campaigns the office creates and the destructions agencies attach to them
// (custody.h, docs/custody.md "Campaigns").
#include <cstdio>
#include <nlohmann/json.hpp>

#include "app/accounts/audit.h"
#include "app/custody/custody.h"
#include "app/custody/custody_internal.h"
#include "app/custody/custody_store.h"
#include "app/internal/text.h"
#include "app/permissions.h"
#include "core/csv.h"
#include "core/limits.h"
#include "core/money.h"
#include "core/region.h"
#include "sheet/sheet.h"

namespace ipe::app {

using namespace custody_internal;

const std::vector<CodeLabel>& CampaignStatuses() {
  static const std::vector<CodeLabel> k = {{"open", "进行中"}, {"closed", "已结束"}};
  return k;
}

namespace {

// A campaign's span: at most a year, like the summary's.
constexpr int kMaxCampaignDays = 366;
constexpr size_t kMaxCampaignRegions = 50;

nlohmann::json CampaignAudit(const DestructionCampaign& c) {
  return {{"id", c.id},          {"name", c.name},         {"starts_on", c.starts_on.ToString()},
          {"ends_on", c.ends_on.ToString()}, {"regions", c.regions}, {"status", c.status}};
}

core::Status Validate(const Principal& who, const CampaignInput& in) {
  core::Status st = core::InvalidArgument("销毁活动信息有误");
  bool bad = false;
  auto field = [&](const char* name, const std::string& message) {
    st.AddFieldError(name, message);
    bad = true;
  };
  std::string problem = internal::TextProblem(in.name, core::limits::kTitleChars, true);
  if (!problem.empty()) field("name", problem);
  if (!in.starts_on) field("starts_on", "请填写活动起始日期（YYYY-MM-DD）");
  if (!in.ends_on) field("ends_on", "请填写活动截止日期（YYYY-MM-DD）");
  if (in.starts_on && in.ends_on &&
      (*in.ends_on < *in.starts_on || core::DaysBetween(*in.starts_on, *in.ends_on) > kMaxCampaignDays)) {
    field("ends_on", "截止日期应不早于起始日期，且活动期间不超过 366 日");
  }
  if (in.regions.empty() || in.regions.size() > kMaxCampaignRegions) {
    field("regions", "请选择 1 至 50 个行政区划");
  }
  for (const std::string& r : in.regions) {
    if (!core::Regions().Find(r)) {
      field("regions", "行政区划代码有误：" + r);
      break;
    }
    if (!RegionWithin(who.region_code, r)) {
      field("regions", "超出本机构管辖区域：" + core::Regions().FullName(r));
      break;
    }
  }
  problem = internal::TextProblem(in.note, core::limits::kDescriptionChars, false);
  if (!problem.empty()) field("note", problem);
  return bad ? st : core::Status::Ok();
}

// The reasons a destruction does not fit a campaign (empty: it fits).
std::vector<std::string> Misfits(const DestructionCampaign& c, const Destruction& d) {
  std::vector<std::string> out;
  if (c.status != "open") out.push_back("销毁活动已结束");
  core::Date on = d.executed_on.value_or(d.planned_on);
  if (on < c.starts_on || c.ends_on < on) {
    out.push_back("销毁日期 " + on.ToString() + " 不在活动期间（" + c.starts_on.ToString() + " 至 " +
                  c.ends_on.ToString() + "）内");
  }
  bool covered = false;
  for (const std::string& r : c.regions) covered = covered || RegionWithin(r, d.region_code);
  if (!covered) out.push_back("本机构所在区域不在活动范围内");
  if (d.status == "rejected") out.push_back("未批准的销毁申请不能参加活动");
  return out;
}

// Grams as kilograms with three decimals ("108.000").
std::string FormatKilograms(int64_t grams) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld.%03lld", static_cast<long long>(grams / 1000),
                static_cast<long long>(grams % 1000));
  return buf;
}

}  // namespace

core::Result<DestructionCampaign> CreateDestructionCampaign(Context& ctx, const Principal& who,
                                                            const CampaignInput& in) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kDestructionCampaignManage, "组织销毁活动"));
  IPE_RETURN_IF_ERROR(Validate(who, in));
  core::Timestamp now = ctx.Now();
  DestructionCampaign c;
  c.name = internal::Trim(in.name);
  c.starts_on = *in.starts_on;
  c.ends_on = *in.ends_on;
  c.regions = in.regions;
  c.region_code = who.region_code;
  c.note = internal::Trim(in.note);
  c.created_by = who.actor_id();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  CustodyStore store(*tx);
  IPE_ASSIGN_OR_RETURN(int64_t id, store.InsertCampaign(c, now));
  IPE_ASSIGN_OR_RETURN(c, store.LoadCampaign(id));
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  AuditEvent{"destruction_campaign.create", "destruction_campaign",
                                             std::to_string(id), "组织销毁活动：" + c.name, std::nullopt,
                                             CampaignAudit(c).dump(), AuditScopeOf(c.region_code, std::nullopt)}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return c;
}

core::Result<DestructionCampaign> CloseDestructionCampaign(Context& ctx, const Principal& who, int64_t id,
                                                           int64_t version) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kDestructionCampaignManage, "结束销毁活动"));
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  CustodyStore store(*tx);
  IPE_ASSIGN_OR_RETURN(DestructionCampaign before, store.LoadCampaign(id, true));
  if (!RegionWithin(who.region_code, before.region_code)) {
    return core::PermissionDenied("只能结束本区域组织的销毁活动");
  }
  if (before.status != "open") return core::FailedPrecondition("销毁活动已结束");
  IPE_RETURN_IF_ERROR(store.CloseCampaign(id, version, now));
  IPE_ASSIGN_OR_RETURN(DestructionCampaign c, store.LoadCampaign(id));
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  AuditEvent{"destruction_campaign.close", "destruction_campaign",
                                             std::to_string(id), "结束销毁活动：" + c.name,
                                             CampaignAudit(before).dump(), CampaignAudit(c).dump(),
                                             AuditScopeOf(c.region_code, std::nullopt)}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return c;
}

core::Result<Page<DestructionCampaign>> ListDestructionCampaigns(Context& ctx, const Principal& who,
                                                                 std::optional<std::string> status,
                                                                 const PageRequest& page) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kDestructionRead, "查看销毁活动"));
  if (status && !LabelOf(CampaignStatuses(), *status)) {
    return core::Status(core::InvalidArgument("状态有误")).AddFieldError("status", "open 或 closed");
  }
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  CustodyStore store(*tx);
  IPE_ASSIGN_OR_RETURN(auto out, store.ListCampaigns(status, page));
  for (DestructionCampaign& c : out.items) {
    IPE_ASSIGN_OR_RETURN(c.destructions, store.CountInCampaign(ScopeOf(who), c.id));
  }
  return out;
}

core::Result<CampaignReport> GetDestructionCampaign(Context& ctx, const Principal& who, int64_t id) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kDestructionRead, "查看销毁活动"));
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  CustodyStore store(*tx);
  CampaignReport out;
  IPE_ASSIGN_OR_RETURN(out.campaign, store.LoadCampaign(id));
  IPE_ASSIGN_OR_RETURN(out.campaign.destructions, store.CountInCampaign(ScopeOf(who), id));
  IPE_ASSIGN_OR_RETURN(out.rows, store.CampaignSummary(ScopeOf(who), id));
  for (DestructionSummaryRow& r : out.rows) r.province_name = core::Regions().FullName(r.province_code);
  return out;
}

core::Result<Destruction> SetDestructionCampaign(Context& ctx, const Principal& who, int64_t destruction_id,
                                                 std::optional<int64_t> campaign_id, int64_t version) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kCustodyWrite, "办理销毁活动"));
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  CustodyStore store(*tx);
  IPE_ASSIGN_OR_RETURN(Destruction before, store.LoadDestruction(destruction_id, true));
  if (!CanSeeDestruction(who, before)) {
    return core::NotFound("销毁记录不存在: " + std::to_string(destruction_id));
  }
  if (!who.is_system() && who.agency_id != before.agency_id) {
    return core::PermissionDenied("只能办理本机构的销毁");
  }
  if (before.version != version) return core::FailedPrecondition("销毁记录已被他人修改，请刷新后重试");
  const char* action = campaign_id ? "destruction.campaign_attach" : "destruction.campaign_detach";
  std::string summary;
  if (campaign_id) {
    if (before.campaign_id) {
      return core::Status(core::FailedPrecondition("该销毁已参加销毁活动“" + before.campaign_name +
                                                   "”，请先退出"))
          .AddFieldError("campaign_id", "一项销毁只能参加一个活动");
    }
    auto campaign = store.LoadCampaign(*campaign_id, true);
    if (!campaign) {
      return core::Status(core::InvalidArgument("销毁活动有误")).AddFieldError("campaign_id", "没有该销毁活动");
    }
    std::vector<std::string> misfits = Misfits(*campaign, before);
    if (!misfits.empty()) {
      return core::Status(core::FailedPrecondition(internal::Join(misfits, '\n')))
          .AddFieldError("campaign_id", misfits.front());
    }
    summary = "参加销毁活动：" + campaign->name;
  } else {
    if (!before.campaign_id) return core::FailedPrecondition("该销毁未参加销毁活动");
    IPE_ASSIGN_OR_RETURN(DestructionCampaign campaign, store.LoadCampaign(*before.campaign_id, true));
    if (campaign.status != "open") return core::FailedPrecondition("销毁活动已结束，不能退出");
    summary = "退出销毁活动：" + campaign.name;
  }
  IPE_RETURN_IF_ERROR(store.SetCampaign(destruction_id, campaign_id, version, now));
  IPE_ASSIGN_OR_RETURN(Destruction after, store.LoadDestruction(destruction_id));
  auto campaign_json = [](const Destruction& d) {
    return nlohmann::json{{"id", d.id},
                          {"campaign_id", d.campaign_id ? nlohmann::json(*d.campaign_id) : nlohmann::json()}}
        .dump();
  };
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  AuditEvent{action, "destruction", std::to_string(destruction_id), summary,
                                             campaign_json(before), campaign_json(after),
                                             AuditScopeOf(after.region_code, after.agency_id)}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return after;
}

core::Result<CampaignExport> ExportDestructionCampaign(Context& ctx, const Principal& who, int64_t id,
                                                       const std::string& format) {
  if (format != "csv" && format != "xlsx") {
    return core::Status(core::InvalidArgument("格式应为 csv 或 xlsx")).AddFieldError("format", "csv 或 xlsx");
  }
  IPE_ASSIGN_OR_RETURN(CampaignReport report, GetDestructionCampaign(ctx, who, id));
  const std::vector<std::string> header = {"省级行政区", "销毁次数", "物品项数", "数量（计量单位合计）",
                                           "销毁前重量（千克）", "货值（元）"};
  std::vector<std::vector<std::string>> rows;
  DestructionSummaryRow total;
  total.province_name = "合计";
  auto row_of = [](const DestructionSummaryRow& r) {
    return std::vector<std::string>{r.province_name,          std::to_string(r.destructions),
                                    std::to_string(r.lines),  std::to_string(r.quantity),
                                    FormatKilograms(r.weight_before_g), core::FormatYuan(r.value)};
  };
  for (const DestructionSummaryRow& r : report.rows) {
    rows.push_back(row_of(r));
    total.destructions += r.destructions;
    total.lines += r.lines;
    total.quantity += r.quantity;
    total.weight_before_g += r.weight_before_g;
    total.value = total.value + r.value;
  }
  rows.push_back(row_of(total));
  CampaignExport out;
  std::string base = "destruction-campaign-" + std::to_string(id);
  if (format == "csv") {
    out.filename = base + ".csv";
    out.content_type = "text/csv; charset=utf-8";
    out.bytes = "\xEF\xBB\xBF" + core::CsvLine({report.campaign.name, report.campaign.starts_on.ToString() +
                                                                           " 至 " + report.campaign.ends_on.ToString()}) +
                core::CsvLine(header);
    for (const auto& r : rows) out.bytes += core::CsvLine(r);
    return out;
  }
  sheet::Sheet s;
  s.name = "销毁活动汇总";
  s.column_widths = {16, 10, 10, 20, 18, 16};
  sheet::Row head;
  for (const std::string& h : header) head.push_back(sheet::Cell::Text(h));
  s.rows.push_back(std::move(head));
  for (const auto& r : rows) {
    sheet::Row cells{sheet::Cell::Text(r[0])};
    for (size_t i = 1; i < r.size(); ++i) cells.push_back(sheet::Cell::Number(std::stod(r[i])));
    s.rows.push_back(std::move(cells));
  }
  IPE_ASSIGN_OR_RETURN(out.bytes, sheet::WriteXlsx({s}));
  out.filename = base + ".xlsx";
  out.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  return out;
}

}  // namespace ipe::app
