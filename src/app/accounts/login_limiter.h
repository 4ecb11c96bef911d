#pragma once
// In-memory throttle for failed logins, per login name and per client address, over a sliding
// window. Kept in memory on purpose: a refused login writes nothing to the database. Behind a
// load balancer each server counts its own share, which still bounds guessing per node.

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/time.h"

namespace ipe::app {

class LoginLimiter {
 public:
  LoginLimiter(int per_login, int per_client, int64_t window_seconds)
      : per_login_(per_login), per_client_(per_client), window_(window_seconds) {}

  /// True when another attempt for this login or client must be refused now.
  bool Blocked(const std::string& login, const std::string& client, core::Timestamp now);
  void RecordFailure(const std::string& login, const std::string& client, core::Timestamp now);
  /// A successful login clears the failures counted against that login name.
  void RecordSuccess(const std::string& login);

 private:
  using Times = std::deque<int64_t>;
  void Prune(Times& t, int64_t now);

  const int per_login_;
  const int per_client_;
  const int64_t window_;
  std::mutex mu_;
  std::unordered_map<std::string, Times> by_login_;   // GUARDED_BY(mu_)
  std::unordered_map<std::string, Times> by_client_;  // GUARDED_BY(mu_)
};

}  // namespace ipe::app
