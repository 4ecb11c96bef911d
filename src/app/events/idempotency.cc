// Inbound idempotency keys. See idempotency.h.
#include "app/events/idempotency.h"

#include "app/events/event_store.h"

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
  EventStore store(*tx);
  // An expired key is free again.
  IPE_RETURN_IF_ERROR(store.DeleteKeyOlderThan(who.user_id, route, key,
                                               now.AddSeconds(-kIdempotencyKeySeconds)));
  // The primary key decides between two concurrent first requests: one inserts, the other reads.
  IPE_ASSIGN_OR_RETURN(bool inserted, store.InsertKey(who.user_id, route, key, body_hash, now));
  if (inserted) {
    IPE_RETURN_IF_ERROR(tx->Commit());
    return std::optional<StoredReply>();
  }
  IPE_ASSIGN_OR_RETURN(auto row, store.FindKey(who.user_id, route, key));
  if (!row) return core::Unavailable("Idempotency-Key 正被释放，请重试 (key being released; retry)");
  if (row->body_hash != body_hash) {
    return core::FailedPrecondition(
        "同一 Idempotency-Key 已用于不同的请求内容 (Idempotency-Key reused with a different body)");
  }
  if (row->status == 0) {
    return core::FailedPrecondition(
        "同一 Idempotency-Key 的请求仍在处理中 (a request with this Idempotency-Key is in progress)");
  }
  return std::optional<StoredReply>(StoredReply{row->status, row->content_type, row->response});
}

core::Status FinishIdempotencyKey(Context& ctx, const Principal& who, const std::string& route,
                                  const std::string& key, const StoredReply& reply) {
  return storage::InTransaction(ctx.db(), [&](storage::Tx& tx) {
    return EventStore(tx).StoreReply(who.user_id, route, key, reply.status, reply.content_type, reply.body);
  });
}

core::Status ReleaseIdempotencyKey(Context& ctx, const Principal& who, const std::string& route,
                                   const std::string& key) {
  return storage::InTransaction(ctx.db(),
                                [&](storage::Tx& tx) { return EventStore(tx).DeleteRunningKey(who.user_id, route, key); });
}

}  // namespace ipe::app
