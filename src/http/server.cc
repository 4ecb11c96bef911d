// The only translation unit that includes RESTinio (it costs ~15 s to compile).
#include "http/server.h"

#include <condition_variable>
#include <cstdio>
#include <deque>
#include <mutex>
#include <restinio/all.hpp>
#include <thread>
#include <vector>

namespace ipe::http {
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

using Traits = restinio::default_traits_t;

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
  r.body = in.body();
  r.client = in.remote_endpoint().address().to_string();
  return r;
}

}  // namespace

struct Server::Impl {
  ServerOptions options;
  RequestHandler handler;
  std::unique_ptr<WorkerPool> workers;
  restinio::running_server_handle_t<Traits> running;
  uint16_t bound_port = 0;
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
  auto settings =
      restinio::server_settings_t<Traits>{}
          .address(impl->options.host)
          .port(impl->options.port)
          .separate_accept_and_create_connect(true)
          .max_pipelined_requests(4)
          .read_next_http_message_timelimit(std::chrono::seconds(60))
          .handle_request_timeout(std::chrono::seconds(60))
          .incoming_http_msg_limits(
              restinio::incoming_http_msg_limits_t{}.max_body_size(impl->options.hard_body_limit))
          .request_handler([impl](restinio::request_handle_t req) {
            impl->workers->Post([impl, req] {
              Request r = Convert(*req);
              Response resp = impl->handler(r);
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
    return core::Unavailable("无法监听 " + impl->options.host + ":" +
                             std::to_string(impl->options.port) + ": " + e.what());
  }
  impl->bound_port = impl->options.port;
  return core::Status::Ok();
}

void Server::Stop() {
  if (!impl_ || impl_->stopped || !impl_->running) return;
  impl_->stopped = true;
  impl_->running->stop();
  impl_->running->wait();
  impl_->workers->Stop();
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
