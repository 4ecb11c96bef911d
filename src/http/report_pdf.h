#pragma once
// The situation report typeset as PDF (cert::RenderSituationReport, Pango/Cairo) — the same layout
// GET /statistics/report answers; `serve` hands it to the report scheduler (app does not typeset).

#include <string>

#include "app/statistics/report.h"
#include "core/status.h"

namespace ipe::http {

core::Result<std::string> SituationReportPdf(const app::SituationReport& report);

}  // namespace ipe::http
