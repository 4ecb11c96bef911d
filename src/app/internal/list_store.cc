// The list and search SQL the areas' stores share. See list_store.h.
#include "app/internal/list_store.h"

#include <algorithm>
#include <chrono>
#include <memory>
#include <cstdlib>
#include <mutex>
#include <unordered_map>

#include "app/internal/text.h"
#include "core/region.h"

namespace ipe::app::internal {
namespace {

using storage::Dialect;
using storage::Params;
using storage::Row;
using storage::Value;

// The search-index condition for a query, for the FTS5 MATCH or the tsquery.
std::string MatchExpression(const std::vector<core::QueryTerm>& terms, Dialect dialect) {
  std::string s;
  for (const auto& t : terms) {
    if (!s.empty()) s += dialect == Dialect::kSqlite ? " AND " : " & ";
    if (dialect == Dialect::kSqlite) {
      s += '"' + t.text + '"' + (t.prefix ? "*" : "");
    } else {
      s += '\'' + t.text + '\'' + (t.prefix ? ":*" : "");
    }
  }
  return s;
}

}  // namespace

std::string TermMatch(storage::Dialect dialect, const std::vector<core::QueryTerm>& terms) {
  return MatchExpression(terms, dialect);
}

std::string Placeholders(size_t n) {
  std::string s;
  for (size_t i = 0; i < n; ++i) s += i ? ", ?" : "?";
  return s;
}

std::string LockClause(const storage::Tx& tx, bool for_update, const std::string& alias) {
  return for_update && tx.dialect() == storage::Dialect::kPostgres ? " FOR UPDATE OF " + alias : "";
}

std::string ProvinceOf(const std::string& region) { return core::ProvinceCodeOf(region); }
std::string PrefectureOf(const std::string& region) { return core::PrefectureCodeOf(region); }

std::optional<std::pair<std::string, std::string>> RegionEquality(std::string_view alias,
                                                                  const std::string& code) {
  if (code == "000000" || code.size() != 6) return std::nullopt;
  std::string column(alias);
  switch (core::LevelOfCode(code)) {
    case core::RegionLevel::kProvince: column += ".province_code"; break;
    case core::RegionLevel::kPrefecture: column += ".prefecture_code"; break;
    case core::RegionLevel::kCounty: column += ".region_code"; break;
  }
  return std::make_pair(std::move(column), code);
}

std::string JoinTerms(const std::vector<std::string>& terms) {
  std::string s;
  for (const auto& t : terms) {
    if (!s.empty()) s += ' ';
    s += t;
  }
  return s;
}

// Terms never hold quotes or backslashes (ASCII punctuation separates terms), so quoting is
// enough.
std::string TsVectorLiteral(const std::vector<std::string>& terms) {
  std::string s;
  for (const auto& t : terms) {
    if (!s.empty()) s += ' ';
    s += '\'' + t + '\'';
  }
  return s;
}

core::Status IndexText(storage::Tx& tx, const TermIndex& index, int64_t id,
                       const std::string& old_text, const std::string& new_text) {
  auto new_terms = core::IndexTerms(new_text);
  const std::string table = index.table;
  if (tx.dialect() == Dialect::kPostgres) {
    return tx.Exec("UPDATE " + table + " SET search_text = ?, search_tsv = CAST(? AS tsvector) "
                   "WHERE id = ?",
                   {new_text, TsVectorLiteral(new_terms), id})
        .status();
  }
  const std::string fts = index.fts_table;
  // Contentless FTS5: removing a row's terms takes the terms it was indexed with.
  if (!old_text.empty()) {
    IPE_RETURN_IF_ERROR(tx.Exec("INSERT INTO " + fts + " (" + fts + ", rowid, terms) VALUES "
                                "('delete', ?, ?)",
                                {id, JoinTerms(core::IndexTerms(old_text))})
                            .status());
  }
  IPE_RETURN_IF_ERROR(
      tx.Exec("INSERT INTO " + fts + " (rowid, terms) VALUES (?, ?)", {id, JoinTerms(new_terms)})
          .status());
  return tx.Exec("UPDATE " + table + " SET search_text = ? WHERE id = ?", {new_text, id}).status();
}

NewRowSearch SearchOfNewRow(Dialect dialect, const std::string& text, Params& params) {
  params.emplace_back(text);
  if (dialect == Dialect::kSqlite) return {", search_text", ", ?"};
  params.emplace_back(TsVectorLiteral(core::IndexTerms(text)));
  return {", search_text, search_tsv", ", ?, CAST(? AS tsvector)"};
}

core::Status IndexNewRow(storage::Tx& tx, const TermIndex& index, int64_t id,
                         const std::string& text) {
  if (tx.dialect() == Dialect::kPostgres) return core::Status::Ok();  // the row carries it
  const std::string fts = index.fts_table;
  return tx
      .Exec("INSERT INTO " + fts + " (rowid, terms) VALUES (?, ?)",
            {id, JoinTerms(core::IndexTerms(text))})
      .status();
}

core::Status RebuildTermIndexIfStale(storage::Database& db, const TermIndex& index) {
  {
    IPE_ASSIGN_OR_RETURN(auto tx, db.Begin(storage::TxMode::kRead));
    IPE_ASSIGN_OR_RETURN(auto rows, tx->Query("SELECT version FROM search_index_state WHERE "
                                              "name = ?",
                                              {index.state_name}));
    if (!rows.empty() && rows[0].Int(0) == kSearchTermsVersion) return core::Status::Ok();
  }
  IPE_ASSIGN_OR_RETURN(auto tx, db.Begin(storage::TxMode::kWrite));
  const bool postgres = tx->dialect() == Dialect::kPostgres;
  const std::string table = index.table;
  const std::string fts = index.fts_table;
  if (!postgres) {
    // A contentless index cannot delete rows it does not know the terms of: start empty.
    IPE_RETURN_IF_ERROR(
        tx->Exec("INSERT INTO " + fts + " (" + fts + ") VALUES ('delete-all')").status());
  }
  // The stored text already holds what is searchable; fold it again (older rows were folded
  // differently, or not at all) and index its terms.
  int64_t after = 0;
  for (;;) {
    IPE_ASSIGN_OR_RETURN(auto rows, tx->Query("SELECT id, search_text FROM " + table +
                                                  " WHERE id > ? ORDER BY id LIMIT 2000",
                                              {after}));
    if (rows.empty()) break;
    for (const Row& r : rows) {
      int64_t id = r.Int(0);
      std::string text = core::FoldForSearch(r.Text(1));
      auto terms = core::IndexTerms(text);
      if (postgres) {
        IPE_RETURN_IF_ERROR(tx->Exec("UPDATE " + table + " SET search_text = ?, search_tsv = "
                                     "CAST(? AS tsvector) WHERE id = ?",
                                     {text, TsVectorLiteral(terms), id})
                                .status());
      } else {
        IPE_RETURN_IF_ERROR(
            tx->Exec("UPDATE " + table + " SET search_text = ? WHERE id = ?", {text, id})
                .status());
        IPE_RETURN_IF_ERROR(tx->Exec("INSERT INTO " + fts + " (rowid, terms) VALUES (?, ?)",
                                     {id, JoinTerms(terms)})
                                .status());
      }
      after = id;
    }
  }
  IPE_RETURN_IF_ERROR(tx->Exec("UPDATE search_index_state SET version = ? WHERE name = ?",
                               {kSearchTermsVersion, index.state_name})
                          .status());
  return tx->Commit();
}

namespace {

int64_t SteadySeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// Values read from the database's own bookkeeping (planner statistics, FTS5 vocabularies) that
// only steer a choice between two walks answering the same, kept per process for `max_age`
// seconds and shared by its connections; a full cache starts again.
template <typename V>
class RecentValues {
 public:
  RecentValues(int64_t max_age, size_t max_entries)
      : max_age_(max_age), max_entries_(max_entries) {}

  std::optional<V> Get(const std::string& key, int64_t now) {
    std::lock_guard lock(mu_);
    auto it = values_.find(key);
    if (it == values_.end() || now - it->second.second > max_age_) return std::nullopt;
    return it->second.first;
  }
  void Put(const std::string& key, V value, int64_t now) {
    std::lock_guard lock(mu_);
    if (values_.size() >= max_entries_) values_.clear();
    values_[key] = {std::move(value), now};
  }

 private:
  const int64_t max_age_;
  const size_t max_entries_;
  std::mutex mu_;
  std::unordered_map<std::string, std::pair<V, int64_t>> values_;  // GUARDED_BY(mu_)
};

// The most common lexemes of a table's search_tsv with their frequencies, as read from pg_stats.
struct TermStatistics {
  std::unordered_map<std::string, double> frequency;
  double least = 0;  // the frequency of the least common lexeme listed
  double rows = 0;   // the table's estimated row count
};

// Per table. A minute: statistics read while the server's own ANALYZE at start (or
// autovacuum's) was still running were kept for five minutes and sent q=奶粉 through the GIN
// index throughout a benchmark (1.27 s p50 instead of 0.19 s). Shared, not copied, per request.
RecentValues<std::shared_ptr<const TermStatistics>>& Statistics() {
  static RecentValues<std::shared_ptr<const TermStatistics>> statistics(60, 1000);
  return statistics;
}

// Term counts keyed by vocabulary table and term.
RecentValues<int64_t>& Vocabulary() {
  static RecentValues<int64_t> vocabulary(300, 20000);
  return vocabulary;
}

}  // namespace

core::Result<int64_t> VocabularyRows(storage::Tx& tx, const std::string& vocab_table,
                                     const std::vector<core::QueryTerm>& terms) {
  const int64_t now = SteadySeconds();
  int64_t rarest = -1;  // unknown
  for (const core::QueryTerm& t : terms) {
    if (t.prefix) continue;  // a prefix is many terms
    const std::string key = vocab_table + '\t' + t.text;
    std::optional<int64_t> n = Vocabulary().Get(key, now);
    if (!n) {
      IPE_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT doc FROM " + vocab_table +
                                                   " WHERE term = ?",
                                               {t.text}));
      n = rows.empty() ? 0 : rows[0].Int(0);
      Vocabulary().Put(key, *n, now);
    }
    if (rarest < 0 || *n < rarest) rarest = *n;
  }
  return rarest;
}

core::Result<std::optional<int64_t>> EstimatedTermRows(storage::Tx& tx, const std::string& table,
                                                       const std::vector<core::QueryTerm>& terms) {
  if (tx.dialect() != Dialect::kPostgres) return std::optional<int64_t>();
  const int64_t now = SteadySeconds();
  std::optional<std::shared_ptr<const TermStatistics>> cached = Statistics().Get(table, now);
  std::shared_ptr<const TermStatistics> stats = cached ? *cached : nullptr;
  if (!stats) {
    auto t = std::make_shared<TermStatistics>();
    // The per-lexeme frequencies come first in most_common_elem_freqs (then summary values):
    // unnest pairs them with the lexemes and pads the shorter array with NULLs.
    IPE_ASSIGN_OR_RETURN(
        auto rows,
        tx.Query("SELECT e.lexeme, e.freq FROM pg_stats s, unnest(s.most_common_elems::text::"
                 "text[], s.most_common_elem_freqs) AS e(lexeme, freq) WHERE s.schemaname = "
                 "current_schema() AND s.tablename = ? AND s.attname = 'search_tsv' AND "
                 "e.lexeme IS NOT NULL",
                 {table}));
    for (const Row& r : rows) {
      double freq = std::strtod(r.Text(1).c_str(), nullptr);
      t->frequency[r.Text(0)] = freq;
      if (t->least == 0 || freq < t->least) t->least = freq;
    }
    IPE_ASSIGN_OR_RETURN(auto count, tx.Query("SELECT reltuples FROM pg_class WHERE oid = "
                                              "to_regclass(?)",
                                              {table}));
    if (!count.empty()) t->rows = std::strtod(count[0].Text(0).c_str(), nullptr);
    // Before the first ANALYZE there is nothing to keep: asked again next time.
    if (!t->frequency.empty()) Statistics().Put(table, t, now);
    stats = std::move(t);
  }
  if (stats->frequency.empty() || stats->rows <= 0) return std::optional<int64_t>();
  std::optional<double> rarest;
  for (const core::QueryTerm& term : terms) {
    if (term.prefix) continue;  // a prefix stands for many lexemes
    auto it = stats->frequency.find(term.text);
    double freq = it == stats->frequency.end() ? stats->least : it->second;
    if (!rarest || freq < *rarest) rarest = freq;
  }
  if (!rarest) return std::optional<int64_t>();
  return std::optional<int64_t>(static_cast<int64_t>(*rarest * stats->rows));
}

std::string ContainsPattern(std::string_view folded) {
  std::string like = "%";
  for (char ch : folded) {
    if (ch == '%' || ch == '_' || ch == '\\') like += '\\';
    like += ch;
  }
  like += '%';
  return like;
}

IndexWalk WalkByEquality(const std::string& column, const Value& value, const std::string& alias) {
  return {column + " >= ? AND " + column + " <= ?", {value, value},
          column + " DESC, " + alias + ".id DESC"};
}

core::Status PlanForValues(storage::Tx& tx) {
  if (tx.dialect() != Dialect::kPostgres) return core::Status::Ok();
  return tx.ExecScript("SET LOCAL plan_cache_mode = force_custom_plan");
}

ListQuery::ListQuery(std::string table, std::string alias, const TermIndex* index)
    : table_(std::move(table)), alias_(std::move(alias)), index_(index) {}

void ListQuery::Where(std::string condition) { where_.push_back(std::move(condition)); }

void ListQuery::Where(std::string condition, Value value) {
  where_.push_back(std::move(condition));
  params_.push_back(std::move(value));
}

void ListQuery::WhereAll(std::string condition, Params values) {
  where_.push_back(std::move(condition));
  params_.insert(params_.end(), values.begin(), values.end());
}

void ListQuery::WhereEqual(std::string column, Value value, int narrowness) {
  equalities_.push_back({std::move(column), std::move(value), narrowness});
}

void ListQuery::InRegion(const std::string& code) {
  if (auto r = RegionEquality(alias_, code)) WhereEqual(r->first, r->second, 1);
}

void ListQuery::Search(std::string_view query) {
  std::string folded = core::FoldForSearch(Trim(query));
  if (folded.empty()) return;
  RequireTerms(core::SearchQueryTerms(folded));
  Where(alias_ + ".search_text LIKE ? ESCAPE '\\'", ContainsPattern(folded));
  searching_ = true;
}

void ListQuery::RequireTerms(std::vector<core::QueryTerm> terms) {
  for (auto& t : terms) terms_.push_back(std::move(t));
}

void ListQuery::OrderBy(std::string order) { order_ = std::move(order); }

core::Result<bool> ListQuery::UseTermIndex(storage::Tx& tx) const {
  if (terms_.empty() || index_ == nullptr) return false;
  if (tx.dialect() == Dialect::kSqlite) {
    // FTS5 walks its doclists newest first, so an unfiltered newest-first search always takes
    // it. With filters (a scope, an agency, a status …) a common term would reach the filtered
    // rows through every newer match elsewhere — a scoped officer's 鞋 read 40 times the rows it
    // showed — and in another order (the hits' queue by score) every match is read and sorted;
    // then the list's own index is walked with the text recheck.
    const bool filtered = where_.size() + equalities_.size() > (searching_ ? 1u : 0u);
    if ((!filtered && order_.empty()) || index_->vocab_table == nullptr) return true;
    IPE_ASSIGN_OR_RETURN(int64_t rarest, VocabularyRows(tx, index_->vocab_table, terms_));
    return rarest <= term_walk_limit_;
  }
  IPE_ASSIGN_OR_RETURN(std::optional<int64_t> rows, EstimatedTermRows(tx, table_, terms_));
  return !rows || *rows <= term_walk_limit_;
}

// A PostgreSQL search that walks the list newest first walks its narrowest equality's index.
const ListQuery::Equality* ListQuery::Walked(Dialect dialect, bool use_terms) const {
  if (dialect != Dialect::kPostgres || !searching_ || use_terms || !order_.empty()) return nullptr;
  const Equality* walked = nullptr;
  for (const Equality& e : equalities_) {
    if (walked == nullptr || e.narrowness < walked->narrowness) walked = &e;
  }
  return walked;
}

core::Status ListQuery::PlanIfNeeded(storage::Tx& tx, bool use_terms) const {
  if (planned_for_values_ || tx.dialect() != Dialect::kPostgres) return core::Status::Ok();
  // A walk is a search (its recheck) and an equality: two conditions too.
  const size_t conditions = where_.size() + equalities_.size() + (use_terms ? 1 : 0);
  if (conditions < 2) return core::Status::Ok();
  planned_for_values_ = true;
  return PlanForValues(tx);
}

std::string ListQuery::Sql(Dialect dialect, bool use_terms, Params& params, bool ordered) const {
  std::string from = " FROM " + table_ + " " + alias_;
  std::string order = order_.empty() ? alias_ + ".id DESC" : order_;
  std::vector<std::string> where;
  if (use_terms) {
    params.emplace_back(MatchExpression(terms_, dialect));
    if (dialect == Dialect::kSqlite) {
      // The FTS5 table drives the join (CROSS JOIN keeps it outer), walking its rowids
      // downwards, so a newest-first page stops after page_size matches.
      const std::string fts = index_->fts_table;
      from = " FROM " + fts + " s CROSS JOIN " + table_ + " " + alias_;
      where.push_back("s." + fts + " MATCH ? AND " + alias_ + ".id = s.rowid");
      if (order_.empty()) order = "s.rowid DESC";
    } else {
      where.push_back(alias_ + ".search_tsv @@ CAST(? AS tsquery)");
    }
  }
  where.insert(where.end(), where_.begin(), where_.end());
  params.insert(params.end(), params_.begin(), params_.end());
  const Equality* walked = Walked(dialect, use_terms);
  for (const Equality& e : equalities_) {
    if (&e == walked) {
      IndexWalk walk = WalkByEquality(e.column, e.value, alias_);
      where.push_back(walk.condition);
      params.insert(params.end(), walk.params.begin(), walk.params.end());
      order = walk.order;
    } else {
      where.push_back(e.column + " = ?");
      params.push_back(e.value);
    }
  }
  std::string sql = from;
  for (size_t i = 0; i < where.size(); ++i) sql += (i ? " AND " : " WHERE ") + where[i];
  if (ordered) sql += " ORDER BY " + order;
  return sql;
}

core::Result<CappedCount> ListQuery::Count(storage::Tx& tx, int64_t cap,
                                           const PageRequest& page) const {
  int64_t limit = std::max<int64_t>(cap, page.offset() + page.page_size + 1);
  if (searching_ || windowed_count_) {
    limit = page.offset() + std::max<int64_t>(std::min(cap, kSearchCountWindow), page.page_size + 1);
  }
  IPE_ASSIGN_OR_RETURN(bool use_terms, UseTermIndex(tx));
  IPE_RETURN_IF_ERROR(PlanIfNeeded(tx, use_terms));
  Params params;
  // On PostgreSQL the count walks the page's order too: unordered, the planner takes a
  // sequential scan that stops at the limit — cheap alone, but concurrent scans of one table
  // start where another is (synchronize_seqscans) and wrap round it, so under 64 connections an
  // officer's queue count read the whole table (85 req/s against ~1,000 ordered), or a bitmap
  // AND of two whole indexes (10 ms for the Guangdong officer's leads against 0.1 ms).
  std::string sql = "SELECT count(*) FROM (SELECT 1" +
                    Sql(tx.dialect(), use_terms, params,
                        /*ordered=*/tx.dialect() == Dialect::kPostgres) +
                    " LIMIT ?) x";
  params.emplace_back(limit);
  IPE_ASSIGN_OR_RETURN(auto rows, tx.Query(sql, params));
  CappedCount out;
  out.total = rows[0].Int(0);
  out.exact = out.total < limit;
  return out;
}

core::Result<std::vector<int64_t>> ListQuery::PageIds(storage::Tx& tx,
                                                      const PageRequest& page) const {
  IPE_ASSIGN_OR_RETURN(bool use_terms, UseTermIndex(tx));
  IPE_RETURN_IF_ERROR(PlanIfNeeded(tx, use_terms));
  Params params;
  std::string sql = "SELECT " + alias_ + ".id" + Sql(tx.dialect(), use_terms, params, true) +
                    " LIMIT ? OFFSET ?";
  params.emplace_back(page.page_size);
  params.emplace_back(page.offset());
  IPE_ASSIGN_OR_RETURN(auto rows, tx.Query(sql, params));
  std::vector<int64_t> ids;
  ids.reserve(rows.size());
  for (const Row& r : rows) ids.push_back(r.Int(0));
  return ids;
}

}  // namespace ipe::app::internal
