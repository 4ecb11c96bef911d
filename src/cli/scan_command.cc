// `ipenforce scan --brands FILE --listings FILE|- [--threads N] [--slang FILE] [--price-ratio R]`:
// scans marketplace listings for counterfeit signals (网络售假线索筛查). Reads JSONL listings,
// writes one JSONL result per listing in input order on stdout; progress, counts and malformed
// lines (with their line numbers; skipped) on stderr. docs/match.md has the formats and rules.
//
// Pipeline: the main thread reads 1 MiB blocks of whole lines and hands them to N workers; each
// worker parses every line (a hand-written reader for the common flat line, simdjson's DOM for
// the rest), normalises, matches and scores only the titles the prefilter (Scanner::MayMatch)
// cannot rule out, and renders its block into one output buffer; the main thread writes finished blocks strictly in input order. Per-listing work allocates nothing once
// the per-thread buffers have grown.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/output.h"
#include "match/io/jsonl.h"
#include "match/registry.h"
#include "match/scanner.h"

namespace ipe::cli {
namespace {

constexpr const char* kUsage =
    "用法 (usage): ipenforce scan --brands FILE --listings FILE|- [--threads N] [--slang FILE]\n"
    "                             [--price-ratio R]\n"
    "  --brands FILE      品牌库 JSONL (brand registry, one brand a line):\n"
    "                     {\"id\",\"names\",\"generic_names\",\"context_terms\",\"authorized_shops\",\n"
    "                      \"reference_price_fen\"}\n"
    "  --listings FILE|-  商品 JSONL，'-' 为标准输入 (listings; - = stdin):\n"
    "                     {\"id\",\"platform\",\"shop_id\",\"shop_name\",\"title\",\"price_fen\"}\n"
    "  --threads N        工作线程数，默认为 CPU 核数 (worker threads; default: all cores)\n"
    "  --slang FILE       黑话词表，替换内置词表 (slang lexicon replacing the built-in one;\n"
    "                     one term a line, # comments)\n"
    "  --price-ratio R    低于参考价 R 倍即为价格信号，默认 0.4 (price signal below R × reference\n"
    "                     price; default 0.4)\n"
    "输出 (output): 每条商品一行 JSON，顺序同输入 (one JSON line per listing, input order):\n"
    "  {\"id\",\"suspected\",\"score\",\"brands\":[…],\"signals\":[{\"kind\",\"detail\",\"span\"}]}\n"
    "  span = 标题中的 [起,止) UTF-16 码元 (UTF-16 code units of the title, as JavaScript counts)\n";

// 1 MiB: with 2 workers, 2 × threads + 2 blocks are in flight; 4 MiB blocks (and their output)
// cost 15,000 page faults and twice the system time for 1M listings, 1 MiB blocks 4,800
// (docs/match.md, "Threads"). Long lines still fit: a block grows to hold one.
constexpr size_t kBlockBytes = 1u << 20;
constexpr size_t kMaxReportedErrors = 1000;

bool ReadFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return !in.bad();
}

struct LineError {
  uint64_t line;  // 1-based within the block
  std::string message;
};

// A block of whole input lines and, once processed, its output.
struct Block {
  std::vector<char> data;  // size bytes of lines, then ListingParser::kPadding readable bytes
  size_t size = 0;
  // Filled by the worker:
  std::string out;
  std::vector<LineError> errors;
  uint64_t lines = 0;
  uint64_t listings = 0;
  uint64_t suspected = 0;
  bool done = false;
};

// Per-thread state: JSON parser, scanner scratch, result, result writer; reused for every listing.
class Worker {
 public:
  explicit Worker(const match::Scanner& scanner)
      : scanner_(scanner), scratch_(scanner), writer_(scanner) {}

  void Process(Block* block) {
    const char* base = block->data.data();
    const size_t size = block->size;
    const size_t capacity = block->data.size();
    block->out.clear();
    block->out.reserve(size / 2 + 1024);
    size_t pos = 0;
    uint64_t line_no = 0;
    // Counted in locals and stored once: the Block is shared with the reader thread.
    uint64_t listings = 0;
    uint64_t suspected = 0;
    while (pos < size) {
      const char* nl = static_cast<const char*>(std::memchr(base + pos, '\n', size - pos));
      size_t end = nl != nullptr ? static_cast<size_t>(nl - base) : size;
      ++line_no;
      size_t len = end - pos;
      if (len > 0 && base[pos + len - 1] == '\r') --len;
      std::string_view line(base + pos, len);
      size_t line_capacity = capacity - pos;
      pos = end + 1;
      if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
      match::io::ListingFields f;
      if (!parser_.Parse(line, line_capacity, &f, &error_)) {
        block->errors.push_back({line_no, error_});
        continue;
      }
      match::Listing listing;
      listing.platform = f.platform;
      listing.shop_id = f.shop_id;
      listing.shop_name = f.shop_name;
      listing.title = f.title;
      if (f.price_fen) listing.price = core::Fen(*f.price_fen);
      // Only titles the prefilter cannot rule out are normalised, matched and scored.
      if (scanner_.MayMatch(f.title)) {
        scanner_.Scan(listing, &scratch_, &result_);
      } else {
        result_.suspected = false;
        result_.score = 0;
        result_.brands.clear();
        result_.signals.clear();
      }
      writer_.Append(f.id, listing, result_, &block->out);
      ++listings;
      suspected += result_.suspected ? 1 : 0;
    }
    block->lines = line_no;
    block->listings = listings;
    block->suspected = suspected;
  }

 private:
  const match::Scanner& scanner_;
  match::ScanScratch scratch_;
  match::io::ListingParser parser_;
  match::ScanResult result_;
  match::io::ResultWriter writer_;
  std::string error_;
};

// Workers take blocks from a queue; the reader waits for the oldest block to finish.
class Pool {
 public:
  Pool(const match::Scanner& scanner, unsigned threads) {
    for (unsigned i = 0; i < threads; ++i) {
      threads_.emplace_back([this, &scanner] {
        Worker worker(scanner);
        while (true) {
          Block* block = nullptr;
          {
            std::unique_lock lock(mu_);
            work_cv_.wait(lock, [this] { return stop_ || !queue_.empty(); });
            if (queue_.empty()) return;
            block = queue_.front();
            queue_.pop_front();
          }
          worker.Process(block);
          {
            std::lock_guard lock(mu_);
            block->done = true;
          }
          done_cv_.notify_all();
        }
      });
    }
  }
  ~Pool() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    work_cv_.notify_all();
    for (std::thread& t : threads_) t.join();
  }
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  void Submit(Block* block) {
    {
      std::lock_guard lock(mu_);
      queue_.push_back(block);
    }
    work_cv_.notify_one();
  }
  void Wait(Block* block) {
    std::unique_lock lock(mu_);
    done_cv_.wait(lock, [block] { return block->done; });
  }

 private:
  std::mutex mu_;
  std::condition_variable work_cv_;
  std::condition_variable done_cv_;
  std::deque<Block*> queue_;  // GUARDED_BY(mu_)
  bool stop_ = false;         // GUARDED_BY(mu_)
  std::vector<std::thread> threads_;
};

// Reads whole lines from fd into blocks of about kBlockBytes.
class BlockReader {
 public:
  explicit BlockReader(int fd) : fd_(fd) {}

  /// Next block, or nullptr at end of input. Sets *error on a read error. `reuse` (may be null) is
  /// a finished block whose buffers are recycled: fresh buffers cost page faults.
  std::unique_ptr<Block> Next(bool* error, std::unique_ptr<Block> reuse) {
    if (eof_ && carry_.empty()) return nullptr;
    std::unique_ptr<Block> block = reuse ? std::move(reuse) : std::make_unique<Block>();
    block->errors.clear();
    block->lines = block->listings = block->suspected = 0;
    block->done = false;
    std::vector<char>& buf = block->data;
    size_t want = std::max(kBlockBytes, carry_.size() * 2);
    buf.resize(want + match::io::ListingParser::kPadding);
    size_t size = carry_.size();
    std::memcpy(buf.data(), carry_.data(), size);
    carry_.clear();
    while (true) {
      while (!eof_ && size < want) {
        ssize_t n = ::read(fd_, buf.data() + size, want - size);
        if (n < 0) {
          if (errno == EINTR) continue;
          *error = true;
          return nullptr;
        }
        if (n == 0) eof_ = true;
        size += static_cast<size_t>(n);
        bytes_read_ += static_cast<uint64_t>(n);
      }
      if (eof_) break;
      // Keep whole lines; the tail after the last newline starts the next block.
      const char* last = static_cast<const char*>(memrchr(buf.data(), '\n', size));
      if (last != nullptr) {
        size_t keep = static_cast<size_t>(last - buf.data()) + 1;
        carry_.assign(buf.data() + keep, buf.data() + size);
        size = keep;
        break;
      }
      // One line longer than the block: grow.
      want *= 2;
      buf.resize(want + match::io::ListingParser::kPadding);
    }
    std::memset(buf.data() + size, ' ', buf.size() - size);
    block->size = size;
    if (size == 0) return nullptr;
    return block;
  }
  uint64_t bytes_read() const { return bytes_read_; }

 private:
  int fd_;
  bool eof_ = false;
  std::vector<char> carry_;
  uint64_t bytes_read_ = 0;
};

bool WriteAll(const std::string& s) {
  const char* p = s.data();
  size_t left = s.size();
  while (left > 0) {
    ssize_t n = ::write(STDOUT_FILENO, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

int RunScan(const CommandArgs& argv) {
  Args args(argv);
  std::optional<std::string> brands_path = args.Value("--brands");
  std::optional<std::string> listings_path = args.Value("--listings");
  std::optional<std::string> threads_text = args.Value("--threads");
  std::optional<std::string> slang_path = args.Value("--slang");
  std::optional<std::string> ratio_text = args.Value("--price-ratio");
  if (args.WantsHelp()) {
    std::fputs(kUsage, stdout);
    return kExitOk;
  }
  std::vector<std::string> positional = args.positional();
  std::string err = args.Finish();
  if (err.empty() && !positional.empty()) err = "多余的参数 (unexpected argument): " + positional[0];
  if (err.empty() && (!brands_path || !listings_path)) {
    err = "需要 --brands 和 --listings (--brands and --listings are required)";
  }
  if (!err.empty()) {
    std::fprintf(stderr, "ipenforce scan: %s\n%s", err.c_str(), kUsage);
    return kExitUsage;
  }
  unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  if (threads_text) {
    char* end = nullptr;
    unsigned long n = std::strtoul(threads_text->c_str(), &end, 10);
    if (threads_text->empty() || *end != '\0' || (*threads_text)[0] == '-' || n < 1 || n > 256) {
      std::fprintf(stderr, "ipenforce scan: --threads 应为 1 至 256 的整数 (--threads must be an "
                           "integer from 1 to 256)\n");
      return kExitUsage;
    }
    threads = static_cast<unsigned>(n);
  }
  match::ScanOptions options;
  if (ratio_text) {
    char* end = nullptr;
    double r = std::strtod(ratio_text->c_str(), &end);
    if (ratio_text->empty() || *end != '\0' || !(r > 0 && r <= 1)) {
      std::fprintf(stderr, "ipenforce scan: --price-ratio 应在 (0,1] 之间 (--price-ratio must be "
                           "a number in (0,1], e.g. 0.4)\n");
      return kExitUsage;
    }
    options.price_ratio = r;
  }

  // Data at the edge: read and validate everything before the first output byte.
  std::string brands_text;
  if (!ReadFile(*brands_path, &brands_text)) {
    return Fail(core::NotFound("无法读取品牌文件 (cannot read brand file): " + *brands_path));
  }
  auto registry = match::io::ParseBrandRegistryJsonl(brands_text);
  if (!registry) return Fail(registry.error());
  std::string slang_text(match::DefaultSlangLexicon());
  if (slang_path && !ReadFile(*slang_path, &slang_text)) {
    return Fail(core::NotFound("无法读取黑话词表 (cannot read slang file): " + *slang_path));
  }
  auto slang = match::ParseSlangLexicon(slang_text);
  if (!slang) return Fail(slang.error());
  const size_t brand_count = registry->brands.size();
  const size_t slang_count = slang->size();
  auto scanner = match::Scanner::Create(std::move(*registry), std::move(*slang), options);
  if (!scanner) return Fail(scanner.error());

  int fd = STDIN_FILENO;
  uint64_t total_bytes = 0;
  if (*listings_path != "-") {
    fd = ::open(listings_path->c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      return Fail(core::NotFound("无法打开商品文件 (cannot open listings file): " + *listings_path));
    }
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) total_bytes = static_cast<uint64_t>(st.st_size);
  }
  std::fprintf(stderr,
               "ipenforce scan: 品牌 %zu 个 (brands), 黑话 %zu 条 (slang terms), 模式 %zu 个 "
               "(patterns, look-alikes as classes), 线程 %u (threads)\n",
               brand_count, slang_count, (*scanner)->literal_count(), threads);

  auto start = std::chrono::steady_clock::now();
  BlockReader reader(fd);
  ProgressBar progress("扫描 (scan)", total_bytes);
  uint64_t line_base = 0;
  uint64_t listings = 0;
  uint64_t suspected = 0;
  uint64_t skipped = 0;
  bool write_failed = false;
  bool read_failed = false;
  auto finish_block = [&](Block& block) {
    for (const LineError& e : block.errors) {
      ++skipped;
      if (skipped <= kMaxReportedErrors) {
        std::fprintf(stderr, "ipenforce scan: 第 %llu 行已跳过 (line %llu skipped): %s\n",
                     static_cast<unsigned long long>(line_base + e.line),
                     static_cast<unsigned long long>(line_base + e.line), e.message.c_str());
      }
    }
    line_base += block.lines;
    listings += block.listings;
    suspected += block.suspected;
    if (!write_failed && !WriteAll(block.out)) write_failed = true;
    progress.Update(reader.bytes_read());
  };

  if (threads == 1) {
    Worker worker(**scanner);
    std::unique_ptr<Block> block;
    while ((block = reader.Next(&read_failed, std::move(block)))) {
      worker.Process(block.get());
      finish_block(*block);
      if (write_failed) break;
    }
  } else {
    Pool pool(**scanner, threads);
    std::deque<std::unique_ptr<Block>> in_flight;
    std::unique_ptr<Block> spare;
    const size_t max_in_flight = 2 * threads + 2;
    while (!write_failed) {
      if (in_flight.size() >= max_in_flight) {
        pool.Wait(in_flight.front().get());
        finish_block(*in_flight.front());
        spare = std::move(in_flight.front());
        in_flight.pop_front();
        continue;
      }
      auto block = reader.Next(&read_failed, std::move(spare));
      if (!block) break;
      pool.Submit(block.get());
      in_flight.push_back(std::move(block));
    }
    while (!in_flight.empty()) {
      pool.Wait(in_flight.front().get());
      if (!write_failed) finish_block(*in_flight.front());
      in_flight.pop_front();
    }
  }
  progress.Finish();
  if (fd != STDIN_FILENO) ::close(fd);
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (skipped > kMaxReportedErrors) {
    std::fprintf(stderr, "ipenforce scan: … 另有 %llu 行已跳过 (and %llu more lines skipped)\n",
                 static_cast<unsigned long long>(skipped - kMaxReportedErrors),
                 static_cast<unsigned long long>(skipped - kMaxReportedErrors));
  }
  std::fprintf(stderr,
               "汇总 (summary): 商品 %llu 条 (listings), 疑似 %llu 条 (suspected), 跳过 %llu 行 "
               "(lines skipped), %.1f MB 用时 %.2f s (%.0f MB/s)\n",
               static_cast<unsigned long long>(listings),
               static_cast<unsigned long long>(suspected),
               static_cast<unsigned long long>(skipped), reader.bytes_read() / 1e6, seconds,
               seconds > 0 ? reader.bytes_read() / 1e6 / seconds : 0.0);
  if (read_failed) return Fail(core::Unavailable("读取输入失败 (read error)"));
  if (write_failed) return Fail(core::Unavailable("写出结果失败 (write error on stdout)"));
  return kExitOk;
}

}  // namespace ipe::cli
