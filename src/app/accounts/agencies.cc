// Agencies (机构): reference member units and local agencies.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "app/accounts/accounts.h"
#include "app/accounts/accounts_store.h"
#include "app/accounts/audit.h"
#include "app/internal/text.h"
#include "app/permissions.h"

namespace ipe::app {
namespace {

std::string AgencyJson(const Agency& a) {
  nlohmann::json j = {{"id", a.id},         {"name", a.name},   {"short_name", a.short_name},
                      {"kind", a.kind},     {"level", a.level}, {"region_code", a.region_code},
                      {"aliases", a.aliases}, {"active", a.active}};
  return j.dump();
}

core::Status ValidateAgency(const Agency& a) {
  core::Status st = core::InvalidArgument("机构信息有误 (invalid agency)");
  bool bad = false;
  auto add = [&](const char* field, const char* msg) {
    st.AddFieldError(field, msg);
    bad = true;
  };
  if (internal::Trim(a.name).empty()) add("name", "机构名称不能为空");
  if (a.name.size() > 200) add("name", "机构名称过长");
  const auto& kinds = AgencyKinds();
  if (std::find(kinds.begin(), kinds.end(), a.kind) == kinds.end()) add("kind", "机构类别无效");
  const auto& levels = AgencyLevels();
  if (std::find(levels.begin(), levels.end(), a.level) == levels.end()) add("level", "机构层级无效");
  if (!internal::IsRegionCode(a.region_code)) add("region_code", "行政区划代码应为 6 位数字");
  for (const std::string& alias : a.aliases) {
    if (alias.find('|') != std::string::npos) add("aliases", "别名不能包含 '|'");
  }
  return bad ? st : core::Status::Ok();
}

// NotFound when there is no such agency.
core::Result<Agency> LoadAgency(AccountsStore& store, int64_t id) {
  IPE_ASSIGN_OR_RETURN(std::optional<Agency> agency, store.FindAgency(id));
  if (!agency) return core::NotFound("机构不存在 (agency not found): " + std::to_string(id));
  return *std::move(agency);
}

// The field error a duplicate name gets; other errors pass through.
core::Status NameTaken(core::Status st) {
  if (st.code() != core::StatusCode::kAlreadyExists) return st;
  return core::Status(core::AlreadyExists("机构名称已存在 (agency name taken)"))
      .AddFieldError("name", "机构名称已存在");
}

}  // namespace

const std::vector<std::string>& AgencyKinds() {
  static const std::vector<std::string> kKinds = {
      "market_regulation", "customs", "police",      "procuratorate",        "court",
      "ip_office",         "copyright", "agriculture", "forestry", "leading_group_office",
      "other"};
  return kKinds;
}

const std::vector<std::string>& AgencyLevels() {
  static const std::vector<std::string> kLevels = {"national", "provincial", "prefecture",
                                                   "county"};
  return kLevels;
}

core::Result<Page<Agency>> ListAgencies(Context& ctx, const Principal&, const AgencyFilter& f,
                                        const PageRequest& page) {
  IPE_RETURN_IF_ERROR(page.Validate());
  if (f.region && !internal::IsRegionCode(*f.region)) {
    return core::Status(core::InvalidArgument("行政区划代码有误"))
        .AddFieldError("region", "行政区划代码应为 6 位数字");
  }
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  return AccountsStore(*tx).ListAgencies(f, page);
}

core::Result<Agency> GetAgency(Context& ctx, const Principal&, int64_t id) {
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  AccountsStore store(*tx);
  return LoadAgency(store, id);
}

core::Result<Agency> CreateAgency(Context& ctx, const Principal& who, const Agency& input) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kAgencyWrite, "新建机构"));
  Agency a = input;
  a.name = internal::Trim(a.name);
  a.short_name = internal::Trim(a.short_name);
  IPE_RETURN_IF_ERROR(ValidateAgency(a));
  IPE_RETURN_IF_ERROR(RequireRegion(who, a.region_code));
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  AccountsStore store(*tx);
  auto id = store.InsertAgency(a, now);
  if (!id) return NameTaken(id.error());
  a.id = *id;
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  {"agency.create", "agency", std::to_string(a.id),
                                   "新建机构 " + a.name, std::nullopt, AgencyJson(a),
                                   AuditScopeOf(a.region_code, a.id)}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return a;
}

core::Result<Agency> UpdateAgency(Context& ctx, const Principal& who, int64_t id,
                                  const AgencyPatch& patch) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kAgencyWrite, "修改机构"));
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  AccountsStore store(*tx);
  IPE_ASSIGN_OR_RETURN(Agency before, LoadAgency(store, id));
  IPE_RETURN_IF_ERROR(RequireRegion(who, before.region_code));
  Agency a = before;
  if (patch.name) a.name = internal::Trim(*patch.name);
  if (patch.short_name) a.short_name = internal::Trim(*patch.short_name);
  if (patch.kind) a.kind = *patch.kind;
  if (patch.level) a.level = *patch.level;
  if (patch.region_code) a.region_code = *patch.region_code;
  if (patch.aliases) a.aliases = *patch.aliases;
  if (patch.active) a.active = *patch.active;
  IPE_RETURN_IF_ERROR(ValidateAgency(a));
  IPE_RETURN_IF_ERROR(RequireRegion(who, a.region_code));
  if (auto st = store.UpdateAgency(a); !st.ok()) return NameTaken(st);
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  {"agency.update", "agency", std::to_string(id),
                                   "修改机构 " + a.name, AgencyJson(before), AgencyJson(a),
                                   AuditScopeOf(a.region_code, a.id)}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return a;
}

core::Result<int64_t> FindAgencyId(Context& ctx, const Principal&, const std::string& name) {
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  IPE_ASSIGN_OR_RETURN(auto ids, AccountsStore(*tx).AgencyIdsByNameOrShortName(name));
  if (ids.empty()) return core::NotFound("机构不存在 (agency not found): " + name);
  if (ids.size() > 1) return core::InvalidArgument("机构简称不唯一，请用全称或编号: " + name);
  return ids[0];
}

core::Result<int> SyncReferenceAgencies(Context& ctx, const std::vector<Agency>& reference) {
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  AccountsStore store(*tx);
  int added = 0;
  for (const Agency& a : reference) {
    IPE_RETURN_IF_ERROR(ValidateAgency(a));
    IPE_ASSIGN_OR_RETURN(auto existing, store.AgencyIdByName(a.name));
    if (existing) continue;  // existing rows belong to their editors now
    Agency stored = a;
    stored.active = true;  // a reference unit is active when it first arrives
    IPE_ASSIGN_OR_RETURN(stored.id, store.InsertAgency(stored, now));
    IPE_RETURN_IF_ERROR(AppendAudit(*tx, Principal::System(), now,
                                    {"agency.sync", "agency", std::to_string(stored.id),
                                     "载入参考机构 " + a.name, std::nullopt, AgencyJson(stored),
                                     AuditScopeOf(stored.region_code, stored.id)}));
    ++added;
  }
  IPE_RETURN_IF_ERROR(tx->Commit());
  return added;
}

}  // namespace ipe::app
