#include "core/status.h"


namespace ipe::core {

const char* StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return "ok";
    case StatusCode::kInvalidArgument: return "invalid_argument";
    case StatusCode::kNotFound: return "not_found";
    case StatusCode::kAlreadyExists: return "already_exists";
    case StatusCode::kFailedPrecondition: return "failed_precondition";
    case StatusCode::kUnauthenticated: return "unauthenticated";
    case StatusCode::kPermissionDenied: return "permission_denied";
    case StatusCode::kResourceExhausted: return "resource_exhausted";
    case StatusCode::kUnavailable: return "unavailable";
    case StatusCode::kInternal: return "internal";
  }
  return "unknown";
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  std::string s = StatusCodeName(code_);
  s += ": ";
  s += message_;
  for (const FieldError& fe : field_errors_) {
    s += "; ";
    s += fe.field;
    s += ": ";
    s += fe.message;
  }
  return s;
}

std::string MessageIn(std::string_view message, bool english) {
  // The gloss is the first " (…)" that follows Chinese text, opens with a lower-case letter and
  // holds only ASCII; what follows it (": 5", a name) belongs to both languages.
  auto is_ascii = [](char c) { return static_cast<unsigned char>(c) < 0x80; };
  bool chinese_before = false;
  for (size_t i = 0; i + 2 < message.size(); ++i) {
    if (!is_ascii(message[i])) chinese_before = true;
    if (!chinese_before || message[i] != ' ' || message[i + 1] != '(') continue;
    if (message[i + 2] < 'a' || message[i + 2] > 'z') continue;
    int depth = 0;
    size_t close = std::string_view::npos;
    for (size_t k = i + 1; k < message.size() && is_ascii(message[k]); ++k) {
      if (message[k] == '(') ++depth;
      if (message[k] == ')' && --depth == 0) {
        close = k;
        break;
      }
    }
    if (close == std::string_view::npos) continue;
    std::string_view rest = message.substr(close + 1);
    if (english) return std::string(message.substr(i + 2, close - i - 2)) + std::string(rest);
    return std::string(message.substr(0, i)) + std::string(rest);
  }
  return std::string(message);
}

}  // namespace ipe::core
