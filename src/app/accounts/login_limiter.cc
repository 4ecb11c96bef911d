#include "app/accounts/login_limiter.h"

#include <algorithm>

namespace ipe::app {
namespace {

std::string PairKey(const std::string& login, const std::string& source) {
  return login + '\0' + source;
}

}  // namespace

void LoginLimiter::PruneLocked(int64_t now) {
  // Bound memory under a flood of distinct names or sources: drop what no longer restricts
  // anything, and if that is not enough, everything.
  if (pairs_.size() + sources_.size() <= limits_.max_entries) return;
  for (auto it = pairs_.begin(); it != pairs_.end();) {
    bool idle =
        it->second.next_allowed <= now && it->second.last + limits_.max_delay_seconds <= now;
    it = idle ? pairs_.erase(it) : std::next(it);
  }
  for (auto it = sources_.begin(); it != sources_.end();) {
    bool idle = it->second.empty() || it->second.back() <= now - limits_.source_window_seconds;
    it = idle ? sources_.erase(it) : std::next(it);
  }
  if (pairs_.size() > limits_.max_entries) pairs_.clear();
  if (sources_.size() > limits_.max_entries) sources_.clear();
}

LoginLimiter::Decision LoginLimiter::Admit(const std::string& login, const std::string& source,
                                           core::Timestamp now_ts) {
  int64_t now = now_ts.seconds;
  std::lock_guard lock(mu_);
  PruneLocked(now);
  auto& times = sources_[source];
  while (!times.empty() && times.front() <= now - limits_.source_window_seconds) times.pop_front();
  if (static_cast<int>(times.size()) >= limits_.attempts_per_source) {
    return {false, std::max<int64_t>(1, times.front() + limits_.source_window_seconds - now)};
  }
  Pair& pair = pairs_[PairKey(login, source)];
  if (pair.next_allowed > now) return {false, pair.next_allowed - now};
  // Counted now, before the password is looked at: a parallel burst sees its own attempts.
  times.push_back(now);
  ++pair.failures;
  pair.last = now;
  int over = pair.failures - limits_.free_failures_per_pair;
  if (over > 0) {
    int64_t delay = limits_.first_delay_seconds;
    for (int i = 1; i < over && delay < limits_.max_delay_seconds; ++i) delay *= 2;
    pair.next_allowed = now + std::min(delay, limits_.max_delay_seconds);
  }
  return {true, 0};
}

void LoginLimiter::Refund(const std::string& login, const std::string& source) {
  std::lock_guard lock(mu_);
  auto pair = pairs_.find(PairKey(login, source));
  if (pair != pairs_.end() && pair->second.failures > 0) --pair->second.failures;
  auto it = sources_.find(source);
  if (it != sources_.end() && !it->second.empty()) it->second.pop_back();
}

void LoginLimiter::RecordSuccess(const std::string& login, const std::string& source) {
  std::lock_guard lock(mu_);
  pairs_.erase(PairKey(login, source));
  auto it = sources_.find(source);
  if (it != sources_.end() && !it->second.empty()) it->second.pop_back();
}

core::Status HashGate::Run(const std::function<void()>& work) {
  {
    std::unique_lock lock(mu_);
    if (running_ >= max_running_) {
      if (waiting_ >= max_waiting_) {
        return core::ResourceExhausted(
            "登录请求过多，请稍后再试 (too many logins at once, try again shortly)");
      }
      ++waiting_;
      cv_.wait(lock, [this] { return running_ < max_running_; });
      --waiting_;
    }
    ++running_;
  }
  struct Done {
    HashGate* gate;
    ~Done() {
      {
        std::lock_guard lock(gate->mu_);
        --gate->running_;
      }
      gate->cv_.notify_one();
    }
  } done{this};
  work();
  return core::Status::Ok();
}

int HashGate::running() const {
  std::lock_guard lock(mu_);
  return running_;
}

int HashGate::waiting() const {
  std::lock_guard lock(mu_);
  return waiting_;
}

}  // namespace ipe::app
