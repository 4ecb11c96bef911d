// Login sessions and API tokens.
#include <nlohmann/json.hpp>

#include "app/accounts/accounts.h"
#include "app/accounts/accounts_store.h"
#include "app/accounts/audit.h"
#include "app/accounts/login_limiter.h"
#include "app/crypto.h"
#include "app/internal/text.h"
#include "app/permissions.h"
#include "core/limits.h"

namespace ipe::app {
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

namespace {

// A valid argon2id hash of a random password: verifying against it when the login is unknown
// makes "no such user" cost the same time as "wrong password".
const std::string& DummyHash() {
  static const std::string hash = [] {
    auto h = HashPassword(RandomHex(16));
    return h ? *h : std::string();
  }();
  return hash;
}

// How often a session's last_seen_at is refreshed: reads should not write on every request.
constexpr int64_t kTouchIntervalSeconds = 60;

}  // namespace

core::Result<LoginResult> Login(Context& ctx, const std::string& login_in,
                                const std::string& password, const std::string& client) {
  std::string login = internal::Trim(login_in);
  core::Timestamp now = ctx.Now();
  if (login.empty() || password.empty()) {
    core::Status st = core::InvalidArgument("请输入登录名和密码");
    if (login.empty()) st.AddFieldError("login", "请输入登录名");
    if (password.empty()) st.AddFieldError("password", "请输入密码");
    return st;
  }
  LoginLimiter& limiter = ctx.login_limiter();
  // Counted before the password is checked (issue 12 point 9): a burst sees its own attempts.
  LoginLimiter::Decision admitted = limiter.Admit(login, client, now);
  if (!admitted.allowed) {
    std::string secs = std::to_string(admitted.retry_after_seconds);
    return core::ResourceExhausted("登录尝试过于频繁，请 " + secs +
                                   " 秒后再试 (too many login attempts, retry in " + secs + " s)");
  }
  std::optional<User> user;
  std::string hash;
  {
    IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
    IPE_ASSIGN_OR_RETURN(auto found, AccountsStore(*tx).CredentialsByLogin(login));
    if (found) {
      hash = std::move(found->password_hash);
      user = std::move(found->user);
    }
  }
  bool password_ok = false;
  core::Status hashed = ctx.hash_gate().Run(
      [&] { password_ok = VerifyPassword(password, user ? hash : DummyHash()); });
  if (!hashed.ok()) {
    limiter.Refund(login, client);
    return hashed;
  }
  if (!user || !password_ok || !user->active) {
    return core::Unauthenticated("登录名或密码错误 (wrong login or password)");
  }
  limiter.RecordSuccess(login, client);

  LoginResult out;
  out.session_secret = RandomHex(32);
  out.csrf_token = RandomHex(16);
  out.principal = PrincipalFromUser(*user);
  out.expires_at = now.AddSeconds(ctx.options().session_max_seconds);
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  AccountsStore store(*tx);
  // Housekeeping: expired sessions of this user go away at their next login.
  IPE_RETURN_IF_ERROR(store.DeleteExpiredSessionsOf(user->id, now));
  IPE_RETURN_IF_ERROR(store.InsertSession({Sha256Hex(out.session_secret), user->id,
                                           out.csrf_token, now, out.expires_at, client}));
  nlohmann::json after = {{"client", client}, {"expires_at", out.expires_at.ToString()}};
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, out.principal, now,
                                  {"session.login", "user", std::to_string(user->id),
                                   "登录 " + user->display_name, std::nullopt, after.dump(),
                                   AuditScopeOf(user->region_code, user->agency_id)}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return out;
}

core::Result<SessionAuth> AuthenticateSession(Context& ctx, const std::string& secret) {
  if (secret.size() != 64) return core::Unauthenticated("未登录或会话已过期 (not logged in)");
  core::Timestamp now = ctx.Now();
  std::string token_hash = Sha256Hex(secret);
  SessionAuth out;
  int64_t last_seen = 0;
  {
    IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
    IPE_ASSIGN_OR_RETURN(auto session, AccountsStore(*tx).SessionByTokenHash(token_hash));
    if (!session) return core::Unauthenticated("未登录或会话已过期 (not logged in)");
    last_seen = session->last_seen_at.seconds;
    if (session->expires_at.seconds <= now.seconds ||
        last_seen + ctx.options().session_idle_seconds <= now.seconds || !session->user.active) {
      return core::Unauthenticated("会话已过期，请重新登录 (session expired)");
    }
    out.csrf_token = std::move(session->csrf_token);
    out.principal = PrincipalFromUser(session->user);
  }
  if (now.seconds - last_seen >= kTouchIntervalSeconds) {
    IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
    IPE_RETURN_IF_ERROR(AccountsStore(*tx).TouchSession(token_hash, now));
    IPE_RETURN_IF_ERROR(tx->Commit());
  }
  return out;
}

core::Status Logout(Context& ctx, const std::string& secret) {
  auto auth = AuthenticateSession(ctx, secret);
  if (!auth) return core::Status::Ok();  // already gone: logging out twice is fine
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  IPE_RETURN_IF_ERROR(AccountsStore(*tx).DeleteSession(Sha256Hex(secret)));
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, auth->principal, ctx.Now(),
                                  {"session.logout", "user",
                                   std::to_string(auth->principal.user_id),
                                   "退出登录 " + auth->principal.display_name, std::nullopt,
                                   std::nullopt,
                                   AuditScopeOf(auth->principal.region_code,
                                                auth->principal.agency_id)}));
  return tx->Commit();
}

core::Result<Principal> AuthenticateToken(Context& ctx, const std::string& bearer) {
  // Tokens look like "ipe_<64 hex>".
  if (bearer.size() != 68 || bearer.rfind("ipe_", 0) != 0) {
    return core::Unauthenticated("API 令牌无效 (invalid API token)");
  }
  core::Timestamp now = ctx.Now();
  std::string token_hash = Sha256Hex(bearer);
  Principal p;
  int64_t token_id = 0;
  std::optional<core::Timestamp> last_used;
  {
    IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
    IPE_ASSIGN_OR_RETURN(auto token, AccountsStore(*tx).TokenByHash(token_hash));
    if (!token) return core::Unauthenticated("API 令牌无效 (invalid API token)");
    if (token->revoked || (token->expires_at && *token->expires_at <= now) ||
        !token->user.active) {
      return core::Unauthenticated("API 令牌已失效 (API token revoked or expired)");
    }
    token_id = token->id;
    last_used = token->last_used_at;
    p = PrincipalFromUser(token->user);
    p.via_api_token = true;
  }
  if (!last_used || now.seconds - last_used->seconds >= kTouchIntervalSeconds) {
    IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
    IPE_RETURN_IF_ERROR(AccountsStore(*tx).TouchToken(token_id, now));
    IPE_RETURN_IF_ERROR(tx->Commit());
  }
  return p;
}

core::Result<NewApiToken> CreateApiToken(Context& ctx, const Principal& who,
                                         const std::string& name_in,
                                         std::optional<core::Timestamp> expires_at) {
  if (who.is_system()) return core::FailedPrecondition("系统主体不能持有令牌");
  // A token minting tokens would outlive its own revocation (issue 12 point 10).
  if (who.via_api_token) {
    return core::PermissionDenied("API 令牌不能创建令牌，请登录后创建 (tokens cannot create tokens)");
  }
  std::string name = internal::Trim(name_in);
  if (name.empty() || name.size() > 100) {
    return core::Status(core::InvalidArgument("令牌名称有误"))
        .AddFieldError("name", "令牌名称不能为空且不超过 100 字节");
  }
  core::Timestamp now = ctx.Now();
  if (expires_at && *expires_at <= now) {
    return core::Status(core::InvalidArgument("过期时间须晚于现在"))
        .AddFieldError("expires_at", "过期时间须晚于现在");
  }
  if (expires_at && expires_at->seconds > now.seconds + core::limits::kApiTokenMaxSeconds) {
    std::string days = std::to_string(core::limits::kApiTokenMaxSeconds / 86400);
    return core::Status(core::InvalidArgument("过期时间过远"))
        .AddFieldError("expires_at", "令牌有效期不能超过 " + days + " 天");
  }
  if (!expires_at) expires_at = now.AddSeconds(core::limits::kApiTokenDefaultSeconds);
  NewApiToken out;
  out.secret = "ipe_" + RandomHex(32);
  out.token.name = name;
  out.token.created_at = now;
  out.token.expires_at = expires_at;
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  IPE_ASSIGN_OR_RETURN(out.token.id, AccountsStore(*tx).InsertToken(who.user_id, name,
                                                                    Sha256Hex(out.secret), now,
                                                                    expires_at));
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  {"token.create", "api_token", std::to_string(out.token.id),
                                   "新建 API 令牌 " + name, std::nullopt, std::nullopt,
                                   AuditScopeOf(who.region_code, who.agency_id)}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return out;
}

core::Result<std::vector<ApiToken>> ListApiTokens(Context& ctx, const Principal& who) {
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  return AccountsStore(*tx).TokensOf(who.user_id);
}

core::Status RevokeApiToken(Context& ctx, const Principal& who, int64_t id) {
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  IPE_ASSIGN_OR_RETURN(bool revoked, AccountsStore(*tx).RevokeToken(id, who.user_id));
  if (!revoked) return core::NotFound("令牌不存在 (token not found)");
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  {"token.revoke", "api_token", std::to_string(id),
                                   "吊销 API 令牌", std::nullopt, std::nullopt,
                                   AuditScopeOf(who.region_code, who.agency_id)}));
  return tx->Commit();
}

namespace {

// Admin within the target user's region; NotFound (not PermissionDenied) outside it, so ids of
// other regions' users are not confirmed.
core::Status RequireTokenAdmin(Context& ctx, const Principal& who, int64_t user_id) {
  IPE_RETURN_IF_ERROR(
      RequireCapability(who, Capability::kTokenManageOthers, "管理他人的 API 令牌"));
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  IPE_ASSIGN_OR_RETURN(std::optional<User> u, AccountsStore(*tx).FindUser(user_id));
  if (!u || !RegionWithin(who.region_code, u->region_code)) {
    return core::NotFound("用户不存在 (user not found): " + std::to_string(user_id));
  }
  return core::Status::Ok();
}

}  // namespace

core::Result<std::vector<ApiToken>> ListUserApiTokens(Context& ctx, const Principal& who,
                                                      int64_t user_id) {
  IPE_RETURN_IF_ERROR(RequireTokenAdmin(ctx, who, user_id));
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  return AccountsStore(*tx).TokensOf(user_id);
}

core::Status RevokeUserApiToken(Context& ctx, const Principal& who, int64_t user_id,
                                int64_t token_id) {
  IPE_RETURN_IF_ERROR(RequireTokenAdmin(ctx, who, user_id));
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  IPE_ASSIGN_OR_RETURN(bool revoked, AccountsStore(*tx).RevokeToken(token_id, user_id));
  if (!revoked) return core::NotFound("令牌不存在 (token not found)");
  IPE_ASSIGN_OR_RETURN(std::optional<User> owner, AccountsStore(*tx).FindUser(user_id));
  std::optional<AuditScope> scope;
  if (owner) scope = AuditScopeOf(owner->region_code, owner->agency_id);
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  {"token.revoke", "api_token", std::to_string(token_id),
                                   "管理员吊销用户 " + std::to_string(user_id) + " 的 API 令牌",
                                   std::nullopt, std::nullopt, scope}));
  return tx->Commit();
}

core::Result<Principal> PrincipalForLogin(Context& ctx, const std::string& login) {
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  IPE_ASSIGN_OR_RETURN(std::optional<User> u, AccountsStore(*tx).FindUserByLogin(login));
  if (!u) return core::NotFound("用户不存在 (user not found): " + login);
  if (!u->active) return core::FailedPrecondition("用户已停用 (user disabled): " + login);
  return PrincipalFromUser(*u);
}

}  // namespace ipe::app
