#include "cli/database.h"

#include <cstdio>
#include <cstdlib>

#include "app/cases/case_store.h"
#include "app/complaints/complaint_store.h"
#include "app/leads/lead_store.h"
#include "app/monitoring/monitoring_store.h"
#include "app/credit/credit_store.h"
#include "app/statistics/cooperation_store.h"
#include "app/statistics/statistics_store.h"
#include "core/time.h"
#include "storage/migrate.h"

namespace ipe::cli {

std::string DatabaseUrl(Args& args) {
  if (auto v = args.Value("--db")) return *v;
  if (const char* env = std::getenv("IPE_DB"); env && *env) return env;
  return kDefaultDbUrl;
}

core::Result<std::unique_ptr<storage::Database>> OpenAndMigrate(const std::string& url,
                                                                bool quiet) {
  IPE_ASSIGN_OR_RETURN(auto db, storage::OpenDatabase(url));
  IPE_ASSIGN_OR_RETURN(auto report, storage::Migrate(*db, storage::AllMigrations(),
                                                     core::SystemClock::Instance().Now()));
  // Search indexes are built by the application (core/search_terms): fill them for rows written
  // before the index existed, or after a change of the terms.
  IPE_RETURN_IF_ERROR(app::CaseStore::RebuildSearchIfStale(*db));
  IPE_RETURN_IF_ERROR(app::LeadStore::RebuildSearchIfStale(*db));
  IPE_RETURN_IF_ERROR(app::MonitoringStore::RebuildSearchIfStale(*db));
  IPE_RETURN_IF_ERROR(app::CreditStore::RebuildSearchIfStale(*db));
  IPE_RETURN_IF_ERROR(app::ComplaintStore::RebuildSearchIfStale(*db));
  // The statistics rollups' triggers are generated from the measures (docs/statistics.md).
  IPE_RETURN_IF_ERROR(app::StatisticsStore::InstallIfStale(*db));
  // The regional cooperation groups of data/statistics/cooperation_groups.tsv, once.
  IPE_RETURN_IF_ERROR(app::CooperationStore::SeedIfNew(*db, core::SystemClock::Instance().Now()));
  if (!quiet && !report.applied.empty()) {
    std::fprintf(stderr, "ipenforce: 数据库 %s 已升级到版本 %d (applied %zu migrations)\n",
                 db->display_url().c_str(), report.current_version, report.applied.size());
  }
  return db;
}

}  // namespace ipe::cli
