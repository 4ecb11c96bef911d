#pragma once
// What every use case needs: the database, the clock, options, and shared in-memory state.
//
// One Context per process; it is thread-safe. Use cases are free functions
// `Result<X> DoThing(Context&, const Principal&, const Input&)` — one per user action — that check
// permissions (permissions.h), run one transaction, and append one audit record (audit.h).

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "app/accounts/login_limiter.h"
#include "core/status.h"
#include "core/time.h"
#include "storage/db.h"

namespace ipe::app {

struct AppOptions {
  int64_t session_max_seconds = 8 * 3600;    // absolute session lifetime
  int64_t session_idle_seconds = 30 * 60;    // idle timeout
  LoginLimits login_limits;                  // throttle of failed logins (login_limiter.h)
  int hash_running = core::limits::kPasswordHashThreads;  // argon2id at once …
  int hash_waiting = core::limits::kPasswordHashQueue;    // … and waiting (429 beyond)
};

class Context {
 public:
  Context(storage::Database& db, const core::Clock& clock, AppOptions options = {});
  ~Context();
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

  storage::Database& db() const { return db_; }
  const core::Clock& clock() const { return clock_; }
  core::Timestamp Now() const { return clock_.Now(); }
  const AppOptions& options() const { return options_; }
  LoginLimiter& login_limiter() const { return *limiter_; }
  /// Every argon2id hash or verification runs through this gate.
  HashGate& hash_gate() const { return *hash_gate_; }

  /// Per-Context state a module builds on first use (e.g. the correlation index,
  /// correlation_service.h). Owned by the Context and destroyed with it, so a later Context —
  /// even one at the same address — never sees a previous one's state.
  class Extension {
   public:
    virtual ~Extension() = default;
  };
  /// The extension stored under `key`, creating it with `make()` when there is none. The pointer
  /// stays valid until ResetExtension(key) or the Context's destruction. Thread-safe; `make` runs
  /// under the Context's extension lock, so it must not call back into the Context's extensions.
  template <typename T, typename Make>
  T& GetOrCreateExtension(std::string_view key, Make make) {
    std::lock_guard<std::mutex> lock(extensions_mu_);
    auto& slot = extensions_[std::string(key)];
    if (!slot) slot = make();
    return static_cast<T&>(*slot);
  }
  /// Drops the extension under `key` (the next GetOrCreateExtension makes a new one). The caller
  /// guarantees no other thread still uses it.
  void ResetExtension(std::string_view key);

 private:
  storage::Database& db_;
  const core::Clock& clock_;
  AppOptions options_;
  std::unique_ptr<LoginLimiter> limiter_;
  std::unique_ptr<HashGate> hash_gate_;
  std::mutex extensions_mu_;
  std::map<std::string, std::unique_ptr<Extension>> extensions_;  // GUARDED_BY(extensions_mu_)
};

/// Page request as given by a caller; Validate() clamps nothing and rejects bad values.
struct PageRequest {
  int64_t page = 1;        // from 1
  int64_t page_size = 20;  // 1..200
  core::Status Validate() const;
  int64_t offset() const { return (page - 1) * page_size; }
};

template <typename T>
struct Page {
  std::vector<T> items;
  int64_t total = 0;
  bool total_exact = true;  // false: there are at least `total` (a capped count, 共 N+ 条)
  int64_t page = 1;
  int64_t page_size = 20;
};

}  // namespace ipe::app
