#pragma once
// 年度数字公开 (issue 18): the office publishes a year's figures to the public portal — a frozen
// snapshot of chosen indicators (rules/statistics/publication.rules) by province and in total, with
// small counts suppressed as "<N" (statistics/publication.h) — and withdraws it with a reason. The
// portal shows the published snapshots without login, behind the public gate.
// docs/statistics.md "Published annual figures".
//
//   PublicationInput in{2025, {}, std::nullopt, "2025年全国知识产权行政执法数字"};
//   auto p = PublishAnnualFigures(ctx, office, in);    // every offered indicator, threshold 5
//   auto shown = PublicAnnualFigures(ctx, 2025);       // what the portal answers

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/context.h"
#include "app/principal.h"
#include "app/statistics/publication_store.h"
#include "core/status.h"

namespace ipe::app {

struct PublicationInput {
  int year = 0;
  std::vector<std::string> indicators;  // empty: every indicator the rules offer
  std::optional<int64_t> threshold;     // none: the rules' default
  std::string note;
};

/// Freezes the year's figures (QueryFigure by province, as the national office sees them: every
/// agency) and publishes them, audited as statistics.publish. InvalidArgument (fields year,
/// indicators, threshold, note) for a year not yet ended or before 2000, an indicator the rules do
/// not offer or not in force that year, a threshold outside the rules' range; AlreadyExists when
/// the year is published (withdraw first); PermissionDenied but for the national office
/// (statistics.publish).
core::Result<Publication> PublishAnnualFigures(Context& ctx, const Principal& who, const PublicationInput& in);

/// Withdraws a published snapshot with a reason, audited as statistics.withdraw. InvalidArgument
/// (reason) without one; FailedPrecondition when already withdrawn or `version` is stale;
/// NotFound; PermissionDenied as PublishAnnualFigures.
core::Result<Publication> WithdrawAnnualFigures(Context& ctx, const Principal& who, int64_t id,
                                                const std::string& reason, int64_t version);

/// Every snapshot, published or withdrawn (statistics.read), newest first, without cells.
core::Result<Page<Publication>> ListPublications(Context& ctx, const Principal& who, const PageRequest& page);
/// One snapshot with its cells (statistics.read).
core::Result<Publication> GetPublication(Context& ctx, const Principal& who, int64_t id);

/// The portal: the published snapshots (no cells), newest first; the published snapshot of a
/// year (NotFound when none is published).
core::Result<Page<Publication>> PublicAnnualFigureYears(Context& ctx, const PageRequest& page);
core::Result<Publication> PublicAnnualFigures(Context& ctx, int year);

}  // namespace ipe::app
