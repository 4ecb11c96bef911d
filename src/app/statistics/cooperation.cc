// 区域协作组 use cases (cooperation.h).
#include "app/statistics/cooperation.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "app/accounts/audit.h"
#include "app/internal/text.h"
#include "app/permissions.h"
#include "core/limits.h"
#include "core/region.h"

namespace ipe::app {

namespace {

constexpr size_t kMaxNameChars = 60;

nlohmann::json AuditJson(const CooperationGroup& g) {
  nlohmann::json members = nlohmann::json::array();
  for (const CooperationMember& m : g.members) {
    members.push_back({{"region_code", m.region_code}, {"source", m.source}, {"confidence", m.confidence}});
  }
  return {{"id", g.id}, {"key", g.key}, {"name", g.name}, {"basis", g.basis}, {"members", members}};
}

// The validated name, basis and member codes (sorted), or InvalidArgument with field errors.
core::Result<CooperationGroupInput> Validate(const CooperationGroupInput& in) {
  core::Status st = core::InvalidArgument("协作组信息有误 (invalid cooperation group)");
  CooperationGroupInput out;
  out.name = internal::Trim(in.name);
  if (std::string p = internal::TextProblem(out.name, kMaxNameChars, true); !p.empty()) st.AddFieldError("name", p);
  out.basis = internal::Trim(in.basis);
  if (std::string p = internal::TextProblem(out.basis, core::limits::kDescriptionChars, false); !p.empty()) {
    st.AddFieldError("basis", p);
  }
  std::set<std::string> seen;
  for (const std::string& raw : in.members) {
    std::string code = internal::Trim(raw);
    const core::Region* r = core::Regions().Find(code);
    if (!r || r->level != core::RegionLevel::kProvince) {
      st.AddFieldError("members", "不是省级行政区划代码：" + code);
      continue;
    }
    if (!seen.insert(code).second) st.AddFieldError("members", "成员重复：" + r->name);
  }
  if (seen.size() < 2) st.AddFieldError("members", "协作组至少包括两个省级行政区");
  if (!st.field_errors().empty()) return st;
  out.members.assign(seen.begin(), seen.end());
  return out;
}

// The members for the codes: kept ones keep their source, new ones are the office's.
std::vector<CooperationMember> MembersOf(const std::vector<std::string>& codes,
                                         const std::vector<CooperationMember>& before,
                                         const Principal& who, core::Timestamp now) {
  std::vector<CooperationMember> out;
  for (const std::string& code : codes) {
    auto kept = std::find_if(before.begin(), before.end(),
                             [&](const CooperationMember& m) { return m.region_code == code; });
    if (kept != before.end()) {
      out.push_back(*kept);
    } else {
      out.push_back({code, who.agency_name + "于 " + core::LocalDate(now).ToString() + " 设定", "office"});
    }
  }
  return out;
}

}  // namespace

core::Status RequireNationalOffice(const Principal& who, Capability c, std::string_view action_zh) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, c, action_zh));
  if (!who.is_system() && who.region_code != core::kNationalRegionCode) {
    return core::PermissionDenied("跨省份的协作与公开事项由全国领导小组办公室办理 (national office only)");
  }
  return core::Status::Ok();
}

core::Result<Page<CooperationGroup>> ListCooperationGroups(Context& ctx, const Principal& who,
                                                           const PageRequest& page) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kStatisticsRead, "查看区域协作组"));
  IPE_RETURN_IF_ERROR(page.Validate());
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  return CooperationStore(*tx).List(page);
}

core::Result<CooperationGroup> GetCooperationGroup(Context& ctx, const Principal& who, int64_t id) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kStatisticsRead, "查看区域协作组"));
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  return CooperationStore(*tx).Load(id);
}

core::Result<CooperationGroup> CreateCooperationGroup(Context& ctx, const Principal& who,
                                                      const CooperationGroupInput& in) {
  IPE_RETURN_IF_ERROR(RequireNationalOffice(who, Capability::kCooperationManage, "维护区域协作组"));
  IPE_ASSIGN_OR_RETURN(CooperationGroupInput v, Validate(in));
  core::Timestamp now = ctx.Now();
  CooperationGroup g;
  g.name = v.name;
  g.basis = v.basis;
  g.members = MembersOf(v.members, {}, who, now);
  g.created_at = now;
  g.updated_at = now;
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  auto id = CooperationStore(*tx).Insert(g);
  if (!id && id.error().code() == core::StatusCode::kAlreadyExists) {
    return core::AlreadyExists("已有同名协作组：" + g.name);
  }
  IPE_RETURN_IF_ERROR(id.status());
  g.id = *id;
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  AuditEvent{"cooperation_group.create", "cooperation_group", std::to_string(g.id),
                                             "新建区域协作组：" + g.name, std::nullopt, AuditJson(g).dump()}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return g;
}

core::Result<CooperationGroup> UpdateCooperationGroup(Context& ctx, const Principal& who, int64_t id,
                                                      const CooperationGroupInput& in, int64_t version) {
  IPE_RETURN_IF_ERROR(RequireNationalOffice(who, Capability::kCooperationManage, "维护区域协作组"));
  IPE_ASSIGN_OR_RETURN(CooperationGroupInput v, Validate(in));
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  CooperationStore store(*tx);
  IPE_ASSIGN_OR_RETURN(CooperationGroup before, store.Load(id, true));
  if (before.version != version) return core::FailedPrecondition("协作组已被他人修改，请刷新后重试");
  CooperationGroup after = before;
  after.name = v.name;
  after.basis = v.basis;
  after.members = MembersOf(v.members, before.members, who, now);
  core::Status st = store.Update(after, version, now);
  if (st.code() == core::StatusCode::kAlreadyExists) return core::AlreadyExists("已有同名协作组：" + after.name);
  IPE_RETURN_IF_ERROR(st);
  after.version = version + 1;
  after.updated_at = now;
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  AuditEvent{"cooperation_group.update", "cooperation_group", std::to_string(id),
                                             "修改区域协作组：" + after.name, AuditJson(before).dump(),
                                             AuditJson(after).dump()}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return after;
}

core::Result<CooperationGroupFigure> CooperationFigure(Context& ctx, const Principal& who, int64_t id,
                                                       const statistics::FigureRequest& request) {
  IPE_ASSIGN_OR_RETURN(CooperationGroup group, GetCooperationGroup(ctx, who, id));
  FigureQuery q;
  q.request = request;
  q.request.group = "province";
  IPE_ASSIGN_OR_RETURN(Figure figure, QueryFigure(ctx, who, q));
  std::map<std::string, const statistics::FigureRow*> by_province;
  for (const LabelledRow& r : figure.rows) by_province[r.row.key] = &r.row;
  CooperationGroupFigure out;
  std::vector<statistics::FigureRow> counted;
  for (const CooperationMember& m : group.members) {
    CooperationMemberFigure mf;
    mf.member = m;
    const core::Region* region = core::Regions().Find(m.region_code);
    mf.name = region ? region->name : m.region_code;
    mf.has_records = region && !core::Regions().Children(m.region_code).empty();
    mf.in_scope = RegionWithin(who.region_code, m.region_code) || RegionWithin(m.region_code, who.region_code);
    if (mf.has_records && mf.in_scope) {
      auto found = by_province.find(m.region_code);
      // A province without cells has counted nothing: the figure of no rows.
      mf.row = found != by_province.end() ? *found->second : statistics::Total(figure.plan, {});
      mf.row->key = m.region_code;
      counted.push_back(*mf.row);
    }
    out.members.push_back(std::move(mf));
  }
  out.total = statistics::Total(figure.plan, counted);
  out.group = std::move(group);
  out.figure = std::move(figure);
  return out;
}

}  // namespace ipe::app
