#pragma once
// AccountsStore: every SQL statement of the accounts area (agencies, users and their roles,
// login sessions, API tokens, the home page's counts) in one place. The use cases (agencies.cc,
// users.cc, sessions.cc, dashboard.cc, accounts_demo.cc) check permissions, validate, hash
// passwords, audit and decide; the store reads and writes rows inside the caller's transaction.
// The audit chain has its own store (audit_store.h), since every area appends to it.
//
// Agencies and users are lists of a few thousand rows at most: one query for the exact count and
// one for the page (offset paging), ordered by an indexed column.
//
//   AccountsStore store(*tx);
//   IPE_ASSIGN_OR_RETURN(std::optional<User> user, store.FindUser(id));

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/accounts/accounts.h"
#include "app/context.h"
#include "core/status.h"
#include "core/time.h"
#include "storage/db.h"

namespace ipe::app {

/// A user with the argon2id hash of their password (for checking a login or a password change).
struct UserCredentials {
  User user;
  std::string password_hash;
};

/// A new users row as the use case decided it (validated, password already hashed).
struct NewUserRow {
  std::string login;
  std::string display_name;
  std::string password_hash;
  int64_t agency_id = 0;
  std::string region_code;
  std::vector<Role> roles;
  core::Timestamp now;
};

/// The columns of a users row an administrator may change.
struct UserRowUpdate {
  std::string display_name;
  std::vector<Role> roles;
  int64_t agency_id = 0;
  std::string region_code;
  bool active = true;
};

/// A login session with its user, as stored (the use case decides whether it is still valid).
struct SessionRow {
  User user;
  std::string csrf_token;
  core::Timestamp expires_at;
  core::Timestamp last_seen_at;
};

/// A new sessions row; only the hash of the cookie's secret is stored.
struct NewSessionRow {
  std::string token_hash;
  int64_t user_id = 0;
  std::string csrf_token;
  core::Timestamp created_at;
  core::Timestamp expires_at;
  std::string client;
};

/// An API token with its user, as stored.
struct TokenRow {
  int64_t id = 0;
  User user;
  std::optional<core::Timestamp> expires_at;
  bool revoked = false;
  std::optional<core::Timestamp> last_used_at;
};

class AccountsStore {
 public:
  explicit AccountsStore(storage::Tx& tx) : tx_(tx) {}

  // --- agencies (机构) ---------------------------------------------------------------------
  /// The agency, or nullopt when there is none.
  core::Result<std::optional<Agency>> FindAgency(int64_t id);
  /// The id of the agency with that exact name, if any.
  core::Result<std::optional<int64_t>> AgencyIdByName(const std::string& name);
  /// The ids of agencies whose name or short name is `name`, lowest first, at most two (enough
  /// to tell a unique name from an ambiguous short name).
  core::Result<std::vector<int64_t>> AgencyIdsByNameOrShortName(const std::string& name);
  /// A page ordered by region code then id, with the exact total. `filter.region`, when set, is a
  /// valid region code (the use case checks it).
  core::Result<Page<Agency>> ListAgencies(const AgencyFilter& filter, const PageRequest& page);
  /// Inserts the agency and returns its id. AlreadyExists when the name is taken.
  core::Result<int64_t> InsertAgency(const Agency& agency, core::Timestamp now);
  /// Writes every column of agency `agency.id`. AlreadyExists when the new name is taken.
  core::Status UpdateAgency(const Agency& agency);

  // --- users (用户) ------------------------------------------------------------------------
  /// The user (with the agency's name), or nullopt.
  core::Result<std::optional<User>> FindUser(int64_t id);
  core::Result<std::optional<User>> FindUserByLogin(const std::string& login);
  core::Result<std::optional<UserCredentials>> CredentialsByLogin(const std::string& login);
  core::Result<std::optional<UserCredentials>> Credentials(int64_t user_id);
  /// Users in the region subtree of `scope_region`, by id, with the exact total. `filter.role`,
  /// when set, is a known role code (the use case checks it).
  core::Result<Page<User>> ListUsers(const std::string& scope_region, const UserFilter& filter,
                                     const PageRequest& page);
  /// Inserts the user (active) and returns its id. AlreadyExists when the login is taken.
  core::Result<int64_t> InsertUser(const NewUserRow& row);
  core::Status UpdateUser(int64_t id, const UserRowUpdate& update);
  core::Status SetPasswordHash(int64_t id, const std::string& password_hash, core::Timestamp now);

  // --- sessions ----------------------------------------------------------------------------
  core::Result<std::optional<SessionRow>> SessionByTokenHash(const std::string& token_hash);
  core::Status InsertSession(const NewSessionRow& row);
  core::Status TouchSession(const std::string& token_hash, core::Timestamp now);
  core::Status DeleteSession(const std::string& token_hash);
  /// Ends every session of the user (password change, account disabled).
  core::Status DeleteSessionsOf(int64_t user_id);
  /// Deletes the user's sessions that expired at or before `now`.
  core::Status DeleteExpiredSessionsOf(int64_t user_id, core::Timestamp now);

  // --- API tokens --------------------------------------------------------------------------
  core::Result<std::optional<TokenRow>> TokenByHash(const std::string& token_hash);
  core::Result<int64_t> InsertToken(int64_t user_id, const std::string& name,
                                    const std::string& token_hash, core::Timestamp now,
                                    std::optional<core::Timestamp> expires_at);
  core::Status TouchToken(int64_t id, core::Timestamp now);
  /// The user's tokens that are not revoked, by id.
  core::Result<std::vector<ApiToken>> TokensOf(int64_t user_id);
  /// Revokes the user's token; false when the user has no such unrevoked token.
  core::Result<bool> RevokeToken(int64_t id, int64_t user_id);
  /// Revokes every token of the user (password change); how many were revoked.
  core::Result<int64_t> RevokeTokensOf(int64_t user_id);

  // --- home page counts (首页) ---------------------------------------------------------------
  /// Active agencies and active users whose region lies in the subtree of `region`.
  core::Result<int64_t> CountActiveAgencies(const std::string& region);
  core::Result<int64_t> CountActiveUsers(const std::string& region);
  /// Active local (non-national) agencies in the subtree of `region` by province ("31"), in
  /// province order.
  core::Result<std::vector<std::pair<std::string, int64_t>>> ActiveAgenciesByProvince(
      const std::string& region);

 private:
  storage::Tx& tx_;
};

}  // namespace ipe::app
