#include "http/rate_limit.h"

namespace ipe::http {

bool RateLimiter::Allow(const std::string& source, int64_t now_seconds, int64_t& retry_after) {
  std::lock_guard<std::mutex> lock(mu_);
  int64_t window = now_seconds / 60;
  if (window != window_) {
    window_ = window;
    counts_.clear();
  }
  retry_after = 60 - now_seconds % 60;
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
