#pragma once
// A file sent in a JSON body (name, declared type, base64 bytes) checked before anything is
// written: the one set of rules for every place the platform keeps uploaded files.

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace ipe::app::internal {

struct Upload {
  std::string filename;
  std::string content_type;
  std::string data_base64;
};

/// Why the bytes are not acceptable as `content_type` ("" when they are), e.g. a wrapper of
/// core::FileTypeProblem with the area's accepted types.
using TypeCheck = std::function<std::string(std::string_view content_type, std::string_view bytes)>;

/// The decoded bytes of `in` when its name is a plain file name (1–200 characters, no path
/// separator or quote — it goes into Content-Disposition),
/// the base64 is valid, the file is neither empty nor above `max_bytes` and `type_problem`
/// accepts it. Otherwise adds field errors `<prefix>filename`, `<prefix>data_base64`,
/// `<prefix>content_type` to `problems` (zh-CN) and returns nullopt. The base64 text is refused
/// unread when it is far above the limit.
std::optional<std::string> CheckUpload(const Upload& in, size_t max_bytes, const TypeCheck& type_problem,
                                       core::Status& problems, std::string_view prefix = "");

/// "2 MiB", "512 KiB": a limit as the messages write it.
std::string SizeText(size_t bytes);

}  // namespace ipe::app::internal
