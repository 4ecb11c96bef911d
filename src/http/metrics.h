#pragma once
// Request metrics in Prometheus text format (GET /metrics).

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

namespace ipe::http {

class Metrics {
 public:
  /// Records one finished request. Thread-safe.
  void Observe(const std::string& route, const std::string& method, int status, double seconds);
  /// Connections currently open (updated by the server).
  void SetOpenConnections(int64_t n) { open_connections_.store(n); }
  /// Prometheus exposition text, plus process gauges (RSS, uptime).
  std::string Render() const;

 private:
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1.0,  2.5};
  struct Series {
    uint64_t count = 0;
    double sum = 0;
    std::array<uint64_t, kBuckets.size()> buckets{};
  };
  mutable std::mutex mu_;
  std::map<std::tuple<std::string, std::string, int>, uint64_t> requests_;  // GUARDED_BY(mu_)
  std::map<std::string, Series> latency_;                                   // GUARDED_BY(mu_)
  std::atomic<int64_t> open_connections_{0};
  const int64_t start_seconds_ = Now();
  static int64_t Now();
};

}  // namespace ipe::http
