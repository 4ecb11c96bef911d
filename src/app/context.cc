#include "app/context.h"

#include "app/accounts/login_limiter.h"
#include "app/crypto.h"

namespace ipe::app {

Context::Context(storage::Database& db, const core::Clock& clock, AppOptions options)
    : db_(db),
      clock_(clock),
      options_(options),
      limiter_(std::make_unique<LoginLimiter>(options.login_limits)),
      hash_gate_(std::make_unique<HashGate>(options.hash_running, options.hash_waiting)) {
  InitCrypto();
  // Several servers share a PostgreSQL store: they share the login throttle's counts too
  // (docs/scale-out.md). SQLite is one process, whose memory is the shared place.
  if (db.dialect() == storage::Dialect::kPostgres) limiter_->ShareThrough(&db);
}

Context::~Context() = default;

void Context::ResetExtension(std::string_view key) {
  std::unique_ptr<Extension> dropped;  // destroyed outside the lock
  std::lock_guard<std::mutex> lock(extensions_mu_);
  auto it = extensions_.find(std::string(key));
  if (it == extensions_.end()) return;
  dropped = std::move(it->second);
  extensions_.erase(it);
}

core::Status PageRequest::Validate() const {
  core::Status st = core::InvalidArgument("分页参数有误 (bad pagination)");
  bool bad = false;
  if (page < 1) {
    st.AddFieldError("page", "页码须不小于 1");
    bad = true;
  }
  if (page_size < 1 || page_size > 200) {
    st.AddFieldError("page_size", "每页条数须在 1 到 200 之间");
    bad = true;
  }
  return bad ? st : core::Status::Ok();
}

}  // namespace ipe::app
