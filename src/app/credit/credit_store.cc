// CreditStore: see credit_store.h.
#include "app/credit/credit_store.h"

#include <algorithm>

#include "app/internal/list_store.h"
#include "app/internal/text.h"
#include "core/ids.h"
#include "core/search_terms.h"

namespace ipe::app {

using internal::Placeholders;
using internal::OptDate;
using internal::OptDateValue;
using internal::OptTime;
using internal::OptTimeValue;
using internal::PageOf;
using storage::Params;
using storage::Row;
using storage::Value;

namespace {

constexpr internal::TermIndex kDisclosureTerms = {"disclosures", "disclosure_search",
                                                  "disclosures", "disclosure_search_vocab"};

constexpr const char* kColumns =
    "d.id, d.case_id, d.agency_id, d.agency_name, d.region_code, d.status, d.decision_no, "
    "d.decision_date, d.party_kind, d.party_name, d.credit_code, d.id_number, d.id_masked, "
    "d.violation_type, d.facts, d.facts_public, d.redactions, d.legal_basis, d.penalty_kinds, "
    "d.fine_fen, d.restriction_until, d.penalty_content, d.publish_step, d.publish_due, "
    "d.publish_target, d.published_at, d.display_step, d.display_until, d.display_basis, "
    "d.withheld_reason, d.withdrawn_at, d.withdraw_kind, d.withdraw_reason, "
    "d.decision_changed_on, d.withdraw_due, d.version, d.created_at, d.updated_at, "
    "d.published_by, d.other_persons, d.clock_note, d.repair_after_one_year";

// The column naming a subject in disclosures and serious_list.
std::string KeyColumn(SubjectKey key) {
  return key == SubjectKey::kCreditCode ? "credit_code" : "id_number";
}

std::optional<std::string> OptString(const Row& r, size_t col) {
  auto t = r.OptText(col);
  if (t && t->empty()) return std::nullopt;
  return t;
}

Disclosure FromRow(const Row& r) {
  Disclosure d;
  d.id = r.Int(0);
  d.case_id = r.Int(1);
  d.agency_id = r.Int(2);
  d.agency_name = r.Text(3);
  d.region_code = r.Text(4);
  d.status = r.Text(5);
  d.decision_no = r.Text(6);
  d.decision_date = OptDate(r, 7).value_or(core::Date{});
  d.party_kind = r.Text(8);
  d.party_name = r.Text(9);
  d.credit_code = OptString(r, 10);
  d.id_number = OptString(r, 11);
  d.id_masked = OptString(r, 12);
  d.violation_type = r.Text(13);
  d.facts = r.Text(14);
  d.facts_public = r.Text(15);
  d.redactions = internal::Split(r.Text(16), '|');
  d.legal_basis = r.Text(17);
  d.penalty_kinds = internal::Split(r.Text(18), '|');
  if (auto fine = r.OptInt(19)) d.fine = core::Fen{*fine};
  d.restriction_until = OptDate(r, 20);
  d.penalty_content = r.Text(21);
  d.publish_step = r.Text(22);
  d.publish_due = internal::OptTime(r, 23);
  d.publish_target = internal::OptTime(r, 24);
  d.published_at = internal::OptTime(r, 25);
  d.display_step = OptString(r, 26);
  d.display_until = OptDate(r, 27);
  d.display_basis = r.Text(28);
  d.withheld_reason = r.Text(29);
  d.withdrawn_at = internal::OptTime(r, 30);
  d.withdraw_kind = OptString(r, 31);
  d.withdraw_reason = r.Text(32);
  d.decision_changed_on = OptDate(r, 33);
  d.withdraw_due = internal::OptTime(r, 34);
  d.version = r.Int(35);
  d.created_at = core::Timestamp{r.Int(36)};
  d.updated_at = core::Timestamp{r.Int(37)};
  d.published_by = r.OptInt(38);
  d.other_persons = internal::Split(r.Text(39), '|');
  d.clock_note = r.Text(40);
  d.repair_after_one_year = r.Int(41) != 0;
  return d;
}

constexpr const char* kPublicColumns =
    "d.id, d.decision_no, d.decision_date, d.party_kind, d.party_name, d.credit_code, "
    "d.id_masked, d.violation_type, d.facts_public, d.legal_basis, d.penalty_content, "
    "d.agency_name, d.published_at, d.display_until";

PublicDisclosure PublicFromRow(const Row& r) {
  PublicDisclosure p;
  p.id = r.Int(0);
  p.decision_no = r.Text(1);
  p.decision_date = OptDate(r, 2).value_or(core::Date{});
  p.party_kind = r.Text(3);
  p.party_name = r.Text(4);
  p.credit_code = OptString(r, 5);
  p.id_masked = OptString(r, 6);
  p.violation_type = r.Text(7);
  p.facts = r.Text(8);
  p.legal_basis = r.Text(9);
  p.penalty_content = r.Text(10);
  p.agency_name = r.Text(11);
  p.published_on = core::LocalDate(core::Timestamp{r.Int(12)});
  p.display_until = OptDate(r, 13).value_or(core::Date{});
  return p;
}

// The column and value a party is known by across records: an organisation's credit code, a
// person's ID number; none when neither was recorded.
std::optional<std::pair<std::string, std::string>> PartyKey(
    const std::optional<std::string>& credit_code, const std::optional<std::string>& id_number) {
  if (credit_code) return std::make_pair(std::string("credit_code"), *credit_code);
  if (id_number) return std::make_pair(std::string("id_number"), *id_number);
  return std::nullopt;
}

// What search finds a record by: the party's name, its credit code and the decision number —
// never an ID number.
// "沪市监处罚〔2025〕112号": a whole 行政处罚决定书文号 (a year in brackets, ending in 号), as
// people paste it from the decision.
bool LooksLikeDecisionNo(std::string_view q) {
  const size_t open = q.find("〔") != std::string_view::npos ? q.find("〔") : q.find('[');
  return open != std::string_view::npos && q.size() > open + 3 && q.ends_with("号") &&
         q.find(' ') == std::string_view::npos;
}

std::string SearchText(const Disclosure& d) {
  return core::FoldForSearch(d.party_name + " " + d.credit_code.value_or("") + " " + d.decision_no);
}


}  // namespace

core::Result<Disclosure> CreditStore::Load(int64_t id, bool for_update) {
  IPE_ASSIGN_OR_RETURN(auto rows,
                       tx_.Query(std::string("SELECT ") + kColumns +
                                     " FROM disclosures d WHERE d.id = ?" +
                                     (for_update ? storage::ForUpdate(tx_.dialect()) : ""),
                                 {id}));
  if (rows.empty()) return core::NotFound("公示记录不存在: " + std::to_string(id));
  return FromRow(rows[0]);
}

core::Result<Page<Disclosure>> CreditStore::List(const DisclosureScope& scope,
                                                 const DisclosureFilter& f, core::Timestamp now,
                                                 const PageRequest& page) {
  internal::ListQuery list("disclosures", "d", &kDisclosureTerms);
  list.InRegion(scope.region);
  if (scope.agency) list.WhereEqual("d.agency_id", *scope.agency, 0);
  if (f.region) list.InRegion(*f.region);
  if (f.agency_id) list.WhereEqual("d.agency_id", *f.agency_id, 0);
  if (f.status) list.WhereEqual("d.status", *f.status, 3);
  if (f.overdue) {
    if (*f.overdue) {
      list.Where("d.status = 'draft' AND d.publish_due < ?", now.seconds);
    } else {
      list.Where("(d.status <> 'draft' OR d.publish_due IS NULL OR d.publish_due >= ?)",
                 now.seconds);
    }
  }
  if (f.q && !internal::Trim(*f.q).empty()) list.Search(internal::Trim(*f.q));
  IPE_RETURN_IF_ERROR(internal::PlanForValues(tx_));
  return PageOf<Disclosure>(tx_, list, page, std::string("SELECT ") + kColumns + " FROM disclosures d",
                            "d", &FromRow);
}

core::Result<int64_t> CreditStore::Insert(const Disclosure& d, int64_t party_index) {
  Params params = {d.case_id,
                   party_index,
                   d.agency_id,
                   d.agency_name,
                   d.region_code,
                   internal::ProvinceOf(d.region_code),
                   internal::PrefectureOf(d.region_code),
                   d.status,
                   d.decision_no,
                   d.decision_date.ToString(),
                   d.party_kind,
                   d.party_name,
                   Value(d.credit_code),
                   Value(d.id_number),
                   Value(d.id_masked),
                   internal::Join(d.other_persons, '|'),
                   d.violation_type,
                   d.facts,
                   d.facts_public,
                   internal::Join(d.redactions, '|'),
                   d.legal_basis,
                   internal::Join(d.penalty_kinds, '|'),
                   d.fine ? Value(d.fine->value) : Value(),
                   OptDateValue(d.restriction_until),
                   d.penalty_content,
                   d.publish_step,
                   internal::OptTimeValue(d.publish_due),
                   internal::OptTimeValue(d.publish_target),
                   d.clock_note,
                   d.withheld_reason,
                   d.repair_after_one_year,
                   d.created_at.seconds,
                   d.updated_at.seconds};
  const std::string text = SearchText(d);
  internal::NewRowSearch search = internal::SearchOfNewRow(tx_.dialect(), text, params);
  IPE_ASSIGN_OR_RETURN(
      auto ins,
      tx_.Query("INSERT INTO disclosures (case_id, party_index, agency_id, agency_name, "
                "region_code, province_code, prefecture_code, status, decision_no, "
                "decision_date, party_kind, party_name, credit_code, id_number, id_masked, "
                "other_persons, violation_type, facts, facts_public, redactions, legal_basis, penalty_kinds, "
                "fine_fen, restriction_until, penalty_content, publish_step, publish_due, "
                "publish_target, clock_note, withheld_reason, repair_after_one_year, created_at, "
                "updated_at" + search.columns +
                    ") VALUES (" + Placeholders(33) + search.placeholders + ") RETURNING id",
                params));
  int64_t id = ins[0].Int(0);
  IPE_RETURN_IF_ERROR(internal::IndexNewRow(tx_, kDisclosureTerms, id, text));
  if (d.credit_code) IPE_RETURN_IF_ERROR(RegradeSubjectInTx(tx_, *d.credit_code, d.created_at));
  return id;
}

core::Status CreditStore::Update(const Disclosure& d, int64_t expected_version,
                                 core::Timestamp now) {
  IPE_ASSIGN_OR_RETURN(
      int64_t changed,
      tx_.Exec("UPDATE disclosures SET status = ?, violation_type = ?, facts = ?, "
               "facts_public = ?, redactions = ?, legal_basis = ?, published_at = ?, "
               "published_by = ?, display_step = ?, display_until = ?, display_basis = ?, "
               "withheld_reason = ?, withdrawn_at = ?, withdraw_kind = ?, withdraw_reason = ?, "
               "decision_changed_on = ?, withdraw_due = ?, clock_note = ?, "
               "version = version + 1, updated_at = ? WHERE id = ? AND version = ?",
               {d.status, d.violation_type, d.facts, d.facts_public,
                internal::Join(d.redactions, '|'), d.legal_basis, internal::OptTimeValue(d.published_at),
                Value(d.published_by), Value(d.display_step), OptDateValue(d.display_until), d.display_basis,
                d.withheld_reason, internal::OptTimeValue(d.withdrawn_at), Value(d.withdraw_kind),
                d.withdraw_reason, OptDateValue(d.decision_changed_on),
                internal::OptTimeValue(d.withdraw_due), d.clock_note, now.seconds, d.id, expected_version}));
  if (changed == 0) {
    return core::FailedPrecondition("公示记录已被他人修改，请刷新后重试");
  }
  if (d.credit_code) return RegradeSubjectInTx(tx_, *d.credit_code, now);
  return core::Status::Ok();
}

core::Result<Page<PublicDisclosure>> CreditStore::PublicList(const std::optional<std::string>& q,
                                                             core::Date today,
                                                             const PageRequest& page) {
  internal::ListQuery list("disclosures", "d", &kDisclosureTerms);
  list.WhereEqual("d.status", std::string("published"), 3);
  list.Where("d.display_until >= ?", today.ToString());
  const std::string text = q ? internal::Trim(*q) : std::string();
  if (LooksLikeDecisionNo(text)) {
    // A whole decision number through its own index: its bigrams (市监, 处罚, the year) are in
    // nearly every record, so the term index would intersect lists of a million entries.
    list.Where("d.decision_no = ?", text);
  } else if (!text.empty()) {
    list.Search(text);
  }
  IPE_RETURN_IF_ERROR(internal::PlanForValues(tx_));
  return PageOf<PublicDisclosure>(tx_, list, page,
                                  std::string("SELECT ") + kPublicColumns + " FROM disclosures d", "d",
                                  &PublicFromRow);
}

core::Result<std::optional<PublicDisclosure>> CreditStore::PublicGet(int64_t id, core::Date today) {
  IPE_ASSIGN_OR_RETURN(auto rows,
                       tx_.Query(std::string("SELECT ") + kPublicColumns +
                                     " FROM disclosures d WHERE d.id = ? AND d.status = "
                                     "'published' AND d.display_until >= ?",
                                 {id, today.ToString()}));
  if (rows.empty()) return std::optional<PublicDisclosure>();
  return std::optional<PublicDisclosure>(PublicFromRow(rows[0]));
}

core::Result<std::vector<DisclosureChange>> CreditStore::ChangesAfter(const std::string& region,
                                                                      int64_t seconds, int64_t id,
                                                                      int limit) {
  Params params;
  std::string scope = internal::RegionSubtreeSql("d.region_code", region, params);
  params.push_back(seconds);
  params.push_back(seconds);
  params.push_back(id);
  params.push_back(static_cast<int64_t>(limit));
  IPE_ASSIGN_OR_RETURN(
      auto rows,
      tx_.Query(std::string("SELECT ") + kPublicColumns +
                    ", d.status, d.withdraw_kind, d.withdraw_reason, d.updated_at FROM disclosures d "
                    "WHERE " + scope + " AND d.published_at IS NOT NULL AND (d.updated_at > ? OR "
                    "(d.updated_at = ? AND d.id > ?)) ORDER BY d.updated_at, d.id LIMIT ?",
                params));
  std::vector<DisclosureChange> out;
  for (const Row& r : rows) {
    DisclosureChange c;
    c.record = PublicFromRow(r);
    c.status = r.Text(14);
    c.withdraw_kind = r.Text(15);
    c.withdraw_reason = r.Text(16);
    c.changed_at = core::Timestamp{r.Int(17)};
    out.push_back(std::move(c));
  }
  return out;
}

core::Result<std::vector<CreditStore::DecisionRow>> CreditStore::DecisionsBetween(
    const std::string& region, core::Date from, core::Date to) {
  Params params;
  std::string scope = internal::RegionSubtreeSql("d.region_code", region, params);
  params.push_back(from.ToString());
  params.push_back(to.ToString());
  IPE_ASSIGN_OR_RETURN(auto rows,
                       tx_.Query("SELECT d.agency_id, d.agency_name, d.status, d.decision_date, "
                                 "d.publish_due, d.published_at FROM disclosures d WHERE " + scope +
                                     " AND d.decision_date >= ? AND d.decision_date <= ?",
                                 params));
  std::vector<DecisionRow> out;
  for (const Row& r : rows) {
    out.push_back({r.Int(0), r.Text(1), r.Text(2), OptDate(r, 3).value_or(core::Date{}), internal::OptTime(r, 4),
                   internal::OptTime(r, 5)});
  }
  return out;
}

core::Result<bool> CreditStore::SameTypePenaltySince(const Disclosure& d) {
  auto key = PartyKey(d.credit_code, d.id_number);
  if (!key) return false;
  IPE_ASSIGN_OR_RETURN(auto rows,
                       tx_.Query("SELECT count(*) FROM disclosures WHERE " + key->first +
                                     " = ? AND id <> ? AND violation_type = ? AND decision_date > "
                                     "? AND status IN ('draft', 'published', 'repaired')",
                                 {key->second, d.id, d.violation_type, d.decision_date.ToString()}));
  return rows[0].Int(0) > 0;
}

namespace {

constexpr const char* kRepairColumns =
    "r.id, r.disclosure_id, r.agency_id, r.region_code, r.receipt_no, d.decision_no, "
    "d.party_name, r.applicant_name, r.contact_phone, r.statement, r.claims_fulfilled, r.status, "
    "r.decision_due, r.decided_at, r.decision_reason, r.version, r.created_at";
constexpr const char* kRepairFrom = " FROM credit_repairs r JOIN disclosures d ON d.id = r.disclosure_id";

CreditRepair RepairFromRow(const Row& r) {
  CreditRepair c;
  c.id = r.Int(0);
  c.disclosure_id = r.Int(1);
  c.agency_id = r.Int(2);
  c.region_code = r.Text(3);
  c.receipt_no = r.Text(4);
  c.decision_no = r.Text(5);
  c.party_name = r.Text(6);
  c.applicant_name = r.Text(7);
  c.contact_phone = r.Text(8);
  c.statement = r.Text(9);
  c.claims_fulfilled = r.Int(10) != 0;
  c.status = r.Text(11);
  c.decision_due = internal::OptTime(r, 12);
  c.decided_at = internal::OptTime(r, 13);
  c.decision_reason = r.Text(14);
  c.version = r.Int(15);
  c.created_at = core::Timestamp{r.Int(16)};
  return c;
}

}  // namespace

core::Result<int64_t> CreditStore::InsertRepair(const CreditRepair& r,
                                                const std::string& query_code_hash) {
  IPE_ASSIGN_OR_RETURN(
      auto rows,
      tx_.Query("INSERT INTO credit_repairs (disclosure_id, agency_id, region_code, province_code, "
                "prefecture_code, receipt_no, query_code_hash, applicant_name, contact_phone, "
                "statement, claims_fulfilled, status, decision_due, created_at, updated_at) VALUES "
                "(" + Placeholders(15) + ") RETURNING id",
                {r.disclosure_id, r.agency_id, r.region_code, internal::ProvinceOf(r.region_code),
                 internal::PrefectureOf(r.region_code), r.receipt_no, query_code_hash,
                 r.applicant_name, r.contact_phone.value_or(""), r.statement,
                 r.claims_fulfilled, r.status, internal::OptTimeValue(r.decision_due),
                 r.created_at.seconds, r.created_at.seconds}));
  return rows[0].Int(0);
}

core::Result<CreditRepair> CreditStore::LoadRepair(int64_t id, bool for_update) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(std::string("SELECT ") + kRepairColumns + kRepairFrom +
                                                " WHERE r.id = ?" +
                                                internal::LockClause(tx_, for_update, "r"),
                                            {id}));
  if (rows.empty()) return core::NotFound("信用修复申请不存在: " + std::to_string(id));
  return RepairFromRow(rows[0]);
}

core::Result<std::optional<CreditRepair>> CreditStore::RepairByReceipt(
    const std::string& receipt_no, const std::string& query_code_hash) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(std::string("SELECT ") + kRepairColumns + kRepairFrom +
                                                " WHERE r.receipt_no = ? AND r.query_code_hash = ?",
                                            {receipt_no, query_code_hash}));
  if (rows.empty()) return std::optional<CreditRepair>();
  return std::optional<CreditRepair>(RepairFromRow(rows[0]));
}

core::Result<bool> CreditStore::HasOpenRepair(int64_t disclosure_id) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT count(*) FROM credit_repairs WHERE "
                                            "disclosure_id = ? AND status = 'submitted'",
                                            {disclosure_id}));
  return rows[0].Int(0) > 0;
}

core::Result<Page<CreditRepair>> CreditStore::ListRepairs(const DisclosureScope& scope,
                                                          const std::optional<std::string>& status,
                                                          const PageRequest& page) {
  internal::ListQuery list("credit_repairs", "r");
  list.InRegion(scope.region);
  if (scope.agency) list.WhereEqual("r.agency_id", *scope.agency, 0);
  if (status) list.WhereEqual("r.status", *status, 3);
  return PageOf<CreditRepair>(tx_, list, page, std::string("SELECT ") + kRepairColumns + kRepairFrom,
                              "r", &RepairFromRow);
}

core::Status CreditStore::DecideRepair(const CreditRepair& r, std::optional<int64_t> decided_by,
                                       int64_t expected_version, core::Timestamp now) {
  IPE_ASSIGN_OR_RETURN(int64_t changed,
                       tx_.Exec("UPDATE credit_repairs SET status = ?, decided_at = ?, "
                                "decided_by = ?, decision_reason = ?, version = version + 1, "
                                "updated_at = ? WHERE id = ? AND version = ?",
                                {r.status, now.seconds, Value(decided_by), r.decision_reason,
                                 now.seconds, r.id, expected_version}));
  if (changed == 0) return core::FailedPrecondition("申请已被他人处理，请刷新后重试");
  return core::Status::Ok();
}

namespace {

constexpr const char* kListingColumns =
    "l.id, l.agency_id, a.name, l.region_code, l.disclosure_id, l.subject_kind, l.subject_name, "
    "l.credit_code, l.id_number, l.id_masked, l.category, l.basis, l.listed_on, l.period_until, "
    "l.early_removal_from, l.status, l.removed_on, l.removal_reason, l.version";
constexpr const char* kListingFrom = " FROM serious_list l JOIN agencies a ON a.id = l.agency_id";

SeriousListing ListingFromRow(const Row& r) {
  SeriousListing l;
  l.id = r.Int(0);
  l.agency_id = r.Int(1);
  l.agency_name = r.Text(2);
  l.region_code = r.Text(3);
  l.disclosure_id = r.OptInt(4);
  l.subject_kind = r.Text(5);
  l.subject_name = r.Text(6);
  l.credit_code = OptString(r, 7);
  l.id_number = OptString(r, 8);
  l.id_masked = OptString(r, 9);
  l.category = r.Text(10);
  l.basis = r.Text(11);
  l.listed_on = OptDate(r, 12).value_or(core::Date{});
  l.period_until = OptDate(r, 13).value_or(core::Date{});
  l.early_removal_from = OptDate(r, 14).value_or(core::Date{});
  l.status = r.Text(15);
  l.removed_on = OptDate(r, 16);
  l.removal_reason = r.Text(17);
  l.version = r.Int(18);
  return l;
}

}  // namespace

core::Result<int64_t> CreditStore::InsertListing(const SeriousListing& l, core::Timestamp now) {
  IPE_ASSIGN_OR_RETURN(
      auto rows,
      tx_.Query("INSERT INTO serious_list (agency_id, region_code, province_code, prefecture_code, "
                "disclosure_id, subject_kind, subject_name, credit_code, id_number, id_masked, "
                "category, basis, listed_on, period_until, early_removal_from, status, "
                "created_at, updated_at) VALUES (" + Placeholders(18) + ") RETURNING id",
                {l.agency_id, l.region_code, internal::ProvinceOf(l.region_code),
                 internal::PrefectureOf(l.region_code), Value(l.disclosure_id), l.subject_kind,
                 l.subject_name, Value(l.credit_code), Value(l.id_number), Value(l.id_masked),
                 l.category, l.basis, l.listed_on.ToString(), l.period_until.ToString(),
                 l.early_removal_from.ToString(), l.status, now.seconds, now.seconds}));
  if (l.credit_code) IPE_RETURN_IF_ERROR(RegradeSubjectInTx(tx_, *l.credit_code, now));
  return rows[0].Int(0);
}

core::Result<SeriousListing> CreditStore::LoadListing(int64_t id, bool for_update) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(std::string("SELECT ") + kListingColumns + kListingFrom +
                                                " WHERE l.id = ?" +
                                                internal::LockClause(tx_, for_update, "l"),
                                            {id}));
  if (rows.empty()) return core::NotFound("名单记录不存在: " + std::to_string(id));
  return ListingFromRow(rows[0]);
}

core::Status CreditStore::UpdateListing(const SeriousListing& l, int64_t expected_version,
                                        core::Timestamp now) {
  IPE_ASSIGN_OR_RETURN(int64_t changed,
                       tx_.Exec("UPDATE serious_list SET status = ?, removed_on = ?, "
                                "removal_reason = ?, version = version + 1, updated_at = ? "
                                "WHERE id = ? AND version = ?",
                                {l.status, OptDateValue(l.removed_on), l.removal_reason,
                                 now.seconds, l.id, expected_version}));
  if (changed == 0) return core::FailedPrecondition("名单记录已被他人修改，请刷新后重试");
  if (l.credit_code) return RegradeSubjectInTx(tx_, *l.credit_code, now);
  return core::Status::Ok();
}

core::Result<Page<SeriousListing>> CreditStore::ListListings(const DisclosureScope& scope,
                                                             std::optional<core::Date> public_on,
                                                             const PageRequest& page) {
  internal::ListQuery list("serious_list", "l");
  if (public_on) {
    list.WhereEqual("l.status", std::string("listed"), 3);
    list.Where("l.period_until >= ?", public_on->ToString());
  } else {
    list.InRegion(scope.region);
    if (scope.agency) list.WhereEqual("l.agency_id", *scope.agency, 0);
  }
  return PageOf<SeriousListing>(tx_, list, page,
                                std::string("SELECT ") + kListingColumns + kListingFrom, "l",
                                &ListingFromRow);
}

core::Result<bool> CreditStore::OnSeriousList(const std::optional<std::string>& credit_code,
                                              const std::optional<std::string>& id_number,
                                              core::Date on) {
  auto key = PartyKey(credit_code, id_number);
  if (!key) return false;
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT count(*) FROM serious_list WHERE " + key->first +
                                                " = ? AND status = 'listed' AND period_until >= ?",
                                            {key->second, on.ToString()}));
  return rows[0].Int(0) > 0;
}

core::Result<bool> CreditStore::DisclosureListed(int64_t disclosure_id, core::Date on) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT count(*) FROM serious_list WHERE disclosure_id = ? "
                                            "AND status = 'listed' AND period_until >= ?",
                                            {disclosure_id, on.ToString()}));
  return rows[0].Int(0) > 0;
}

namespace {

constexpr const char* kFindingColumns =
    "f.id, f.agency_id, f.agency_name, f.region_code, f.kind, f.subject_kind, f.subject_name, "
    "f.credit_code, f.id_number, f.id_masked, f.filing_numbers, f.finding_date, f.basis, f.status, "
    "f.revoke_reason, f.version, f.created_at FROM ip_findings f";

IpFinding FindingFromRow(const Row& r) {
  IpFinding f;
  f.id = r.Int(0);
  f.agency_id = r.Int(1);
  f.agency_name = r.Text(2);
  f.region_code = r.Text(3);
  f.kind = r.Text(4);
  f.subject_kind = r.Text(5);
  f.subject_name = r.Text(6);
  f.credit_code = OptString(r, 7);
  f.id_number = OptString(r, 8);
  f.id_masked = OptString(r, 9);
  f.filing_numbers = internal::Split(r.Text(10), '|');
  f.finding_date = OptDate(r, 11).value_or(core::Date{});
  f.basis = r.Text(12);
  f.status = r.Text(13);
  f.revoke_reason = r.Text(14);
  f.version = r.Int(15);
  f.created_at = core::Timestamp{r.Int(16)};
  return f;
}

}  // namespace

core::Result<int64_t> CreditStore::InsertFinding(const IpFinding& f,
                                                 std::optional<int64_t> created_by) {
  IPE_ASSIGN_OR_RETURN(
      auto rows,
      tx_.Query("INSERT INTO ip_findings (agency_id, agency_name, region_code, province_code, "
                "prefecture_code, kind, subject_kind, subject_name, credit_code, id_number, "
                "id_masked, filing_numbers, finding_date, basis, status, created_by, created_at, "
                "updated_at) VALUES (" + Placeholders(18) + ") RETURNING id",
                {f.agency_id, f.agency_name, f.region_code, internal::ProvinceOf(f.region_code),
                 internal::PrefectureOf(f.region_code), f.kind, f.subject_kind, f.subject_name,
                 Value(f.credit_code), Value(f.id_number), Value(f.id_masked),
                 internal::Join(f.filing_numbers, '|'), f.finding_date.ToString(), f.basis, f.status,
                 Value(created_by), f.created_at.seconds, f.created_at.seconds}));
  if (f.credit_code) IPE_RETURN_IF_ERROR(RegradeSubjectInTx(tx_, *f.credit_code, f.created_at));
  return rows[0].Int(0);
}

core::Result<IpFinding> CreditStore::LoadFinding(int64_t id, bool for_update) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(std::string("SELECT ") + kFindingColumns +
                                                " WHERE f.id = ?" +
                                                internal::LockClause(tx_, for_update, "f"),
                                            {id}));
  if (rows.empty()) return core::NotFound("认定记录不存在: " + std::to_string(id));
  return FindingFromRow(rows[0]);
}

core::Status CreditStore::RevokeFinding(const IpFinding& f, int64_t expected_version,
                                        core::Timestamp now) {
  IPE_ASSIGN_OR_RETURN(int64_t changed,
                       tx_.Exec("UPDATE ip_findings SET status = ?, revoke_reason = ?, "
                                "version = version + 1, updated_at = ? WHERE id = ? AND version = ?",
                                {f.status, f.revoke_reason, now.seconds, f.id, expected_version}));
  if (changed == 0) return core::FailedPrecondition("认定记录已被他人修改，请刷新后重试");
  if (f.credit_code) return RegradeSubjectInTx(tx_, *f.credit_code, now);
  return core::Status::Ok();
}

core::Result<Page<IpFinding>> CreditStore::ListFindings(const DisclosureScope& scope,
                                                        const PageRequest& page) {
  internal::ListQuery list("ip_findings", "f");
  list.InRegion(scope.region);
  if (scope.agency) list.WhereEqual("f.agency_id", *scope.agency, 0);
  return PageOf<IpFinding>(tx_, list, page, std::string("SELECT ") + kFindingColumns, "f",
                           &FindingFromRow);
}

core::Result<std::vector<IpFinding>> CreditStore::FindingsOf(const std::string& key_value,
                                                             int limit, SubjectKey key) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(std::string("SELECT ") + kFindingColumns + " WHERE f." +
                                                KeyColumn(key) +
                                                " = ? ORDER BY f.finding_date DESC, f.id DESC LIMIT ?",
                                            {key_value, int64_t{limit}}));
  std::vector<IpFinding> out;
  for (const Row& r : rows) out.push_back(FindingFromRow(r));
  return out;
}

core::Result<std::string> CreditStore::AgencyKind(int64_t id) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT kind FROM agencies WHERE id = ?", {id}));
  return rows.empty() ? std::string() : rows[0].Text(0);
}

core::Result<std::vector<Disclosure>> CreditStore::DisclosuresOf(const std::string& credit_code,
                                                                 int limit, SubjectKey key) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(std::string("SELECT ") + kColumns +
                                                " FROM disclosures d WHERE d." + KeyColumn(key) + " = ? "
                                                "ORDER BY d.decision_date DESC, d.id DESC LIMIT ?",
                                            {credit_code, int64_t{limit}}));
  std::vector<Disclosure> out;
  for (const Row& r : rows) out.push_back(FromRow(r));
  return out;
}

core::Result<std::vector<SeriousListing>> CreditStore::ListingsOf(const std::string& credit_code,
                                                                 int limit, SubjectKey key) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(std::string("SELECT ") + kListingColumns + kListingFrom +
                                                " WHERE l." + KeyColumn(key) + " = ? "
                                                "ORDER BY l.listed_on DESC, l.id DESC LIMIT ?",
                                            {credit_code, int64_t{limit}}));
  std::vector<SeriousListing> out;
  for (const Row& r : rows) out.push_back(ListingFromRow(r));
  return out;
}

core::Result<std::vector<CreditRepair>> CreditStore::RepairsOf(const std::string& credit_code,
                                                              int limit) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(std::string("SELECT ") + kRepairColumns + kRepairFrom +
                                                " WHERE d.credit_code = ? ORDER BY r.id DESC LIMIT ?",
                                            {credit_code, int64_t{limit}}));
  std::vector<CreditRepair> out;
  for (const Row& r : rows) out.push_back(RepairFromRow(r));
  return out;
}

core::Result<std::vector<CreditRecordCase>> CreditStore::CasesOf(const std::string& credit_code,
                                                                int limit, SubjectKey key) {
  // Sent to the police: a transfer past the agency's own approval (as the case list counts it).
  IPE_ASSIGN_OR_RETURN(
      auto rows,
      tx_.Query("SELECT c.id, c.agency_id, a.name, c.region_code, c.case_number, c.title, c.status, "
                "c.created_at, (SELECT min(t.created_at) FROM transfers t WHERE t.case_id = c.id "
                "AND t.status NOT IN ('awaiting_decision', 'approved', 'rejected')) "
                "FROM cases c JOIN agencies a ON a.id = c.agency_id "
                "WHERE c.id IN (SELECT p.case_id FROM case_parties p WHERE p." +
                    std::string(key == SubjectKey::kCreditCode ? "uscc" : "id_number") + " = ?) "
                "ORDER BY c.created_at DESC, c.id DESC LIMIT ?",
                {credit_code, int64_t{limit}}));
  std::vector<CreditRecordCase> out;
  for (const Row& r : rows) {
    CreditRecordCase c;
    c.id = r.Int(0);
    c.agency_id = r.Int(1);
    c.agency_name = r.Text(2);
    c.region_code = r.Text(3);
    c.case_number = r.Text(4);
    c.title = r.Text(5);
    c.status = r.Text(6);
    c.created_at = core::Timestamp{r.Int(7)};
    if (!r.IsNull(8)) c.sent_to_police_at = core::Timestamp{r.Int(8)};
    out.push_back(std::move(c));
  }
  return out;
}

core::Result<std::vector<std::string>> CreditStore::ListedAmong(const std::vector<std::string>& codes,
                                                               core::Date on) {
  std::vector<std::string> out;
  if (codes.empty()) return out;
  std::string marks;
  Params params;
  for (const std::string& c : codes) {
    marks += marks.empty() ? "?" : ", ?";
    params.push_back(c);
  }
  params.push_back(on.ToString());
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT DISTINCT credit_code FROM serious_list WHERE "
                                            "credit_code IN (" + marks +
                                                ") AND status = 'listed' AND period_until >= ?",
                                            params));
  for (const Row& r : rows) out.push_back(r.Text(0));
  return out;
}

core::Result<credit::RiskFacts> CreditStore::FactsOf(const std::string& credit_code,
                                                     core::Date window_from, core::Timestamp since,
                                                     core::Date today) {
  // Sent to the police as CasesOf says: the first transfer past the agency's own approval.
  constexpr const char* kCasesOf = "c.id IN (SELECT p.case_id FROM case_parties p WHERE p.uscc = ?)";
  IPE_ASSIGN_OR_RETURN(
      auto rows,
      tx_.Query(std::string("SELECT "
                            "(SELECT count(*) FROM disclosures d WHERE d.credit_code = ? "
                            "AND d.status = 'published' AND d.decision_date >= ?), "
                            "(SELECT count(*) FROM serious_list l WHERE l.credit_code = ? "
                            "AND l.status = 'listed' AND l.period_until >= ?), "
                            "(SELECT count(*) FROM cases c WHERE ") +
                    kCasesOf +
                    " AND c.created_at >= ?), "
                    "(SELECT count(*) FROM cases c WHERE " +
                    kCasesOf +
                    " AND (SELECT min(t.created_at) FROM transfers t WHERE t.case_id = c.id "
                    "AND t.status NOT IN ('awaiting_decision', 'approved', 'rejected')) >= ?), "
                    "(SELECT count(DISTINCT o.lead_id) FROM lead_observables o "
                    "JOIN leads ld ON ld.id = o.lead_id WHERE o.key_type = 'uscc' "
                    "AND o.key_value = ? AND ld.created_at >= ?), "
                    "(SELECT count(*) FROM ip_findings f WHERE f.credit_code = ? "
                    "AND f.status = 'recorded' AND f.finding_date >= ?)",
                {credit_code, window_from.ToString(), credit_code, today.ToString(), credit_code,
                 since.seconds, credit_code, since.seconds, credit_code, since.seconds, credit_code,
                 window_from.ToString()}));
  credit::RiskFacts f;
  f.penalties = static_cast<int>(rows[0].Int(0));
  f.listed = rows[0].Int(1) > 0;
  f.cases = static_cast<int>(rows[0].Int(2));
  f.transfers = static_cast<int>(rows[0].Int(3));
  f.leads = static_cast<int>(std::min<int64_t>(rows[0].Int(4), 1'000'000));
  f.ip_findings = static_cast<int>(rows[0].Int(5));
  return f;
}

core::Result<std::string> CreditStore::NameOf(const std::string& credit_code) {
  for (const char* sql :
       {"SELECT party_name FROM disclosures WHERE credit_code = ? ORDER BY id DESC LIMIT 1",
        "SELECT subject_name FROM serious_list WHERE credit_code = ? ORDER BY id DESC LIMIT 1",
        "SELECT name FROM case_parties WHERE uscc = ? ORDER BY id DESC LIMIT 1"}) {
    IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(sql, {credit_code}));
    if (!rows.empty()) return rows[0].Text(0);
  }
  return std::string();
}

core::Result<std::vector<std::string>> CreditStore::AllSubjectCodes() {
  IPE_ASSIGN_OR_RETURN(
      auto rows,
      tx_.Query("SELECT credit_code FROM disclosures WHERE credit_code IS NOT NULL "
                "UNION SELECT credit_code FROM serious_list WHERE credit_code IS NOT NULL "
                "UNION SELECT uscc FROM case_parties WHERE uscc IS NOT NULL "
                "UNION SELECT key_value FROM lead_observables WHERE key_type = 'uscc' "
                "UNION SELECT credit_code FROM ip_findings WHERE credit_code IS NOT NULL"));
  std::vector<std::string> out;
  out.reserve(rows.size());
  for (const Row& r : rows) out.push_back(r.Text(0));
  return out;
}

core::Status CreditStore::SaveSubject(const CreditSubject& s, core::Timestamp now) {
  return tx_.Exec(
      "INSERT INTO credit_subjects (credit_code, name, region_code, province_code, "
      "prefecture_code, grade, penalties, listed, transfers, cases, leads, ip_findings, reasons, "
      "graded_on, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT "
      "(credit_code) DO UPDATE SET name = excluded.name, grade = excluded.grade, "
      "penalties = excluded.penalties, listed = excluded.listed, transfers = excluded.transfers, "
      "cases = excluded.cases, leads = excluded.leads, ip_findings = excluded.ip_findings, "
      "reasons = excluded.reasons, graded_on = excluded.graded_on, updated_at = excluded.updated_at",
      {s.credit_code, s.name, s.region_code, internal::ProvinceOf(s.region_code),
       internal::PrefectureOf(s.region_code), s.grade, int64_t{s.facts.penalties},
       int64_t{s.facts.listed ? 1 : 0}, int64_t{s.facts.transfers}, int64_t{s.facts.cases},
       int64_t{s.facts.leads}, int64_t{s.facts.ip_findings}, internal::Join(s.reasons, '|'),
       s.graded_on.ToString(), now.seconds})
      .status();
}

namespace {

CreditSubject SubjectFromRow(const Row& r) {
  CreditSubject s;
  s.id = r.Int(0);
  s.credit_code = r.Text(1);
  s.name = r.Text(2);
  s.region_code = r.Text(3);
  s.grade = r.Text(4);
  s.facts.penalties = static_cast<int>(r.Int(5));
  s.facts.listed = r.Int(6) != 0;
  s.facts.transfers = static_cast<int>(r.Int(7));
  s.facts.cases = static_cast<int>(r.Int(8));
  s.facts.leads = static_cast<int>(r.Int(9));
  s.reasons = internal::Split(r.Text(10), '|');
  s.graded_on = OptDate(r, 11).value_or(core::Date{});
  s.facts.ip_findings = static_cast<int>(r.Int(12));
  return s;
}

}  // namespace

core::Result<Page<CreditSubject>> CreditStore::ListSubjects(const std::string& scope_region,
                                                            const SubjectFilter& f,
                                                            const PageRequest& page) {
  internal::ListQuery list("credit_subjects", "s");
  list.InRegion(scope_region);
  if (f.region) list.InRegion(*f.region);
  if (f.grade) list.WhereEqual("s.grade", *f.grade, 2);
  if (f.q) {
    if (auto code = core::ParseUscc(*f.q)) {
      list.Where("s.credit_code = ?", code->str());
    } else {
      list.Where("s.name LIKE ? ESCAPE '\\'", internal::ContainsPattern(*f.q));
    }
  }
  IPE_RETURN_IF_ERROR(internal::PlanForValues(tx_));
  return PageOf<CreditSubject>(
      tx_, list, page,
      "SELECT s.id, s.credit_code, s.name, s.region_code, s.grade, s.penalties, s.listed, "
      "s.transfers, s.cases, s.leads, s.reasons, s.graded_on, s.ip_findings FROM credit_subjects s",
      "s", &SubjectFromRow);
}

core::Status CreditStore::RebuildSearchIfStale(storage::Database& db) {
  return internal::RebuildTermIndexIfStale(db, kDisclosureTerms);
}

}  // namespace ipe::app
