#pragma once
// Webhook delivery of the outbox (events.h) to subscribed systems: a worker thread in each server.
//
// Each pass (every poll interval, or sooner when woken):
//   1. fan-out — for each active subscription, the events after its cursor that are of its types
//      and within its account's scope become delivery rows (the cursor moves on);
//   2. delivery — due rows are claimed (a lease; on PostgreSQL FOR UPDATE SKIP LOCKED, so several
//      servers on one store never claim the same row), POSTed with the signature headers, and
//      marked delivered, rescheduled by the retry schedule, or dead after its last entry.
// Headers (the Standard Webhooks names): webhook-id (the CloudEvents id), webhook-timestamp (epoch
// seconds), webhook-signature "v1,<base64 HMAC-SHA256 over id.timestamp.body>" keyed with the
// base64-decoded part of the secret after "whsec_". docs/api.md has a worked example.
//
//   WebhookWorker worker(ctx, {});
//   worker.Start();   // … worker.Stop() (also done by the destructor)

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "app/context.h"
#include "core/status.h"

namespace ipe::app {

/// Seconds to wait after the 1st, 2nd … failed attempt; after the last entry the delivery is dead
/// (the dead-letter list). An operational choice, not law: 8 attempts over about 21 hours.
inline const std::vector<int64_t>& DefaultRetrySchedule() {
  static const std::vector<int64_t> k = {10, 60, 300, 1800, 7200, 21600, 43200};
  return k;
}

struct WebhookOptions {
  std::vector<int64_t> retry_seconds = DefaultRetrySchedule();
  int poll_ms = 2000;          // how often a pass runs
  int timeout_seconds = 10;    // per POST
  int64_t lease_seconds = 120; // a claimed row is left alone this long by other servers
  int batch = 20;              // deliveries claimed per pass
};

/// "v1,<base64>": the webhook-signature of `body` sent as event `id` at `timestamp`.
/// `secret` is "whsec_<base64 key>" (a secret without the prefix is used as raw key bytes).
std::string WebhookSignature(std::string_view secret, std::string_view id, int64_t timestamp,
                             std::string_view body);

/// "10,60,300" → {10, 60, 300}. InvalidArgument unless 1–20 positive integers.
core::Result<std::vector<int64_t>> ParseRetrySchedule(std::string_view text);

/// The outcome of one POST: the HTTP status (0 when there was no answer) and why it failed.
struct PostResult {
  int status = 0;
  std::string error;
};
/// POSTs `body` to `url` with the headers (libcurl; no redirects followed; http/https only).
PostResult PostWebhook(const std::string& url, const std::vector<std::string>& headers,
                       const std::string& body, int timeout_seconds);

/// Thread-safe: Start/Stop from the owner; the worker thread runs passes.
class WebhookWorker {
 public:
  WebhookWorker(Context& ctx, WebhookOptions options);
  ~WebhookWorker();
  WebhookWorker(const WebhookWorker&) = delete;  // owns a thread
  WebhookWorker& operator=(const WebhookWorker&) = delete;

  void Start();
  /// Finishes the current pass and joins the thread. Idempotent.
  void Stop();

  /// One pass (fan-out, then the due deliveries); returns the number of POSTs made.
  core::Result<int> RunOnce();

 private:
  core::Status FanOut();
  core::Result<std::vector<int64_t>> Claim();
  core::Status Deliver(int64_t delivery_id);

  Context& ctx_;
  const WebhookOptions options_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;  // GUARDED_BY(mu_)
  std::thread thread_;
};

}  // namespace ipe::app
