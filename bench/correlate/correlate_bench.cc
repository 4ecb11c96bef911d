// bench/correlate: a million generated records (3–5 observables each, fixed seed) normalised and
// correlated; "records linked to this one" lookup latency; and the same key self-join done in SQL
// on SQLite (and on PostgreSQL when IPE_PG_DSN is set), with the ratio.
//
//   correlate_bench [--records N] [--lookups N] [--cap N] [--no-sql]
//
// Timing excludes generating the input (done in chunks outside the timed regions). The SQL side
// is handed the already-normalised strong keys for free and computes linked pairs only (not
// clusters), so the ratio flatters SQL.
#include <libpq-fe.h>
#include <sqlite3.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "link/batch.h"
#include "tests/link/labelled_generator.h"

namespace {

using Clock = std::chrono::steady_clock;
using ipe::link::testing::LabelledGenerator;
using ipe::link::testing::LabelledRecord;

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

long PeakRssKb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

struct Flags {
  size_t records = 1000000;
  size_t lookups = 100000;
  uint32_t cap = 50;
  bool sql = true;
  std::string write_jsonl;  // write the generated records as `ipenforce correlate` input, exit
};

bool ParseFlags(int argc, char** argv, Flags* flags) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&](size_t* out) {
      if (i + 1 >= argc) return false;
      *out = std::strtoull(argv[++i], nullptr, 10);
      return true;
    };
    size_t v = 0;
    if (a == "--records" && next(&v)) {
      flags->records = v;
    } else if (a == "--lookups" && next(&v)) {
      flags->lookups = v;
    } else if (a == "--cap" && next(&v)) {
      flags->cap = static_cast<uint32_t>(v);
    } else if (a == "--no-sql") {
      flags->sql = false;
    } else if (a == "--write-jsonl" && i + 1 < argc) {
      flags->write_jsonl = argv[++i];
    } else {
      std::fprintf(stderr,
                   "usage: correlate_bench [--records N] [--lookups N] [--cap N] [--no-sql] "
                   "[--write-jsonl FILE]\n");
      return false;
    }
  }
  return flags->records > 0 && flags->cap > 0;
}

// The strong keys of every record, as the SQL side gets them: (record index, "type:value").
struct KeyRows {
  std::vector<uint32_t> record;
  std::vector<std::string> key;
};

KeyRows CollectKeys(const LabelledGenerator& gen, const ipe::link::Normaliser& normaliser) {
  KeyRows rows;
  for (size_t i = 0; i < gen.size(); ++i) {
    LabelledRecord r = gen.Record(i);
    for (const auto& obs : r.record.observables) {
      ipe::link::Normalised n = normaliser.Normalise(obs);
      if (n.verdict == ipe::link::Verdict::kKey && ipe::link::IsStrong(n.key.type)) {
        rows.record.push_back(static_cast<uint32_t>(i));
        rows.key.push_back(n.key.ToString());
      }
    }
  }
  return rows;
}

// Distinct pairs of records sharing a key held by 2..cap records (the direct links; clusters would
// need a recursive query on top). Same text on SQLite and PostgreSQL.
std::string PairsSql(uint32_t cap) {
  return "SELECT count(*) FROM (SELECT DISTINCT a.rid AS r1, b.rid AS r2 FROM obs a JOIN obs b "
         "ON a.key = b.key AND a.rid < b.rid "
         "WHERE a.key IN (SELECT key FROM obs GROUP BY key HAVING count(*) BETWEEN 2 AND " +
         std::to_string(cap) + ")) AS pairs";
}

struct SqlTimes {
  double load = 0;
  double index = 0;
  double join = 0;
  long long pairs = 0;
  bool ok = false;
};

bool SqliteExec(sqlite3* db, const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::fprintf(stderr, "sqlite: %s: %s\n", sql.c_str(), err ? err : "?");
    sqlite3_free(err);
    return false;
  }
  return true;
}

SqlTimes RunSqlite(const KeyRows& rows, uint32_t cap) {
  SqlTimes t;
  sqlite3* db = nullptr;
  if (sqlite3_open(":memory:", &db) != SQLITE_OK) return t;
  auto start = Clock::now();
  SqliteExec(db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-1000000;");
  SqliteExec(db, "CREATE TABLE obs(rid INTEGER NOT NULL, key TEXT NOT NULL)");
  SqliteExec(db, "BEGIN");
  sqlite3_stmt* insert = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO obs VALUES(?, ?)", -1, &insert, nullptr);
  for (size_t i = 0; i < rows.key.size(); ++i) {
    sqlite3_bind_int64(insert, 1, rows.record[i]);
    sqlite3_bind_text(insert, 2, rows.key[i].data(), static_cast<int>(rows.key[i].size()),
                      SQLITE_STATIC);
    sqlite3_step(insert);
    sqlite3_reset(insert);
  }
  sqlite3_finalize(insert);
  SqliteExec(db, "COMMIT");
  t.load = Seconds(Clock::now() - start);
  start = Clock::now();
  SqliteExec(db, "CREATE INDEX obs_key ON obs(key, rid)");
  t.index = Seconds(Clock::now() - start);
  start = Clock::now();
  sqlite3_stmt* q = nullptr;
  std::string sql = PairsSql(cap);
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &q, nullptr) == SQLITE_OK &&
      sqlite3_step(q) == SQLITE_ROW) {
    t.pairs = sqlite3_column_int64(q, 0);
    t.ok = true;
  }
  sqlite3_finalize(q);
  t.join = Seconds(Clock::now() - start);
  sqlite3_close(db);
  return t;
}

bool PgOk(PGconn* conn, PGresult* res, const char* what) {
  ExecStatusType s = PQresultStatus(res);
  bool ok = s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK || s == PGRES_COPY_IN;
  if (!ok) std::fprintf(stderr, "postgres %s: %s", what, PQerrorMessage(conn));
  return ok;
}

SqlTimes RunPostgres(const char* dsn, const KeyRows& rows, uint32_t cap) {
  SqlTimes t;
  PGconn* conn = PQconnectdb(dsn);
  if (PQstatus(conn) != CONNECTION_OK) {
    std::fprintf(stderr, "postgres: %s", PQerrorMessage(conn));
    PQfinish(conn);
    return t;
  }
  auto exec = [&](const std::string& sql) {
    PGresult* r = PQexec(conn, sql.c_str());
    bool ok = PgOk(conn, r, sql.c_str());
    PQclear(r);
    return ok;
  };
  auto start = Clock::now();
  exec("CREATE TEMP TABLE obs(rid integer NOT NULL, key text NOT NULL)");
  PGresult* r = PQexec(conn, "COPY obs FROM STDIN");
  bool copying = PgOk(conn, r, "COPY");
  PQclear(r);
  if (copying) {
    std::string buf;
    for (size_t i = 0; i < rows.key.size(); ++i) {
      buf += std::to_string(rows.record[i]);
      buf += '\t';
      for (char c : rows.key[i]) {
        if (c == '\\' || c == '\t' || c == '\n') buf += '\\';
        buf += c;
      }
      buf += '\n';
      if (buf.size() > (1 << 20)) {
        PQputCopyData(conn, buf.data(), static_cast<int>(buf.size()));
        buf.clear();
      }
    }
    PQputCopyData(conn, buf.data(), static_cast<int>(buf.size()));
    PQputCopyEnd(conn, nullptr);
    PGresult* end = PQgetResult(conn);
    PgOk(conn, end, "COPY end");
    PQclear(end);
  }
  t.load = Seconds(Clock::now() - start);
  start = Clock::now();
  exec("CREATE INDEX obs_key ON obs(key, rid)");
  exec("ANALYZE obs");
  t.index = Seconds(Clock::now() - start);
  start = Clock::now();
  std::string sql = PairsSql(cap);
  PGresult* q = PQexec(conn, sql.c_str());
  if (PgOk(conn, q, "join") && PQntuples(q) == 1) {
    t.pairs = std::atoll(PQgetvalue(q, 0, 0));
    t.ok = true;
  }
  PQclear(q);
  t.join = Seconds(Clock::now() - start);
  PQfinish(conn);
  return t;
}

std::string JsonString(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) continue;  // the generator writes none
    out += c;
  }
  return out + "\"";
}

// The generated records as JSONL, so `ipenforce correlate` can be timed on the same input.
int WriteJsonl(const LabelledGenerator& gen, const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "w");
  if (f == nullptr) return 2;
  std::string line;
  for (size_t i = 0; i < gen.size(); ++i) {
    LabelledRecord r = gen.Record(i);
    line = "{\"id\":" + JsonString(r.record.id) + ",\"agency\":" + JsonString(r.record.agency) +
           ",\"region\":" + JsonString(r.record.region) + ",\"observables\":[";
    for (size_t k = 0; k < r.record.observables.size(); ++k) {
      const auto& o = r.record.observables[k];
      line += (k ? ",{\"type\":" : "{\"type\":") +
              JsonString(ipe::link::ObservableTypeName(o.type)) + ",\"value\":" +
              JsonString(o.value) + "}";
    }
    line += "]}\n";
    std::fwrite(line.data(), 1, line.size(), f);
  }
  return std::fclose(f) == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  Flags flags;
  if (!ParseFlags(argc, argv, &flags)) return 2;
  using namespace ipe::link;

  DomainRules rules = DomainRules::Builtin();
  JunkList junk = *JunkList::Parse(DefaultJunkListText(), rules);
  Normaliser normaliser(&rules, &junk);

  testing::GeneratorOptions options;
  options.records = flags.records;
  LabelledGenerator gen(options);
  if (!flags.write_jsonl.empty()) return WriteJsonl(gen, flags.write_jsonl);

  CorrelationIndex index({.cap = flags.cap});
  index.Reserve(flags.records, flags.records * 4);
  Clock::duration normalise_time{};
  Clock::duration link_time{};
  size_t observables = 0;
  size_t keys = 0;
  long long pairs_in_clusters = 0;
  constexpr size_t kChunk = 65536;
  std::vector<LabelledRecord> chunk;
  std::vector<RecordInput> inputs;
  for (size_t begin = 0; begin < gen.size(); begin += kChunk) {
    size_t end = std::min(gen.size(), begin + kChunk);
    chunk.clear();
    for (size_t i = begin; i < end; ++i) chunk.push_back(gen.Record(i));  // not timed

    auto t0 = Clock::now();
    inputs.clear();
    for (LabelledRecord& r : chunk) {
      RecordInput in{std::move(r.record.id), std::move(r.record.agency),
                     std::move(r.record.region), {}};
      for (const Observable& obs : r.record.observables) {
        Normalised n = normaliser.Normalise(obs);
        if (n.verdict == Verdict::kKey) in.keys.push_back(std::move(n.key));
      }
      observables += r.record.observables.size();
      keys += in.keys.size();
      inputs.push_back(std::move(in));
    }
    auto t1 = Clock::now();
    for (const RecordInput& in : inputs) {
      if (!index.Add(in)) {
        std::fprintf(stderr, "Add failed for %s\n", in.id.c_str());
        return 1;
      }
    }
    auto t2 = Clock::now();
    normalise_time += t1 - t0;
    link_time += t2 - t1;
  }
  chunk = {};
  inputs = {};
  const long rss_after_link_kb = PeakRssKb();
  auto tc = Clock::now();
  size_t cluster_count = 0;
  size_t cross_region = 0;
  index.ForEachCluster(2, [&](const Cluster& c) {
    ++cluster_count;
    cross_region += c.cross_region;
    pairs_in_clusters += static_cast<long long>(c.records.size()) * (c.records.size() - 1) / 2;
  });
  double clusters_time = Seconds(Clock::now() - tc);
  double total = Seconds(normalise_time + link_time);
  std::printf("records                 %zu (observables %zu, keys %zu)\n", gen.size(), observables,
              keys);
  std::printf("correlated in           %.2f s  (normalise %.2f s + link %.2f s; target < 10 s)\n",
              total, Seconds(normalise_time), Seconds(link_time));
  std::printf("per record              %.2f us (link only %.2f us)\n", total * 1e6 / gen.size(),
              Seconds(link_time) * 1e6 / gen.size());
  std::printf("clusters (2+)           %zu, cross-region %zu, listed in %.2f s\n", cluster_count, cross_region, clusters_time);
  std::printf("distinct keys           %zu; over cap %u: %zu\n", index.key_count(), flags.cap,
              index.OverCapKeys().size());
  std::printf("index memory            %.1f MB (%.0f bytes/record)\n",
              index.MemoryBytes() / 1048576.0,
              static_cast<double>(index.MemoryBytes()) / gen.size());
  std::printf("peak RSS                %.1f MB after linking (whole process, input chunks "
              "included); %.1f MB after streaming every cluster\n",
              rss_after_link_kb / 1024.0, PeakRssKb() / 1024.0);

  // Lookups: "records linked to this one" for random records, as an officer of the owning agency
  // scoped to the province of the record.
  if (flags.lookups > 0) {
    std::vector<double> us;
    us.reserve(flags.lookups);
    uint64_t state = 12345;
    size_t found = 0;
    for (size_t i = 0; i < flags.lookups; ++i) {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      size_t idx = (state >> 33) % gen.size();
      LabelledRecord r = gen.Record(idx);  // not timed
      std::string province = r.record.region.substr(0, 2);
      Scope scope{r.record.agency, false, [province](std::string_view region) {
                    return region.substr(0, 2) == province;
                  }};
      auto t0 = Clock::now();
      auto links = index.Linked(r.record.id, scope);
      auto t1 = Clock::now();
      if (links && !links->records.empty()) ++found;
      us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
    }
    std::sort(us.begin(), us.end());
    auto pct = [&](double p) { return us[std::min(us.size() - 1, size_t(p * us.size()))]; };
    std::printf("lookup Linked()         p50 %.1f us, p99 %.1f us, max %.1f us over %zu "
                "(target p99 < 1000 us; %zu had visible links)\n",
                pct(0.50), pct(0.99), us.back(), us.size(), found);
  }

  if (flags.sql) {
    KeyRows rows = CollectKeys(gen, normaliser);
    std::printf("pairs linked (ours)     %lld pairs inside clusters\n", pairs_in_clusters);
    SqlTimes lite = RunSqlite(rows, flags.cap);
    if (lite.ok) {
      std::printf("SQLite self-join        load %.2f s, index %.2f s, join %.2f s -> %lld linked "
                  "pairs (pairs only, no clusters)\n",
                  lite.load, lite.index, lite.join, lite.pairs);
      std::printf("ratio SQLite/ours       %.1fx (index+join vs link), %.1fx (load+index+join vs "
                  "normalise+link)\n",
                  (lite.index + lite.join) / Seconds(link_time),
                  (lite.load + lite.index + lite.join) / total);
    }
    if (const char* dsn = std::getenv("IPE_PG_DSN"); dsn != nullptr && *dsn != '\0') {
      SqlTimes pg = RunPostgres(dsn, rows, flags.cap);
      if (pg.ok) {
        std::printf("PostgreSQL self-join    COPY %.2f s, index %.2f s, join %.2f s -> %lld "
                    "linked pairs\n",
                    pg.load, pg.index, pg.join, pg.pairs);
        std::printf("ratio PostgreSQL/ours   %.1fx (index+join vs link), %.1fx (all vs "
                    "normalise+link)\n",
                    (pg.index + pg.join) / Seconds(link_time),
                    (pg.load + pg.index + pg.join) / total);
      }
    } else {
      std::printf("PostgreSQL              skipped (set IPE_PG_DSN to compare)\n");
    }
  }
  return 0;
}
