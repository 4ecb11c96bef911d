// The SQL of the event feeds. See event_store.h.
#include "app/events/event_store.h"

#include "app/internal/text.h"

namespace ipe::app {
namespace {

using storage::Row;
using storage::Value;

constexpr const char* kSubscriptionSelect =
    "SELECT s.id, s.user_id, u.login, u.agency_id, a.name, s.name, s.types, s.url, s.active, "
    "s.created_at, u.region_code, "
    "(SELECT COUNT(*) FROM event_deliveries d WHERE d.subscription_id = s.id AND d.status = 'pending'), "
    "(SELECT COUNT(*) FROM event_deliveries d WHERE d.subscription_id = s.id AND d.status = 'delivered'), "
    "(SELECT COUNT(*) FROM event_deliveries d WHERE d.subscription_id = s.id AND d.status = 'dead') "
    "FROM event_subscriptions s JOIN users u ON u.id = s.user_id JOIN agencies a ON a.id = u.agency_id";

constexpr const char* kDeliverySelect =
    "SELECT d.id, d.subscription_id, s.name, e.event_id, e.type, e.subject, d.status, d.attempts, "
    "d.next_attempt_at, d.last_status, d.last_error, d.delivered_at, d.created_at "
    "FROM event_deliveries d JOIN event_subscriptions s ON s.id = d.subscription_id "
    "JOIN outbound_events e ON e.seq = d.event_seq";

Delivery DeliveryOf(const Row& r) {
  Delivery d;
  d.id = r.Int(0);
  d.subscription_id = r.Int(1);
  d.subscription_name = r.Text(2);
  d.event_id = r.Text(3);
  d.event_type = r.Text(4).substr(std::string_view(kEventTypePrefix).size());
  d.subject = r.Text(5);
  d.status = r.Text(6);
  d.attempts = static_cast<int>(r.Int(7));
  if (d.status == "pending") d.next_attempt_at = core::Timestamp{r.Int(8)};
  if (!r.IsNull(9)) d.last_status = static_cast<int>(r.Int(9));
  d.last_error = r.Text(10);
  if (!r.IsNull(11)) d.delivered_at = core::Timestamp{r.Int(11)};
  d.created_at = core::Timestamp{r.Int(12)};
  return d;
}

// " WHERE d.subscription_id IN (…) [AND d.status = ?]" (ids are integers we read, never input).
std::string DeliveryWhere(const std::vector<int64_t>& ids, const std::optional<std::string>& status,
                          storage::Params& params) {
  std::string in;
  for (int64_t id : ids) in += (in.empty() ? "" : ",") + std::to_string(id);
  std::string where = " WHERE d.subscription_id IN (" + in + ")";
  if (status) {
    where += " AND d.status = ?";
    params.push_back(*status);
  }
  return where;
}

const char* SkipLocked(const storage::Tx& tx) {
  return tx.dialect() == storage::Dialect::kPostgres ? " FOR UPDATE SKIP LOCKED" : "";
}

}  // namespace

core::Result<int64_t> EventStore::NextSeq() {
  IPE_ASSIGN_OR_RETURN(auto head, tx_.Query("UPDATE feed_heads SET seq = seq + 1 WHERE feed = 'events' "
                                            "RETURNING seq"));
  if (head.empty()) return core::Internal("feed_heads 缺少 events 行 (migration 1100 missing)");
  return head[0].Int(0);
}

core::Result<int64_t> EventStore::Head() {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT seq FROM feed_heads WHERE feed = 'events'"));
  return rows.empty() ? int64_t{0} : rows[0].Int(0);
}

core::Status EventStore::InsertEvent(int64_t seq, const std::string& event_id, const std::string& type,
                                     const OutboundEvent& event, const std::string& document,
                                     core::Timestamp at) {
  return tx_
      .Exec("INSERT INTO outbound_events (seq, event_id, type, subject, agency_id, region_code, "
            "party_agency_id, document, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            {seq, event_id, type, event.subject, event.agency_id, event.region_code,
             Value(event.party_agency_id), document, at.seconds})
      .status();
}

core::Result<std::vector<EventRow>> EventStore::EventsAfter(int64_t seq, int64_t limit) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT seq, type, agency_id, region_code, party_agency_id, "
                                            "document FROM outbound_events WHERE seq > ? ORDER BY seq "
                                            "LIMIT ?",
                                            {seq, limit}));
  std::vector<EventRow> out;
  out.reserve(rows.size());
  for (const Row& r : rows) {
    out.push_back({r.Int(0), r.Text(1), r.Int(2), r.Text(3), r.OptInt(4), r.Text(5)});
  }
  return out;
}

core::Result<std::vector<SubscriptionRow>> EventStore::Subscriptions(std::optional<int64_t> id) {
  storage::Params params;
  if (id) params.push_back(*id);
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(std::string(kSubscriptionSelect) +
                                                (id ? " WHERE s.id = ?" : "") + " ORDER BY s.id DESC",
                                            params));
  std::vector<SubscriptionRow> out;
  for (const Row& r : rows) {
    Subscription s;
    s.id = r.Int(0);
    s.user_id = r.Int(1);
    s.user_login = r.Text(2);
    s.agency_id = r.Int(3);
    s.agency_name = r.Text(4);
    s.name = r.Text(5);
    s.types = internal::Split(r.Text(6), ',');
    s.url = r.Text(7);
    s.active = r.Int(8) != 0;
    s.created_at = core::Timestamp{r.Int(9)};
    s.pending = r.Int(11);
    s.delivered = r.Int(12);
    s.dead = r.Int(13);
    out.push_back({std::move(s), r.Text(10)});
  }
  return out;
}

core::Result<int64_t> EventStore::InsertSubscription(int64_t user_id, const std::string& name,
                                                     const std::vector<std::string>& types,
                                                     const std::string& url, const std::string& secret,
                                                     int64_t cursor, std::optional<int64_t> created_by,
                                                     core::Timestamp at) {
  IPE_ASSIGN_OR_RETURN(
      auto rows,
      tx_.Query("INSERT INTO event_subscriptions (user_id, name, types, url, secret, active, cursor_seq, "
                "created_by, created_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?) RETURNING id",
                {user_id, name, internal::Join(types, ','), url, secret, cursor, Value(created_by),
                 at.seconds}));
  return rows.at(0).Int(0);
}

core::Status EventStore::Disable(int64_t id) {
  return tx_.Exec("UPDATE event_subscriptions SET active = 0 WHERE id = ?", {id}).status();
}

core::Result<std::vector<SubscriptionCursor>> EventStore::SubscriptionsBehind(int64_t head) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(std::string("SELECT id, user_id, types, cursor_seq FROM "
                                                        "event_subscriptions WHERE active = 1 AND "
                                                        "cursor_seq < ? ORDER BY id") +
                                                SkipLocked(tx_),
                                            {head}));
  std::vector<SubscriptionCursor> out;
  for (const Row& r : rows) out.push_back({r.Int(0), r.Int(1), internal::Split(r.Text(2), ','), r.Int(3)});
  return out;
}

core::Status EventStore::MoveCursor(int64_t subscription_id, int64_t seq) {
  return tx_.Exec("UPDATE event_subscriptions SET cursor_seq = ? WHERE id = ?", {seq, subscription_id})
      .status();
}

core::Result<int64_t> EventStore::PendingWork(core::Timestamp now) {
  IPE_ASSIGN_OR_RETURN(
      auto rows,
      tx_.Query("SELECT (SELECT COUNT(*) FROM event_subscriptions WHERE active = 1 AND cursor_seq < "
                "(SELECT seq FROM feed_heads WHERE feed = 'events')) + (SELECT COUNT(*) FROM "
                "event_deliveries WHERE status = 'pending' AND next_attempt_at <= ? AND lease_until <= ?)",
                {now.seconds, now.seconds}));
  return rows.empty() ? int64_t{0} : rows[0].Int(0);
}

core::Status EventStore::AddDelivery(int64_t subscription_id, int64_t seq, core::Timestamp now) {
  return tx_
      .Exec("INSERT INTO event_deliveries (subscription_id, event_seq, status, attempts, next_attempt_at, "
            "created_at) VALUES (?, ?, 'pending', 0, ?, ?) ON CONFLICT (subscription_id, event_seq) "
            "DO NOTHING",
            {subscription_id, seq, now.seconds, now.seconds})
      .status();
}

core::Result<std::vector<int64_t>> EventStore::ClaimDue(core::Timestamp now, int64_t lease_until, int batch) {
  IPE_ASSIGN_OR_RETURN(
      auto rows,
      tx_.Query(std::string("SELECT id FROM event_deliveries WHERE status = 'pending' AND "
                            "next_attempt_at <= ? AND lease_until <= ? AND subscription_id IN "
                            "(SELECT id FROM event_subscriptions WHERE active = 1) "
                            "ORDER BY next_attempt_at, id LIMIT ?") +
                    SkipLocked(tx_),
                {now.seconds, now.seconds, batch}));
  std::vector<int64_t> ids;
  for (const Row& r : rows) {
    ids.push_back(r.Int(0));
    IPE_RETURN_IF_ERROR(
        tx_.Exec("UPDATE event_deliveries SET lease_until = ? WHERE id = ?", {lease_until, r.Int(0)})
            .status());
  }
  return ids;
}

core::Result<std::optional<DeliveryTarget>> EventStore::Target(int64_t delivery_id) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT s.url, s.secret, e.event_id, e.document, d.attempts "
                                            "FROM event_deliveries d JOIN event_subscriptions s ON "
                                            "s.id = d.subscription_id JOIN outbound_events e ON "
                                            "e.seq = d.event_seq WHERE d.id = ?",
                                            {delivery_id}));
  if (rows.empty()) return std::optional<DeliveryTarget>();
  const Row& r = rows[0];
  return std::optional<DeliveryTarget>(DeliveryTarget{r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Int(4)});
}

core::Status EventStore::MarkDelivered(int64_t delivery_id, int64_t attempts, std::optional<int> http_status,
                                       core::Timestamp at) {
  return tx_
      .Exec("UPDATE event_deliveries SET status = 'delivered', attempts = ?, last_status = ?, "
            "last_error = '', delivered_at = ?, lease_until = 0 WHERE id = ? AND status = 'pending'",
            {attempts, Value(http_status), at.seconds, delivery_id})
      .status();
}

core::Status EventStore::MarkFailed(int64_t delivery_id, int64_t attempts, bool dead, core::Timestamp next,
                                    std::optional<int> http_status, const std::string& error) {
  return tx_
      .Exec("UPDATE event_deliveries SET status = ?, attempts = ?, next_attempt_at = ?, last_status = ?, "
            "last_error = ?, lease_until = 0 WHERE id = ? AND status = 'pending'",
            {dead ? "dead" : "pending", attempts, next.seconds, Value(http_status), error, delivery_id})
      .status();
}

core::Result<int64_t> EventStore::CountDeliveries(const std::vector<int64_t>& subscription_ids,
                                                  const std::optional<std::string>& status) {
  storage::Params params;
  std::string where = DeliveryWhere(subscription_ids, status, params);
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT COUNT(*) FROM event_deliveries d" + where, params));
  return rows.at(0).Int(0);
}

core::Result<std::vector<Delivery>> EventStore::Deliveries(const std::vector<int64_t>& subscription_ids,
                                                           const std::optional<std::string>& status,
                                                           int64_t limit, int64_t offset) {
  storage::Params params;
  std::string where = DeliveryWhere(subscription_ids, status, params);
  params.push_back(limit);
  params.push_back(offset);
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(std::string(kDeliverySelect) + where +
                                                " ORDER BY d.id DESC LIMIT ? OFFSET ?",
                                            params));
  std::vector<Delivery> out;
  for (const Row& r : rows) out.push_back(DeliveryOf(r));
  return out;
}

core::Result<std::optional<Delivery>> EventStore::FindDelivery(int64_t id, bool for_update) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(std::string(kDeliverySelect) + " WHERE d.id = ?" +
                                                (for_update ? storage::ForUpdate(tx_.dialect()) : ""),
                                            {id}));
  if (rows.empty()) return std::optional<Delivery>();
  return std::optional<Delivery>(DeliveryOf(rows[0]));
}

core::Status EventStore::Requeue(int64_t id, core::Timestamp now) {
  return tx_
      .Exec("UPDATE event_deliveries SET status = 'pending', attempts = 0, next_attempt_at = ?, "
            "lease_until = 0 WHERE id = ?",
            {now.seconds, id})
      .status();
}

core::Status EventStore::DeleteKeyOlderThan(int64_t user_id, const std::string& route, const std::string& key,
                                            core::Timestamp limit) {
  return tx_
      .Exec("DELETE FROM idempotency_keys WHERE user_id = ? AND route = ? AND idem_key = ? AND "
            "created_at <= ?",
            {user_id, route, key, limit.seconds})
      .status();
}

core::Result<bool> EventStore::InsertKey(int64_t user_id, const std::string& route, const std::string& key,
                                         const std::string& body_hash, core::Timestamp at) {
  IPE_ASSIGN_OR_RETURN(auto n, tx_.Exec("INSERT INTO idempotency_keys (user_id, route, idem_key, body_hash, "
                                        "status, created_at) VALUES (?, ?, ?, ?, 0, ?) ON CONFLICT "
                                        "(user_id, route, idem_key) DO NOTHING",
                                        {user_id, route, key, body_hash, at.seconds}));
  return n == 1;
}

core::Result<std::optional<IdempotencyRow>> EventStore::FindKey(int64_t user_id, const std::string& route,
                                                                const std::string& key) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT body_hash, status, content_type, response FROM "
                                            "idempotency_keys WHERE user_id = ? AND route = ? AND "
                                            "idem_key = ?",
                                            {user_id, route, key}));
  if (rows.empty()) return std::optional<IdempotencyRow>();
  const Row& r = rows[0];
  return std::optional<IdempotencyRow>(
      IdempotencyRow{r.Text(0), static_cast<int>(r.Int(1)), r.Text(2), r.Text(3)});
}

core::Status EventStore::StoreReply(int64_t user_id, const std::string& route, const std::string& key,
                                    int status, const std::string& content_type, const std::string& body) {
  return tx_
      .Exec("UPDATE idempotency_keys SET status = ?, content_type = ?, response = ? WHERE user_id = ? AND "
            "route = ? AND idem_key = ?",
            {status, content_type, body, user_id, route, key})
      .status();
}

core::Status EventStore::DeleteRunningKey(int64_t user_id, const std::string& route, const std::string& key) {
  return tx_
      .Exec("DELETE FROM idempotency_keys WHERE user_id = ? AND route = ? AND idem_key = ? AND status = 0",
            {user_id, route, key})
      .status();
}

}  // namespace ipe::app
