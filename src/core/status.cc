#include "core/status.h"

#include <algorithm>

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
  // The gloss is the last top-level " (…)" and ends the message; it is plain ASCII.
  if (message.empty() || message.back() != ')') return std::string(message);
  int depth = 0;
  size_t open = std::string_view::npos;
  for (size_t i = message.size(); i-- > 0;) {
    unsigned char c = static_cast<unsigned char>(message[i]);
    if (c >= 0x80) return std::string(message);  // Chinese inside: a value, not a gloss
    if (c == ')') ++depth;
    if (c == '(' && --depth == 0) {
      open = i;
      break;
    }
  }
  if (open == std::string_view::npos || open == 0 || message[open - 1] != ' ') {
    return std::string(message);
  }
  std::string_view zh = message.substr(0, open - 1);
  bool has_chinese = std::any_of(zh.begin(), zh.end(),
                                 [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
  if (!has_chinese) return std::string(message);
  if (!english) return std::string(zh);
  return std::string(message.substr(open + 1, message.size() - open - 2));
}

}  // namespace ipe::core
