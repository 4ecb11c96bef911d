#include "app/restore.h"

#include "app/accounts/audit.h"
#include "app/crypto.h"
#include "app/leads/lead_store.h"
#include "app/principal.h"

namespace ipe::app {

core::Result<std::string> RecordRestore(Context& ctx, const std::string& backup_name) {
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  IPE_ASSIGN_OR_RETURN(std::string before, LeadStore(*tx).StoreIdentity());
  std::string renewed = RandomHex(16);
  IPE_RETURN_IF_ERROR(LeadStore(*tx).RenewStoreIdentity(renewed, ctx.Now()));
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, Principal::System(), ctx.Now(),
                                  {"storage.restore", "store", renewed,
                                   "从备份恢复数据库：" + backup_name + "（存储标识已更新，服务器的索引快照将不再使用）",
                                   "{\"store_id\":\"" + before + "\"}", "{\"store_id\":\"" + renewed + "\"}"}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return renewed;
}

}  // namespace ipe::app
