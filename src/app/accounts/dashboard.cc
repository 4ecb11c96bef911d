#include "app/accounts/dashboard.h"

#include "app/accounts/accounts_store.h"

namespace ipe::app {

core::Result<Dashboard> GetDashboard(Context& ctx, const Principal& who) {
  Dashboard d;
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  AccountsStore store(*tx);
  IPE_ASSIGN_OR_RETURN(int64_t agencies, store.CountActiveAgencies(who.region_code));
  d.counts.push_back({"agencies", "机构", agencies});
  IPE_ASSIGN_OR_RETURN(int64_t users, store.CountActiveUsers(who.region_code));
  d.counts.push_back({"users", "用户", users});
  IPE_ASSIGN_OR_RETURN(auto by_province, store.ActiveAgenciesByProvince(who.region_code));
  for (const auto& [province, count] : by_province) {
    d.agencies_by_province.push_back({province + "0000", count});
  }
  return d;
}

}  // namespace ipe::app
