#include "app/reference_data.h"

#include "app/accounts/accounts.h"
#include "core/agencies.h"

namespace ipe::app {

core::Result<int> SyncReferenceData(Context& ctx) {
  std::vector<Agency> reference;
  for (const core::AgencyName& n : core::NationalAgencies().all()) {
    Agency a;
    a.name = n.canonical_name;
    a.short_name = n.short_name;
    a.kind = n.kind;
    a.level = n.level;
    a.region_code = "000000";
    for (const std::string& alias : n.aliases) {
      if (alias != n.canonical_name && alias != n.short_name) a.aliases.push_back(alias);
    }
    reference.push_back(std::move(a));
  }
  return SyncReferenceAgencies(ctx, reference);
}

}  // namespace ipe::app
