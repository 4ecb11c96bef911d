#pragma once
// Who is acting: the authenticated user (or API token owner) with roles and scope.
//
// Scope = the user's agency + the region subtree rooted at region_code (GB/T 2260; "000000" is
// the whole country). Every permission decision is made in app/permissions.cc from a Principal.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ipe::app {

enum class Role {
  kAdmin,       // 系统管理员: accounts and agencies within the region subtree
  kOffice,      // 领导小组办公室: coordinator, sees every agency in the region subtree
  kOfficer,     // 执法人员: works the agency's own records
  kAgencyHead,  // 机关负责人: approves the agency's decisions (transfers)
  kPolice,      // 公安机关
  kProsecutor,  // 检察机关: supervises every agency in the region subtree
  kAnalyst,     // 研判分析员: leads and correlation
  kAuditor,     // 审计员: reads the audit log
  kEnvironment, // 生态环境部门: reads the destructions (plans and results) of its region
};

struct RoleInfo {
  Role role;
  const char* code;
  const char* name_zh;
  const char* name_en;
};

/// Every role, in display order.
const std::vector<RoleInfo>& AllRoles();
std::optional<Role> ParseRole(std::string_view code);
const char* RoleCode(Role role);

inline constexpr const char* kNationalRegion = "000000";

struct Principal {
  int64_t user_id = 0;     // 0 = the system itself (CLI maintenance, migrations)
  std::string login;
  std::string display_name;
  std::vector<Role> roles;
  int64_t agency_id = 0;
  std::string agency_name;
  std::string region_code = kNationalRegion;
  bool via_api_token = false;

  bool Has(Role r) const;
  /// The principal used by trusted maintenance commands run on the server itself.
  static Principal System();
  bool is_system() const { return user_id == 0; }
  /// The user recorded as the actor of a write (audit, timeline, created_by); none for the system.
  std::optional<int64_t> actor_id() const {
    return is_system() ? std::nullopt : std::optional<int64_t>(user_id);
  }
};

}  // namespace ipe::app
