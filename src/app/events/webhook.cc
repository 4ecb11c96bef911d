// Webhook delivery. See webhook.h.
#include "app/events/webhook.h"

#include <curl/curl.h>

#include <chrono>
#include <cstdio>

#include "app/accounts/accounts.h"
#include "app/accounts/accounts_store.h"
#include "app/crypto.h"
#include "app/events/events.h"
#include "app/internal/text.h"

namespace ipe::app {
namespace {

using storage::Row;
using storage::Value;

// Events looked at per subscription and pass (the rest wait for the next pass).
constexpr int64_t kFanOutRows = 500;
constexpr size_t kErrorBytes = 300;

size_t Discard(char*, size_t size, size_t n, void*) { return size * n; }

void InitCurl() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

bool HasType(const std::string& types, const std::string& type) {
  for (const std::string& t : internal::Split(types, ',')) {
    if (t == type) return true;
  }
  return false;
}

}  // namespace

std::string WebhookSignature(std::string_view secret, std::string_view id, int64_t timestamp,
                             std::string_view body) {
  std::string key(secret);
  if (secret.rfind("whsec_", 0) == 0) {
    if (auto decoded = DecodeBase64(secret.substr(6))) key = *decoded;
  }
  std::string signed_text = std::string(id) + "." + std::to_string(timestamp) + "." + std::string(body);
  return "v1," + EncodeBase64(HmacSha256(key, signed_text));
}

core::Result<std::vector<int64_t>> ParseRetrySchedule(std::string_view text) {
  std::vector<int64_t> out;
  for (const std::string& part : internal::Split(text, ',')) {
    std::string t = internal::Trim(part);
    if (t.empty() || t.size() > 9 || t.find_first_not_of("0123456789") != std::string::npos ||
        std::stoll(t) < 1) {
      return core::InvalidArgument("重试间隔应为逗号分隔的正整数秒 (retry schedule: seconds, comma-separated)");
    }
    out.push_back(std::stoll(t));
  }
  if (out.empty() || out.size() > 20) {
    return core::InvalidArgument("重试间隔应为 1 至 20 个正整数秒 (1 to 20 retry intervals)");
  }
  return out;
}

PostResult PostWebhook(const std::string& url, const std::vector<std::string>& headers,
                       const std::string& body, int timeout_seconds) {
  InitCurl();
  PostResult out;
  CURL* curl = curl_easy_init();
  if (!curl) return {0, "curl_easy_init failed"};
  curl_slist* list = nullptr;
  for (const std::string& h : headers) list = curl_slist_append(list, h.c_str());
  char error[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, static_cast<long>(timeout_seconds));
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, static_cast<long>(timeout_seconds));
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, Discard);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "ipenforce-webhook/1");
  CURLcode rc = curl_easy_perform(curl);
  if (rc == CURLE_OK) {
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    out.status = static_cast<int>(status);
    if (status < 200 || status > 299) out.error = "HTTP " + std::to_string(status);
  } else {
    out.error = error[0] ? error : curl_easy_strerror(rc);
  }
  curl_slist_free_all(list);
  curl_easy_cleanup(curl);
  if (out.error.size() > kErrorBytes) out.error.resize(kErrorBytes);
  return out;
}

WebhookWorker::WebhookWorker(Context& ctx, WebhookOptions options)
    : ctx_(ctx), options_(std::move(options)) {}

WebhookWorker::~WebhookWorker() { Stop(); }

void WebhookWorker::Start() {
  InitCurl();
  thread_ = std::thread([this] {
    std::unique_lock<std::mutex> lock(mu_);
    while (!stop_) {
      lock.unlock();
      if (auto done = RunOnce(); !done) {
        // A lost connection or a busy store: the next pass tries again; nothing is lost (the
        // outbox and the delivery rows are the state).
        std::fprintf(stderr, "ipenforce: 事件投递出错 (webhook pass failed): %s\n",
                     done.error().message().c_str());
      }
      lock.lock();
      cv_.wait_for(lock, std::chrono::milliseconds(options_.poll_ms), [this] { return stop_; });
    }
  });
}

void WebhookWorker::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

core::Result<int> WebhookWorker::RunOnce() {
  // Most passes find nothing to do: one read says so, without taking SQLite's write lock.
  {
    IPE_ASSIGN_OR_RETURN(auto tx, ctx_.db().Begin(storage::TxMode::kRead));
    int64_t now = ctx_.Now().seconds;
    IPE_ASSIGN_OR_RETURN(
        auto work,
        tx->Query("SELECT (SELECT COUNT(*) FROM event_subscriptions WHERE active = 1 AND cursor_seq < "
                  "(SELECT seq FROM feed_heads WHERE feed = 'events')) + (SELECT COUNT(*) FROM "
                  "event_deliveries WHERE status = 'pending' AND next_attempt_at <= ? AND "
                  "lease_until <= ?)",
                  {now, now}));
    if (work.empty() || work[0].Int(0) == 0) return 0;
  }
  IPE_RETURN_IF_ERROR(FanOut());
  IPE_ASSIGN_OR_RETURN(auto claimed, Claim());
  for (int64_t id : claimed) IPE_RETURN_IF_ERROR(Deliver(id));
  return static_cast<int>(claimed.size());
}

core::Status WebhookWorker::FanOut() {
  core::Timestamp now = ctx_.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx_.db().Begin(storage::TxMode::kWrite));
  const bool pg = tx->dialect() == storage::Dialect::kPostgres;
  IPE_ASSIGN_OR_RETURN(auto head, tx->Query("SELECT seq FROM feed_heads WHERE feed = 'events'"));
  int64_t head_seq = head.empty() ? 0 : head[0].Int(0);
  // Another server fanning out a subscription holds its row: skip it rather than wait.
  IPE_ASSIGN_OR_RETURN(auto subs, tx->Query(std::string("SELECT id, user_id, types, cursor_seq FROM "
                                                        "event_subscriptions WHERE active = 1 AND "
                                                        "cursor_seq < ? ORDER BY id") +
                                                (pg ? " FOR UPDATE SKIP LOCKED" : ""),
                                            {head_seq}));
  AccountsStore accounts(*tx);
  for (const Row& s : subs) {
    int64_t sub_id = s.Int(0);
    IPE_ASSIGN_OR_RETURN(std::optional<User> user, accounts.FindUser(s.Int(1)));
    IPE_ASSIGN_OR_RETURN(auto events, tx->Query("SELECT seq, type, agency_id, region_code, "
                                                "party_agency_id FROM outbound_events WHERE seq > ? "
                                                "ORDER BY seq LIMIT ?",
                                                {s.Int(3), kFanOutRows}));
    if (events.empty()) continue;
    // A disabled account receives nothing: its events are passed over, not kept for later.
    std::optional<Principal> who;
    if (user && user->active) who = PrincipalFromUser(*user);
    const std::string prefix = kEventTypePrefix;
    for (const Row& e : events) {
      std::string type = e.Text(1).substr(prefix.size());
      if (!who || !HasType(s.Text(2), type) ||
          !CanReceiveEvent(*who, e.Int(2), e.Text(3), e.OptInt(4))) {
        continue;
      }
      IPE_RETURN_IF_ERROR(tx->Exec("INSERT INTO event_deliveries (subscription_id, event_seq, status, "
                                   "attempts, next_attempt_at, created_at) VALUES (?, ?, 'pending', 0, "
                                   "?, ?) ON CONFLICT (subscription_id, event_seq) DO NOTHING",
                                   {sub_id, e.Int(0), now.seconds, now.seconds})
                              .status());
    }
    IPE_RETURN_IF_ERROR(tx->Exec("UPDATE event_subscriptions SET cursor_seq = ? WHERE id = ?",
                                 {events.back().Int(0), sub_id})
                            .status());
  }
  return tx->Commit();
}

core::Result<std::vector<int64_t>> WebhookWorker::Claim() {
  core::Timestamp now = ctx_.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx_.db().Begin(storage::TxMode::kWrite));
  const bool pg = tx->dialect() == storage::Dialect::kPostgres;
  IPE_ASSIGN_OR_RETURN(
      auto rows,
      tx->Query(std::string("SELECT id FROM event_deliveries WHERE status = 'pending' AND "
                            "next_attempt_at <= ? AND lease_until <= ? AND subscription_id IN "
                            "(SELECT id FROM event_subscriptions WHERE active = 1) "
                            "ORDER BY next_attempt_at, id LIMIT ?") +
                    (pg ? " FOR UPDATE SKIP LOCKED" : ""),
                {now.seconds, now.seconds, options_.batch}));
  std::vector<int64_t> ids;
  for (const Row& r : rows) {
    ids.push_back(r.Int(0));
    IPE_RETURN_IF_ERROR(tx->Exec("UPDATE event_deliveries SET lease_until = ? WHERE id = ?",
                                 {now.seconds + options_.lease_seconds, r.Int(0)})
                            .status());
  }
  IPE_RETURN_IF_ERROR(tx->Commit());
  return ids;
}

core::Status WebhookWorker::Deliver(int64_t delivery_id) {
  std::string url, secret, event_id, body;
  int64_t attempts = 0;
  {
    IPE_ASSIGN_OR_RETURN(auto tx, ctx_.db().Begin(storage::TxMode::kRead));
    IPE_ASSIGN_OR_RETURN(auto rows, tx->Query("SELECT s.url, s.secret, e.event_id, e.document, "
                                              "d.attempts FROM event_deliveries d JOIN "
                                              "event_subscriptions s ON s.id = d.subscription_id "
                                              "JOIN outbound_events e ON e.seq = d.event_seq "
                                              "WHERE d.id = ?",
                                              {delivery_id}));
    if (rows.empty()) return core::Status::Ok();
    url = rows[0].Text(0);
    secret = rows[0].Text(1);
    event_id = rows[0].Text(2);
    body = rows[0].Text(3);
    attempts = rows[0].Int(4);
  }
  int64_t timestamp = ctx_.Now().seconds;
  PostResult result = PostWebhook(
      url,
      {"Content-Type: application/cloudevents+json; charset=utf-8", "webhook-id: " + event_id,
       "webhook-timestamp: " + std::to_string(timestamp),
       "webhook-signature: " + WebhookSignature(secret, event_id, timestamp, body)},
      body, options_.timeout_seconds);
  core::Timestamp now = ctx_.Now();
  ++attempts;
  IPE_ASSIGN_OR_RETURN(auto tx, ctx_.db().Begin(storage::TxMode::kWrite));
  Value last_status = result.status ? Value(result.status) : Value();
  if (result.error.empty()) {
    IPE_RETURN_IF_ERROR(tx->Exec("UPDATE event_deliveries SET status = 'delivered', attempts = ?, "
                                 "last_status = ?, last_error = '', delivered_at = ?, lease_until = 0 "
                                 "WHERE id = ? AND status = 'pending'",
                                 {attempts, last_status, now.seconds, delivery_id})
                            .status());
  } else {
    const auto& schedule = options_.retry_seconds;
    bool dead = attempts > static_cast<int64_t>(schedule.size());
    int64_t next = dead ? now.seconds : now.seconds + schedule[static_cast<size_t>(attempts - 1)];
    IPE_RETURN_IF_ERROR(tx->Exec("UPDATE event_deliveries SET status = ?, attempts = ?, "
                                 "next_attempt_at = ?, last_status = ?, last_error = ?, "
                                 "lease_until = 0 WHERE id = ? AND status = 'pending'",
                                 {dead ? "dead" : "pending", attempts, next, last_status,
                                  result.error, delivery_id})
                            .status());
  }
  return tx->Commit();
}

}  // namespace ipe::app
