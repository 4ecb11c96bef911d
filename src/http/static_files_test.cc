// Static files: precompressed copies served by Accept-Encoding (issue 14).
#include "http/static_files.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace ipe::http {
namespace {

std::string HeaderOf(const Response& r, const std::string& name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return "";
}

TEST(AcceptsEncoding, ReadsNamesWildcardsAndZeroQuality) {
  EXPECT_TRUE(AcceptsEncoding("gzip, deflate, br", "br"));
  EXPECT_TRUE(AcceptsEncoding("gzip, deflate, br", "gzip"));
  EXPECT_TRUE(AcceptsEncoding("GZIP;q=0.5", "gzip"));
  EXPECT_FALSE(AcceptsEncoding("gzip;q=0, br", "gzip"));
  EXPECT_FALSE(AcceptsEncoding("br;q=0.000", "br"));
  EXPECT_TRUE(AcceptsEncoding("br;q=0.001", "br"));
  EXPECT_FALSE(AcceptsEncoding("", "gzip"));
  EXPECT_FALSE(AcceptsEncoding("identity", "gzip"));
  EXPECT_FALSE(AcceptsEncoding("gzipper", "gzip"));
  EXPECT_TRUE(AcceptsEncoding("*", "br"));
  EXPECT_FALSE(AcceptsEncoding("*;q=0", "br"));
  EXPECT_FALSE(AcceptsEncoding("*, br;q=0", "br"));  // the named entry decides
}

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = std::filesystem::temp_directory_path() /
            ("ipe-static-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
             "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(root_ / "assets");
    Write("index.html", "<!doctype html>");
    Write("assets/app.js", "plain");
    Write("assets/app.js.gz", "GZ");
    Write("assets/app.js.br", "BR");
    Write("assets/only.gz", "a file of its own");
  }
  void TearDown() override { std::filesystem::remove_all(root_); }
  void Write(const std::string& name, const std::string& body) {
    std::ofstream(root_ / name, std::ios::binary) << body;
  }
  std::filesystem::path root_;
};

TEST_F(StaticFilesTest, ServesTheCopyTheBrowserAccepts) {
  auto files = StaticFiles::Load(root_.string());
  ASSERT_TRUE(files.has_value());
  auto br = files->Serve("/assets/app.js", "gzip, deflate, br");
  ASSERT_TRUE(br.has_value());
  EXPECT_EQ(br->body, "BR");
  EXPECT_EQ(HeaderOf(*br, "Content-Encoding"), "br");
  EXPECT_EQ(HeaderOf(*br, "Vary"), "Accept-Encoding");
  EXPECT_EQ(br->content_type, "text/javascript; charset=utf-8");

  auto gz = files->Serve("/assets/app.js", "gzip");
  EXPECT_EQ(gz->body, "GZ");
  EXPECT_EQ(HeaderOf(*gz, "Content-Encoding"), "gzip");

  auto plain = files->Serve("/assets/app.js", "");
  EXPECT_EQ(plain->body, "plain");
  EXPECT_EQ(HeaderOf(*plain, "Content-Encoding"), "");
  EXPECT_EQ(HeaderOf(*plain, "Vary"), "Accept-Encoding");  // caches must key on the header

  // The copies are not files of their own; a .gz without its original is.
  EXPECT_FALSE(files->Serve("/assets/app.js.gz", "").has_value());
  EXPECT_EQ(files->Serve("/assets/only.gz", "")->body, "a file of its own");
  // A file without copies has no Vary.
  EXPECT_EQ(HeaderOf(*files->Serve("/index.html", "br"), "Vary"), "");
}

}  // namespace
}  // namespace ipe::http
