#include "app/statistics/statistics_store.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <deque>
#include <map>
#include <tuple>
#include <unordered_map>

#include "absl/container/flat_hash_map.h"
#include "app/internal/list_store.h"
#include "app/principal.h"
#include "core/region.h"
#include "core/strings.h"
#include "core/time.h"

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
// `conflict` the primary key. On PostgreSQL each leaves a tenth of its pages free (migration 1343):
// a write changes a cell's n and v, which no index holds, so the new row version can stay on its
// page (a HOT update).
struct CellTable {
  const char* table;
  std::vector<const char*> keys;
  const char* conflict;
};

const CellTable kCellTables[] = {
    {"stat_cells",
     {"measure", "month", "region_code", "province_code", "prefecture_code", "agency_id", "d1", "d2"},
     "measure, month, region_code, agency_id, d1, d2"},
    {"stat_cells_prefecture",
     {"measure", "month", "prefecture_code", "province_code", "d1", "d2"},
     "measure, month, prefecture_code, d1, d2"},
    {"stat_cells_province", {"measure", "month", "province_code", "d1", "d2"}, "measure, month, province_code, d1, d2"},
    // The nation: a national figure not grouped by region reads one row per (month, d1, d2)
    // instead of 31 — the five-year transfer rate 2 × 60 months × statuses × categories.
    {"stat_cells_nation", {"measure", "month", "d1", "d2"}, "measure, month, d1, d2"},
};

// INSERT INTO `t` the sums of `source`'s rows (aliased x) per key of `t`; `grouped` false when
// `source` has one row at most (a trigger's own record): no sort, and the subquery flattens.
std::string SumInto(const CellTable& t, const std::string& source, const std::string& where, bool grouped = true) {
  std::string cols, keys;
  for (const char* k : t.keys) {
    cols += std::string(k) + ", ";
    keys += std::string(keys.empty() ? "" : ", ") + "x." + k;
  }
  std::string insert = "INSERT INTO " + std::string(t.table) + " (" + cols + "n, v) SELECT ";
  if (!grouped) return insert + keys + ", x.n, x.v FROM " + source + " WHERE " + where;
  return insert + keys + ", sum(x.n), sum(x.v) FROM " + source + " WHERE " + where + " GROUP BY " + keys;
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

// ---------------------------------------------------------------------------------------------
// The recomputation (both stores): every cell computed in this process from the records, compared
// with the cells stored, and only the cells that differ written.
//
// At 10,000,000 cases the aggregation in SQL took minutes a measure (PostgreSQL sorting the records
// on disk), and writing 17 million cells and building their two indexes again cost another two
// minutes even when every cell was already right (docs/statistics.md). Here each base table is read
// once, in one stream (Tx::Stream): the expressions of all its measures are columns of one query,
// and the records of a case's children (campaign tags, transfers, supervision actions) come in one
// query joined to their case. The cells are summed in hash maps (one per measure and month, fed in
// month-sorted batches so that the map in use stays in the cache), summed again to prefectures,
// provinces and the nation, and compared measure by measure with the stored cells: a cell that
// changed is updated, a new one inserted, one no record makes is deleted — in a consistent store,
// nothing is written.

// The strings of the cells' keys, each held once: a cell's key is five numbers.
class Interner {
 public:
  uint32_t Id(std::string_view s) {
    auto it = ids_.find(s);
    if (it != ids_.end()) return it->second;
    texts_.emplace_back(s);
    auto id = static_cast<uint32_t>(texts_.size() - 1);
    ids_.emplace(texts_.back(), id);
    return id;
  }
  // The id of `s` if it was ever seen (a stored cell whose strings no record has cannot match).
  std::optional<uint32_t> Find(std::string_view s) const {
    auto it = ids_.find(s);
    if (it == ids_.end()) return std::nullopt;
    return it->second;
  }
  const std::string& Text(uint32_t id) const { return texts_[id]; }
  // Each id's place among all the strings in byte order (how the cells' keys sort, COLLATE "C").
  std::vector<uint32_t> Ranks() const {
    std::vector<uint32_t> ids(texts_.size());
    for (uint32_t i = 0; i < ids.size(); ++i) ids[i] = i;
    std::sort(ids.begin(), ids.end(), [&](uint32_t a, uint32_t b) { return texts_[a] < texts_[b]; });
    std::vector<uint32_t> rank(ids.size());
    for (uint32_t r = 0; r < ids.size(); ++r) rank[ids[r]] = r;
    return rank;
  }

 private:
  std::deque<std::string> texts_;  // stable addresses: ids_ holds views of them
  absl::flat_hash_map<std::string_view, uint32_t> ids_;
};

// A cell's key within one measure and table: month, region (the county, prefecture or province
// code, by table; "" for the nation), agency (interned; 0 = none for the summed tables), d1, d2.
struct CellKey {
  uint32_t month = 0;
  uint32_t region = 0;
  uint32_t agency = 0;
  uint32_t d1 = 0;
  uint32_t d2 = 0;
  bool operator==(const CellKey&) const = default;
  template <typename H>
  friend H AbslHashValue(H h, const CellKey& k) {
    return H::combine(std::move(h), k.month, k.region, k.agency, k.d1, k.d2);
  }
};
struct CellSum {
  int64_t v = 0;
  int64_t n = 0;
};

using CellMap = absl::flat_hash_map<CellKey, CellSum>;

// One measure's cells of one table, a hash map per month. The stored cells are read in key order,
// month by month, and the records are summed in batches sorted by month (CellSummer), so the map in
// use holds one month's cells and stays in the processor's cache: with one map per measure, every
// cell summed or looked up was a miss to memory.
class MeasureCells {
 public:
  CellMap& Month(uint32_t month) { return by_month_[month]; }
  CellSum& operator[](const CellKey& k) { return by_month_[k.month][k]; }
  // The cell of `k`, or nullptr.
  CellSum* Find(const CellKey& k) {
    auto m = by_month_.find(k.month);
    if (m == by_month_.end()) return nullptr;
    auto it = m->second.find(k);
    return it == m->second.end() ? nullptr : &it->second;
  }
  void Erase(const CellKey& k) {
    auto m = by_month_.find(k.month);
    if (m != by_month_.end()) m->second.erase(k);
  }
  size_t size() const {
    size_t n = 0;
    for (const auto& [month, cells] : by_month_) n += cells.size();
    return n;
  }
  template <typename F>
  void ForEach(const F& f) const {
    for (const auto& [month, cells] : by_month_) {
      for (const auto& [k, sum] : cells) f(k, sum);
    }
  }

 private:
  std::unordered_map<uint32_t, CellMap> by_month_;  // node-based: a month's map stays where it is
};

// The first `n` characters of UTF-8 text, as SQL's substr(x, 1, n) counts them.
std::string_view FirstChars(std::string_view s, size_t n) {
  size_t i = 0;
  for (size_t chars = 0; i < s.size() && chars < n; ++chars) {
    ++i;
    while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
  }
  return s.substr(0, i);
}

// The province and prefecture codes of a region as RecordsSelect writes them in SQL
// (substr(region, 1, 2) || '0000' …): by characters, which for a valid code are its digits.
std::string ProvinceOfRegion(std::string_view region) { return std::string(FirstChars(region, 2)) + "0000"; }
std::string PrefectureOfRegion(std::string_view region) { return std::string(FirstChars(region, 4)) + "00"; }

// Where a measure's fields are in the rows of its stream (column indexes; -1: absent).
struct Binding {
  const MeasureSql* m = nullptr;
  int tag = -1;    // child streams: rows of this measure carry this number in column 0
  int where = -1;  // a column that is "1" for the measure's records (-1: every row is one)
  int time = -1;   // epoch seconds, or the date text when `date`
  bool date = false;
  int region = -1, agency = -1, d1 = -1, d2 = -1, v = -1;
};

// One query over one base table (and the case of its records) with the bindings of its measures.
struct CellStream {
  std::string sql;
  std::vector<Binding> bindings;
};

// The index of `expr` in `list`, added at the end if it is not there: a stream selects each
// expression once, however many measures use it.
int IndexOf(std::vector<std::string>& list, std::string expr) {
  auto it = std::find(list.begin(), list.end(), expr);
  if (it == list.end()) it = list.insert(list.end(), std::move(expr));
  return static_cast<int>(it - list.begin());
}

// Whether an expression of the measure table names the record ({r}) or its case ({p}).
bool Names(const std::string& expr, const char* alias) { return expr.find(alias) != std::string::npos; }

// The measures of one parent's children a stream tells apart by the number in its first column.
constexpr size_t kMaxChildMeasures = 32;

// The streams: one per base table for the measures of its own records, and one per parent table
// for the measures of records that belong to it (a UNION ALL of the children, each computing what
// it can from its own row as text, joined once to the parent for the rest).
core::Result<std::vector<CellStream>> CellStreams() {
  std::vector<CellStream> out;
  // Measures of a table's own records.
  std::vector<std::string> tables;
  for (const MeasureSql& m : kMeasures) {
    if (!*m.parent && std::find(tables.begin(), tables.end(), m.table) == tables.end()) tables.push_back(m.table);
  }
  for (const std::string& table : tables) {
    CellStream s;
    std::vector<std::string> columns;
    auto col = [&](const std::string& expr) { return IndexOf(columns, Replace(expr, "{r}", "r")); };
    for (const MeasureSql& m : kMeasures) {
      if (*m.parent || table != m.table) continue;
      Binding b;
      b.m = &m;
      if (std::string(m.where) != "1 = 1") b.where = col(std::string("CASE WHEN ") + m.where + " THEN 1 ELSE 0 END");
      b.date = *m.time == '\0';
      b.time = col(b.date ? m.date : m.time);
      b.region = col(std::string("COALESCE(") + m.region + ", '')");
      b.agency = col(std::string("COALESCE(") + m.agency + ", 0)");
      b.d1 = col(std::string("COALESCE(") + m.d1 + ", '')");
      b.d2 = col(std::string("COALESCE(") + m.d2 + ", '')");
      b.v = col(std::string("COALESCE(") + m.v + ", 0)");
      s.bindings.push_back(b);
    }
    s.sql = "SELECT ";
    for (size_t i = 0; i < columns.size(); ++i) s.sql += (i ? ", " : "") + columns[i];
    s.sql += " FROM " + table + " r";
    out.push_back(std::move(s));
  }
  // Measures of records that belong to a parent.
  std::vector<std::string> parents;
  for (const MeasureSql& m : kMeasures) {
    if (*m.parent && std::find(parents.begin(), parents.end(), m.parent) == parents.end()) parents.push_back(m.parent);
  }
  for (const std::string& parent : parents) {
    // Every branch selects its tag, its parent's id and one text slot per field (time, region,
    // agency, d1, d2, v: columns 1–6 of the stream): the field's value when the record has it,
    // NULL when it is the parent's — then an expression over p, one of the columns after the slots.
    constexpr int kSlots = 6;
    CellStream s;
    std::vector<std::string> outer;
    std::string branches;
    for (const MeasureSql& m : kMeasures) {
      if (parent != m.parent) continue;
      if (Names(m.where, "{p}")) {
        return core::Internal(std::string("measure ") + m.measure + ": a condition on the case is not supported");
      }
      Binding b;
      b.m = &m;
      b.tag = static_cast<int>(s.bindings.size());
      if (b.tag >= static_cast<int>(kMaxChildMeasures)) return core::Internal("too many measures of records of a case");
      b.date = *m.time == '\0';
      const std::pair<int*, std::string> fields[kSlots] = {
          {&b.time, b.date ? m.date : m.time},
          {&b.region, std::string("COALESCE(") + m.region + ", '')"},
          {&b.agency, std::string("COALESCE(") + m.agency + ", 0)"},
          {&b.d1, std::string("COALESCE(") + m.d1 + ", '')"},
          {&b.d2, std::string("COALESCE(") + m.d2 + ", '')"},
          {&b.v, std::string("COALESCE(") + m.v + ", 0)"}};
      std::string branch = "SELECT " + std::to_string(b.tag) + " AS tag, r." + m.parent_key + " AS parent_id";
      for (int j = 0; j < kSlots; ++j) {
        const auto& [column, expr] = fields[j];
        std::string slot = "CAST(NULL AS TEXT)";
        if (Names(expr, "{p}")) {
          if (Names(expr, "{r}")) {
            return core::Internal(std::string("measure ") + m.measure + ": a field names both the record and its case");
          }
          *column = 1 + kSlots + IndexOf(outer, Replace(expr, "{p}", "p"));
        } else {
          *column = 1 + j;
          slot = "CAST(" + Replace(expr, "{r}", "r") + " AS TEXT)";
        }
        branch += ", " + slot + " AS s" + std::to_string(j);
      }
      branch += std::string(" FROM ") + m.table + " r WHERE " + Replace(m.where, "{r}", "r");
      branches += (branches.empty() ? "" : " UNION ALL ") + branch;
      s.bindings.push_back(b);
    }
    s.sql = "SELECT x.tag";
    for (int j = 0; j < kSlots; ++j) s.sql += ", x.s" + std::to_string(j);
    for (const std::string& e : outer) s.sql += ", " + e;
    s.sql += " FROM (" + branches + ") x JOIN " + parent + " p ON p.id = x.parent_id";
    out.push_back(std::move(s));
  }
  return out;
}

core::Result<int64_t> ParseInt(std::string_view text, const MeasureSql& m, const char* what) {
  int64_t out = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (ec != std::errc() || end != text.data() + text.size()) {
    return core::Internal(std::string("measure ") + m.measure + ": " + what + " is not an integer: " + std::string(text));
  }
  return out;
}

// Sums the records of one stream into `cells` (one map per measure, by the binding's order).
class CellSummer {
 public:
  CellSummer(Interner& strings, absl::flat_hash_map<int64_t, uint32_t>& agencies, std::vector<int64_t>& agency_ids)
      : strings_(strings), agencies_(agencies), agency_ids_(agency_ids) {}

  // Sums a row into `cells` (one per binding of `s`); the sums are complete after Flush.
  core::Status Add(const CellStream& s, const storage::StreamRow& row, std::vector<MeasureCells>& cells) {
    // A column several measures share (the case's region, agency, month, category) is interned
    // or parsed once per row.
    if (cached_.size() < row.size()) cached_.resize(row.size());
    ++row_;
    for (size_t i = 0; i < s.bindings.size(); ++i) {
      const Binding& b = s.bindings[i];
      if (b.tag >= 0 && row.Text(0) != tags_[b.tag]) continue;
      if (b.where >= 0 && row.Text(b.where) != "1") continue;
      CellKey key;
      if (row.IsNull(b.time)) return core::Internal(std::string("measure ") + b.m->measure + ": a record without its month");
      IPE_ASSIGN_OR_RETURN(key.month, Cached(row, b.time, *b.m, b.date ? kDateMonth : kTimeMonth));
      IPE_ASSIGN_OR_RETURN(key.region, Cached(row, b.region, *b.m, kText));
      IPE_ASSIGN_OR_RETURN(key.agency, Cached(row, b.agency, *b.m, kAgency));
      IPE_ASSIGN_OR_RETURN(key.d1, Cached(row, b.d1, *b.m, kText));
      IPE_ASSIGN_OR_RETURN(key.d2, Cached(row, b.d2, *b.m, kText));
      IPE_ASSIGN_OR_RETURN(int64_t v, ParseInt(row.Text(b.v), *b.m, "the value"));
      auto [slot, fresh] = month_slot_.try_emplace(key.month, static_cast<uint32_t>(month_slot_.size()));
      pending_.push_back({slot->second * static_cast<uint32_t>(cells.size()) + static_cast<uint32_t>(i), key, v});
    }
    if (pending_.size() >= kBatch) Flush(cells);
    return core::Status::Ok();
  }

  // Adds the pending records to `cells`, sorted by month and binding first (a counting sort), so
  // that each month's map is filled while it is in the cache.
  void Flush(std::vector<MeasureCells>& cells) {
    const size_t buckets = month_slot_.size() * cells.size();
    std::vector<uint32_t> start(buckets + 1, 0);
    for (const Pending& p : pending_) ++start[p.bucket + 1];
    for (size_t b = 0; b < buckets; ++b) start[b + 1] += start[b];
    sorted_.resize(pending_.size());
    for (const Pending& p : pending_) sorted_[start[p.bucket]++] = p;
    CellMap* map = nullptr;
    uint32_t bucket = UINT32_MAX;
    for (const Pending& p : sorted_) {
      if (p.bucket != bucket) {
        bucket = p.bucket;
        map = &cells[bucket % cells.size()].Month(p.key.month);
      }
      CellSum& sum = (*map)[p.key];
      sum.n += 1;
      sum.v += p.v;
    }
    pending_.clear();
  }

  uint32_t AgencyId(int64_t agency) {
    auto [it, fresh] = agencies_.try_emplace(agency, static_cast<uint32_t>(agency_ids_.size()));
    if (fresh) agency_ids_.push_back(agency);
    return it->second;
  }

 private:
  // The id of the Beijing-time month of epoch seconds `t` ("YYYY-MM", as MonthExpr in SQL), cached
  // by the Beijing day, which fixes the month.
  uint32_t MonthId(int64_t t) {
    const core::Date day = core::LocalDate(core::Timestamp{t});
    auto [it, fresh] = month_of_day_.try_emplace(day.days, 0);
    if (fresh) it->second = strings_.Id(day.ToString().substr(0, 7));
    return it->second;
  }

  enum Kind { kText, kAgency, kTimeMonth, kDateMonth };

  // The id of column `col` of this row read as `kind`, computed once per row.
  core::Result<uint32_t> Cached(const storage::StreamRow& row, int col, const MeasureSql& m, Kind kind) {
    Slot& slot = cached_[static_cast<size_t>(col)][kind];
    if (slot.row == row_) return slot.id;
    std::string_view text = row.Text(static_cast<size_t>(col));
    switch (kind) {
      case kText: slot.id = strings_.Id(text); break;
      case kDateMonth: slot.id = strings_.Id(FirstChars(text, 7)); break;
      case kAgency: {
        IPE_ASSIGN_OR_RETURN(int64_t agency, ParseInt(text, m, "the agency"));
        slot.id = AgencyId(agency);
        break;
      }
      case kTimeMonth: {
        IPE_ASSIGN_OR_RETURN(int64_t t, ParseInt(text, m, "the time"));
        slot.id = MonthId(t);
        break;
      }
    }
    slot.row = row_;
    return slot.id;
  }

  struct Slot {
    uint64_t row = 0;
    uint32_t id = 0;
  };
  Interner& strings_;
  absl::flat_hash_map<int64_t, uint32_t>& agencies_;
  std::vector<int64_t>& agency_ids_;
  absl::flat_hash_map<int32_t, uint32_t> month_of_day_;
  std::vector<std::array<Slot, 4>> cached_;
  uint64_t row_ = 0;
  // Records not yet summed: their binding and month as one bucket number, key and value.
  struct Pending {
    uint32_t bucket;
    CellKey key;
    int64_t v;
  };
  static constexpr size_t kBatch = size_t{1} << 20;
  std::vector<Pending> pending_;
  std::vector<Pending> sorted_;
  absl::flat_hash_map<uint32_t, uint32_t> month_slot_;  // month id -> its number in the buckets
  const std::array<std::string, kMaxChildMeasures> tags_ = [] {
    std::array<std::string, kMaxChildMeasures> t;
    for (size_t i = 0; i < t.size(); ++i) t[i] = std::to_string(i);
    return t;
  }();
};

// Makes one table's cells of one measure equal to `computed`.
class Reconciler {
 public:
  Reconciler(storage::Tx& tx, Interner& strings, const absl::flat_hash_map<int64_t, uint32_t>& agencies,
             const std::vector<int64_t>& agency_ids, bool dry_run)
      : tx_(tx), strings_(strings), agencies_(agencies), agency_ids_(agency_ids), dry_run_(dry_run) {}

  core::Status Run(const CellTable& t, const MeasureSql& m, MeasureCells computed, CellDifferences& out) {
    // The stored cells, keyed like the computed ones; each one found is taken out of `computed`.
    std::vector<std::string> key_columns;  // the primary key without the measure
    for (const std::string& c : core::Split(t.conflict, ',')) {
      std::string_view name = core::TrimAsciiSpace(c);
      if (name != "measure") key_columns.emplace_back(name);
    }
    std::string sql = "SELECT ";
    for (const std::string& c : key_columns) sql += c + ", ";
    sql += std::string("n, v FROM ") + t.table + " WHERE measure = '" + m.measure + "'";
    std::vector<std::pair<CellKey, CellSum>> changed;
    std::vector<std::vector<storage::Value>> dropped;
    const uint32_t none = strings_.Id("");
    int64_t stored = 0;
    IPE_RETURN_IF_ERROR(tx_.Stream(sql, [&](const storage::StreamRow& row) -> core::Status {
      ++stored;
      CellKey key{0, none, 0, 0, 0};
      bool known = true;
      for (size_t i = 0; i < key_columns.size() && known; ++i) {
        const std::string& c = key_columns[i];
        if (c == "agency_id") {
          IPE_ASSIGN_OR_RETURN(int64_t agency, ParseInt(row.Text(i), m, "a stored agency"));
          auto it = agencies_.find(agency);
          known = it != agencies_.end();
          if (known) key.agency = it->second;
          continue;
        }
        std::optional<uint32_t> id = strings_.Find(row.Text(i));
        known = id.has_value();
        if (!known) break;
        if (c == "month") key.month = *id;
        else if (c == "d1") key.d1 = *id;
        else if (c == "d2") key.d2 = *id;
        else key.region = *id;  // region_code, prefecture_code or province_code
      }
      IPE_ASSIGN_OR_RETURN(int64_t n, ParseInt(row.Text(key_columns.size()), m, "a stored n"));
      IPE_ASSIGN_OR_RETURN(int64_t v, ParseInt(row.Text(key_columns.size() + 1), m, "a stored v"));
      CellSum* found = known ? computed.Find(key) : nullptr;
      if (found == nullptr) {
        std::vector<storage::Value> pk;
        for (size_t i = 0; i < key_columns.size(); ++i) {
          if (key_columns[i] == "agency_id") {
            IPE_ASSIGN_OR_RETURN(int64_t agency, ParseInt(row.Text(i), m, "a stored agency"));
            pk.emplace_back(agency);
          } else {
            pk.emplace_back(std::string(row.Text(i)));
          }
        }
        dropped.push_back(std::move(pk));
        return core::Status::Ok();
      }
      if (found->n != n || found->v != v) changed.emplace_back(key, *found);
      computed.Erase(key);
      return core::Status::Ok();
    }));
    computed.ForEach([&](const CellKey& key, const CellSum& sum) { changed.emplace_back(key, sum); });  // not stored yet
    out.changed += static_cast<int64_t>(changed.size());
    out.dropped += static_cast<int64_t>(dropped.size());
    if (dry_run_) return core::Status::Ok();
    IPE_RETURN_IF_ERROR(Drop(t, m, key_columns, dropped));
    return Write(t, m, changed, /*none_stored=*/stored == 0);
  }

 private:
  static constexpr size_t kBatch = 20000;

  // The value of column `c` of table `t` for a computed cell.
  storage::Value ColumnValue(const CellTable& t, const MeasureSql& m, const std::string& c, const CellKey& k) {
    const std::string& region = strings_.Text(k.region);
    if (c == "measure") return storage::Value(std::string(m.measure));
    if (c == "month") return storage::Value(strings_.Text(k.month));
    if (c == "d1") return storage::Value(strings_.Text(k.d1));
    if (c == "d2") return storage::Value(strings_.Text(k.d2));
    if (c == "agency_id") return storage::Value(agency_ids_[k.agency]);
    if (c == "province_code") {
      return storage::Value(t.table == std::string("stat_cells_province") ? region : ProvinceOfRegion(region));
    }
    if (c == "prefecture_code") {
      return storage::Value(t.table == std::string("stat_cells_prefecture") ? region : PrefectureOfRegion(region));
    }
    return storage::Value(region);  // region_code
  }

  // Writes `cells` into `t`: through a scratch table and an upsert, or, when the table holds no cell
  // of the measure (a first recomputation, a new measure), appended to it directly — no other writer
  // can add one meanwhile (the lock of Recompute).
  core::Status Write(const CellTable& t, const MeasureSql& m, std::vector<std::pair<CellKey, CellSum>>& cells,
                     bool none_stored) {
    if (cells.empty()) return core::Status::Ok();
    // In the order of the table's primary key (measure, month, region, agency, d1, d2): a figure
    // reads a range of the key, and a table written in key order — a recomputation into empty
    // tables — holds that range on a few pages instead of one page per cell (docs/statistics.md).
    const std::vector<uint32_t> rank = strings_.Ranks();
    std::sort(cells.begin(), cells.end(), [&](const auto& a, const auto& b) {
      const CellKey& x = a.first;
      const CellKey& y = b.first;
      return std::tuple(rank[x.month], rank[x.region], agency_ids_[x.agency], rank[x.d1], rank[x.d2]) <
             std::tuple(rank[y.month], rank[y.region], agency_ids_[y.agency], rank[y.d1], rank[y.d2]);
    });
    std::vector<std::string> columns(t.keys.begin(), t.keys.end());
    columns.push_back("n");
    columns.push_back("v");
    std::string list;
    for (const std::string& c : columns) list += (list.empty() ? "" : ", ") + c;
    const std::string scratch = std::string("stat_write_") + t.table;
    if (!none_stored) {
      IPE_RETURN_IF_ERROR(tx_.Exec("CREATE TEMP TABLE IF NOT EXISTS " + scratch + " AS SELECT " + list + " FROM " +
                                   t.table + " WHERE 1 = 0").status());
    }
    std::vector<std::vector<storage::Value>> rows;
    for (size_t i = 0; i < cells.size(); ++i) {
      const auto& [key, sum] = cells[i];
      std::vector<storage::Value> row;
      for (const char* c : t.keys) row.push_back(ColumnValue(t, m, c, key));
      row.emplace_back(sum.n);
      row.emplace_back(sum.v);
      rows.push_back(std::move(row));
      if (rows.size() == kBatch || i + 1 == cells.size()) {
        if (none_stored) {
          IPE_RETURN_IF_ERROR(tx_.BulkInsert(t.table, columns, rows));
          rows.clear();
          continue;
        }
        IPE_RETURN_IF_ERROR(tx_.BulkInsert(scratch, columns, rows));
        IPE_RETURN_IF_ERROR(tx_.Exec("INSERT INTO " + std::string(t.table) + " (" + list + ") SELECT " + list +
                                     " FROM " + scratch + " WHERE 1 = 1 ON CONFLICT (" + t.conflict +
                                     ") DO UPDATE SET n = excluded.n, v = excluded.v")
                                .status());
        IPE_RETURN_IF_ERROR(tx_.Exec("DELETE FROM " + scratch).status());
        rows.clear();
      }
    }
    return core::Status::Ok();
  }

  core::Status Drop(const CellTable& t, const MeasureSql& m, const std::vector<std::string>& key_columns,
                    std::vector<std::vector<storage::Value>>& keys) {
    if (keys.empty()) return core::Status::Ok();
    std::string list;
    for (const std::string& c : key_columns) list += (list.empty() ? "" : ", ") + c;
    const std::string scratch = std::string("stat_drop_") + t.table;
    IPE_RETURN_IF_ERROR(tx_.Exec("CREATE TEMP TABLE IF NOT EXISTS " + scratch + " AS SELECT " + list + " FROM " +
                                 t.table + " WHERE 1 = 0").status());
    std::string match;
    for (const std::string& c : key_columns) {
      match += (match.empty() ? "" : " AND ") + std::string(t.table) + "." + c + " = d." + c;
    }
    for (size_t from = 0; from < keys.size(); from += kBatch) {
      std::vector<std::vector<storage::Value>> batch(keys.begin() + static_cast<ptrdiff_t>(from),
                                                     keys.begin() + static_cast<ptrdiff_t>(std::min(keys.size(), from + kBatch)));
      IPE_RETURN_IF_ERROR(tx_.BulkInsert(scratch, key_columns, batch));
      // Analyzed, so that PostgreSQL looks the few cells up by their key instead of reading the table.
      if (tx_.dialect() == Dialect::kPostgres) IPE_RETURN_IF_ERROR(tx_.Exec("ANALYZE " + scratch).status());
      IPE_RETURN_IF_ERROR(tx_.Exec("DELETE FROM " + std::string(t.table) + " WHERE measure = '" + m.measure +
                                   "' AND EXISTS (SELECT 1 FROM " + scratch + " d WHERE " + match + ")")
                              .status());
      IPE_RETURN_IF_ERROR(tx_.Exec("DELETE FROM " + scratch).status());
    }
    return core::Status::Ok();
  }

  storage::Tx& tx_;
  Interner& strings_;
  const absl::flat_hash_map<int64_t, uint32_t>& agencies_;
  const std::vector<int64_t>& agency_ids_;
  bool dry_run_;
};

// Recomputes every cell of every table from the records and, unless `dry_run`, makes the tables
// equal to them.
core::Result<CellDifferences> ReconcileCells(storage::Tx& tx, bool dry_run) {
  IPE_ASSIGN_OR_RETURN(std::vector<CellStream> streams, CellStreams());
  CellDifferences out;
  // Cells of a measure there is no longer (one dropped from the measure table): every table's
  // measures, found by one index lookup each (a skip scan written as a recursive query).
  for (const CellTable& t : kCellTables) {
    const std::string table = t.table;
    IPE_ASSIGN_OR_RETURN(auto stored, tx.Query("WITH RECURSIVE m(x) AS (SELECT min(measure) FROM " + table +
                                               " UNION ALL SELECT (SELECT min(measure) FROM " + table +
                                               " WHERE measure > m.x) FROM m WHERE m.x IS NOT NULL) "
                                               "SELECT x FROM m WHERE x IS NOT NULL"));
    for (const Row& r : stored) {
      if (FindMeasureSql(r.Text(0))) continue;
      if (dry_run) {
        IPE_ASSIGN_OR_RETURN(auto n, tx.Query("SELECT count(*) FROM " + table + " WHERE measure = ?", {r.Text(0)}));
        out.dropped += n[0].Int(0);
      } else {
        IPE_ASSIGN_OR_RETURN(int64_t n, tx.Exec("DELETE FROM " + table + " WHERE measure = ?", {r.Text(0)}));
        out.dropped += n;
      }
    }
  }
  Interner strings;
  absl::flat_hash_map<int64_t, uint32_t> agencies;
  std::vector<int64_t> agency_ids;
  CellSummer summer(strings, agencies, agency_ids);
  const uint32_t none_agency = summer.AgencyId(0);
  const uint32_t nation = strings.Id("");
  absl::flat_hash_map<uint32_t, std::pair<uint32_t, uint32_t>> parents;  // region -> prefecture, province
  for (const CellStream& s : streams) {
    std::vector<MeasureCells> cells(s.bindings.size());
    IPE_RETURN_IF_ERROR(tx.Stream(s.sql, [&](const storage::StreamRow& row) { return summer.Add(s, row, cells); }));
    summer.Flush(cells);
    for (size_t i = 0; i < s.bindings.size(); ++i) {
      const MeasureSql& m = *s.bindings[i].m;
      MeasureCells county = std::move(cells[i]);
      cells[i] = MeasureCells();
      out.cells += static_cast<int64_t>(county.size());
      // The summed tables, from the county cells (every computed cell counts at least one record).
      MeasureCells prefecture, province, national;
      county.ForEach([&](const CellKey& k, const CellSum& sum) {
        auto [it, fresh] = parents.try_emplace(k.region);
        if (fresh) {
          const std::string& code = strings.Text(k.region);
          it->second = {strings.Id(PrefectureOfRegion(code)), strings.Id(ProvinceOfRegion(code))};
        }
        for (auto [map, region] : {std::pair{&prefecture, it->second.first}, std::pair{&province, it->second.second},
                                   std::pair{&national, nation}}) {
          CellSum& total = (*map)[CellKey{k.month, region, none_agency, k.d1, k.d2}];
          total.n += sum.n;
          total.v += sum.v;
        }
      });
      Reconciler reconciler(tx, strings, agencies, agency_ids, dry_run);
      IPE_RETURN_IF_ERROR(reconciler.Run(kCellTables[0], m, std::move(county), out));
      IPE_RETURN_IF_ERROR(reconciler.Run(kCellTables[1], m, std::move(prefecture), out));
      IPE_RETURN_IF_ERROR(reconciler.Run(kCellTables[2], m, std::move(province), out));
      IPE_RETURN_IF_ERROR(reconciler.Run(kCellTables[3], m, std::move(national), out));
    }
  }
  return out;
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

core::Result<CellDifferences> StatisticsStore::Recompute() {
  // No write may change a cell between the reading of the records and the writing of the cells,
  // or it would be counted twice or lost. Every write that moves a record between cells upserts
  // into stat_cells first (the triggers), so a lock on stat_cells that conflicts with writing
  // (SHARE ROW EXCLUSIVE) is taken before reading: the writes under way end first, later ones
  // wait at their trigger until the recomputed cells are committed and then count into them.
  // Readers go on. Locking the base tables instead deadlocks with writers that hold one of them
  // and want another (tried). SQLite's write transaction excludes other writers by itself.
  if (tx_.dialect() == Dialect::kPostgres) {
    IPE_RETURN_IF_ERROR(tx_.Exec("LOCK TABLE stat_cells IN SHARE ROW EXCLUSIVE MODE").status());
  }
  return ReconcileCells(tx_, false);
}

core::Result<CellDifferences> StatisticsStore::Differences() { return ReconcileCells(tx_, true); }

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
