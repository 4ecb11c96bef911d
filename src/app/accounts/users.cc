// Users (用户): accounts, roles, scope, passwords.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "app/accounts/accounts.h"
#include "app/accounts/audit.h"
#include "app/crypto.h"
#include "app/internal/text.h"
#include "app/internal/users_internal.h"
#include "app/permissions.h"

namespace ipe::app {
namespace internal {

const char* const kUserColumns =
    "u.id, u.login, u.display_name, u.roles, u.agency_id, a.name, u.region_code, u.active, "
    "u.created_at";
const char* const kUserFrom = " FROM users u JOIN agencies a ON a.id = u.agency_id";

User UserFromRow(const storage::Row& row, size_t first) {
  User u;
  u.id = row.Int(first + 0);
  u.login = row.Text(first + 1);
  u.display_name = row.Text(first + 2);
  for (const std::string& code : Split(row.Text(first + 3), ',')) {
    if (auto r = ParseRole(code)) u.roles.push_back(*r);
  }
  u.agency_id = row.Int(first + 4);
  u.agency_name = row.Text(first + 5);
  u.region_code = row.Text(first + 6);
  u.active = row.Int(first + 7) != 0;
  u.created_at = core::Timestamp{row.Int(first + 8)};
  return u;
}

Principal PrincipalFromUser(const User& u) {
  Principal p;
  p.user_id = u.id;
  p.login = u.login;
  p.display_name = u.display_name;
  p.roles = u.roles;
  p.agency_id = u.agency_id;
  p.agency_name = u.agency_name;
  p.region_code = u.region_code;
  return p;
}

}  // namespace internal

namespace {

using internal::kUserColumns;
using internal::kUserFrom;
using internal::UserFromRow;
using storage::Params;
using storage::Row;

std::string RolesText(const std::vector<Role>& roles) {
  std::vector<std::string> codes;
  for (Role r : roles) codes.emplace_back(RoleCode(r));
  return internal::Join(codes, ',');
}

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

core::Result<User> LoadUser(storage::Tx& tx, int64_t id) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx.Query(std::string("SELECT ") + kUserColumns + kUserFrom +
                                               " WHERE u.id = ?",
                                           {id}));
  if (rows.empty()) return core::NotFound("用户不存在 (user not found): " + std::to_string(id));
  return UserFromRow(rows[0], 0);
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

bool IsValidLogin(const std::string& login) {
  if (login.size() < 3 || login.size() > 64) return false;
  for (char c : login) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
              c == '-';
    if (!ok) return false;
  }
  return true;
}

core::Status EndSessions(storage::Tx& tx, int64_t user_id) {
  return tx.Exec("DELETE FROM sessions WHERE user_id = ?", {user_id}).status();
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
  IPE_ASSIGN_OR_RETURN(auto agency,
                       tx->Query("SELECT region_code, active FROM agencies WHERE id = ?",
                                 {input.agency_id}));
  if (agency.empty() || agency[0].Int(1) == 0) {
    return core::Status(core::InvalidArgument("所属机构不存在或已停用"))
        .AddFieldError("agency_id", "所属机构不存在或已停用");
  }
  std::string region = input.region_code.empty() ? agency[0].Text(0) : input.region_code;
  IPE_RETURN_IF_ERROR(CheckAccountScope(who, region));
  auto inserted = tx->Query(
      "INSERT INTO users (login, display_name, password_hash, agency_id, region_code, roles, "
      "active, created_at, password_changed_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id",
      {login, display_name, hash, input.agency_id, region, RolesText(roles), now.seconds,
       now.seconds});
  if (!inserted) {
    if (inserted.error().code() == core::StatusCode::kAlreadyExists) {
      return core::Status(core::AlreadyExists("登录名已被使用 (login taken)"))
          .AddFieldError("login", "登录名已被使用");
    }
    return inserted.error();
  }
  IPE_ASSIGN_OR_RETURN(User u, LoadUser(*tx, (*inserted)[0].Int(0)));
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
  Params params;
  std::string where = " WHERE " + internal::RegionSubtreeSql("u.region_code", who.region_code, params);
  if (f.q && !f.q->empty()) {
    where += " AND " + internal::ContainsSql({"u.login", "u.display_name"}, *f.q, params);
  }
  if (f.agency_id) {
    where += " AND u.agency_id = ?";
    params.emplace_back(*f.agency_id);
  }
  if (f.role) {
    if (!ParseRole(*f.role)) {
      return core::Status(core::InvalidArgument("未知角色")).AddFieldError("role", "未知角色");
    }
    // roles is a ','-separated list: match the code as a whole element.
    where += " AND (',' || u.roles || ',') LIKE ? ESCAPE '\\'";
    params.emplace_back("%," + *f.role + ",%");
  }
  if (f.active) {
    where += " AND u.active = ?";
    params.emplace_back(*f.active);
  }
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  IPE_ASSIGN_OR_RETURN(auto count, tx->Query(std::string("SELECT count(*)") + kUserFrom + where,
                                             params));
  params.emplace_back(page.page_size);
  params.emplace_back(page.offset());
  IPE_ASSIGN_OR_RETURN(auto rows, tx->Query(std::string("SELECT ") + kUserColumns + kUserFrom +
                                                where + " ORDER BY u.id LIMIT ? OFFSET ?",
                                            params));
  Page<User> out;
  out.total = count[0].Int(0);
  out.page = page.page;
  out.page_size = page.page_size;
  for (const Row& r : rows) out.items.push_back(UserFromRow(r, 0));
  return out;
}

core::Result<User> GetUser(Context& ctx, const Principal& who, int64_t id) {
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  IPE_ASSIGN_OR_RETURN(User u, LoadUser(*tx, id));
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
  IPE_ASSIGN_OR_RETURN(User before, LoadUser(*tx, id));
  if (!who.is_system() && !RegionWithin(who.region_code, before.region_code)) {
    return core::NotFound("用户不存在 (user not found): " + std::to_string(id));
  }
  if (patch.agency_id) {
    IPE_ASSIGN_OR_RETURN(auto agency, tx->Query("SELECT active FROM agencies WHERE id = ?",
                                                {*patch.agency_id}));
    if (agency.empty() || agency[0].Int(0) == 0) {
      return core::Status(core::InvalidArgument("所属机构不存在或已停用"))
          .AddFieldError("agency_id", "所属机构不存在或已停用");
    }
  }
  std::string region = patch.region_code.value_or(before.region_code);
  IPE_RETURN_IF_ERROR(CheckAccountScope(who, region));
  IPE_RETURN_IF_ERROR(
      tx->Exec("UPDATE users SET display_name = ?, roles = ?, agency_id = ?, region_code = ?, "
               "active = ? WHERE id = ?",
               {patch.display_name ? internal::Trim(*patch.display_name) : before.display_name,
                patch.roles ? RolesText(roles) : RolesText(before.roles),
                patch.agency_id.value_or(before.agency_id), region,
                patch.active.value_or(before.active), id})
          .status());
  if (patch.active && !*patch.active) IPE_RETURN_IF_ERROR(EndSessions(*tx, id));
  IPE_ASSIGN_OR_RETURN(User after, LoadUser(*tx, id));
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
  IPE_ASSIGN_OR_RETURN(auto rows, tx->Query("SELECT password_hash, region_code, login FROM users "
                                            "WHERE id = ?",
                                            {id}));
  if (rows.empty() || (!who.is_system() && !self && !RegionWithin(who.region_code, rows[0].Text(1)))) {
    return core::NotFound("用户不存在 (user not found): " + std::to_string(id));
  }
  if (self && !who.Has(Role::kAdmin)) {
    if (!old_password || !VerifyPassword(*old_password, rows[0].Text(0))) {
      return core::Status(core::InvalidArgument("原密码不正确"))
          .AddFieldError("old_password", "原密码不正确");
    }
  }
  IPE_RETURN_IF_ERROR(tx->Exec("UPDATE users SET password_hash = ?, password_changed_at = ? "
                               "WHERE id = ?",
                               {hash, now.seconds, id})
                          .status());
  IPE_RETURN_IF_ERROR(EndSessions(*tx, id));
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  {"user.password", "user", std::to_string(id),
                                   (self ? "修改密码 " : "重置密码 ") + rows[0].Text(2),
                                   std::nullopt, std::nullopt}));
  return tx->Commit();
}

}  // namespace ipe::app
