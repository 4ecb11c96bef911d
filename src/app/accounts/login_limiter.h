#pragma once
// Login throttling and the password-hashing gate (issue 12, points 8 and 9).
//
// LoginLimiter counts every attempt *before* the password is checked, so a parallel burst cannot
// pass it. It keys on (login, source) — progressive delays after a few failures — and on the
// source alone — a cap of attempts per window — and never on the login alone, so nobody can lock
// an account (the admin's included) from elsewhere: the right password from another source still
// works. A refused login writes nothing. On one process (SQLite) it counts in memory; with
// ShareThrough(db) (every server on PostgreSQL, docs/scale-out.md) it counts in the store's
// throttle_counters, so servers behind a load balancer share one count; if the store fails
// during a call, that call counts in memory.
//
//   auto d = limiter.Admit(login, source, now);  // counts the attempt
//   if (!d.allowed) return 429 (retry after d.retry_after_seconds);
//   if (ok) limiter.RecordSuccess(login, source);  // a failure stays counted
//
// HashGate bounds argon2id work (64 MiB and ~80 ms of a core each): a few run at once, a few wait,
// the rest are refused at once, so a storm of logins can hold only a few handler threads.
//
// Both classes are thread-safe.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/limits.h"
#include "core/status.h"
#include "core/time.h"
#include "storage/db.h"

namespace ipe::app {

struct LoginLimits {
  int free_failures_per_pair = core::limits::kFreeFailuresPerPair;
  int64_t first_delay_seconds = core::limits::kFirstDelaySeconds;
  int64_t max_delay_seconds = core::limits::kMaxDelaySeconds;
  int attempts_per_source = core::limits::kAttemptsPerSource;
  int64_t source_window_seconds = core::limits::kSourceWindowSeconds;
  size_t max_entries = core::limits::kThrottleEntries;
};

class LoginLimiter {
 public:
  explicit LoginLimiter(LoginLimits limits = {}) : limits_(limits) {}

  struct Decision {
    bool allowed = true;
    int64_t retry_after_seconds = 0;  // when refused
  };
  /// Counts an attempt for `login` from `source` and says whether it may check the password now.
  /// Refused while the pair is in its delay or the source has used its attempts in the window.
  /// Every admitted attempt counts as a failure until RecordSuccess says otherwise.
  Decision Admit(const std::string& login, const std::string& source, core::Timestamp now);
  /// The admitted attempt never reached the password check (the hashing gate was full): it is
  /// not counted after all.
  void Refund(const std::string& login, const std::string& source);
  /// The admitted attempt succeeded: the pair is forgotten and the source gets the attempt back.
  void RecordSuccess(const std::string& login, const std::string& source);

  /// Counts in `db` from now on (throttle_store.h), shared with every server on it. `db` is
  /// borrowed and must outlive the limiter. Call before the first Admit.
  void ShareThrough(storage::Database* db) { shared_ = db; }

 private:
  core::Result<Decision> AdmitShared(const std::string& login, const std::string& source,
                                     int64_t now);
  core::Status ReturnShared(const std::string& login, const std::string& source, bool success);
  Decision AdmitLocal(const std::string& login, const std::string& source, int64_t now);
  void ReturnLocal(const std::string& login, const std::string& source, bool success);
  /// The delay after `failures` admitted attempts of a pair (0 within the free ones).
  int64_t DelayAfter(int64_t failures) const;

  struct Pair {
    int failures = 0;          // admitted attempts not followed by a success
    int64_t next_allowed = 0;  // no attempt before this second
    int64_t last = 0;
  };
  void PruneLocked(int64_t now);

  const LoginLimits limits_;
  storage::Database* shared_ = nullptr;  // set once before use
  std::atomic<int64_t> last_prune_{0};   // shared mode: the second of the last pruning
  std::mutex mu_;
  std::unordered_map<std::string, Pair> pairs_;                   // GUARDED_BY(mu_)
  std::unordered_map<std::string, std::deque<int64_t>> sources_;  // GUARDED_BY(mu_)
};

class HashGate {
 public:
  HashGate(int running, int waiting) : max_running_(running), max_waiting_(waiting) {}

  /// Runs `work` once fewer than `running` others do, on the calling thread. ResourceExhausted
  /// (nothing run) when `waiting` callers already wait for their turn.
  core::Status Run(const std::function<void()>& work);

  int running() const;
  int waiting() const;

 private:
  const int max_running_;
  const int max_waiting_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  int running_ = 0;  // GUARDED_BY(mu_)
  int waiting_ = 0;  // GUARDED_BY(mu_)
};

}  // namespace ipe::app
