#pragma once
// ComplaintStore: all SQL of the complaints area (complaints.h). docs/complaints.md.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/complaints/complaints.h"
#include "app/complaints/fairs.h"
#include "app/context.h"
#include "core/status.h"
#include "storage/db.h"

namespace ipe::app {

/// Which records a list may return: a region subtree, optionally one agency (with or without the
/// unrouted records, which the office routes).
struct ComplaintScope {
  std::string region = kNationalRegion;
  std::optional<int64_t> agency;
  bool unrouted = false;  // with `agency` unset: include records without an agency
  std::optional<int64_t> assignee;  // only those assigned to this user
};

/// A user as assignment checks them.
struct AssignableUser {
  int64_t id = 0;
  int64_t agency_id = 0;
  std::string login;
  std::string display_name;
  std::string roles;
  bool active = false;
};

class ComplaintStore {
 public:
  explicit ComplaintStore(storage::Tx& tx) : tx_(tx) {}

  /// Inserts the record and its persons; returns its id. AlreadyExists on a duplicate
  /// (channel, external_id) or receipt number.
  core::Result<int64_t> Insert(const Complaint& c, const std::vector<complaints::Person>& persons,
                               const std::string& query_code_hash, std::optional<int64_t> created_by);
  /// The record with its agency's name; nullopt when unknown.
  core::Result<std::optional<Complaint>> Load(int64_t id, bool for_update = false);
  core::Result<std::optional<int64_t>> IdByExternal(const std::string& channel,
                                                    const std::string& external_id);
  core::Result<std::optional<int64_t>> IdByReceipt(const std::string& receipt_no,
                                                   const std::string& query_code_hash);
  core::Result<std::vector<int64_t>> IdsByLead(int64_t lead_id);
  /// Writes the mutable columns when the stored version is `c.version`, and bumps it; Aborted
  /// when another write came first.
  core::Status Update(const Complaint& c, core::Timestamp now);

  core::Result<std::vector<complaints::Person>> Persons(int64_t id);
  /// (user id, display name) of the assignees, by id.
  core::Result<std::vector<std::pair<int64_t, std::string>>> Assignees(int64_t id);
  core::Status AddAssignee(int64_t id, int64_t user_id, core::Timestamp now);
  core::Status ClearAssignees(int64_t id);
  core::Result<std::optional<AssignableUser>> User(int64_t user_id);

  core::Status AddEvent(int64_t id, core::Timestamp at, std::optional<int64_t> actor_id,
                        const std::string& actor_login, const std::string& actor_name,
                        const std::string& kind,
                        const std::string& summary, bool on_portal);
  core::Result<std::vector<ComplaintEvent>> Events(int64_t id, bool portal_only);

  core::Result<std::vector<ComplaintPause>> Pauses(int64_t id);
  core::Status AddPause(int64_t id, core::Date from, const std::string& reason);
  core::Status ClosePause(int64_t id, core::Date to);

  /// Attachments without their data, in the order received.
  core::Result<std::vector<ComplaintAttachment>> Attachments(int64_t id);
  core::Status InsertAttachment(int64_t id, const ComplaintAttachment& meta,
                                const std::string& data_base64, core::Timestamp now);
  /// The attachment `attachment_id` of record `id` with its base64 data; nullopt when none.
  core::Result<std::optional<std::pair<ComplaintAttachment, std::string>>> Attachment(
      int64_t id, int64_t attachment_id);

  core::Result<Page<Complaint>> List(const ComplaintScope& scope, const ComplaintFilter& f,
                                     const PageRequest& page);
  /// Builds the queue's search index when it is older than the search terms (at start, as the
  /// other stores' RebuildSearchIfStale).
  static core::Status RebuildSearchIfStale(storage::Database& db);
  /// The figures of the scope by SQL aggregates (no record is read whole): counts by kind,
  /// channel, subject, status and province, converted and filed; running clocks ended by `now`
  /// (overdue) or ending by `soon_end` (due soon); the seconds each step took, sorted: the
  /// decision (from the agency's receipt), mediation (acceptance → its end) and the notice (the
  /// decision or mediation's end → told).
  struct Figures {
    std::vector<std::pair<std::string, int64_t>> by_kind, by_channel, by_subject, by_status,
        by_province;
    int64_t total = 0, converted = 0, filed = 0, overdue = 0, due_soon = 0;
    std::vector<int64_t> decision_seconds, mediation_seconds, notice_seconds;
  };
  core::Result<Figures> FiguresOf(const ComplaintScope& scope, core::Timestamp now,
                                  core::Timestamp soon_end);
  /// Undecided records of the scope filed under a fair with an on-site clock of which half has
  /// passed by `now` (due soon or overdue, complaints::FairClockOf), the earliest end first.
  core::Result<std::vector<Complaint>> FairClocksPastHalf(const ComplaintScope& scope,
                                                          core::Timestamp now, int limit);
  /// Open records of the scope whose running clock ends before `before` (the 工作台).
  core::Result<std::vector<Complaint>> DueBefore(const ComplaintScope& scope,
                                                 core::Timestamp before, int limit);

  // --- 同一事项 (complaints/duplicates.h MatchKeys) -------------------------------------------
  /// The distinct groups of the records that have any of `keys`.
  core::Result<std::vector<int64_t>> GroupsWithKeys(const std::vector<std::string>& keys);
  core::Status AddMatchKeys(int64_t id, const std::vector<std::string>& keys);
  /// Sets record `id`'s group, and moves every record of the groups `merged` into `group_id`.
  core::Status SetGroup(int64_t id, int64_t group_id, const std::vector<int64_t>& merged);
  /// How many records of each group the scope holds.
  core::Result<std::map<int64_t, int64_t>> GroupSizes(const ComplaintScope& scope,
                                                      const std::vector<int64_t>& group_ids);
  /// The other records of the group in the scope, newest first (at most `limit`).
  core::Result<std::vector<Complaint::Duplicate>> GroupMembers(const ComplaintScope& scope,
                                                               int64_t group_id, int64_t except,
                                                               int limit);

  // --- 展会 -------------------------------------------------------------------------------------
  core::Result<int64_t> InsertFair(const ComplaintFair& f, std::optional<int64_t> created_by,
                                   core::Timestamp now);
  /// Writes when the stored version is `f.version`; FailedPrecondition otherwise.
  core::Status UpdateFair(const ComplaintFair& f, core::Timestamp now);
  core::Result<std::optional<ComplaintFair>> LoadFair(int64_t id);
  core::Result<Page<ComplaintFair>> ListFairs(const FairFilter& f, const PageRequest& page);
  /// Fairs running on some day of [from, to], by opening day.
  core::Result<std::vector<ComplaintFair>> FairsBetween(core::Date from, core::Date to, int limit);
  /// Records of the scope filed under each fair.
  core::Result<std::map<int64_t, int64_t>> FairCounts(const ComplaintScope& scope,
                                                      const std::vector<int64_t>& fair_ids);
  core::Result<std::vector<complaints::FairRecord>> FairRecords(const ComplaintScope& scope,
                                                                int64_t fair_id);

 private:
  /// Records of the scope meeting `condition` (whose one parameter is `bound`), by `order`.
  core::Result<std::vector<Complaint>> ClockList(const ComplaintScope& scope, const std::string& condition,
                                                 core::Timestamp bound, const std::string& order, int limit);
  /// How many records of the scope have each of `values` in `column` ("c.group_id", "c.fair_id").
  core::Result<std::map<int64_t, int64_t>> CountsBy(const ComplaintScope& scope, const char* column,
                                                    const std::vector<int64_t>& values);

  storage::Tx& tx_;
};

}  // namespace ipe::app
