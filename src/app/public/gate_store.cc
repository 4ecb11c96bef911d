// GateStore: see gate_store.h.
#include "app/public/gate_store.h"

namespace ipe::app {

core::Result<std::string> GateStore::Secret(const std::string& name, const std::string& fresh,
                                            core::Timestamp now) {
  IPE_RETURN_IF_ERROR(tx_.Exec("INSERT INTO server_secrets (name, value, created_at) VALUES (?, ?, "
                               "?) ON CONFLICT (name) DO NOTHING",
                               {name, fresh, now.seconds})
                          .status());
  IPE_ASSIGN_OR_RETURN(auto rows,
                       tx_.Query("SELECT value FROM server_secrets WHERE name = ?", {name}));
  if (rows.empty()) return core::Internal("server secret missing: " + name);
  return rows[0].Text(0);
}

core::Result<bool> GateStore::Spend(const std::string& challenge, core::Timestamp expires,
                                    core::Timestamp now) {
  IPE_RETURN_IF_ERROR(
      tx_.Exec("DELETE FROM pow_spent WHERE expires_at < ?", {now.seconds}).status());
  IPE_ASSIGN_OR_RETURN(int64_t added,
                       tx_.Exec("INSERT INTO pow_spent (challenge, expires_at) VALUES (?, ?) ON "
                                "CONFLICT (challenge) DO NOTHING",
                                {challenge, expires.seconds}));
  return added == 1;
}

}  // namespace ipe::app
