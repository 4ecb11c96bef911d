// The only translation unit that includes RESTinio (it costs ~15 s to compile).
#include "http/server.h"

#include <sys/socket.h>

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <mutex>
#include <restinio/all.hpp>
#include <thread>
#include <vector>

#include "http/body_guard.h"

namespace ipe::http {

// What every connection's guard needs: set by Server::Start before the first accept and cleared
// by Stop after the last connection is gone. One running Server per process (ipenforce serve).
struct GuardContext {
  BodyLimitFn limit;
  std::function<Response(int status, uint64_t limit)> refusal;
  BodyBudget budget{core::limits::kBodyBytesInFlight};
};
namespace {
std::atomic<GuardContext*> g_guard_context{nullptr};

std::string Serialize(const Response& r) {
  std::string out = "HTTP/1.1 " + std::to_string(r.status) + " " + ReasonPhrase(r.status) + "\r\n";
  if (!r.content_type.empty()) out += "Content-Type: " + r.content_type + "\r\n";
  for (const auto& [k, v] : r.headers) out += k + ": " + v + "\r\n";
  out += "Connection: close\r\nContent-Length: " + std::to_string(r.body.size()) + "\r\n\r\n";
  out += r.body;
  return out;
}
}  // namespace

// RESTinio's plain TCP socket with every read judged by a BodyGuard (body_guard.h) before
// RESTinio sees it. On a refusal the guard's answer (413 or 503) is written straight to the
// socket, the read completes as end-of-stream and RESTinio closes the connection: the body is
// never read. Modelled on restinio::impl::tls_socket_t, the other socket adapter.
class GuardedSocket {
 public:
  using socket_t = asio::ip::tcp::socket;
  using executor_type = restinio::default_asio_executor;

  explicit GuardedSocket(asio::io_context& io) : socket_(io) {}
  GuardedSocket(GuardedSocket&&) = default;
  GuardedSocket& operator=(GuardedSocket&&) = default;
  GuardedSocket(const GuardedSocket&) = delete;
  GuardedSocket& operator=(const GuardedSocket&) = delete;

  socket_t::lowest_layer_type& lowest_layer() { return socket_.lowest_layer(); }
  const socket_t::lowest_layer_type& lowest_layer() const { return socket_.lowest_layer(); }
  auto get_executor() { return socket_.get_executor(); }
  auto remote_endpoint() const { return socket_.remote_endpoint(); }
  auto is_open() const { return socket_.is_open(); }
  template <typename... Args>
  void cancel(Args&&... args) { socket_.cancel(std::forward<Args>(args)...); }
  template <typename... Args>
  void shutdown(Args&&... args) { socket_.shutdown(std::forward<Args>(args)...); }
  template <typename... Args>
  void close(Args&&... args) { socket_.close(std::forward<Args>(args)...); }
  template <typename... Args>
  auto async_write_some(Args&&... args) {
    return socket_.async_write_some(std::forward<Args>(args)...);
  }

  template <typename Handler>
  void async_read_some(asio::mutable_buffer buffer, Handler&& handler) {
    GuardContext* ctx = g_guard_context.load();
    if (!ctx) {
      socket_.async_read_some(buffer, std::forward<Handler>(handler));
      return;
    }
    if (!guard_) guard_ = std::make_unique<BodyGuard>(&ctx->limit, &ctx->budget);
    auto executor = asio::get_associated_executor(handler, socket_.get_executor());
    // RESTinio never moves a socket while a read on it is pending, so &socket_ stays valid.
    socket_.async_read_some(
        buffer, asio::bind_executor(
                    executor, [guard = guard_.get(), sock = &socket_, ctx, buffer, executor,
                               h = std::forward<Handler>(handler)](
                                  const asio::error_code& ec, std::size_t n) mutable {
                      if (!ec && n > 0) {
                        auto verdict = guard->Feed(static_cast<const char*>(buffer.data()), n);
                        if (verdict != BodyGuard::Verdict::kPass) {
                          Refuse(*sock, *ctx, verdict, guard->refused_limit());
                          Drain(sock, buffer, executor, std::move(h), kDrainBytes);
                          return;
                        }
                      }
                      h(ec, n);
                    }));
  }

 private:
  // After a refusal the rest of the body is read and dropped (into RESTinio's own buffer, which
  // it does not use until the read completes) until the client stops sending, so that closing
  // does not reset the connection before the client has read the answer. Bounded in bytes here
  // and in time by RESTinio's read timeout (which cancels the read).
  static constexpr uint64_t kDrainBytes = core::limits::kLargestBodyBytes;

  template <typename Executor, typename Handler>
  static void Drain(socket_t* sock, asio::mutable_buffer buffer, Executor executor, Handler h,
                    uint64_t left) {
    sock->async_read_some(
        buffer, asio::bind_executor(executor, [sock, buffer, executor, left, h = std::move(h)](
                                                  const asio::error_code& ec,
                                                  std::size_t n) mutable {
          if (ec || n == 0 || n >= left) {
            h(asio::error_code(asio::error::eof), 0);
            return;
          }
          Drain(sock, buffer, executor, std::move(h), left - n);
        }));
  }

  static void Refuse(socket_t& sock, GuardContext& ctx, BodyGuard::Verdict verdict,
                     uint64_t limit) {
    int status = verdict == BodyGuard::Verdict::kTooLarge ? 413 : 503;
    std::string text = Serialize(ctx.refusal(status, limit));
    // Best effort: a few hundred bytes fit in any socket buffer.
    ::send(sock.native_handle(), text.data(), text.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
    asio::error_code ignored;
    sock.shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
  }

  // By value: the acceptor moves an accepted socket out and accepts the next connection into the
  // moved-from one, which asio leaves usable.
  socket_t socket_;
  std::unique_ptr<BodyGuard> guard_;  // made at the first read; pointer stable across moves
};

// RESTinio's connection finds these two by argument-dependent lookup.
template <typename Connection, typename StartReadCb, typename FailedCb>
void prepare_connection_and_start_read(GuardedSocket&, Connection&, StartReadCb start_read_cb,
                                       FailedCb) {
  start_read_cb();
}
inline restinio::impl::tls_socket_t* make_tls_socket_pointer_for_state_listener(
    GuardedSocket&) noexcept {
  return nullptr;
}

namespace {

// A fixed pool of threads draining one FIFO queue: a slow request delays only its own worker.
class WorkerPool {
 public:
  explicit WorkerPool(size_t n) {
    for (size_t i = 0; i < n; ++i) threads_.emplace_back([this] { Loop(); });
  }
  ~WorkerPool() { Stop(); }

  void Post(std::function<void()> job) {
    {
      std::lock_guard lock(mu_);
      jobs_.push_back(std::move(job));
    }
    cv_.notify_one();
  }

  void Stop() {
    {
      std::lock_guard lock(mu_);
      if (stopping_) return;
      stopping_ = true;
    }
    cv_.notify_all();
    for (auto& t : threads_) t.join();
  }

 private:
  void Loop() {
    for (;;) {
      std::function<void()> job;
      {
        std::unique_lock lock(mu_);
        cv_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
        if (jobs_.empty()) return;  // stopping and drained
        job = std::move(jobs_.front());
        jobs_.pop_front();
      }
      job();
    }
  }

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> jobs_;  // GUARDED_BY(mu_)
  bool stopping_ = false;                   // GUARDED_BY(mu_)
  std::vector<std::thread> threads_;
};

struct Traits : public restinio::default_traits_t {
  using stream_socket_t = GuardedSocket;
};

Request Convert(const restinio::request_t& in) {
  Request r;
  const auto& h = in.header();
  r.method = h.method().c_str();
  auto path = PercentDecode(h.path(), false);
  r.path = path ? *path : std::string();  // an undecodable path matches nothing → 404
  if (auto q = ParseQuery(h.query())) r.query = std::move(*q);
  h.for_each_field([&r](const restinio::http_header_field_t& f) {
    std::string name = f.name();
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    r.headers.emplace_back(std::move(name), f.value());
  });
  // Moved, not copied: RESTinio does not look at the body again, and a copy doubled the memory
  // every large upload held.
  r.body = std::move(const_cast<std::string&>(in.body()));
  r.client = in.remote_endpoint().address().to_string();
  return r;
}

}  // namespace

struct Server::Impl {
  ServerOptions options;
  RequestHandler handler;
  GuardContext guard;
  std::unique_ptr<WorkerPool> workers;
  restinio::running_server_handle_t<Traits> running;
  std::atomic<uint16_t> bound_port{0};  // set by the acceptor once bound (port 0 = any)
  bool stopped = false;
};

Server::Server(ServerOptions options, RequestHandler handler) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  impl_->handler = std::move(handler);
}

Server::~Server() { Stop(); }

core::Status Server::Start() {
  Impl* impl = impl_.get();
  impl->workers = std::make_unique<WorkerPool>(impl->options.worker_threads);
  impl->guard.limit = impl->options.body_limit
                          ? impl->options.body_limit
                          : BodyLimitFn([impl](std::string_view, std::string_view, bool) {
                              return impl->options.hard_body_limit;
                            });
  impl->guard.refusal = impl->options.refusal ? impl->options.refusal : [](int status, uint64_t) {
    Response r;
    r.status = status;
    return r;
  };
  g_guard_context.store(&impl->guard);
  auto settings =
      restinio::server_settings_t<Traits>{}
          .address(impl->options.host)
          .port(impl->options.port)
          .separate_accept_and_create_connect(true)
          .acceptor_post_bind_hook([impl](asio::ip::tcp::acceptor& acceptor) {
            impl->bound_port = acceptor.local_endpoint().port();
          })
          .max_pipelined_requests(4)
          .read_next_http_message_timelimit(std::chrono::seconds(60))
          .handle_request_timeout(std::chrono::seconds(60))
          .incoming_http_msg_limits(
              restinio::incoming_http_msg_limits_t{}.max_body_size(impl->options.hard_body_limit))
          .request_handler([impl](restinio::request_handle_t req) {
            // The body now sits in memory until the worker is done with it: it counts against
            // the budget the guards refuse new bodies by.
            uint64_t held = req->body().size();
            impl->guard.budget.Take(held);
            impl->workers->Post([impl, req, held] {
              Request r = Convert(*req);
              Response resp = impl->handler(r);
              r.body = std::string();
              impl->guard.budget.Give(held);
              auto builder = req->create_response(restinio::http_status_line_t{
                  restinio::http_status_code_t{static_cast<std::uint16_t>(resp.status)},
                  ReasonPhrase(resp.status)});
              if (!resp.content_type.empty()) {
                builder.append_header(restinio::http_field::content_type, resp.content_type);
              }
              for (auto& [k, v] : resp.headers) builder.append_header(k, v);
              builder.set_body(std::move(resp.body));
              builder.done();
            });
            return restinio::request_accepted();
          });
  try {
    impl->running = restinio::run_async(restinio::own_io_context(), std::move(settings),
                                        impl->options.io_threads);
  } catch (const std::exception& e) {
    impl->workers->Stop();
    g_guard_context.store(nullptr);
    return core::Unavailable("无法监听 " + impl->options.host + ":" +
                             std::to_string(impl->options.port) + ": " + e.what());
  }
  return core::Status::Ok();
}

void Server::Stop() {
  if (!impl_ || impl_->stopped || !impl_->running) return;
  impl_->stopped = true;
  impl_->running->stop();
  impl_->running->wait();
  impl_->workers->Stop();
  g_guard_context.store(nullptr);
}

uint16_t Server::port() const { return impl_->bound_port; }

core::Status ParseListenAddress(const std::string& text, std::string& host, uint16_t& port) {
  auto colon = text.rfind(':');
  if (colon == std::string::npos) {
    return core::InvalidArgument("监听地址应为 HOST:PORT: '" + text + "'");
  }
  std::string h = text.substr(0, colon);
  std::string p = text.substr(colon + 1);
  if (h.size() >= 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
  if (h.empty()) h = "0.0.0.0";
  if (p.empty() || p.size() > 5 || p.find_first_not_of("0123456789") != std::string::npos) {
    return core::InvalidArgument("端口无效: '" + text + "'");
  }
  unsigned long v = std::stoul(p);
  if (v > 65535) return core::InvalidArgument("端口无效: '" + text + "'");
  host = h;
  port = static_cast<uint16_t>(v);
  return core::Status::Ok();
}

}  // namespace ipe::http
