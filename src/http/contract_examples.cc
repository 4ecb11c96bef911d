#include "http/contract_examples.h"

#include <map>
#include <optional>

#include "http/dispatcher.h"
#include "http/json_schema.h"

namespace ipe::http {
namespace {

using nlohmann::json;

// Arrays longer than this are cut in an example (a plan's tree, a page of twenty).
constexpr size_t kExampleItems = 2;

// Where a path parameter's value is found in an item of the list one level up.
const std::map<std::string, std::string>& ItemKeyOf() {
  static const std::map<std::string, std::string> kKeys = {{"id", "id"},
                                                           {"code", "credit_code"},
                                                           {"year", "year"},
                                                           {"receipt", "receipt_no"},
                                                           {"number", "certificate_no"}};
  return kKeys;
}

void Trim(json& v) {
  if (v.is_array()) {
    if (v.size() > kExampleItems) v.erase(v.begin() + kExampleItems, v.end());
  }
  if (v.is_array() || v.is_object()) {
    for (json& child : v) Trim(child);
  }
}

bool HasParameter(const json& op, const std::string& name) {
  for (const json& p : op.value("parameters", json::array())) {
    if (p.value("name", "") == name) return true;
  }
  return false;
}

bool NeedsQuery(const json& op) {
  for (const json& p : op.value("parameters", json::array())) {
    if (p.value("in", "") == "query" && p.value("required", false)) return true;
  }
  return false;
}

class Asker {
 public:
  Asker(Dispatcher& d, std::string cookie) : d_(d), cookie_(std::move(cookie)) {}

  // The JSON a GET answers with 200, or nullopt (with the status in `why`).
  std::optional<json> Get(const std::string& path, bool paged, std::string& why) {
    Request req;
    req.method = "GET";
    req.path = path;
    if (paged) req.query.emplace_back("page_size", std::to_string(kExampleItems));
    req.headers.emplace_back("cookie", cookie_);
    req.client = "127.0.0.1";
    Response resp = d_.Handle(req);
    if (resp.status != 200 || resp.content_type.rfind("application/json", 0) != 0) {
      why = "answered " + std::to_string(resp.status);
      return std::nullopt;
    }
    json body = json::parse(resp.body, nullptr, false);
    if (body.is_discarded()) {
      why = "answer is not JSON";
      return std::nullopt;
    }
    return body;
  }

 private:
  Dispatcher& d_;
  std::string cookie_;
};

// The value of `param` for `path`: from the first item of the list one level up.
std::optional<std::string> PathValue(Asker& ask, const json& document, const std::string& path,
                                     const std::string& param, std::string& why) {
  std::string parent = path.substr(0, path.find("/{"));
  auto key = ItemKeyOf().find(param);
  const json& paths = document["paths"];
  if (key == ItemKeyOf().end() || !paths.contains(parent) || !paths[parent].contains("get")) {
    why = "no list to take {" + param + "} from";
    return std::nullopt;
  }
  auto list = ask.Get(parent, HasParameter(paths[parent]["get"], "page_size"), why);
  if (!list) return std::nullopt;
  const json& items = list->is_array() ? *list : list->value("items", json::array());
  if (items.empty() || !items[0].is_object() || !items[0].contains(key->second)) {
    why = "the list " + parent + " has no item";
    return std::nullopt;
  }
  const json& v = items[0][key->second];
  return v.is_string() ? v.get<std::string>() : v.dump();
}

}  // namespace

ExampleReport AddExamplesFromAnswers(Dispatcher& dispatcher, json& document,
                                     const std::string& cookie) {
  ExampleReport report;
  Asker ask(dispatcher, cookie);
  const json snapshot = document;  // lookups stay on the document as it was
  for (auto& entry : document["paths"].items()) {
    const std::string path = entry.key();
    json& methods = entry.value();
    if (!methods.contains("get")) continue;
    json& op = methods["get"];
    auto skip = [&](const std::string& why) {
      report.skipped.push_back("get " + path + ": " + why);
    };
    if (op.contains("x-undescribed") || path.ends_with("openapi.json")) continue;
    json* media = nullptr;
    if (op["responses"].contains("200") && op["responses"]["200"].contains("content") &&
        op["responses"]["200"]["content"].contains("application/json")) {
      media = &op["responses"]["200"]["content"]["application/json"];
    }
    if (!media) continue;  // files, CSV, streams: no JSON example
    if (NeedsQuery(op)) {
      skip("needs query parameters");
      continue;
    }
    std::string target = path, why;
    size_t open = path.find('{');
    if (open != std::string::npos) {
      size_t close = path.find('}', open);
      if (path.find('{', close) != std::string::npos) {
        skip("more than one path parameter");
        continue;
      }
      auto value = PathValue(ask, snapshot, path, path.substr(open + 1, close - open - 1), why);
      if (!value) {
        skip(why);
        continue;
      }
      target = path.substr(0, open) + *value + path.substr(close + 1);
    }
    auto answer = ask.Get(target, HasParameter(op, "page_size"), why);
    if (!answer) {
      skip(why);
      continue;
    }
    Trim(*answer);
    std::vector<SchemaError> errors = ValidateJson(snapshot, (*media)["schema"], *answer);
    if (!errors.empty()) {
      skip("the answer does not fit the schema: " + errors[0].path + " " + errors[0].message);
      continue;
    }
    (*media)["example"] = std::move(*answer);
    ++report.added;
  }
  return report;
}

}  // namespace ipe::http
