#include "app/accounts/login_limiter.h"

namespace ipe::app {

void LoginLimiter::Prune(Times& t, int64_t now) {
  while (!t.empty() && t.front() <= now - window_) t.pop_front();
}

bool LoginLimiter::Blocked(const std::string& login, const std::string& client,
                           core::Timestamp now) {
  std::lock_guard lock(mu_);
  auto l = by_login_.find(login);
  if (l != by_login_.end()) {
    Prune(l->second, now.seconds);
    if (static_cast<int>(l->second.size()) >= per_login_) return true;
  }
  auto c = by_client_.find(client);
  if (c != by_client_.end()) {
    Prune(c->second, now.seconds);
    if (static_cast<int>(c->second.size()) >= per_client_) return true;
  }
  return false;
}

void LoginLimiter::RecordFailure(const std::string& login, const std::string& client,
                                 core::Timestamp now) {
  std::lock_guard lock(mu_);
  // Bound memory under a flood of distinct names: forget everything when the maps grow huge.
  if (by_login_.size() > 100000) by_login_.clear();
  if (by_client_.size() > 100000) by_client_.clear();
  by_login_[login].push_back(now.seconds);
  by_client_[client].push_back(now.seconds);
}

void LoginLimiter::RecordSuccess(const std::string& login) {
  std::lock_guard lock(mu_);
  by_login_.erase(login);
}

}  // namespace ipe::app
