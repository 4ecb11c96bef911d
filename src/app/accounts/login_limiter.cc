#include "app/accounts/login_limiter.h"

#include <algorithm>

#include "app/accounts/throttle_store.h"

namespace ipe::app {
namespace {

std::string PairKey(const std::string& login, const std::string& source) {
  return login + '\0' + source;
}

// In the store: text columns hold no NUL; the unit separator cannot occur in a trimmed login.
std::string SharedPairKey(const std::string& login, const std::string& source) {
  return login + '\x1f' + source;
}

constexpr std::string_view kPairScope = "login_pair";
constexpr std::string_view kSourceScope = "login_source";

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

int64_t LoginLimiter::DelayAfter(int64_t failures) const {
  int64_t over = failures - limits_.free_failures_per_pair;
  if (over <= 0) return 0;
  int64_t delay = limits_.first_delay_seconds;
  for (int64_t i = 1; i < over && delay < limits_.max_delay_seconds; ++i) delay *= 2;
  return std::min(delay, limits_.max_delay_seconds);
}

LoginLimiter::Decision LoginLimiter::Admit(const std::string& login, const std::string& source,
                                           core::Timestamp now_ts) {
  if (shared_) {
    if (auto d = AdmitShared(login, source, now_ts.seconds); d) return *d;
  }
  return AdmitLocal(login, source, now_ts.seconds);
}

void LoginLimiter::Refund(const std::string& login, const std::string& source) {
  if (shared_ && ReturnShared(login, source, false).ok()) return;
  ReturnLocal(login, source, false);
}

void LoginLimiter::RecordSuccess(const std::string& login, const std::string& source) {
  if (shared_ && ReturnShared(login, source, true).ok()) return;
  ReturnLocal(login, source, true);
}

core::Result<LoginLimiter::Decision> LoginLimiter::AdmitShared(const std::string& login,
                                                               const std::string& source,
                                                               int64_t now) {
  IPE_ASSIGN_OR_RETURN(auto tx, shared_->Begin(storage::TxMode::kWrite));
  ThrottleStore store(*tx);
  // Row locks in one order everywhere (source, pair, then the source's windows): the attempts of
  // one source take turns across servers, so a parallel burst cannot read one count.
  IPE_RETURN_IF_ERROR(store.Lock(kSourceScope, source, now));
  const std::string pair_key = SharedPairKey(login, source);
  IPE_ASSIGN_OR_RETURN(ThrottlePair pair, store.LoadPair(kPairScope, pair_key));
  if (pair.until > now) return Decision{false, pair.until - now};
  IPE_ASSIGN_OR_RETURN(auto hits,
                       store.HitsAfter(kSourceScope, source, now - limits_.source_window_seconds));
  if (hits.first >= limits_.attempts_per_source) {
    return Decision{false,
                    std::max<int64_t>(1, hits.second + limits_.source_window_seconds - now)};
  }
  // Counted now, before the password is looked at: a parallel burst sees its own attempts.
  IPE_RETURN_IF_ERROR(store.AddHits(kSourceScope, source, now, 1));
  ++pair.failures;
  int64_t delay = DelayAfter(pair.failures);
  if (delay > 0) pair.until = now + delay;
  pair.last = now;
  IPE_RETURN_IF_ERROR(store.SavePair(kPairScope, pair_key, pair));
  // Once a minute per server: windows and pairs that restrict nothing any more.
  int64_t last = last_prune_;
  if (now - last >= 60 && last_prune_.compare_exchange_strong(last, now)) {
    IPE_RETURN_IF_ERROR(store.PruneWindows(kSourceScope, now - limits_.source_window_seconds));
    IPE_RETURN_IF_ERROR(store.PrunePairs(kPairScope, now - limits_.max_delay_seconds, now));
    IPE_RETURN_IF_ERROR(store.PrunePairs(kSourceScope, now - limits_.source_window_seconds, now));
  }
  IPE_RETURN_IF_ERROR(tx->Commit());
  return Decision{true, 0};
}

core::Status LoginLimiter::ReturnShared(const std::string& login, const std::string& source,
                                        bool success) {
  IPE_ASSIGN_OR_RETURN(auto tx, shared_->Begin(storage::TxMode::kWrite));
  ThrottleStore store(*tx);
  const std::string pair_key = SharedPairKey(login, source);
  // The same lock order as AdmitShared: source, pair, windows (0: the anchor's last use stays).
  IPE_RETURN_IF_ERROR(store.Lock(kSourceScope, source, 0));
  if (success) {
    IPE_RETURN_IF_ERROR(store.DeletePair(kPairScope, pair_key));
  } else {
    IPE_ASSIGN_OR_RETURN(ThrottlePair pair, store.LoadPair(kPairScope, pair_key));
    if (pair.failures > 0) {
      --pair.failures;
      IPE_RETURN_IF_ERROR(store.SavePair(kPairScope, pair_key, pair));
    }
  }
  // The attempt leaves the source's newest window with hits (as the memory's pop_back).
  IPE_RETURN_IF_ERROR(store.AddHits(kSourceScope, source, 1, -1));
  return tx->Commit();
}

LoginLimiter::Decision LoginLimiter::AdmitLocal(const std::string& login,
                                                const std::string& source, int64_t now) {
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
  if (int64_t delay = DelayAfter(pair.failures); delay > 0) pair.next_allowed = now + delay;
  return {true, 0};
}

void LoginLimiter::ReturnLocal(const std::string& login, const std::string& source,
                               bool success) {
  std::lock_guard lock(mu_);
  auto pair = pairs_.find(PairKey(login, source));
  if (success) {
    if (pair != pairs_.end()) pairs_.erase(pair);
  } else if (pair != pairs_.end() && pair->second.failures > 0) {
    --pair->second.failures;
  }
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
