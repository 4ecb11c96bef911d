#pragma once
// EventStore: the SQL of the event feeds (events.h, webhook.h, idempotency.h) — the outbox and its
// sequence, subscriptions, deliveries and their claims, inbound idempotency keys. Decisions (scope,
// retries, validation) are made by the use cases; this class only reads and writes rows.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/events/events.h"
#include "core/status.h"
#include "core/time.h"
#include "storage/db.h"

namespace ipe::app {

/// An outbox row with the scope facts the receivers are judged by.
struct EventRow {
  int64_t seq = 0;
  std::string type;  // with the prefix
  int64_t agency_id = 0;
  std::string region_code;
  std::optional<int64_t> party_agency_id;
  std::string document;
};

struct SubscriptionRow {
  Subscription subscription;
  std::string user_region;  // the account's region (the admin's scope is judged on it)
};

/// What a worker needs of an active subscription that is behind the outbox.
struct SubscriptionCursor {
  int64_t id = 0;
  int64_t user_id = 0;
  std::vector<std::string> types;
  int64_t cursor = 0;
};

/// What one POST needs.
struct DeliveryTarget {
  std::string url;
  std::string secret;
  std::string event_id;
  std::string body;
  int64_t attempts = 0;
};

struct IdempotencyRow {
  std::string body_hash;
  int status = 0;  // 0: the first request still runs
  std::string content_type;
  std::string response;
};

class EventStore {
 public:
  explicit EventStore(storage::Tx& tx) : tx_(tx) {}

  // ---- the outbox ----
  /// The next event sequence number; its row lock orders concurrent writers until commit.
  core::Result<int64_t> NextSeq();
  /// The last sequence number handed out (0 before any event).
  core::Result<int64_t> Head();
  core::Status InsertEvent(int64_t seq, const std::string& event_id, const std::string& type,
                           const OutboundEvent& event, const std::string& document, core::Timestamp at);
  /// Events after `seq`, oldest first, at most `limit`.
  core::Result<std::vector<EventRow>> EventsAfter(int64_t seq, int64_t limit);

  // ---- subscriptions ----
  /// Every subscription (or the one `id`), newest first, with delivery counts.
  core::Result<std::vector<SubscriptionRow>> Subscriptions(std::optional<int64_t> id);
  core::Result<int64_t> InsertSubscription(int64_t user_id, const std::string& name,
                                           const std::vector<std::string>& types, const std::string& url,
                                           const std::string& secret, int64_t cursor,
                                           std::optional<int64_t> created_by, core::Timestamp at);
  core::Status Disable(int64_t id);
  /// Active subscriptions whose cursor is below `head`; on PostgreSQL rows another transaction holds
  /// are skipped (FOR UPDATE SKIP LOCKED) — that server is fanning them out.
  core::Result<std::vector<SubscriptionCursor>> SubscriptionsBehind(int64_t head);
  core::Status MoveCursor(int64_t subscription_id, int64_t seq);

  // ---- deliveries ----
  /// Active subscriptions behind the outbox plus deliveries due: 0 means a worker has nothing to do.
  core::Result<int64_t> PendingWork(core::Timestamp now);
  /// A delivery row for the event (none when it exists already).
  core::Status AddDelivery(int64_t subscription_id, int64_t seq, core::Timestamp now);
  /// Claims up to `batch` due deliveries of active subscriptions until `lease_until` (skipping rows
  /// another server holds, on PostgreSQL); returns their ids.
  core::Result<std::vector<int64_t>> ClaimDue(core::Timestamp now, int64_t lease_until, int batch);
  core::Result<std::optional<DeliveryTarget>> Target(int64_t delivery_id);
  core::Status MarkDelivered(int64_t delivery_id, int64_t attempts, std::optional<int> http_status,
                             core::Timestamp at);
  /// Failed attempt: pending again at `next` (or dead).
  core::Status MarkFailed(int64_t delivery_id, int64_t attempts, bool dead, core::Timestamp next,
                          std::optional<int> http_status, const std::string& error);
  core::Result<int64_t> CountDeliveries(const std::vector<int64_t>& subscription_ids,
                                        const std::optional<std::string>& status);
  core::Result<std::vector<Delivery>> Deliveries(const std::vector<int64_t>& subscription_ids,
                                                 const std::optional<std::string>& status, int64_t limit,
                                                 int64_t offset);
  core::Result<std::optional<Delivery>> FindDelivery(int64_t id, bool for_update);
  /// Back in the queue from attempt 0, due now.
  core::Status Requeue(int64_t id, core::Timestamp now);

  // ---- inbound idempotency keys ----
  core::Status DeleteKeyOlderThan(int64_t user_id, const std::string& route, const std::string& key,
                                  core::Timestamp limit);
  /// True when this call inserted the (running) key, false when it existed.
  core::Result<bool> InsertKey(int64_t user_id, const std::string& route, const std::string& key,
                               const std::string& body_hash, core::Timestamp at);
  core::Result<std::optional<IdempotencyRow>> FindKey(int64_t user_id, const std::string& route,
                                                      const std::string& key);
  core::Status StoreReply(int64_t user_id, const std::string& route, const std::string& key, int status,
                          const std::string& content_type, const std::string& body);
  /// Deletes a key whose request is still running (after it failed).
  core::Status DeleteRunningKey(int64_t user_id, const std::string& route, const std::string& key);

 private:
  storage::Tx& tx_;
};

}  // namespace ipe::app
