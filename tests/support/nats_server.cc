#include "nats_server.h"

#include "child_process.h"

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

namespace ipe::testing {
namespace {

sockaddr_in Loopback(int port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  return addr;
}

// A port the system just handed out (nats-server has no "port 0 and tell me"; the window between
// closing it here and the server binding it is short, and a clash shows as !ok()).
int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr = Loopback(0);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

bool Connectable(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr = Loopback(port);
  bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  close(fd);
  return ok;
}

}  // namespace

NatsServer::NatsServer() {
  for (const char* p : {"/usr/sbin/nats-server", "/usr/bin/nats-server", "/usr/local/bin/nats-server"}) {
    if (access(p, X_OK) == 0) {
      binary_ = p;
      break;
    }
  }
  if (binary_.empty()) return;
  char tmpl[] = "/tmp/ipe-test-nats-XXXXXX";
  if (mkdtemp(tmpl) == nullptr) return;
  dir_ = tmpl;
  port_ = FreePort();
  std::string log = dir_ + "/nats.log";
  std::vector<std::string> args = {binary_, "-js", "-a", "127.0.0.1", "-p", std::to_string(port_),
                                   "-sd", dir_ + "/store"};
  pid_ = SpawnWithLog(std::move(args), log);
  for (int i = 0; i < 200; ++i) {
    if (Connectable(port_)) {
      ok_ = true;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
}

NatsServer::~NatsServer() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  if (!dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
}

std::string NatsServer::problem() const {
  if (binary_.empty()) return "nats-server is missing: apt-get install nats-server (scripts/deps-apt.txt)";
  std::ifstream in(dir_ + "/nats.log");
  std::stringstream ss;
  ss << in.rdbuf();
  return "nats-server did not start:\n" + ss.str();
}

}  // namespace ipe::testing
