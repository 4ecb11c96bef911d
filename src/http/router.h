#pragma once
// Routing table: method + path pattern ("/api/v1/users/{id}") → handler, with the access level
// the dispatcher enforces before calling it. Pure: no I/O.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "http/message.h"
#include "http/schema.h"

namespace ipe::http {

enum class Access {
  kPublic,         // no login needed (login itself, health checks, OpenAPI)
  kAuthenticated,  // a session or API token; role and scope are checked by the use case
};

/// What a handler answers: a response, or an error Status that the dispatcher renders once for
/// every route as problem+json in the request's language (so handlers write
/// `IPE_ASSIGN_OR_RETURN(auto c, app::GetCase(...))`, not an error branch of their own).
using Reply = core::Result<Response>;
using Handler = std::function<Reply(Request&)>;

struct Route {
  std::string method;
  std::string pattern;
  Access access = Access::kAuthenticated;
  Handler handler;
  std::string summary;                 // one line for the OpenAPI document
  std::vector<std::string> segments;   // pattern split on '/'
  size_t max_body_bytes = 0;           // > 0: this route accepts bodies up to this size even
                                       // above the dispatcher's limit (uploads)
  size_t public_body_bytes = 0;        // > 0: without credentials too, bodies up to this size
                                       // (the portal's attachments; docs/security.md)
  int invalid_argument_status = 400;   // how the dispatcher answers an InvalidArgument error:
                                       // 422 where a contract says so (work plans)
  std::optional<RouteSpec> spec;       // what it reads and answers (Router::Describe); routes
                                       // without one are listed as undescribed in the contract
};

class Router {
 public:
  /// Registers a route. Patterns are absolute, segments "{name}" capture one path segment.
  void Add(std::string method, std::string pattern, Access access, Handler handler,
           std::string summary = "");

  struct Match {
    const Route* route = nullptr;         // null when nothing matched
    bool path_matched_other_method = false;  // → 405 rather than 404
    std::map<std::string, std::string> params;
  };
  Match Find(std::string_view method, std::string_view path) const;
  /// Lets one registered route accept bodies up to `max_bytes` (file uploads); the server's hard
  /// limit still applies. No effect when the route is not registered.
  void AllowLargeBody(std::string_view method, std::string_view pattern, size_t max_bytes);
  /// Lets one registered public route take bodies up to `max_bytes` from callers without
  /// credentials (above core::limits::kUnauthenticatedBodyBytes): the portal's attachment upload,
  /// which checks a proof-of-work pass. Also raises the route's own limit to it.
  void AllowLargePublicBody(std::string_view method, std::string_view pattern, size_t max_bytes);
  /// Makes one registered route answer InvalidArgument errors with `http_status` (422 for a
  /// contract that separates content failing validation from malformed requests) instead of
  /// 400. No effect when the route is not registered.
  void AnswerInvalidArgumentWith(std::string_view method, std::string_view pattern,
                                 int http_status);
  /// Attaches what a registered route reads and answers (docs/api.md "Describing a route"). The
  /// dispatcher then refuses unknown or ill-typed query parameters and request bodies that do
  /// not match `spec.body` with 400 and field errors before the handler runs; the OpenAPI
  /// document publishes it. No effect when the route is not registered.
  void Describe(std::string_view method, std::string_view pattern, RouteSpec spec);
  /// Names a shared shape (Case, Lead, Problem …) for the document's components and returns a
  /// reference to it. Registering a name twice keeps the first shape.
  Schema Component(const std::string& name, Schema schema);
  const std::vector<Route>& routes() const { return routes_; }
  const std::map<std::string, Schema>& components() const { return components_; }

 private:
  std::vector<Route> routes_;
  std::map<std::string, Schema> components_;
};

}  // namespace ipe::http
