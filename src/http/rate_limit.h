#pragma once
// A per-source request budget for the public portal's API: at most `per_minute` requests from one
// address in each clock minute (a fixed window), 429 beyond. In this process only — issue 19
// moves it into the shared store with the login throttle.

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace ipe::http {

class RateLimiter {
 public:
  RateLimiter(int per_minute, size_t max_sources) : per_minute_(per_minute), max_sources_(max_sources) {}

  /// True when the request from `source` at `now_seconds` is within the budget (and counts it);
  /// false with `retry_after` the seconds until the next window.
  bool Allow(const std::string& source, int64_t now_seconds, int64_t& retry_after);

 private:
  const int per_minute_;
  const size_t max_sources_;
  std::mutex mu_;
  int64_t window_ = -1;                         // GUARDED_BY(mu_): the current minute
  std::unordered_map<std::string, int> counts_;  // GUARDED_BY(mu_)
};

}  // namespace ipe::http
