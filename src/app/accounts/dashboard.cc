#include "app/accounts/dashboard.h"

#include "app/internal/text.h"

namespace ipe::app {

core::Result<Dashboard> GetDashboard(Context& ctx, const Principal& who) {
  Dashboard d;
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  storage::Params p1;
  std::string agency_scope = internal::RegionSubtreeSql("region_code", who.region_code, p1);
  IPE_ASSIGN_OR_RETURN(auto agencies,
                       tx->Query("SELECT count(*) FROM agencies WHERE active = 1 AND " +
                                     agency_scope, p1));
  d.counts.push_back({"agencies", "机构", agencies[0].Int(0)});
  storage::Params p2;
  std::string user_scope = internal::RegionSubtreeSql("region_code", who.region_code, p2);
  IPE_ASSIGN_OR_RETURN(auto users,
                       tx->Query("SELECT count(*) FROM users WHERE active = 1 AND " + user_scope,
                                 p2));
  d.counts.push_back({"users", "用户", users[0].Int(0)});
  storage::Params p3;
  std::string scope3 = internal::RegionSubtreeSql("region_code", who.region_code, p3);
  IPE_ASSIGN_OR_RETURN(
      auto by_province,
      tx->Query("SELECT substr(region_code, 1, 2), count(*) FROM agencies WHERE active = 1 AND "
                "region_code <> '000000' AND " + scope3 +
                    " GROUP BY substr(region_code, 1, 2) ORDER BY 1",
                p3));
  for (const auto& row : by_province) {
    d.agencies_by_province.push_back({row.Text(0) + "0000", row.Int(1)});
  }
  return d;
}

}  // namespace ipe::app
