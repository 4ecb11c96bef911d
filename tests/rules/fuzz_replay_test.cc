// Replays fuzz/rules/corpus/* (saved fuzzer inputs, including past crashes) through the fuzz
// target under g++, so regressions show up in the ordinary test run.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

TEST(RulePackFuzzReplay, CorpusRunsClean) {
  namespace fs = std::filesystem;
  int n = 0;
  for (const auto& e : fs::directory_iterator(std::string(IPE_SOURCE_DIR) + "/fuzz/rules/corpus")) {
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string s = ss.str();
    SCOPED_TRACE(e.path().string());
    EXPECT_EQ(LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(s.data()), s.size()), 0);
    ++n;
  }
  EXPECT_GT(n, 0);
}
