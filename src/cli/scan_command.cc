// `ipenforce scan --brands FILE --listings FILE|- [--threads N] [--slang FILE] [--price-ratio R]`:
// scans marketplace listings for counterfeit signals (网络售假线索筛查). Reads JSONL listings,
// writes one JSONL result per listing in input order on stdout; progress, counts and malformed
// lines (with their line numbers; skipped) on stderr. docs/match.md has the formats and rules.
//
// Pipeline: the input is cut into 1 MiB blocks of whole lines; each worker parses every line of a
// block (a hand-written reader for the common flat line, simdjson's DOM for the rest), normalises,
// matches and scores only the titles the prefilter (Scanner::MayMatch) cannot rule out — 128
// listings at a time, one Hyperscan call for their candidate titles (Scanner::ScanBatch) — and
// renders the block into one output buffer; the main thread writes finished blocks strictly in input
// order. A regular file is read by the workers themselves (FileBlocks: pread(), each finds its
// block's line boundaries) and the main thread only writes; stdin and pipes are read() by the main
// thread, which copies blocks out of the stream and hands them to the workers.
// Per-listing work allocates nothing once the per-thread buffers have grown.
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
  bool read_error = false;  // FileBlocks: the block could not be read; nothing else is set
};

// Per-thread state: JSON parser, scanner scratch, the batch of listings and their results, result
// writer; reused for every block.
class Worker {
 public:
  explicit Worker(const match::Scanner& scanner)
      : scanner_(scanner), scratch_(scanner), writer_(scanner), batch_(kBatch),
        candidates_(kBatch), results_(kBatch) {}

  void Process(Block* block) { Process(block->data.data(), block->size, block->data.size(), block); }

  /// Renders the lines in base[0, size) into block's output, errors and counts. base[0, capacity)
  /// must be readable and capacity >= size + ListingParser::kPadding.
  void Process(const char* base, size_t size, size_t capacity, Block* block) {
    block->errors.clear();
    block->out.clear();
    block->out.reserve(size / 2 + 1024);
    size_t pos = 0;
    uint64_t line_no = 0;
    // Counted in the worker and stored in the Block once: the Block is shared with the writer.
    listings_ = 0;
    suspected_ = 0;
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
      Entry& e = batch_[batched_];
      match::io::ListingFields f;
      bool flat = false;
      if (!parser_.Parse(line, line_capacity, &f, &error_, &flat)) {
        block->errors.push_back({line_no, error_});
        continue;
      }
      if (!flat) Own(&f, &e.storage);  // the DOM's views last only until the next Parse
      e.id = f.id;
      e.listing.platform = f.platform;
      e.listing.shop_id = f.shop_id;
      e.listing.shop_name = f.shop_name;
      e.listing.title = f.title;
      e.listing.price.reset();
      if (f.price_fen) e.listing.price = core::Fen(*f.price_fen);
      // Only titles the prefilter cannot rule out are normalised, matched and scored.
      e.candidate = scanner_.MayMatch(f.title);
      if (++batched_ == kBatch) Flush(block);
    }
    Flush(block);
    block->lines = line_no;
    block->listings = listings_;
    block->suspected = suspected_;
  }

 private:
  // Listings are gathered in batches so that the candidate titles of a batch are matched with
  // one Hyperscan call (Scanner::ScanBatch) instead of one a title; results are written in order.
  static constexpr size_t kBatch = 128;
  struct Entry {
    std::string_view id;
    match::Listing listing;
    bool candidate = false;
    std::string storage;  // the fields of a line read by the DOM path
  };

  // Copies the fields into *storage and points them there.
  static void Own(match::io::ListingFields* f, std::string* storage) {
    std::string_view* fields[] = {&f->id, &f->platform, &f->shop_id, &f->shop_name, &f->title};
    storage->clear();
    for (std::string_view* v : fields) storage->append(*v);
    size_t at = 0;
    for (std::string_view* v : fields) {
      *v = std::string_view(storage->data() + at, v->size());
      at += v->size();
    }
  }

  void Flush(Block* block) {
    size_t count = 0;
    for (size_t i = 0; i < batched_; ++i) {
      if (batch_[i].candidate) candidates_[count++] = batch_[i].listing;
    }
    if (count > 0) scanner_.ScanBatch(candidates_.data(), count, &scratch_, results_.data());
    size_t next = 0;
    for (size_t i = 0; i < batched_; ++i) {
      const Entry& e = batch_[i];
      const match::ScanResult& result = e.candidate ? results_[next++] : empty_;
      writer_.Append(e.id, e.listing, result, &block->out);
      suspected_ += result.suspected ? 1 : 0;
    }
    listings_ += batched_;
    batched_ = 0;
  }

  const match::Scanner& scanner_;
  match::ScanScratch scratch_;
  match::io::ListingParser parser_;
  match::io::ResultWriter writer_;
  std::string error_;
  std::vector<Entry> batch_;  // sized once: the views into `storage` must not move
  size_t batched_ = 0;
  std::vector<match::Listing> candidates_;
  std::vector<match::ScanResult> results_;
  const match::ScanResult empty_;  // "suspected":false, score 0, no brands, no signals
  uint64_t listings_ = 0;
  uint64_t suspected_ = 0;
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

// A regular listings file cut into blocks that the workers read themselves with pread(): the copy
// out of the page cache is made by the thread that then parses the block, into its own buffer
// that stays in its core's cache, and no thread copies every byte for the others. Block k holds
// the lines that start in [k × kBlockBytes, (k+1) × kBlockBytes) — none when a longer line covers
// that span — so any thread finds any block's range from the bytes alone, and the output equals
// the read() path's line for line.
//
// Mapping the file instead was measured and dropped: 12 % more CPU time for the same output
// (docs/match.md, "Throughput"), and a file truncated while mapped faults with SIGBUS. Here only
// the size seen at open is read: lines appended during the scan are not read, and a file that
// shrinks during the scan is a read error (exit 3) after the blocks already written.
class FileBlocks {
 public:
  FileBlocks(int fd, uint64_t size) : fd_(fd), size_(size) {}

  uint64_t count() const { return (size_ + kBlockBytes - 1) / kBlockBytes; }

  /// Reads block k into *buf (the thread's, reused) and renders it into *block with worker.
  /// Returns the end of its range (the input consumed up to it); sets block->read_error on a read
  /// error or a file shorter than at open.
  uint64_t Process(uint64_t k, Worker* worker, Block* block, std::vector<char>* buf) const {
    block->read_error = false;
    const size_t padding = match::io::ListingParser::kPadding;
    // From the byte before the block's span (a newline there means a line starts at the span's
    // start) to a little past it, where the block's last line most likely ends.
    const uint64_t from = k == 0 ? 0 : k * kBlockBytes - 1;
    const uint64_t limit = std::min(size_, (k + 1) * kBlockBytes);
    uint64_t have = std::min(size_, limit + kEndSlack);
    buf->resize(have - from + padding);
    if (!Read(buf->data(), from, have)) return Failed(block, limit);
    auto at = [&](const void* p) {
      return from + static_cast<uint64_t>(static_cast<const char*>(p) - buf->data());
    };
    uint64_t begin = 0;
    if (k > 0) {
      // Only within the span: only the block where a long line starts reads it to its end.
      const void* nl = std::memchr(buf->data(), '\n', limit - from);
      begin = nl == nullptr ? limit : at(nl) + 1;
    }
    uint64_t end = begin;
    if (begin < limit) {
      end = size_;
      uint64_t search = limit - 1;  // the last line ends at the first newline from here
      while (limit < size_) {
        const void* nl = std::memchr(buf->data() + (search - from), '\n', have - search);
        if (nl != nullptr) {
          end = at(nl) + 1;
          break;
        }
        if (have == size_) break;
        // A line longer than the slack: read on, doubling.
        const uint64_t more = std::min(size_, have + (have - from));
        buf->resize(more - from + padding);
        if (!Read(buf->data() + (have - from), have, more)) return Failed(block, limit);
        search = have;
        have = more;
      }
    }
    std::memset(buf->data() + (have - from), ' ', padding);
    const size_t offset = begin - from;
    worker->Process(buf->data() + offset, end - begin, buf->size() - offset, block);
    return end;
  }

 private:
  // 64 KiB past the span: the block's last line ends there unless it is that long.
  static constexpr uint64_t kEndSlack = 64u << 10;

  // Bytes [from, end) of the file into `to`; false on an error or a file now shorter than end.
  bool Read(char* to, uint64_t from, uint64_t end) const {
    while (from < end) {
      ssize_t n = ::pread(fd_, to, end - from, static_cast<off_t>(from));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      to += n;
      from += static_cast<uint64_t>(n);
    }
    return true;
  }
  static uint64_t Failed(Block* block, uint64_t limit) {
    block->read_error = true;
    block->out.clear();
    block->errors.clear();
    block->lines = block->listings = block->suspected = 0;
    return limit;
  }

  const int fd_;
  const uint64_t size_;
};

// Scans a regular file with `threads` workers; the calling thread only writes. Block k goes to
// slot k % slots, and a worker claims block k only after block k − slots is written, so memory
// stays at `slots` output buffers and one read buffer a worker.
// `finish(block, consumed)` writes the next block in input order and returns false to stop (a
// write or read error).
template <typename Finish>
void ScanFile(const match::Scanner& scanner, unsigned threads, const FileBlocks& blocks,
              Finish finish) {
  const uint64_t count = blocks.count();
  if (threads == 1) {
    Worker worker(scanner);
    Block block;
    std::vector<char> buf;
    for (uint64_t k = 0; k < count; ++k) {
      const uint64_t end = blocks.Process(k, &worker, &block, &buf);
      if (!finish(block, end)) return;
    }
    return;
  }
  struct Slot {
    Block block;
    uint64_t end = 0;
    uint64_t done = UINT64_MAX;  // GUARDED_BY(mu): the block whose output the slot holds
  };
  const uint64_t slots = 2 * static_cast<uint64_t>(threads) + 2;
  std::vector<Slot> slot(slots);
  std::mutex mu;
  std::condition_variable done_cv;  // a slot is done
  std::condition_variable free_cv;  // a slot is written, or stop
  uint64_t next = 0;                // GUARDED_BY(mu): the next block to claim
  uint64_t written = 0;             // GUARDED_BY(mu): blocks written
  bool stop = false;                // GUARDED_BY(mu)
  std::vector<std::thread> pool;
  for (unsigned i = 0; i < threads; ++i) {
    pool.emplace_back([&] {
      Worker worker(scanner);
      std::vector<char> buf;
      while (true) {
        uint64_t k;
        {
          std::unique_lock lock(mu);
          free_cv.wait(lock, [&] { return stop || next >= count || next < written + slots; });
          if (stop || next >= count) return;
          k = next++;
        }
        Slot& s = slot[k % slots];
        s.end = blocks.Process(k, &worker, &s.block, &buf);
        {
          std::lock_guard lock(mu);
          s.done = k;
        }
        done_cv.notify_one();  // only the writer waits on it
      }
    });
  }
  for (uint64_t k = 0; k < count; ++k) {
    Slot& s = slot[k % slots];
    {
      std::unique_lock lock(mu);
      done_cv.wait(lock, [&] { return s.done == k; });
    }
    const bool go_on = finish(s.block, s.end);
    {
      std::lock_guard lock(mu);
      ++written;
      stop = !go_on;
    }
    free_cv.notify_all();
    if (!go_on) break;
  }
  for (std::thread& t : pool) t.join();
}

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
  bool regular = false;  // then read by the workers (FileBlocks); stdin and pipes by read()
  if (*listings_path != "-") {
    fd = ::open(listings_path->c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      return Fail(core::NotFound("无法打开商品文件 (cannot open listings file): " + *listings_path));
    }
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
      total_bytes = static_cast<uint64_t>(st.st_size);
      regular = true;
    }
  }
  std::fprintf(stderr,
               "ipenforce scan: 品牌 %zu 个 (brands), 黑话 %zu 条 (slang terms), 模式 %zu 个 "
               "(patterns, look-alikes as classes), 线程 %u (threads)\n",
               brand_count, slang_count, (*scanner)->literal_count(), threads);

  auto start = std::chrono::steady_clock::now();
  ProgressBar progress("扫描 (scan)", total_bytes);
  uint64_t bytes_in = 0;
  uint64_t line_base = 0;
  uint64_t listings = 0;
  uint64_t suspected = 0;
  uint64_t skipped = 0;
  bool write_failed = false;
  bool read_failed = false;
  // Writes a finished block (the next in input order); `consumed`: input bytes up to its end.
  auto finish_block = [&](Block& block, uint64_t consumed) {
    if (block.read_error) {
      read_failed = true;
      return false;
    }
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
    bytes_in = consumed;
    progress.Update(consumed);
    return !write_failed;
  };

  if (regular) {
    ScanFile(**scanner, threads, FileBlocks(fd, total_bytes), finish_block);
  } else if (threads == 1) {
    BlockReader reader(fd);
    Worker worker(**scanner);
    std::unique_ptr<Block> block;
    while ((block = reader.Next(&read_failed, std::move(block)))) {
      worker.Process(block.get());
      if (!finish_block(*block, reader.bytes_read())) break;
    }
  } else {
    BlockReader reader(fd);
    Pool pool(**scanner, threads);
    std::deque<std::unique_ptr<Block>> in_flight;
    std::unique_ptr<Block> spare;
    const size_t max_in_flight = 2 * threads + 2;
    while (!write_failed) {
      if (in_flight.size() >= max_in_flight) {
        pool.Wait(in_flight.front().get());
        finish_block(*in_flight.front(), reader.bytes_read());
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
      if (!write_failed) finish_block(*in_flight.front(), reader.bytes_read());
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
               static_cast<unsigned long long>(skipped), bytes_in / 1e6, seconds,
               seconds > 0 ? bytes_in / 1e6 / seconds : 0.0);
  if (read_failed) return Fail(core::Unavailable("读取输入失败 (read error)"));
  if (write_failed) return Fail(core::Unavailable("写出结果失败 (write error on stdout)"));
  return kExitOk;
}

}  // namespace ipe::cli
