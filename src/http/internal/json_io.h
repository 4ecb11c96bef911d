#pragma once
// JSON input and output for handlers. Only handler translation units include this header
// (nlohmann/json is heavy to compile; see docs/http.md).

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "app/code_label.h"
#include "app/context.h"
#include "core/status.h"
#include "core/time.h"
#include "http/message.h"

namespace ipe::http::internal {

using Json = nlohmann::json;

/// The request body as a JSON object. InvalidArgument for malformed JSON or a non-object.
core::Result<Json> ParseObject(const Request& req);

/// Reads typed fields from a JSON object and collects every problem, so one 400 lists them all.
/// Fields not asked for are reported as unknown by Finish().
class Fields {
 public:
  explicit Fields(const Json& obj) : obj_(obj) {}

  std::optional<std::string> String(const std::string& name, bool required = false,
                                    size_t max_bytes = 1000);
  std::optional<int64_t> Int(const std::string& name, bool required = false);
  std::optional<bool> Bool(const std::string& name, bool required = false);
  std::optional<std::vector<std::string>> StringList(const std::string& name,
                                                     bool required = false);
  /// True when the field is present and JSON null (to clear an optional value).
  bool IsNull(const std::string& name);

  /// OK, or InvalidArgument with one field error per problem (wrong type, missing, unknown).
  core::Status Finish();

 private:
  const Json* Get(const std::string& name, bool required);
  void Error(const std::string& field, const std::string& message);

  const Json& obj_;
  std::set<std::string> seen_;
  std::vector<std::pair<std::string, std::string>> errors_;
};

/// "2020-10-12" / "2020-10-12T02:00:00Z", or JSON null when absent.
inline Json DateJson(const std::optional<core::Date>& d) { return d ? Json(d->ToString()) : Json(); }
inline Json TimeJson(const std::optional<core::Timestamp>& t) {
  return t ? Json(t->ToString()) : Json();
}

/// A code table as [{"code", "name_zh"}, …] (the UI's labels come from it).
Json CodesJson(const std::vector<app::CodeLabel>& table);

/// 200/201 response with `j` as the body.
Response JsonResponse(int status, const Json& j);
/// problem+json for `st`, in the request's language.
Response Fail(const Request& req, const core::Status& st);

/// page and page_size from the query string.
core::Result<app::PageRequest> PageFromQuery(const Request& req);
/// An integer query parameter, if present.
core::Result<std::optional<int64_t>> IntQuery(const Request& req, const std::string& name);
/// A boolean query parameter ("true"/"false"/"1"/"0"), if present.
core::Result<std::optional<bool>> BoolQuery(const Request& req, const std::string& name);
/// The path parameter `name` as a positive integer id (NotFound otherwise: /users/abc is no user).
core::Result<int64_t> IdParam(const Request& req, const std::string& name = "id");

/// The `{id}` of the path and the `version` of a body that holds nothing else: the state changes
/// that take only the version the client read (publish, close …). Field errors as Fields gives.
struct IdAndVersion {
  int64_t id = 0;
  int64_t version = 0;
  std::string reason;  // IdVersionAndReasonOf only
};
core::Result<IdAndVersion> IdAndVersionOf(const Request& req);
/// The same with a required `reason` (withdraw, revoke …): `{reason, version}`.
core::Result<IdAndVersion> IdVersionAndReasonOf(const Request& req);

/// The period of a report or figure: the `from` and `to` query parameters as YYYY-MM-DD, or
/// InvalidArgument with a field error on each one that is not.
struct Period {
  core::Date from;
  core::Date to;
};
core::Result<Period> PeriodQuery(const Request& req);

/// An uploaded import file: the raw body (CSV text or .xlsx bytes), or in JSON {"csv": text} or
/// {"file_base64": bytes} (with an informational "filename"). What it is is decided later by its
/// content, not by a header or a name. InvalidArgument with a field error on "file" otherwise.
core::Result<std::string> UploadedFile(const Request& req, size_t max_bytes);

/// {"items":[…],"total","page","page_size"}.
template <typename T, typename Fn>
Json PageJson(const app::Page<T>& page, Fn&& item_to_json) {
  Json items = Json::array();
  for (const T& item : page.items) items.push_back(item_to_json(item));
  return Json{{"items", std::move(items)},
              {"total", page.total},
              {"total_exact", page.total_exact},
              {"page", page.page},
              {"page_size", page.page_size}};
}

}  // namespace ipe::http::internal
