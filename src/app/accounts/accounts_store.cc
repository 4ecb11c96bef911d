#include "app/accounts/accounts_store.h"

#include "app/internal/text.h"

namespace ipe::app {
namespace {

using storage::Params;
using storage::Row;
using storage::Value;

constexpr const char* kAgencyColumns =
    "id, name, short_name, kind, level, region_code, aliases, active";

// Aliases are stored '|'-separated (validation refuses '|' inside an alias).
Agency AgencyFromRow(const Row& row) {
  Agency a;
  a.id = row.Int(0);
  a.name = row.Text(1);
  a.short_name = row.Text(2);
  a.kind = row.Text(3);
  a.level = row.Text(4);
  a.region_code = row.Text(5);
  a.aliases = internal::Split(row.Text(6), '|');
  a.active = row.Int(7) != 0;
  return a;
}

// SELECT list and FROM clause for User rows (u = users, a = agencies).
constexpr const char* kUserColumns =
    "u.id, u.login, u.display_name, u.roles, u.agency_id, a.name, u.region_code, u.active, "
    "u.created_at";
constexpr const char* kUserFrom = " FROM users u JOIN agencies a ON a.id = u.agency_id";

// Reads a User from `row` starting at column `first` (columns as in kUserColumns). Roles are
// stored ','-separated by code; a code this build does not know is skipped.
User UserFromRow(const Row& row, size_t first) {
  User u;
  u.id = row.Int(first + 0);
  u.login = row.Text(first + 1);
  u.display_name = row.Text(first + 2);
  for (const std::string& code : internal::Split(row.Text(first + 3), ',')) {
    if (auto r = ParseRole(code)) u.roles.push_back(*r);
  }
  u.agency_id = row.Int(first + 4);
  u.agency_name = row.Text(first + 5);
  u.region_code = row.Text(first + 6);
  u.active = row.Int(first + 7) != 0;
  u.created_at = core::Timestamp{row.Int(first + 8)};
  return u;
}

std::string RolesText(const std::vector<Role>& roles) {
  std::vector<std::string> codes;
  for (Role r : roles) codes.emplace_back(RoleCode(r));
  return internal::Join(codes, ',');
}

template <typename T>
Page<T> PageOf(int64_t total, const PageRequest& page) {
  Page<T> out;
  out.total = total;
  out.page = page.page;
  out.page_size = page.page_size;
  return out;
}

core::Result<std::optional<User>> OneUser(storage::Tx& tx, const std::string& where,
                                          const Value& key) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx.Query(std::string("SELECT ") + kUserColumns + kUserFrom +
                                               where,
                                           {key}));
  if (rows.empty()) return std::optional<User>();
  return std::optional<User>(UserFromRow(rows[0], 0));
}

core::Result<std::optional<UserCredentials>> OneCredentials(storage::Tx& tx,
                                                            const std::string& where,
                                                            const Value& key) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx.Query(std::string("SELECT u.password_hash, ") +
                                               kUserColumns + kUserFrom + where,
                                           {key}));
  if (rows.empty()) return std::optional<UserCredentials>();
  return std::optional<UserCredentials>(UserCredentials{UserFromRow(rows[0], 1), rows[0].Text(0)});
}

std::optional<core::Timestamp> OptTime(std::optional<int64_t> seconds) {
  if (!seconds) return std::nullopt;
  return core::Timestamp{*seconds};
}

}  // namespace

// --- agencies ------------------------------------------------------------------------------

core::Result<std::optional<Agency>> AccountsStore::FindAgency(int64_t id) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(std::string("SELECT ") + kAgencyColumns +
                                                " FROM agencies WHERE id = ?",
                                            {id}));
  if (rows.empty()) return std::optional<Agency>();
  return std::optional<Agency>(AgencyFromRow(rows[0]));
}

core::Result<std::optional<int64_t>> AccountsStore::AgencyIdByName(const std::string& name) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT id FROM agencies WHERE name = ?", {name}));
  if (rows.empty()) return std::optional<int64_t>();
  return std::optional<int64_t>(rows[0].Int(0));
}

core::Result<std::vector<int64_t>> AccountsStore::AgencyIdsByNameOrShortName(
    const std::string& name) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT id FROM agencies WHERE name = ? OR "
                                            "short_name = ? ORDER BY id LIMIT 2",
                                            {name, name}));
  std::vector<int64_t> ids;
  for (const Row& r : rows) ids.push_back(r.Int(0));
  return ids;
}

core::Result<Page<Agency>> AccountsStore::ListAgencies(const AgencyFilter& f,
                                                       const PageRequest& page) {
  std::string where = " WHERE 1 = 1";
  Params params;
  if (f.q && !f.q->empty()) {
    where += " AND " + internal::ContainsSql({"name", "short_name", "aliases"}, *f.q, params);
  }
  if (f.region) where += " AND " + internal::RegionSubtreeSql("region_code", *f.region, params);
  if (f.level) {
    where += " AND level = ?";
    params.emplace_back(*f.level);
  }
  if (f.active) {
    where += " AND active = ?";
    params.emplace_back(*f.active);
  }
  IPE_ASSIGN_OR_RETURN(auto count, tx_.Query("SELECT count(*) FROM agencies" + where, params));
  params.emplace_back(page.page_size);
  params.emplace_back(page.offset());
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(std::string("SELECT ") + kAgencyColumns +
                                                " FROM agencies" + where +
                                                " ORDER BY region_code, id LIMIT ? OFFSET ?",
                                            params));
  Page<Agency> out = PageOf<Agency>(count[0].Int(0), page);
  for (const Row& r : rows) out.items.push_back(AgencyFromRow(r));
  return out;
}

core::Result<int64_t> AccountsStore::InsertAgency(const Agency& a, core::Timestamp now) {
  IPE_ASSIGN_OR_RETURN(
      auto rows,
      tx_.Query("INSERT INTO agencies (name, short_name, kind, level, region_code, aliases, "
                "active, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                {a.name, a.short_name, a.kind, a.level, a.region_code,
                 internal::Join(a.aliases, '|'), a.active, now.seconds}));
  return rows[0].Int(0);
}

core::Status AccountsStore::UpdateAgency(const Agency& a) {
  return tx_
      .Exec("UPDATE agencies SET name = ?, short_name = ?, kind = ?, level = ?, region_code = ?, "
            "aliases = ?, active = ? WHERE id = ?",
            {a.name, a.short_name, a.kind, a.level, a.region_code, internal::Join(a.aliases, '|'),
             a.active, a.id})
      .status();
}

// --- users ---------------------------------------------------------------------------------

core::Result<std::optional<User>> AccountsStore::FindUser(int64_t id) {
  return OneUser(tx_, " WHERE u.id = ?", id);
}

core::Result<std::optional<User>> AccountsStore::FindUserByLogin(const std::string& login) {
  return OneUser(tx_, " WHERE u.login = ?", login);
}

core::Result<std::optional<UserCredentials>> AccountsStore::CredentialsByLogin(
    const std::string& login) {
  return OneCredentials(tx_, " WHERE u.login = ?", login);
}

core::Result<std::optional<UserCredentials>> AccountsStore::Credentials(int64_t user_id) {
  return OneCredentials(tx_, " WHERE u.id = ?", user_id);
}

core::Result<Page<User>> AccountsStore::ListUsers(const std::string& scope_region,
                                                  const UserFilter& f, const PageRequest& page) {
  Params params;
  std::string where = " WHERE " + internal::RegionSubtreeSql("u.region_code", scope_region, params);
  if (f.q && !f.q->empty()) {
    where += " AND " + internal::ContainsSql({"u.login", "u.display_name"}, *f.q, params);
  }
  if (f.agency_id) {
    where += " AND u.agency_id = ?";
    params.emplace_back(*f.agency_id);
  }
  if (f.role) {
    // roles is a ','-separated list: match the code as a whole element.
    where += " AND (',' || u.roles || ',') LIKE ? ESCAPE '\\'";
    params.emplace_back("%," + *f.role + ",%");
  }
  if (f.active) {
    where += " AND u.active = ?";
    params.emplace_back(*f.active);
  }
  IPE_ASSIGN_OR_RETURN(auto count, tx_.Query(std::string("SELECT count(*)") + kUserFrom + where,
                                             params));
  params.emplace_back(page.page_size);
  params.emplace_back(page.offset());
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(std::string("SELECT ") + kUserColumns + kUserFrom +
                                                where + " ORDER BY u.id LIMIT ? OFFSET ?",
                                            params));
  Page<User> out = PageOf<User>(count[0].Int(0), page);
  for (const Row& r : rows) out.items.push_back(UserFromRow(r, 0));
  return out;
}

core::Result<int64_t> AccountsStore::InsertUser(const NewUserRow& u) {
  IPE_ASSIGN_OR_RETURN(
      auto rows,
      tx_.Query("INSERT INTO users (login, display_name, password_hash, agency_id, region_code, "
                "roles, active, created_at, password_changed_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?, "
                "?) RETURNING id",
                {u.login, u.display_name, u.password_hash, u.agency_id, u.region_code,
                 RolesText(u.roles), u.now.seconds, u.now.seconds}));
  return rows[0].Int(0);
}

core::Status AccountsStore::UpdateUser(int64_t id, const UserRowUpdate& u) {
  return tx_
      .Exec("UPDATE users SET display_name = ?, roles = ?, agency_id = ?, region_code = ?, "
            "active = ? WHERE id = ?",
            {u.display_name, RolesText(u.roles), u.agency_id, u.region_code, u.active, id})
      .status();
}

core::Status AccountsStore::SetPasswordHash(int64_t id, const std::string& password_hash,
                                            core::Timestamp now) {
  return tx_
      .Exec("UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?",
            {password_hash, now.seconds, id})
      .status();
}

// --- sessions ------------------------------------------------------------------------------

core::Result<std::optional<SessionRow>> AccountsStore::SessionByTokenHash(
    const std::string& token_hash) {
  IPE_ASSIGN_OR_RETURN(
      auto rows, tx_.Query(std::string("SELECT s.csrf_token, s.expires_at, s.last_seen_at, ") +
                               kUserColumns + kUserFrom + " JOIN sessions s ON s.user_id = u.id" +
                               " WHERE s.token_hash = ?",
                           {token_hash}));
  if (rows.empty()) return std::optional<SessionRow>();
  const Row& row = rows[0];
  SessionRow s;
  s.csrf_token = row.Text(0);
  s.expires_at = core::Timestamp{row.Int(1)};
  s.last_seen_at = core::Timestamp{row.Int(2)};
  s.user = UserFromRow(row, 3);
  return std::optional<SessionRow>(std::move(s));
}

core::Status AccountsStore::InsertSession(const NewSessionRow& s) {
  return tx_
      .Exec("INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at, "
            "last_seen_at, client) VALUES (?, ?, ?, ?, ?, ?, ?)",
            {s.token_hash, s.user_id, s.csrf_token, s.created_at.seconds, s.expires_at.seconds,
             s.created_at.seconds, s.client})
      .status();
}

core::Status AccountsStore::TouchSession(const std::string& token_hash, core::Timestamp now) {
  return tx_
      .Exec("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?", {now.seconds, token_hash})
      .status();
}

core::Status AccountsStore::DeleteSession(const std::string& token_hash) {
  return tx_.Exec("DELETE FROM sessions WHERE token_hash = ?", {token_hash}).status();
}

core::Status AccountsStore::DeleteSessionsOf(int64_t user_id) {
  return tx_.Exec("DELETE FROM sessions WHERE user_id = ?", {user_id}).status();
}

core::Status AccountsStore::DeleteExpiredSessionsOf(int64_t user_id, core::Timestamp now) {
  return tx_
      .Exec("DELETE FROM sessions WHERE user_id = ? AND expires_at <= ?", {user_id, now.seconds})
      .status();
}

// --- API tokens ----------------------------------------------------------------------------

core::Result<std::optional<TokenRow>> AccountsStore::TokenByHash(const std::string& token_hash) {
  IPE_ASSIGN_OR_RETURN(
      auto rows, tx_.Query(std::string("SELECT t.id, t.expires_at, t.revoked, t.last_used_at, ") +
                               kUserColumns + kUserFrom + " JOIN api_tokens t ON t.user_id = u.id" +
                               " WHERE t.token_hash = ?",
                           {token_hash}));
  if (rows.empty()) return std::optional<TokenRow>();
  const Row& row = rows[0];
  TokenRow t;
  t.id = row.Int(0);
  t.expires_at = OptTime(row.OptInt(1));
  t.revoked = row.Int(2) != 0;
  t.last_used_at = OptTime(row.OptInt(3));
  t.user = UserFromRow(row, 4);
  return std::optional<TokenRow>(std::move(t));
}

core::Result<int64_t> AccountsStore::InsertToken(int64_t user_id, const std::string& name,
                                                 const std::string& token_hash,
                                                 core::Timestamp now,
                                                 std::optional<core::Timestamp> expires_at) {
  IPE_ASSIGN_OR_RETURN(
      auto rows,
      tx_.Query("INSERT INTO api_tokens (user_id, name, token_hash, created_at, expires_at) "
                "VALUES (?, ?, ?, ?, ?) RETURNING id",
                {user_id, name, token_hash, now.seconds,
                 expires_at ? Value(expires_at->seconds) : Value()}));
  return rows[0].Int(0);
}

core::Status AccountsStore::TouchToken(int64_t id, core::Timestamp now) {
  return tx_.Exec("UPDATE api_tokens SET last_used_at = ? WHERE id = ?", {now.seconds, id})
      .status();
}

core::Result<std::vector<ApiToken>> AccountsStore::TokensOf(int64_t user_id) {
  IPE_ASSIGN_OR_RETURN(auto rows,
                       tx_.Query("SELECT id, name, created_at, expires_at, last_used_at FROM "
                                 "api_tokens WHERE user_id = ? AND revoked = 0 ORDER BY id",
                                 {user_id}));
  std::vector<ApiToken> out;
  for (const Row& r : rows) {
    ApiToken t;
    t.id = r.Int(0);
    t.name = r.Text(1);
    t.created_at = core::Timestamp{r.Int(2)};
    t.expires_at = OptTime(r.OptInt(3));
    t.last_used_at = OptTime(r.OptInt(4));
    out.push_back(std::move(t));
  }
  return out;
}

core::Result<bool> AccountsStore::RevokeToken(int64_t id, int64_t user_id) {
  IPE_ASSIGN_OR_RETURN(auto n, tx_.Exec("UPDATE api_tokens SET revoked = 1 WHERE id = ? AND "
                                        "user_id = ? AND revoked = 0",
                                        {id, user_id}));
  return n != 0;
}

core::Result<int64_t> AccountsStore::RevokeTokensOf(int64_t user_id) {
  return tx_.Exec("UPDATE api_tokens SET revoked = 1 WHERE user_id = ? AND revoked = 0",
                  {user_id});
}

// --- home page counts ----------------------------------------------------------------------

core::Result<int64_t> AccountsStore::CountActiveAgencies(const std::string& region) {
  Params params;
  std::string scope = internal::RegionSubtreeSql("region_code", region, params);
  IPE_ASSIGN_OR_RETURN(auto rows,
                       tx_.Query("SELECT count(*) FROM agencies WHERE active = 1 AND " + scope,
                                 params));
  return rows[0].Int(0);
}

core::Result<int64_t> AccountsStore::CountActiveUsers(const std::string& region) {
  Params params;
  std::string scope = internal::RegionSubtreeSql("region_code", region, params);
  IPE_ASSIGN_OR_RETURN(auto rows,
                       tx_.Query("SELECT count(*) FROM users WHERE active = 1 AND " + scope,
                                 params));
  return rows[0].Int(0);
}

core::Result<std::vector<std::pair<std::string, int64_t>>>
AccountsStore::ActiveAgenciesByProvince(const std::string& region) {
  Params params;
  std::string scope = internal::RegionSubtreeSql("region_code", region, params);
  IPE_ASSIGN_OR_RETURN(
      auto rows,
      tx_.Query("SELECT substr(region_code, 1, 2), count(*) FROM agencies WHERE active = 1 AND "
                "region_code <> '000000' AND " + scope +
                    " GROUP BY substr(region_code, 1, 2) ORDER BY 1",
                params));
  std::vector<std::pair<std::string, int64_t>> out;
  for (const Row& r : rows) out.emplace_back(r.Text(0), r.Int(1));
  return out;
}

}  // namespace ipe::app
