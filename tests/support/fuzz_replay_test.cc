// Replays saved fuzzer inputs (seeds and past crashes) through a fuzz target under g++, so a
// regression fails the ordinary test run; the fuzz targets themselves need clang. Built once per
// target by ipe_add_fuzz_replay_test (cmake/IpeModule.cmake), which names the input folders in
// IPE_FUZZ_INPUT_DIRS, separated by '|'.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

TEST(FuzzReplay, SavedInputsKeepTheInvariants) {
  std::string_view dirs = IPE_FUZZ_INPUT_DIRS;
  while (!dirs.empty()) {
    const size_t bar = dirs.find('|');
    const std::string dir(dirs.substr(0, bar));
    dirs = bar == std::string_view::npos ? std::string_view() : dirs.substr(bar + 1);
    size_t replayed = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      std::ifstream in(entry.path(), std::ios::binary);
      std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      EXPECT_EQ(
          LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()), 0)
          << entry.path();
      ++replayed;
    }
    EXPECT_GT(replayed, 0u) << dir << " holds no saved input";
  }
}
