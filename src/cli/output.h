#pragma once
// Terminal output helpers shared by subcommands.
//
//   ProgressBar bar("扫描", total_bytes);   // draws on stderr only when stderr is a terminal
//   bar.Update(done_bytes);
//   bar.Finish();                           // final line with the count and elapsed time

#include <chrono>
#include <cstdint>
#include <string>

namespace ipe::cli {

class ProgressBar {
 public:
  /// total == 0 means unknown: a counter is shown instead of a bar.
  ProgressBar(std::string label, uint64_t total);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  /// Redraws at most ~10 times a second; cheap to call in a hot loop.
  void Update(uint64_t done);
  /// Draws the final state and a newline (on a terminal); idempotent.
  void Finish();

 private:
  void Draw(bool final_draw);
  std::string label_;
  uint64_t total_;
  uint64_t done_ = 0;
  bool enabled_;
  bool finished_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace ipe::cli
