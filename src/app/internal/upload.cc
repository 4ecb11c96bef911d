#include "app/internal/upload.h"

#include "app/crypto.h"
#include "app/internal/text.h"

namespace ipe::app::internal {

std::string SizeText(size_t bytes) {
  if (bytes >= (1u << 20) && bytes % (1u << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
  return std::to_string((bytes + 1023) / 1024) + " KiB";
}

std::optional<std::string> CheckUpload(const Upload& in, size_t max_bytes, const TypeCheck& type_problem,
                                       core::Status& problems, std::string_view prefix) {
  auto field = [&](const char* name, const std::string& message) {
    problems.AddFieldError(std::string(prefix) + name, message);
  };
  bool bad = false;
  std::string filename = Trim(in.filename);
  std::string name_problem = TextProblem(filename, 200, true);
  if (!name_problem.empty() || filename.find_first_of("/\\\"") != std::string::npos ||
      filename == "." || filename == "..") {
    field("filename", name_problem.empty() ? "文件名无效" : name_problem);
    bad = true;
  }
  std::string too_big = "文件超过 " + SizeText(max_bytes);
  // Base64 takes 4 characters per 3 bytes; allow line breaks before refusing unread.
  if (in.data_base64.size() > (max_bytes / 3 + 2) * 4 + 4096) {
    field("data_base64", too_big);
    return std::nullopt;
  }
  std::optional<std::string> bytes = DecodeBase64(in.data_base64);
  if (!bytes) {
    field("data_base64", "不是有效的 base64 编码");
  } else if (bytes->empty()) {
    field("data_base64", "文件为空");
  } else if (bytes->size() > max_bytes) {
    field("data_base64", too_big);
  } else if (std::string why = type_problem(in.content_type, *bytes); !why.empty()) {
    field("content_type", why);
  } else if (!bad) {
    return bytes;
  }
  return std::nullopt;
}

}  // namespace ipe::app::internal
