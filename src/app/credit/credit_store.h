#pragma once
// CreditStore: all SQL of the credit area (disclosures). docs/credit.md.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/context.h"
#include "app/credit/credit.h"
#include "core/status.h"
#include "storage/db.h"

namespace ipe::app {

/// Which records a list may return: a region subtree, optionally one agency.
struct DisclosureScope {
  std::string region = kNationalRegion;
  std::optional<int64_t> agency;
};

/// How a credit record names its subject.
enum class SubjectKey { kCreditCode, kIdNumber };

class CreditStore {
 public:
  explicit CreditStore(storage::Tx& tx) : tx_(tx) {}

  /// The record or NotFound; `for_update` locks it for a read-modify-write.
  core::Result<Disclosure> Load(int64_t id, bool for_update = false);
  core::Result<Page<Disclosure>> List(const DisclosureScope& scope, const DisclosureFilter& f,
                                      core::Timestamp now, const PageRequest& page);
  /// Inserts a draft (or a withheld record); returns its id.
  core::Result<int64_t> Insert(const Disclosure& d, int64_t party_index);
  /// Writes the mutable columns of `d` when the stored version is `expected_version`, and bumps
  /// it; Aborted when another write came first.
  core::Status Update(const Disclosure& d, int64_t expected_version, core::Timestamp now);

  /// Published records whose last display day is `today` or later.
  core::Result<Page<PublicDisclosure>> PublicList(const std::optional<std::string>& q,
                                                  core::Date today, const PageRequest& page);
  core::Result<std::optional<PublicDisclosure>> PublicGet(int64_t id, core::Date today);

  /// Ever-published records of the region changed after (seconds, id), in change order.
  core::Result<std::vector<DisclosureChange>> ChangesAfter(const std::string& region,
                                                          int64_t seconds, int64_t id, int limit);
  /// One row per record of the region decided in [from, to]: what the supervision figures count.
  struct DecisionRow {
    int64_t agency_id;
    std::string agency_name;
    std::string status;
    core::Date decision_date;
    std::optional<core::Timestamp> publish_due;
    std::optional<core::Timestamp> published_at;
  };
  core::Result<std::vector<DecisionRow>> DecisionsBetween(const std::string& region, core::Date from,
                                                          core::Date to);
  /// Whether the party (by credit code or ID number) has another published or expired record of
  /// the same violation type decided after `after` (Order 45 art. 14: 再次受到同一类违法行为的处罚).
  core::Result<bool> SameTypePenaltySince(const Disclosure& d);

  // --- credit repairs ---
  core::Result<int64_t> InsertRepair(const CreditRepair& r, const std::string& query_code_hash);
  core::Result<CreditRepair> LoadRepair(int64_t id, bool for_update = false);
  /// The repair with that receipt number whose query code hashes to `query_code_hash`.
  core::Result<std::optional<CreditRepair>> RepairByReceipt(const std::string& receipt_no,
                                                           const std::string& query_code_hash);
  core::Result<bool> HasOpenRepair(int64_t disclosure_id);
  core::Result<Page<CreditRepair>> ListRepairs(const DisclosureScope& scope,
                                               const std::optional<std::string>& status,
                                               const PageRequest& page);
  core::Status DecideRepair(const CreditRepair& r, std::optional<int64_t> decided_by,
                            int64_t expected_version, core::Timestamp now);

  // --- the serious-violation list ---
  core::Result<int64_t> InsertListing(const SeriousListing& l, core::Timestamp now);
  core::Result<SeriousListing> LoadListing(int64_t id, bool for_update = false);
  core::Status UpdateListing(const SeriousListing& l, int64_t expected_version, core::Timestamp now);
  /// Agency lists (scope) or the public one (`public_on`: listed and inside the period that day).
  core::Result<Page<SeriousListing>> ListListings(const DisclosureScope& scope,
                                                  std::optional<core::Date> public_on,
                                                  const PageRequest& page);
  /// Whether the subject (credit code or ID number) is listed and inside its period on `on`.
  core::Result<bool> OnSeriousList(const std::optional<std::string>& credit_code,
                                   const std::optional<std::string>& id_number, core::Date on);
  /// Whether a listing drawn from this disclosure is in force on `on` (a party without a credit
  /// code or ID number has no other key to find its listing by).
  core::Result<bool> DisclosureListed(int64_t disclosure_id, core::Date on);

  // --- the IP office's findings ---
  core::Result<int64_t> InsertFinding(const IpFinding& f, std::optional<int64_t> created_by);
  core::Result<IpFinding> LoadFinding(int64_t id, bool for_update = false);
  core::Status RevokeFinding(const IpFinding& f, int64_t expected_version, core::Timestamp now);
  core::Result<Page<IpFinding>> ListFindings(const DisclosureScope& scope, const PageRequest& page);
  core::Result<std::vector<IpFinding>> FindingsOf(const std::string& key_value, int limit,
                                                  SubjectKey key = SubjectKey::kCreditCode);
  /// The kind of agency `id` (market_regulation, ip_office …).
  core::Result<std::string> AgencyKind(int64_t id);

  // --- the credit record of one enterprise (GetCreditRecord) ---
  // By its credit code, newest first, at most `limit` rows each. CasesOf (and FactsOf) read the
  // case and lead areas' party and observable keys (read only: those areas own the rows).
  // `key`: the value is a credit code, or an ID number (a person's record).
  core::Result<std::vector<Disclosure>> DisclosuresOf(const std::string& credit_code, int limit,
                                                      SubjectKey key = SubjectKey::kCreditCode);
  core::Result<std::vector<SeriousListing>> ListingsOf(const std::string& credit_code, int limit,
                                                       SubjectKey key = SubjectKey::kCreditCode);
  core::Result<std::vector<CreditRepair>> RepairsOf(const std::string& credit_code, int limit);
  core::Result<std::vector<CreditRecordCase>> CasesOf(const std::string& credit_code, int limit,
                                                      SubjectKey key = SubjectKey::kCreditCode);
  /// The codes among `codes` that are listed and inside their period on `on`.
  core::Result<std::vector<std::string>> ListedAmong(const std::vector<std::string>& codes,
                                                     core::Date on);

  // --- 分级分类监管: the stored grade per enterprise (credit_subjects) ---
  /// The risk facts of `credit_code`: published penalties decided from `window_from`, the listing
  /// on `today`, cases opened, transfers sent and leads created from `since`.
  core::Result<credit::RiskFacts> FactsOf(const std::string& credit_code, core::Date window_from,
                                          core::Timestamp since, core::Date today);
  /// The name the newest disclosure, listing or case party gives the code ("" when none).
  core::Result<std::string> NameOf(const std::string& credit_code);
  /// Every valid-looking credit code named by a disclosure, a listing, a case party or a lead.
  core::Result<std::vector<std::string>> AllSubjectCodes();
  /// Inserts or replaces the subject's row (by credit code).
  core::Status SaveSubject(const CreditSubject& s, core::Timestamp now);
  core::Result<Page<CreditSubject>> ListSubjects(const std::string& scope_region,
                                                 const SubjectFilter& f, const PageRequest& page);

  static core::Status RebuildSearchIfStale(storage::Database& db);

 private:
  storage::Tx& tx_;
};

}  // namespace ipe::app
