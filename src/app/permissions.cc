#include "app/permissions.h"

#include <string>

#include "core/region.h"

namespace ipe::app {

bool RegionWithin(std::string_view ancestor, std::string_view code) {
  if (ancestor.size() != 6 || code.size() != 6) return false;
  // The whole country covers every code, even one the table does not know (legacy data).
  if (ancestor == kNationalRegion) return true;
  // Below the nation the GB/T 2260 table decides, so an unknown or mistyped code is outside every
  // scope (fails closed) instead of matching by its digits.
  return core::Regions().IsWithin(ancestor, code);
}

core::Status RequireAnyRole(const Principal& p, std::initializer_list<Role> roles,
                            std::string_view action_zh) {
  for (Role r : roles) {
    if (p.Has(r)) return core::Status::Ok();
  }
  return core::PermissionDenied("无权" + std::string(action_zh) + " (permission denied)");
}

core::Status RequireRegion(const Principal& p, std::string_view region_code) {
  if (p.is_system() || RegionWithin(p.region_code, region_code)) return core::Status::Ok();
  return core::PermissionDenied("超出管辖区域 (outside your region scope): " +
                                std::string(region_code));
}

bool CanSeeRecord(const Principal& p, int64_t owner_agency_id, std::string_view owner_region) {
  if (p.is_system()) return true;
  if (!RegionWithin(p.region_code, owner_region)) return false;
  if (p.Has(Role::kOffice) || p.Has(Role::kProsecutor) || p.Has(Role::kAuditor) ||
      p.Has(Role::kAdmin)) {
    return true;
  }
  return owner_agency_id == p.agency_id;
}

}  // namespace ipe::app
