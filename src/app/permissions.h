#pragma once
// The one place where permission decisions are made. Use cases call these before touching data;
// handlers never check roles themselves.

#include <initializer_list>
#include <string_view>

#include "app/principal.h"
#include "core/status.h"

namespace ipe::app {

/// True when `code` lies in the subtree of `ancestor` in the GB/T 2260 table (core/region.h):
/// "000000" covers every code; below it a code the table does not know is in no scope.
bool RegionWithin(std::string_view ancestor, std::string_view code);

/// PermissionDenied unless the principal holds one of the roles (the system principal passes).
core::Status RequireAnyRole(const Principal& p, std::initializer_list<Role> roles,
                            std::string_view action_zh);

/// PermissionDenied unless `region_code` is inside the principal's region subtree.
core::Status RequireRegion(const Principal& p, std::string_view region_code);

/// Whether the principal may see a record owned by an agency in a region: supervisory roles
/// (office, prosecutor, auditor, admin) see every agency in their region subtree; everyone else
/// sees their own agency's records within their region subtree.
bool CanSeeRecord(const Principal& p, int64_t owner_agency_id, std::string_view owner_region);

}  // namespace ipe::app
