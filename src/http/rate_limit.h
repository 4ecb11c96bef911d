#pragma once
// A per-source request budget for the public portal's API: at most `per_minute` requests from one
// address in each clock minute (a fixed window), 429 beyond. In this process's memory, or with
// ShareThrough(db) in the store's throttle_counters (app/accounts/throttle_store.h), so that
// every server behind the load balancer counts the same budget (docs/scale-out.md): one
// statement per request, which also locks the counter against a concurrent server. If the store
// fails, the request is counted in memory.

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/status.h"
#include "storage/db.h"

namespace ipe::http {

class RateLimiter {
 public:
  RateLimiter(int per_minute, size_t max_sources) : per_minute_(per_minute), max_sources_(max_sources) {}

  /// True when the request from `source` at `now_seconds` is within the budget (and counts it);
  /// false with `retry_after` the seconds until the next window.
  bool Allow(const std::string& source, int64_t now_seconds, int64_t& retry_after);

  /// Counts in `db` from now on (borrowed; must outlive the limiter). Call before the first Allow.
  void ShareThrough(storage::Database* db) { shared_ = db; }

 private:
  bool AllowLocal(const std::string& source, int64_t now_seconds);
  core::Result<bool> AllowShared(const std::string& source, int64_t now_seconds);

  storage::Database* shared_ = nullptr;
  std::atomic<int64_t> pruned_window_{0};  // shared mode: the last minute whose old rows went
  const int per_minute_;
  const size_t max_sources_;
  std::mutex mu_;
  int64_t window_ = -1;                         // GUARDED_BY(mu_): the current minute
  std::unordered_map<std::string, int> counts_;  // GUARDED_BY(mu_)
};

}  // namespace ipe::http
