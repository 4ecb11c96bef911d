// CaseStore: the SQL of the cases area. See case_store.h.
#include "app/cases/case_store.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "app/cases/findings.h"
#include "app/internal/text.h"
#include "core/ids.h"
#include "core/search_terms.h"

namespace ipe::app {
namespace {

using storage::Dialect;
using storage::Params;
using storage::Row;
using storage::Value;
using internal::Placeholders;
using internal::PrefectureOf;
using internal::ProvinceOf;
using internal::JoinTerms;
using internal::TsVectorLiteral;
using internal::kInListChunk;


Value FenValue(const std::optional<core::Fen>& f) { return f ? Value(f->value) : Value(); }
std::optional<core::Fen> FenFrom(const Row& r, size_t c) {
  auto v = r.OptInt(c);
  return v ? std::optional<core::Fen>(core::Fen(*v)) : std::nullopt;
}
std::optional<core::Date> DateFrom(const Row& r, size_t c) {
  auto t = r.OptText(c);
  if (!t) return std::nullopt;
  auto d = core::ParseDate(*t);
  return d ? std::optional<core::Date>(*d) : std::nullopt;
}
Value DateValue(const std::optional<core::Date>& d) { return d ? Value(d->ToString()) : Value(); }

// The columns CaseFromRow reads after the agency's name (column 2). The detail reads the name by
// a subquery; a page reads the names of its few agencies by id afterwards: PostgreSQL, seeing a
// small agencies table, hashed all of it for every page or scanned it once per row (0.2 ms of
// the page's 0.3 ms).
constexpr const char* kCaseColumnsAfterName =
    "c.region_code, c.case_number, c.title, c.category, c.conduct, "
    "c.source, c.campaign_tags, c.status, c.act_date_from, c.act_date_to, c.goods, "
    "c.illegal_business_fen, c.illegal_gains_fen, c.sales_fen, c.unsold_value_fen, c.loss_fen, "
    "c.marks_count, c.copies_count, c.rights_involved, c.harm_to_health, c.penalty_decision_no, "
    "c.penalty_date, c.fine_fen, c.confiscation, c.destruction_ordered, c.closed_at, "
    "c.closing_kind, c.created_at, c.updated_at, c.version, "
    "CASE WHEN EXISTS (SELECT 1 FROM transfers t WHERE t.case_id = c.id) THEN 1 ELSE 0 END, "
    "c.findings, c.threshold_met, c.regime_basis, c.unsold_marks_count, c.unsold_copies_count, "
    "c.clicks_count, c.members_count, c.works_count, c.right_holder_bankrupt, "
    "c.drug_aggravating, c.harm_detail, "
    "CASE WHEN EXISTS (SELECT 1 FROM transfers t WHERE t.case_id = c.id AND t.status NOT IN "
    "('awaiting_decision', 'approved', 'rejected')) THEN 1 ELSE 0 END, "
    "c.channel, c.trade, c.goods_class";

// Findings are decoded for one case (detail, updates); a list page shows threshold_met only.
Case CaseFromRow(const Row& r, bool with_findings = true) {
  Case c;
  c.id = r.Int(0);
  c.agency_id = r.Int(1);
  c.agency_name = r.Text(2);
  c.region_code = r.Text(3);
  c.input.region_code = c.region_code;
  c.input.case_number = r.Text(4);
  c.input.title = r.Text(5);
  c.input.category = r.Text(6);
  c.input.conduct = r.OptText(7);
  c.input.source = r.Text(8);
  c.input.campaign_tags = internal::Split(r.Text(9), '|');
  c.status = r.Text(10);
  c.input.act_date_from = DateFrom(r, 11);
  c.input.act_date_to = DateFrom(r, 12);
  c.input.goods = r.Text(13);
  CaseAmounts& a = c.input.amounts;
  a.illegal_business = FenFrom(r, 14);
  a.illegal_gains = FenFrom(r, 15);
  a.sales = FenFrom(r, 16);
  a.unsold_value = FenFrom(r, 17);
  a.loss = FenFrom(r, 18);
  a.marks = r.OptInt(19);
  a.copies = r.OptInt(20);
  a.rights_involved = r.OptInt(21);
  a.harm_to_health = r.Int(22) != 0;
  c.penalty_decision_no = r.OptText(23);
  c.penalty_date = DateFrom(r, 24);
  c.fine = FenFrom(r, 25);
  c.confiscation = r.OptText(26);
  c.destruction_ordered = r.Int(27) != 0;
  if (auto t = r.OptInt(28)) c.closed_at = core::Timestamp{*t};
  c.closing_kind = r.OptText(29);
  c.created_at = core::Timestamp{r.Int(30)};
  c.updated_at = core::Timestamp{r.Int(31)};
  c.version = r.Int(32);
  c.has_transfer = r.Int(33) != 0;
  if (with_findings) c.findings = internal::DecodeFindings(r.Text(34), c.input.conduct);
  c.threshold_met = r.Int(35) != 0;
  c.regime_basis = r.Text(36);
  a.unsold_marks = r.OptInt(37);
  a.unsold_copies = r.OptInt(38);
  a.clicks = r.OptInt(39);
  a.members = r.OptInt(40);
  a.works = r.OptInt(41);
  a.right_holder_bankrupt = r.Int(42) != 0;
  a.drug_aggravating_circumstance = r.Int(43) != 0;
  a.harm_to_health_detail = r.Text(44);
  c.sent_to_police = r.Int(45) != 0;
  c.input.channel = r.OptText(46);
  c.input.trade = r.OptText(47);
  c.input.goods_class = r.OptText(48);
  return c;
}

// The text a case is found by, folded (core/search_terms.h): number, title, goods, the names
// and credit codes of parties that are organisations, rights, campaign tags; then, after
// kPersonNames, the names of natural persons — which viewers who see them masked must not
// find a case by (issue 12: 李** was confirmed by searching 李四). ID numbers and phones of
// natural persons are not searchable at all.
std::string SearchText(const CaseInput& in) {
  std::string s = in.case_number + "\n" + in.title + "\n" + in.goods + "\n";
  std::string persons;
  for (const auto& p : in.parties) {
    if (p.kind == "person") {
      persons += p.name + "\n";
      continue;
    }
    s += p.name + "\n";
    if (p.uscc) s += *p.uscc + "\n";
  }
  for (const auto& r : in.rights) s += r.reg_number + " " + r.holder + "\n";
  for (const auto& t : in.campaign_tags) s += t + "\n";
  if (!persons.empty()) s += kPersonNames + persons;
  return core::FoldForSearch(s);
}

// The part of search_text before the natural persons' names (all of it when there are none).
std::string PublicSearchText(storage::Dialect dialect) {
  if (dialect == storage::Dialect::kPostgres) return "split_part(c.search_text, chr(31), 1)";
  return "CASE WHEN instr(c.search_text, char(31)) > 0 THEN substr(c.search_text, 1, "
         "instr(c.search_text, char(31)) - 1) ELSE c.search_text END";
}

// The cases' term index: terms of cases.search_text in case_search (SQLite) / search_tsv.
constexpr internal::TermIndex kCaseTerms = {"cases", "case_search", "cases"};

// The region subtree of `code` on the cases table aliased c, if not national.
std::optional<std::pair<std::string, std::string>> RegionCondition(const std::string& code) {
  return internal::RegionEquality("c", code);
}

}  // namespace

std::string CaseScopeCondition(const CaseScope& scope, storage::Params& params) {
  std::string sql = "1 = 1";
  if (auto r = RegionCondition(scope.region)) {
    sql = std::string(r->first) + " = ?";
    params.emplace_back(r->second);
  }
  if (scope.agency) {
    sql += " AND c.agency_id = ?";
    params.emplace_back(*scope.agency);
  }
  return sql;
}

core::Result<Case> CaseStore::Load(int64_t id, Detail detail) {
  IPE_ASSIGN_OR_RETURN(auto rows,
                       tx_.Query(std::string("SELECT c.id, c.agency_id, (SELECT a.name FROM "
                                             "agencies a WHERE a.id = c.agency_id), ") +
                                     kCaseColumnsAfterName + " FROM cases c WHERE c.id = ?",
                                     {id}));
  if (rows.empty()) return core::NotFound("案件不存在 (case not found): " + std::to_string(id));
  Case c = CaseFromRow(rows[0]);
  if (detail == Detail::kSummary) return c;
  IPE_ASSIGN_OR_RETURN(auto parties,
                       tx_.Query("SELECT kind, name, uscc, id_number, phone, address, role FROM "
                                 "case_parties WHERE case_id = ? ORDER BY id",
                                 {id}));
  for (const Row& p : parties) {
    c.input.parties.push_back(
        {p.Text(0), p.Text(1), p.OptText(2), p.OptText(3), p.OptText(4), p.OptText(5), p.Text(6)});
  }
  IPE_ASSIGN_OR_RETURN(auto rights, tx_.Query("SELECT kind, reg_number, holder, description FROM "
                                              "case_rights WHERE case_id = ? ORDER BY id",
                                              {id}));
  for (const Row& r : rights) {
    c.input.rights.push_back({r.Text(0), r.Text(1), r.Text(2), r.Text(3)});
  }
  IPE_ASSIGN_OR_RETURN(auto events,
                       tx_.Query("SELECT e.at, coalesce(u.login, 'system'), e.kind, e.summary, "
                                 "coalesce(u.display_name, '系统') FROM "
                                 "case_events e LEFT JOIN users u ON u.id = e.actor_id WHERE "
                                 "e.case_id = ? ORDER BY e.at, e.id",
                                 {id}));
  for (const Row& e : events) {
    c.events.push_back({core::Timestamp{e.Int(0)}, e.Text(1), e.Text(2), e.Text(3), e.Text(4)});
  }
  return c;
}

core::Result<Page<Case>> CaseStore::List(const CaseQuery& query, const PageRequest& page) {
  const Dialect dialect = tx_.dialect();
  const CaseFilter& f = query.filter;
  // The conditions on the case row itself, every one served by a (column, id) index and each a
  // column of case_counts too.
  std::vector<std::string> filters;
  Params filter_params;
  // The equalities a (column, id) index serves, narrowest kind first (an agency, a region, a
  // category, a status): what a search walks on PostgreSQL when its term is common.
  struct Walkable {
    int narrowness;  // 0 = narrowest
    size_t filter;   // its index in filters (and filter_params: one parameter each)
    std::string column;
  };
  std::vector<Walkable> walkable;
  auto add = [&](std::string condition, Value v) {
    filters.push_back(std::move(condition));
    filter_params.push_back(std::move(v));
  };
  auto add_walkable = [&](int narrowness, std::string column, Value v) {
    walkable.push_back({narrowness, filters.size(), column});
    add(column + " = ?", std::move(v));
  };
  // Without a region or an agency condition the exact count is a sum over case_totals.
  bool nationwide = true;
  if (auto scope = RegionCondition(query.scope.region)) {
    add_walkable(1, scope->first, scope->second);
    nationwide = false;
  }
  if (query.scope.agency) {
    add_walkable(0, "c.agency_id", *query.scope.agency);
    nationwide = false;
  }
  if (f.status) add_walkable(3, "c.status", *f.status);
  if (f.category) add_walkable(2, "c.category", *f.category);
  if (f.agency_id) {
    add_walkable(0, "c.agency_id", *f.agency_id);
    nationwide = false;
  }
  if (f.region) {
    if (auto r = RegionCondition(*f.region)) {
      add_walkable(1, r->first, r->second);
      nationwide = false;
    }
  }
  if (f.threshold_met) add("c.threshold_met = ?", *f.threshold_met ? 1 : 0);

  // What drives the walk, newest first: the FTS table (SQLite), the campaign's rows, or the
  // cases' own indexes. The driving table comes first in a CROSS JOIN, which SQLite keeps outer.
  std::string from = " FROM cases c";
  std::string order = " ORDER BY c.id DESC";
  std::vector<std::string> where;
  Params params;
  bool exact_count = true;
  std::optional<std::string> number;
  if (f.q) number = internal::Trim(*f.q);
  if (number) {
    // A whole case number is answered by its index (one per agency at most).
    Params p = filter_params;
    p.insert(p.begin(), Value(*number));
    std::string sql = "SELECT count(*) FROM cases c WHERE c.case_number = ?";
    for (const auto& c : filters) sql += " AND " + c;
    IPE_ASSIGN_OR_RETURN(auto hits, tx_.Query(sql, p));
    if (hits[0].Int(0) == 0) number.reset();
  }
  if (number) {
    where.push_back("c.case_number = ?");
    params.emplace_back(*number);
    exact_count = false;  // counted below from the rows, not from case_counts
  } else if (f.q) {
    // The term index narrows, the substring recheck decides.
    std::string folded = core::FoldForSearch(internal::Trim(*f.q));
    std::vector<core::QueryTerm> terms = core::SearchQueryTerms(folded);
    if (!terms.empty() && dialect == Dialect::kSqlite && !filters.empty()) {
      // Walk the cheaper list: the rarest term's index entries (FTS5's vocabulary counts them)
      // or the cases the filters select (case_counts counts them exactly). A province or an
      // agency whose cases are older than other regions' would otherwise be reached through every
      // newer match elsewhere. (PostgreSQL: below, from the planner's statistics.)
      IPE_ASSIGN_OR_RETURN(int64_t rarest, RarestTermCount(terms));
      std::string sum = "SELECT coalesce(sum(c.n), 0) FROM case_counts c";
      for (size_t i = 0; i < filters.size(); ++i) sum += (i ? " AND " : " WHERE ") + filters[i];
      IPE_ASSIGN_OR_RETURN(auto selected, tx_.Query(sum, filter_params));
      int64_t filtered = selected[0].Int(0);
      // A step of the term index newest first costs several of the filter's index (measured at
      // 1M: FTS5 walks a doclist backwards); hence the factor.
      constexpr int64_t kTermStepCost = 5;
      if (rarest > query.term_walk_limit && filtered < kTermStepCost * rarest) terms.clear();
    } else if (!terms.empty() && dialect == Dialect::kPostgres) {
      IPE_ASSIGN_OR_RETURN(std::optional<int64_t> rarest,
                           internal::EstimatedTermRows(tx_, "cases", terms));
      if (rarest && *rarest > query.term_walk_limit) {
        terms.clear();
        // Walk the narrowest filter's index (see internal::IndexWalk), not the primary key.
        auto narrowest = std::min_element(walkable.begin(), walkable.end(),
                                          [](const Walkable& a, const Walkable& b) {
                                            return a.narrowness < b.narrowness;
                                          });
        if (narrowest != walkable.end()) {
          internal::IndexWalk walk = internal::WalkByEquality(
              narrowest->column, filter_params[narrowest->filter], "c");
          filters.erase(filters.begin() + narrowest->filter);
          filter_params.erase(filter_params.begin() + narrowest->filter);
          filters.push_back(walk.condition);
          filter_params.insert(filter_params.end(), walk.params.begin(), walk.params.end());
          order = " ORDER BY " + walk.order;
        }
      }
    }
    if (!terms.empty()) {
      if (dialect == Dialect::kSqlite) {
        from = " FROM case_search s CROSS JOIN cases c";
        where.push_back("s.case_search MATCH ? AND c.id = s.rowid");
        order = " ORDER BY s.rowid DESC";
      } else {
        where.push_back("c.search_tsv @@ CAST(? AS tsquery)");
      }
      params.emplace_back(internal::TermMatch(dialect, terms));
    }
    where.push_back("c.search_text LIKE ? ESCAPE '\\'");
    params.emplace_back(internal::ContainsPattern(folded));
    if (query.person_names_agency && query.scope.agency != query.person_names_agency) {
      // Natural persons' names match only in the cases whose names the viewer sees in full.
      where.push_back("(c.agency_id = ? OR " + PublicSearchText(dialect) + " LIKE ? ESCAPE '\\')");
      params.emplace_back(*query.person_names_agency);
      params.emplace_back(internal::ContainsPattern(folded));
    }
    exact_count = false;
  }
  if (f.campaign) {
    if (from == " FROM cases c") {
      from = " FROM case_campaigns g CROSS JOIN cases c";
      where.push_back("g.tag = ? AND c.id = g.case_id");
      order = " ORDER BY g.case_id DESC";
    } else {
      where.push_back("EXISTS (SELECT 1 FROM case_campaigns g WHERE g.tag = ? AND g.case_id = c.id)");
    }
    params.emplace_back(internal::Trim(*f.campaign));
    exact_count = false;
  }
  // The case dimensions (issue 18) are not columns of case_counts: counted up to the window, like
  // a search. (goods_class, id) and (trade, id) indexes serve a rare value over a wide scope.
  for (auto [column, value] : {std::pair{"c.channel", &f.channel}, std::pair{"c.trade", &f.trade},
                               std::pair{"c.goods_class", &f.goods_class}}) {
    if (!*value) continue;
    where.push_back(std::string(column) + " = ?");
    params.emplace_back(**value);
    exact_count = false;
  }
  where.insert(where.end(), filters.begin(), filters.end());
  params.insert(params.end(), filter_params.begin(), filter_params.end());
  // Two or more conditions (an officer's agency and region, a filter in a scope; a walk is a
  // search and its range):
  // planned for their values on PostgreSQL (internal::PlanForValues).
  if (dialect == Dialect::kPostgres && where.size() >= 2) {
    IPE_RETURN_IF_ERROR(internal::PlanForValues(tx_));
  }
  std::string where_sql;
  for (size_t i = 0; i < where.size(); ++i) where_sql += (i ? " AND " : " WHERE ") + where[i];

  Page<Case> out;
  out.page = page.page;
  out.page_size = page.page_size;
  if (exact_count) {
    // Every condition is on a column of case_counts (aliased c too): an exact sum; with only
    // status, category and threshold conditions, over the ~30 rows of case_totals.
    const char* counts = nationwide ? " FROM case_totals c" : " FROM case_counts c";
    IPE_ASSIGN_OR_RETURN(auto count, tx_.Query(std::string("SELECT coalesce(sum(c.n), 0)") +
                                                   counts + where_sql,
                                               params));
    out.total = count[0].Int(0);
  } else {
    // Count up to count_window matches past the page's start (so the pager always reaches the
    // next pages) and no further: each match is a row read.
    int64_t cap = page.offset() + std::max<int64_t>(query.count_window, page.page_size + 1);
    Params count_params = params;
    count_params.emplace_back(cap);
    IPE_ASSIGN_OR_RETURN(auto count, tx_.Query("SELECT count(*) FROM (SELECT 1" + from +
                                                   where_sql +
                                                   // PostgreSQL: in the page's order, as
                                                   // ListQuery::Count explains
                                                   (dialect == Dialect::kPostgres ? order : "") +
                                                   " LIMIT ?) x",
                                               count_params));
    out.total = count[0].Int(0);
    out.total_exact = out.total < cap;
  }

  // The page: ids first (from the index), then the rows by id.
  Params page_params = params;
  page_params.emplace_back(page.page_size);
  page_params.emplace_back(page.offset());
  IPE_ASSIGN_OR_RETURN(auto ids, tx_.Query("SELECT c.id" + from + where_sql + order +
                                               " LIMIT ? OFFSET ?",
                                           page_params));
  if (ids.empty()) return out;
  Params id_params;
  for (const Row& r : ids) id_params.emplace_back(r.Int(0));
  IPE_ASSIGN_OR_RETURN(auto rows,
                       tx_.Query(std::string("SELECT c.id, c.agency_id, '', ") +
                                     kCaseColumnsAfterName + " FROM cases c WHERE c.id IN (" +
                                     Placeholders(id_params.size()) + ") ORDER BY c.id DESC",
                                     id_params));
  std::set<int64_t> agencies;
  for (const Row& r : rows) {
    out.items.push_back(CaseFromRow(r, /*with_findings=*/false));
    agencies.insert(out.items.back().agency_id);
  }
  Params agency_params(agencies.begin(), agencies.end());
  IPE_ASSIGN_OR_RETURN(auto names, tx_.Query("SELECT id, name FROM agencies WHERE id IN (" +
                                                 Placeholders(agency_params.size()) + ")",
                                             agency_params));
  std::map<int64_t, std::string> name_of;
  for (const Row& r : names) name_of[r.Int(0)] = r.Text(1);
  for (Case& c : out.items) c.agency_name = name_of[c.agency_id];
  return out;
}

core::Result<int64_t> CaseStore::RarestTermCount(const std::vector<core::QueryTerm>& terms) {
  return internal::VocabularyRows(tx_, "case_search_vocab", terms);
}

core::Result<std::vector<std::string>> CaseStore::TransferStatuses(int64_t case_id) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT status FROM transfers WHERE case_id = ? ORDER "
                                            "BY id",
                                            {case_id}));
  std::vector<std::string> out;
  for (const Row& r : rows) out.push_back(r.Text(0));
  return out;
}

core::Result<bool> CaseStore::TransferredTo(int64_t case_id, int64_t police_agency_id) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT 1 FROM transfers WHERE case_id = ? AND "
                                            "police_agency_id = ?",
                                            {case_id, police_agency_id}));
  return !rows.empty();
}

core::Result<std::optional<std::string>> CaseStore::AgencyRegion(int64_t agency_id) {
  IPE_ASSIGN_OR_RETURN(auto rows,
                       tx_.Query("SELECT region_code FROM agencies WHERE id = ?", {agency_id}));
  if (rows.empty()) return std::optional<std::string>();
  return std::optional<std::string>(rows[0].Text(0));
}

core::Result<std::optional<int64_t>> CaseStore::IdByNumber(int64_t agency_id,
                                                           const std::string& number) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT id FROM cases WHERE agency_id = ? AND "
                                            "case_number = ?",
                                            {agency_id, number}));
  if (rows.empty()) return std::optional<int64_t>();
  return std::optional<int64_t>(rows[0].Int(0));
}

core::Result<std::vector<rules::PriorPenalty>> CaseStore::PriorPenalties(int64_t case_id,
                                                                         const CaseInput& input) {
  std::vector<rules::PriorPenalty> out;
  for (const CaseParty& p : input.parties) {
    std::optional<std::string> key = internal::PriorPenaltyKey(p);
    if (!key) continue;
    const char* column = p.uscc ? "p.uscc" : "p.id_number";
    IPE_ASSIGN_OR_RETURN(
        auto rows, tx_.Query(std::string("SELECT c.penalty_date, c.conduct FROM cases c JOIN "
                                         "case_parties p ON p.case_id = c.id WHERE c.id <> ? AND "
                                         "c.status = 'closed' AND c.closing_kind = 'penalty' AND "
                                         "c.penalty_date IS NOT NULL AND c.conduct IS NOT NULL "
                                         "AND ") +
                                 column + " = ?",
                             {case_id, *key}));
    for (const auto& r : rows) {
      auto d = core::ParseDate(r.Text(0));
      auto c = rules::ConductFromKey(r.Text(1));
      if (d && c) out.push_back({*d, *c});
    }
  }
  return out;
}

core::Result<std::vector<CaseStore::UnpunishedCase>> CaseStore::UnpunishedCasesOfParties(
    int64_t case_id, const CaseInput& input, const std::string& region_code) {
  std::vector<UnpunishedCase> out;
  if (!input.conduct) return out;
  std::vector<std::string> keys;
  for (const CaseParty& p : input.parties) {
    if (auto key = internal::PriorPenaltyKey(p)) keys.push_back(std::move(*key));
  }
  if (keys.empty()) return out;
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  if (keys.size() > kInListChunk) keys.resize(kInListChunk);
  Params params{case_id, *input.conduct, ProvinceOf(region_code)};
  params.insert(params.end(), keys.begin(), keys.end());
  params.insert(params.end(), keys.begin(), keys.end());
  std::string in = "(" + Placeholders(keys.size()) + ")";
  IPE_ASSIGN_OR_RETURN(
      auto rows,
      tx_.Query("SELECT c.id, c.case_number, (SELECT a.name FROM agencies a WHERE a.id = "
                "c.agency_id), c.act_date_from, c.act_date_to, c.illegal_business_fen, "
                "c.illegal_gains_fen, c.sales_fen FROM cases c WHERE c.id <> ? AND c.conduct = ? "
                "AND c.province_code = ? AND (c.status = 'open' OR c.closing_kind IS NULL OR "
                "c.closing_kind <> 'penalty') AND c.id IN (SELECT p.case_id FROM case_parties p "
                "WHERE p.uscc IN " + in + " OR p.id_number IN " + in + ") ORDER BY c.id LIMIT 50",
                params));
  for (const Row& r : rows) {
    out.push_back({r.Int(0), r.Text(1), r.Text(2), DateFrom(r, 3), DateFrom(r, 4), FenFrom(r, 5),
                   FenFrom(r, 6), FenFrom(r, 7)});
  }
  return out;
}

core::Result<std::vector<CaseStore::KeyedUnpunished>> CaseStore::UnpunishedCasesOf(
    const std::vector<std::string>& keys, const std::string& region_code) {
  std::vector<KeyedUnpunished> out;
  for (size_t from = 0; from < keys.size(); from += kInListChunk) {
    size_t n = std::min(kInListChunk, keys.size() - from);
    Params params{ProvinceOf(region_code)};
    params.insert(params.end(), keys.begin() + from, keys.begin() + from + n);
    params.insert(params.end(), keys.begin() + from, keys.begin() + from + n);
    std::string in = "(" + Placeholders(n) + ")";
    IPE_ASSIGN_OR_RETURN(
        auto rows,
        tx_.Query("SELECT coalesce(p.uscc, p.id_number), c.conduct, c.id, c.case_number, (SELECT "
                  "a.name FROM agencies a WHERE a.id = c.agency_id), c.act_date_from, "
                  "c.act_date_to, c.illegal_business_fen, c.illegal_gains_fen, c.sales_fen FROM "
                  "cases c JOIN case_parties p ON p.case_id = c.id WHERE c.province_code = ? AND "
                  "c.conduct IS NOT NULL AND (c.status = 'open' OR c.closing_kind IS NULL OR "
                  "c.closing_kind <> 'penalty') AND (p.uscc IN " + in + " OR p.id_number IN " +
                      in + ") ORDER BY c.id",
                  params));
    for (const Row& r : rows) {
      out.push_back({r.Text(0), r.Text(1),
                     {r.Int(2), r.Text(3), r.Text(4), DateFrom(r, 5), DateFrom(r, 6),
                      FenFrom(r, 7), FenFrom(r, 8), FenFrom(r, 9)}});
    }
  }
  return out;
}

core::Result<std::vector<std::pair<std::string, rules::PriorPenalty>>> CaseStore::PriorPenaltiesOf(
    const std::vector<std::string>& keys) {
  std::vector<std::pair<std::string, rules::PriorPenalty>> out;
  for (size_t from = 0; from < keys.size(); from += kInListChunk) {
    size_t n = std::min(kInListChunk, keys.size() - from);
    Params params(keys.begin() + from, keys.begin() + from + n);
    Params twice = params;
    twice.insert(twice.end(), params.begin(), params.end());
    std::string in = "(" + Placeholders(n) + ")";
    IPE_ASSIGN_OR_RETURN(
        auto rows,
        tx_.Query("SELECT coalesce(p.uscc, p.id_number), c.penalty_date, c.conduct FROM cases c "
                  "JOIN case_parties p ON p.case_id = c.id WHERE c.status = 'closed' AND "
                  "c.closing_kind = 'penalty' AND c.penalty_date IS NOT NULL AND c.conduct IS NOT "
                  "NULL AND (p.uscc IN " + in + " OR p.id_number IN " + in + ")",
                  twice));
    for (const auto& r : rows) {
      auto d = core::ParseDate(r.Text(1));
      auto c = rules::ConductFromKey(r.Text(2));
      if (d && c) out.push_back({r.Text(0), {*d, *c}});
    }
  }
  return out;
}

core::Result<std::vector<std::string>> CaseStore::ExistingNumbers(
    int64_t agency_id, const std::vector<std::string>& numbers) {
  std::vector<std::string> out;
  for (size_t from = 0; from < numbers.size(); from += kInListChunk) {
    size_t n = std::min(kInListChunk, numbers.size() - from);
    Params params{agency_id};
    params.insert(params.end(), numbers.begin() + from, numbers.begin() + from + n);
    IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT case_number FROM cases WHERE agency_id = ? "
                                              "AND case_number IN (" + Placeholders(n) + ")",
                                              params));
    for (const auto& r : rows) out.push_back(r.Text(0));
  }
  return out;
}

bool CaseStore::CountKey::operator<(const CountKey& o) const {
  return std::tie(agency_id, region_code, status, category, threshold_met) <
         std::tie(o.agency_id, o.region_code, o.status, o.category, o.threshold_met);
}

core::Result<CaseStore::CountKey> CaseStore::CountKeyOf(int64_t id, std::string* search_text) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT agency_id, region_code, status, category, "
                                            "threshold_met, search_text FROM cases WHERE id = ?",
                                            {id}));
  if (rows.empty()) return core::NotFound("案件不存在 (case not found): " + std::to_string(id));
  const Row& r = rows[0];
  if (search_text) *search_text = r.Text(5);
  return CountKey{r.Int(0), r.Text(1), r.Text(2), r.Text(3), r.Int(4) != 0};
}

core::Status CaseStore::AddToCount(const CountKey& k, int64_t delta) {
  IPE_RETURN_IF_ERROR(
      tx_.Exec("INSERT INTO case_counts (agency_id, region_code, province_code, prefecture_code, "
               "status, category, threshold_met, n) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT "
               "(agency_id, region_code, status, category, threshold_met) DO UPDATE SET n = "
               "case_counts.n + excluded.n",
               {k.agency_id, k.region_code, ProvinceOf(k.region_code),
                PrefectureOf(k.region_code), k.status, k.category, k.threshold_met ? 1 : 0, delta})
          .status());
  return tx_
      .Exec("INSERT INTO case_totals (status, category, threshold_met, n) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (status, category, threshold_met) DO UPDATE SET n = case_totals.n + "
            "excluded.n",
            {k.status, k.category, k.threshold_met ? 1 : 0, delta})
      .status();
}

core::Status CaseStore::MoveCount(const CountKey& before, const CountKey& after) {
  if (!(before < after) && !(after < before)) return core::Status::Ok();
  IPE_RETURN_IF_ERROR(AddToCount(before, -1));
  return AddToCount(after, +1);
}


namespace {

// A case_parties row (case_id, kind, name, uscc, id_number, phone, address, role). Identifiers
// were validated before; they are stored normalised so that joins (prior penalties,
// correlation) match.
std::vector<Value> PartyRow(int64_t case_id, const CaseParty& p) {
  std::optional<std::string> uscc, idn;
  if (p.uscc) uscc = core::NormaliseIdText(*p.uscc);
  if (p.id_number) idn = core::NormaliseIdText(*p.id_number);
  return {case_id, p.kind, internal::Trim(p.name), Value(uscc), Value(idn), Value(p.phone),
          Value(p.address), p.role};
}

// A case's tags, trimmed and each once (the key of case_campaigns).
std::vector<std::string> DistinctTags(const CaseInput& in) {
  std::vector<std::string> tags;
  for (const auto& t : in.campaign_tags) {
    std::string tag = internal::Trim(t);
    if (!tag.empty() && std::find(tags.begin(), tags.end(), tag) == tags.end()) tags.push_back(tag);
  }
  return tags;
}

// Parties, rights and campaign rows of a case.
core::Status WriteChildren(storage::Tx& tx, int64_t id, const CaseInput& in) {
  for (const std::string& tag : DistinctTags(in)) {
    IPE_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO case_campaigns (tag, case_id) VALUES (?, ?)", {tag, id}).status());
  }
  for (const CaseParty& p : in.parties) {
    IPE_RETURN_IF_ERROR(tx.Exec("INSERT INTO case_parties (case_id, kind, name, uscc, id_number, "
                                "phone, address, role) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                PartyRow(id, p))
                            .status());
  }
  for (const CaseRight& r : in.rights) {
    IPE_RETURN_IF_ERROR(tx.Exec("INSERT INTO case_rights (case_id, kind, reg_number, holder, "
                                "description) VALUES (?, ?, ?, ?, ?)",
                                {id, r.kind, r.reg_number, r.holder, r.description})
                            .status());
  }
  return core::Status::Ok();
}

core::Status DuplicateNumber() {
  return core::Status(core::AlreadyExists("本机构已有相同编号的案件"))
      .AddFieldError("case_number", "本机构已有相同编号的案件");
}

}  // namespace

namespace {

// The inputs added by issue 13 (migration 0604), written after the row itself.
core::Status WriteMoreFacts(storage::Tx& tx, int64_t id, const CaseAmounts& a) {
  return tx
      .Exec("UPDATE cases SET unsold_marks_count = ?, unsold_copies_count = ?, clicks_count = ?, "
            "members_count = ?, works_count = ?, right_holder_bankrupt = ?, drug_aggravating = ?, "
            "harm_detail = ? WHERE id = ?",
            {Value(a.unsold_marks), Value(a.unsold_copies), Value(a.clicks), Value(a.members),
             Value(a.works), a.right_holder_bankrupt ? 1 : 0,
             a.drug_aggravating_circumstance ? 1 : 0, a.harm_to_health_detail, id})
      .status();
}

}  // namespace

core::Result<int64_t> CaseStore::Insert(const NewCaseRow& row) {
  const CaseInput& input = *row.input;
  const CaseAmounts& a = input.amounts;
  auto inserted = tx_.Query(
      "INSERT INTO cases (agency_id, region_code, province_code, prefecture_code, case_number, "
      "title, category, conduct, source, campaign_tags, status, act_date_from, act_date_to, goods, "
      "illegal_business_fen, illegal_gains_fen, sales_fen, unsold_value_fen, loss_fen, "
      "marks_count, copies_count, rights_involved, harm_to_health, created_by, created_at, "
      "updated_at, version, channel, trade, goods_class) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
      "'open', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?) RETURNING id",
      {row.agency_id, row.region_code, ProvinceOf(row.region_code), PrefectureOf(row.region_code),
       internal::Trim(input.case_number), internal::Trim(input.title), input.category,
       Value(input.conduct), input.source, internal::Join(input.campaign_tags, '|'),
       DateValue(input.act_date_from), DateValue(input.act_date_to), input.goods,
       FenValue(a.illegal_business), FenValue(a.illegal_gains), FenValue(a.sales),
       FenValue(a.unsold_value), FenValue(a.loss), Value(a.marks), Value(a.copies),
       Value(a.rights_involved), a.harm_to_health, Value(row.created_by), row.now.seconds,
       row.now.seconds, Value(input.channel), Value(input.trade), Value(input.goods_class)});
  if (!inserted) {
    if (inserted.error().code() == core::StatusCode::kAlreadyExists) return DuplicateNumber();
    return inserted.error();
  }
  int64_t id = (*inserted)[0].Int(0);
  IPE_RETURN_IF_ERROR(WriteMoreFacts(tx_, id, a));
  IPE_RETURN_IF_ERROR(WriteChildren(tx_, id, input));
  IPE_RETURN_IF_ERROR(internal::IndexText(tx_, kCaseTerms, id, "", SearchText(input)));
  IPE_RETURN_IF_ERROR(AddToCount({row.agency_id, row.region_code, "open", input.category, false}, 1));
  return id;
}

core::Status CaseStore::Update(int64_t id, const CaseInput& input, core::Timestamp now,
                               int64_t expected_version) {
  std::string old_text;
  IPE_ASSIGN_OR_RETURN(CountKey before, CountKeyOf(id, &old_text));
  const CaseAmounts& a = input.amounts;
  auto updated = tx_.Exec(
      "UPDATE cases SET case_number = ?, title = ?, category = ?, conduct = ?, source = ?, "
      "campaign_tags = ?, act_date_from = ?, act_date_to = ?, goods = ?, illegal_business_fen = ?, "
      "illegal_gains_fen = ?, sales_fen = ?, unsold_value_fen = ?, loss_fen = ?, marks_count = ?, "
      "copies_count = ?, rights_involved = ?, harm_to_health = ?, updated_at = ?, channel = ?, "
      "trade = ?, goods_class = ?, version = version + 1 WHERE id = ? AND version = ?",
      {internal::Trim(input.case_number), internal::Trim(input.title), input.category,
       Value(input.conduct), input.source, internal::Join(input.campaign_tags, '|'),
       DateValue(input.act_date_from), DateValue(input.act_date_to), input.goods,
       FenValue(a.illegal_business), FenValue(a.illegal_gains), FenValue(a.sales),
       FenValue(a.unsold_value), FenValue(a.loss), Value(a.marks), Value(a.copies),
       Value(a.rights_involved), a.harm_to_health, now.seconds, Value(input.channel),
       Value(input.trade), Value(input.goods_class), id, expected_version});
  if (!updated) {
    if (updated.error().code() == core::StatusCode::kAlreadyExists) return DuplicateNumber();
    return updated.error();
  }
  if (*updated == 0) {
    return core::FailedPrecondition("案件已被他人修改，请刷新后重试 (version conflict)");
  }
  IPE_RETURN_IF_ERROR(WriteMoreFacts(tx_, id, a));
  IPE_RETURN_IF_ERROR(tx_.Exec("DELETE FROM case_parties WHERE case_id = ?", {id}).status());
  IPE_RETURN_IF_ERROR(tx_.Exec("DELETE FROM case_rights WHERE case_id = ?", {id}).status());
  IPE_RETURN_IF_ERROR(tx_.Exec("DELETE FROM case_campaigns WHERE case_id = ?", {id}).status());
  IPE_RETURN_IF_ERROR(WriteChildren(tx_, id, input));
  IPE_RETURN_IF_ERROR(internal::IndexText(tx_, kCaseTerms, id, old_text, SearchText(input)));
  CountKey after = before;
  after.category = input.category;
  return MoveCount(before, after);
}

core::Status CaseStore::ReplaceFindings(int64_t id, const std::vector<CaseFinding>& findings,
                                        const std::string& regime_basis, core::Timestamp now) {
  bool met = std::any_of(findings.begin(), findings.end(), [](const CaseFinding& f) {
    return f.met && internal::IsThresholdFinding(f);
  });
  IPE_ASSIGN_OR_RETURN(CountKey before, CountKeyOf(id));
  // threshold_met_at keeps the first instant of an unbroken run of "met" (the supervision limit
  // counts from it); it is cleared when the case no longer meets a threshold.
  IPE_RETURN_IF_ERROR(
      tx_.Exec("UPDATE cases SET findings = ?, threshold_met = ?, threshold_met_at = CASE WHEN ? "
               "= 1 THEN coalesce(threshold_met_at, ?) ELSE NULL END, regime_basis = ? WHERE id = ?",
               {internal::EncodeFindings(findings), met ? 1 : 0, met ? 1 : 0, now.seconds,
                regime_basis, id})
          .status());
  CountKey after = before;
  after.threshold_met = met;
  return MoveCount(before, after);
}

core::Status CaseStore::AddEvent(int64_t case_id, std::optional<int64_t> actor_id,
                                 core::Timestamp at, const std::string& kind,
                                 const std::string& summary) {
  return tx_
      .Exec("INSERT INTO case_events (case_id, at, actor_id, kind, summary) VALUES (?, ?, ?, ?, ?)",
            {case_id, at.seconds, Value(actor_id), kind, summary})
      .status();
}

core::Status CaseStore::Close(int64_t id, const CaseClosing& closing, core::Timestamp now) {
  IPE_ASSIGN_OR_RETURN(CountKey before, CountKeyOf(id));
  CountKey after = before;
  after.status = "closed";
  IPE_RETURN_IF_ERROR(MoveCount(before, after));
  IPE_ASSIGN_OR_RETURN(
      int64_t updated,
      tx_.Exec("UPDATE cases SET status = 'closed', closing_kind = ?, penalty_decision_no = ?, "
               "penalty_date = ?, fine_fen = ?, confiscation = ?, destruction_ordered = ?, "
               "closed_at = ?, updated_at = ?, version = version + 1 "
               "WHERE id = ? AND status <> 'closed'",
               {closing.closing_kind, Value(closing.penalty_decision_no),
                DateValue(closing.penalty_date), FenValue(closing.fine),
                Value(closing.confiscation), closing.destruction_ordered, now.seconds,
                now.seconds, id}));
  if (updated == 0) return core::FailedPrecondition("案件已结案");
  return core::Status::Ok();
}

core::Status CaseStore::RaisePenaltyInsteadOfProsecutionAlert(const Case& c,
                                                              const std::string& message,
                                                              const std::string& severity,
                                                              core::Timestamp now) {
  return tx_
      .Exec("INSERT INTO alerts (kind, case_id, agency_id, region_code, message, created_at, "
            "dedup_key, severity) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedup_key) DO "
            "NOTHING",
            {"penalty_instead_of_prosecution", c.id, c.agency_id, c.region_code, message,
             now.seconds, "penalty_instead_of_prosecution:" + std::to_string(c.id), severity})
      .status();
}

core::Result<std::vector<int64_t>> CaseStore::InsertMany(int64_t agency_id,
                                                         const std::string& region_code,
                                                         std::optional<int64_t> created_by,
                                                         core::Timestamp now,
                                                         const std::vector<BulkCase>& cases) {
  std::vector<int64_t> ids;
  if (cases.empty()) return ids;
  // Ids first, so that children can be written by the bulk path too. SQLite's writer holds the
  // database lock, so max(id) + 1… is ours; PostgreSQL hands out identity values.
  if (tx_.dialect() == Dialect::kSqlite) {
    IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT coalesce(max(id), 0) FROM cases"));
    int64_t next = rows[0].Int(0) + 1;
    for (size_t i = 0; i < cases.size(); ++i) ids.push_back(next + static_cast<int64_t>(i));
  } else {
    IPE_ASSIGN_OR_RETURN(auto rows,
                         tx_.Query("SELECT nextval(pg_get_serial_sequence('cases', 'id')) FROM "
                                   "generate_series(1, ?)",
                                   {static_cast<int64_t>(cases.size())}));
    for (const Row& r : rows) ids.push_back(r.Int(0));
  }
  const bool postgres = tx_.dialect() == Dialect::kPostgres;
  std::map<CountKey, int64_t> counts;
  std::vector<std::vector<Value>> case_rows, party_rows, right_rows, event_rows, search_rows,
      campaign_rows;
  case_rows.reserve(cases.size());
  for (size_t i = 0; i < cases.size(); ++i) {
    const CaseInput& in = *cases[i].input;
    const CaseAmounts& a = in.amounts;
    const int64_t id = ids[i];
    const auto& findings = cases[i].findings;
    bool met = std::any_of(findings.begin(), findings.end(), [](const CaseFinding& f) {
      return f.met && internal::IsThresholdFinding(f);
    });
    ++counts[CountKey{agency_id, region_code, "open", in.category, met}];
    std::string text = SearchText(in);
    auto terms = core::IndexTerms(text);
    std::vector<Value> row = {
        id, agency_id, region_code, ProvinceOf(region_code), PrefectureOf(region_code),
        internal::Trim(in.case_number), internal::Trim(in.title), in.category, Value(in.conduct),
        in.source, internal::Join(in.campaign_tags, '|'), "open", DateValue(in.act_date_from),
        DateValue(in.act_date_to), in.goods, FenValue(a.illegal_business),
        FenValue(a.illegal_gains), FenValue(a.sales), FenValue(a.unsold_value), FenValue(a.loss),
        Value(a.marks), Value(a.copies), Value(a.rights_involved), a.harm_to_health,
        Value(created_by), now.seconds, now.seconds, 1, met ? 1 : 0,
        met ? Value(now.seconds) : Value(), internal::EncodeFindings(findings),
        cases[i].regime_basis, Value(a.unsold_marks), Value(a.unsold_copies), Value(a.clicks),
        Value(a.members), Value(a.works), a.right_holder_bankrupt ? 1 : 0,
        a.drug_aggravating_circumstance ? 1 : 0, a.harm_to_health_detail, text,
        Value(in.channel), Value(in.trade), Value(in.goods_class)};
    if (postgres) {
      row.emplace_back(TsVectorLiteral(terms));
    } else {
      search_rows.push_back({id, JoinTerms(terms)});
    }
    case_rows.push_back(std::move(row));
    for (const CaseParty& p : in.parties) party_rows.push_back(PartyRow(id, p));
    for (const CaseRight& r : in.rights) {
      right_rows.push_back({id, r.kind, r.reg_number, r.holder, r.description});
    }
    for (const std::string& tag : DistinctTags(in)) campaign_rows.push_back({tag, id});
    event_rows.push_back({id, now.seconds, Value(created_by), "created", cases[i].event_summary});
    if (met) {
      event_rows.push_back({id, now.seconds, Value(created_by), "finding",
                            "达到刑事追诉标准，应依法移送公安机关"});
    }
  }
  std::vector<std::string> case_columns = {
      "id", "agency_id", "region_code", "province_code", "prefecture_code", "case_number",
      "title", "category", "conduct", "source", "campaign_tags", "status", "act_date_from",
      "act_date_to", "goods", "illegal_business_fen", "illegal_gains_fen", "sales_fen",
      "unsold_value_fen", "loss_fen", "marks_count", "copies_count", "rights_involved",
      "harm_to_health", "created_by", "created_at", "updated_at", "version", "threshold_met",
      "threshold_met_at", "findings", "regime_basis", "unsold_marks_count", "unsold_copies_count",
      "clicks_count", "members_count", "works_count", "right_holder_bankrupt", "drug_aggravating",
      "harm_detail", "search_text", "channel", "trade", "goods_class"};
  if (postgres) case_columns.push_back("search_tsv");
  auto bulk = tx_.BulkInsert("cases", case_columns, case_rows);
  if (!bulk.ok()) {
    if (bulk.code() == core::StatusCode::kAlreadyExists) return DuplicateNumber();
    return bulk;
  }
  IPE_RETURN_IF_ERROR(tx_.BulkInsert("case_parties",
                                     {"case_id", "kind", "name", "uscc", "id_number", "phone",
                                      "address", "role"},
                                     party_rows));
  IPE_RETURN_IF_ERROR(tx_.BulkInsert("case_rights",
                                     {"case_id", "kind", "reg_number", "holder", "description"},
                                     right_rows));
  IPE_RETURN_IF_ERROR(tx_.BulkInsert("case_campaigns", {"tag", "case_id"}, campaign_rows));
  IPE_RETURN_IF_ERROR(tx_.BulkInsert("case_events",
                                     {"case_id", "at", "actor_id", "kind", "summary"}, event_rows));
  if (!postgres) {
    IPE_RETURN_IF_ERROR(tx_.BulkInsert("case_search", {"rowid", "terms"}, search_rows));
  }
  for (const auto& [key, n] : counts) IPE_RETURN_IF_ERROR(AddToCount(key, n));
  return ids;
}

core::Status CaseStore::RebuildSearchIfStale(storage::Database& db) {
  IPE_RETURN_IF_ERROR(internal::RebuildTermIndexIfStale(db, kCaseTerms));
  // Once per store (search_index_state 'cases_person_names', 0218): cases stored before the
  // natural persons' names moved behind kPersonNames get their text and terms again.
  {
    IPE_ASSIGN_OR_RETURN(auto tx, db.Begin(storage::TxMode::kRead));
    IPE_ASSIGN_OR_RETURN(auto rows, tx->Query("SELECT version FROM search_index_state WHERE "
                                              "name = 'cases_person_names'"));
    if (rows.empty() || rows[0].Int(0) >= 1) return core::Status::Ok();
  }
  IPE_ASSIGN_OR_RETURN(auto tx, db.Begin(storage::TxMode::kWrite));
  CaseStore store(*tx);
  int64_t after = 0;
  for (;;) {
    IPE_ASSIGN_OR_RETURN(auto ids, tx->Query("SELECT DISTINCT case_id FROM case_parties WHERE "
                                             "kind = 'person' AND case_id > ? ORDER BY case_id "
                                             "LIMIT 500",
                                             {after}));
    if (ids.empty()) break;
    for (const Row& r : ids) {
      after = r.Int(0);
      IPE_ASSIGN_OR_RETURN(Case c, store.Load(after, Detail::kFull));
      std::string old_text;
      IPE_RETURN_IF_ERROR(store.CountKeyOf(after, &old_text).status());
      IPE_RETURN_IF_ERROR(
          internal::IndexText(*tx, kCaseTerms, after, old_text, SearchText(c.input)));
    }
  }
  IPE_RETURN_IF_ERROR(tx->Exec("UPDATE search_index_state SET version = 1 WHERE name = "
                               "'cases_person_names'")
                          .status());
  return tx->Commit();
}

}  // namespace ipe::app
