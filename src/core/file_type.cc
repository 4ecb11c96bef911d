#include "core/file_type.h"

#include <algorithm>
#include <string>

namespace ipe::core {

std::string_view SniffFileType(std::string_view bytes) {
  struct Magic {
    std::string_view type;
    std::string_view head;
  };
  static constexpr Magic kMagic[] = {{"image/jpeg", std::string_view("\xFF\xD8\xFF", 3)},
                                     {"image/png", std::string_view("\x89PNG\r\n\x1A\n", 8)},
                                     {"application/pdf", std::string_view("%PDF-", 5)}};
  for (const Magic& m : kMagic) {
    if (bytes.substr(0, m.head.size()) == m.head) return m.type;
  }
  return "";
}

std::string FileTypeProblem(std::string_view content_type, std::string_view bytes,
                            std::initializer_list<std::string_view> accepted) {
  if (std::find(accepted.begin(), accepted.end(), content_type) == accepted.end()) {
    std::string names;
    for (std::string_view type : accepted) {
      if (!names.empty()) names += "、";
      names += type == "image/jpeg" ? "JPEG" : type == "image/png" ? "PNG" : "PDF";
    }
    return "只接受 " + names + " 文件";
  }
  if (SniffFileType(bytes) != content_type) return "文件内容与类型不符";
  return "";
}

}  // namespace ipe::core
