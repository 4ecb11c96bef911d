#pragma once
// Judges a request's body before it is read (issue 12, point 7). The server feeds every byte it
// reads from a connection through one BodyGuard, which runs its own http-parser over the same
// stream: when a request's headers are complete it asks for that request's limit (by route, and
// far lower without credentials) and refuses a declared Content-Length above it before one body
// byte is read; a chunked body is cut off as soon as it passes the limit. A process-wide
// BodyBudget bounds the body bytes held in memory over all connections.
//
//   BodyBudget budget(96 << 20);
//   BodyGuard guard(&limit_fn, &budget);
//   if (guard.Feed(data, n) != BodyGuard::Verdict::kPass) { answer guard.refusal_status(); close; }
//
// Pure: no sockets. One BodyGuard per connection, used from that connection's strand only.

#include <http_parser.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace ipe::http {

/// The body limit for a request, from its method, request target (path and query, as sent) and
/// whether it carries something shaped like a session cookie or an API token.
using BodyLimitFn =
    std::function<uint64_t(std::string_view method, std::string_view target, bool credentials)>;

/// Body bytes in memory over all connections. Thread-safe.
class BodyBudget {
 public:
  explicit BodyBudget(uint64_t capacity) : capacity_(capacity) {}
  /// Takes `n` bytes when they fit; false (nothing taken) when they do not.
  bool TryTake(uint64_t n);
  /// Takes `n` bytes even past the capacity (bodies already in memory must be counted).
  void Take(uint64_t n) { used_.fetch_add(n, std::memory_order_relaxed); }
  void Give(uint64_t n) { used_.fetch_sub(n, std::memory_order_relaxed); }
  uint64_t used() const { return used_.load(std::memory_order_relaxed); }
  uint64_t capacity() const { return capacity_; }

 private:
  const uint64_t capacity_;
  std::atomic<uint64_t> used_{0};
};

class BodyGuard {
 public:
  enum class Verdict {
    kPass,      // let the bytes through
    kTooLarge,  // 413: the body passes this request's limit
    kBusy,      // 503: the body does not fit in the process-wide budget now
  };

  /// Both pointers must outlive the guard.
  BodyGuard(const BodyLimitFn* limit, BodyBudget* budget);
  ~BodyGuard();
  BodyGuard(const BodyGuard&) = delete;  // http_parser.data points at this object
  BodyGuard& operator=(const BodyGuard&) = delete;

  /// Judges the next `n` bytes of the connection. After a refusal every later call refuses too.
  /// A stream http-parser cannot parse passes: RESTinio's own parser answers it.
  Verdict Feed(const char* data, size_t n);

  /// The limit of the refused request (for the 413 message).
  uint64_t refused_limit() const { return limit_; }

 private:
  static int OnMessageBegin(http_parser* p);
  static int OnUrl(http_parser* p, const char* at, size_t n);
  static int OnHeaderField(http_parser* p, const char* at, size_t n);
  static int OnHeaderValue(http_parser* p, const char* at, size_t n);
  static int OnHeadersComplete(http_parser* p);
  static int OnBody(http_parser* p, const char* at, size_t n);
  static int OnMessageComplete(http_parser* p);
  void EndHeader();
  void ReleaseCharge();

  const BodyLimitFn* limit_fn_;
  BodyBudget* budget_;
  http_parser parser_;
  http_parser_settings settings_;
  Verdict verdict_ = Verdict::kPass;
  bool gave_up_ = false;  // http-parser failed: pass everything from now on

  // The request being read.
  std::string target_;
  std::string field_;  // current header name, lower-cased, capped
  std::string value_;  // current header value, only for the headers we read, capped
  bool in_value_ = false;
  bool credentials_ = false;
  uint64_t limit_ = 0;
  uint64_t body_ = 0;     // body bytes seen
  uint64_t charged_ = 0;  // bytes taken from the budget for this request
};

/// True when a Cookie header value carries a session cookie of the right shape, or an
/// Authorization value is a bearer token of the right shape.
bool CookieHasSession(std::string_view cookie);
bool AuthorizationHasToken(std::string_view authorization);

}  // namespace ipe::http
