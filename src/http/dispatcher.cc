#include "http/dispatcher.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <exception>
#include <mutex>
#include <nlohmann/json.hpp>

#include "app/accounts/accounts.h"
#include "app/crypto.h"
#include "core/limits.h"
#include "http/body_guard.h"
#include "http/openapi.h"
#include "http/problem.h"

namespace ipe::http {
namespace {

bool IsSafeMethod(std::string_view m) { return m == "GET" || m == "HEAD" || m == "OPTIONS"; }

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

void AddSecurityHeaders(Response& r) {
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  r.headers.emplace_back("X-Frame-Options", "DENY");
  r.headers.emplace_back("Referrer-Policy", "same-origin");
  if (r.content_type.rfind("text/html", 0) == 0) {
    // Element Plus sets inline styles; scripts come only from our own origin.
    r.headers.emplace_back("Content-Security-Policy",
                           "default-src 'self'; img-src 'self' data:; style-src 'self' "
                           "'unsafe-inline'; object-src 'none'; frame-ancestors 'none'");
  }
}

std::mutex& LogMutex() {
  static std::mutex mu;
  return mu;
}

}  // namespace

Source ResolveSource(const DispatcherOptions& options, std::string_view peer,
                     std::string_view forwarded_for, std::string_view forwarded_proto) {
  auto trusted = [&options](std::string_view addr) {
    return std::find(options.trusted_proxies.begin(), options.trusted_proxies.end(), addr) !=
           options.trusted_proxies.end();
  };
  Source out{std::string(peer), options.https};
  if (!trusted(peer)) return out;
  // Right to left: each trusted proxy appended the address it received from; the first address
  // not a trusted proxy is the client. Anything left of it was written by the client itself.
  std::string_view rest = forwarded_for;
  while (!rest.empty()) {
    size_t comma = rest.rfind(',');
    std::string_view hop = TrimSpaces(comma == std::string_view::npos ? rest : rest.substr(comma + 1));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(0, comma);
    if (hop.empty()) continue;
    out.client = std::string(hop);
    if (!trusted(hop)) break;
  }
  std::string proto(TrimSpaces(forwarded_proto.substr(0, forwarded_proto.find(','))));
  for (char& c : proto) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (proto == "https") out.https = true;
  return out;
}

Dispatcher::Dispatcher(app::Context& ctx, StaticFiles files, DispatcherOptions options)
    : ctx_(ctx),
      files_(std::move(files)),
      options_(options),
      public_limiter_(core::limits::kPublicRequestsPerMinute, core::limits::kThrottleEntries) {
  // Servers sharing a PostgreSQL store share the portal's budget (docs/scale-out.md).
  if (ctx_.db().dialect() == storage::Dialect::kPostgres) public_limiter_.ShareThrough(&ctx_.db());
}

Response Dispatcher::Handle(Request& req) {
  auto start = std::chrono::steady_clock::now();
  req.request_id = std::to_string(next_request_id_.fetch_add(1));
  Source source = ResolveSource(options_, req.client, req.Header("x-forwarded-for"),
                                req.Header("x-forwarded-proto"));
  req.client = std::move(source.client);
  req.https = source.https;
  bool english = req.Header("accept-language").substr(0, 2) == "en";
  req.english = english;
  Response resp;
  try {
    resp = Route(req, english);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "{\"level\":\"error\",\"msg\":\"handler threw\",\"request_id\":\"%s\",\"what\":%s}\n",
                 req.request_id.c_str(), nlohmann::json(std::string(e.what())).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    resp = ProblemResponse(core::Internal(e.what()), english);
  }
  if (req.method == "HEAD") resp.body.clear();
  resp.headers.emplace_back("X-Request-Id", req.request_id);
  AddSecurityHeaders(resp);
  if (req.https) resp.headers.emplace_back("Strict-Transport-Security", "max-age=31536000");
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  metrics_.Observe(req.route.empty() ? "(none)" : req.route, req.method, resp.status, seconds);
  if (options_.access_log) Log(req, resp, seconds);
  return resp;
}

uint64_t Dispatcher::BodyLimit(std::string_view method, std::string_view target,
                               bool credentials) const {
  uint64_t limit = options_.max_body_bytes;
  uint64_t unauthenticated = core::limits::kUnauthenticatedBodyBytes;
  auto path = PercentDecode(target.substr(0, target.find('?')), false);
  if (path) {
    Router::Match m = router_.Find(method, *path);
    if (m.route && m.route->max_body_bytes > limit) limit = m.route->max_body_bytes;
    if (m.route && m.route->public_body_bytes > unauthenticated) {
      unauthenticated = m.route->public_body_bytes;
    }
  }
  if (!credentials) limit = std::min<uint64_t>(limit, unauthenticated);
  return limit;
}

Response Dispatcher::BodyRefusal(int status, uint64_t limit) const {
  Response r =
      status == 413
          ? ProblemResponse(413, "resource_exhausted",
                            "请求内容超过 " + std::to_string(limit) +
                                " 字节的上限 (body exceeds the limit)")
          : ProblemResponse(503, "unavailable",
                            "服务器正在接收的请求内容过多，请稍后重试 (too many bodies in flight)");
  if (status != 413) r.headers.emplace_back("Retry-After", "5");
  AddSecurityHeaders(r);
  return r;
}

Response Dispatcher::Route(Request& req, bool english) {
  Router::Match m = router_.Find(req.method, req.path);
  size_t body_limit = options_.max_body_bytes;
  if (m.route && m.route->max_body_bytes > body_limit) body_limit = m.route->max_body_bytes;
  // The server judged the body from its headers already (BodyLimit); this is the same rule for
  // callers that hand the dispatcher a whole request.
  if (!CookieHasSession(req.Header("cookie")) &&
      !AuthorizationHasToken(req.Header("authorization"))) {
    size_t unauthenticated = core::limits::kUnauthenticatedBodyBytes;
    if (m.route && m.route->public_body_bytes > unauthenticated) {
      unauthenticated = m.route->public_body_bytes;
    }
    body_limit = std::min<size_t>(body_limit, unauthenticated);
  }
  if (req.body.size() > body_limit) {
    req.route = "(body too large)";
    return ProblemResponse(413, "resource_exhausted",
                           "请求内容超过 " + std::to_string(body_limit) +
                               " 字节的上限 (body exceeds the limit)",
                           english);
  }
  if (!m.route) {
    if (m.path_matched_other_method) {
      req.route = "(method not allowed)";
      return ProblemResponse(405, "method_not_allowed", "不支持 " + req.method + " 方法", english);
    }
    // The contract's viewer (web/api-docs/, built into dist/api-docs/): docs/api.md "Contract".
    if ((req.path == "/api/docs" || req.path == "/api/docs/") && req.method == "GET") {
      req.route = "/api/docs";
      if (auto r = files_.Serve("/api-docs/index.html", req.Header("accept-encoding"))) return *r;
    }
    bool api = req.path.rfind("/api/", 0) == 0;
    if (!api && (req.method == "GET" || req.method == "HEAD")) {
      req.route = "(static)";
      if (auto r = files_.Serve(req.path, req.Header("accept-encoding"))) return *r;
    }
    req.route = "(not found)";
    return ProblemResponse(404, "not_found", "路径不存在: " + req.path, english);
  }
  req.route = m.route->pattern;
  req.path_params = std::move(m.params);
  // The public portal's API: a budget per source (docs/credit.md "Public API").
  if (!options_.public_unlimited && req.path.rfind("/api/v1/public/", 0) == 0) {
    int64_t retry_after = 0;
    if (!public_limiter_.Allow(req.client, ctx_.Now().seconds, retry_after)) {
      Response r = ProblemResponse(core::ResourceExhausted("请求过于频繁，请稍后再试"), english);
      r.headers.emplace_back("Retry-After", std::to_string(retry_after));
      return r;
    }
  }

  if (m.route->access == Access::kAuthenticated) {
    std::string_view authz = req.Header("authorization");
    if (authz.substr(0, 7) == "Bearer ") {
      auto p = app::AuthenticateToken(ctx_, std::string(authz.substr(7)));
      if (!p) return ProblemResponse(p.error(), english);
      req.principal = std::move(*p);
    } else {
      std::string secret = req.Cookie(kSessionCookie);
      if (secret.empty()) {
        return ProblemResponse(core::Unauthenticated("请先登录 (login required)"), english);
      }
      auto s = app::AuthenticateSession(ctx_, secret);
      if (!s) return ProblemResponse(s.error(), english);
      if (!IsSafeMethod(req.method) &&
          !app::ConstantTimeEquals(req.Header("x-csrf-token"), s->csrf_token)) {
        return ProblemResponse(403, "csrf",
                               "缺少或错误的 X-CSRF-Token 请求头 (CSRF token missing or wrong)",
                               english);
      }
      req.principal = std::move(s->principal);
    }
  }
  // A described route reads only what its spec lists: the spec cannot drift from parsing.
  if (m.route->spec) {
    core::Status fits = CheckRequest(*m.route, Contract(), req);
    if (!fits.ok()) return ProblemResponse(fits, english, m.route->invalid_argument_status);
  }
  Reply reply = m.route->handler(req);
  if (!reply) {
    return ProblemResponse(reply.error(), english, m.route->invalid_argument_status);
  }
  return std::move(reply).value();
}

const nlohmann::json& Dispatcher::Contract() {
  std::call_once(contract_once_, [this] {
    contract_ = std::make_shared<const nlohmann::json>(OpenApiDocument(router_));
  });
  return *contract_;
}

void Dispatcher::Log(const Request& req, const Response& resp, double seconds) {
  nlohmann::json line = {{"ts", ctx_.Now().ToString()},
                         {"level", resp.status >= 500 ? "error" : "info"},
                         {"msg", "request"},
                         {"request_id", req.request_id},
                         {"method", req.method},
                         {"route", req.route},
                         {"path", req.path},
                         {"status", resp.status},
                         {"ms", static_cast<double>(static_cast<int64_t>(seconds * 1e5)) / 100.0},
                         {"client", req.client}};
  if (req.principal) line["user"] = req.principal->login;
  std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::lock_guard lock(LogMutex());
  std::fprintf(stderr, "%s\n", text.c_str());
}

}  // namespace ipe::http
