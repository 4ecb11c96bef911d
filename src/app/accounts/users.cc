// Users (用户): accounts, roles, scope, passwords.
// clang-format off
#include <stddef.h>  // crack.h uses size_t without including anything that declares it
#include <crack.h>
// clang-format on

#include <algorithm>
#include <cctype>
#include <mutex>
#include <nlohmann/json.hpp>

#include "app/accounts/accounts.h"
#include "app/accounts/accounts_store.h"
#include "app/accounts/audit.h"
#include "app/crypto.h"
#include "app/demo.h"
#include "core/limits.h"
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

// Scope rules for account management: the user's region and the user's agency must both lie
// inside the admin's region — so only a national admin may create a user with national scope or
// one of a national agency (the leading group's office, a ministry), and a provincial admin
// cannot staff another province's agencies.
core::Status CheckAccountScope(const Principal& who, const Agency& agency,
                               const std::string& region) {
  IPE_RETURN_IF_ERROR(RequireRegion(who, region));
  if (!who.is_system() && !RegionWithin(who.region_code, agency.region_code)) {
    return core::Status(core::PermissionDenied("所属机构不在您的管辖区域内 (agency outside your region)"))
        .AddFieldError("agency_id", "所属机构不在您的管辖区域内");
  }
  return core::Status::Ok();
}

// A user's agency must exist and be active.
core::Status AgencyUnavailable() {
  return core::Status(core::InvalidArgument("所属机构不存在或已停用"))
      .AddFieldError("agency_id", "所属机构不存在或已停用");
}

// Debian's cracklib with its word dictionary: nullptr when the password passes, else the reason
// (English, from cracklib). FascistCheck keeps static state: one caller at a time.
// cracklib alone lets "Password1234" pass (a dictionary word with digits appended), so the
// letters between the leading and trailing digits and symbols are looked up on their own too.
const char* CrackCheck(const std::string& password, const std::string& login) {
  static std::mutex mu;
  std::lock_guard lock(mu);
  const char* dict = GetDefaultCracklibDict();
  if (const char* reason = FascistCheckUser(password.c_str(), dict, login.c_str(), nullptr)) {
    return reason;
  }
  auto is_letter = [](unsigned char c) { return std::isalpha(c) || c >= 0x80; };
  size_t first = 0, last = password.size();
  while (first < last && !is_letter(password[first])) ++first;
  while (last > first && !is_letter(password[last - 1])) --last;
  if (first == 0 && last == password.size()) return nullptr;
  std::string core_word = password.substr(first, last - first);
  const char* reason = FascistCheckUser(core_word.c_str(), dict, login.c_str(), nullptr);
  if (reason && std::string_view(reason).find("dictionary") != std::string_view::npos) {
    return reason;
  }
  return nullptr;
}

// argon2id through the context's gate (64 MiB each): ResourceExhausted when it is full.
core::Result<std::string> GatedHash(Context& ctx, const std::string& password) {
  core::Result<std::string> hash = core::Internal("hash not computed");
  IPE_RETURN_IF_ERROR(ctx.hash_gate().Run([&] { hash = HashPassword(password); }));
  return hash;
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

core::Status CheckPasswordPolicy(const std::string& password, const std::string& login) {
  auto weak = [](std::string message) {
    return core::Status(core::InvalidArgument("密码不符合要求 (weak password)"))
        .AddFieldError("password", std::move(message));
  };
  size_t chars = 0;  // code points, not bytes
  for (unsigned char c : password) {
    if ((c & 0xC0) != 0x80) ++chars;
  }
  if (chars < core::limits::kPasswordMinChars || password.size() > core::limits::kPasswordMaxBytes) {
    return weak("密码须为 " + std::to_string(core::limits::kPasswordMinChars) + "–" +
                std::to_string(core::limits::kPasswordMaxBytes) + " 个字符");
  }
  if (password.find('\0') != std::string::npos) return weak("密码不能包含空字符");
  std::string lower = password;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string login_lower = internal::Trim(login);
  for (char& c : login_lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (!login_lower.empty() && lower.find(login_lower) != std::string::npos) {
    return weak("密码不能包含登录名");
  }
  // The passwords this project publishes (README, demo data) are the first ones anybody tries.
  for (const char* published : {kDemoAdminPassword, kDemoUserPassword}) {
    std::string p = published;
    for (char& c : p) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower.find(p) != std::string::npos) return weak("不能使用演示数据或文档中公开的密码");
  }
  if (const char* reason = CrackCheck(password, login)) {
    return weak(std::string("密码过于简单，容易被猜中 (cracklib: ") + reason + ")");
  }
  return core::Status::Ok();
}

core::Result<User> CreateUser(Context& ctx, const Principal& who, const NewUser& input) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kUserWrite, "新建用户"));
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
  if (auto pw = input.skip_password_policy ? core::Status::Ok()
                                           : CheckPasswordPolicy(input.password, login);
      !pw.ok()) {
    for (const auto& fe : pw.field_errors()) st.AddFieldError(fe.field, fe.message);
    bad = true;
  }
  if (bad) return st;

  // Hash before the transaction: argon2id takes tens of milliseconds.
  std::string hash = input.password_hash;
  if (hash.empty()) {
    IPE_ASSIGN_OR_RETURN(hash, GatedHash(ctx, input.password));
  }
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  AccountsStore store(*tx);
  IPE_ASSIGN_OR_RETURN(std::optional<Agency> agency, store.FindAgency(input.agency_id));
  if (!agency || !agency->active) return AgencyUnavailable();
  std::string region = input.region_code.empty() ? agency->region_code : input.region_code;
  IPE_RETURN_IF_ERROR(CheckAccountScope(who, *agency, region));
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
                                   "新建用户 " + u.login, std::nullopt, UserJson(u),
                                   AuditScopeOf(u.region_code, u.agency_id)}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return u;
}

core::Result<Page<User>> ListUsers(Context& ctx, const Principal& who, const UserFilter& f,
                                   const PageRequest& page) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kUserRead, "查看用户列表"));
  IPE_RETURN_IF_ERROR(page.Validate());
  if (f.role && !ParseRole(*f.role)) {
    return core::Status(core::InvalidArgument("未知角色")).AddFieldError("role", "未知角色");
  }
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  return AccountsStore(*tx).ListUsers(who.region_code, f, page);
}

core::Result<std::vector<User>> ListTransferTeamCandidates(Context& ctx, const Principal& who) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kTransferStart, "启动移送"));
  UserFilter f;
  f.agency_id = who.agency_id;
  f.active = true;
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  IPE_ASSIGN_OR_RETURN(auto page, AccountsStore(*tx).ListUsers(kNationalRegion, f, {1, 200}));
  std::vector<User> out;
  for (User& u : page.items) {
    bool works_cases = std::any_of(u.roles.begin(), u.roles.end(), [](Role r) {
      return r == Role::kOfficer || r == Role::kAgencyHead;
    });
    if (works_cases) out.push_back(std::move(u));
  }
  return out;
}

core::Result<User> GetUser(Context& ctx, const Principal& who, int64_t id) {
  // The role is checked before the user is looked up: a caller who may not view users gets the
  // same answer for an existing id as for a missing one (issue 12 point 5: no enumeration).
  if (who.user_id != id) {
    IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kUserRead, "查看用户"));
  }
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  AccountsStore store(*tx);
  IPE_ASSIGN_OR_RETURN(User u, LoadUser(store, id));
  if (who.user_id != id) {
    // Outside the caller's region the user does not exist for them.
    if (!RegionWithin(who.region_code, u.region_code) && !who.is_system()) {
      return core::NotFound("用户不存在 (user not found): " + std::to_string(id));
    }
  }
  return u;
}

core::Result<User> GetUserByLogin(Context& ctx, const Principal& who, const std::string& login) {
  if (who.login != login) {  // as GetUser: the role first, so no login is confirmed
    IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kUserRead, "查看用户"));
  }
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  IPE_ASSIGN_OR_RETURN(std::optional<User> u, AccountsStore(*tx).FindUserByLogin(login));
  if (!u) return core::NotFound("用户不存在 (user not found): " + login);
  if (who.user_id != u->id) {
    IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kUserRead, "查看用户"));
    if (!RegionWithin(who.region_code, u->region_code) && !who.is_system()) {
      return core::NotFound("用户不存在 (user not found): " + login);
    }
  }
  return *std::move(u);
}

core::Result<User> UpdateUser(Context& ctx, const Principal& who, int64_t id,
                              const UserPatch& patch) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kUserWrite, "修改用户"));
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
  IPE_ASSIGN_OR_RETURN(std::optional<Agency> agency,
                       store.FindAgency(patch.agency_id.value_or(before.agency_id)));
  if (patch.agency_id && (!agency || !agency->active)) return AgencyUnavailable();
  if (!agency) return AgencyUnavailable();
  std::string region = patch.region_code.value_or(before.region_code);
  IPE_RETURN_IF_ERROR(CheckAccountScope(who, *agency, region));
  IPE_RETURN_IF_ERROR(store.UpdateUser(
      id, {patch.display_name ? internal::Trim(*patch.display_name) : before.display_name,
           patch.roles ? roles : before.roles, patch.agency_id.value_or(before.agency_id),
           region, patch.active.value_or(before.active)}));
  if (patch.active && !*patch.active) IPE_RETURN_IF_ERROR(store.DeleteSessionsOf(id));
  IPE_ASSIGN_OR_RETURN(User after, LoadUser(store, id));
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  {"user.update", "user", std::to_string(id),
                                   "修改用户 " + after.login, UserJson(before), UserJson(after),
                                   AuditScopeOf(after.region_code, after.agency_id)}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return after;
}

core::Status SetPassword(Context& ctx, const Principal& who, int64_t id,
                         const std::string& new_password,
                         const std::optional<std::string>& old_password) {
  bool self = who.user_id == id && !who.is_system();
  if (!self) IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kUserWrite, "重置密码"));
  std::optional<UserCredentials> target;
  {
    IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
    IPE_ASSIGN_OR_RETURN(target, AccountsStore(*tx).Credentials(id));
  }
  if (!target ||
      (!who.is_system() && !self && !RegionWithin(who.region_code, target->user.region_code))) {
    return core::NotFound("用户不存在 (user not found): " + std::to_string(id));
  }
  IPE_RETURN_IF_ERROR(CheckPasswordPolicy(new_password, target->user.login));
  // Everyone changing their own password proves they know the old one, admins too: a stolen
  // admin session must not be enough to take the account over (issue 12 point 11).
  if (self) {
    bool old_ok = false;
    if (old_password) {
      IPE_RETURN_IF_ERROR(ctx.hash_gate().Run(
          [&] { old_ok = VerifyPassword(*old_password, target->password_hash); }));
    }
    if (!old_ok) {
      return core::Status(core::InvalidArgument("原密码不正确"))
          .AddFieldError("old_password", "原密码不正确");
    }
  }
  IPE_ASSIGN_OR_RETURN(std::string hash, GatedHash(ctx, new_password));
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  AccountsStore store(*tx);
  IPE_RETURN_IF_ERROR(store.SetPasswordHash(id, hash, now));
  IPE_RETURN_IF_ERROR(store.DeleteSessionsOf(id));
  // A token taken with the old password must not outlive it (issue 12 point 10).
  IPE_RETURN_IF_ERROR(store.RevokeTokensOf(id).status());
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  {"user.password", "user", std::to_string(id),
                                   (self ? "修改密码 " : "重置密码 ") + target->user.login,
                                   std::nullopt, std::nullopt,
                                   AuditScopeOf(target->user.region_code, target->user.agency_id)}));
  return tx->Commit();
}

}  // namespace ipe::app
