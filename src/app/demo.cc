#include "app/demo.h"

#include "app/accounts/accounts_demo.h"
#include "app/cases/demo_cases.h"
#include "app/credit/credit.h"
#include "app/custody/custody.h"
#include "app/leads/leads.h"
#include "app/monitoring/monitoring.h"
#include "app/plans/plans.h"
#include "app/reference_data.h"

namespace ipe::app {

// Each area loads its own demo data; accounts first, since the others act as the demo users.
core::Result<DemoReport> LoadDemoData(Context& ctx) {
  IPE_RETURN_IF_ERROR(SyncReferenceData(ctx).status());
  IPE_ASSIGN_OR_RETURN(DemoReport report, LoadAccountsDemo(ctx));
  IPE_RETURN_IF_ERROR(LoadCasesDemo(ctx).status());
  IPE_RETURN_IF_ERROR(LoadLeadsDemo(ctx));
  IPE_RETURN_IF_ERROR(LoadMonitoringDemo(ctx));
  IPE_RETURN_IF_ERROR(LoadPlansDemo(ctx));
  IPE_RETURN_IF_ERROR(LoadCustodyDemo(ctx));
  IPE_RETURN_IF_ERROR(LoadIpFindingsDemo(ctx));
  // The enterprises the demo's cases and leads name, graded as the nightly run would.
  IPE_RETURN_IF_ERROR(RegradeAllSubjects(ctx, Principal::System()).status());
  return report;
}

}  // namespace ipe::app
