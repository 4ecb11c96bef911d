#include "app/statistics/statistics_store.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <tuple>

#include "app/internal/list_store.h"
#include "app/principal.h"
#include "core/region.h"

namespace ipe::app {

using storage::Dialect;
using storage::Params;
using storage::Row;
using storage::Value;

namespace {

// One measure's records and how each becomes a cell. Expressions name the record {r} and, for
// records that belong to a case, the case {p} (joined on {r}.<parent_key> = {p}.id). The month is
// the Beijing-time month of the epoch-seconds `time`, or the first 7 characters of the date text
// `date`. Keep in step with statistics::Measures() (the dimensions d1/d2 mean what it says).
struct MeasureSql {
  const char* measure;
  const char* table;
  const char* parent;      // "" or the table of {p}
  const char* parent_key;  // column of {r} holding {p}'s id
  const char* where;
  const char* time;  // epoch seconds, or "" when `date` is used
  const char* date;
  const char* region;
  const char* agency;
  const char* d1;
  const char* d2;
  const char* v;
  const char* case_id;  // the case a record belongs to, for the drill-through's link
  const char* label;    // what the drill-through shows of a record
  const char* id = "{r}.id";  // the record's id (a case's campaign tag has none of its own)
};

// The band of calendar days a step took (d001: up to 1 day, d003: 2–3 … d091: over 90), from the
// seconds between its start and end; its names are the [labels handling_band] of the indicators.
#define IPE_DAYS_BAND(START, END)                                                            \
  "CASE WHEN " END " - " START " <= 86400 THEN 'd001' WHEN " END " - " START                 \
  " <= 259200 THEN 'd003' WHEN " END " - " START " <= 604800 THEN 'd007' WHEN " END " - "    \
  START " <= 1296000 THEN 'd015' WHEN " END " - " START " <= 2592000 THEN 'd030' WHEN " END \
  " - " START " <= 5184000 THEN 'd060' WHEN " END " - " START                              \
  " <= 7776000 THEN 'd090' ELSE 'd091' END"
constexpr const char* kBandDecision =
    IPE_DAYS_BAND("COALESCE({r}.agency_received_at, {r}.received_at)", "{r}.decided_at");
constexpr const char* kBandMediation = IPE_DAYS_BAND("{r}.decided_at", "{r}.mediation_ended_at");
constexpr const char* kBandNotice =
    IPE_DAYS_BAND("COALESCE({r}.mediation_ended_at, {r}.decided_at)", "{r}.notified_at");
#undef IPE_DAYS_BAND

const MeasureSql kMeasures[] = {
    {"case_opened", "cases", "", "", "1 = 1", "{r}.created_at", "", "{r}.region_code",
     "{r}.agency_id", "{r}.category", "{r}.conduct", "{r}.illegal_business_fen", "{r}.id",
     "{r}.case_number || ' ' || {r}.title"},
    {"case_closed", "cases", "", "", "{r}.status = 'closed' AND {r}.closed_at IS NOT NULL",
     "{r}.closed_at", "", "{r}.region_code", "{r}.agency_id", "{r}.category", "{r}.closing_kind",
     "{r}.fine_fen", "{r}.id", "{r}.case_number || ' ' || {r}.title"},
    {"case_over_threshold", "cases", "", "", "{r}.threshold_met = 1", "{r}.created_at", "",
     "{r}.region_code", "{r}.agency_id", "{r}.category", "{r}.conduct", "{r}.illegal_business_fen",
     "{r}.id", "{r}.case_number || ' ' || {r}.title"},
    // Issue 18's case dimensions: where the goods were offered and the trade flow, the goods' class
    // (Nice), and the campaigns a case is tagged with — one record per (tag, case), from
    // case_campaigns joined to its case, so a case in two campaigns counts in each. Unfilled
    // values are '' (未填写). Cases are registered by their registration month, as case_opened.
    {"case_channel", "cases", "", "", "1 = 1", "{r}.created_at", "", "{r}.region_code",
     "{r}.agency_id", "{r}.channel", "{r}.trade", "{r}.illegal_business_fen", "{r}.id",
     "{r}.case_number || ' ' || {r}.title"},
    {"case_goods", "cases", "", "", "1 = 1", "{r}.created_at", "", "{r}.region_code",
     "{r}.agency_id", "{r}.goods_class", "{r}.category", "{r}.illegal_business_fen", "{r}.id",
     "{r}.case_number || ' ' || {r}.title"},
    {"case_campaign", "case_campaigns", "cases", "case_id", "1 = 1", "{p}.created_at", "",
     "{p}.region_code", "{p}.agency_id", "{r}.tag", "{p}.category", "{p}.illegal_business_fen",
     "{p}.id", "{p}.case_number || ' ' || {p}.title", "{p}.id"},
    {"transfer", "transfers", "cases", "case_id", "1 = 1", "{r}.created_at", "", "{p}.region_code",
     "{p}.agency_id", "{r}.status", "{p}.category", "0", "{p}.id",
     "{p}.case_number || ' ' || {p}.title"},
    {"alert", "alerts", "", "", "1 = 1", "{r}.created_at", "", "{r}.region_code", "{r}.agency_id",
     "{r}.kind", "CASE WHEN {r}.resolved_at IS NULL THEN 'open' ELSE 'resolved' END", "0",
     "{r}.case_id", "{r}.message"},
    {"supervision", "supervision_actions", "cases", "case_id", "1 = 1", "{r}.created_at", "",
     "{p}.region_code", "{p}.agency_id", "{r}.kind", "{p}.category", "0", "{p}.id",
     "{p}.case_number || ' ' || {p}.title"},
    {"lead", "leads", "", "", "1 = 1", "{r}.created_at", "", "{r}.region_code", "{r}.agency_id",
     "{r}.source", "{r}.status", "0", "{r}.case_id", "{r}.title"},
    {"hit", "monitoring_hits", "", "", "1 = 1", "{r}.first_seen_at", "", "{r}.region_code",
     "{r}.agency_id", "{r}.status", "{r}.platform", "0", "NULL", "{r}.title"},
    {"complaint", "complaints", "", "", "{r}.kind = 'complaint'", "{r}.received_at", "",
     "{r}.region_code", "{r}.agency_id", "{r}.channel", "{r}.status", "0", "{r}.case_id",
     "{r}.receipt_no || ' ' || {r}.product"},
    {"report", "complaints", "", "", "{r}.kind = 'report'", "{r}.received_at", "",
     "{r}.region_code", "{r}.agency_id", "{r}.channel", "{r}.status", "0", "{r}.case_id",
     "{r}.receipt_no || ' ' || {r}.product"},
    // 投诉举报 by subject, how many became leads or cases, and the time each step took (calendar
    // days in bands, docs/complaints.md "Statistics"): the decision to accept / refuse or to file
    // (from the handling agency's receipt), mediation (from acceptance to its end, appraisal
    // pauses included) and the notice (from the decision or the mediation's end).
    {"complaint_matter", "complaints", "", "", "1 = 1", "{r}.received_at", "", "{r}.region_code",
     "{r}.agency_id", "{r}.kind", "{r}.subject", "0", "{r}.case_id",
     "{r}.receipt_no || ' ' || {r}.product"},
    {"complaint_conversion", "complaints", "", "",
     "({r}.lead_id IS NOT NULL OR {r}.case_id IS NOT NULL)", "{r}.received_at", "",
     "{r}.region_code", "{r}.agency_id", "{r}.kind",
     "CASE WHEN {r}.case_id IS NOT NULL THEN 'case' ELSE 'lead' END", "0", "{r}.case_id",
     "{r}.receipt_no || ' ' || {r}.product"},
    {"complaint_step_decision", "complaints", "", "", "{r}.decided_at IS NOT NULL",
     "{r}.decided_at", "", "{r}.region_code", "{r}.agency_id", "{r}.kind",
     kBandDecision, "0", "{r}.case_id", "{r}.receipt_no || ' ' || {r}.product"},
    {"complaint_step_mediation", "complaints", "",  "",
     "{r}.mediation_ended_at IS NOT NULL AND {r}.decided_at IS NOT NULL", "{r}.mediation_ended_at", "",
     "{r}.region_code", "{r}.agency_id", "{r}.subject", kBandMediation, "0", "{r}.case_id",
     "{r}.receipt_no || ' ' || {r}.product"},
    {"complaint_step_notice", "complaints", "", "",
     "{r}.notified_at IS NOT NULL AND COALESCE({r}.mediation_ended_at, {r}.decided_at) IS NOT NULL",
     "{r}.notified_at", "", "{r}.region_code", "{r}.agency_id", "{r}.kind", kBandNotice, "0",
     "{r}.case_id", "{r}.receipt_no || ' ' || {r}.product"},
    // 行政处罚信息公示: whether a decision was published by its due date (SAMR Order 45 第九条, the
    // clock credit/ computes), by the month of the decision.
    {"disclosure", "disclosures", "", "", "1 = 1", "", "{r}.decision_date", "{r}.region_code",
     "{r}.agency_id", "{r}.status",
     "CASE WHEN {r}.published_at IS NULL THEN 'unpublished' WHEN {r}.publish_due IS NULL THEN 'no_deadline' "
     "WHEN {r}.published_at <= {r}.publish_due THEN 'on_time' ELSE 'late' END",
     "0", "{r}.case_id", "{r}.decision_no"},
    {"custody_seized", "custody_items", "", "", "1 = 1", "", "{r}.seized_on", "{r}.region_code",
     "{r}.agency_id", "{r}.category", "{r}.unit", "{r}.seized", "{r}.case_id",
     "{r}.label_no || ' ' || {r}.description"},
    {"custody_destroyed", "custody_items", "", "", "{r}.destroyed > 0", "", "{r}.seized_on",
     "{r}.region_code", "{r}.agency_id", "{r}.category", "{r}.unit", "{r}.destroyed",
     "{r}.case_id", "{r}.label_no || ' ' || {r}.description"},
    {"custody_value", "custody_items", "", "", "1 = 1", "", "{r}.seized_on", "{r}.region_code",
     "{r}.agency_id", "{r}.category", "{r}.unit", "{r}.value_fen", "{r}.case_id",
     "{r}.label_no || ' ' || {r}.description"},
    {"custody_weight", "custody_items", "", "", "1 = 1", "", "{r}.seized_on", "{r}.region_code",
     "{r}.agency_id", "{r}.category", "{r}.unit", "{r}.weight_g", "{r}.case_id",
     "{r}.label_no || ' ' || {r}.description"},
};

// The columns of each base table whose change can move a record to another cell (the update
// triggers fire on these only), its own measures' and those of the records that belong to it.
struct Watched {
  const char* table;
  std::vector<const char*> columns;
};
const Watched kWatched[] = {
    {"cases", {"region_code", "agency_id", "category", "conduct", "closing_kind", "status",
               "closed_at", "created_at", "fine_fen", "illegal_business_fen", "threshold_met",
               "channel", "trade", "goods_class"}},
    {"case_campaigns", {"tag", "case_id"}},
    {"transfers", {"case_id", "status", "created_at"}},
    {"alerts", {"region_code", "agency_id", "kind", "resolved_at", "created_at"}},
    {"supervision_actions", {"case_id", "kind", "created_at"}},
    {"leads", {"region_code", "agency_id", "source", "status", "created_at"}},
    {"monitoring_hits", {"region_code", "agency_id", "status", "platform", "first_seen_at"}},
    {"complaints", {"kind", "region_code", "agency_id", "channel", "status", "received_at", "subject",
                    "lead_id", "case_id", "agency_received_at", "decided_at", "mediation_ended_at",
                    "notified_at"}},
    {"disclosures", {"region_code", "agency_id", "status", "decision_date", "publish_due", "published_at"}},
    {"custody_items", {"region_code", "agency_id", "category", "unit", "seized_on", "seized",
                       "destroyed", "value_fen", "weight_g"}},
};

const MeasureSql* FindMeasureSql(const std::string& key) {
  for (const MeasureSql& m : kMeasures) {
    if (key == m.measure) return &m;
  }
  return nullptr;
}

std::string Replace(std::string s, const std::string& from, const std::string& to) {
  for (size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size()) {
    s.replace(pos, from.size(), to);
  }
  return s;
}

// The Beijing-time (UTC+8, no daylight saving) month of a record.
std::string MonthExpr(Dialect d, const MeasureSql& m) {
  if (*m.time == '\0') return std::string("substr(") + m.date + ", 1, 7)";
  if (d == Dialect::kSqlite) return std::string("strftime('%Y-%m', ") + m.time + " + 28800, 'unixepoch')";
  return std::string("to_char(to_timestamp(") + m.time + " + 28800) AT TIME ZONE 'UTC', 'YYYY-MM')";
}

// How a record is read: by `row` (an alias, or NEW/OLD in a trigger) and its case by `parent`.
struct Aliases {
  std::string row;
  std::string parent;
  std::string from;  // " FROM …" (may be empty in a trigger)
  std::string where_extra;  // " AND …"
};

// A SELECT of measure `m`'s records as cell contributions (columns measure, month, region_code,
// province_code, prefecture_code, agency_id, d1, d2, n, v — and id, case_id, label when
// `with_record`), each counted `sign` times.
std::string RecordsSelect(Dialect d, const MeasureSql& m, const Aliases& a, int sign, bool with_record) {
  std::string region = std::string("COALESCE(") + m.region + ", '')";
  std::string sql = std::string("SELECT '") + m.measure + "' AS measure, " + MonthExpr(d, m) +
                    " AS month, " + region + " AS region_code, substr(" + region +
                    ", 1, 2) || '0000' AS province_code, substr(" + region +
                    ", 1, 4) || '00' AS prefecture_code, COALESCE(" + m.agency +
                    ", 0) AS agency_id, COALESCE(" + m.d1 + ", '') AS d1, COALESCE(" + m.d2 +
                    ", '') AS d2, " + std::to_string(sign) + " AS n, " + std::to_string(sign) +
                    " * COALESCE(" + m.v + ", 0) AS v";
  if (with_record) {
    sql += std::string(", ") + m.id + " AS id, " + m.case_id + " AS case_id, " + m.label + " AS label";
  }
  sql += a.from + " WHERE " + m.where + a.where_extra;
  sql = Replace(std::move(sql), "{r}", a.row);
  return Replace(std::move(sql), "{p}", a.parent);
}

// The records of `m` for a whole-table read (recompute, figures from records, drill-through).
Aliases TableAliases(const MeasureSql& m) {
  Aliases a{"r", "p", std::string(" FROM ") + m.table + " r", ""};
  if (*m.parent) a.from += std::string(" JOIN ") + m.parent + " p ON p.id = r." + m.parent_key;
  return a;
}

// The tables of cells: every dimension (stat_cells), and the same summed to prefectures, to
// provinces and to the nation without the agency, so that a national or provincial figure reads a
// few thousand rows instead of every county's and agency's. `keys` are the grouping columns,
// `conflict` the primary key, `index` and `index_columns` the table's other index (migrations 1000
// and 1344), which a recomputation on PostgreSQL builds again (RecomputeBySwap).
struct CellTable {
  const char* table;
  std::vector<const char*> keys;
  const char* conflict;
  const char* index;
  const char* index_columns;
};
// Room left on each page of cells when a recomputation writes them (PostgreSQL; migration 1343 sets
// the same on the tables): a cell's n and v are in no index, so a write that changes them can keep
// the new row version on its page (a HOT update) while there is room, and the cells stay in key
// order on their pages.
constexpr const char* kCellFillFactor = "90";

const CellTable kCellTables[] = {
    {"stat_cells",
     {"measure", "month", "region_code", "province_code", "prefecture_code", "agency_id", "d1", "d2"},
     "measure, month, region_code, agency_id, d1, d2", "stat_cells_by_agency",
     "measure, agency_id, province_code, month, d1"},
    {"stat_cells_prefecture",
     {"measure", "month", "prefecture_code", "province_code", "d1", "d2"},
     "measure, month, prefecture_code, d1, d2", "stat_cells_prefecture_province",
     "measure, province_code, month"},
    {"stat_cells_province", {"measure", "month", "province_code", "d1", "d2"}, "measure, month, province_code, d1, d2",
     "", ""},
    // The nation: a national figure not grouped by region reads one row per (month, d1, d2)
    // instead of 31 — the five-year transfer rate 2 × 60 months × statuses × categories.
    {"stat_cells_nation", {"measure", "month", "d1", "d2"}, "measure, month, d1, d2", "", ""},
};

// Whether the comma-separated column list `columns` names `column`.
bool ContainsColumn(const std::string& columns, const std::string& column) {
  return (", " + columns + ",").find(", " + column + ",") != std::string::npos;
}

// INSERT INTO `t` (or the table `into` of its columns) the sums of `source`'s rows (aliased x) per
// key of `t`; `grouped` false when `source` has one row at most (a trigger's own record): no sort,
// and the subquery flattens. `in_key_order`: the cells are written in the order of the primary key
// (a recomputation filling a table), so that a figure's range of the key lies on a few pages
// instead of one page per cell (PostgreSQL's hash aggregation returns them in hash order).
std::string SumInto(const CellTable& t, const std::string& source, const std::string& where,
                    bool grouped = true, const std::string& into = "", bool in_key_order = false) {
  std::string cols, keys;
  for (const char* k : t.keys) {
    cols += std::string(k) + ", ";
    keys += std::string(keys.empty() ? "" : ", ") + "x." + k;
  }
  std::string insert = "INSERT INTO " + (into.empty() ? std::string(t.table) : into) + " (" + cols + "n, v) SELECT ";
  if (!grouped) return insert + keys + ", x.n, x.v FROM " + source + " WHERE " + where;
  // Grouped by the primary key's columns first (the others follow from them): SQLite's grouping
  // sorts by those, and the ORDER BY then costs no second sort.
  std::string pk = "x." + Replace(t.conflict, ", ", ", x.");
  std::string group = pk;
  for (const char* k : t.keys) {
    if (!ContainsColumn(t.conflict, k)) group += std::string(", x.") + k;
  }
  std::string sql = insert + keys + ", sum(x.n), sum(x.v) FROM " + source + " WHERE " + where + " GROUP BY " + group;
  if (in_key_order) sql += " ORDER BY " + pk;
  return sql;
}

// Adds `inner`'s contributions to the cells of every table (an upsert per cell); `single_row`
// when `inner` yields one row at most.
std::vector<std::string> UpsertCells(const std::string& inner, bool single_row) {
  std::vector<std::string> out;
  for (const CellTable& t : kCellTables) {
    out.push_back(SumInto(t, "(" + inner + ") x", "1 = 1", !single_row) + " ON CONFLICT (" + t.conflict +
                  ") DO UPDATE SET n = " + t.table + ".n + excluded.n, v = " + t.table + ".v + excluded.v");
  }
  return out;
}

// Trigger statements for the records of table `table` itself (`row` is NEW or OLD).
std::vector<std::string> OwnStatements(Dialect d, const std::string& table, const std::string& row,
                                       int sign) {
  std::vector<std::string> out;
  for (const MeasureSql& m : kMeasures) {
    if (table != m.table) continue;
    Aliases a{row, "p", "", ""};
    if (*m.parent) {
      a.from = std::string(" FROM ") + m.parent + " p";
      a.where_extra = std::string(" AND p.id = ") + row + "." + m.parent_key;
    }
    // One record (and at most one case of it): no grouping.
    for (std::string& u : UpsertCells(RecordsSelect(d, m, a, sign, false), true)) out.push_back(std::move(u));
  }
  return out;
}

// Trigger statements for the records that belong to a row of `table` (a case's transfers) when
// that row changes (`parent` is NEW or OLD).
std::vector<std::string> ChildStatements(Dialect d, const std::string& table,
                                         const std::string& parent, int sign) {
  std::vector<std::string> out;
  for (const MeasureSql& m : kMeasures) {
    if (table != m.parent) continue;
    Aliases a{"r", parent, std::string(" FROM ") + m.table + " r",
              std::string(" AND r.") + m.parent_key + " = " + parent + ".id"};
    for (std::string& u : UpsertCells(RecordsSelect(d, m, a, sign, false), false)) out.push_back(std::move(u));
  }
  return out;
}

std::string JoinStatements(const std::vector<std::string>& statements) {
  std::string out;
  for (const std::string& s : statements) out += "  " + s + ";\n";
  return out;
}

std::string TriggerScript(Dialect d, const Watched& w) {
  const std::string t = w.table;
  std::string changed;  // SQLite: OLD.a IS NOT NEW.a OR …
  std::string old_row, new_row, cols;
  for (const char* c : w.columns) {
    if (!changed.empty()) {
      changed += " OR ";
      old_row += ", ";
      new_row += ", ";
      cols += ", ";
    }
    changed += std::string("OLD.") + c + " IS NOT NEW." + c;
    old_row += std::string("OLD.") + c;
    new_row += std::string("NEW.") + c;
    cols += c;
  }
  std::vector<std::string> update = OwnStatements(d, t, "OLD", -1);
  for (std::string& s : OwnStatements(d, t, "NEW", 1)) update.push_back(std::move(s));
  for (std::string& s : ChildStatements(d, t, "OLD", -1)) update.push_back(std::move(s));
  for (std::string& s : ChildStatements(d, t, "NEW", 1)) update.push_back(std::move(s));
  // A deleted row takes the records that belong to it out of the cells before it goes: the
  // records a foreign key's cascade deletes (a case's campaign tags) are deleted after the row,
  // when their own trigger can no longer find it (SQLite and PostgreSQL alike), and add nothing.
  std::string before_delete = JoinStatements(ChildStatements(d, t, "OLD", -1));
  if (d == Dialect::kSqlite) {
    std::string s;
    for (const char* suffix : {"_ins", "_upd", "_del", "_bdel"}) {
      s += "DROP TRIGGER IF EXISTS stat_" + t + suffix + ";\n";
    }
    std::string ins = JoinStatements(OwnStatements(d, t, "NEW", 1));
    std::string del = JoinStatements(OwnStatements(d, t, "OLD", -1));
    if (!ins.empty()) s += "CREATE TRIGGER stat_" + t + "_ins AFTER INSERT ON " + t + " BEGIN\n" + ins + "END;\n";
    if (!del.empty()) s += "CREATE TRIGGER stat_" + t + "_del AFTER DELETE ON " + t + " BEGIN\n" + del + "END;\n";
    if (!before_delete.empty()) {
      s += "CREATE TRIGGER stat_" + t + "_bdel BEFORE DELETE ON " + t + " BEGIN\n" + before_delete + "END;\n";
    }
    s += "CREATE TRIGGER stat_" + t + "_upd AFTER UPDATE OF " + cols + " ON " + t + " WHEN " +
         changed + " BEGIN\n" + JoinStatements(update) + "END;\n";
    return s;
  }
  std::string body = "BEGIN\n";
  if (!before_delete.empty()) body += "IF TG_WHEN = 'BEFORE' THEN\n" + before_delete + "  RETURN OLD;\nEND IF;\n";
  body += "IF TG_OP = 'UPDATE' THEN\n  IF ROW(" + old_row + ") IS NOT DISTINCT FROM ROW(" + new_row +
          ") THEN RETURN NULL; END IF;\n" + JoinStatements(update) + "  RETURN NULL;\nEND IF;\n";
  body += "IF TG_OP = 'INSERT' THEN\n" + JoinStatements(OwnStatements(d, t, "NEW", 1)) + "END IF;\n";
  body += "IF TG_OP = 'DELETE' THEN\n" + JoinStatements(OwnStatements(d, t, "OLD", -1)) + "END IF;\n";
  body += "RETURN NULL;\nEND";
  std::string s = "CREATE OR REPLACE FUNCTION stat_trg_" + t + "() RETURNS trigger LANGUAGE plpgsql AS $stat$\n" +
                  body + "\n$stat$;\nDROP TRIGGER IF EXISTS stat_" + t + " ON " + t + ";\nDROP TRIGGER IF EXISTS stat_" +
                  t + "_before ON " + t + ";\nCREATE TRIGGER stat_" + t + " AFTER INSERT OR DELETE OR UPDATE ON " + t +
                  " FOR EACH ROW EXECUTE FUNCTION stat_trg_" + t + "();\n";
  if (!before_delete.empty()) {
    s += "CREATE TRIGGER stat_" + t + "_before BEFORE DELETE ON " + t + " FOR EACH ROW EXECUTE FUNCTION stat_trg_" + t +
         "();\n";
  }
  return s;
}

// Triggers a complete installation has.
int64_t ExpectedTriggers(Dialect d) {
  int64_t n = 0;
  for (const Watched& w : kWatched) {
    bool own = false;
    bool parent = false;
    for (const MeasureSql& m : kMeasures) {
      own = own || w.table == std::string(m.table);
      parent = parent || w.table == std::string(m.parent);
    }
    n += (d == Dialect::kSqlite ? (own ? 3 : 1) : 1) + (parent ? 1 : 0);
  }
  return n;
}

core::Result<int64_t> InstalledTriggers(storage::Tx& tx) {
  const char* sql =
      tx.dialect() == Dialect::kSqlite
          ? "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'stat!_%' ESCAPE '!'"
          : "SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "JOIN pg_namespace s ON s.oid = c.relnamespace "
            "WHERE s.nspname = current_schema() AND t.tgname LIKE 'stat!_%' ESCAPE '!' AND NOT t.tgisinternal";
  IPE_ASSIGN_OR_RETURN(auto rows, tx.Query(sql));
  return rows.empty() ? 0 : rows[0].Int(0);
}

StatCell CellOf(const Row& r) {
  return {r.Text(0), r.Text(1), r.Text(2), r.Int(3), r.Text(4), r.Text(5), r.Int(6), r.Int(7)};
}

void SortCells(std::vector<StatCell>& cells) {
  std::sort(cells.begin(), cells.end(), [](const StatCell& a, const StatCell& b) {
    return std::tie(a.measure, a.month, a.region_code, a.agency_id, a.d1, a.d2) <
           std::tie(b.measure, b.month, b.region_code, b.agency_id, b.d1, b.d2);
  });
}

const char* GroupColumnSql(statistics::GroupColumn g) {
  using statistics::GroupColumn;
  switch (g) {
    case GroupColumn::kProvince: return "x.province_code";
    case GroupColumn::kPrefecture: return "x.prefecture_code";
    case GroupColumn::kCounty: return "x.region_code";
    case GroupColumn::kAgency: return "x.agency_id";
    case GroupColumn::kMonth: return "x.month";
    case GroupColumn::kD1: return "x.d1";
    case GroupColumn::kD2: return "x.d2";
    case GroupColumn::kNone: break;
  }
  return "";
}

// The conditions on rows `x` (cells or records with the cell columns) that a leg keeps.
std::string LegConditions(const statistics::CellQuery& leg, const StatScope& scope,
                          const std::string& from_month, const std::string& to_month,
                          const std::optional<std::string>& group_key, Params& params) {
  std::string where = " WHERE x.measure = ? AND x.month >= ? AND x.month <= ?";
  params.push_back(leg.measure);
  params.push_back(from_month);
  params.push_back(to_month);
  if (auto eq = internal::RegionEquality("x", scope.region)) {
    where += " AND " + eq->first + " = ?";
    params.push_back(eq->second);
  }
  if (scope.agency) {
    where += " AND x.agency_id = ?";
    params.push_back(*scope.agency);
    // The agency index leads with (measure, agency_id, province_code) (migration 1344): a scope
    // below the province names its province too, so that an agency whose records lie in several
    // provinces has only this province's cells read.
    core::RegionLevel level = core::LevelOfCode(scope.region);
    if (scope.region != kNationalRegion && level != core::RegionLevel::kProvince) {
      where += " AND x.province_code = ?";
      params.push_back(core::ProvinceCodeOf(scope.region));
    }
  }
  for (const auto& [column, values] : {std::pair{"x.d1", &leg.d1_in}, std::pair{"x.d2", &leg.d2_in}}) {
    if (values->empty()) continue;
    where += std::string(" AND ") + column + " IN (" + internal::Placeholders(values->size()) + ")";
    for (const std::string& v : *values) params.push_back(v);
  }
  if (group_key && leg.group != statistics::GroupColumn::kNone) {
    where += std::string(" AND ") + GroupColumnSql(leg.group) + " = ?";
    if (leg.group == statistics::GroupColumn::kAgency) {
      params.push_back(static_cast<int64_t>(std::atoll(group_key->c_str())));
    } else {
      params.push_back(*group_key);
    }
  }
  return where;
}

core::Result<std::vector<statistics::CellRow>> ReadGroups(storage::Tx& tx, const std::string& source,
                                                          const statistics::CellQuery& leg,
                                                          const StatScope& scope,
                                                          const std::string& from_month,
                                                          const std::string& to_month) {
  if (leg.matches_nothing) return std::vector<statistics::CellRow>{};
  Params params;
  std::string where = LegConditions(leg, scope, from_month, to_month, std::nullopt, params);
  std::string group = GroupColumnSql(leg.group);
  std::string sql = "SELECT " + (group.empty() ? std::string("''") : group) +
                    ", count(*), sum(x.n), sum(x.v) FROM " + source + where;
  if (!group.empty()) sql += " GROUP BY " + group;
  IPE_ASSIGN_OR_RETURN(auto rows, tx.Query(sql, params));
  std::vector<statistics::CellRow> out;
  for (const Row& r : rows) {
    // No group: one row of NULL sums over nothing; cells whose records all moved away: n = 0.
    if (r.Int(1) == 0 || r.Int(2) == 0) continue;
    out.push_back({r.Text(0), r.Int(2), r.Int(3)});
  }
  return out;
}

std::string AllRecords(Dialect d, const MeasureSql& m, bool with_record) {
  return "(" + RecordsSelect(d, m, TableAliases(m), 1, with_record) + ") x";
}

// Fills the empty tables of cells named `<table><suffix>` from the records: stat_cells measure by
// measure, then each summed table from the one before it (prefectures from the cells, provinces
// from the prefectures, the nation from the provinces: its keys are a subset of that table's).
// Returns the number of cells of stat_cells.
core::Result<int64_t> FillCells(storage::Tx& tx, const std::string& suffix) {
  auto name = [&](const CellTable& t) { return std::string(t.table) + suffix; };
  int64_t cells = 0;
  for (const MeasureSql& m : kMeasures) {
    IPE_ASSIGN_OR_RETURN(int64_t n, tx.Exec(SumInto(kCellTables[0], AllRecords(tx.dialect(), m, false), "1 = 1",
                                                    true, name(kCellTables[0]), true)));
    cells += n;
  }
  for (size_t i = 1; i < std::size(kCellTables); ++i) {
    IPE_RETURN_IF_ERROR(
        tx.Exec(SumInto(kCellTables[i], name(kCellTables[i - 1]) + " x", "x.n <> 0", true, name(kCellTables[i]), true))
            .status());
  }
  return cells;
}

}  // namespace

core::Status StatisticsStore::InstallIfStale(storage::Database& db) {
  {
    IPE_ASSIGN_OR_RETURN(auto tx, db.Begin(storage::TxMode::kRead));
    IPE_ASSIGN_OR_RETURN(auto rows, tx->Query("SELECT version FROM search_index_state WHERE name = 'statistics'"));
    IPE_ASSIGN_OR_RETURN(int64_t installed, InstalledTriggers(*tx));
    if (!rows.empty() && rows[0].Int(0) == kStatisticsVersion && installed == ExpectedTriggers(db.dialect())) {
      return core::Status::Ok();
    }
  }
  IPE_ASSIGN_OR_RETURN(auto tx, db.Begin(storage::TxMode::kWrite));
  StatisticsStore store(*tx);
  IPE_RETURN_IF_ERROR(store.InstallTriggers());
  IPE_RETURN_IF_ERROR(store.Recompute().status());
  IPE_RETURN_IF_ERROR(tx->Exec("DELETE FROM search_index_state WHERE name = 'statistics'").status());
  IPE_RETURN_IF_ERROR(tx->Exec("INSERT INTO search_index_state (name, version) VALUES ('statistics', ?)",
                               {kStatisticsVersion})
                          .status());
  return tx->Commit();
}

core::Status StatisticsStore::InstallTriggers() {
  for (const Watched& w : kWatched) {
    IPE_RETURN_IF_ERROR(tx_.ExecScript(TriggerScript(tx_.dialect(), w)));
  }
  return core::Status::Ok();
}

core::Result<int64_t> StatisticsStore::Recompute() {
  if (tx_.dialect() == Dialect::kPostgres) return RecomputeBySwap();
  for (const CellTable& t : kCellTables) {
    IPE_RETURN_IF_ERROR(tx_.Exec(std::string("DELETE FROM ") + t.table).status());
  }
  return FillCells(tx_, "");
}

// On PostgreSQL the cells are written into new tables without indexes, indexed once when full and
// swapped in for the old ones. Deleting the cells and inserting them again left every old cell dead
// for vacuum (20 million at 10,000,000 cases); the swap leaves compact tables, in key order (FillCells)
// with room for updates (kCellFillFactor), and holds no reader up. It is not faster
// (docs/statistics.md): the time goes into aggregating the records and into sorting the cells, which
// the row-by-row inserts paid as well.
//
// No write may change the old cells once the records are read: it would be lost in the swap. Every
// write that moves a record between cells upserts into stat_cells first (the triggers), so a lock
// on stat_cells that conflicts with writing (SHARE ROW EXCLUSIVE) is taken before reading: the
// writes under way end first, later ones wait at their trigger until the new cells are committed
// and then count into them (their plans find the new table by name). Readers go on reading the old
// cells until the swap; a second recomputation waits for the first. Locking the base tables
// instead deadlocks with writers that hold one of them and want another (tried).
//
// The hash aggregation of a measure's records needs memory in proportion to its cells (~1 GB for
// 5 million): work_mem is raised for this transaction only.
core::Result<int64_t> StatisticsStore::RecomputeBySwap() {
  IPE_RETURN_IF_ERROR(tx_.Exec("LOCK TABLE stat_cells IN SHARE ROW EXCLUSIVE MODE").status());
  IPE_RETURN_IF_ERROR(tx_.Exec("SET LOCAL work_mem = '1GB'").status());
  auto next = [](const CellTable& t) { return std::string(t.table) + "_next"; };
  for (const CellTable& t : kCellTables) {
    IPE_RETURN_IF_ERROR(tx_.Exec("DROP TABLE IF EXISTS " + next(t)).status());
    // LIKE copies the columns with their types, collations and NOT NULL (not the fill factor); the
    // indexes come last.
    IPE_RETURN_IF_ERROR(
        tx_.Exec("CREATE TABLE " + next(t) + " (LIKE " + t.table + ") WITH (fillfactor = " + kCellFillFactor + ")")
            .status());
  }
  IPE_ASSIGN_OR_RETURN(int64_t cells, FillCells(tx_, "_next"));
  for (const CellTable& t : kCellTables) {
    IPE_RETURN_IF_ERROR(tx_.Exec("ALTER TABLE " + next(t) + " ADD CONSTRAINT " + next(t) + "_pkey PRIMARY KEY (" +
                                 t.conflict + ")")
                            .status());
    if (*t.index) {
      IPE_RETURN_IF_ERROR(
          tx_.Exec(std::string("CREATE INDEX ") + t.index + "_next ON " + next(t) + " (" + t.index_columns + ")")
              .status());
    }
    IPE_RETURN_IF_ERROR(tx_.Exec("ANALYZE " + next(t)).status());
  }
  // The swap: the new tables and their indexes take the old names (those of the migration).
  for (const CellTable& t : kCellTables) {
    IPE_RETURN_IF_ERROR(tx_.Exec(std::string("DROP TABLE ") + t.table).status());
    IPE_RETURN_IF_ERROR(tx_.Exec("ALTER TABLE " + next(t) + " RENAME TO " + t.table).status());
    IPE_RETURN_IF_ERROR(tx_.Exec(std::string("ALTER TABLE ") + t.table + " RENAME CONSTRAINT " + next(t) +
                                 "_pkey TO " + t.table + "_pkey")
                            .status());
    if (*t.index) {
      IPE_RETURN_IF_ERROR(
          tx_.Exec(std::string("ALTER INDEX ") + t.index + "_next RENAME TO " + t.index).status());
    }
  }
  return cells;
}

core::Result<std::vector<StatCell>> StatisticsStore::Cells() {
  // The summed tables as cells of agency -1 (prefectures), -2 (provinces) and -3 (the nation,
  // 000000), keyed by their code.
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT measure, month, region_code, agency_id, d1, d2, n, v "
                                            "FROM stat_cells WHERE n <> 0 UNION ALL "
                                            "SELECT measure, month, prefecture_code, -1, d1, d2, n, v "
                                            "FROM stat_cells_prefecture WHERE n <> 0 UNION ALL "
                                            "SELECT measure, month, province_code, -2, d1, d2, n, v "
                                            "FROM stat_cells_province WHERE n <> 0 UNION ALL "
                                            "SELECT measure, month, '000000', -3, d1, d2, n, v "
                                            "FROM stat_cells_nation WHERE n <> 0"));
  std::vector<StatCell> out;
  out.reserve(rows.size());
  for (const Row& r : rows) out.push_back(CellOf(r));
  SortCells(out);
  return out;
}

core::Result<std::vector<StatCell>> StatisticsStore::RecomputedCells() {
  std::vector<StatCell> out;
  for (const MeasureSql& m : kMeasures) {
    IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT x.measure, x.month, x.region_code, x.agency_id, x.d1, "
                                              "x.d2, sum(x.n), sum(x.v) FROM " +
                                              AllRecords(tx_.dialect(), m, false) +
                                              " GROUP BY x.measure, x.month, x.region_code, x.agency_id, "
                                              "x.d1, x.d2"));
    for (const Row& r : rows) out.push_back(CellOf(r));
  }
  // What the summed tables must hold, added up here from the records' cells.
  std::map<std::tuple<std::string, std::string, std::string, int64_t, std::string, std::string>,
           std::pair<int64_t, int64_t>>
      levels;
  for (const StatCell& c : out) {
    for (auto [code, agency] : {std::pair{core::PrefectureCodeOf(c.region_code), int64_t{-1}},
                                std::pair{core::ProvinceCodeOf(c.region_code), int64_t{-2}},
                                std::pair{std::string(kNationalRegion), int64_t{-3}}}) {
      auto& sum = levels[{c.measure, c.month, code, agency, c.d1, c.d2}];
      sum.first += c.n;
      sum.second += c.v;
    }
  }
  for (const auto& [key, sum] : levels) {
    out.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), std::get<3>(key), std::get<4>(key),
                   std::get<5>(key), sum.first, sum.second});
  }
  SortCells(out);
  return out;
}

core::Result<std::vector<statistics::CellRow>> StatisticsStore::ReadLeg(const statistics::CellQuery& leg,
                                                                        const StatScope& scope,
                                                                        const std::string& from_month,
                                                                        const std::string& to_month) {
  // The coarsest table that holds what the leg filters and groups by.
  using statistics::GroupColumn;
  const char* table = "stat_cells_province";
  core::RegionLevel level = core::LevelOfCode(scope.region);
  if (scope.agency || leg.group == GroupColumn::kAgency || leg.group == GroupColumn::kCounty ||
      (scope.region != kNationalRegion && level == core::RegionLevel::kCounty)) {
    table = "stat_cells";
  } else if (leg.group == GroupColumn::kPrefecture ||
             (scope.region != kNationalRegion && level == core::RegionLevel::kPrefecture)) {
    table = "stat_cells_prefecture";
  } else if (scope.region == kNationalRegion && leg.group != GroupColumn::kProvince) {
    table = "stat_cells_nation";
  }
  return ReadGroups(tx_, std::string(table) + " x", leg, scope, from_month, to_month);
}

core::Result<std::vector<statistics::CellRow>> StatisticsStore::ReadLegFromRecords(
    const statistics::CellQuery& leg, const StatScope& scope, const std::string& from_month,
    const std::string& to_month) {
  const MeasureSql* m = FindMeasureSql(leg.measure);
  if (!m) return core::Internal("no SQL for measure " + leg.measure);
  return ReadGroups(tx_, AllRecords(tx_.dialect(), *m, false), leg, scope, from_month, to_month);
}

core::Result<Page<StatRecord>> StatisticsStore::Records(const statistics::CellQuery& leg,
                                                        const StatScope& scope,
                                                        const std::string& from_month,
                                                        const std::string& to_month,
                                                        const std::optional<std::string>& group_key,
                                                        const PageRequest& page) {
  Page<StatRecord> out;
  out.page = page.page;
  out.page_size = page.page_size;
  const MeasureSql* m = FindMeasureSql(leg.measure);
  if (!m) return core::Internal("no SQL for measure " + leg.measure);
  if (leg.matches_nothing) return out;
  Params params;
  std::string where = LegConditions(leg, scope, from_month, to_month, group_key, params);
  std::string source = AllRecords(tx_.dialect(), *m, true);
  int64_t cap = std::max(kCountCap, page.offset() + page.page_size + 1);
  Params count_params = params;
  count_params.push_back(cap);
  IPE_ASSIGN_OR_RETURN(auto count, tx_.Query("SELECT count(*) FROM (SELECT 1 AS one FROM " + source + where +
                                                 " LIMIT ?) y",
                                             count_params));
  out.total = count.empty() ? 0 : count[0].Int(0);
  out.total_exact = out.total < cap;
  params.push_back(page.page_size);
  params.push_back(page.offset());
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT x.id, x.case_id, x.label, x.region_code, x.agency_id, "
                                            "x.month, x.d1, x.d2, x.v FROM " +
                                                source + where + " ORDER BY x.id DESC LIMIT ? OFFSET ?",
                                            params));
  for (const Row& r : rows) {
    out.items.push_back({m->table, r.Int(0), r.Int(1), r.Text(2), r.Text(3), r.Int(4), r.Text(5),
                         r.Text(6), r.Text(7), r.Int(8)});
  }
  return out;
}

core::Result<std::map<int64_t, std::string>> StatisticsStore::AgencyNames(const std::vector<int64_t>& ids) {
  std::map<int64_t, std::string> out;
  for (size_t start = 0; start < ids.size(); start += internal::kInListChunk) {
    size_t n = std::min(internal::kInListChunk, ids.size() - start);
    Params params(ids.begin() + start, ids.begin() + start + n);
    IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT id, name FROM agencies WHERE id IN (" +
                                                  internal::Placeholders(n) + ")",
                                              params));
    for (const Row& r : rows) out[r.Int(0)] = r.Text(1);
  }
  return out;
}

}  // namespace ipe::app
