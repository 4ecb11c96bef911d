#pragma once
// CaseStore: every SQL statement of the cases area (cases, parties, rights, timeline, findings,
// the 以罚代刑 alert raised on closing, the search index) in one place. Use cases (cases.cc,
// case_import.cc) decide; the store reads and writes rows inside the caller's transaction.
//
// Lists are served by indexes that give the list order (id descending) for every filter the UI
// offers, children of a page are loaded in one query per kind (never one per row), counts are
// exact sums over case_counts (kept here with every change) unless a search or campaign term is
// given, when they look kSearchCountWindow rows past the page; search goes through the term index of core/search_terms.h
// (FTS5 on SQLite, GIN over a tsvector on PostgreSQL) with a substring recheck. docs/cases.md,
// "At volume".
//
//   CaseStore store(*tx);
//   IPE_ASSIGN_OR_RETURN(auto page, store.List(query, page_request));

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/cases/cases.h"
#include "core/search_terms.h"
#include "app/internal/list_store.h"
#include "core/status.h"
#include "core/time.h"
#include "rules/evaluate.h"
#include "storage/db.h"

namespace ipe::app {

/// The cases a viewer may list: a region subtree, and one agency when not a supervisor.
struct CaseScope {
  std::string region = "000000";
  std::optional<int64_t> agency;
};

/// The scope as a condition on the cases table aliased `c` (served by the list indexes),
/// appending its parameters; "1 = 1" for the nation. For the stores of the cases area.
std::string CaseScopeCondition(const CaseScope& scope, storage::Params& params);

using internal::kSearchCountWindow;  // how far past the page a search is counted

/// A list request with the viewer's scope already decided by the use case.
struct CaseQuery {
  CaseScope scope;
  CaseFilter filter;
  /// A counted search (each counted match is a row read for the recheck) looks this far past the
  /// requested page: "共 100+ 条" on the first page, always five pages ahead of the one shown.
  int64_t count_window = kSearchCountWindow;
  /// A search whose rarest term is in more cases than this walks the cases' own index with the
  /// text recheck instead of the term index: on SQLite when the filters select fewer cases than
  /// the term does, on PostgreSQL always (internal::EstimatedTermRows).
  int64_t term_walk_limit = internal::kTermWalkLimit;
  /// Set for a viewer who sees natural persons' names masked (cases.cc MaskForViewer) except in
  /// this agency's (the own) cases: a search matches those names only there.
  std::optional<int64_t> person_names_agency;
};

/// In a case's search_text, what precedes the natural persons' names (U+001F, kept by folding).
inline constexpr const char* kPersonNames = "\x1f";

/// A new case row as the use case decided it (validated input, region, creator, time).
struct NewCaseRow {
  int64_t agency_id = 0;
  std::string region_code;
  const CaseInput* input = nullptr;
  std::optional<int64_t> created_by;  // empty for the system
  core::Timestamp now;
};

class CaseStore {
 public:
  explicit CaseStore(storage::Tx& tx) : tx_(tx) {}

  enum class Detail { kSummary, kFull };  // summary: the row and findings; full: + parties, rights, timeline

  // --- reading ---------------------------------------------------------------------------
  /// The case or NotFound.
  core::Result<Case> Load(int64_t id, Detail detail);
  core::Result<Page<Case>> List(const CaseQuery& query, const PageRequest& page);
  /// The statuses of every transfer of the case, oldest first (rules::TransferStatus names).
  core::Result<std::vector<std::string>> TransferStatuses(int64_t case_id);
  /// True when the case was transferred to that police agency.
  core::Result<bool> TransferredTo(int64_t case_id, int64_t police_agency_id);
  /// The region an agency is registered in (None for an unknown agency).
  core::Result<std::optional<std::string>> AgencyRegion(int64_t agency_id);
  /// The id of the agency's case with that number, if any.
  core::Result<std::optional<int64_t>> IdByNumber(int64_t agency_id, const std::string& number);
  /// Earlier closed-with-penalty cases of the same parties (by credit code or ID number), any
  /// agency except `case_id` itself: repeat offending is judged across agencies.
  core::Result<std::vector<rules::PriorPenalty>> PriorPenalties(int64_t case_id,
                                                                const CaseInput& input);

  // --- writing ---------------------------------------------------------------------------
  /// Inserts the case row, its parties and rights, and indexes it for search. AlreadyExists
  /// (field case_number) when the agency has a case with that number.
  core::Result<int64_t> Insert(const NewCaseRow& row);
  /// Replaces the editable fields when the version matches; FailedPrecondition otherwise.
  core::Status Update(int64_t id, const CaseInput& input, core::Timestamp now,
                      int64_t expected_version);
  /// Replaces the findings and the case's threshold_met flag; threshold_met_at becomes `now` when
  /// the case starts to meet a threshold, stays while it still does, is cleared when it stops.
  core::Status ReplaceFindings(int64_t id, const std::vector<CaseFinding>& findings,
                               const std::string& regime_basis, core::Timestamp now);
  core::Status AddEvent(int64_t case_id, std::optional<int64_t> actor_id, core::Timestamp at,
                        const std::string& kind, const std::string& summary);
  /// Closes an open case. FailedPrecondition (409) when it is closed already — checked in the
  /// UPDATE, so of two closings at once (PostgreSQL: READ COMMITTED) one wins.
  core::Status Close(int64_t id, const CaseClosing& closing, core::Timestamp now);
  /// The 以罚代刑 alert for a case (once per case), with its severity (high | low).
  core::Status RaisePenaltyInsteadOfProsecutionAlert(const Case& c, const std::string& message,
                                                     const std::string& severity,
                                                     core::Timestamp now);

  /// Many new cases of one agency at once (import): rows, parties, rights, findings, one
  /// "created" timeline event each, search terms — with the bulk path of each store (COPY on
  /// PostgreSQL). Returns the new ids in input order. Numbers must be new (checked by the caller
  /// with ExistingNumbers).
  struct BulkCase {
    const CaseInput* input = nullptr;
    std::vector<CaseFinding> findings;
    std::string event_summary;
    std::string regime_basis;
  };
  core::Result<std::vector<int64_t>> InsertMany(int64_t agency_id, const std::string& region_code,
                                                std::optional<int64_t> created_by,
                                                core::Timestamp now,
                                                const std::vector<BulkCase>& cases);
  /// Which of `numbers` the agency already uses.
  core::Result<std::vector<std::string>> ExistingNumbers(int64_t agency_id,
                                                         const std::vector<std::string>& numbers);
  /// Another case of the same party (by credit code or ID number) for the same conduct that was
  /// not punished (open, or closed without a penalty), in the province of `region_code` — any
  /// agency: its amounts are added up with the case's (法释〔2004〕19号 第十二条).
  struct UnpunishedCase {
    int64_t id = 0;
    std::string case_number;
    std::string agency_name;
    std::optional<core::Date> act_date_from;
    std::optional<core::Date> act_date_to;
    std::optional<core::Fen> illegal_business;
    std::optional<core::Fen> illegal_gains;
    std::optional<core::Fen> sales;
  };
  /// Oldest first, at most 50.
  core::Result<std::vector<UnpunishedCase>> UnpunishedCasesOfParties(int64_t case_id,
                                                                    const CaseInput& input,
                                                                    const std::string& region_code);

  /// UnpunishedCasesOfParties for many parties at once (import): every unpunished case in the
  /// province of `region_code` of a party in `keys`, keyed by that party's normalised credit code
  /// or ID number, with its conduct.
  struct KeyedUnpunished {
    std::string key;
    std::string conduct;
    UnpunishedCase c;
  };
  core::Result<std::vector<KeyedUnpunished>> UnpunishedCasesOf(const std::vector<std::string>& keys,
                                                              const std::string& region_code);

  /// Prior penalties for many parties at once, keyed by normalised credit code / ID number.
  core::Result<std::vector<std::pair<std::string, rules::PriorPenalty>>> PriorPenaltiesOf(
      const std::vector<std::string>& keys);

  /// Rebuilds the search index of every case when its recorded term version is older than the
  /// code's (a store upgraded from before the index, or a change of core/search_terms).
  static core::Status RebuildSearchIfStale(storage::Database& db);

 private:
  /// The columns case_counts is kept by, as they are for one case.
  struct CountKey {
    int64_t agency_id = 0;
    std::string region_code;
    std::string status;
    std::string category;
    bool threshold_met = false;
    bool operator<(const CountKey& o) const;
  };
  /// The row's count key, and its search_text when `search_text` is given (one read).
  core::Result<CountKey> CountKeyOf(int64_t id, std::string* search_text = nullptr);
  /// Adds `delta` cases to the key's count (one UPSERT).
  core::Status AddToCount(const CountKey& key, int64_t delta);
  /// Moves one case from `before` to `after` when they differ.
  core::Status MoveCount(const CountKey& before, const CountKey& after);
  /// SQLite: the number of cases holding the rarest whole (non-prefix) term; -1 when unknown.
  core::Result<int64_t> RarestTermCount(const std::vector<core::QueryTerm>& terms);

  storage::Tx& tx_;
};

}  // namespace ipe::app
