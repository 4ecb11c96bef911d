#pragma once
// 展会维权: trade fairs (展会) that complaints and reports are filed under, and the per-fair
// summary. The measures on IP protection at fairs (展会知识产权保护办法, 2006, 商务部等令2006年第1号)
// give on-site handling: a fair of three days or more may have a complaint desk (投诉机构) where
// the IP administrations of the venue's place station officers (第六条, the figure in
// rules/complaints/complaints.rules `fair_complaint_desk`); the reply period of the respondent is
// fixed by the administration according to the fair's duration, so the fair's short clocks
// (reply_hours, handle_hours) are data of each fair, with no default. Pure.
//
//   auto problems = ValidateFair(fair);                     // field errors, zh-CN
//   FairSummary s = SummariseFair(fair, records);           // by kind, subject, result; on site

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "complaints/complaints.h"
#include "core/time.h"
#include "rules/pack.h"

namespace ipe::complaints {

struct Fair {
  int64_t id = 0;
  std::string name;
  std::string venue;
  std::string region_code;  // where it is held
  core::Date starts_on;
  core::Date ends_on;
  std::string organiser;     // 展会主办方
  std::string desk_contact;  // the on-site desk's contact
  std::optional<int64_t> desk_agency_id;  // the agency stationed at the desk
  std::optional<int> reply_hours;   // 答辩期限 set for this fair
  std::optional<int> handle_hours;  // on-site handling limit set for this fair
};

/// The longest short clock a fair may set (a fair is days, not months): 30 days in hours.
inline constexpr int kMaxFairHours = 720;

/// Field problems of a fair (names as the API sends them): name, venue, organiser required;
/// ends_on not before starts_on and the fair at most a year long; hours in 1..kMaxFairHours.
/// Lengths and the region code are checked by the caller.
std::vector<FieldProblem> ValidateFair(const Fair& f);

/// Days the fair runs, both ends counted.
int FairDays(const Fair& f);
/// Whether the fair is long enough for a complaint desk under the rule `fair_complaint_desk`
/// (第六条: three days or more); false when the rule set has no such step.
bool DeskExpected(const rules::RuleSet& rules, const Fair& f);

/// A record filed under the fair, as the summary needs it.
struct FairRecord {
  std::string kind;
  std::string subject;
  std::string status;
  core::Timestamp received_at;
  std::optional<core::Timestamp> decided_at;  // accepted, refused, or the filing decision
};

struct FairSummary {
  int64_t total = 0;
  std::map<std::string, int64_t> by_kind, by_subject, by_status;
  int64_t decided = 0;
  int64_t handled_on_site = 0;      // decided on or before the fair's last day
  int64_t within_handle_hours = 0;  // decided within handle_hours (0 when the fair sets none)
  std::optional<double> median_handling_hours;  // receipt → decision, of the decided ones
  std::optional<double> worst_handling_hours;
};
FairSummary SummariseFair(const Fair& f, const std::vector<FairRecord>& records);

/// The fair's on-site clock of one undecided record: it must be decided within the fair's
/// `handle_hours` of its receipt (a clock in hours, unlike the working days of Order 20). It is
/// due soon once half of that time has passed, overdue at its end.
struct FairClock {
  core::Timestamp due;
  bool overdue = false;
  bool due_soon = false;
};
FairClock FairClockOf(core::Timestamp received_at, int handle_hours, core::Timestamp now);

}  // namespace ipe::complaints
