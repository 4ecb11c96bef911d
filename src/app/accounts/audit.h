#pragma once
// The audit chain: every write and every export appends one record in the same transaction.
//
// Records carry a gap-free sequence number and hash = SHA-256(canonical text of the record,
// including the previous record's hash). The one-row table audit_head holds the newest seq and
// hash, so deleting the newest records is detected as well as editing or deleting older ones.
// An attacker who can rewrite every row *and* the head can forge a consistent chain; publishing
// the head hash outside the database (docs/audit.md) closes that gap.

#include <cstdint>
#include <optional>
#include <string>

#include "app/context.h"
#include "app/principal.h"
#include "storage/db.h"

namespace ipe::app {

/// The region (and owning agency) of the record an audit entry describes: auditors and admins
/// read the entries of records in their own region subtree only (ListAudit). None for national
/// records (the brand registry, cross-region alerts, national agencies and users, the plan
/// registry), which national auditors alone read. Access metadata beside the hash chain, not
/// part of it: the chain protects what happened, the scope decides who may read it.
struct AuditScope {
  std::string region_code;
  std::optional<int64_t> agency_id;
};
/// The scope of a record of `region` owned by `agency`; none for the national code.
std::optional<AuditScope> AuditScopeOf(const std::string& region, std::optional<int64_t> agency);

struct AuditEvent {
  std::string action;        // "user.create", "session.login", "export.users" …
  std::string entity_type;   // "user", "agency", "session" …
  std::string entity_id;
  std::string summary;       // one zh-CN line for the log viewer
  std::optional<std::string> before_json;
  std::optional<std::string> after_json;
  std::optional<AuditScope> scope = std::nullopt;  // none: national (see AuditScope)
};

/// Appends one record inside `tx` (which must be a write transaction). Serialises concurrent
/// appenders through the audit_head row. Errors: those of the database.
core::Status AppendAudit(storage::Tx& tx, const Principal& actor, core::Timestamp at,
                         const AuditEvent& event);

struct AuditRecord {
  int64_t id = 0;
  int64_t seq = 0;
  core::Timestamp at;
  std::optional<int64_t> actor_id;
  std::string actor_login;
  std::string actor_name;  // the user's display name (read from users when listing; not hashed)
  std::string action;
  std::string entity_type;
  std::string entity_id;
  std::string summary;
  std::optional<std::string> before_json;
  std::optional<std::string> after_json;
  std::string prev_hash;
  std::string hash;
  std::optional<AuditScope> scope;  // not hashed (AuditScope)
};

/// The hash a record must carry (exposed for tests and for independent verifiers).
std::string AuditRecordHash(const AuditRecord& r);

struct AuditVerification {
  bool ok = true;
  int64_t records = 0;              // records checked
  std::optional<int64_t> bad_seq;   // first bad record (sequence number), when !ok
  std::optional<int64_t> bad_id;    // its row id, when the row exists
  std::string reason;               // zh-CN + English, when !ok
};

/// Walks the whole chain. OK result with ok=false names the first bad record.
core::Result<AuditVerification> VerifyAudit(storage::Database& db);

struct AuditFilter {
  std::optional<std::string> actor;        // login
  std::optional<std::string> action;       // exact or prefix ending in '.' ("user.")
  std::optional<std::string> entity_type;
  std::optional<std::string> entity_id;
  std::optional<core::Date> from;          // inclusive, Beijing dates
  std::optional<core::Date> to;            // inclusive
};

/// Audit log for auditors and admins, newest first: the entries of records in the caller's
/// region subtree (all of them for a national caller).
core::Result<Page<AuditRecord>> ListAudit(Context& ctx, const Principal& who,
                                          const AuditFilter& filter, const PageRequest& page);

}  // namespace ipe::app
