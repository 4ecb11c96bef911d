// `ipenforce scan` end to end: the command's real code (scan_cli_driver) run as a process.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
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

}  // namespace
