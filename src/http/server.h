#pragma once
// The HTTP server: RESTinio (asio) accepts and parses on a few I/O threads, and a pool of worker
// threads runs handlers, which may block on the database. Responses are written back through the
// connection's strand, so thousands of idle keep-alive connections cost no worker thread
// (docs/http.md explains the choice of library with the measurements).

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/limits.h"
#include "core/status.h"
#include "http/body_guard.h"
#include "http/message.h"

namespace ipe::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;
  size_t io_threads = 2;
  size_t worker_threads = 16;
  // No body larger than this is ever read, whatever `body_limit` says.
  uint64_t hard_body_limit = core::limits::kLargestBodyBytes;
  // Each request's body limit, asked as soon as its headers are in (Dispatcher::BodyLimit); a
  // body above it is refused with `refusal(413, limit)` before it is read, and a body that does
  // not fit in core::limits::kBodyBytesInFlight with `refusal(503, 0)`. Empty: the hard limit.
  BodyLimitFn body_limit;
  std::function<Response(int status, uint64_t limit)> refusal;
};

using RequestHandler = std::function<Response(Request&)>;

class Server {
 public:
  Server(ServerOptions options, RequestHandler handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Binds and starts serving in background threads. Unavailable when the address is taken.
  core::Status Start();
  /// Stops accepting, finishes queued work and joins the threads. Idempotent.
  void Stop();
  /// The port actually bound (useful with port 0).
  uint16_t port() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Parses "HOST:PORT" ("127.0.0.1:8080", "[::1]:8080", ":8080" = all interfaces).
core::Status ParseListenAddress(const std::string& text, std::string& host, uint16_t& port);

}  // namespace ipe::http
