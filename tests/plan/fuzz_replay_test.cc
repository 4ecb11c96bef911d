// Replays the saved fuzzer inputs (fuzz/plan/corpus/: seeds and past crashes) and the golden
// fixtures through the fuzz target under g++, so a regression fails the ordinary test run.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

TEST(PlanFuzzReplay, SavedInputsKeepTheInvariants) {
  size_t replayed = 0;
  for (const char* dir : {"/fuzz/plan/corpus", "/tests/plan/data"}) {
    for (const auto& entry :
         std::filesystem::directory_iterator(std::string(IPE_SOURCE_DIR) + dir)) {
      std::ifstream in(entry.path(), std::ios::binary);
      std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      EXPECT_EQ(
          LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()), 0)
          << entry.path();
      ++replayed;
    }
  }
  EXPECT_GE(replayed, 5u);
}
