// `ipenforce scan` end to end: the command's real code (scan_cli_driver) run as a process.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace {

struct ProcessResult {
  int exit_code;
  std::string out;
  std::string err;
};

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const std::string kBrands = std::string(IPE_SOURCE_DIR) + "/tests/match/brands.jsonl";

ProcessResult Scan(const std::string& args, const std::string& stdin_text) {
  // ctest runs each test as its own process, in parallel: the files carry the process id.
  const std::string base = ::testing::TempDir() + "/scan_cli_" + std::to_string(::getpid());
  std::ofstream(base + "_in.jsonl") << stdin_text;
  std::string cmd = std::string(IPE_SCAN_BIN) + " " + args + " <" + base + "_in.jsonl >" + base +
                    "_out.txt 2>" + base + "_err.txt";
  int status = std::system(cmd.c_str());
  ProcessResult r{WIFEXITED(status) ? WEXITSTATUS(status) : -1, Slurp(base + "_out.txt"),
                  Slurp(base + "_err.txt")};
  for (const char* suffix : {"_in.jsonl", "_out.txt", "_err.txt"}) std::remove((base + suffix).c_str());
  return r;
}

TEST(ScanCli, OneResultPerListingInOrderMalformedLinesSkipped) {
  std::string in;
  for (int i = 0; i < 3000; ++i) {
    if (i == 1234) in += "{not json\n";
    if (i == 2000) in += "{\"id\":\"x\",\"title\":\"a\",\"price_fen\":1.5}\n";
    in += "{\"id\":\"" + std::to_string(i) + "\",\"shop_id\":\"s\",\"title\":\"高仿 耐克 跑鞋 " +
          std::to_string(i) + "\",\"price_fen\":19900}\n";
  }
  for (const char* threads : {"1", "2", "4"}) {
    ProcessResult r =
        Scan("--brands " + kBrands + " --listings - --threads " + threads, in);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    std::istringstream lines(r.out);
    std::string line;
    int n = 0;
    while (std::getline(lines, line)) {
      ASSERT_EQ(line.rfind("{\"id\":\"" + std::to_string(n) + "\",\"suspected\":true", 0), 0u)
          << line;
      ++n;
    }
    EXPECT_EQ(n, 3000);
    EXPECT_NE(r.err.find("line 1235 skipped"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("line 2002 skipped"), std::string::npos) << r.err;
  }
}

TEST(ScanCli, SpansAreUtf16CodeUnits) {
  ProcessResult r = Scan("--brands " + kBrands + " --listings -",
                         "{\"id\":\"1\",\"title\":\"😀高仿 Ｎ.Ｉ.Ｋ.Ｅ\",\"price_fen\":100}\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // 😀 is 2 UTF-16 units: 高仿 = [2,4), Ｎ.Ｉ.Ｋ.Ｅ = [5,12)
  EXPECT_NE(r.out.find("\"span\":[5,12]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"span\":[2,4]"), std::string::npos) << r.out;
}

TEST(ScanCli, BadUsageAndBadBrandFileExitTwoWithoutOutput) {
  EXPECT_EQ(Scan("--listings -", "").exit_code, 2);
  EXPECT_EQ(Scan("--brands " + kBrands + " --listings - --threads 0", "").exit_code, 2);
  EXPECT_EQ(Scan("--brands " + kBrands + " --listings - --price-ratio 2", "").exit_code, 2);
  ProcessResult r = Scan("--brands /nonexistent --listings -", "{\"id\":\"1\",\"title\":\"x\"}\n");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(r.out.empty());
  const std::string bad = ::testing::TempDir() + "/bad_brands.jsonl";
  std::ofstream(bad) << "{\"id\":\"a\",\"names\":[\"x\"]}\n{\"id\":\"a\",\"names\":\"y\"}\n";
  r = Scan("--brands " + bad + " --listings -", "");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("line 2"), std::string::npos) << r.err;
}

TEST(ScanCli, SlangOverride) {
  const std::string slang = ::testing::TempDir() + "/slang.txt";
  std::ofstream(slang) << "# only one term\n神仙版\n";
  ProcessResult r = Scan("--brands " + kBrands + " --listings - --slang " + slang,
                         "{\"id\":\"1\",\"title\":\"高仿 耐克\",\"price_fen\":89900}\n"
                         "{\"id\":\"2\",\"title\":\"神仙版 耐克\",\"price_fen\":89900}\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("{\"id\":\"1\",\"suspected\":false"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("{\"id\":\"2\",\"suspected\":true"), std::string::npos) << r.out;
}

// A regular --listings FILE is read by the workers in 1 MiB blocks (kBlockBytes in
// src/cli/scan_command.cc), stdin by one reader thread: both must give the same bytes.
constexpr size_t kBlock = 1u << 20;

std::string Listing(size_t i, const std::string& title) {
  return "{\"id\":\"" + std::to_string(i) + "\",\"shop_id\":\"s\",\"title\":\"" + title +
         "\",\"price_fen\":19900}\n";
}

// Appends listings to *in until it is exactly `offset` bytes long (offset >= in->size() + 64).
void FillTo(std::string* in, size_t offset) {
  for (size_t i = 0; in->size() + 400 < offset; ++i) {
    in->append(Listing(i, i % 3 == 0 ? "高仿 耐克 跑鞋 " + std::to_string(i) : "普通 T恤 " + std::to_string(i)));
  }
  const std::string head = "{\"id\":\"fill\",\"title\":\"";
  const std::string tail = "\"}\n";
  in->append(head + std::string(offset - in->size() - head.size() - tail.size(), 'a') + tail);
}

// Skipped-line messages of stderr (the summary line carries a time).
std::string SkippedLines(const std::string& err) {
  std::istringstream lines(err);
  std::string line;
  std::string out;
  while (std::getline(lines, line)) {
    if (line.find(" skipped): ") != std::string::npos) out += line + "\n";
  }
  return out;
}

void ExpectFileEqualsStdin(const std::string& in) {
  const std::string path = ::testing::TempDir() + "/scan_cli_file_" + std::to_string(::getpid());
  std::ofstream(path, std::ios::binary) << in;
  for (const char* threads : {"1", "2", "3"}) {
    SCOPED_TRACE(std::string("--threads ") + threads);
    const std::string args = "--brands " + kBrands + " --threads " + threads + " --listings ";
    ProcessResult from_stdin = Scan(args + "-", in);
    ProcessResult from_file = Scan(args + path, "");
    EXPECT_EQ(from_file.exit_code, 0) << from_file.err;
    EXPECT_EQ(from_file.exit_code, from_stdin.exit_code);
    EXPECT_TRUE(from_file.out == from_stdin.out)
        << "stdout differs: " << from_file.out.size() << " against " << from_stdin.out.size() << " bytes";
    EXPECT_EQ(SkippedLines(from_file.err), SkippedLines(from_stdin.err));
  }
  std::remove(path.c_str());
}

TEST(ScanCli, FileEqualsStdinEmptyAndWithoutTrailingNewline) {
  ExpectFileEqualsStdin("");
  ExpectFileEqualsStdin("\n\n");
  std::string in = Listing(1, "高仿 耐克") + Listing(2, "普通 T恤");
  in.pop_back();  // no newline after the last line
  ExpectFileEqualsStdin(in);
  // The last line needs the DOM path (an escape) and ends the file without padding after it.
  ExpectFileEqualsStdin(Listing(1, "高仿 耐克") + "{\"id\":\"2\",\"title\":\"高仿 \\\"耐克\\\"\"}");
  ExpectFileEqualsStdin("{not json");
}

TEST(ScanCli, FileEqualsStdinAtBlockBoundaries) {
  std::string in;
  // A malformed line starting exactly at a block boundary, then one that straddles the next,
  // then a line ending exactly at one (the next starts the block), blank and CRLF lines around.
  FillTo(&in, kBlock);
  in += "{not json at the boundary\n";
  FillTo(&in, 2 * kBlock - 10);
  in += "{\"id\":\"straddles\",\"title\":\"高仿 耐克\",\"price_fen\":\"x\"}\n";
  FillTo(&in, 3 * kBlock);
  in += "\n\r\n" + Listing(7, "高仿 耐克 CRLF");
  in.insert(in.size() - 1, "\r");
  // A DOM-path line (an escape) across the 4 MiB boundary.
  FillTo(&in, 4 * kBlock - 20);
  in += "{\"id\":\"esc\",\"title\":\"高仿 \\u8010\\u514b 耐克 跑鞋 escaped across\",\"price_fen\":100}\n";
  FillTo(&in, 4 * kBlock + 100000);
  ExpectFileEqualsStdin(in);
}

TEST(ScanCli, FileEqualsStdinWithLinesLongerThanABlock) {
  std::string in;
  FillTo(&in, kBlock / 2);
  // 2.5 blocks of title: starts in block 0, covers blocks 1 and 2 (they hold no line start).
  in += Listing(100, std::string(5 * kBlock / 2, 'x') + " 高仿 耐克");
  FillTo(&in, in.size() + 5000);
  in += "{\"id\":\"long and malformed\",\"title\":\"" + std::string(kBlock + 7, 'y') + "\n";
  FillTo(&in, in.size() + 5000);
  // The last line, longer than a block, without a newline.
  in += "{\"id\":\"last\",\"title\":\"高仿 耐克 " + std::string(kBlock + 3, 'z') + "\"}";
  ExpectFileEqualsStdin(in);
}

TEST(ScanCli, FileShrinkingDuringTheScanIsAReadError) {
  // Output blocked on a pipe nobody reads yet while the file is truncated: the blocks not read
  // by then fail, the command stops with the read error (exit 3); what was written is a prefix.
  std::string in;
  FillTo(&in, 12 * kBlock);
  const std::string base = ::testing::TempDir() + "/scan_cli_shrink_" + std::to_string(::getpid());
  ProcessResult whole = Scan("--brands " + kBrands + " --listings -", in);
  ASSERT_EQ(whole.exit_code, 0);
  for (const char* threads : {"1", "2"}) {
    SCOPED_TRACE(std::string("--threads ") + threads);
    std::ofstream(base + "_in.jsonl", std::ios::binary) << in;
    const std::string cmd = std::string(IPE_SCAN_BIN) + " --brands " + kBrands + " --threads " +
                            threads + " --listings " + base + "_in.jsonl 2>" + base + "_err.txt";
    FILE* out = ::popen(cmd.c_str(), "r");
    ASSERT_NE(out, nullptr);
    std::string got(1, '\0');
    ASSERT_EQ(std::fread(got.data(), 1, 1, out), 1u);
    std::filesystem::resize_file(base + "_in.jsonl", 0);
    char buf[65536];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, out)) > 0) got.append(buf, n);
    const int status = ::pclose(out);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 3);
    EXPECT_NE(Slurp(base + "_err.txt").find("read error"), std::string::npos);
    EXPECT_LT(got.size(), whole.out.size());
    EXPECT_EQ(whole.out.compare(0, got.size(), got), 0) << "not a prefix";
  }
  for (const char* suffix : {"_in.jsonl", "_err.txt"}) std::remove((base + suffix).c_str());
}

}  // namespace
