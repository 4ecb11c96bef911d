// ComplaintStore: see complaint_store.h.
#include "app/complaints/complaint_store.h"

#include <algorithm>

#include "app/internal/list_store.h"
#include "app/internal/text.h"
#include "core/region.h"

namespace ipe::app {

using storage::Params;
using storage::Row;
using storage::Value;

namespace {

constexpr const char* kColumns =
    "c.id, c.kind, c.channel, c.external_id, c.receipt_no, c.subject, c.status, c.resume_status, "
    "c.agency_id, coalesce(a.name, ''), c.region_code, c.anonymous, c.power_of_attorney, "
    "c.respondent_name, c.respondent_address, c.respondent_shop, c.respondent_phone, c.product, "
    "c.request, c.facts, c.harm_known_on, c.received_at, c.agency_received_at, c.decision_due, "
    "c.extended, c.decided_at, c.ground, c.decision_note, c.mediation_due, c.mediation_ended_at, "
    "c.notice_due, c.notified_at, c.notice_channel, c.clock_note, c.dispute_agency_id, "
    "c.dispute_due, c.lead_id, c.case_id, c.version, c.created_at, c.updated_at, c.fair_id, "
    "coalesce(f.name, ''), coalesce(c.group_id, c.id), f.handle_hours";
constexpr const char* kFrom =
    " FROM complaints c LEFT JOIN agencies a ON a.id = c.agency_id"
    " LEFT JOIN complaint_fairs f ON f.id = c.fair_id";

using internal::OptTime;
using internal::OptTimeValue;

// The queue's search (q): the respondent, the receipt number and the web shop — never a person of
// complaint_persons (第三十三条). Migration 0920.
constexpr internal::TermIndex kComplaintTerms = {"complaints", "complaint_search", "complaints",
                                                 "complaint_search_vocab"};

std::string SearchText(const Complaint& c) {
  return core::FoldForSearch(c.respondent_name + " " + c.receipt_no + " " + c.respondent_shop);
}

Complaint FromRow(const Row& r) {
  Complaint c;
  c.id = r.Int(0);
  c.kind = r.Text(1);
  c.channel = r.Text(2);
  c.external_id = r.OptText(3);
  c.receipt_no = r.Text(4);
  c.subject = r.Text(5);
  c.status = r.Text(6);
  c.resume_status = r.OptText(7);
  c.agency_id = r.OptInt(8);
  c.agency_name = r.Text(9);
  c.region_code = r.Text(10);
  c.anonymous = r.Int(11) != 0;
  c.power_of_attorney = r.Int(12) != 0;
  c.respondent_name = r.Text(13);
  c.respondent_address = r.Text(14);
  c.respondent_shop = r.Text(15);
  c.respondent_phone = r.Text(16);
  c.product = r.Text(17);
  c.request = r.Text(18);
  c.facts = r.Text(19);
  if (auto d = r.OptText(20); d && !d->empty()) {
    if (auto parsed = core::ParseDate(*d)) c.harm_known_on = *parsed;
  }
  c.received_at = core::Timestamp{r.Int(21)};
  c.agency_received_at = OptTime(r, 22);
  c.decision_due = OptTime(r, 23);
  c.extended = r.Int(24) != 0;
  c.decided_at = OptTime(r, 25);
  c.ground = r.Text(26);
  c.decision_note = r.Text(27);
  c.mediation_due = OptTime(r, 28);
  c.mediation_ended_at = OptTime(r, 29);
  c.notice_due = OptTime(r, 30);
  c.notified_at = OptTime(r, 31);
  c.notice_channel = r.Text(32);
  c.clock_note = r.Text(33);
  c.dispute_agency_id = r.OptInt(34);
  c.dispute_due = OptTime(r, 35);
  c.lead_id = r.OptInt(36);
  c.case_id = r.OptInt(37);
  c.version = r.Int(38);
  c.created_at = core::Timestamp{r.Int(39)};
  c.updated_at = core::Timestamp{r.Int(40)};
  c.fair_id = r.OptInt(41);
  c.fair_name = r.Text(42);
  c.group_id = r.Int(43);
  if (auto h = r.OptInt(44)) c.fair_handle_hours = static_cast<int>(*h);
  return c;
}

// A scope's assignee condition: the record is assigned to user ?.
constexpr const char* kAssignedTo =
    "EXISTS (SELECT 1 FROM complaint_assignees s WHERE s.complaint_id = c.id AND s.user_id = ?)";

// The WHERE clause of a scope (without "WHERE").
std::string ScopeSql(const ComplaintScope& scope, Params& params) {
  std::string sql = internal::RegionSubtreeSql("c.region_code", scope.region, params);
  if (scope.agency) {
    sql += " AND c.agency_id = ?";
    params.emplace_back(*scope.agency);
  } else if (!scope.unrouted) {
    sql += " AND c.agency_id IS NOT NULL";
  }
  if (scope.assignee) {
    sql += std::string(" AND ") + kAssignedTo;
    params.emplace_back(*scope.assignee);
  }
  return sql;
}

// The clock that runs in a status: the decision (pending), mediation (accepted), the notice
// (mediation ended, filed, not filed). SQL over the stored due columns.
constexpr const char* kRunningDue =
    "(CASE WHEN c.status = 'pending' OR (c.status = 'converted' AND c.decided_at IS NULL) "
    "THEN c.decision_due WHEN c.status = 'accepted' THEN c.mediation_due "
    "WHEN c.status IN ('mediation_ended', 'filed', 'not_filed') THEN c.notice_due END)";

}  // namespace

core::Result<int64_t> ComplaintStore::Insert(const Complaint& c,
                                             const std::vector<complaints::Person>& persons,
                                             const std::string& query_code_hash,
                                             std::optional<int64_t> created_by) {
  Params params = {c.kind, c.channel, Value(c.external_id), c.receipt_no, query_code_hash, c.subject,
                   c.status, Value(c.agency_id), c.region_code, core::ProvinceCodeOf(c.region_code),
                   core::PrefectureCodeOf(c.region_code), c.anonymous, c.power_of_attorney,
                   c.respondent_name, c.respondent_address, c.respondent_shop, c.respondent_phone,
                   c.product, c.request, c.facts,
                   c.harm_known_on ? Value(c.harm_known_on->ToString()) : Value(), c.received_at.seconds,
                   OptTimeValue(c.agency_received_at), OptTimeValue(c.decision_due), c.clock_note,
                   Value(created_by), c.created_at.seconds, c.created_at.seconds, Value(c.fair_id)};
  const std::string text = SearchText(c);
  internal::NewRowSearch search = internal::SearchOfNewRow(tx_.dialect(), text, params);
  IPE_ASSIGN_OR_RETURN(
      auto rows,
      tx_.Query(
          "INSERT INTO complaints (kind, channel, external_id, receipt_no, query_code_hash, "
          "subject, status, agency_id, region_code, province_code, prefecture_code, anonymous, "
          "power_of_attorney, respondent_name, respondent_address, respondent_shop, "
          "respondent_phone, product, request, facts, harm_known_on, received_at, "
          "agency_received_at, decision_due, clock_note, created_by, created_at, updated_at, fair_id" +
              search.columns + ") VALUES (" + internal::Placeholders(29) + search.placeholders +
              ") RETURNING id",
          params));
  int64_t id = rows.at(0).Int(0);
  IPE_RETURN_IF_ERROR(internal::IndexNewRow(tx_, kComplaintTerms, id, text));
  for (size_t i = 0; i < persons.size(); ++i) {
    const complaints::Person& p = persons[i];
    IPE_RETURN_IF_ERROR(tx_.Exec(
                               "INSERT INTO complaint_persons (complaint_id, position, role, name, "
                               "phone, address, id_number) VALUES (?, ?, ?, ?, ?, ?, ?)",
                               {id, static_cast<int64_t>(i), p.role, p.name, p.phone, p.address,
                                p.id_number})
                            .status());
  }
  return id;
}

core::Result<std::optional<Complaint>> ComplaintStore::Load(int64_t id, bool for_update) {
  std::string sql = std::string("SELECT ") + kColumns + kFrom + " WHERE c.id = ?";
  if (for_update) {
    // Lock the complaint row only (a LEFT JOIN cannot be locked on PostgreSQL).
    IPE_RETURN_IF_ERROR(tx_.Query(std::string("SELECT id FROM complaints WHERE id = ?") +
                                      storage::ForUpdate(tx_.dialect()),
                                  {id})
                            .status());
  }
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(sql, {id}));
  if (rows.empty()) return std::optional<Complaint>();
  return std::optional<Complaint>(FromRow(rows[0]));
}

core::Result<std::optional<int64_t>> ComplaintStore::IdByExternal(const std::string& channel,
                                                                  const std::string& external_id) {
  IPE_ASSIGN_OR_RETURN(auto rows,
                       tx_.Query("SELECT id FROM complaints WHERE channel = ? AND external_id = ?",
                                 {channel, external_id}));
  if (rows.empty()) return std::optional<int64_t>();
  return std::optional<int64_t>(rows[0].Int(0));
}

core::Result<std::optional<int64_t>> ComplaintStore::IdByReceipt(
    const std::string& receipt_no, const std::string& query_code_hash) {
  IPE_ASSIGN_OR_RETURN(
      auto rows, tx_.Query("SELECT id FROM complaints WHERE receipt_no = ? AND query_code_hash = ?",
                           {receipt_no, query_code_hash}));
  if (rows.empty()) return std::optional<int64_t>();
  return std::optional<int64_t>(rows[0].Int(0));
}

core::Result<std::vector<int64_t>> ComplaintStore::IdsByLead(int64_t lead_id) {
  IPE_ASSIGN_OR_RETURN(auto rows,
                       tx_.Query("SELECT id FROM complaints WHERE lead_id = ? ORDER BY id", {lead_id}));
  std::vector<int64_t> out;
  for (const Row& r : rows) out.push_back(r.Int(0));
  return out;
}

core::Status ComplaintStore::Update(const Complaint& c, core::Timestamp now) {
  IPE_ASSIGN_OR_RETURN(
      int64_t changed,
      tx_.Exec("UPDATE complaints SET status = ?, resume_status = ?, agency_id = ?, "
               "agency_received_at = ?, decision_due = ?, extended = ?, decided_at = ?, ground = ?, "
               "decision_note = ?, mediation_due = ?, mediation_ended_at = ?, notice_due = ?, "
               "notified_at = ?, notice_channel = ?, clock_note = ?, dispute_agency_id = ?, "
               "dispute_due = ?, lead_id = ?, case_id = ?, version = version + 1, updated_at = ? "
               "WHERE id = ? AND version = ?",
               {c.status, Value(c.resume_status), Value(c.agency_id), OptTimeValue(c.agency_received_at),
                OptTimeValue(c.decision_due), c.extended, OptTimeValue(c.decided_at), c.ground,
                c.decision_note, OptTimeValue(c.mediation_due), OptTimeValue(c.mediation_ended_at),
                OptTimeValue(c.notice_due), OptTimeValue(c.notified_at), c.notice_channel, c.clock_note,
                Value(c.dispute_agency_id), OptTimeValue(c.dispute_due), Value(c.lead_id),
                Value(c.case_id), now.seconds, c.id, c.version}));
  if (changed == 0) return core::FailedPrecondition("记录已被他人修改，请刷新后重试");
  return core::Status::Ok();
}

core::Result<std::vector<complaints::Person>> ComplaintStore::Persons(int64_t id) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT role, name, phone, address, id_number FROM "
                                            "complaint_persons WHERE complaint_id = ? ORDER BY "
                                            "position",
                                            {id}));
  std::vector<complaints::Person> out;
  for (const Row& r : rows) out.push_back({r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4)});
  return out;
}

core::Result<std::vector<std::pair<int64_t, std::string>>> ComplaintStore::Assignees(int64_t id) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT u.id, u.display_name FROM complaint_assignees s "
                                            "JOIN users u ON u.id = s.user_id WHERE "
                                            "s.complaint_id = ? ORDER BY u.id",
                                            {id}));
  std::vector<std::pair<int64_t, std::string>> out;
  for (const Row& r : rows) out.emplace_back(r.Int(0), r.Text(1));
  return out;
}

core::Status ComplaintStore::AddAssignee(int64_t id, int64_t user_id, core::Timestamp now) {
  return tx_.Exec("INSERT INTO complaint_assignees (complaint_id, user_id, assigned_at) VALUES "
                  "(?, ?, ?) ON CONFLICT (complaint_id, user_id) DO NOTHING",
                  {id, user_id, now.seconds})
      .status();
}

core::Status ComplaintStore::ClearAssignees(int64_t id) {
  return tx_.Exec("DELETE FROM complaint_assignees WHERE complaint_id = ?", {id}).status();
}

core::Result<std::optional<AssignableUser>> ComplaintStore::User(int64_t user_id) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT id, agency_id, login, display_name, roles, "
                                            "active FROM users WHERE id = ?",
                                            {user_id}));
  if (rows.empty()) return std::optional<AssignableUser>();
  const Row& r = rows[0];
  return std::optional<AssignableUser>(
      AssignableUser{r.Int(0), r.Int(1), r.Text(2), r.Text(3), r.Text(4), r.Int(5) != 0});
}

core::Status ComplaintStore::AddEvent(int64_t id, core::Timestamp at,
                                      std::optional<int64_t> actor_id,
                                      const std::string& actor_login,
                                      const std::string& actor_name, const std::string& kind,
                                      const std::string& summary, bool on_portal) {
  return tx_.Exec("INSERT INTO complaint_events (complaint_id, at, actor_id, actor_login, "
                  "actor_name, kind, summary, on_portal) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                  {id, at.seconds, Value(actor_id), actor_login, actor_name, kind, summary,
                   on_portal})
      .status();
}

core::Result<std::vector<ComplaintEvent>> ComplaintStore::Events(int64_t id, bool portal_only) {
  IPE_ASSIGN_OR_RETURN(
      auto rows, tx_.Query(std::string("SELECT at, actor_login, kind, summary, on_portal, actor_name "
                                       "FROM "
                                       "complaint_events WHERE complaint_id = ?") +
                               (portal_only ? " AND on_portal = 1" : "") + " ORDER BY id",
                           {id}));
  std::vector<ComplaintEvent> out;
  for (const Row& r : rows) {
    out.push_back(
        {core::Timestamp{r.Int(0)}, r.Text(1), r.Text(2), r.Text(3), r.Int(4) != 0, r.Text(5)});
  }
  return out;
}

core::Result<std::vector<ComplaintPause>> ComplaintStore::Pauses(int64_t id) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT from_date, to_date, reason FROM "
                                            "complaint_pauses WHERE complaint_id = ? ORDER BY id",
                                            {id}));
  std::vector<ComplaintPause> out;
  for (const Row& r : rows) {
    ComplaintPause p;
    if (auto from = core::ParseDate(r.Text(0))) p.from = *from;
    if (auto to = r.OptText(1); to && !to->empty()) {
      if (auto d = core::ParseDate(*to)) p.to = *d;
    }
    p.reason = r.Text(2);
    out.push_back(std::move(p));
  }
  return out;
}

core::Status ComplaintStore::AddPause(int64_t id, core::Date from, const std::string& reason) {
  return tx_.Exec("INSERT INTO complaint_pauses (complaint_id, from_date, reason) VALUES (?, ?, ?)",
                  {id, from.ToString(), reason})
      .status();
}

core::Status ComplaintStore::ClosePause(int64_t id, core::Date to) {
  return tx_.Exec("UPDATE complaint_pauses SET to_date = ? WHERE complaint_id = ? AND to_date IS "
                  "NULL",
                  {to.ToString(), id})
      .status();
}

core::Result<std::vector<ComplaintAttachment>> ComplaintStore::Attachments(int64_t id) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT id, filename, content_type, size FROM "
                                            "complaint_attachments WHERE complaint_id = ? ORDER BY id",
                                            {id}));
  std::vector<ComplaintAttachment> out;
  for (const Row& r : rows) out.push_back({r.Int(0), r.Text(1), r.Text(2), r.Int(3)});
  return out;
}

core::Status ComplaintStore::InsertAttachment(int64_t id, const ComplaintAttachment& meta,
                                              const std::string& data_base64, core::Timestamp now) {
  return tx_.Exec("INSERT INTO complaint_attachments (complaint_id, filename, content_type, size, "
                  "data_base64, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                  {id, meta.filename, meta.content_type, meta.size, data_base64, now.seconds})
      .status();
}

core::Result<std::optional<std::pair<ComplaintAttachment, std::string>>> ComplaintStore::Attachment(
    int64_t id, int64_t attachment_id) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT id, filename, content_type, size, data_base64 "
                                            "FROM complaint_attachments WHERE complaint_id = ? AND "
                                            "id = ?",
                                            {id, attachment_id}));
  if (rows.empty()) return std::optional<std::pair<ComplaintAttachment, std::string>>();
  const Row& r = rows[0];
  return std::optional<std::pair<ComplaintAttachment, std::string>>(std::make_pair(
      ComplaintAttachment{r.Int(0), r.Text(1), r.Text(2), r.Int(3)}, r.Text(4)));
}

core::Result<Page<Complaint>> ComplaintStore::List(const ComplaintScope& scope,
                                                   const ComplaintFilter& f,
                                                   const PageRequest& page) {
  // The count stops at the cap ("共 1000+ 条"), walking the page's order: an agency's queue at
  // volume does not count every record for each page; q goes through the term index
  // (bench/complaints).
  internal::ListQuery list("complaints", "c", &kComplaintTerms);
  // The scope as ScopeSql has it, its region and agency as equalities whose indexes a search may
  // walk (the province and prefecture columns hold the region code's prefixes).
  list.InRegion(scope.region);
  if (scope.assignee) list.Where(kAssignedTo, *scope.assignee);
  if (scope.agency) {
    list.WhereEqual("c.agency_id", *scope.agency, 0);
  } else if (!scope.unrouted) {
    list.Where("c.agency_id IS NOT NULL");
  }
  if (f.kind) list.WhereEqual("c.kind", *f.kind, 3);
  if (f.status) list.WhereEqual("c.status", *f.status, 3);
  if (f.channel) list.WhereEqual("c.channel", *f.channel, 2);
  if (f.subject) list.WhereEqual("c.subject", *f.subject, 2);
  if (f.region) list.InRegion(*f.region);
  if (f.lead_id) list.WhereEqual("c.lead_id", *f.lead_id, 0);
  if (f.fair_id) list.WhereEqual("c.fair_id", *f.fair_id, 0);
  if (f.group_id) list.WhereEqual("c.group_id", *f.group_id, 0);
  if (f.q && !internal::Trim(*f.q).empty()) list.Search(internal::Trim(*f.q));
  IPE_RETURN_IF_ERROR(internal::PlanForValues(tx_));
  return internal::PageOf<Complaint>(tx_, list, page, std::string("SELECT ") + kColumns + kFrom, "c",
                                     &FromRow);
}

core::Status ComplaintStore::RebuildSearchIfStale(storage::Database& db) {
  return internal::RebuildTermIndexIfStale(db, kComplaintTerms);
}

core::Result<ComplaintStore::Figures> ComplaintStore::FiguresOf(const ComplaintScope& scope,
                                                                core::Timestamp now,
                                                                core::Timestamp soon_end) {
  Figures out;
  Params params;
  std::string where = ScopeSql(scope, params);
  auto grouped = [&](const char* column, std::vector<std::pair<std::string, int64_t>>& into)
      -> core::Status {
    IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(std::string("SELECT ") + column +
                                                  ", count(*) FROM complaints c WHERE " + where +
                                                  " GROUP BY " + column + " ORDER BY 1",
                                              params));
    for (const Row& r : rows) into.emplace_back(r.Text(0), r.Int(1));
    return core::Status::Ok();
  };
  IPE_RETURN_IF_ERROR(grouped("c.kind", out.by_kind));
  IPE_RETURN_IF_ERROR(grouped("c.channel", out.by_channel));
  IPE_RETURN_IF_ERROR(grouped("c.subject", out.by_subject));
  IPE_RETURN_IF_ERROR(grouped("c.status", out.by_status));
  IPE_RETURN_IF_ERROR(grouped("c.province_code", out.by_province));
  // The clock bounds come first in the statement, the scope's values last.
  Params p = {Value(now.seconds), Value(now.seconds), Value(soon_end.seconds)};
  p.insert(p.end(), params.begin(), params.end());
  IPE_ASSIGN_OR_RETURN(
      auto totals,
      tx_.Query(std::string("SELECT count(*), count(c.lead_id), count(c.case_id), "
                            "coalesce(sum(CASE WHEN c.status NOT IN ('refused', 'closed') AND ") +
                    kRunningDue + " <= ? THEN 1 ELSE 0 END), 0), "
                    "coalesce(sum(CASE WHEN c.status NOT IN ('refused', 'closed') AND " +
                    kRunningDue + " > ? AND " + kRunningDue +
                    " <= ? THEN 1 ELSE 0 END), 0) FROM complaints c WHERE " + where,
                p));
  out.total = totals.at(0).Int(0);
  out.converted = totals.at(0).Int(1);
  out.filed = totals.at(0).Int(2);
  out.overdue = totals.at(0).Int(3);
  out.due_soon = totals.at(0).Int(4);
  // One integer per record that went through the step (the same spans as the statistics
  // module's handling-time bands).
  auto spans = [&](const std::string& start, const std::string& end,
                   std::vector<int64_t>& to) -> core::Status {
    IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT " + end + " - " + start + " FROM complaints c WHERE " +
                                                  where + " AND " + end + " IS NOT NULL AND " + start +
                                                  " IS NOT NULL ORDER BY 1",
                                              params));
    for (const Row& r : rows) to.push_back(r.Int(0));
    return core::Status::Ok();
  };
  IPE_RETURN_IF_ERROR(spans("c.agency_received_at", "c.decided_at", out.decision_seconds));
  IPE_RETURN_IF_ERROR(spans("c.decided_at", "c.mediation_ended_at", out.mediation_seconds));
  IPE_RETURN_IF_ERROR(spans("COALESCE(c.mediation_ended_at, c.decided_at)", "c.notified_at", out.notice_seconds));
  return out;
}

core::Result<std::vector<Complaint>> ComplaintStore::ClockList(const ComplaintScope& scope,
                                                               const std::string& condition,
                                                               core::Timestamp bound,
                                                               const std::string& order, int limit) {
  Params params;
  std::string where = ScopeSql(scope, params);
  params.emplace_back(bound.seconds);
  params.emplace_back(static_cast<int64_t>(limit));
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(std::string("SELECT ") + kColumns + kFrom + " WHERE " +
                                                where + " AND " + condition + " ORDER BY " + order +
                                                ", c.id LIMIT ?",
                                            params));
  std::vector<Complaint> out;
  for (const Row& r : rows) out.push_back(FromRow(r));
  return out;
}

core::Result<std::vector<Complaint>> ComplaintStore::DueBefore(const ComplaintScope& scope,
                                                               core::Timestamp before, int limit) {
  return ClockList(scope, std::string("c.status NOT IN ('refused', 'closed') AND ") + kRunningDue + " < ?",
                   before, kRunningDue, limit);
}

core::Result<std::vector<Complaint>> ComplaintStore::FairClocksPastHalf(const ComplaintScope& scope,
                                                                        core::Timestamp now, int limit) {
  return ClockList(scope,
                   "f.handle_hours IS NOT NULL AND c.decided_at IS NULL AND c.status IN ('received', "
                   "'pending') AND c.received_at + f.handle_hours * 1800 <= ?",
                   now, "c.received_at + f.handle_hours * 3600", limit);
}

// ---- 同一事项 ---------------------------------------------------------------------------------

core::Result<std::vector<int64_t>> ComplaintStore::GroupsWithKeys(
    const std::vector<std::string>& keys) {
  std::vector<int64_t> out;
  if (keys.empty()) return out;
  Params params(keys.begin(), keys.end());
  IPE_ASSIGN_OR_RETURN(auto rows,
                       tx_.Query("SELECT DISTINCT c.group_id FROM complaint_match_keys k JOIN "
                                 "complaints c ON c.id = k.complaint_id WHERE k.match_key IN (" +
                                     internal::Placeholders(keys.size()) + ") ORDER BY 1",
                                 params));
  for (const Row& r : rows) out.push_back(r.Int(0));
  return out;
}

core::Status ComplaintStore::AddMatchKeys(int64_t id, const std::vector<std::string>& keys) {
  for (const std::string& key : keys) {
    IPE_RETURN_IF_ERROR(tx_.Exec("INSERT INTO complaint_match_keys (match_key, complaint_id) "
                                 "VALUES (?, ?) ON CONFLICT DO NOTHING",
                                 {key, id})
                            .status());
  }
  return core::Status::Ok();
}

core::Status ComplaintStore::SetGroup(int64_t id, int64_t group_id,
                                      const std::vector<int64_t>& merged) {
  IPE_RETURN_IF_ERROR(
      tx_.Exec("UPDATE complaints SET group_id = ? WHERE id = ?", {group_id, id}).status());
  for (int64_t g : merged) {
    if (g == group_id) continue;
    IPE_RETURN_IF_ERROR(
        tx_.Exec("UPDATE complaints SET group_id = ? WHERE group_id = ?", {group_id, g}).status());
  }
  return core::Status::Ok();
}

core::Result<std::map<int64_t, int64_t>> ComplaintStore::CountsBy(const ComplaintScope& scope,
                                                                 const char* column,
                                                                 const std::vector<int64_t>& values) {
  std::map<int64_t, int64_t> out;
  if (values.empty()) return out;
  Params params;
  std::string where = ScopeSql(scope, params);
  for (int64_t v : values) params.emplace_back(v);
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(std::string("SELECT ") + column +
                                                ", count(*) FROM complaints c WHERE " + where +
                                                " AND " + column + " IN (" +
                                                internal::Placeholders(values.size()) +
                                                ") GROUP BY " + column,
                                            params));
  for (const Row& r : rows) out[r.Int(0)] = r.Int(1);
  return out;
}

core::Result<std::map<int64_t, int64_t>> ComplaintStore::GroupSizes(
    const ComplaintScope& scope, const std::vector<int64_t>& group_ids) {
  return CountsBy(scope, "c.group_id", group_ids);
}

core::Result<std::vector<Complaint::Duplicate>> ComplaintStore::GroupMembers(
    const ComplaintScope& scope, int64_t group_id, int64_t except, int limit) {
  Params params;
  std::string where = ScopeSql(scope, params);
  params.emplace_back(group_id);
  params.emplace_back(except);
  params.emplace_back(static_cast<int64_t>(limit));
  IPE_ASSIGN_OR_RETURN(auto rows,
                       tx_.Query("SELECT c.id, c.receipt_no, c.status FROM complaints c WHERE " +
                                     where + " AND c.group_id = ? AND c.id <> ? ORDER BY c.id DESC "
                                     "LIMIT ?",
                                 params));
  std::vector<Complaint::Duplicate> out;
  for (const Row& r : rows) out.push_back({r.Int(0), r.Text(1), r.Text(2)});
  return out;
}

// ---- 展会 ---------------------------------------------------------------------------------------

namespace {

constexpr const char* kFairColumns =
    "f.id, f.name, f.venue, f.region_code, f.starts_on, f.ends_on, f.organiser, f.desk_contact, "
    "f.desk_agency_id, f.reply_hours, f.handle_hours, f.agency_id, coalesce(a.name, ''), "
    "coalesce(d.name, ''), f.version, f.created_at, f.updated_at";
constexpr const char* kFairFrom =
    " FROM complaint_fairs f LEFT JOIN agencies a ON a.id = f.agency_id"
    " LEFT JOIN agencies d ON d.id = f.desk_agency_id";

std::optional<int> OptHours(const Row& r, int i) {
  auto v = r.OptInt(i);
  if (!v) return std::nullopt;
  return static_cast<int>(*v);
}

ComplaintFair FairFromRow(const Row& r) {
  ComplaintFair out;
  complaints::Fair& f = out.fair;
  f.id = r.Int(0);
  f.name = r.Text(1);
  f.venue = r.Text(2);
  f.region_code = r.Text(3);
  if (auto d = core::ParseDate(r.Text(4))) f.starts_on = *d;
  if (auto d = core::ParseDate(r.Text(5))) f.ends_on = *d;
  f.organiser = r.Text(6);
  f.desk_contact = r.Text(7);
  f.desk_agency_id = r.OptInt(8);
  f.reply_hours = OptHours(r, 9);
  f.handle_hours = OptHours(r, 10);
  out.agency_id = r.Int(11);
  out.agency_name = r.Text(12);
  out.desk_agency_name = r.Text(13);
  out.version = r.Int(14);
  out.created_at = core::Timestamp{r.Int(15)};
  out.updated_at = core::Timestamp{r.Int(16)};
  return out;
}

Value HoursValue(const std::optional<int>& h) {
  return h ? Value(static_cast<int64_t>(*h)) : Value();
}

}  // namespace

core::Result<int64_t> ComplaintStore::InsertFair(const ComplaintFair& in,
                                                 std::optional<int64_t> created_by,
                                                 core::Timestamp now) {
  const complaints::Fair& f = in.fair;
  IPE_ASSIGN_OR_RETURN(
      auto rows,
      tx_.Query("INSERT INTO complaint_fairs (name, venue, region_code, starts_on, ends_on, "
                "organiser, desk_contact, desk_agency_id, reply_hours, handle_hours, agency_id, "
                "created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                "?) RETURNING id",
                {f.name, f.venue, f.region_code, f.starts_on.ToString(), f.ends_on.ToString(),
                 f.organiser, f.desk_contact, Value(f.desk_agency_id), HoursValue(f.reply_hours),
                 HoursValue(f.handle_hours), in.agency_id, Value(created_by), now.seconds,
                 now.seconds}));
  return rows.at(0).Int(0);
}

core::Status ComplaintStore::UpdateFair(const ComplaintFair& in, core::Timestamp now) {
  const complaints::Fair& f = in.fair;
  IPE_ASSIGN_OR_RETURN(
      int64_t changed,
      tx_.Exec("UPDATE complaint_fairs SET name = ?, venue = ?, region_code = ?, starts_on = ?, "
               "ends_on = ?, organiser = ?, desk_contact = ?, desk_agency_id = ?, reply_hours = ?, "
               "handle_hours = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?",
               {f.name, f.venue, f.region_code, f.starts_on.ToString(), f.ends_on.ToString(),
                f.organiser, f.desk_contact, Value(f.desk_agency_id), HoursValue(f.reply_hours),
                HoursValue(f.handle_hours), now.seconds, f.id, in.version}));
  if (changed == 0) return core::FailedPrecondition("展会记录已被他人修改，请刷新后重试");
  return core::Status::Ok();
}

core::Result<std::optional<ComplaintFair>> ComplaintStore::LoadFair(int64_t id) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(std::string("SELECT ") + kFairColumns + kFairFrom +
                                                " WHERE f.id = ?",
                                            {id}));
  if (rows.empty()) return std::optional<ComplaintFair>();
  return std::optional<ComplaintFair>(FairFromRow(rows[0]));
}

core::Result<Page<ComplaintFair>> ComplaintStore::ListFairs(const FairFilter& f,
                                                            const PageRequest& page) {
  Params params;
  std::string where = "1 = 1";
  if (f.region) where += " AND " + internal::RegionSubtreeSql("f.region_code", *f.region, params);
  if (f.on) {
    where += " AND f.starts_on <= ? AND f.ends_on >= ?";
    params.emplace_back(f.on->ToString());
    params.emplace_back(f.on->ToString());
  }
  if (f.q) where += " AND " + internal::ContainsSql({"f.name", "f.venue", "f.organiser"}, *f.q, params);
  IPE_ASSIGN_OR_RETURN(auto count,
                       tx_.Query("SELECT count(*) FROM complaint_fairs f WHERE " + where, params));
  Page<ComplaintFair> out;
  out.total = count.at(0).Int(0);
  out.page = page.page;
  out.page_size = page.page_size;
  params.emplace_back(page.page_size);
  params.emplace_back(page.offset());
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(std::string("SELECT ") + kFairColumns + kFairFrom +
                                                " WHERE " + where +
                                                " ORDER BY f.starts_on DESC, f.id DESC LIMIT ? OFFSET ?",
                                            params));
  for (const Row& r : rows) out.items.push_back(FairFromRow(r));
  return out;
}

core::Result<std::vector<ComplaintFair>> ComplaintStore::FairsBetween(core::Date from, core::Date to,
                                                                      int limit) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(std::string("SELECT ") + kFairColumns + kFairFrom +
                                                " WHERE f.ends_on >= ? AND f.starts_on <= ? "
                                                "ORDER BY f.starts_on, f.id LIMIT ?",
                                            {from.ToString(), to.ToString(),
                                             static_cast<int64_t>(limit)}));
  std::vector<ComplaintFair> out;
  for (const Row& r : rows) out.push_back(FairFromRow(r));
  return out;
}

core::Result<std::map<int64_t, int64_t>> ComplaintStore::FairCounts(
    const ComplaintScope& scope, const std::vector<int64_t>& fair_ids) {
  return CountsBy(scope, "c.fair_id", fair_ids);
}

core::Result<std::vector<complaints::FairRecord>> ComplaintStore::FairRecords(
    const ComplaintScope& scope, int64_t fair_id) {
  Params params;
  std::string where = ScopeSql(scope, params);
  params.emplace_back(fair_id);
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT c.kind, c.subject, c.status, c.received_at, "
                                            "c.decided_at FROM complaints c WHERE " +
                                                where + " AND c.fair_id = ? ORDER BY c.id",
                                            params));
  std::vector<complaints::FairRecord> out;
  for (const Row& r : rows) {
    out.push_back({r.Text(0), r.Text(1), r.Text(2), core::Timestamp{r.Int(3)}, OptTime(r, 4)});
  }
  return out;
}

}  // namespace ipe::app
