// Inbound idempotency keys. See idempotency.h.
#include "app/events/idempotency.h"

namespace ipe::app {

core::Result<std::optional<StoredReply>> ClaimIdempotencyKey(Context& ctx, const Principal& who,
                                                             const std::string& route,
                                                             const std::string& key,
                                                             const std::string& body_hash) {
  if (key.empty() || key.size() > 200) {
    return core::Status(core::InvalidArgument("Idempotency-Key 须为 1 至 200 字节 (bad Idempotency-Key)"))
        .AddFieldError("Idempotency-Key", "须为 1 至 200 字节");
  }
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  // An expired key is free again.
  IPE_RETURN_IF_ERROR(tx->Exec("DELETE FROM idempotency_keys WHERE user_id = ? AND route = ? AND "
                               "idem_key = ? AND created_at <= ?",
                               {who.user_id, route, key, now.seconds - kIdempotencyKeySeconds})
                          .status());
  // The primary key decides between two concurrent first requests: one inserts, the other reads.
  IPE_ASSIGN_OR_RETURN(auto inserted,
                       tx->Exec("INSERT INTO idempotency_keys (user_id, route, idem_key, body_hash, "
                                "status, created_at) VALUES (?, ?, ?, ?, 0, ?) ON CONFLICT "
                                "(user_id, route, idem_key) DO NOTHING",
                                {who.user_id, route, key, body_hash, now.seconds}));
  if (inserted == 1) {
    IPE_RETURN_IF_ERROR(tx->Commit());
    return std::optional<StoredReply>();
  }
  IPE_ASSIGN_OR_RETURN(auto rows, tx->Query("SELECT body_hash, status, content_type, response FROM "
                                            "idempotency_keys WHERE user_id = ? AND route = ? AND "
                                            "idem_key = ?",
                                            {who.user_id, route, key}));
  if (rows.empty()) return core::Unavailable("Idempotency-Key 正被释放，请重试 (key being released; retry)");
  if (rows[0].Text(0) != body_hash) {
    return core::FailedPrecondition(
        "同一 Idempotency-Key 已用于不同的请求内容 (Idempotency-Key reused with a different body)");
  }
  if (rows[0].Int(1) == 0) {
    return core::FailedPrecondition(
        "同一 Idempotency-Key 的请求仍在处理中 (a request with this Idempotency-Key is in progress)");
  }
  return std::optional<StoredReply>(
      StoredReply{static_cast<int>(rows[0].Int(1)), rows[0].Text(2), rows[0].Text(3)});
}

core::Status FinishIdempotencyKey(Context& ctx, const Principal& who, const std::string& route,
                                  const std::string& key, const StoredReply& reply) {
  return storage::InTransaction(ctx.db(), [&](storage::Tx& tx) {
    return tx.Exec("UPDATE idempotency_keys SET status = ?, content_type = ?, response = ? WHERE "
                   "user_id = ? AND route = ? AND idem_key = ?",
                   {reply.status, reply.content_type, reply.body, who.user_id, route, key})
        .status();
  });
}

core::Status ReleaseIdempotencyKey(Context& ctx, const Principal& who, const std::string& route,
                                   const std::string& key) {
  return storage::InTransaction(ctx.db(), [&](storage::Tx& tx) {
    return tx.Exec("DELETE FROM idempotency_keys WHERE user_id = ? AND route = ? AND idem_key = ? "
                   "AND status = 0",
                   {who.user_id, route, key})
        .status();
  });
}

}  // namespace ipe::app
