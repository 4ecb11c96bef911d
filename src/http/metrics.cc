#include "http/metrics.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>

namespace ipe::http {
namespace {

std::string Escape(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

int64_t ResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  int64_t size = 0, resident = 0;
  if (!(statm >> size >> resident)) return 0;
  return resident * sysconf(_SC_PAGESIZE);
}

}  // namespace

int64_t Metrics::Now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

void Metrics::Observe(const std::string& route, const std::string& method, int status,
                      double seconds) {
  std::lock_guard lock(mu_);
  ++requests_[{route, method, status}];
  Series& s = latency_[route];
  ++s.count;
  s.sum += seconds;
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++s.buckets[i];
  }
}

std::string Metrics::Render() const {
  std::string out;
  char buf[256];
  out += "# HELP ipe_http_requests_total HTTP requests by route, method and status.\n";
  out += "# TYPE ipe_http_requests_total counter\n";
  std::lock_guard lock(mu_);
  for (const auto& [key, n] : requests_) {
    const auto& [route, method, status] = key;
    out += "ipe_http_requests_total{route=\"" + Escape(route) + "\",method=\"" + method +
           "\",status=\"" + std::to_string(status) + "\"} " + std::to_string(n) + "\n";
  }
  out += "# HELP ipe_http_request_duration_seconds Request latency by route.\n";
  out += "# TYPE ipe_http_request_duration_seconds histogram\n";
  for (const auto& [route, s] : latency_) {
    std::string label = "route=\"" + Escape(route) + "\"";
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      std::snprintf(buf, sizeof buf, "%g", kBuckets[i]);
      out += "ipe_http_request_duration_seconds_bucket{" + label + ",le=\"" + buf + "\"} " +
             std::to_string(s.buckets[i]) + "\n";
    }
    out += "ipe_http_request_duration_seconds_bucket{" + label + ",le=\"+Inf\"} " +
           std::to_string(s.count) + "\n";
    std::snprintf(buf, sizeof buf, "%.6f", s.sum);
    out += "ipe_http_request_duration_seconds_sum{" + label + "} " + buf + "\n";
    out += "ipe_http_request_duration_seconds_count{" + label + "} " + std::to_string(s.count) +
           "\n";
  }
  out += "# HELP ipe_http_open_connections Open client connections.\n";
  out += "# TYPE ipe_http_open_connections gauge\n";
  out += "ipe_http_open_connections " + std::to_string(open_connections_.load()) + "\n";
  out += "# HELP process_resident_memory_bytes Resident set size.\n";
  out += "# TYPE process_resident_memory_bytes gauge\n";
  out += "process_resident_memory_bytes " + std::to_string(ResidentBytes()) + "\n";
  out += "# HELP ipe_uptime_seconds Seconds since the server started.\n";
  out += "# TYPE ipe_uptime_seconds gauge\n";
  out += "ipe_uptime_seconds " + std::to_string(Now() - start_seconds_) + "\n";
  return out;
}

}  // namespace ipe::http
