#pragma once
// The Store interface: one SQL database behind two implementations (SQLite, PostgreSQL).
//
// Repositories in storage/ and use cases in app/ write portable SQL with '?' placeholders; the
// PostgreSQL implementation rewrites them to $1, $2 … (outside quoted strings). Values are only
// NULL, 64-bit integers and UTF-8 text: money is integer fen, instants are epoch seconds, dates
// are 'YYYY-MM-DD' text, structured values are JSON text.
//
//   IPE_ASSIGN_OR_RETURN(auto db, storage::OpenDatabase("sqlite:///var/ipe.db"));
//   IPE_ASSIGN_OR_RETURN(auto tx, db->Begin(storage::TxMode::kWrite));
//   IPE_ASSIGN_OR_RETURN(auto rows, tx->Query("SELECT id, login FROM users WHERE id = ?", {Value(7)}));
//   IPE_RETURN_IF_ERROR(tx->Commit());
//
// Portable DDL: migrations may use {{ID}} for an auto-increment 64-bit primary key column
// definition; everything else must be valid in both dialects (see docs/storage.md).
//
// Thread safety: Database is thread-safe (it owns a pool of connections). A Tx belongs to one
// thread at a time and holds one pooled connection until it is destroyed.

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/status.h"

namespace ipe::storage {

using core::Result;
using core::Status;

enum class Dialect { kSqlite, kPostgres };

/// A bound parameter or a column value: NULL, integer or text.
class Value {
 public:
  Value() = default;  // NULL
  Value(std::nullptr_t) {}                                   // NOLINT
  Value(int64_t v) : v_(v) {}                                // NOLINT
  Value(int v) : v_(static_cast<int64_t>(v)) {}              // NOLINT
  Value(bool v) : v_(static_cast<int64_t>(v ? 1 : 0)) {}     // NOLINT
  Value(std::string v) : v_(std::move(v)) {}                 // NOLINT
  Value(std::string_view v) : v_(std::string(v)) {}          // NOLINT
  Value(const char* v) : v_(std::string(v)) {}               // NOLINT
  template <typename T>
  Value(const std::optional<T>& v) {  // NOLINT
    if (v) *this = Value(*v);
  }

  bool is_null() const { return v_.index() == 0; }
  bool is_int() const { return v_.index() == 1; }
  bool is_text() const { return v_.index() == 2; }
  int64_t as_int() const { return std::get<1>(v_); }
  const std::string& as_text() const { return std::get<2>(v_); }

 private:
  std::variant<std::monostate, int64_t, std::string> v_;
};

using Params = std::vector<Value>;

/// One result row. Column access by index; conversion errors are programmer errors (asserts) —
/// SELECT lists are written by us, not by users.
class Row {
 public:
  explicit Row(std::vector<Value> values) : values_(std::move(values)) {}
  size_t size() const { return values_.size(); }
  bool IsNull(size_t col) const { return values_.at(col).is_null(); }
  /// Integer value; text holding digits is converted (PostgreSQL returns text); NULL gives 0.
  int64_t Int(size_t col) const;
  /// Text value; integers are formatted; NULL gives "".
  std::string Text(size_t col) const;
  std::optional<int64_t> OptInt(size_t col) const;
  std::optional<std::string> OptText(size_t col) const;
  const Value& at(size_t col) const { return values_.at(col); }

 private:
  std::vector<Value> values_;
};

/// One row of Tx::Stream, valid only during the callback: every value as text (integers as their
/// decimal digits, on both backends), or NULL.
class StreamRow {
 public:
  StreamRow(const std::string_view* values, const bool* nulls, size_t size)
      : values_(values), nulls_(nulls), size_(size) {}
  size_t size() const { return size_; }
  bool IsNull(size_t col) const { return nulls_[col]; }
  /// The value's text ("" for NULL).
  std::string_view Text(size_t col) const { return values_[col]; }

 private:
  const std::string_view* values_;
  const bool* nulls_;
  size_t size_;
};

enum class TxMode {
  kRead,   // read-only snapshot (SQLite: BEGIN; PostgreSQL: REPEATABLE READ READ ONLY)
  kWrite,  // serialised writer (SQLite: BEGIN IMMEDIATE; PostgreSQL: READ COMMITTED)
};

/// A transaction on one pooled connection. Destroying it without Commit() rolls back.
/// The first failed statement aborts the transaction on both backends (PostgreSQL's rule): later
/// statements and Commit() return Internal, and nothing of it is kept. Use ON CONFLICT rather
/// than catching AlreadyExists and carrying on. A kRead transaction refuses writes on both.
class Tx {
 public:
  virtual ~Tx() = default;
  Tx(const Tx&) = delete;
  Tx& operator=(const Tx&) = delete;

  virtual Dialect dialect() const = 0;

  /// Runs a statement; returns the number of rows it changed.
  /// Errors: AlreadyExists on a unique/primary-key violation, InvalidArgument on another
  /// constraint violation (foreign key, check, not null), Unavailable on a lost connection or
  /// lock timeout, Internal on anything else (bad SQL is a bug).
  virtual Result<int64_t> Exec(std::string_view sql, const Params& params = {}) = 0;

  /// Runs a query and returns all rows. Errors as for Exec.
  virtual Result<std::vector<Row>> Query(std::string_view sql, const Params& params = {}) = 0;

  /// Runs a query without parameters and hands its rows to `fn` one at a time, without holding
  /// them all (a recomputation reads tens of millions): COPY … TO STDOUT on PostgreSQL, a stepped
  /// statement on SQLite. An error from `fn` stops the reading and fails the transaction; the
  /// query's own errors are as for Exec.
  virtual Status Stream(std::string_view sql, const std::function<Status(const StreamRow&)>& fn) = 0;

  /// Runs several ';'-separated statements without parameters (migrations).
  virtual Status ExecScript(std::string_view sql) = 0;

  /// Appends many rows to one table, fast: COPY on PostgreSQL, one prepared statement reused in
  /// this transaction on SQLite. Every row must have columns.size() values.
  virtual Status BulkInsert(std::string_view table, const std::vector<std::string>& columns,
                            const std::vector<std::vector<Value>>& rows) = 0;

  /// Makes the changes durable. After Commit (successful or not) the Tx is finished.
  virtual Status Commit() = 0;

 protected:
  Tx() = default;
};

/// Wakes a follower when a committed transaction announced a change on its channel (PostgreSQL
/// LISTEN/NOTIFY, docs/scale-out.md). A wake-up only says "look": the durable state (a change table)
/// is what the follower reads, so a lost announcement costs latency, never a change.
/// Not thread-safe: one follower thread owns it.
class Listener {
 public:
  virtual ~Listener() = default;
  /// Waits up to `timeout_ms` for announcements. Returns true when one or more arrived (all are
  /// consumed), false on timeout. Unavailable when the connection is lost (open a new Listener).
  virtual Result<bool> Wait(int timeout_ms) = 0;
};

/// Announces `channel` to every Listener on it when `tx` commits (nothing if it rolls back).
/// PostgreSQL: pg_notify on a channel private to the connection's schema; SQLite (one process):
/// nothing — its writers catch the followers up themselves and listeners poll.
Status Announce(Tx& tx, std::string_view channel);

struct DatabaseOptions {
  int pool_size = 8;               // connections kept open at most
  int busy_timeout_ms = 5000;      // SQLite: wait this long for the write lock; PostgreSQL: for a pooled connection
};

class Database {
 public:
  virtual ~Database() = default;
  virtual Dialect dialect() const = 0;
  /// The URL it was opened with, password removed (for logs).
  virtual std::string display_url() const = 0;
  /// Starts a transaction. Unavailable when no connection can be had.
  virtual Result<std::unique_ptr<Tx>> Begin(TxMode mode) = 0;
  /// Cheap liveness check for /readyz.
  virtual Status Ping() = 0;
  /// Refreshes the planner's statistics, so that a list filtered by an agency walks the agency's
  /// index, not a region's (SQLite has none until ANALYZE: `PRAGMA analysis_limit` keeps it to
  /// about a second at any size; PostgreSQL's autovacuum also does it, later). Run at server start
  /// and after imports that change a store's proportions.
  virtual Status UpdateStatistics() = 0;
  /// A Listener for Announce(…, channel) on this store. PostgreSQL: a connection of its own
  /// outside the pool. SQLite: a listener whose Wait only sleeps (followers poll).
  /// Errors: Unavailable when the server cannot be reached.
  virtual Result<std::unique_ptr<Listener>> Listen(std::string_view channel);
};

/// Opens a database by URL:
///   sqlite:///abs/path/file.db, sqlite://relative/path.db, sqlite::memory:
///   postgresql://user:pass@host:port/dbname?opt=… (also postgres://)
/// The SQLite file's directory is created if missing; SQLite connections get WAL, foreign keys
/// and the busy timeout. Returns InvalidArgument on an unknown scheme, Unavailable when the
/// server cannot be reached.
Result<std::unique_ptr<Database>> OpenDatabase(std::string_view url, const DatabaseOptions& options = {});

/// " FOR UPDATE" on PostgreSQL, "" on SQLite: append to a SELECT whose rows a kWrite transaction
/// reads and then updates (read-modify-write). PostgreSQL writers run READ COMMITTED and need the
/// row lock; SQLite writers are serialised by BEGIN IMMEDIATE and have no FOR UPDATE.
inline const char* ForUpdate(Dialect dialect) {
  return dialect == Dialect::kPostgres ? " FOR UPDATE" : "";
}

/// Runs `fn(tx)` in a write transaction and commits when it returns OK; rolls back otherwise.
template <typename Fn>
Status InTransaction(Database& db, Fn&& fn) {
  IPE_ASSIGN_OR_RETURN(auto tx, db.Begin(TxMode::kWrite));
  IPE_RETURN_IF_ERROR(fn(*tx));
  return tx->Commit();
}

}  // namespace ipe::storage
