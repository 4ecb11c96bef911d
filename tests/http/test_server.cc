#include "test_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <mutex>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "http/json_schema.h"
#include "storage/db.h"

namespace ipe::testing {
namespace {

std::string RandomSuffix() {
  std::random_device rd;
  std::mt19937_64 gen(rd());
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(gen()));
  return buf;
}

}  // namespace

namespace {

// A connected socket to 127.0.0.1:port; throws when nothing listens.
int ConnectLoopback(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    throw std::runtime_error("connect failed");
  }
  return fd;
}

// Sends all of `out` (stopping early when the server closes, e.g. after a 413: what it said is
// still read) and reads until the server closes or the receive timeout passes; closes `fd`.
std::string Exchange(int fd, const std::string& out) {
  size_t sent = 0;
  while (sent < out.size()) {
    ssize_t n = ::send(fd, out.data() + sent, out.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<size_t>(n);
  }
  std::string in;
  std::array<char, 65536> buf;
  for (;;) {
    ssize_t n = recv(fd, buf.data(), buf.size(), 0);
    if (n <= 0) break;
    in.append(buf.data(), static_cast<size_t>(n));
  }
  close(fd);
  return in;
}

}  // namespace

std::string SendRaw(int port, const std::string& bytes, int timeout_s) {
  int fd = ConnectLoopback(port);
  timeval tv{timeout_s, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  return Exchange(fd, bytes);
}

namespace {

HttpResponse SendUnchecked(int port, const HttpRequest& req);

// The contract check (docs/api.md "Contract"): every response a test receives is validated
// against the /api/v1/openapi.json of the server it came from, fetched once per server. Counts go
// to IPE_CONTRACT_DIR/counts-<pid>.txt at exit ("validated unchecked failed"); scripts/test.sh
// sums them. IPE_CONTRACT_CHECK=0 turns the check off.
class ContractCheck {
 public:
  ~ContractCheck() {
#ifdef IPE_CONTRACT_DIR
    if (validated_ + unchecked_ + failed_ == 0) return;
    std::string dir = IPE_CONTRACT_DIR;
    RunCommand("mkdir -p '" + dir + "'");
    std::ofstream out(dir + "/counts-" + std::to_string(getpid()) + ".txt");
    out << validated_ << " " << unchecked_ << " " << failed_ << "\n";
#endif
  }

  static bool Enabled() {
    const char* e = std::getenv("IPE_CONTRACT_CHECK");
    return !(e && std::string(e) == "0");
  }

  // A new server on `port`: its document is fetched again on first use.
  void Forget(int port) {
    std::lock_guard lock(mu_);
    docs_.erase(port);
  }

  void Check(int port, const HttpRequest& req, const HttpResponse& resp) {
    std::shared_ptr<const nlohmann::json> doc = Document(port);
    if (!doc) return;  // not an ipenforce server (a webhook receiver …)
    std::string path = req.path.substr(0, req.path.find('?'));
    std::string media = resp.headers.count("content-type")
                            ? resp.headers.at("content-type").substr(
                                  0, resp.headers.at("content-type").find(';'))
                            : "";
    const nlohmann::json* op = Operation(*doc, req.method, path);
    const nlohmann::json* schema = nullptr;
    std::string where = req.method + " " + req.path + " → " + std::to_string(resp.status);
    if (op && !op->contains("x-undescribed")) {
      const nlohmann::json& responses = (*op)["responses"];
      std::string status = std::to_string(resp.status);
      std::string range = status.substr(0, 1) + "XX";
      const nlohmann::json* answer = responses.contains(status) ? &responses[status]
                                     : responses.contains(range) ? &responses[range]
                                     : responses.contains("default") ? &responses["default"]
                                                                      : nullptr;
      if (!answer) return Fail(where + ": status not in the contract");
      if (req.method == "HEAD") return Count(validated_);  // no body to check
      if (!answer->contains("content")) {
        if (!resp.body.empty() && resp.status != 204) {
          return Fail(where + ": the contract says no body");
        }
        return Count(validated_);
      }
      if (!(*answer)["content"].contains(media)) {
        return Fail(where + ": media type " + media + " not in the contract");
      }
      const nlohmann::json& content = (*answer)["content"][media];
      if (media != "application/json" && media != "application/problem+json") {
        return Count(validated_);  // CSV, spreadsheets, text: the media type is the contract
      }
      schema = &content["schema"];
    } else if (media == "application/problem+json") {
      // Refusals before any route (404 path, 405) and undescribed routes' problems.
      schema = &(*doc)["components"]["schemas"]["Problem"];
    } else {
      return Count(unchecked_);
    }
    nlohmann::json body = nlohmann::json::parse(resp.body, nullptr, false);
    if (body.is_discarded()) return Fail(where + ": body is not JSON");
    auto errors = ipe::http::ValidateJson(*doc, *schema, body);
    if (errors.empty()) return Count(validated_);
    std::string text;
    for (const auto& e : errors) text += "\n  " + (e.path.empty() ? "(body)" : e.path) + ": " + e.message;
    Fail(where + " does not match the contract:" + text + "\n  body: " + resp.body.substr(0, 400));
  }

 private:
  void Count(std::atomic<long>& n) { ++n; }
  void Fail(const std::string& message) {
    ++failed_;
    ADD_FAILURE() << "contract: " << message;
  }

  std::shared_ptr<const nlohmann::json> Document(int port) {
    {
      std::lock_guard lock(mu_);
      if (auto it = docs_.find(port); it != docs_.end()) return it->second;
    }
    std::shared_ptr<const nlohmann::json> doc;
    try {
      HttpResponse r = SendUnchecked(port, {"GET", "/api/v1/openapi.json", {}, ""});
      auto j = nlohmann::json::parse(r.body, nullptr, false);
      if (r.status == 200 && !j.is_discarded() && j.contains("openapi") && j.contains("paths")) {
        doc = std::make_shared<const nlohmann::json>(std::move(j));
      }
    } catch (const std::exception&) {
    }
    std::lock_guard lock(mu_);
    docs_[port] = doc;
    return doc;
  }

  // The operation of the path template matching `path` (literal segments win over
  // parameters, as the server's router registers them), or null.
  static const nlohmann::json* Operation(const nlohmann::json& doc, std::string method,
                                         const std::string& path) {
    for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (method == "head") method = "get";
    auto split = [](const std::string& p) {
      std::vector<std::string> out;
      std::stringstream in(p);
      std::string seg;
      while (std::getline(in, seg, '/')) out.push_back(seg);
      if (!p.empty() && p.back() == '/') out.push_back("");
      return out;
    };
    std::vector<std::string> segs = split(path);
    const nlohmann::json* best = nullptr;
    int best_literals = -1;
    for (const auto& [tpl, ops] : doc["paths"].items()) {
      std::vector<std::string> want = split(tpl);
      if (want.size() != segs.size() || !ops.contains(method)) continue;
      int literals = 0;
      bool ok = true;
      for (size_t i = 0; i < want.size() && ok; ++i) {
        if (want[i].size() > 2 && want[i].front() == '{') {
          ok = !segs[i].empty();
        } else {
          ok = want[i] == segs[i];
          ++literals;
        }
      }
      if (ok && literals > best_literals) {
        best = &ops[method];
        best_literals = literals;
      }
    }
    return best;
  }

  std::mutex mu_;
  std::map<int, std::shared_ptr<const nlohmann::json>> docs_;
  std::atomic<long> validated_{0};
  std::atomic<long> unchecked_{0};
  std::atomic<long> failed_{0};
};

ContractCheck& Contract() {
  static ContractCheck check;
  return check;
}

}  // namespace

HttpResponse Send(int port, const HttpRequest& req) {
  HttpResponse resp = SendUnchecked(port, req);
  if (ContractCheck::Enabled() && req.path.rfind("/api/v1/openapi.json", 0) != 0) {
    Contract().Check(port, req, resp);
  }
  return resp;
}

namespace {

HttpResponse SendUnchecked(int port, const HttpRequest& req) {
  std::string out = req.method + " " + req.path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
                    "Connection: close\r\nContent-Length: " + std::to_string(req.body.size()) +
                    "\r\n";
  for (const auto& [k, v] : req.headers) out += k + ": " + v + "\r\n";
  out += "\r\n";
  out += req.body;
  std::string in = Exchange(ConnectLoopback(port), out);
  HttpResponse resp;
  size_t header_end = in.find("\r\n\r\n");
  if (header_end == std::string::npos) throw std::runtime_error("no HTTP response: " + in);
  std::istringstream head(in.substr(0, header_end));
  std::string line;
  std::getline(head, line);
  resp.status = std::stoi(line.substr(9, 3));
  while (std::getline(head, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string name = line.substr(0, colon);
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.erase(0, 1);
    if (name == "set-cookie") resp.set_cookies.push_back(value);
    resp.headers[name] = value;
  }
  resp.body = in.substr(header_end + 4);
  return resp;
}

}  // namespace

int RunCommand(const std::string& command, std::string* output) {
  std::string cmd = command + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return -1;
  std::string text;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) text.append(buf.data(), n);
  int rc = pclose(p);
  if (output) *output = text;
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

ServerProcess::ServerProcess(const std::string& binary, const std::string& db_url,
                             const std::vector<std::string>& extra_args) {
  // Port 0: the server binds a port the system picks and names it in its start line. (Picking a
  // free port here and passing it raced with the other test processes doing the same: a server
  // that lost the race exited, and its test talked to another test's server until that one
  // stopped mid-request.)
  log_path_ = "/tmp/ipe-test-server-" + RandomSuffix() + ".log";
  std::vector<std::string> args = {binary,   "serve",    "--db",
                                   db_url,   "--listen", "127.0.0.1:0",
                                   "--demo", "--web",    "/nonexistent-web-dir"};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  pid_ = fork();
  if (pid_ == 0) {
    FILE* log = std::fopen(log_path_.c_str(), "w");
    if (log) {
      dup2(fileno(log), STDERR_FILENO);
      dup2(fileno(log), STDOUT_FILENO);
    }
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  const std::string started = "http://127.0.0.1:";
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    if (port_ == 0) {
      std::string text = log();
      if (size_t at = text.find(started); at != std::string::npos) {
        port_ = std::atoi(text.c_str() + at + started.size());
      }
    }
    if (port_ != 0) {
      try {
        if (SendUnchecked(port_, {"GET", "/readyz", {}, ""}).status == 200) {
          Contract().Forget(port_);
          return;
        }
      } catch (const std::exception&) {
      }
    }
    if (!running()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  throw std::runtime_error("server did not become ready; log:\n" + log());
}

void ServerProcess::Kill() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
  std::remove(log_path_.c_str());
}

bool ServerProcess::running() const {
  int status = 0;
  return pid_ > 0 && waitpid(pid_, &status, WNOHANG) == 0;
}

std::string ServerProcess::log() const {
  std::ifstream in(log_path_);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string FreshDatabaseUrl(const std::string& backend) {
  if (backend == "sqlite") {
    return "sqlite:///tmp/ipe-test-" + RandomSuffix() + "/ipe.db";
  }
  const char* dsn = std::getenv("IPE_PG_DSN");
  if (!dsn || !*dsn) return "";
  std::string schema = "t_" + RandomSuffix();
  auto db = storage::OpenDatabase(dsn);
  if (!db) throw std::runtime_error("cannot open " + std::string(dsn));
  auto tx = (*db)->Begin(storage::TxMode::kWrite);
  if (!tx || !(*tx)->Exec("CREATE SCHEMA " + schema) || !(*tx)->Commit().ok()) {
    throw std::runtime_error("cannot create schema " + schema);
  }
  std::string url = dsn;
  url += (url.find('?') == std::string::npos ? "?" : "&");
  url += "options=-csearch_path%3D" + schema;
  return url;
}

std::vector<std::pair<std::string, std::string>> ApiSession::AuthHeaders() const {
  return {{"Cookie", cookie}, {"X-CSRF-Token", csrf}};
}

ApiSession LogIn(int port, const std::string& login, const std::string& password) {
  HttpResponse r = Send(port, {"POST",
                               "/api/v1/session",
                               {{"Content-Type", "application/json"}},
                               nlohmann::json{{"login", login}, {"password", password}}.dump()});
  ApiSession s{r.status, r.body, "", ""};
  for (const auto& c : r.set_cookies) {
    if (c.rfind("ipe_session=", 0) == 0) s.cookie = c.substr(0, c.find(';'));
  }
  s.csrf = nlohmann::json::parse(r.body).value("csrf_token", "");
  return s;
}

void ServerTest::SetUp() {
  db_url_ = FreshDatabaseUrl(GetParam());
  if (db_url_.empty()) GTEST_SKIP() << "IPE_PG_DSN not set: PostgreSQL run skipped";
  server_ = std::make_unique<ServerProcess>(IPE_BINARY, db_url_, ExtraArgs());
}

HttpResponse ServerTest::Post(const std::string& path, const std::string& body,
                              std::vector<std::pair<std::string, std::string>> headers) {
  headers.emplace_back("Content-Type", "application/json");
  return Send(port(), {"POST", path, headers, body});
}

HttpResponse ServerTest::Get(const std::string& path,
                             std::vector<std::pair<std::string, std::string>> headers) {
  return Send(port(), {"GET", path, headers, ""});
}

}  // namespace ipe::testing
