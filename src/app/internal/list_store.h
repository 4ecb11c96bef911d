#pragma once
// The list and search SQL every area's store shares (issue 11), so that each store writes only
// its own columns: a list query whose filters are index equalities (the region subtree as one
// equality on province_code / prefecture_code / region_code), a count that stops at a cap, a
// page of ids then its rows, and a term index for search (core/search_terms.h terms in an FTS5
// table on SQLite, a GIN-indexed tsvector column on PostgreSQL) with a substring recheck on the
// row's folded search_text. docs/search.md; docs/cases.md and docs/leads.md, "At volume".
//
//   internal::ListQuery q("leads", "l", &kLeadSearch);
//   q.InRegion("310000");                // l.province_code = '310000'
//   q.Where("l.status = ?", "new");
//   q.Search(dialect, "耐克");          // term index + substring recheck
//   IPE_ASSIGN_OR_RETURN(auto count, q.Count(tx, kCountCap, page));
//   IPE_ASSIGN_OR_RETURN(auto ids, q.PageIds(tx, page));

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/context.h"
#include "core/search_terms.h"
#include "core/status.h"
#include "core/time.h"
#include "storage/db.h"

namespace ipe::app {

/// Counts that must read rows stop here — "共 1000+ 条" (Page::total_exact false) — rather than
/// cost many times the page (each counted row is an index entry, and with a search a row read
/// for the recheck). Lists that keep exact counts (cases: case_counts) do not need it.
inline constexpr int64_t kCountCap = 1000;

}  // namespace ipe::app

namespace ipe::app::internal {

/// Rows per IN (...) list when loading the children of a page or checking keys of an import.
inline constexpr size_t kInListChunk = 500;

/// "?, ?, ?" for n placeholders.
std::string Placeholders(size_t n);

/// The row lock a read-modify-write takes on the row of table alias `alias`: " FOR UPDATE OF l"
/// on PostgreSQL when `for_update`, "" otherwise (SQLite write transactions are serial already).
std::string LockClause(const storage::Tx& tx, bool for_update, const std::string& alias);

/// The province ("310000") and prefecture ("310100") of a region code, stored beside it so that
/// a region subtree is one index equality.
std::string ProvinceOf(const std::string& region);
std::string PrefectureOf(const std::string& region);

/// The column of `alias` and the value for "in the region subtree of `code`": provinces and
/// prefectures by their own columns, counties by region_code (the digit-prefix rule of app
/// scopes, permissions.h RegionWithin). Empty for the national code.
std::optional<std::pair<std::string, std::string>> RegionEquality(std::string_view alias,
                                                                  const std::string& code);

/// The search index of one table: the terms of its folded `search_text` column, in the FTS5
/// table `fts_table` on SQLite (rowid = the row's id, contentless) and in the GIN-indexed
/// tsvector column `search_tsv` on PostgreSQL. `state_name` is its row of search_index_state.
struct TermIndex {
  const char* table;
  const char* fts_table;
  const char* state_name;
  const char* vocab_table = nullptr;  // SQLite: fts5vocab of fts_table (term → rows holding it)
};

/// Bumped when core/search_terms changes what it indexes: every term index is rebuilt at start.
inline constexpr int64_t kSearchTermsVersion = 1;

/// Terms joined by spaces (an FTS5 row of the contentless table).
std::string JoinTerms(const std::vector<std::string>& terms);
/// A tsvector literal of position-free lexemes: 'a' 'b'.
std::string TsVectorLiteral(const std::vector<std::string>& terms);

/// Stores `new_text` (folded) as row `id`'s search_text and indexes its terms. `old_text` is the
/// text the row was indexed with ("" for a new row): a contentless FTS5 table removes a row by
/// the terms it was given.
core::Status IndexText(storage::Tx& tx, const TermIndex& index, int64_t id,
                       const std::string& old_text, const std::string& new_text);

/// What an INSERT of a new row adds for search: ", search_text" (and ", search_tsv" on
/// PostgreSQL) for the column list and ", ?" (", CAST(? AS tsvector)") for the values, whose
/// parameters are appended to `params`. After the insert, IndexNewRow writes the FTS5 row on
/// SQLite; together they do what IndexText(…, "", text) does, one statement fewer.
struct NewRowSearch {
  std::string columns;
  std::string placeholders;
};
NewRowSearch SearchOfNewRow(storage::Dialect dialect, const std::string& text,
                            storage::Params& params);
core::Status IndexNewRow(storage::Tx& tx, const TermIndex& index, int64_t id,
                         const std::string& text);

/// Refolds every row's search_text and rebuilds the index when search_index_state records an
/// older term version than kSearchTermsVersion (a store upgraded from before the index, or a
/// change of core/search_terms). One write transaction; batches keep memory flat.
core::Status RebuildTermIndexIfStale(storage::Database& db, const TermIndex& index);

/// The term-index condition's parameter for `terms`: an FTS5 MATCH expression on SQLite
/// ("奶粉" AND "2024"*), a tsquery text on PostgreSQL ('奶粉' & '2024':*).
std::string TermMatch(storage::Dialect dialect, const std::vector<core::QueryTerm>& terms);

/// PostgreSQL: about how many rows of `table` hold the rarest of `terms` in search_tsv, from the
/// planner's statistics (ANALYZE keeps the column's most common lexemes with their frequencies;
/// a term not among them is rarer than the least common one). A GIN index cannot be walked
/// newest first: a search through it reads and sorts every match, and the planner, multiplying
/// the frequencies of a query's pairs as if independent, takes "电动自行车" (4 pairs, 3.5 % of
/// cases each) for a handful of rows — 0.4 s at 1M cases. Callers walk their list's own index
/// with the substring recheck instead when this is above kTermWalkLimit. Cached per process for
/// a minute. Empty on SQLite, for prefix-only queries, and before the first ANALYZE.
core::Result<std::optional<int64_t>> EstimatedTermRows(storage::Tx& tx, const std::string& table,
                                                       const std::vector<core::QueryTerm>& terms);

/// SQLite: how many rows hold the rarest of `terms` by FTS5's vocabulary view `vocab_table`
/// (prefix terms skipped; -1 when every term is a prefix). The lookup reads the vocabulary's
/// pages (~5 ms at 1M rows), more than the search it steers, so counts are cached per process
/// for five minutes: they only choose between two walks that answer the same.
core::Result<int64_t> VocabularyRows(storage::Tx& tx, const std::string& vocab_table,
                                     const std::vector<core::QueryTerm>& terms);

/// How far past the requested page a search is counted: each counted match is a row read for the
/// text recheck, so "共 100+ 条" on the first page, always five pages ahead of the one shown.
inline constexpr int64_t kSearchCountWindow = 100;

/// A search whose rarest term is in more rows than this walks the list's own index (newest
/// first, or the filter's) with the substring recheck, not the term index: about one row in
/// 200 matches, so a page and its count window are found within a few thousand rows. SQLite
/// applies it to filtered searches (FTS5 walks its doclists newest first), PostgreSQL to all.
inline constexpr int64_t kTermWalkLimit = 5000;

/// PostgreSQL: "`column` = `value`" written so that the planner walks the (column, id) index
/// newest first: the equality as a range of one value and the order on both keys. PostgreSQL
/// drops an ORDER BY key an equality fixes, and with a substring recheck it cannot estimate it
/// then walks the primary key instead, testing every row of every region: a Guangdong officer's
/// 鞋 read 63,000 rows for a page of 20 at 1M cases (136 ms alone, 1–2 s under load), the range
/// form reads 122 (0.2 ms). Searches that walk a list's index (EstimatedTermRows above
/// kTermWalkLimit) use it for their narrowest equality; SQLite plans the plain form right.
struct IndexWalk {
  std::string condition;  // "c.province_code >= ? AND c.province_code <= ?"
  storage::Params params;
  std::string order;      // "c.province_code DESC, c.id DESC"
};
IndexWalk WalkByEquality(const std::string& column, const storage::Value& value,
                         const std::string& alias);
/// Before an IndexWalk's statements, and before any list with two or more conditions:
/// PostgreSQL plans them for their values each time. A prepared statement's generic plan (from
/// the sixth run on, when its estimate is the cheaper) multiplies the conditions' selectivities
/// as if independent — an officer's agency and province, one inside the other — takes them for a
/// handful of rows, and sorts a bitmap AND of both indexes: 33–96 ms for the Guangdong officer's
/// pages of leads, cases and hits at 1M against 0.06–0.1 ms, and the same for the one-value range
/// of a walk (104 ms against 0.2). Planning each time costs ~0.2 ms. Lasts to the end of the
/// transaction; nothing on SQLite.
core::Status PlanForValues(storage::Tx& tx);

/// A LIKE pattern for "contains `folded`" with wildcards escaped (ESCAPE '\').
std::string ContainsPattern(std::string_view folded);

/// A count that stopped at its limit: `exact` is false when there may be more.
struct CappedCount {
  int64_t total = 0;
  bool exact = true;
};

/// One list over table `table` aliased `alias`, built from conditions whose parameters are
/// appended in order. Newest first (alias.id DESC) unless OrderBy says otherwise.
class ListQuery {
 public:
  ListQuery(std::string table, std::string alias, const TermIndex* index = nullptr);

  void Where(std::string condition);
  void Where(std::string condition, storage::Value value);
  void WhereAll(std::string condition, storage::Params values);
  /// "`column` = `value`" where a (column, id) index serves it; `narrowness` ranks how few rows
  /// such a condition usually keeps (0: an agency, 1: a region, 2: a category or source, 3: a
  /// status): a PostgreSQL search that walks the list walks the narrowest (IndexWalk).
  void WhereEqual(std::string column, storage::Value value, int narrowness);
  /// The region subtree of `code` (RegionEquality, narrowness 1); nothing for the national code.
  void InRegion(const std::string& code);
  /// Rows whose search_text contains the folded query: its terms through the term index, the
  /// substring as a recheck. A query without letters or digits has no terms (a scan).
  void Search(std::string_view query);
  /// Counts only kSearchCountWindow past the page, as a search does: for a filter whose test
  /// costs a probe per row walked (an EXISTS on another table).
  void CountWithinWindow() { windowed_count_ = true; }
  /// Terms every row must hold in the index besides Search's (a whole-tag filter).
  void RequireTerms(std::vector<core::QueryTerm> terms);
  /// "alias.score_pct DESC, alias.id DESC": replaces the default order.
  void OrderBy(std::string order);
  /// Above how many rows of its rarest term a search walks the list's index instead of the
  /// term index (kTermWalkLimit; tests lower it to take the walk on a small store).
  void TermWalkLimit(int64_t rows) { term_walk_limit_ = rows; }

  /// The number of matching rows, counted up to max(cap, the end of the page + 1): a pager can
  /// always reach the asked page, and a count never reads more than that. A search counts only
  /// kSearchCountWindow past the page's start (at most `cap` past it).
  core::Result<CappedCount> Count(storage::Tx& tx, int64_t cap, const PageRequest& page) const;
  /// The ids of the page, in list order.
  core::Result<std::vector<int64_t>> PageIds(storage::Tx& tx, const PageRequest& page) const;

 private:
  struct Equality {
    std::string column;
    storage::Value value;
    int narrowness;
  };
  // FROM, WHERE and ORDER BY for the dialect, with the parameters in their order.
  std::string Sql(storage::Dialect dialect, bool use_terms, storage::Params& params,
                  bool ordered) const;
  // Whether the term index drives the walk (see EstimatedTermRows).
  core::Result<bool> UseTermIndex(storage::Tx& tx) const;
  // The equality whose index a PostgreSQL search walks (IndexWalk), if any.
  const Equality* Walked(storage::Dialect dialect, bool use_terms) const;
  // PlanForValues once per query with two or more conditions (a walk has its search too).
  core::Status PlanIfNeeded(storage::Tx& tx, bool use_terms) const;

  std::string table_;
  std::string alias_;
  const TermIndex* index_;
  std::vector<std::string> where_;
  storage::Params params_;
  std::vector<Equality> equalities_;  // WhereEqual's, rendered after where_
  std::vector<core::QueryTerm> terms_;
  bool searching_ = false;       // Search() added its recheck to where_
  bool windowed_count_ = false;  // Count stops kSearchCountWindow past the page
  std::string order_;
  int64_t term_walk_limit_ = kTermWalkLimit;
  mutable bool planned_for_values_ = false;
};

/// Row and parameter conversions every store uses: an optional 'YYYY-MM-DD' column (NULL, empty or
/// unparsable: none), an optional epoch-seconds column, and the parameters that write them.
inline std::optional<core::Date> OptDate(const storage::Row& r, size_t col) {
  auto t = r.OptText(col);
  if (!t || t->empty()) return std::nullopt;
  auto d = core::ParseDate(*t);
  return d ? std::optional<core::Date>(*d) : std::nullopt;
}
inline std::optional<core::Timestamp> OptTime(const storage::Row& r, size_t col) {
  auto v = r.OptInt(col);
  return v ? std::optional<core::Timestamp>(core::Timestamp{*v}) : std::nullopt;
}
inline storage::Value OptDateValue(const std::optional<core::Date>& d) {
  return d ? storage::Value(d->ToString()) : storage::Value();
}
inline storage::Value OptTimeValue(const std::optional<core::Timestamp>& t) {
  return t ? storage::Value(t->seconds) : storage::Value();
}

/// A page of `list`: its capped count, then the rows of its page's ids from `select` (the select
/// list and FROM clause of the table under `alias`), newest first.
template <typename T>
core::Result<Page<T>> PageOf(storage::Tx& tx, const ListQuery& list, const PageRequest& page,
                             const std::string& select, const std::string& alias,
                             T (*from_row)(const storage::Row&)) {
  IPE_ASSIGN_OR_RETURN(auto count, list.Count(tx, kCountCap, page));
  Page<T> out;
  out.total = count.total;
  out.total_exact = count.exact;
  out.page = page.page;
  out.page_size = page.page_size;
  IPE_ASSIGN_OR_RETURN(auto ids, list.PageIds(tx, page));
  if (ids.empty()) return out;
  storage::Params params(ids.begin(), ids.end());
  IPE_ASSIGN_OR_RETURN(auto rows, tx.Query(select + " WHERE " + alias + ".id IN (" +
                                               Placeholders(ids.size()) + ") ORDER BY " + alias +
                                               ".id DESC",
                                           params));
  for (const storage::Row& r : rows) out.items.push_back(from_row(r));
  return out;
}

}  // namespace ipe::app::internal
