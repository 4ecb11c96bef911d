#pragma once
// Test helpers: start the real `ipenforce serve` on 127.0.0.1 with an ephemeral port and a fresh
// database, and talk to it with a minimal blocking HTTP/1.1 client (one connection per request).

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ipe::testing {

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names; last value wins
  std::vector<std::string> set_cookies;
  std::string body;
};

struct HttpRequest {
  std::string method = "GET";
  std::string path = "/";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

/// Sends one request with "Connection: close" and reads the whole response. Throws on socket
/// errors (a test failure, not an expected outcome).
HttpResponse Send(int port, const HttpRequest& req);

/// Writes `bytes` as they are (a hand-made request: chunked, lying Content-Length …) and reads
/// until the server closes or `timeout_s` passes with nothing to read. Returns what was read (""
/// when the server answered nothing). Throws when it cannot connect.
std::string SendRaw(int port, const std::string& bytes, int timeout_s = 10);

/// A user logged in through POST /api/v1/session, with what the login answered.
struct ApiSession {
  int status = 0;      // of the login response (200 when logged in)
  std::string body;    // of the login response, for failure messages
  std::string cookie;  // "ipe_session=…"; empty when refused
  std::string csrf;    // the CSRF token every write must carry
  /// The Cookie and X-CSRF-Token headers of a request made as this user.
  std::vector<std::pair<std::string, std::string>> AuthHeaders() const;
};

/// Logs in as `login` (the caller asserts on `status`).
ApiSession LogIn(int port, const std::string& login, const std::string& password);

/// Runs a command, returning its exit code; stdout/stderr captured into `output`.
int RunCommand(const std::string& command, std::string* output = nullptr);

class ServerProcess {
 public:
  /// Starts `binary serve --db url --listen 127.0.0.1:0 --demo`, reads the port it bound from its
  /// start line and waits for /readyz.
  ServerProcess(const std::string& binary, const std::string& db_url,
                const std::vector<std::string>& extra_args = {});
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  int port() const { return port_; }
  bool running() const;  // the process has not exited
  /// Stops the process at once, as a crash does (SIGKILL: no shutdown), and waits for it.
  void Kill();
  std::string log() const;

 private:
  int pid_ = -1;
  int port_ = 0;
  std::string log_path_;
};

/// A database URL for a fresh, empty database on the backend under test: "sqlite" gives a temp
/// file, "postgres" a new schema on $IPE_PG_DSN (empty string when IPE_PG_DSN is unset).
std::string FreshDatabaseUrl(const std::string& backend);

/// A test parameterised by backend ("sqlite" or "postgres") with its own server on demo data,
/// started in SetUp (skipped when the backend is "postgres" and IPE_PG_DSN is unset). Subclasses
/// add serve flags by overriding ExtraArgs().
class ServerTest : public ::testing::TestWithParam<std::string> {
 public:
  int port() const { return server_->port(); }
  /// A JSON POST (Content-Type added to `headers`).
  HttpResponse Post(const std::string& path, const std::string& body,
                    std::vector<std::pair<std::string, std::string>> headers = {});
  HttpResponse Get(const std::string& path,
                   std::vector<std::pair<std::string, std::string>> headers = {});

 protected:
  void SetUp() override;
  virtual std::vector<std::string> ExtraArgs() { return {}; }

  std::string db_url_;
  std::unique_ptr<ServerProcess> server_;
};

}  // namespace ipe::testing
