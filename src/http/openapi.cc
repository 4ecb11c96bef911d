#include "http/openapi.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "core/time.h"
#include "http/dispatcher.h"
#include "http/json_schema.h"

namespace ipe::http {

using nlohmann::json;

namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The area a path belongs to: "/api/v1/cases/{id}" → "cases".
std::string TagOf(const Route& r) {
  const std::string prefix = "/api/v1/";
  if (r.pattern.rfind(prefix, 0) != 0) return "ops";
  std::string rest = r.pattern.substr(prefix.size());
  std::string area = rest.substr(0, rest.find('/'));
  if (area == "public") {
    std::string tail = rest.substr(area.size() + 1);
    return "public/" + tail.substr(0, tail.find('/'));
  }
  return area;
}

Schema ProblemSchema() {
  return Obj({{"type", Str()},
              {"title", Str().Describe("状态的标题 (status title)")},
              {"status", Int()},
              {"code", Str().Describe("错误代码，如 invalid_argument、not_found (error code)")},
              {"detail", Str().Describe("说明，按请求语言 (message in the request's language)")},
              {"errors", Arr(Obj({{"field", Str().Describe("字段或参数名 (field)")},
                                  {"message", Str()}}))
                             .Optional()
                             .Describe("逐字段的错误 (field errors)")}});
}

json ProblemRef(const char* description) {
  return {{"description", description},
          {"content",
           {{"application/problem+json", {{"schema", {{"$ref", "#/components/schemas/Problem"}}}}}}}};
}

json Operation(const Route& r) {
  json op = {{"operationId", OperationId(r.method, r.pattern)},
             {"summary", r.summary},
             {"tags", json::array({r.spec && !r.spec->tag.empty() ? r.spec->tag : TagOf(r)})}};
  if (r.access == Access::kAuthenticated) {
    op["security"] = json::array({{{"session", json::array()}}, {{"bearer", json::array()}}});
  } else {
    op["security"] = json::array();
  }
  json params = json::array();
  for (const std::string& seg : r.segments) {
    if (seg.size() > 2 && seg.front() == '{') {
      params.push_back({{"name", seg.substr(1, seg.size() - 2)},
                        {"in", "path"},
                        {"required", true},
                        {"schema", {{"type", "string"}}}});
    }
  }
  json responses = json::object();
  if (r.spec) {
    const RouteSpec& spec = *r.spec;
    if (!spec.description.empty()) op["description"] = spec.description;
    if (spec.deprecated) op["deprecated"] = true;
    for (const QueryParam& q : spec.query) {
      json p = {{"name", q.name}, {"in", "query"}, {"required", q.required},
                {"schema", ToJsonSchema(q.schema)}};
      if (!q.description.empty()) p["description"] = q.description;
      if (q.schema.deprecated) p["deprecated"] = true;
      params.push_back(std::move(p));
    }
    if (spec.body) {
      op["requestBody"] = {{"required", spec.body_required},
                           {"content", {{"application/json", {{"schema", ToJsonSchema(*spec.body)}}}}}};
    }
    for (const ResponseSpec& resp : spec.responses) {
      std::string description =
          resp.description.empty() ? std::string(ReasonPhrase(resp.status)) : resp.description;
      json& out = responses[std::to_string(resp.status)];
      // One status may answer several media types (CSV or XLSX by `format`).
      // The same words for several media types are said once.
      std::string said = out.is_object() ? out.value("description", "") : "";
      out["description"] = said.empty() ? description
                           : said.find(description) != std::string::npos
                               ? said
                               : said + "；" + description;
      if (resp.status != 204) out["content"][resp.media]["schema"] = ToJsonSchema(resp.schema);
    }
  } else {
    op["x-undescribed"] = true;
    responses["200"] = {{"description", "OK（尚未描述 not yet described）"}};
  }
  if (!params.empty()) op["parameters"] = std::move(params);
  std::string bad = std::to_string(r.invalid_argument_status);
  if (!responses.contains(bad)) {
    responses[bad] = ProblemRef("请求有误：errors 列出每个字段的问题 (invalid input, field errors)");
  }
  if (r.access == Access::kAuthenticated && !responses.contains("401")) {
    responses["401"] = ProblemRef("未登录或凭证无效 (unauthenticated)");
  }
  responses["4XX"] = ProblemRef("无权、不存在、冲突、过于频繁等 (refused: 403, 404, 409, 413, 429 …)");
  responses["5XX"] = ProblemRef("服务器错误或暂不可用 (server error, unavailable)");
  op["responses"] = std::move(responses);
  return op;
}

// A query value read as `schema` says (its JSON Schema): "" when it fits, the problem otherwise.
std::string CheckQueryValue(const json& schema, const std::string& value) {
  std::string type = schema.contains("type") && schema["type"].is_string()
                         ? schema["type"].get<std::string>()
                         : "";
  json parsed;
  if (type == "integer") {
    bool digits = !value.empty() && value.size() <= 18 &&
                  value.find_first_not_of("0123456789", value[0] == '-' ? 1 : 0) == std::string::npos &&
                  value != "-";
    if (!digits) return "应为整数";
    parsed = std::stoll(value);
  } else if (type == "number") {
    char* end = nullptr;
    double d = std::strtod(value.c_str(), &end);
    if (end != value.c_str() + value.size()) return "应为数字";
    parsed = d;
  } else if (type == "boolean") {
    if (value != "true" && value != "false" && value != "1" && value != "0") {
      return "应为 true 或 false";
    }
    parsed = value == "true" || value == "1";
  } else {
    parsed = value;
  }
  std::vector<SchemaError> errors = ValidateJson(json::object(), schema, parsed);
  if (errors.empty()) return "";
  if (schema.contains("enum")) return "取值不在允许范围内";
  if (schema.value("format", "") == "date") return "日期格式应为 YYYY-MM-DD";
  return core::MessageIn(errors.front().message, false);
}

}  // namespace

std::string OperationId(const std::string& method, const std::string& pattern) {
  std::string id = Lower(method);
  for (char c : pattern) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      id += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (c == '/' || c == '-' || c == '.' || c == '_') {
      if (id.back() != '_') id += '_';
    }
  }
  while (!id.empty() && id.back() == '_') id.pop_back();
  return id;
}

json OpenApiDocument(const Router& router) {
  json paths = json::object();
  for (const Route& r : router.routes()) paths[r.pattern][Lower(r.method)] = Operation(r);
  json schemas = json::object();
  schemas["Problem"] = ToJsonSchema(ProblemSchema());
  for (const auto& [name, schema] : router.components()) schemas[name] = ToJsonSchema(schema);
  return json{
      {"openapi", "3.1.0"},
      {"info",
       {{"title", "ipenforce API"},
        {"version", "1"},
        {"description",
         "打击侵权假冒信息共享平台。约定与版本规则见 docs/api.md (conventions and versioning: "
         "docs/api.md)."}}},
      {"jsonSchemaDialect", "https://spec.openapis.org/oas/3.1/dialect/base"},
      {"paths", paths},
      {"components",
       {{"schemas", schemas},
        {"securitySchemes",
         {{"session",
           {{"type", "apiKey"},
            {"in", "cookie"},
            {"name", kSessionCookie},
            {"description", "登录会话；写操作另需 X-CSRF-Token 请求头 (writes need X-CSRF-Token)"}}},
          {"bearer", {{"type", "http"}, {"scheme", "bearer"}}}}}}}};
}

core::Status CheckRequest(const Route& route, const json& document, const Request& req) {
  if (!route.spec) return core::Status::Ok();
  core::Status st = core::InvalidArgument("请求参数有误 (invalid fields)");
  bool bad = false;
  for (const auto& [name, value] : req.query) {
    const QueryParam* param = nullptr;
    for (const QueryParam& q : route.spec->query) {
      if (q.name == name) param = &q;
    }
    if (!param) {
      st.AddFieldError(name, "未知参数 (unknown parameter)");
      bad = true;
      continue;
    }
    if (value.empty()) continue;
    std::string problem = CheckQueryValue(ToJsonSchema(param->schema), value);
    if (!problem.empty()) {
      st.AddFieldError(name, problem);
      bad = true;
    }
  }
  if (route.spec->body && !req.body.empty()) {
    json body = json::parse(req.body, nullptr, /*allow_exceptions=*/false);
    // Malformed JSON is left to the handler's parser, which says so in its own words.
    if (!body.is_discarded()) {
      // internal::Fields reads a top-level null as "absent" (or "clear" where IsNull asks).
      if (body.is_object()) {
        for (auto it = body.begin(); it != body.end();) {
          it = it->is_null() ? body.erase(it) : std::next(it);
        }
      }
      json schema = ToJsonSchema(*route.spec->body);
      ValidateOptions options;
      options.check_required = false;
      std::vector<SchemaError> errors = ValidateJson(document, schema, body, options);
      // Unknown fields alone are left to the handler: its Fields::Finish refuses them too, in the
      // same 400 as every other problem it finds (one answer lists them all). A value of the wrong
      // type stops the request here, with every schema problem of the body.
      bool typed = std::any_of(errors.begin(), errors.end(),
                               [](const SchemaError& e) { return !e.unknown_field; });
      for (const SchemaError& e : errors) {
        if (!typed) break;
        st.AddFieldError(e.path.empty() ? "body" : e.path, e.message);
        bad = true;
      }
    }
  }
  return bad ? st : core::Status::Ok();
}

}  // namespace ipe::http
