#pragma once
// TypicalCaseStore: the SQL of 典型案例 (credit.h, docs/credit.md).

#include <cstdint>
#include <optional>
#include <string>

#include "app/context.h"
#include "app/credit/credit.h"
#include "core/status.h"
#include "storage/db.h"

namespace ipe::app {

class TypicalCaseStore {
 public:
  explicit TypicalCaseStore(storage::Tx& tx) : tx_(tx) {}

  /// The record or NotFound; `for_update` locks it for a read-modify-write.
  core::Result<TypicalCase> Load(int64_t id, bool for_update = false);
  core::Result<int64_t> Insert(const TypicalCase& t, int64_t created_by, core::Timestamp now);
  /// Writes the mutable columns when the stored version is `expected_version` and bumps it;
  /// FailedPrecondition when another write came first.
  core::Status Update(const TypicalCase& t, int64_t expected_version, core::Timestamp now);
  /// The `region` subtree (the national code: all), optionally one status, newest first.
  core::Result<Page<TypicalCase>> List(const std::string& region, const std::optional<std::string>& status,
                                       const PageRequest& page);

 private:
  storage::Tx& tx_;
};

}  // namespace ipe::app
