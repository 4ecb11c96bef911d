#include "cli/output.h"

#include <unistd.h>

#include <cstdio>

namespace ipe::cli {

ProgressBar::ProgressBar(std::string label, uint64_t total)
    : label_(std::move(label)),
      total_(total),
      enabled_(isatty(STDERR_FILENO) == 1),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

ProgressBar::~ProgressBar() { Finish(); }

void ProgressBar::Update(uint64_t done) {
  done_ = done;
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  Draw(false);
}

void ProgressBar::Finish() {
  if (finished_) return;
  finished_ = true;
  if (enabled_) Draw(true);
}

void ProgressBar::Draw(bool final_draw) {
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  if (total_ > 0) {
    constexpr int kWidth = 30;
    uint64_t shown = done_ > total_ ? total_ : done_;
    int filled = static_cast<int>(kWidth * shown / total_);
    std::string bar(static_cast<size_t>(filled), '#');
    bar.append(static_cast<size_t>(kWidth - filled), '.');
    std::fprintf(stderr, "\r%s [%s] %3d%% %.1fs", label_.c_str(), bar.c_str(),
                 static_cast<int>(100 * shown / total_), secs);
  } else {
    std::fprintf(stderr, "\r%s %llu %.1fs", label_.c_str(), static_cast<unsigned long long>(done_),
                 secs);
  }
  if (final_draw) std::fputc('\n', stderr);
  std::fflush(stderr);
}

}  // namespace ipe::cli
