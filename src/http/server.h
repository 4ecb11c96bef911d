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

#include "core/status.h"
#include "http/message.h"

namespace ipe::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;
  size_t io_threads = 2;
  size_t worker_threads = 16;
  // Bodies up to this size are read and then judged by the dispatcher (413 past its own limit);
  // beyond it the connection is closed without reading further.
  uint64_t hard_body_limit = 64ull << 20;
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
