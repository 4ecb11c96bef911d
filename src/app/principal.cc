#include "app/principal.h"

#include <algorithm>

namespace ipe::app {

const std::vector<RoleInfo>& AllRoles() {
  static const std::vector<RoleInfo> kRoles = {
      {Role::kAdmin, "admin", "系统管理员", "Administrator"},
      {Role::kOffice, "office", "领导小组办公室", "Leading group office"},
      {Role::kOfficer, "officer", "执法人员", "Enforcement officer"},
      {Role::kAgencyHead, "agency_head", "机关负责人", "Agency head"},
      {Role::kPolice, "police", "公安机关", "Police"},
      {Role::kProsecutor, "prosecutor", "检察机关", "Prosecutor"},
      {Role::kAnalyst, "analyst", "研判分析员", "Analyst"},
      {Role::kAuditor, "auditor", "审计员", "Auditor"},
      {Role::kEnvironment, "environment", "生态环境部门", "Environment department"},
  };
  return kRoles;
}

std::optional<Role> ParseRole(std::string_view code) {
  for (const RoleInfo& r : AllRoles()) {
    if (code == r.code) return r.role;
  }
  return std::nullopt;
}

const char* RoleCode(Role role) {
  for (const RoleInfo& r : AllRoles()) {
    if (r.role == role) return r.code;
  }
  return "unknown";
}

bool Principal::Has(Role r) const {
  return is_system() || std::find(roles.begin(), roles.end(), r) != roles.end();
}

Principal Principal::System() {
  Principal p;
  p.login = "system";
  p.display_name = "系统";
  return p;
}

}  // namespace ipe::app
