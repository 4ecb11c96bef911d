// PostgreSQL implementation of storage::Database over libpq.
#include "storage/postgres/postgres_db.h"

#include <libpq-fe.h>

#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace ipe::storage {
namespace {

constexpr Oid kInt8Oid = 20;

// Maps a failed result (or connection) to a Status by SQLSTATE.
// A value of COPY's text format with its backslash escapes resolved (\\b \\f \\n \\r \\t \\v,
// octal \\ooo, hexadecimal \\xhh, and any other character standing for itself).
std::string UnescapeCopyText(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  auto digit = [](char c, int base) -> int {
    if (c >= '0' && c <= '7') return c - '0';
    if (base == 16 && c >= '8' && c <= '9') return c - '0';
    if (base == 16 && c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (base == 16 && c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i] != '\\' || i + 1 == v.size()) {
      out += v[i];
      continue;
    }
    char c = v[++i];
    switch (c) {
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'v': out += '\v'; break;
      default: {
        int base = c == 'x' ? 16 : 8;
        size_t j = base == 16 ? i + 1 : i;
        int value = 0;
        size_t used = 0;
        while (j < v.size() && used < (base == 16 ? 2u : 3u) && digit(v[j], base) >= 0) {
          value = value * base + digit(v[j], base);
          ++j;
          ++used;
        }
        if (used == 0) {
          out += c;  // "\\x" without digits is an x; any other escaped character is itself
        } else {
          out += static_cast<char>(value);
          i = j - 1;
        }
      }
    }
  }
  return out;
}

Status ErrorFrom(PGconn* conn, const PGresult* res, std::string_view what) {
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  std::string msg = std::string(what) + ": " +
                    (res && PQresultErrorMessage(res)[0] ? PQresultErrorMessage(res)
                                                         : PQerrorMessage(conn));
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  if (!state) return core::Unavailable(msg);  // no result: the connection is gone
  std::string_view s(state);
  if (s == "23505") return core::AlreadyExists(msg);
  if (s.substr(0, 2) == "23") return core::InvalidArgument(msg);
  if (s.substr(0, 2) == "08" || s.substr(0, 3) == "57P" || s == "40001" || s == "40P01" ||
      s == "55P03") {
    return core::Unavailable(msg);
  }
  if (s.substr(0, 2) == "22") return core::InvalidArgument(msg);  // data exception
  return core::Internal(msg);
}

using ResultPtr = std::unique_ptr<PGresult, decltype(&PQclear)>;

// One server connection and the statements prepared on it. A statement is prepared the first
// time a connection runs it and executed by name afterwards, so the server parses and analyses
// it once per connection instead of once per call (a list request runs 5-10 statements; parsing
// and planning them anew cost more than running them at 1M cases — docs/volume.md). The server
// keeps prepared statements across transactions and rollbacks, and re-plans them itself when a
// table they use changes. Statements are keyed by their text and the types of their parameters
// (an int8 parameter and an untyped one are different statements). Past kMaxPrepared distinct
// statements (SQL built with a variable number of placeholders) the rest run unprepared.
class PgConnection {
 public:
  static constexpr size_t kMaxPrepared = 512;

  explicit PgConnection(PGconn* conn) : conn_(conn) {}
  ~PgConnection() { PQfinish(conn_); }
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;
  PGconn* get() const { return conn_; }
  bool broken() const { return PQstatus(conn_) != CONNECTION_OK; }

  /// The name `key`'s statement is prepared under, or null when it is not (yet).
  const std::string* Prepared(const std::string& key) const {
    auto it = prepared_.find(key);
    return it == prepared_.end() ? nullptr : &it->second;
  }
  bool CanPrepareMore() const { return prepared_.size() < kMaxPrepared; }
  std::string NextName() const { return "ipe_" + std::to_string(prepared_.size() + 1); }
  const std::string& Remember(std::string key, std::string name) {
    return prepared_.emplace(std::move(key), std::move(name)).first->second;
  }

 private:
  PGconn* conn_;
  std::unordered_map<std::string, std::string> prepared_;  // key → statement name
};

class PostgresDatabase;

class PostgresTx final : public Tx {
 public:
  PostgresTx(PostgresDatabase* owner, std::unique_ptr<PgConnection> conn)
      : owner_(owner), conn_(std::move(conn)) {}
  PostgresTx(const PostgresTx&) = delete;
  PostgresTx& operator=(const PostgresTx&) = delete;
  ~PostgresTx() override;

  Dialect dialect() const override { return Dialect::kPostgres; }

  Result<int64_t> Exec(std::string_view sql, const Params& params) override {
    IPE_RETURN_IF_ERROR(Usable());
    IPE_ASSIGN_OR_RETURN(ResultPtr res, Run(sql, params));
    const char* n = PQcmdTuples(res.get());
    return static_cast<int64_t>(n && *n ? std::strtoll(n, nullptr, 10) : 0);
  }

  Result<std::vector<Row>> Query(std::string_view sql, const Params& params) override {
    IPE_RETURN_IF_ERROR(Usable());
    IPE_ASSIGN_OR_RETURN(ResultPtr res, Run(sql, params));
    std::vector<Row> rows;
    int nrows = PQntuples(res.get());
    int ncols = PQnfields(res.get());
    rows.reserve(static_cast<size_t>(nrows));
    for (int r = 0; r < nrows; ++r) {
      std::vector<Value> values;
      values.reserve(static_cast<size_t>(ncols));
      for (int c = 0; c < ncols; ++c) {
        if (PQgetisnull(res.get(), r, c)) {
          values.emplace_back();
        } else {
          values.emplace_back(std::string(PQgetvalue(res.get(), r, c),
                                          static_cast<size_t>(PQgetlength(res.get(), r, c))));
        }
      }
      rows.emplace_back(std::move(values));
    }
    return rows;
  }

  Status Stream(std::string_view sql, const std::function<Status(const StreamRow&)>& fn) override {
    IPE_RETURN_IF_ERROR(Usable());
    std::string copy = "COPY (" + std::string(sql) + ") TO STDOUT";
    {
      ResultPtr res(PQexec(conn_->get(), copy.c_str()), &PQclear);
      if (PQresultStatus(res.get()) != PGRES_COPY_OUT) {
        return Fail(ErrorFrom(conn_->get(), res.get(), "stream"));
      }
    }
    // COPY's text format: one line per row, values separated by tabs, \N for NULL, and
    // backslash escapes in values (copied out unescaped into `unescaped` only when present).
    std::vector<std::string_view> values;
    std::vector<std::string> unescaped;
    std::unique_ptr<bool[]> nulls;
    size_t width = 0;
    Status failed = Status::Ok();
    for (;;) {
      char* line = nullptr;
      int len = PQgetCopyData(conn_->get(), &line, 0);
      if (len == -1) break;  // done: the command's result follows
      if (len < 0) {
        return Fail(core::Unavailable(std::string("stream: ") + PQerrorMessage(conn_->get())));
      }
      std::unique_ptr<char, decltype(&PQfreemem)> owned(line, &PQfreemem);
      if (!failed.ok()) continue;  // an error from fn: read to the end, then report it
      std::string_view text(line, static_cast<size_t>(len));
      if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
      if (width == 0) {  // every row has the query's columns
        width = static_cast<size_t>(std::count(text.begin(), text.end(), '\t')) + 1;
        unescaped.resize(width);
        nulls.reset(new bool[width]);
      }
      values.clear();
      size_t col = 0;
      for (size_t start = 0;; ++col) {
        size_t tab = text.find('\t', start);
        std::string_view v = text.substr(start, tab == std::string_view::npos ? tab : tab - start);
        if (col >= width) {
          failed = core::Internal("stream: a row wider than the first");
          break;
        }
        nulls[col] = v == "\\N";
        if (nulls[col]) {
          v = {};
        } else if (v.find('\\') != std::string_view::npos) {
          unescaped[col] = UnescapeCopyText(v);
          v = unescaped[col];
        }
        values.push_back(v);
        if (tab == std::string_view::npos) break;
        start = tab + 1;
      }
      if (failed.ok()) failed = fn(StreamRow(values.data(), nulls.get(), values.size()));
    }
    Status st = Fail(DrainResults());
    if (!failed.ok()) return Fail(std::move(failed));
    return st;
  }

  Status ExecScript(std::string_view sql) override {
    IPE_RETURN_IF_ERROR(Usable());
    std::string text(sql);
    ResultPtr res(PQexec(conn_->get(), text.c_str()), &PQclear);
    ExecStatusType st = PQresultStatus(res.get());
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_EMPTY_QUERY) {
      return Fail(ErrorFrom(conn_->get(), res.get(), "script"));
    }
    return Status::Ok();
  }

  Status BulkInsert(std::string_view table, const std::vector<std::string>& columns,
                    const std::vector<std::vector<Value>>& rows) override {
    IPE_RETURN_IF_ERROR(Usable());
    if (columns.empty()) return Fail(core::Internal("BulkInsert without columns"));
    for (const auto& row : rows) {  // checked before COPY starts: nothing to unwind
      if (row.size() != columns.size()) {
        return Fail(core::Internal("BulkInsert row width mismatch"));
      }
    }
    std::string sql = "COPY " + std::string(table) + " (";
    for (size_t i = 0; i < columns.size(); ++i) sql += (i ? ", " : "") + columns[i];
    sql += ") FROM STDIN";
    {
      ResultPtr res(PQexec(conn_->get(), sql.c_str()), &PQclear);
      if (PQresultStatus(res.get()) != PGRES_COPY_IN) {
        return Fail(ErrorFrom(conn_->get(), res.get(), "copy"));
      }
    }
    std::string buf;
    auto flush = [&]() -> Status {
      if (!buf.empty() &&
          PQputCopyData(conn_->get(), buf.data(), static_cast<int>(buf.size())) != 1) {
        return Fail(core::Unavailable(std::string("copy: ") + PQerrorMessage(conn_->get())));
      }
      buf.clear();
      return Status::Ok();
    };
    for (const auto& row : rows) {
      for (size_t c = 0; c < row.size(); ++c) {
        if (c) buf += '\t';
        const Value& v = row[c];
        if (v.is_null()) {
          buf += "\\N";
        } else if (v.is_int()) {
          buf += std::to_string(v.as_int());
        } else {
          for (char ch : v.as_text()) {  // COPY text format escapes
            switch (ch) {
              case '\\': buf += "\\\\"; break;
              case '\t': buf += "\\t"; break;
              case '\n': buf += "\\n"; break;
              case '\r': buf += "\\r"; break;
              default: buf += ch;
            }
          }
        }
      }
      buf += '\n';
      if (buf.size() > (1 << 20)) IPE_RETURN_IF_ERROR(flush());
    }
    IPE_RETURN_IF_ERROR(flush());
    if (PQputCopyEnd(conn_->get(), nullptr) != 1) {
      return Fail(core::Unavailable(std::string("copy end: ") + PQerrorMessage(conn_->get())));
    }
    return Fail(DrainResults());
  }

  Status Commit() override {
    if (done_) return core::Internal("transaction already finished");
    done_ = true;
    // After an error PostgreSQL has aborted the transaction and answers COMMIT with ROLLBACK.
    ResultPtr res(PQexec(conn_->get(), failed_ ? "ROLLBACK" : "COMMIT"), &PQclear);
    Status st = Status::Ok();
    if (PQresultStatus(res.get()) != PGRES_COMMAND_OK) {
      st = ErrorFrom(conn_->get(), res.get(), "commit");
    } else if (failed_ || std::strcmp(PQcmdStatus(res.get()), "COMMIT") != 0) {
      st = core::Internal(
          "事务中有语句失败, 已回滚 (a statement failed; the transaction was rolled back)");
    }
    ReleaseConnection();  // a finished Tx holds no connection
    return st;
  }

 private:
  Result<ResultPtr> Run(std::string_view sql, const Params& params) {
    std::string text = RewritePlaceholders(sql);
    std::vector<Oid> types;
    std::vector<std::string> storage;
    std::vector<const char*> values;
    types.reserve(params.size());
    storage.reserve(params.size());
    for (const Value& v : params) {
      if (v.is_null()) {
        types.push_back(0);
        storage.emplace_back();
      } else if (v.is_int()) {
        types.push_back(kInt8Oid);
        storage.push_back(std::to_string(v.as_int()));
      } else {
        types.push_back(0);  // let the server infer text/varchar from context
        storage.push_back(v.as_text());
      }
    }
    for (size_t i = 0; i < params.size(); ++i) {
      values.push_back(params[i].is_null() ? nullptr : storage[i].c_str());
    }
    // The cache key: the parameter types, then the statement text.
    std::string key;
    key.reserve(types.size() + 1 + text.size());
    for (Oid t : types) key += t == kInt8Oid ? 'i' : 'u';
    key += '|';
    key += text;
    const int nparams = static_cast<int>(params.size());
    const std::string* name = conn_->Prepared(key);
    if (!name && conn_->CanPrepareMore()) {
      std::string next = conn_->NextName();
      ResultPtr prep(PQprepare(conn_->get(), next.c_str(), text.c_str(), nparams, types.data()),
                     &PQclear);
      if (PQresultStatus(prep.get()) != PGRES_COMMAND_OK) {
        return Fail(ErrorFrom(conn_->get(), prep.get(), "prepare"));
      }
      name = &conn_->Remember(std::move(key), std::move(next));
    }
    ResultPtr res(name ? PQexecPrepared(conn_->get(), name->c_str(), nparams, values.data(),
                                        nullptr, nullptr, 0)
                       : PQexecParams(conn_->get(), text.c_str(), nparams, types.data(),
                                      values.data(), nullptr, nullptr, 0),
                  &PQclear);
    ExecStatusType st = PQresultStatus(res.get());
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
      return Fail(ErrorFrom(conn_->get(), res.get(), "query"));
    }
    return res;
  }

  // PostgreSQL aborts a transaction at its first error; the Tx remembers it so that later calls
  // and Commit() report it plainly (SQLite follows the same rule).
  Status Usable() const {
    if (!conn_) return core::Internal("transaction already finished");
    if (failed_) {
      return core::Internal(
          "事务中已有语句失败 (an earlier statement failed; roll this transaction back)");
    }
    return Status::Ok();
  }
  Status Fail(Status st) {
    if (!st.ok()) failed_ = true;
    return st;
  }

  Status DrainResults() {
    Status out = Status::Ok();
    while (PGresult* r = PQgetResult(conn_->get())) {
      ResultPtr res(r, &PQclear);
      if (PQresultStatus(r) != PGRES_COMMAND_OK && out.ok()) {
        out = ErrorFrom(conn_->get(), r, "copy");
      }
    }
    return out;
  }

  void ReleaseConnection();

  PostgresDatabase* owner_;
  std::unique_ptr<PgConnection> conn_;  // null once finished
  bool done_ = false;
  bool failed_ = false;  // a statement failed: the server has aborted the transaction
};

// LISTEN on a connection of its own: notifications arrive on its socket between transactions, so
// it cannot be a pooled connection.
class PgListener final : public Listener {
 public:
  explicit PgListener(std::unique_ptr<PgConnection> conn) : conn_(std::move(conn)) {}

  Result<bool> Wait(int timeout_ms) override {
    PGconn* c = conn_->get();
    if (Drain()) return true;
    pollfd pfd{PQsocket(c), POLLIN, 0};
    if (pfd.fd < 0) return core::Unavailable("PostgreSQL 监听连接已断开 (listener lost)");
    int ready = poll(&pfd, 1, timeout_ms);
    if (ready < 0 && errno != EINTR) return core::Unavailable("poll 失败 (poll failed)");
    if (ready > 0 && PQconsumeInput(c) == 0) {
      return core::Unavailable(std::string("PostgreSQL 监听连接已断开 (listener lost): ") +
                               PQerrorMessage(c));
    }
    if (conn_->broken()) return core::Unavailable("PostgreSQL 监听连接已断开 (listener lost)");
    return Drain();
  }

 private:
  bool Drain() {
    bool any = false;
    while (PGnotify* n = PQnotifies(conn_->get())) {
      any = true;
      PQfreemem(n);
    }
    return any;
  }
  std::unique_ptr<PgConnection> conn_;
};

class PostgresDatabase final : public Database {
 public:
  PostgresDatabase(std::string uri, DatabaseOptions options)
      : uri_(std::move(uri)), options_(options) {}

  Dialect dialect() const override { return Dialect::kPostgres; }

  std::string display_url() const override { return HidePassword(uri_); }

  Result<std::unique_ptr<Tx>> Begin(TxMode mode) override {
    // kRead: one snapshot for every statement of the Tx, as SQLite's read transaction gives.
    const char* begin = mode == TxMode::kWrite ? "BEGIN"
                                               : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
    // An idle pooled connection may have died (server restart, idle timeout): drop it and try
    // the next one, then a fresh one.
    for (int attempt = 0;; ++attempt) {
      IPE_ASSIGN_OR_RETURN(auto conn, Acquire());
      ResultPtr res(PQexec(conn->get(), begin), &PQclear);
      if (PQresultStatus(res.get()) == PGRES_COMMAND_OK) {
        return std::unique_ptr<Tx>(std::make_unique<PostgresTx>(this, std::move(conn)));
      }
      Status st = ErrorFrom(conn->get(), res.get(), begin);
      bool broken = conn->broken();
      Release(std::move(conn));
      if (!broken || attempt >= options_.pool_size) return st;
    }
  }

  Status Ping() override {
    IPE_ASSIGN_OR_RETURN(auto tx, Begin(TxMode::kRead));
    return tx->Query("SELECT 1").status();
  }

  Status UpdateStatistics() override {
    // The tables of this schema only: a bare ANALYZE takes a lock on every table of the database
    // (a server shared by schemas runs out of lock slots).
    IPE_ASSIGN_OR_RETURN(auto tx, Begin(TxMode::kWrite));
    IPE_ASSIGN_OR_RETURN(auto rows, tx->Query("SELECT quote_ident(tablename) FROM pg_tables WHERE "
                                              "schemaname = current_schema() ORDER BY tablename"));
    if (rows.empty()) return tx->Commit();
    std::string sql = "ANALYZE ";
    for (size_t i = 0; i < rows.size(); ++i) sql += (i ? ", " : "") + rows[i].Text(0);
    IPE_RETURN_IF_ERROR(tx->ExecScript(sql));
    return tx->Commit();
  }

  Result<std::unique_ptr<Listener>> Listen(std::string_view channel) override {
    IPE_ASSIGN_OR_RETURN(auto conn, Open());
    // The channel's name as Announce makes it, then LISTEN under it (LISTEN takes no parameter).
    std::string sql = RewritePlaceholders("SELECT " + ScopedChannelSql());
    std::string channel_text(channel);
    const char* values[] = {channel_text.c_str()};
    ResultPtr name(PQexecParams(conn->get(), sql.c_str(), 1, nullptr, values, nullptr, nullptr, 0),
                   &PQclear);
    if (PQresultStatus(name.get()) != PGRES_TUPLES_OK) {
      return ErrorFrom(conn->get(), name.get(), sql);
    }
    std::string scoped = PQgetvalue(name.get(), 0, 0);
    char* quoted = PQescapeIdentifier(conn->get(), scoped.data(), scoped.size());
    std::string listen = std::string("LISTEN ") + quoted;
    PQfreemem(quoted);
    ResultPtr res(PQexec(conn->get(), listen.c_str()), &PQclear);
    if (PQresultStatus(res.get()) != PGRES_COMMAND_OK) {
      return ErrorFrom(conn->get(), res.get(), listen);
    }
    return std::unique_ptr<Listener>(std::make_unique<PgListener>(std::move(conn)));
  }

  Status OpenFirst() {
    IPE_ASSIGN_OR_RETURN(auto conn, Open());
    {
      std::lock_guard lock(mu_);
      ++open_;
    }
    Release(std::move(conn));
    return Status::Ok();
  }

  // Gives a connection back: to the transaction that has waited longest, else to the idle list.
  // A broken one (or one left inside a transaction) is closed; its place goes to the first waiter,
  // which opens a fresh connection.
  void Release(std::unique_ptr<PgConnection> conn) {
    std::lock_guard lock(mu_);
    bool dropped = conn->broken() || PQtransactionStatus(conn->get()) != PQTRANS_IDLE;
    if (dropped) {
      conn.reset();
      --open_;
    }
    if (waiters_.empty()) {
      if (!dropped) idle_.push_back(std::move(conn));
      return;
    }
    ServeFirstWaiter(std::move(conn));  // null when dropped: the place, not the connection
  }

 private:
  Result<std::unique_ptr<PgConnection>> Open() {
    auto conn = std::make_unique<PgConnection>(PQconnectdb(uri_.c_str()));
    if (conn->broken()) {
      std::string msg = PQerrorMessage(conn->get());
      while (!msg.empty() && msg.back() == '\n') msg.pop_back();
      return core::Unavailable("无法连接 PostgreSQL (cannot connect) " + display_url() + ": " + msg);
    }
    PQsetClientEncoding(conn->get(), "UTF8");
    // No JIT: it pays off for long analytic queries, not for the store's millisecond statements.
    // A prepared statement's generic plan of a page query is costed for a tenth of the table
    // (133,000 at 1M cases, over jit_above_cost), and compiling it took 12–40 ms of a 0.2 ms
    // page (docs/volume.md).
    {
      ResultPtr res(PQexec(conn->get(), "SET jit = off"), &PQclear);
      if (PQresultStatus(res.get()) != PGRES_COMMAND_OK) {
        return core::Unavailable("PostgreSQL 连接设置失败 (session setup failed) " + display_url() +
                                 ": " + PQerrorMessage(conn->get()));
      }
    }
    // NOTICEs ("relation already exists, skipping") are expected in migrations; keep stderr clean.
    PQsetNoticeProcessor(conn->get(), [](void*, const char*) {}, nullptr);
    return conn;
  }

  // A transaction waiting for a connection (Acquire): Release hands it one, or the right to open
  // one (served without a connection), in the order they came.
  struct Waiter {
    std::condition_variable cv;
    std::unique_ptr<PgConnection> conn;
    bool served = false;
  };

  // Under mu_, with a waiter queued: hands `conn` to the one that has waited longest, or when
  // `conn` is null a place in the pool (counted in open_ here), which it opens itself.
  void ServeFirstWaiter(std::unique_ptr<PgConnection> conn) {
    Waiter* first = waiters_.front();
    waiters_.pop_front();
    if (!conn) ++open_;
    first->conn = std::move(conn);
    first->served = true;
    first->cv.notify_one();
  }

  // First come, first served. Waiting on one condition variable let a thread that had just
  // released a connection take it back before the thread it woke could run: under 64 viewers on 8
  // connections the same threads kept the connections and a few waited hundreds of milliseconds
  // (statistics_bench: p50 17 ms, p99 493 ms). Release now hands the connection to the waiter
  // at the head of the queue, and a newcomer queues behind the waiters even when it could open one.
  Result<std::unique_ptr<PgConnection>> Acquire() {
    std::unique_lock lock(mu_);
    if (waiters_.empty()) {
      if (!idle_.empty()) {
        auto conn = std::move(idle_.back());
        idle_.pop_back();
        return conn;
      }
      if (open_ < options_.pool_size) {
        ++open_;
        lock.unlock();
        return OpenCounted();
      }
    }
    Waiter me;
    waiters_.push_back(&me);
    if (!me.cv.wait_for(lock, std::chrono::milliseconds(options_.busy_timeout_ms), [&] { return me.served; })) {
      waiters_.erase(std::find(waiters_.begin(), waiters_.end(), &me));
      return core::Unavailable("数据库连接池已满 (no free PostgreSQL connection)");
    }
    if (me.conn) return std::move(me.conn);
    lock.unlock();
    return OpenCounted();  // a broken connection's place, counted in open_ by Release
  }

  // Opens a connection whose place is already counted in open_; gives the place back on failure.
  Result<std::unique_ptr<PgConnection>> OpenCounted() {
    auto conn = Open();
    if (!conn) {
      std::lock_guard relock(mu_);
      --open_;
      // The place is free again: the first waiter may try.
      if (!waiters_.empty()) ServeFirstWaiter(nullptr);
    }
    return conn;
  }

  const std::string uri_;
  const DatabaseOptions options_;
  std::mutex mu_;
  std::vector<std::unique_ptr<PgConnection>> idle_;  // GUARDED_BY(mu_)
  std::deque<Waiter*> waiters_;                      // GUARDED_BY(mu_), oldest first
  int open_ = 0;                                      // GUARDED_BY(mu_)
};

PostgresTx::~PostgresTx() {
  if (!done_) {
    ResultPtr res(PQexec(conn_->get(), "ROLLBACK"), &PQclear);
  }
  ReleaseConnection();
}

void PostgresTx::ReleaseConnection() {
  if (conn_) owner_->Release(std::move(conn_));
}

}  // namespace

std::string HidePassword(std::string_view uri) {
  std::string out(uri);
  // "scheme://user:password@host" → "scheme://user:***@host".
  size_t scheme = out.find("://");
  if (scheme != std::string::npos) {
    size_t start = scheme + 3;
    size_t end = out.find_first_of("/?", start);
    size_t at = out.rfind('@', end == std::string::npos ? std::string::npos : end);
    if (at != std::string::npos && at >= start) {
      size_t colon = out.find(':', start);
      if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  // "?password=secret&…" → "?password=***&…".
  size_t query = out.find('?');
  while (query != std::string::npos) {
    size_t key = query + 1;
    size_t next = out.find('&', key);
    if (out.compare(key, 9, "password=") == 0) {
      size_t value = key + 9;
      out.replace(value, (next == std::string::npos ? out.size() : next) - value, "***");
      next = out.find('&', value);
    }
    query = next;
  }
  return out;
}

std::string RewritePlaceholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  for (size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (c == '\'' || c == '"') {  // copy a quoted string or identifier ('' and "" escape)
      char q = c;
      out += c;
      for (++i; i < sql.size(); ++i) {
        out += sql[i];
        if (sql[i] == q) {
          if (i + 1 < sql.size() && sql[i + 1] == q) {
            out += sql[++i];
          } else {
            break;
          }
        }
      }
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {  // line comment
      while (i < sql.size() && sql[i] != '\n') out += sql[i++];
      if (i < sql.size()) out += sql[i];
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {  // block comment
      size_t end = sql.find("*/", i + 2);
      end = end == std::string_view::npos ? sql.size() : end + 2;
      out.append(sql.substr(i, end - i));
      i = end - 1;
    } else if (c == '?') {
      out += '$';
      out += std::to_string(++n);
    } else {
      out += c;
    }
  }
  return out;
}

Result<std::unique_ptr<Database>> OpenPostgres(const std::string& uri,
                                               const DatabaseOptions& options) {
  auto db = std::make_unique<PostgresDatabase>(uri, options);
  IPE_RETURN_IF_ERROR(db->OpenFirst());
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace ipe::storage
