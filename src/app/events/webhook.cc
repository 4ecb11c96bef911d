// Webhook delivery. See webhook.h.
#include "app/events/webhook.h"

#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "app/accounts/accounts.h"
#include "app/accounts/accounts_store.h"
#include "app/crypto.h"
#include "app/events/event_store.h"
#include "app/events/events.h"
#include "app/internal/text.h"

namespace ipe::app {
namespace {

// Events looked at per subscription and pass (the rest wait for the next pass).
constexpr int64_t kFanOutRows = 500;
constexpr size_t kErrorBytes = 300;

size_t Discard(char*, size_t size, size_t n, void*) { return size * n; }

void InitCurl() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
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
    IPE_ASSIGN_OR_RETURN(int64_t work, EventStore(*tx).PendingWork(ctx_.Now()));
    if (work == 0) return 0;
  }
  IPE_RETURN_IF_ERROR(FanOut());
  IPE_ASSIGN_OR_RETURN(auto claimed, Claim());
  for (int64_t id : claimed) IPE_RETURN_IF_ERROR(Deliver(id));
  return static_cast<int>(claimed.size());
}

core::Status WebhookWorker::FanOut() {
  core::Timestamp now = ctx_.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx_.db().Begin(storage::TxMode::kWrite));
  EventStore store(*tx);
  IPE_ASSIGN_OR_RETURN(int64_t head, store.Head());
  // Another server fanning out a subscription holds its row: it is skipped rather than waited for.
  IPE_ASSIGN_OR_RETURN(auto subs, store.SubscriptionsBehind(head));
  AccountsStore accounts(*tx);
  for (const SubscriptionCursor& s : subs) {
    IPE_ASSIGN_OR_RETURN(auto events, store.EventsAfter(s.cursor, kFanOutRows));
    if (events.empty()) continue;
    IPE_ASSIGN_OR_RETURN(std::optional<User> user, accounts.FindUser(s.user_id));
    // A disabled account receives nothing: its events are passed over, not kept for later.
    std::optional<Principal> who;
    if (user && user->active) who = PrincipalFromUser(*user);
    const size_t prefix = std::string_view(kEventTypePrefix).size();
    for (const EventRow& e : events) {
      std::string type = e.type.substr(prefix);
      if (!who || std::find(s.types.begin(), s.types.end(), type) == s.types.end() ||
          !CanReceiveEvent(*who, e.agency_id, e.region_code, e.party_agency_id)) {
        continue;
      }
      IPE_RETURN_IF_ERROR(store.AddDelivery(s.id, e.seq, now));
    }
    IPE_RETURN_IF_ERROR(store.MoveCursor(s.id, events.back().seq));
  }
  return tx->Commit();
}

core::Result<std::vector<int64_t>> WebhookWorker::Claim() {
  core::Timestamp now = ctx_.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx_.db().Begin(storage::TxMode::kWrite));
  IPE_ASSIGN_OR_RETURN(auto ids,
                       EventStore(*tx).ClaimDue(now, now.seconds + options_.lease_seconds, options_.batch));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return ids;
}

core::Status WebhookWorker::Deliver(int64_t delivery_id) {
  std::optional<DeliveryTarget> target;
  {
    IPE_ASSIGN_OR_RETURN(auto tx, ctx_.db().Begin(storage::TxMode::kRead));
    IPE_ASSIGN_OR_RETURN(target, EventStore(*tx).Target(delivery_id));
  }
  if (!target) return core::Status::Ok();
  int64_t timestamp = ctx_.Now().seconds;
  PostResult result = PostWebhook(
      target->url,
      {"Content-Type: application/cloudevents+json; charset=utf-8", "webhook-id: " + target->event_id,
       "webhook-timestamp: " + std::to_string(timestamp),
       "webhook-signature: " + WebhookSignature(target->secret, target->event_id, timestamp, target->body)},
      target->body, options_.timeout_seconds);
  core::Timestamp now = ctx_.Now();
  int64_t attempts = target->attempts + 1;
  std::optional<int> http_status;
  if (result.status) http_status = result.status;
  IPE_ASSIGN_OR_RETURN(auto tx, ctx_.db().Begin(storage::TxMode::kWrite));
  EventStore store(*tx);
  if (result.error.empty()) {
    IPE_RETURN_IF_ERROR(store.MarkDelivered(delivery_id, attempts, http_status, now));
  } else {
    const auto& schedule = options_.retry_seconds;
    bool dead = attempts > static_cast<int64_t>(schedule.size());
    core::Timestamp next = dead ? now : now.AddSeconds(schedule[static_cast<size_t>(attempts - 1)]);
    IPE_RETURN_IF_ERROR(store.MarkFailed(delivery_id, attempts, dead, next, http_status, result.error));
  }
  return tx->Commit();
}

}  // namespace ipe::app
