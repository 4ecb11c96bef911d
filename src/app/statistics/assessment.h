#pragma once
// 平安建设考核 (issue 18, seed task 22): the office assesses the local governments below it for a
// year by a rubric (statistics/assessment.h) — the national office the provinces, a provincial
// office its prefectures. Computed items read the year's figures with QueryFigure in the office's
// scope (so they say what the statistics page says), manual items are entered with a reason; the
// totals are ranked (plan::Rank); publishing freezes the rubric and the scores. Others read their
// own region's line once published. docs/statistics.md "平安建设考核".
//
//   auto rubric = GetAssessmentRubric(ctx, office, 2025, "000000");   // the default until saved
//   auto saved = SaveAssessmentRubric(ctx, office, 2025, rubric->rubric, 0);
//   SetManualPoints(ctx, office, 2025, {"310000", "organisation", 18, "领导小组运转正常"});
//   auto board = AssessmentBoard(ctx, office, 2025, "000000", {1, 50});
//   PublishAssessment(ctx, office, 2025, board->rubric.version);

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/context.h"
#include "app/principal.h"
#include "app/statistics/assessment_store.h"
#include "app/statistics/statistics.h"
#include "core/status.h"

namespace ipe::app {

/// The rubric of the year and assessing office (`assessor`: 000000 or a province): the stored one,
/// or the default rubric (version 0) while none is stored. InvalidArgument (year, assessor) for a
/// year outside 2000 … next year or an assessor that is not the nation or a province;
/// PermissionDenied without assessment.read.
core::Result<PsaRubric> GetAssessmentRubric(Context& ctx, const Principal& who, int year,
                                            const std::string& assessor);

/// Stores the rubric of the year for the caller's office (its own region assesses the regions one
/// level below), audited as psa_rubric.save with before and after. `version` 0 creates it, else it
/// must be the stored version. Manual points of items no longer in the rubric are deleted; points
/// above an item's new maximum are refused. InvalidArgument (ValidateRubric's fields; year; the
/// indicator not in force that year: criteria[i].indicator); FailedPrecondition when published
/// (frozen) or the version is stale; PermissionDenied but for an office (assessment.manage) of the
/// nation or a province.
core::Result<PsaRubric> SaveAssessmentRubric(Context& ctx, const Principal& who, int year,
                                             const statistics::AssessmentRubric& rubric,
                                             int64_t version);

struct ManualPointsInput {
  std::string region_code;
  std::string criterion_key;
  int64_t points = 0;  // whole points, 0 … the item's maximum
  std::string reason;
};

/// Sets the caller's office's points for a manual item of a region it assesses, audited as
/// psa_manual.set (before and after). InvalidArgument (region_code: not assessed by the office;
/// criterion: not a manual item of the rubric; points; reason: required); FailedPrecondition when
/// the rubric is not stored yet or published; PermissionDenied as SaveAssessmentRubric.
core::Result<PsaManualPoints> SetManualPoints(Context& ctx, const Principal& who, int year,
                                              const ManualPointsInput& in);

/// The assessment as the caller may see it.
struct AssessmentBoardView {
  PsaRubric rubric;
  std::string level;                 // province or prefecture (what is assessed)
  bool full = false;                 // every region (the assessing office or an office above it)
  bool can_manage = false;           // the caller's own office
  std::string from_month, to_month;  // the figures' period
  Page<PsaScore> scores;             // ranked, best first
  std::vector<std::string>
      missing;  // "region_code:criterion" manual items without points (full view)
};

/// The ranked scores. The assessing office and offices above it see every region — computed now
/// while a draft, frozen once published; anyone else with assessment.read sees the line of the
/// region they are in once published (nothing before). InvalidArgument as GetAssessmentRubric and
/// for a bad page; PermissionDenied without assessment.read.
core::Result<AssessmentBoardView> AssessmentBoard(Context& ctx, const Principal& who, int year,
                                                  const std::string& assessor,
                                                  const PageRequest& page);

/// Publishes the caller's office's assessment of the year: the scores computed now are frozen with
/// the rubric, audited as psa_assessment.publish. InvalidArgument (year) for a year not ended;
/// FailedPrecondition when not stored, already published or the version is stale; PermissionDenied
/// as SaveAssessmentRubric.
core::Result<PsaRubric> PublishAssessment(Context& ctx, const Principal& who, int year,
                                          int64_t version);

/// The ranking as the caller sees it (AssessmentBoard, every page) as CSV or XLSX, audited as
/// export.psa_assessment. InvalidArgument (format) for anything but csv or xlsx.
core::Result<FigureExport> ExportAssessment(Context& ctx, const Principal& who, int year,
                                            const std::string& assessor, const std::string& format);

/// The region an assessor assesses with their names: the provinces (with agencies) for the nation,
/// a province's prefectures (a municipality's districts).
std::vector<std::string> AssessedRegions(const std::string& assessor);

}  // namespace ipe::app
