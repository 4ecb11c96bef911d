#pragma once
// AuditStore: the SQL of the audit chain (audit_log and its one-row head, audit_head). What a
// record holds and how it is hashed and verified is audit.cc's; the store reads and writes rows
// inside the caller's transaction. Every area appends through AppendAudit (audit.h), never
// through this store.
//
//   AuditStore store(tx);
//   IPE_ASSIGN_OR_RETURN(auto head, store.Head(/*lock=*/true));

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/accounts/audit.h"
#include "app/context.h"
#include "core/status.h"
#include "storage/db.h"

namespace ipe::app {

class AuditStore {
 public:
  explicit AuditStore(storage::Tx& tx) : tx_(tx) {}

  /// The newest record's sequence number and hash, as audit_head holds them.
  struct Head {
    int64_t seq = 0;
    std::string hash;
  };
  /// The head, or nullopt when its row is missing. With `lock`, on PostgreSQL the row is locked
  /// FOR UPDATE, which serialises appenders (SQLite write transactions are serialised already,
  /// BEGIN IMMEDIATE, and SQLite does not know FOR UPDATE).
  core::Result<std::optional<Head>> ReadHead(bool lock);
  /// Inserts the record (its id is assigned by the database; `r.id` is ignored).
  core::Status Insert(const AuditRecord& r);
  core::Status SetHead(int64_t seq, const std::string& hash);

  /// Up to `limit` records with seq > `after_seq`, in chain order.
  core::Result<std::vector<AuditRecord>> After(int64_t after_seq, int64_t limit);
  /// A page of the records `filter` selects, newest first, with the exact total.
  /// Entries matching `filter` whose record lies in the region subtree of `region` (every
  /// entry for "000000"), newest first.
  core::Result<Page<AuditRecord>> List(const AuditFilter& filter, const std::string& region,
                                       const PageRequest& page);

 private:
  storage::Tx& tx_;
};

}  // namespace ipe::app
