#pragma once
// The one path every request takes: body limit → route → authentication and CSRF → handler →
// problem+json on failure → security headers → metrics and access log. Handlers only parse input,
// call one app/ function and render its result.

#include <atomic>
#include <cstddef>
#include <memory>
#include <mutex>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "app/context.h"
#include "http/message.h"
#include "http/metrics.h"
#include "http/rate_limit.h"
#include "http/router.h"
#include "http/static_files.h"

namespace ipe::http {

struct DispatcherOptions {
  size_t max_body_bytes = 1 << 20;  // larger bodies get 413
  bool access_log = true;           // one JSON line per request on stderr
  bool https = false;               // served over HTTPS (terminated in front of us): session
                                    // cookies get "Secure" and responses HSTS
  // Peers (exact addresses) whose X-Forwarded-For and X-Forwarded-Proto are believed: the
  // client is then the right-most forwarded address that is not itself a trusted proxy, and
  // "X-Forwarded-Proto: https" makes the request HTTPS. From any other peer both are ignored.
  std::vector<std::string> trusted_proxies;
  // Bearer token that opens /metrics to non-loopback clients (Prometheus elsewhere); empty:
  // loopback only.
  std::string metrics_token;
  // Load benchmarks only (IPE_BENCH_OPEN_PUBLIC, read by `serve`): no per-source budget on the
  // public API. docs/credit.md "Load figure".
  bool public_unlimited = false;
};

/// The client address and HTTPS-ness of a request, from the peer address and the forwarding
/// headers (only believed from a trusted proxy). Pure; exposed for tests.
struct Source {
  std::string client;
  bool https = false;
};
Source ResolveSource(const DispatcherOptions& options, std::string_view peer,
                     std::string_view forwarded_for, std::string_view forwarded_proto);

inline constexpr const char* kSessionCookie = "ipe_session";

class Dispatcher {
 public:
  Dispatcher(app::Context& ctx, StaticFiles files, DispatcherOptions options);

  Router& router() { return router_; }
  Metrics& metrics() { return metrics_; }
  app::Context& context() { return ctx_; }
  const DispatcherOptions& options() const { return options_; }

  /// Handles one request. Thread-safe once all routes are registered. Never throws.
  Response Handle(Request& req);

  /// The body limit of a request, judged from its headers alone (the server asks before it
  /// reads the body): the route's limit (the dispatcher's default, or an upload route's), and
  /// at most core::limits::kUnauthenticatedBodyBytes without a session cookie or API token.
  /// `target` is the request target as sent (path and query, percent-encoded). Thread-safe.
  uint64_t BodyLimit(std::string_view method, std::string_view target, bool credentials) const;
  /// The OpenAPI document of every registered route (http/openapi.h), built on first use.
  /// Thread-safe once all routes are registered.
  const nlohmann::json& Contract();

  /// The problem+json answer the server writes when it refuses a body unread: 413 naming
  /// `limit`, or 503 when the server holds too many bodies at once.
  Response BodyRefusal(int status, uint64_t limit) const;

 private:
  Response Route(Request& req, bool english);
  void Log(const Request& req, const Response& resp, double seconds);

  app::Context& ctx_;
  StaticFiles files_;
  DispatcherOptions options_;
  Router router_;
  Metrics metrics_;
  RateLimiter public_limiter_;  // /api/v1/public/: requests per source and minute
  std::atomic<uint64_t> next_request_id_{1};
  std::once_flag contract_once_;
  std::shared_ptr<const nlohmann::json> contract_;  // set once by Contract()
};

/// Registers the operational endpoints (/healthz, /readyz, /metrics) and every /api/v1 route.
void RegisterRoutes(Dispatcher& d);

}  // namespace ipe::http
