#pragma once
// JSON views of app types shared by several handler files.

#include "app/accounts/accounts.h"
#include "http/internal/json_io.h"

namespace ipe::http::internal {

/// {"code","name"} for a region code; name "" when unknown, "全国" for 000000.
Json RegionJson(const std::string& code);
Json UserJson(const app::User& u);
Json PrincipalJson(const app::Principal& p);
Json AgencyJson(const app::Agency& a);

}  // namespace ipe::http::internal
