#pragma once
// Agencies, users, sessions and API tokens: the use cases of 系统管理 and login.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/context.h"
#include "app/principal.h"
#include "core/status.h"
#include "core/time.h"

namespace ipe::app {

// ---- Agencies (机构) ----

struct Agency {
  int64_t id = 0;
  std::string name;        // canonical full name
  std::string short_name;
  std::string kind;        // market_regulation, customs, police, procuratorate, court, …
  std::string level;       // national, provincial, prefecture, county
  std::string region_code;
  std::vector<std::string> aliases;
  bool active = true;
};

/// The allowed `kind` and `level` codes.
const std::vector<std::string>& AgencyKinds();
const std::vector<std::string>& AgencyLevels();

struct AgencyFilter {
  std::optional<std::string> q;            // substring of name, short name or alias
  std::optional<std::string> region;       // subtree
  std::optional<std::string> level;
  std::optional<bool> active;
};

/// Any authenticated user may list agencies (pickers need them); results are not scoped.
core::Result<Page<Agency>> ListAgencies(Context& ctx, const Principal& who, const AgencyFilter& f,
                                        const PageRequest& page);
core::Result<Agency> GetAgency(Context& ctx, const Principal& who, int64_t id);
/// Admin within region. InvalidArgument with field errors; AlreadyExists on a duplicate name.
core::Result<Agency> CreateAgency(Context& ctx, const Principal& who, const Agency& input);

struct AgencyPatch {
  std::optional<std::string> name, short_name, kind, level, region_code;
  std::optional<std::vector<std::string>> aliases;
  std::optional<bool> active;
};
core::Result<Agency> UpdateAgency(Context& ctx, const Principal& who, int64_t id,
                                  const AgencyPatch& patch);

/// The id of the agency whose full name or short name is `name` (the CLI's --agency). Not
/// scoped, like ListAgencies. NotFound when there is none; InvalidArgument when a short name
/// belongs to several agencies.
core::Result<int64_t> FindAgencyId(Context& ctx, const Principal& who, const std::string& name);

/// Inserts or refreshes reference agencies (the national member units) without touching
/// user-created ones; returns how many rows were added. Audited as the system principal.
core::Result<int> SyncReferenceAgencies(Context& ctx, const std::vector<Agency>& reference);

// ---- Users (用户) ----

struct User {
  int64_t id = 0;
  std::string login;
  std::string display_name;
  std::vector<Role> roles;
  int64_t agency_id = 0;
  std::string agency_name;
  std::string region_code;
  bool active = true;
  core::Timestamp created_at;
};

struct NewUser {
  std::string login;
  std::string display_name;
  std::string password;
  std::vector<std::string> roles;   // role codes
  int64_t agency_id = 0;
  std::string region_code;          // empty = the agency's region
  // Demo seeding only (accounts_demo.cc): its published passwords are exempt from the policy,
  // which refuses them everywhere else. Never set from user input.
  bool skip_password_policy = false;
  // Demo seeding only: the argon2id hash of `password`, computed once for every demo user who
  // shares that published password (each hash costs ~150 ms of a core and 64 MiB; the server and
  // every HTTP test that starts one with --demo paid it fifteen times). Empty: CreateUser hashes.
  std::string password_hash = {};
};

struct UserFilter {
  std::optional<std::string> q;     // login or display name substring
  std::optional<int64_t> agency_id;
  std::optional<std::string> role;
  std::optional<bool> active;
};

struct UserPatch {
  std::optional<std::string> display_name;
  std::optional<std::vector<std::string>> roles;
  std::optional<int64_t> agency_id;
  std::optional<std::string> region_code;
  std::optional<bool> active;
};

/// Checks the password policy (docs/security.md): 12 characters to 256 bytes, not containing the
/// login, not a password this project publishes (the demo ones), and passing Debian's cracklib
/// with its dictionary. InvalidArgument with a field error on "password" when it fails.
core::Status CheckPasswordPolicy(const std::string& password, const std::string& login);

/// Admin only, within the admin's region; the new user's region must lie inside it.
core::Result<User> CreateUser(Context& ctx, const Principal& who, const NewUser& input);
core::Result<Page<User>> ListUsers(Context& ctx, const Principal& who, const UserFilter& f,
                                   const PageRequest& page);
core::Result<User> GetUser(Context& ctx, const Principal& who, int64_t id);
/// The active officers and heads of the caller's own agency, by name: who may be put on a
/// transfer's 专案组 (issue 14: a staff picker instead of typed logins). PermissionDenied
/// without transfer.start. At most 200, in id order.
core::Result<std::vector<User>> ListTransferTeamCandidates(Context& ctx, const Principal& who);
/// GetUser by login name (the CLI's --login); disabled users are found too. NotFound when
/// there is no such login or it lies outside the caller's region.
core::Result<User> GetUserByLogin(Context& ctx, const Principal& who, const std::string& login);
core::Result<User> UpdateUser(Context& ctx, const Principal& who, int64_t id,
                              const UserPatch& patch);
/// Admin resets anyone in scope; everyone (admins too) changes their own password only given the
/// old one. Ends the user's sessions and revokes their API tokens.
core::Status SetPassword(Context& ctx, const Principal& who, int64_t id,
                         const std::string& new_password,
                         const std::optional<std::string>& old_password);

// ---- Sessions and tokens ----

struct LoginResult {
  std::string session_secret;  // goes into the cookie; only its hash is stored
  std::string csrf_token;
  Principal principal;
  core::Timestamp expires_at;
};

/// Unauthenticated on a wrong login or password (same message for both), ResourceExhausted when
/// throttled. A refused login writes nothing to the database.
core::Result<LoginResult> Login(Context& ctx, const std::string& login,
                                const std::string& password, const std::string& client);

struct SessionAuth {
  Principal principal;
  std::string csrf_token;
};
/// Unauthenticated when the secret is unknown, expired or idle too long, or the user disabled.
core::Result<SessionAuth> AuthenticateSession(Context& ctx, const std::string& session_secret);
core::Status Logout(Context& ctx, const std::string& session_secret);

core::Result<Principal> AuthenticateToken(Context& ctx, const std::string& bearer);

struct ApiToken {
  int64_t id = 0;
  std::string name;
  core::Timestamp created_at;
  std::optional<core::Timestamp> expires_at;
  std::optional<core::Timestamp> last_used_at;
};
struct NewApiToken {
  ApiToken token;
  std::string secret;  // shown once
};
/// A token for the caller. Without `expires_at` it expires after
/// core::limits::kApiTokenDefaultSeconds (90 days); later than kApiTokenMaxSeconds is
/// InvalidArgument. PermissionDenied when the caller authenticated with a token: tokens never
/// mint tokens. Every token of a user is revoked when their password changes (SetPassword).
core::Result<NewApiToken> CreateApiToken(Context& ctx, const Principal& who,
                                         const std::string& name,
                                         std::optional<core::Timestamp> expires_at);
core::Result<std::vector<ApiToken>> ListApiTokens(Context& ctx, const Principal& who);
core::Status RevokeApiToken(Context& ctx, const Principal& who, int64_t id);
/// An admin's view of another user's live tokens, and revoking one (audited). NotFound when the
/// user is outside the admin's region; PermissionDenied for non-admins.
core::Result<std::vector<ApiToken>> ListUserApiTokens(Context& ctx, const Principal& who,
                                                      int64_t user_id);
core::Status RevokeUserApiToken(Context& ctx, const Principal& who, int64_t user_id,
                                int64_t token_id);

/// The principal a user acts as (their roles, agency and region scope); no I/O.
Principal PrincipalFromUser(const User& u);

/// Loads the principal for a user id (CLI maintenance: `--as LOGIN`).
core::Result<Principal> PrincipalForLogin(Context& ctx, const std::string& login);

}  // namespace ipe::app
