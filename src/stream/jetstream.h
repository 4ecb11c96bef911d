#pragma once
// A narrow wrapper of NATS JetStream (nats.c): a durable stream, batched publishing that waits
// for the server's acknowledgements, and pull consumers whose messages are acknowledged one by
// one after the work they carry is committed (at-least-once delivery; the consumer of the work
// makes it idempotent).
//
//   auto js = JetStream::Connect("nats://127.0.0.1:4222");
//   (*js)->EnsureStream({.name = "IPE_SCAN", .subjects = {"ipe.scan.>"}, .work_queue = true});
//   (*js)->PublishAll({{"ipe.scan.taobao", payload, "batch-7-0"}}, 10000);
//   auto consumer = (*js)->PullSubscribe({.stream = "IPE_SCAN", .durable = "scan-workers",
//                                         .filter = "ipe.scan.>"});
//   auto msgs = (*consumer)->Fetch(16, 1000);     // empty on timeout
//   ... commit the work ...;  (*consumer)->Ack(msgs[i]);
//
// Thread safety: a JetStream may publish from several threads; a PullConsumer belongs to one
// thread. Errors of the broker (unreachable, refused) are Unavailable with nats.c's text.

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

struct __natsConnection;
struct __jsCtx;
struct __natsSubscription;
struct __natsMsg;

namespace ipe::stream {

struct StreamSpec {
  std::string name;
  std::vector<std::string> subjects;
  /// Work-queue retention: a message is removed once one consumer acknowledged it. Otherwise
  /// messages are kept up to max_age_s (every subscriber sees every message).
  bool work_queue = false;
  int64_t max_age_s = 0;  // 0 = no age limit
};

/// A message to publish. `msg_id` (optional) lets the server drop a repeated publication of the
/// same message within its duplicate window (2 minutes), so a retried publish cannot double it.
struct OutMessage {
  std::string subject;
  std::string data;
  std::string msg_id;
};

struct ConsumerSpec {
  std::string stream;
  std::string durable;           // shared by every worker of one pool: the stream's work is split
  std::string filter;            // subject filter, e.g. "ipe.scan.>" or "ipe.scan.taobao"
  int64_t ack_wait_ms = 30000;   // unacknowledged this long: delivered again (to any worker)
  int64_t max_ack_pending = 4096;
  bool deliver_new = false;      // true: only messages published after the consumer was made
};

/// A delivered message; acknowledge it with PullConsumer::Ack once its work is durable.
class Delivery {
 public:
  explicit Delivery(__natsMsg* msg);
  ~Delivery();
  Delivery(Delivery&& other) noexcept;
  Delivery& operator=(Delivery&& other) noexcept;
  Delivery(const Delivery&) = delete;  // owns the nats.c message
  Delivery& operator=(const Delivery&) = delete;

  std::string subject() const;
  std::string_view data() const;
  /// How many times the broker has delivered this message, this delivery included (1 the first
  /// time); 0 when the message carries no JetStream metadata.
  uint64_t delivered() const;
  /// The message's sequence number in its stream (unique per stream); 0 without metadata.
  uint64_t stream_sequence() const;

 private:
  friend class PullConsumer;
  __natsMsg* msg_;
};

class PullConsumer {
 public:
  ~PullConsumer();
  PullConsumer(const PullConsumer&) = delete;  // owns the subscription
  PullConsumer& operator=(const PullConsumer&) = delete;

  /// Up to `max` messages, waiting at most `timeout_ms` for the first; an empty vector on
  /// timeout. Unavailable when the connection is lost.
  core::Result<std::vector<Delivery>> Fetch(int max, int64_t timeout_ms);
  /// Acknowledges (removes from a work-queue stream). Waits for the server's confirmation, so
  /// an Ok means the message will not be delivered again.
  core::Status Ack(Delivery& msg);
  /// Asks for the message to be delivered again (to any consumer) after `delay_ms`.
  core::Status Nak(Delivery& msg, int64_t delay_ms);

 private:
  friend class JetStream;
  explicit PullConsumer(__natsSubscription* sub) : sub_(sub) {}
  __natsSubscription* sub_;
};

class JetStream {
 public:
  /// Connects to `url` (nats://host:port, comma-separated for a cluster). Unavailable when no
  /// server answers.
  static core::Result<std::unique_ptr<JetStream>> Connect(const std::string& url);
  ~JetStream();
  JetStream(const JetStream&) = delete;  // owns the connection
  JetStream& operator=(const JetStream&) = delete;

  /// Creates the stream when it does not exist (an existing one is left as it is).
  core::Status EnsureStream(const StreamSpec& spec);
  /// Publishes every message and waits until the server stored all of them, at most
  /// `timeout_ms`. Unavailable when one was refused or not confirmed in time (the others may
  /// be stored: publish again with the same msg_id, the server drops the repeats).
  core::Status PublishAll(const std::vector<OutMessage>& msgs, int64_t timeout_ms);
  /// A pull consumer on the durable `spec.durable` (created with spec's settings when absent).
  core::Result<std::unique_ptr<PullConsumer>> PullSubscribe(const ConsumerSpec& spec);
  /// Messages stored in the stream (for progress and tests); Unavailable on error.
  core::Result<uint64_t> StoredMessages(const std::string& stream);

 private:
  JetStream() = default;
  __natsConnection* nc_ = nullptr;
  __jsCtx* js_ = nullptr;
  std::atomic<int64_t> publish_errors_{0};  // counted by nats.c's publish-error callback
};

}  // namespace ipe::stream
