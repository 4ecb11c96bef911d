#include "http/problem.h"

#include <nlohmann/json.hpp>

namespace ipe::http {
namespace {

const char* TitleFor(int status, bool english) {
  switch (status) {
    case 400: return english ? "Invalid request" : "请求参数有误";
    case 401: return english ? "Not logged in" : "未登录或登录已失效";
    case 403: return english ? "Permission denied" : "无权执行此操作";
    case 404: return english ? "Not found" : "资源不存在";
    case 405: return english ? "Method not allowed" : "不支持的请求方法";
    case 409: return english ? "Conflict" : "操作与当前状态冲突";
    case 413: return english ? "Request body too large" : "请求内容过大";
    case 415: return english ? "Unsupported media type" : "不支持的内容类型";
    case 422: return english ? "Unprocessable content" : "请求内容未通过校验";
    case 429: return english ? "Too many requests" : "请求过于频繁";
    case 503: return english ? "Service unavailable" : "服务暂不可用";
    default: return english ? "Internal server error" : "服务器内部错误";
  }
}

}  // namespace

int HttpStatusFor(core::StatusCode code) {
  using core::StatusCode;
  switch (code) {
    case StatusCode::kOk: return 200;
    case StatusCode::kInvalidArgument: return 400;
    case StatusCode::kUnauthenticated: return 401;
    case StatusCode::kPermissionDenied: return 403;
    case StatusCode::kNotFound: return 404;
    case StatusCode::kAlreadyExists: return 409;
    case StatusCode::kFailedPrecondition: return 409;
    case StatusCode::kResourceExhausted: return 429;
    case StatusCode::kUnavailable: return 503;
    case StatusCode::kInternal: return 500;
  }
  return 500;
}

Response ProblemResponse(const core::Status& status, bool english, int invalid_argument_status) {
  int http = status.code() == core::StatusCode::kInvalidArgument ? invalid_argument_status
                                                                 : HttpStatusFor(status.code());
  nlohmann::json j = {{"type", "about:blank"},
                      {"title", TitleFor(http, english)},
                      {"status", http},
                      {"code", core::StatusCodeName(status.code())},
                      // Internal details are logged, not shown.
                      {"detail", http == 500 ? std::string(TitleFor(500, english))
                                             : core::MessageIn(status.message(), english)}};
  if (!status.field_errors().empty()) {
    nlohmann::json errors = nlohmann::json::array();
    for (const auto& fe : status.field_errors()) {
      errors.push_back({{"field", fe.field}, {"message", core::MessageIn(fe.message, english)}});
    }
    j["errors"] = std::move(errors);
  }
  Response r;
  r.status = http;
  r.content_type = "application/problem+json; charset=utf-8";
  r.body = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

Response ProblemResponse(int http_status, std::string_view code, std::string detail,
                         bool english) {
  nlohmann::json j = {{"type", "about:blank"},
                      {"title", TitleFor(http_status, english)},
                      {"status", http_status},
                      {"code", code},
                      {"detail", core::MessageIn(detail, english)}};
  Response r;
  r.status = http_status;
  r.content_type = "application/problem+json; charset=utf-8";
  r.body = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

}  // namespace ipe::http
