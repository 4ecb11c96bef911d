#pragma once
// Demo data for a first look and for the browser tests: a few local agencies and one user per
// role. Idempotent: loading twice adds nothing. Never loaded unless asked (`serve --demo`,
// `ipenforce demo`).
//
// Demo accounts (documented in the README): admin / Admin@12345 (national administrator,
// 领导小组办公室); the others use the password Demo@12345.

#include <string>
#include <vector>

#include "app/context.h"
#include "core/status.h"

namespace ipe::app {

inline constexpr const char* kDemoAdminLogin = "admin";
inline constexpr const char* kDemoAdminPassword = "Admin@12345";
inline constexpr const char* kDemoUserPassword = "Demo@12345";

struct DemoReport {
  int agencies_created = 0;
  int users_created = 0;
};

core::Result<DemoReport> LoadDemoData(Context& ctx);

}  // namespace ipe::app
