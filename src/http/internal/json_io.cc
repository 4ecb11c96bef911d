#include "http/internal/json_io.h"

#include "http/problem.h"

#include "app/crypto.h"

namespace ipe::http::internal {

core::Result<Json> ParseObject(const Request& req) {
  // The body is judged by what it is, not by its Content-Type: clients such as `curl -d` send
  // form-urlencoded headers with JSON bodies. Cross-site forgery is stopped by SameSite cookies
  // and the CSRF token, not by the media type.
  Json j = Json::parse(req.body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return core::InvalidArgument("请求体不是有效的 JSON (malformed JSON)");
  if (!j.is_object()) return core::InvalidArgument("请求体须为 JSON 对象 (body must be an object)");
  return j;
}

const Json* Fields::Get(const std::string& name, bool required) {
  seen_.insert(name);
  auto it = obj_.find(name);
  if (it == obj_.end() || it->is_null()) {
    if (required) Error(name, "必填");
    return nullptr;
  }
  return &*it;
}

void Fields::Error(const std::string& field, const std::string& message) {
  errors_.emplace_back(field, message);
}

std::optional<std::string> Fields::String(const std::string& name, bool required,
                                          size_t max_bytes) {
  const Json* v = Get(name, required);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    Error(name, "应为字符串");
    return std::nullopt;
  }
  std::string s = v->get<std::string>();
  if (s.size() > max_bytes) {
    Error(name, "过长（最多 " + std::to_string(max_bytes) + " 字节）");
    return std::nullopt;
  }
  return s;
}

std::optional<int64_t> Fields::Int(const std::string& name, bool required) {
  const Json* v = Get(name, required);
  if (!v) return std::nullopt;
  if (!v->is_number_integer()) {
    Error(name, "应为整数");
    return std::nullopt;
  }
  return v->get<int64_t>();
}

std::optional<bool> Fields::Bool(const std::string& name, bool required) {
  const Json* v = Get(name, required);
  if (!v) return std::nullopt;
  if (!v->is_boolean()) {
    Error(name, "应为 true 或 false");
    return std::nullopt;
  }
  return v->get<bool>();
}

std::optional<std::vector<std::string>> Fields::StringList(const std::string& name,
                                                           bool required) {
  const Json* v = Get(name, required);
  if (!v) return std::nullopt;
  if (!v->is_array()) {
    Error(name, "应为字符串数组");
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const Json& e : *v) {
    if (!e.is_string()) {
      Error(name, "应为字符串数组");
      return std::nullopt;
    }
    out.push_back(e.get<std::string>());
  }
  return out;
}

bool Fields::IsNull(const std::string& name) {
  seen_.insert(name);
  auto it = obj_.find(name);
  return it != obj_.end() && it->is_null();
}

core::Status Fields::Finish() {
  for (auto it = obj_.begin(); it != obj_.end(); ++it) {
    if (!seen_.count(it.key())) Error(it.key(), "未知字段 (unknown field)");
  }
  if (errors_.empty()) return core::Status::Ok();
  core::Status st = core::InvalidArgument("请求参数有误 (invalid fields)");
  for (auto& [f, m] : errors_) st.AddFieldError(f, m);
  return st;
}

Response JsonResponse(int status, const Json& j) {
  return Response::Json(status, j.dump(-1, ' ', false, Json::error_handler_t::replace));
}

Response Fail(const Request& req, const core::Status& st) {
  return ProblemResponse(st, req.Header("accept-language").substr(0, 2) == "en");
}

namespace {

core::Result<std::optional<int64_t>> ParseIntText(const std::string& name,
                                                  const std::optional<std::string>& v) {
  if (!v) return std::optional<int64_t>();
  if (v->empty() || v->size() > 18 || v->find_first_not_of("0123456789-") != std::string::npos ||
      v->find('-', 1) != std::string::npos || *v == "-") {
    return core::Status(core::InvalidArgument("参数应为整数: " + name))
        .AddFieldError(name, "应为整数");
  }
  return std::optional<int64_t>(std::stoll(*v));
}

}  // namespace

core::Result<std::optional<int64_t>> IntQuery(const Request& req, const std::string& name) {
  return ParseIntText(name, req.Query(name));
}

core::Result<std::optional<bool>> BoolQuery(const Request& req, const std::string& name) {
  auto v = req.Query(name);
  if (!v || v->empty()) return std::optional<bool>();
  if (*v == "true" || *v == "1") return std::optional<bool>(true);
  if (*v == "false" || *v == "0") return std::optional<bool>(false);
  return core::Status(core::InvalidArgument("参数应为 true 或 false: " + name))
      .AddFieldError(name, "应为 true 或 false");
}

core::Result<app::PageRequest> PageFromQuery(const Request& req) {
  app::PageRequest p;
  IPE_ASSIGN_OR_RETURN(auto page, IntQuery(req, "page"));
  IPE_ASSIGN_OR_RETURN(auto size, IntQuery(req, "page_size"));
  if (page) p.page = *page;
  if (size) p.page_size = *size;
  IPE_RETURN_IF_ERROR(p.Validate());
  return p;
}

core::Result<int64_t> IdParam(const Request& req, const std::string& name) {
  auto it = req.path_params.find(name);
  if (it == req.path_params.end() || it->second.empty() || it->second.size() > 18 ||
      it->second.find_first_not_of("0123456789") != std::string::npos) {
    return core::NotFound("资源不存在 (no such id)");
  }
  return std::stoll(it->second);
}

core::Result<Period> PeriodQuery(const Request& req) {
  auto from = core::ParseDate(req.Query("from").value_or(""));
  auto to = core::ParseDate(req.Query("to").value_or(""));
  if (!from || !to) {
    core::Status st = core::InvalidArgument("统计期间有误");
    if (!from) st.AddFieldError("from", "日期格式应为 YYYY-MM-DD");
    if (!to) st.AddFieldError("to", "日期格式应为 YYYY-MM-DD");
    return st;
  }
  return Period{*from, *to};
}

core::Result<std::string> UploadedFile(const Request& req, size_t max_bytes) {
  if (req.Header("content-type").substr(0, 16) != "application/json") return req.body;
  IPE_ASSIGN_OR_RETURN(auto body, ParseObject(req));
  Fields f(body);
  auto csv = f.String("csv", false, max_bytes);
  auto b64 = f.String("file_base64", false, max_bytes);
  f.String("filename", false, 500);  // informational
  IPE_RETURN_IF_ERROR(f.Finish());
  if (csv.has_value() == b64.has_value()) {
    return core::Status(core::InvalidArgument("须提供 csv 或 file_base64 之一"))
        .AddFieldError("file", "须提供 csv 或 file_base64 之一");
  }
  if (csv) return *csv;
  auto decoded = app::DecodeBase64(*b64);  // line breaks and spaces from mail and editors skipped
  if (!decoded) {
    return core::Status(core::InvalidArgument("file_base64 不是合法的 base64"))
        .AddFieldError("file", "文件内容编码有误");
  }
  return std::move(*decoded);
}

namespace {

core::Result<IdAndVersion> IdAndVersionWith(const Request& req, bool reason_required) {
  IPE_ASSIGN_OR_RETURN(int64_t id, IdParam(req));
  IPE_ASSIGN_OR_RETURN(auto body, ParseObject(req));
  Fields f(body);
  std::optional<std::string> reason;
  if (reason_required) reason = f.String("reason", true, 8000);
  auto version = f.Int("version", true);
  IPE_RETURN_IF_ERROR(f.Finish());
  return IdAndVersion{id, *version, reason.value_or("")};
}

}  // namespace

core::Result<IdAndVersion> IdAndVersionOf(const Request& req) {
  return IdAndVersionWith(req, false);
}

core::Result<IdAndVersion> IdVersionAndReasonOf(const Request& req) {
  return IdAndVersionWith(req, true);
}

Json CodesJson(const std::vector<app::CodeLabel>& table) {
  Json out = Json::array();
  for (const auto& c : table) out.push_back({{"code", c.code}, {"name_zh", c.name_zh}});
  return out;
}

}  // namespace ipe::http::internal
