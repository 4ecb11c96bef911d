#pragma once
// JSON views of app types shared by several handler files.

#include "app/accounts/accounts.h"
#include "http/internal/json_io.h"
#include "http/router.h"
#include "http/schema.h"

namespace ipe::http::internal {

/// {"code","name"} for a region code; name "" when unknown, "全国" for 000000.
Json RegionJson(const std::string& code);
Json UserJson(const app::User& u);
Json PrincipalJson(const app::Principal& p);
Json AgencyJson(const app::Agency& a);

/// The shapes of the views above (docs/api.md "Describing a route"), registered as components
/// of `r` (Region, User, Principal, Agency); each returns the reference.
Schema RegionRef(Router& r);
Schema UserRef(Router& r);
Schema PrincipalRef(Router& r);
Schema AgencyRef(Router& r);
/// A role code, listed with its zh-CN name (app::AllRoles).
Schema RoleEnum();

}  // namespace ipe::http::internal
