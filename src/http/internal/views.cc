#include "http/internal/views.h"

#include "app/permissions.h"
#include "core/region.h"

namespace ipe::http::internal {

Json RegionJson(const std::string& code) {
  std::string name;
  if (code == app::kNationalRegion) {
    name = "全国";
  } else if (const core::Region* r = core::Regions().Find(code)) {
    name = core::Regions().FullName(code);
    if (name.empty()) name = r->name;
  }
  return Json{{"code", code}, {"name", name}};
}

namespace {

Json RoleCodes(const std::vector<app::Role>& roles) {
  Json out = Json::array();
  for (app::Role r : roles) out.push_back(app::RoleCode(r));
  return out;
}

}  // namespace

Json UserJson(const app::User& u) {
  return Json{{"id", u.id},
              {"login", u.login},
              {"display_name", u.display_name},
              {"roles", RoleCodes(u.roles)},
              {"agency", {{"id", u.agency_id}, {"name", u.agency_name}}},
              {"region", RegionJson(u.region_code)},
              {"active", u.active},
              {"created_at", u.created_at.ToString()}};
}

Json PrincipalJson(const app::Principal& p) {
  return Json{{"id", p.user_id},
              {"login", p.login},
              {"display_name", p.display_name},
              {"roles", RoleCodes(p.roles)},
              {"agency", {{"id", p.agency_id}, {"name", p.agency_name}}},
              {"region", RegionJson(p.region_code)},
              // Whose records the lists show: every agency of the region, or the caller's own
              // (the UI says which when a list is empty).
              {"sees_whole_region", app::SeesWholeRegion(p)},
              {"active", true}};
}

Json AgencyJson(const app::Agency& a) {
  Json region = RegionJson(a.region_code);
  return Json{{"id", a.id},
              {"name", a.name},
              {"short_name", a.short_name},
              {"kind", a.kind},
              {"level", a.level},
              {"region_code", a.region_code},
              {"region_name", region["name"]},
              {"aliases", a.aliases},
              {"active", a.active}};
}

Schema RoleEnum() {
  std::vector<std::pair<std::string, std::string>> codes;
  for (const app::RoleInfo& r : app::AllRoles()) codes.emplace_back(r.code, r.name_zh);
  return EnumPairs(std::move(codes));
}

Schema RegionRef(Router& r) {
  return r.Component("Region", Obj({{"code", Str().Describe("行政区划代码 (region code)")
                                                  .Example("\"310000\"")},
                                    {"name", Str().Describe("全称；未知代码为空 (full name)")}}));
}

Schema UserRef(Router& r) {
  return r.Component("User", Obj({{"id", Int()},
                                  {"login", Str()},
                                  {"display_name", Str()},
                                  {"roles", Arr(RoleEnum())},
                                  {"agency", IdName()},
                                  {"region", RegionRef(r)},
                                  {"active", Bool()},
                                  {"created_at", DateTime()}}));
}

Schema PrincipalRef(Router& r) {
  return r.Component(
      "Principal",
      Obj({{"id", Int()},
           {"login", Str()},
           {"display_name", Str()},
           {"roles", Arr(RoleEnum())},
           {"agency", IdName()},
           {"region", RegionRef(r)},
           {"sees_whole_region",
            Bool().Describe("列表显示本区域所有机关的记录，否则只显示本机关的 (scope of lists)")},
           {"active", Bool()}}));
}

Schema AgencyRef(Router& r) {
  return r.Component("Agency", Obj({{"id", Int()},
                                    {"name", Str()},
                                    {"short_name", Str()},
                                    {"kind", Str()},
                                    {"level", Str()},
                                    {"region_code", Str()},
                                    {"region_name", Str()},
                                    {"aliases", Arr(Str())},
                                    {"active", Bool()}}));
}

}  // namespace ipe::http::internal
