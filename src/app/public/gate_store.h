#pragma once
// GateStore: the SQL of the public door (server_secrets, pow_spent). public_gate.h.

#include <optional>
#include <string>

#include "core/status.h"
#include "core/time.h"
#include "storage/db.h"

namespace ipe::app {

class GateStore {
 public:
  explicit GateStore(storage::Tx& tx) : tx_(tx) {}

  /// The secret `name`, created from `fresh` when there is none (the first writer wins).
  core::Result<std::string> Secret(const std::string& name, const std::string& fresh,
                                   core::Timestamp now);
  /// Records a redeemed challenge; false when it was redeemed before. Forgets expired ones.
  core::Result<bool> Spend(const std::string& challenge, core::Timestamp expires,
                           core::Timestamp now);

 private:
  storage::Tx& tx_;
};

}  // namespace ipe::app
