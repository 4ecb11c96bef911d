#pragma once
// What a file is, by its first bytes rather than by the name or the type its sender declares.
// Used wherever the platform keeps uploaded files (complaint attachments, photos of seized goods)
// so that a script or an HTML page is never stored as "a photo".

#include <initializer_list>
#include <string>
#include <string_view>

namespace ipe::core {

/// The media type the bytes begin like: "image/jpeg", "image/png", "application/pdf", or ""
/// when none of these.
std::string_view SniffFileType(std::string_view bytes);

/// Why a file declared as `content_type` with these `bytes` is refused, or "" when it is one of
/// `accepted` (media types from SniffFileType) and its bytes say so. zh-CN, for a field error.
std::string FileTypeProblem(std::string_view content_type, std::string_view bytes,
                            std::initializer_list<std::string_view> accepted);

}  // namespace ipe::core
