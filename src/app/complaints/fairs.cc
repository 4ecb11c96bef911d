// 展会维权: the fairs and their summary (fairs.h).
#include "app/complaints/fairs.h"

#include <nlohmann/json.hpp>

#include "app/accounts/accounts_store.h"
#include "app/accounts/audit.h"
#include "app/complaints/complaint_store.h"
#include "app/internal/text.h"
#include "app/permissions.h"
#include "core/limits.h"
#include "core/region.h"
#include "rules/pack.h"

namespace ipe::app {

namespace cpl = ipe::complaints;

namespace {

std::string AuditJson(const ComplaintFair& f) {
  const cpl::Fair& x = f.fair;
  auto hours = [](const std::optional<int>& h) { return h ? nlohmann::json(*h) : nlohmann::json(); };
  return nlohmann::json{{"id", x.id},
                        {"name", x.name},
                        {"venue", x.venue},
                        {"region_code", x.region_code},
                        {"starts_on", x.starts_on.ToString()},
                        {"ends_on", x.ends_on.ToString()},
                        {"organiser", x.organiser},
                        {"desk_contact", x.desk_contact},
                        {"desk_agency_id", x.desk_agency_id ? nlohmann::json(*x.desk_agency_id)
                                                            : nlohmann::json()},
                        {"reply_hours", hours(x.reply_hours)},
                        {"handle_hours", hours(x.handle_hours)},
                        {"agency_id", f.agency_id}}
      .dump();
}

// Whose complaints the caller sees (the scope of ListComplaints).
ComplaintScope ScopeOf(const Principal& who) {
  ComplaintScope scope;
  if (!who.is_system()) {
    scope.region = who.region_code;
    if (SeesWholeRegion(who)) scope.unrouted = true;
    else scope.agency = who.agency_id;
  }
  return scope;
}

core::Status NotFoundFair(int64_t id) {
  return core::NotFound("展会不存在 (not found): " + std::to_string(id));
}

void Fill(ComplaintFair& f) { f.desk_expected = cpl::DeskExpected(rules::DefaultRuleSet(), f.fair); }

// Trims the texts and checks every field (lengths, region, the rules of complaints/fairs.h).
core::Status Validate(storage::Tx& tx, cpl::Fair& f) {
  core::Status st = core::InvalidArgument("展会信息有误 (invalid fair)");
  bool bad = false;
  auto add = [&](const std::string& field, const std::string& message) {
    st.AddFieldError(field, message);
    bad = true;
  };
  auto text = [&](const char* field, std::string& value, size_t max, bool required) {
    value = internal::Trim(value);
    std::string problem = internal::TextProblem(value, max, required);
    if (!problem.empty()) add(field, problem);
  };
  namespace lim = core::limits;
  text("name", f.name, lim::kTitleChars, true);
  text("venue", f.venue, lim::kAddressChars, true);
  text("organiser", f.organiser, lim::kPartyNameChars, true);
  text("desk_contact", f.desk_contact, lim::kShortTextChars, false);
  if (!internal::IsRegionCode(f.region_code) || f.region_code == kNationalRegion ||
      !core::Regions().Find(f.region_code)) {
    add("region_code", "请填写展会举办地的行政区划代码");
  }
  // The rules of complaints/fairs.h, on the fields the checks above left alone (one message each).
  for (const cpl::FieldProblem& p : cpl::ValidateFair(f)) {
    bool named = false;
    for (const auto& e : st.field_errors()) named |= e.field == p.field;
    if (!named) add(p.field, p.message);
  }
  if (f.desk_agency_id) {
    IPE_ASSIGN_OR_RETURN(auto desk, AccountsStore(tx).FindAgency(*f.desk_agency_id));
    if (!desk || !desk->active) add("desk_agency_id", "进驻机构不存在或已停用");
  }
  return bad ? st : core::Status::Ok();
}

// complaint.fair, the market regulator or the IP office (or the office), within its region.
core::Status RequireManager(storage::Tx& tx, const Principal& who, const std::string& region) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kComplaintFair, "登记展会"));
  if (who.is_system()) return core::Status::Ok();
  if (!who.Has(Role::kOffice)) {
    IPE_ASSIGN_OR_RETURN(auto own, AccountsStore(tx).FindAgency(who.agency_id));
    std::string kind = own ? own->kind : "";
    if (kind != "market_regulation" && kind != "ip_office") {
      return core::PermissionDenied(
          "展会由举办地市场监管部门或知识产权管理部门登记 (market regulator or IP office only)");
    }
  }
  if (!RegionWithin(who.region_code, region)) {
    return core::PermissionDenied("展会举办地不在本机构辖区 (outside your region)");
  }
  return core::Status::Ok();
}

}  // namespace

core::Status CheckFairForIntake(storage::Tx& tx, int64_t fair_id) {
  IPE_ASSIGN_OR_RETURN(auto found, ComplaintStore(tx).LoadFair(fair_id));
  if (!found) {
    return core::Status(core::InvalidArgument("请求参数有误 (invalid fields)"))
        .AddFieldError("fair_id", "展会不存在");
  }
  return core::Status::Ok();
}

core::Result<Page<ComplaintFair>> ListFairs(Context& ctx, const Principal& who, const FairFilter& f,
                                            const PageRequest& page) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kComplaintList, "查看展会"));
  IPE_RETURN_IF_ERROR(page.Validate());
  core::Status st = core::InvalidArgument("查询条件有误");
  bool bad = false;
  if (f.region && !internal::IsRegionCode(*f.region)) {
    st.AddFieldError("region", "行政区划代码应为 6 位数字");
    bad = true;
  }
  if (f.q && f.q->size() > 200) {
    st.AddFieldError("q", "查询词过长");
    bad = true;
  }
  if (bad) return st;
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  ComplaintStore store(*tx);
  IPE_ASSIGN_OR_RETURN(auto out, store.ListFairs(f, page));
  std::vector<int64_t> ids;
  for (const ComplaintFair& x : out.items) ids.push_back(x.fair.id);
  IPE_ASSIGN_OR_RETURN(auto counts, store.FairCounts(ScopeOf(who), ids));
  for (ComplaintFair& x : out.items) {
    Fill(x);
    x.records = counts[x.fair.id];
  }
  return out;
}

core::Result<ComplaintFair> GetFair(Context& ctx, const Principal& who, int64_t id) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kComplaintList, "查看展会"));
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  ComplaintStore store(*tx);
  IPE_ASSIGN_OR_RETURN(auto found, store.LoadFair(id));
  if (!found) return NotFoundFair(id);
  IPE_ASSIGN_OR_RETURN(auto counts, store.FairCounts(ScopeOf(who), {id}));
  Fill(*found);
  found->records = counts[id];
  return std::move(*found);
}

core::Result<std::vector<ComplaintFair>> PublicFairs(Context& ctx, int days_ahead) {
  core::Date today = core::LocalDate(ctx.Now());
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  IPE_ASSIGN_OR_RETURN(auto out, ComplaintStore(*tx).FairsBetween(
                                     today, today.AddDays(days_ahead), 200));
  for (ComplaintFair& x : out) Fill(x);
  return out;
}

core::Result<ComplaintFair> CreateFair(Context& ctx, const Principal& who, const cpl::Fair& in) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kComplaintFair, "登记展会"));
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  ComplaintFair f;
  f.fair = in;
  IPE_RETURN_IF_ERROR(Validate(*tx, f.fair));
  IPE_RETURN_IF_ERROR(RequireManager(*tx, who, f.fair.region_code));
  f.agency_id = who.agency_id;
  ComplaintStore store(*tx);
  IPE_ASSIGN_OR_RETURN(f.fair.id, store.InsertFair(f, who.actor_id(), now));
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  {"complaint_fair.create", "complaint_fair",
                                   std::to_string(f.fair.id), "登记展会 " + f.fair.name,
                                   std::nullopt, AuditJson(f),
                                   AuditScopeOf(f.fair.region_code, f.agency_id)}));
  IPE_ASSIGN_OR_RETURN(auto stored, store.LoadFair(f.fair.id));
  IPE_RETURN_IF_ERROR(tx->Commit());
  Fill(*stored);
  return std::move(*stored);
}

core::Result<ComplaintFair> UpdateFair(Context& ctx, const Principal& who, int64_t id,
                                       int64_t version, const cpl::Fair& in) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kComplaintFair, "修改展会"));
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  ComplaintStore store(*tx);
  IPE_ASSIGN_OR_RETURN(auto before, store.LoadFair(id));
  if (!before) return NotFoundFair(id);
  IPE_RETURN_IF_ERROR(RequireManager(*tx, who, before->fair.region_code));
  ComplaintFair after = *before;
  after.fair = in;
  after.fair.id = id;
  after.version = version;
  IPE_RETURN_IF_ERROR(Validate(*tx, after.fair));
  IPE_RETURN_IF_ERROR(RequireManager(*tx, who, after.fair.region_code));
  IPE_RETURN_IF_ERROR(store.UpdateFair(after, now));
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  {"complaint_fair.update", "complaint_fair", std::to_string(id),
                                   "修改展会 " + after.fair.name, AuditJson(*before),
                                   AuditJson(after),
                                   AuditScopeOf(after.fair.region_code, before->agency_id)}));
  IPE_ASSIGN_OR_RETURN(auto stored, store.LoadFair(id));
  IPE_RETURN_IF_ERROR(tx->Commit());
  Fill(*stored);
  return std::move(*stored);
}

core::Result<FairSummaryResult> FairSummaryOf(Context& ctx, const Principal& who, int64_t id) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kComplaintList, "查看展会统计"));
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  ComplaintStore store(*tx);
  IPE_ASSIGN_OR_RETURN(auto found, store.LoadFair(id));
  if (!found) return NotFoundFair(id);
  IPE_ASSIGN_OR_RETURN(auto records, store.FairRecords(ScopeOf(who), id));
  FairSummaryResult out;
  out.fair = std::move(*found);
  Fill(out.fair);
  out.fair.records = static_cast<int64_t>(records.size());
  out.summary = cpl::SummariseFair(out.fair.fair, records);
  return out;
}

}  // namespace ipe::app
