// Users (用户): accounts, roles, scope, passwords.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "app/accounts/accounts.h"
#include "app/accounts/accounts_store.h"
#include "app/accounts/audit.h"
#include "app/crypto.h"
#include "app/internal/text.h"
#include "app/permissions.h"

namespace ipe::app {
namespace {

std::string UserJson(const User& u) {
  std::vector<std::string> roles;
  for (Role r : u.roles) roles.emplace_back(RoleCode(r));
  nlohmann::json j = {{"id", u.id},
                      {"login", u.login},
                      {"display_name", u.display_name},
                      {"roles", roles},
                      {"agency_id", u.agency_id},
                      {"region_code", u.region_code},
                      {"active", u.active}};
  return j.dump();
}

// NotFound when there is no such user.
core::Result<User> LoadUser(AccountsStore& store, int64_t id) {
  IPE_ASSIGN_OR_RETURN(std::optional<User> user, store.FindUser(id));
  if (!user) return core::NotFound("用户不存在 (user not found): " + std::to_string(id));
  return *std::move(user);
}

// Parses role codes into roles, adding field errors for unknown or repeated ones.
std::vector<Role> ParseRoles(const std::vector<std::string>& codes, core::Status& st, bool& bad) {
  std::vector<Role> roles;
  if (codes.empty()) {
    st.AddFieldError("roles", "至少选择一个角色");
    bad = true;
  }
  for (const std::string& code : codes) {
    auto r = ParseRole(code);
    if (!r) {
      st.AddFieldError("roles", "未知角色: " + code);
      bad = true;
    } else if (std::find(roles.begin(), roles.end(), *r) == roles.end()) {
      roles.push_back(*r);
    }
  }
  return roles;
}

// Scope rules for account management: the target region must be inside the admin's region, and
// only a national admin may create another admin with national scope.
core::Status CheckAccountScope(const Principal& who, const std::string& region) {
  return RequireRegion(who, region);
}

// A user's agency must exist and be active.
core::Status AgencyUnavailable() {
  return core::Status(core::InvalidArgument("所属机构不存在或已停用"))
      .AddFieldError("agency_id", "所属机构不存在或已停用");
}

bool IsValidLogin(const std::string& login) {
  if (login.size() < 3 || login.size() > 64) return false;
  for (char c : login) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
              c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

core::Status CheckPasswordPolicy(const std::string& password) {
  size_t chars = 0;  // code points, not bytes
  bool lower = false, upper = false, digit = false, other = false;
  for (unsigned char c : password) {
    if ((c & 0xC0) != 0x80) ++chars;
    if (c >= 'a' && c <= 'z') {
      lower = true;
    } else if (c >= 'A' && c <= 'Z') {
      upper = true;
    } else if (c >= '0' && c <= '9') {
      digit = true;
    } else {
      other = true;
    }
  }
  int classes = lower + upper + digit + other;
  if (chars < 10 || chars > 128 || classes < 3) {
    return core::Status(core::InvalidArgument("密码不符合要求 (weak password)"))
        .AddFieldError("password", "密码须为 10–128 个字符，且包含小写字母、大写字母、数字、符号中的至少三类");
  }
  return core::Status::Ok();
}

core::Result<User> CreateUser(Context& ctx, const Principal& who, const NewUser& input) {
  IPE_RETURN_IF_ERROR(RequireAnyRole(who, {Role::kAdmin}, "新建用户"));
  core::Status st = core::InvalidArgument("用户信息有误 (invalid user)");
  bool bad = false;
  std::string login = internal::Trim(input.login);
  std::string display_name = internal::Trim(input.display_name);
  if (!IsValidLogin(login)) {
    st.AddFieldError("login", "登录名须为 3–64 位小写字母、数字或 . _ -");
    bad = true;
  }
  if (display_name.empty() || display_name.size() > 100) {
    st.AddFieldError("display_name", "姓名不能为空且不超过 100 字节");
    bad = true;
  }
  std::vector<Role> roles = ParseRoles(input.roles, st, bad);
  if (input.agency_id <= 0) {
    st.AddFieldError("agency_id", "请选择所属机构");
    bad = true;
  }
  if (!input.region_code.empty() && !internal::IsRegionCode(input.region_code)) {
    st.AddFieldError("region_code", "行政区划代码应为 6 位数字");
    bad = true;
  }
  if (auto pw = CheckPasswordPolicy(input.password); !pw.ok()) {
    for (const auto& fe : pw.field_errors()) st.AddFieldError(fe.field, fe.message);
    bad = true;
  }
  if (bad) return st;

  // Hash before the transaction: argon2id takes tens of milliseconds.
  IPE_ASSIGN_OR_RETURN(std::string hash, HashPassword(input.password));
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  AccountsStore store(*tx);
  IPE_ASSIGN_OR_RETURN(std::optional<Agency> agency, store.FindAgency(input.agency_id));
  if (!agency || !agency->active) return AgencyUnavailable();
  std::string region = input.region_code.empty() ? agency->region_code : input.region_code;
  IPE_RETURN_IF_ERROR(CheckAccountScope(who, region));
  auto inserted =
      store.InsertUser({login, display_name, hash, input.agency_id, region, roles, now});
  if (!inserted) {
    if (inserted.error().code() == core::StatusCode::kAlreadyExists) {
      return core::Status(core::AlreadyExists("登录名已被使用 (login taken)"))
          .AddFieldError("login", "登录名已被使用");
    }
    return inserted.error();
  }
  IPE_ASSIGN_OR_RETURN(User u, LoadUser(store, *inserted));
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  {"user.create", "user", std::to_string(u.id),
                                   "新建用户 " + u.login, std::nullopt, UserJson(u)}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return u;
}

core::Result<Page<User>> ListUsers(Context& ctx, const Principal& who, const UserFilter& f,
                                   const PageRequest& page) {
  IPE_RETURN_IF_ERROR(
      RequireAnyRole(who, {Role::kAdmin, Role::kOffice, Role::kAuditor}, "查看用户列表"));
  IPE_RETURN_IF_ERROR(page.Validate());
  if (f.role && !ParseRole(*f.role)) {
    return core::Status(core::InvalidArgument("未知角色")).AddFieldError("role", "未知角色");
  }
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  return AccountsStore(*tx).ListUsers(who.region_code, f, page);
}

core::Result<User> GetUser(Context& ctx, const Principal& who, int64_t id) {
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  AccountsStore store(*tx);
  IPE_ASSIGN_OR_RETURN(User u, LoadUser(store, id));
  if (who.user_id != id) {
    IPE_RETURN_IF_ERROR(
        RequireAnyRole(who, {Role::kAdmin, Role::kOffice, Role::kAuditor}, "查看用户"));
    // Outside the caller's region the user does not exist for them.
    if (!RegionWithin(who.region_code, u.region_code) && !who.is_system()) {
      return core::NotFound("用户不存在 (user not found): " + std::to_string(id));
    }
  }
  return u;
}

core::Result<User> GetUserByLogin(Context& ctx, const Principal& who, const std::string& login) {
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  IPE_ASSIGN_OR_RETURN(std::optional<User> u, AccountsStore(*tx).FindUserByLogin(login));
  if (!u) return core::NotFound("用户不存在 (user not found): " + login);
  if (who.user_id != u->id) {
    IPE_RETURN_IF_ERROR(
        RequireAnyRole(who, {Role::kAdmin, Role::kOffice, Role::kAuditor}, "查看用户"));
    if (!RegionWithin(who.region_code, u->region_code) && !who.is_system()) {
      return core::NotFound("用户不存在 (user not found): " + login);
    }
  }
  return *std::move(u);
}

core::Result<User> UpdateUser(Context& ctx, const Principal& who, int64_t id,
                              const UserPatch& patch) {
  IPE_RETURN_IF_ERROR(RequireAnyRole(who, {Role::kAdmin}, "修改用户"));
  core::Status st = core::InvalidArgument("用户信息有误 (invalid user)");
  bool bad = false;
  std::vector<Role> roles;
  if (patch.roles) roles = ParseRoles(*patch.roles, st, bad);
  if (patch.display_name &&
      (internal::Trim(*patch.display_name).empty() || patch.display_name->size() > 100)) {
    st.AddFieldError("display_name", "姓名不能为空且不超过 100 字节");
    bad = true;
  }
  if (patch.region_code && !internal::IsRegionCode(*patch.region_code)) {
    st.AddFieldError("region_code", "行政区划代码应为 6 位数字");
    bad = true;
  }
  if (patch.active && !*patch.active && id == who.user_id) {
    st.AddFieldError("active", "不能停用自己的账号");
    bad = true;
  }
  if (bad) return st;

  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  AccountsStore store(*tx);
  IPE_ASSIGN_OR_RETURN(User before, LoadUser(store, id));
  if (!who.is_system() && !RegionWithin(who.region_code, before.region_code)) {
    return core::NotFound("用户不存在 (user not found): " + std::to_string(id));
  }
  if (patch.agency_id) {
    IPE_ASSIGN_OR_RETURN(std::optional<Agency> agency, store.FindAgency(*patch.agency_id));
    if (!agency || !agency->active) return AgencyUnavailable();
  }
  std::string region = patch.region_code.value_or(before.region_code);
  IPE_RETURN_IF_ERROR(CheckAccountScope(who, region));
  IPE_RETURN_IF_ERROR(store.UpdateUser(
      id, {patch.display_name ? internal::Trim(*patch.display_name) : before.display_name,
           patch.roles ? roles : before.roles, patch.agency_id.value_or(before.agency_id),
           region, patch.active.value_or(before.active)}));
  if (patch.active && !*patch.active) IPE_RETURN_IF_ERROR(store.DeleteSessionsOf(id));
  IPE_ASSIGN_OR_RETURN(User after, LoadUser(store, id));
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  {"user.update", "user", std::to_string(id),
                                   "修改用户 " + after.login, UserJson(before), UserJson(after)}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return after;
}

core::Status SetPassword(Context& ctx, const Principal& who, int64_t id,
                         const std::string& new_password,
                         const std::optional<std::string>& old_password) {
  bool self = who.user_id == id && !who.is_system();
  if (!self) IPE_RETURN_IF_ERROR(RequireAnyRole(who, {Role::kAdmin}, "重置密码"));
  IPE_RETURN_IF_ERROR(CheckPasswordPolicy(new_password));
  IPE_ASSIGN_OR_RETURN(std::string hash, HashPassword(new_password));
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  AccountsStore store(*tx);
  IPE_ASSIGN_OR_RETURN(std::optional<UserCredentials> target, store.Credentials(id));
  if (!target ||
      (!who.is_system() && !self && !RegionWithin(who.region_code, target->user.region_code))) {
    return core::NotFound("用户不存在 (user not found): " + std::to_string(id));
  }
  if (self && !who.Has(Role::kAdmin)) {
    if (!old_password || !VerifyPassword(*old_password, target->password_hash)) {
      return core::Status(core::InvalidArgument("原密码不正确"))
          .AddFieldError("old_password", "原密码不正确");
    }
  }
  IPE_RETURN_IF_ERROR(store.SetPasswordHash(id, hash, now));
  IPE_RETURN_IF_ERROR(store.DeleteSessionsOf(id));
  // A token taken with the old password must not outlive it (issue 12 point 10).
  IPE_RETURN_IF_ERROR(store.RevokeTokensOf(id).status());
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  {"user.password", "user", std::to_string(id),
                                   (self ? "修改密码 " : "重置密码 ") + target->user.login,
                                   std::nullopt, std::nullopt}));
  return tx->Commit();
}

}  // namespace ipe::app
