#include "core/file_type.h"

#include <gtest/gtest.h>

#include <string>

namespace ipe::core {
namespace {

const std::string kPng("\x89PNG\r\n\x1A\n....", 12);
const std::string kJpeg("\xFF\xD8\xFF\xE0....", 8);

TEST(FileTypeTest, SniffsByTheFirstBytes) {
  EXPECT_EQ(SniffFileType(kPng), "image/png");
  EXPECT_EQ(SniffFileType(kJpeg), "image/jpeg");
  EXPECT_EQ(SniffFileType("%PDF-1.7\n"), "application/pdf");
  EXPECT_EQ(SniffFileType("<html>"), "");
  EXPECT_EQ(SniffFileType(""), "");
  EXPECT_EQ(SniffFileType(std::string("\x89PNG", 4)), "");  // cut short
}

TEST(FileTypeTest, AcceptsOnlyTheListedTypesWhenTheBytesAgree) {
  EXPECT_EQ(FileTypeProblem("image/png", kPng, {"image/jpeg", "image/png"}), "");
  EXPECT_EQ(FileTypeProblem("image/jpeg", kJpeg, {"image/jpeg", "image/png"}), "");
  // A PDF called a PNG, a JPEG called a PNG: the bytes decide.
  EXPECT_EQ(FileTypeProblem("image/png", "%PDF-1.7\n", {"image/png"}), "文件内容与类型不符");
  EXPECT_EQ(FileTypeProblem("image/png", kJpeg, {"image/jpeg", "image/png"}), "文件内容与类型不符");
  // A real PDF where only photos are taken.
  EXPECT_EQ(FileTypeProblem("application/pdf", "%PDF-1.7\n", {"image/jpeg", "image/png"}),
            "只接受 JPEG、PNG 文件");
  EXPECT_EQ(FileTypeProblem("text/html", "<html>", {"image/jpeg", "image/png", "application/pdf"}),
            "只接受 JPEG、PNG、PDF 文件");
  EXPECT_NE(FileTypeProblem("image/jpeg", "", {"image/jpeg"}), "");
}

}  // namespace
}  // namespace ipe::core
