#pragma once
// A throwaway nats-server with JetStream for tests (Debian package nats-server, scripts/deps-apt.txt):
// started on a free loopback port with its store in a temporary directory, killed and deleted at
// destruction.
#include <string>

namespace ipe::testing {

class NatsServer {
 public:
  /// Starts it and waits (up to 5 s) until it accepts connections; check ok().
  NatsServer();
  ~NatsServer();
  NatsServer(const NatsServer&) = delete;  // owns a process and a directory
  NatsServer& operator=(const NatsServer&) = delete;

  /// The binary was found and the server accepts connections.
  bool ok() const { return ok_; }
  /// Why not ok(): the binary is missing, or the server's log.
  std::string problem() const;
  std::string url() const { return "nats://127.0.0.1:" + std::to_string(port_); }

 private:
  int pid_ = -1;
  int port_ = 0;
  bool ok_ = false;
  std::string dir_;
  std::string binary_;
};

}  // namespace ipe::testing
