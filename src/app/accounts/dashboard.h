#pragma once
// Figures for the home page (首页): only what the system actually holds.

#include <string>
#include <vector>

#include "app/context.h"
#include "app/principal.h"

namespace ipe::app {

struct Dashboard {
  struct Count {
    std::string key;      // "agencies", "users", "audit_records" …
    std::string name_zh;
    int64_t value = 0;
  };
  std::vector<Count> counts;
  struct ProvinceValue {
    std::string code;     // PP0000
    int64_t value = 0;    // local agencies registered in that province
  };
  std::vector<ProvinceValue> agencies_by_province;
};

/// Counts within the caller's region subtree.
core::Result<Dashboard> GetDashboard(Context& ctx, const Principal& who);

}  // namespace ipe::app
