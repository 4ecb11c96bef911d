#pragma once
// TransferStore: the SQL of transfers to the police (移送), their steps, prosecutor supervision
// (检察监督) and the alerts list. The workflow (who may act, which status follows, the statutory
// clocks) is decided in transfers.cc; rows come back without the clock-dependent fields
// (deadline_state, step titles), which the use cases fill in for the time they answer at.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/cases/case_store.h"
#include "app/cases/transfers.h"
#include "core/status.h"
#include "core/time.h"
#include "storage/db.h"

namespace ipe::app {

/// What a transfer or supervision use case needs of the case it concerns.
struct CaseOwner {
  int64_t agency_id = 0;
  std::string region_code;
  std::string case_number;
  std::optional<std::string> conduct;  // rules::Conducts() key
};

/// The party a supervision action is addressed to, and whether it was answered.
struct SupervisionTarget {
  std::string kind;
  int64_t case_id = 0;
  int64_t case_agency_id = 0;
  std::string case_region;
  std::optional<int64_t> police_agency_id;
  bool answered = false;
};

/// A stored alert (以罚代刑) or a transfer whose clock is due, with its case.
struct DueTransfer {
  int64_t transfer_id = 0;
  int64_t case_id = 0;
  std::string case_number;
  int64_t agency_id = 0;
  std::string agency_name;
  std::string region_code;
  std::string current_step;
  core::Timestamp due_at;
};

class TransferStore {
 public:
  explicit TransferStore(storage::Tx& tx) : tx_(tx) {}

  // --- transfers -------------------------------------------------------------------------
  /// The transfer with its steps; NotFound when there is none.
  core::Result<Transfer> Load(int64_t id);
  /// The latest transfer of a case (id and receiving police), if any.
  core::Result<std::optional<std::pair<int64_t, std::optional<int64_t>>>> LatestOfCase(
      int64_t case_id);
  /// True when the case has a transfer that was not rejected or returned.
  core::Result<bool> HasOpenTransfer(int64_t case_id);
  core::Result<std::optional<CaseOwner>> OwnerOfCase(int64_t case_id);
  /// The agency's kind and whether it is active (None when unknown).
  core::Result<std::optional<std::pair<std::string, bool>>> AgencyKind(int64_t agency_id);
  /// A user's agency, active flag and roles text, for checking a transfer team.
  struct Staff {
    int64_t agency_id = 0;
    bool active = false;
    std::string roles;
  };
  core::Result<std::optional<Staff>> StaffByLogin(const std::string& login);

  core::Result<int64_t> Insert(int64_t case_id, const std::string& status, bool suspicion_only,
                               const std::string& step,
                               std::optional<core::Timestamp> due, core::Timestamp now);
  /// What an "extend" step records besides the common columns.
  struct Extension {
    std::string kind;      // complex | special
    std::string approver;  // the approving official
    std::optional<core::Timestamp> extended_to;  // none when the calendar lacks the year
  };
  core::Status AddStep(int64_t transfer_id, const std::string& step, core::Timestamp at,
                       std::optional<int64_t> actor_id, const std::string& decision,
                       const std::string& reasons, std::optional<core::Timestamp> due,
                       std::optional<bool> on_time,
                       const std::optional<Extension>& extension = std::nullopt);
  /// The state a transfer was read in: Update changes it only if it is still so.
  struct ReadState {
    std::string status;
    std::string step;
  };
  /// Moves the transfer from `read` to the new state. FailedPrecondition (409) when another
  /// writer moved it since it was read (PostgreSQL writers run READ COMMITTED: two actions on one
  /// transfer could both pass the state machine; the second now waits for the first's row lock
  /// and finds its state gone).
  core::Status Update(int64_t transfer_id, const ReadState& read, const std::string& status,
                      std::optional<int64_t> police_agency_id, const TransferDocuments& docs,
                      const std::string& step, std::optional<core::Timestamp> due,
                      core::Timestamp now);

  struct ListQuery {
    CaseScope scope;                            // ignored when incoming_to is set
    std::optional<int64_t> incoming_to;         // police: sent to this agency
    std::optional<core::Timestamp> due_from;    // due_at in [due_from, due_to]
    std::optional<core::Timestamp> due_to;
    std::vector<std::string> statuses;  // any of these (empty: every status)
    bool earliest_due_first = false;    // the 待办 order: running clocks, soonest first
  };
  /// Newest first (or by deadline), steps loaded for the page in one query.
  core::Result<Page<Transfer>> List(const ListQuery& query, const PageRequest& page);

  // --- supervision -----------------------------------------------------------------------
  core::Result<int64_t> InsertSupervision(int64_t case_id, std::optional<int64_t> transfer_id,
                                          const std::string& kind, int64_t prosecutor_agency_id,
                                          int64_t created_by, core::Timestamp now,
                                          std::optional<core::Timestamp> due,
                                          const std::string& note);
  /// The action as listed (deadline_state left empty); NotFound when there is none.
  core::Result<SupervisionAction> LoadSupervision(int64_t id);
  core::Result<std::optional<SupervisionTarget>> TargetOf(int64_t action_id);
  /// Answers an unanswered action; FailedPrecondition (409) when answered meanwhile.
  core::Status Answer(int64_t action_id, const std::string& answer, core::Timestamp now);
  /// Newest 200: all of `scope` for supervisors, else those addressed to `addressed_agency`.
  core::Result<std::vector<SupervisionAction>> ListSupervision(
      const std::optional<CaseScope>& scope, int64_t addressed_agency);

  // --- alerts ----------------------------------------------------------------------------
  /// Unresolved stored alerts in scope, newest 500.
  core::Result<std::vector<Alert>> StoredAlerts(const CaseScope& scope);
  /// Transfers in scope whose current clock ends at or before `until`, earliest 500.
  core::Result<std::vector<DueTransfer>> DueTransfers(const CaseScope& scope, core::Timestamp until);

  /// An open case in scope whose threshold finding was met at `met_at` and that has no transfer
  /// decided by the agency head (none, or only one still awaiting the decision).
  struct UndecidedCase {
    int64_t case_id = 0;
    std::string case_number;
    int64_t agency_id = 0;
    std::string agency_name;
    std::string region_code;
    core::Timestamp met_at;
    std::optional<std::string> conduct;
    std::string findings;  // as stored (internal::DecodeFindings)
  };
  /// Such cases whose finding was met before `met_before`, oldest first, at most 500.
  core::Result<std::vector<UndecidedCase>> UndecidedCases(const CaseScope& scope,
                                                          core::Timestamp met_before);

 private:
  storage::Tx& tx_;
};

}  // namespace ipe::app
