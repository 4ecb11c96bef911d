#pragma once
// 展会维权: the fairs that complaints and reports are filed under (complaints/fairs.h has the
// rules). A fair is entered and edited by the market regulator or the IP office of its region
// (capability complaint.fair: officers and heads of those agencies, the office); everyone who reads
// complaints reads the fairs (a fair is public: the portal's form offers the running ones). The
// per-fair summary counts only the records the caller may see. Writes are one transaction with
// one audit record.
//
//   auto fair = CreateFair(ctx, officer, input);           // fair->id
//   auto s = FairSummaryOf(ctx, officer, fair->id);         // by kind, subject, result; on site

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/context.h"
#include "app/principal.h"
#include "complaints/fairs.h"
#include "core/status.h"

namespace ipe::app {

struct ComplaintFair {
  complaints::Fair fair;
  int64_t agency_id = 0;  // the managing agency
  std::string agency_name;
  std::string desk_agency_name;
  int64_t version = 1;
  core::Timestamp created_at;
  core::Timestamp updated_at;
  bool desk_expected = false;  // long enough for an on-site complaint desk (第六条)
  int64_t records = 0;         // lists: records filed under it that the caller may see
};

struct FairFilter {
  std::optional<std::string> q;       // substring of the name, venue or organiser
  std::optional<std::string> region;  // subtree
  std::optional<core::Date> on;       // running on that day
};
core::Result<Page<ComplaintFair>> ListFairs(Context& ctx, const Principal& who, const FairFilter& f,
                                            const PageRequest& page);
core::Result<ComplaintFair> GetFair(Context& ctx, const Principal& who, int64_t id);
/// The fairs running today or opening within `days_ahead` days, for the portal's form (name,
/// venue, dates, the desk's contact).
core::Result<std::vector<ComplaintFair>> PublicFairs(Context& ctx, int days_ahead);
/// InvalidArgument with field errors (nothing written); PermissionDenied outside the caller's
/// region or without complaint.fair. The managing agency is the caller's (the office's when the
/// caller is the office).
core::Result<ComplaintFair> CreateFair(Context& ctx, const Principal& who,
                                       const complaints::Fair& in);
/// FailedPrecondition when `version` is not the stored one.
core::Result<ComplaintFair> UpdateFair(Context& ctx, const Principal& who, int64_t id,
                                       int64_t version, const complaints::Fair& in);

struct FairSummaryResult {
  ComplaintFair fair;
  complaints::FairSummary summary;
};
core::Result<FairSummaryResult> FairSummaryOf(Context& ctx, const Principal& who, int64_t id);

/// Checks that `fair_id` names a fair (InvalidArgument on field fair_id otherwise), for intake.
core::Status CheckFairForIntake(storage::Tx& tx, int64_t fair_id);

}  // namespace ipe::app
