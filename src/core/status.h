#pragma once
// Status and Result<T>: expected failures as values.
//
// A small set of codes (as in absl::Status) is mapped once to HTTP statuses (http/problem.cc) and
// CLI exit codes (cli/exit_codes.cc). Result<T> mirrors std::expected's interface (has_value(),
// value(), error()) so moving to C++23 is a rename.
//
//   Result<Fen> r = ParseYuan("12.30");
//   if (!r) return r.error();
//   Fen f = *r;

#include <cassert>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace ipe::core {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,     // input is malformed or violates a rule; nothing was changed
  kNotFound,            // the named thing does not exist (or is outside the caller's scope)
  kAlreadyExists,       // a unique key is taken
  kFailedPrecondition,  // the state does not allow the action (wrong workflow step, disabled user)
  kUnauthenticated,     // no or bad credentials
  kPermissionDenied,    // authenticated, but the scope or role does not allow it
  kResourceExhausted,   // rate limit, body too large
  kUnavailable,         // a dependency (database) is not reachable; retrying may help
  kInternal,            // a bug or broken invariant
};

/// Returns the stable lower-case name of a code ("invalid_argument"), used in problem+json.
const char* StatusCodeName(StatusCode code);

/// Messages are written once, zh-CN first with an English gloss in a trailing ASCII parenthesis:
/// "案件不存在 (case not found)". MessageIn picks the session's language: the Chinese part for zh-CN,
/// the gloss for English. A message without such a gloss (or whose parenthesis holds Chinese, or a
/// value in full-width brackets) is returned whole.
///   MessageIn("案件不存在 (case not found)", false) → "案件不存在"
///   MessageIn("案件不存在 (case not found)", true)  → "case not found"
std::string MessageIn(std::string_view message, bool english);

/// One field-level complaint attached to an InvalidArgument status (form validation).
struct FieldError {
  std::string field;    // JSON pointer-ish path, e.g. "amounts_fen.sales"
  std::string message;  // zh-CN message for the officer
};

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return {}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::vector<FieldError>& field_errors() const { return field_errors_; }

  Status& AddFieldError(std::string field, std::string message) {
    field_errors_.push_back({std::move(field), std::move(message)});
    return *this;
  }

  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::vector<FieldError> field_errors_;
};

inline Status InvalidArgument(std::string m) { return {StatusCode::kInvalidArgument, std::move(m)}; }
inline Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
inline Status AlreadyExists(std::string m) { return {StatusCode::kAlreadyExists, std::move(m)}; }
inline Status FailedPrecondition(std::string m) {
  return {StatusCode::kFailedPrecondition, std::move(m)};
}
inline Status Unauthenticated(std::string m) { return {StatusCode::kUnauthenticated, std::move(m)}; }
inline Status PermissionDenied(std::string m) {
  return {StatusCode::kPermissionDenied, std::move(m)};
}
inline Status ResourceExhausted(std::string m) {
  return {StatusCode::kResourceExhausted, std::move(m)};
}
inline Status Unavailable(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }
inline Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

/// Either a T or a non-OK Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT(google-explicit-constructor): like expected
  Result(Status status) : v_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    assert(!std::get<Status>(v_).ok() && "Result built from an OK status carries no value");
  }

  bool has_value() const { return v_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & {
    assert(has_value() && "value() on an error Result");
    return std::get<0>(v_);
  }
  const T& value() const& {
    assert(has_value() && "value() on an error Result");
    return std::get<0>(v_);
  }
  T&& value() && {
    assert(has_value() && "value() on an error Result");
    return std::get<0>(std::move(v_));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Status& error() const& {
    assert(!has_value() && "error() on a value Result");
    return std::get<1>(v_);
  }
  Status error() && {
    assert(!has_value() && "error() on a value Result");
    return std::get<1>(std::move(v_));
  }
  /// OK when a value is held, else the error.
  Status status() const { return has_value() ? Status() : std::get<1>(v_); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace ipe::core

/// Returns early from the enclosing function when `expr` (a Status) is not OK.
#define IPE_RETURN_IF_ERROR(expr)                  \
  do {                                             \
    ::ipe::core::Status ipe_status_ = (expr);      \
    if (!ipe_status_.ok()) return ipe_status_;     \
  } while (false)

#define IPE_CONCAT_INNER_(a, b) a##b
#define IPE_CONCAT_(a, b) IPE_CONCAT_INNER_(a, b)
/// `IPE_ASSIGN_OR_RETURN(auto x, MakeX());` — binds the value or returns the error.
#define IPE_ASSIGN_OR_RETURN(lhs, expr) \
  IPE_ASSIGN_OR_RETURN_IMPL_(IPE_CONCAT_(ipe_result_, __LINE__), lhs, expr)
#define IPE_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                               \
  if (!tmp.has_value()) return std::move(tmp).error(); \
  lhs = std::move(tmp).value()
