#include "http/rate_limit.h"

#include "app/accounts/throttle_store.h"

namespace ipe::http {

namespace {
constexpr std::string_view kPublicScope = "public";
}  // namespace

bool RateLimiter::Allow(const std::string& source, int64_t now_seconds, int64_t& retry_after) {
  retry_after = 60 - now_seconds % 60;
  if (shared_) {
    if (auto allowed = AllowShared(source, now_seconds); allowed) return *allowed;
  }
  return AllowLocal(source, now_seconds);
}

core::Result<bool> RateLimiter::AllowShared(const std::string& source, int64_t now_seconds) {
  int64_t window = now_seconds / 60 * 60;
  IPE_ASSIGN_OR_RETURN(auto tx, shared_->Begin(storage::TxMode::kWrite));
  app::ThrottleStore store(*tx);
  IPE_ASSIGN_OR_RETURN(bool counted, store.HitUnder(kPublicScope, source, window, per_minute_));
  // The first request of a minute on this server drops the minutes before the last one.
  int64_t pruned = pruned_window_;
  if (pruned < window && pruned_window_.compare_exchange_strong(pruned, window)) {
    IPE_RETURN_IF_ERROR(store.PruneWindows(kPublicScope, window - 60));
  }
  IPE_RETURN_IF_ERROR(tx->Commit());
  return counted;
}

bool RateLimiter::AllowLocal(const std::string& source, int64_t now_seconds) {
  std::lock_guard<std::mutex> lock(mu_);
  int64_t window = now_seconds / 60;
  if (window != window_) {
    window_ = window;
    counts_.clear();
  }
  auto it = counts_.find(source);
  if (it == counts_.end()) {
    // A flood of distinct addresses cannot grow the table without bound: past the cap, every new
    // source shares one budget.
    if (counts_.size() >= max_sources_) it = counts_.try_emplace("(overflow)", 0).first;
    else it = counts_.emplace(source, 0).first;
  }
  if (it->second >= per_minute_) return false;
  ++it->second;
  return true;
}

}  // namespace ipe::http
