#pragma once
// Events for other agencies' systems (issue 20, docs/api.md "Event feeds"): the outbox that write
// use cases append to in their own transaction, webhook subscriptions of an agency's API client
// account, the dead-letter list, and the pull feed.
//
//   // at a write site, inside the write's transaction:
//   IPE_RETURN_IF_ERROR(AppendEvent(*tx, now, {"transfer.sent", "transfers/7", agency_id,
//                                              region_code, police_agency_id, data_json}));
//
// Every event is a CloudEvents 1.0 JSON document with a stable id ("ipe-<seq>"). Who may receive
// it is decided by the same rule as who may read the record (CanSeeRecord on the owning agency and
// region, or being the other agency party to it): CanReceiveEvent.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/code_label.h"
#include "app/context.h"
#include "app/principal.h"
#include "core/status.h"
#include "core/time.h"
#include "storage/db.h"

namespace ipe::app {

/// The prefix of every CloudEvents `type` ("cn.ipenforce.transfer.sent").
inline constexpr const char* kEventTypePrefix = "cn.ipenforce.";
/// The CloudEvents `source` of every event.
inline constexpr const char* kEventSource = "urn:ipenforce";

/// The event types (without the prefix) with their zh-CN names, in display order.
const std::vector<CodeLabel>& EventTypes();

struct OutboundEvent {
  std::string type;     // a code of EventTypes() ("transfer.sent")
  std::string subject;  // the record, as the API names it ("transfers/7")
  int64_t agency_id = 0;           // the agency that owns the record
  std::string region_code;         // its region
  std::optional<int64_t> party_agency_id;  // another agency party to it (the receiving police)
  std::string data_json;           // the event's `data` (a JSON object, no personal data)
};

/// Appends `event` to the outbox inside `tx` (a write transaction; the change it reports commits
/// or rolls back with it). Internal for an unknown type or data that is not a JSON object.
core::Status AppendEvent(storage::Tx& tx, core::Timestamp now, const OutboundEvent& event);

/// Whether `p` may receive an event about a record with these scope facts: as CanSeeRecord, or
/// being of the agency party to it.
bool CanReceiveEvent(const Principal& p, int64_t agency_id, const std::string& region_code,
                     std::optional<int64_t> party_agency_id);

// ---- the pull feed ------------------------------------------------------------------------

struct StoredEvent {
  int64_t seq = 0;
  std::string document;  // the CloudEvents JSON
};
struct EventFeed {
  std::vector<StoredEvent> items;
  int64_t next_after = 0;  // pass as `after` for the next page (the last seq looked at)
};
/// Events after `after` that the caller may receive, oldest first, at most `limit` (1..500:
/// InvalidArgument otherwise). Stable: the same `after` gives the same answer once committed.
core::Result<EventFeed> EventsAfter(Context& ctx, const Principal& who, int64_t after, int64_t limit);

// ---- subscriptions (admin) ----------------------------------------------------------------

struct Subscription {
  int64_t id = 0;
  int64_t user_id = 0;  // the API client account whose scope applies
  std::string user_login;
  int64_t agency_id = 0;
  std::string agency_name;
  std::string name;
  std::vector<std::string> types;
  std::string url;
  bool active = true;
  core::Timestamp created_at;
  int64_t pending = 0;    // deliveries waiting or retrying
  int64_t delivered = 0;
  int64_t dead = 0;
};
struct NewSubscription {
  int64_t user_id = 0;
  std::string name;
  std::vector<std::string> types;
  std::string url;  // https:// (http:// only to a loopback address, for local tests)
};
struct CreatedSubscription {
  Subscription subscription;
  std::string secret;  // "whsec_…": shown once
};
/// Admins only (PermissionDenied), for an active account in their region (NotFound otherwise).
/// InvalidArgument with field errors for an empty name, unknown types or a bad URL.
core::Result<CreatedSubscription> CreateSubscription(Context& ctx, const Principal& who,
                                                     const NewSubscription& in);
core::Result<Page<Subscription>> ListSubscriptions(Context& ctx, const Principal& who,
                                                   const PageRequest& page);
/// Stops deliveries (pending ones are left as they are and not attempted). Audited.
core::Result<Subscription> DisableSubscription(Context& ctx, const Principal& who, int64_t id);

struct Delivery {
  int64_t id = 0;
  int64_t subscription_id = 0;
  std::string subscription_name;
  std::string event_id;
  std::string event_type;
  std::string subject;
  std::string status;  // pending | delivered | dead
  int attempts = 0;
  std::optional<core::Timestamp> next_attempt_at;
  std::optional<int> last_status;
  std::string last_error;
  std::optional<core::Timestamp> delivered_at;
  core::Timestamp created_at;
};
/// Deliveries of subscriptions in the admin's region, newest first; `status` filters (dead: the
/// dead-letter list).
core::Result<Page<Delivery>> ListDeliveries(Context& ctx, const Principal& who,
                                            const std::optional<std::string>& status,
                                            const PageRequest& page);
/// Puts a dead delivery back in the queue (attempts from 0). FailedPrecondition unless dead.
core::Result<Delivery> ReplayDelivery(Context& ctx, const Principal& who, int64_t id);

const std::vector<CodeLabel>& DeliveryStatuses();

}  // namespace ipe::app
