// Agencies (机构): reference member units and local agencies.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "app/accounts/accounts.h"
#include "app/accounts/audit.h"
#include "app/internal/text.h"
#include "app/permissions.h"

namespace ipe::app {
namespace {

using storage::Params;
using storage::Row;

constexpr const char* kAgencyColumns =
    "id, name, short_name, kind, level, region_code, aliases, active";

Agency AgencyFromRow(const Row& row) {
  Agency a;
  a.id = row.Int(0);
  a.name = row.Text(1);
  a.short_name = row.Text(2);
  a.kind = row.Text(3);
  a.level = row.Text(4);
  a.region_code = row.Text(5);
  a.aliases = internal::Split(row.Text(6), '|');
  a.active = row.Int(7) != 0;
  return a;
}

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

core::Result<Agency> LoadAgency(storage::Tx& tx, int64_t id) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx.Query(std::string("SELECT ") + kAgencyColumns +
                                               " FROM agencies WHERE id = ?",
                                           {id}));
  if (rows.empty()) return core::NotFound("机构不存在 (agency not found): " + std::to_string(id));
  return AgencyFromRow(rows[0]);
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
  std::string where = " WHERE 1 = 1";
  Params params;
  if (f.q && !f.q->empty()) {
    where += " AND " + internal::ContainsSql({"name", "short_name", "aliases"}, *f.q, params);
  }
  if (f.region) {
    if (!internal::IsRegionCode(*f.region)) {
      return core::Status(core::InvalidArgument("行政区划代码有误"))
          .AddFieldError("region", "行政区划代码应为 6 位数字");
    }
    where += " AND " + internal::RegionSubtreeSql("region_code", *f.region, params);
  }
  if (f.level) {
    where += " AND level = ?";
    params.emplace_back(*f.level);
  }
  if (f.active) {
    where += " AND active = ?";
    params.emplace_back(*f.active);
  }
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  IPE_ASSIGN_OR_RETURN(auto count, tx->Query("SELECT count(*) FROM agencies" + where, params));
  params.emplace_back(page.page_size);
  params.emplace_back(page.offset());
  IPE_ASSIGN_OR_RETURN(auto rows, tx->Query(std::string("SELECT ") + kAgencyColumns +
                                                " FROM agencies" + where +
                                                " ORDER BY region_code, id LIMIT ? OFFSET ?",
                                            params));
  Page<Agency> out;
  out.total = count[0].Int(0);
  out.page = page.page;
  out.page_size = page.page_size;
  for (const Row& r : rows) out.items.push_back(AgencyFromRow(r));
  return out;
}

core::Result<Agency> GetAgency(Context& ctx, const Principal&, int64_t id) {
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  return LoadAgency(*tx, id);
}

core::Result<Agency> CreateAgency(Context& ctx, const Principal& who, const Agency& input) {
  IPE_RETURN_IF_ERROR(RequireAnyRole(who, {Role::kAdmin}, "新建机构"));
  Agency a = input;
  a.name = internal::Trim(a.name);
  a.short_name = internal::Trim(a.short_name);
  IPE_RETURN_IF_ERROR(ValidateAgency(a));
  IPE_RETURN_IF_ERROR(RequireRegion(who, a.region_code));
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  auto inserted = tx->Query(
      "INSERT INTO agencies (name, short_name, kind, level, region_code, aliases, active, "
      "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {a.name, a.short_name, a.kind, a.level, a.region_code, internal::Join(a.aliases, '|'),
       a.active, now.seconds});
  if (!inserted) {
    if (inserted.error().code() == core::StatusCode::kAlreadyExists) {
      return core::Status(core::AlreadyExists("机构名称已存在 (agency name taken)"))
          .AddFieldError("name", "机构名称已存在");
    }
    return inserted.error();
  }
  a.id = (*inserted)[0].Int(0);
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  {"agency.create", "agency", std::to_string(a.id),
                                   "新建机构 " + a.name, std::nullopt, AgencyJson(a)}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return a;
}

core::Result<Agency> UpdateAgency(Context& ctx, const Principal& who, int64_t id,
                                  const AgencyPatch& patch) {
  IPE_RETURN_IF_ERROR(RequireAnyRole(who, {Role::kAdmin}, "修改机构"));
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  IPE_ASSIGN_OR_RETURN(Agency before, LoadAgency(*tx, id));
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
  auto updated = tx->Exec(
      "UPDATE agencies SET name = ?, short_name = ?, kind = ?, level = ?, region_code = ?, "
      "aliases = ?, active = ? WHERE id = ?",
      {a.name, a.short_name, a.kind, a.level, a.region_code, internal::Join(a.aliases, '|'),
       a.active, id});
  if (!updated) {
    if (updated.error().code() == core::StatusCode::kAlreadyExists) {
      return core::Status(core::AlreadyExists("机构名称已存在 (agency name taken)"))
          .AddFieldError("name", "机构名称已存在");
    }
    return updated.error();
  }
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  {"agency.update", "agency", std::to_string(id),
                                   "修改机构 " + a.name, AgencyJson(before), AgencyJson(a)}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return a;
}

core::Result<int> SyncReferenceAgencies(Context& ctx, const std::vector<Agency>& reference) {
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  int added = 0;
  for (const Agency& a : reference) {
    IPE_RETURN_IF_ERROR(ValidateAgency(a));
    IPE_ASSIGN_OR_RETURN(auto rows, tx->Query("SELECT id FROM agencies WHERE name = ?", {a.name}));
    if (!rows.empty()) continue;  // existing rows belong to their editors now
    IPE_ASSIGN_OR_RETURN(
        auto ins, tx->Query("INSERT INTO agencies (name, short_name, kind, level, region_code, "
                            "aliases, active, created_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?) "
                            "RETURNING id",
                            {a.name, a.short_name, a.kind, a.level, a.region_code,
                             internal::Join(a.aliases, '|'), now.seconds}));
    Agency stored = a;
    stored.id = ins[0].Int(0);
    IPE_RETURN_IF_ERROR(AppendAudit(*tx, Principal::System(), now,
                                    {"agency.sync", "agency", std::to_string(stored.id),
                                     "载入参考机构 " + a.name, std::nullopt, AgencyJson(stored)}));
    ++added;
  }
  IPE_RETURN_IF_ERROR(tx->Commit());
  return added;
}

}  // namespace ipe::app
