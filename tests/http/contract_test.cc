// Issue 20: the API contract. /api/v1/openapi.json is an OpenAPI 3.1 document built from the
// specs the routes carry (http/schema.h); this test checks its shape, counts the operations not
// yet described (tests/http/undescribed_operations.txt may only shrink), compares it with the
// previous release's contract (docs/openapi/v1.json) for unmarked breaking changes, and shows
// that the dispatcher refuses requests that do not fit a route's spec (docs/api.md "Contract").
// Every response of every HTTP test is validated against the contract by test_server.cc.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>

#include "http/json_schema.h"
#include "test_server.h"

namespace ipe::testing {
namespace {

using Json = nlohmann::json;

std::string ReadText(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Every "$ref" under `node`, with where it is.
void CollectRefs(const Json& node, const std::string& at,
                 std::vector<std::pair<std::string, std::string>>* out) {
  if (node.is_object()) {
    for (const auto& [k, v] : node.items()) {
      if (k == "$ref" && v.is_string()) out->emplace_back(at, v.get<std::string>());
      CollectRefs(v, at + "/" + k, out);
    }
  } else if (node.is_array()) {
    for (size_t i = 0; i < node.size(); ++i) CollectRefs(node[i], at + "/" + std::to_string(i), out);
  }
}

const Json* Resolve(const Json& doc, const std::string& ref) {
  const std::string prefix = "#/components/schemas/";
  if (ref.rfind(prefix, 0) != 0) return nullptr;
  const Json& schemas = doc["components"]["schemas"];
  std::string name = ref.substr(prefix.size());
  return schemas.contains(name) ? &schemas[name] : nullptr;
}

// ---- Breaking changes between two contracts ----------------------------------------------------
// Requests must stay as wide as they were (no new required input, no narrower types or enums, no
// removed body property or query parameter, which the dispatcher would now refuse); answers as
// narrow (no removed required property, no wider type, no new nullability). Removing what the
// previous contract marked deprecated is allowed; adding is always allowed.
class BreakingChanges {
 public:
  BreakingChanges(const Json& old_doc, const Json& new_doc) : old_(old_doc), new_(new_doc) {}

  std::vector<std::string> Compare() {
    for (const auto& [path, ops] : old_["paths"].items()) {
      for (const auto& [method, old_op] : ops.items()) {
        std::string where = method + " " + path;
        bool deprecated = old_op.value("deprecated", false);
        if (!new_["paths"].contains(path) || !new_["paths"][path].contains(method)) {
          if (!deprecated) Report(where + ": operation removed without being deprecated first");
          continue;
        }
        if (old_op.contains("x-undescribed")) continue;
        const Json& new_op = new_["paths"][path][method];
        if (new_op.contains("x-undescribed")) {
          Report(where + ": its description was removed");
          continue;
        }
        CompareParameters(where, old_op, new_op);
        if (old_op.contains("requestBody")) {
          const Json& old_body = old_op["requestBody"]["content"]["application/json"]["schema"];
          if (!new_op.contains("requestBody")) {
            Report(where + ": request body no longer accepted");
          } else {
            Schema(where + " body", old_body,
                   new_op["requestBody"]["content"]["application/json"]["schema"], true, 0);
          }
        } else if (new_op.contains("requestBody") &&
                   new_op["requestBody"].value("required", false)) {
          Report(where + ": a request body is now required");
        }
        for (const auto& [status, old_resp] : old_op["responses"].items()) {
          if (status[0] != '2') continue;
          if (!new_op["responses"].contains(status)) {
            Report(where + ": answer " + status + " removed");
            continue;
          }
          const Json& new_resp = new_op["responses"][status];
          Json old_content = old_resp.value("content", Json::object());
          for (const auto& [media, content] : old_content.items()) {
            if (!new_resp.contains("content") || !new_resp["content"].contains(media)) {
              Report(where + " " + status + ": media type " + media + " removed");
            } else if (content.contains("schema")) {
              Schema(where + " " + status, content["schema"], new_resp["content"][media]["schema"],
                     false, 0);
            }
          }
        }
      }
    }
    return std::move(problems_);
  }

 private:
  void Report(std::string text) { problems_.push_back(std::move(text)); }

  void CompareParameters(const std::string& where, const Json& old_op, const Json& new_op) {
    auto by_name = [](const Json& op) {
      std::map<std::string, Json> out;
      for (const Json& p : op.value("parameters", Json::array())) {
        if (p.value("in", "") == "query") out[p["name"]] = p;
      }
      return out;
    };
    auto old_params = by_name(old_op);
    auto new_params = by_name(new_op);
    for (const auto& [name, p] : old_params) {
      if (!new_params.count(name)) {
        if (!p.value("deprecated", false)) Report(where + ": query parameter " + name + " removed");
        continue;
      }
      Schema(where + " ?" + name, p["schema"], new_params[name]["schema"], true, 0);
    }
    for (const auto& [name, p] : new_params) {
      if (!old_params.count(name) && p.value("required", false)) {
        Report(where + ": new required query parameter " + name);
      }
    }
  }

  static std::set<std::string> Types(const Json& s) {
    std::set<std::string> out;
    if (!s.contains("type")) return out;
    if (s["type"].is_string()) out.insert(s["type"].get<std::string>());
    for (const Json& t : s["type"].is_array() ? s["type"] : Json::array()) out.insert(t);
    return out;
  }

  const Json& Deref(const Json& doc, const Json& s) {
    if (s.contains("$ref")) {
      if (const Json* target = Resolve(doc, s["$ref"])) return *target;
    }
    return s;
  }

  // `request`: the new schema must accept all the old one accepted; otherwise the new one must
  // produce nothing the old one did not promise.
  void Schema(const std::string& where, const Json& old_in, const Json& new_in, bool request,
              int depth) {
    if (depth > 20) return;
    const Json& o = Deref(old_, old_in);
    const Json& n = Deref(new_, new_in);
    std::set<std::string> ot = Types(o), nt = Types(n);
    if (!ot.empty() && !nt.empty()) {
      const auto& narrow = request ? nt : ot;  // must contain the other
      const auto& wide = request ? ot : nt;
      for (const std::string& t : wide) {
        bool widening_ok = t == "integer" && narrow.count("number");
        if (!narrow.count(t) && !widening_ok) {
          Report(where + ": type " + t + (request ? " no longer accepted" : " newly answered"));
        }
      }
    }
    if (request && o.contains("enum")) {
      std::set<std::string> codes;
      for (const Json& e : n.value("enum", Json::array())) codes.insert(e.dump());
      for (const Json& e : o["enum"]) {
        if (n.contains("enum") && !codes.count(e.dump())) {
          Report(where + ": value " + e.dump() + " no longer accepted");
        }
      }
    }
    std::set<std::string> old_required, new_required;
    for (const Json& r : o.value("required", Json::array())) old_required.insert(r);
    for (const Json& r : n.value("required", Json::array())) new_required.insert(r);
    Json old_props = o.value("properties", Json::object());
    Json new_props = n.value("properties", Json::object());
    for (const auto& [name, os] : old_props.items()) {
      bool deprecated = os.value("deprecated", false);
      std::string at = where + "." + name;
      if (!new_props.contains(name)) {
        if (!deprecated) Report(at + ": property removed");
        continue;
      }
      if (!request && old_required.count(name) && !new_required.count(name) && !deprecated) {
        Report(at + ": no longer always answered");
      }
      Schema(at, os, new_props[name], request, depth + 1);
    }
    if (request) {
      for (const std::string& name : new_required) {
        if (!old_required.count(name)) Report(where + "." + name + ": newly required");
      }
    }
    if (o.contains("items") && n.contains("items")) {
      Schema(where + "[]", o["items"], n["items"], request, depth + 1);
    }
  }

  const Json& old_;
  const Json& new_;
  std::vector<std::string> problems_;
};

// One server for the document checks: the contract does not depend on the store.
class ContractTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new ServerProcess(IPE_BINARY, FreshDatabaseUrl("sqlite"));
    HttpResponse r = Send(server_->port(), {"GET", "/api/v1/openapi.json", {}, ""});
    doc_ = new Json(Json::parse(r.body));
#ifdef IPE_CONTRACT_DIR
    // For scripts/openapi-snapshot.sh (a release copies it to docs/openapi/v1.json).
    RunCommand("mkdir -p '" IPE_CONTRACT_DIR "'");
    std::ofstream(IPE_CONTRACT_DIR "/openapi.json") << doc_->dump(2) << "\n";
#endif
  }
  static void TearDownTestSuite() {
    delete server_;
    delete doc_;
  }
  static ServerProcess* server_;
  static Json* doc_;
};

ServerProcess* ContractTest::server_ = nullptr;
Json* ContractTest::doc_ = nullptr;

TEST_F(ContractTest, IsAnOpenApi31DocumentWhoseReferencesResolve) {
  const Json& doc = *doc_;
  EXPECT_EQ(doc["openapi"], "3.1.0");
  ASSERT_TRUE(doc["paths"].is_object());
  std::set<std::string> ids;
  size_t operations = 0;
  for (const auto& [path, ops] : doc["paths"].items()) {
    for (const auto& [method, op] : ops.items()) {
      ++operations;
      std::string where = method + " " + path;
      EXPECT_FALSE(op.value("summary", "").empty()) << where << ": no summary";
      EXPECT_TRUE(ids.insert(op.value("operationId", "")).second)
          << where << ": operationId missing or not unique";
      EXPECT_TRUE(op["responses"].is_object() && !op["responses"].empty()) << where;
      // Every {name} of the path is a declared path parameter.
      std::set<std::string> declared;
      for (const Json& p : op.value("parameters", Json::array())) {
        if (p["in"] == "path") declared.insert(p["name"]);
      }
      for (size_t at = path.find('{'); at != std::string::npos; at = path.find('{', at + 1)) {
        std::string name = path.substr(at + 1, path.find('}', at) - at - 1);
        EXPECT_TRUE(declared.count(name)) << where << ": path parameter " << name;
      }
    }
  }
  EXPECT_GT(operations, 200u);
  std::vector<std::pair<std::string, std::string>> refs;
  CollectRefs(doc, "", &refs);
  EXPECT_FALSE(refs.empty());
  for (const auto& [at, ref] : refs) EXPECT_TRUE(Resolve(doc, ref)) << at << ": " << ref;
}

TEST_F(ContractTest, UndescribedOperationsOnlyShrink) {
  std::set<std::string> listed;
  std::istringstream in(ReadText(IPE_SOURCE_DIR "/tests/http/undescribed_operations.txt"));
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line[0] != '#') listed.insert(line);
  }
  size_t total = 0, undescribed = 0;
  for (const auto& [path, ops] : (*doc_)["paths"].items()) {
    for (const auto& [method, op] : ops.items()) {
      ++total;
      std::string key = method + " " + path;
      for (char& c : key) c = c == ' ' ? ' ' : c;
      if (op.contains("x-undescribed")) {
        ++undescribed;
        EXPECT_TRUE(listed.count(key))
            << key << ": a new route without a spec — describe it (docs/api.md \"Describing a "
                      "route\")";
      } else {
        EXPECT_FALSE(listed.count(key))
            << key << ": is described now — remove it from tests/http/undescribed_operations.txt";
      }
    }
  }
  std::printf("[contract] %zu operations, %zu described, %zu undescribed\n", total,
              total - undescribed, undescribed);
}

TEST_F(ContractTest, NoUnmarkedBreakingChangeSinceThePreviousRelease) {
  Json previous = Json::parse(ReadText(IPE_SOURCE_DIR "/docs/openapi/v1.json"), nullptr, false);
  ASSERT_FALSE(previous.is_discarded()) << "docs/openapi/v1.json is not JSON";
  for (const std::string& p : BreakingChanges(previous, *doc_).Compare()) {
    ADD_FAILURE() << "breaking change (a v2 path, or deprecate first — docs/api.md "
                     "\"Versioning\"): "
                  << p;
  }
}

// The snapshot's examples are real demo answers (`ipenforce openapi --examples`, docs/api.md
// "Examples from the demo data"); each must still fit its answer's schema as this build serves it.
TEST_F(ContractTest, SnapshotExamplesFitTheirSchemas) {
  Json snapshot = Json::parse(ReadText(IPE_SOURCE_DIR "/docs/openapi/v1.json"), nullptr, false);
  ASSERT_FALSE(snapshot.is_discarded()) << "docs/openapi/v1.json is not JSON";
  int checked = 0;
  for (const auto& [path, ops] : snapshot["paths"].items()) {
    for (const auto& [method, op] : ops.items()) {
      if (!op.contains("responses")) continue;
      for (const auto& [status, answer] : op["responses"].items()) {
        const Json* example = nullptr;
        if (answer.contains("content") && answer["content"].contains("application/json")) {
          const Json& media = answer["content"]["application/json"];
          if (media.contains("example")) example = &media["example"];
        }
        if (!example) continue;
        std::string where = method + " " + path + " " + status;
        const Json& served = (*doc_)["paths"];
        ASSERT_TRUE(served.contains(path) && served[path].contains(method))
            << where << ": not served";
        const Json& now = served[path][method]["responses"];
        ASSERT_TRUE(now.contains(status) && now[status].contains("content") &&
                    now[status]["content"].contains("application/json"))
            << where << ": the answer is no longer JSON";
        for (const auto& e : ipe::http::ValidateJson(
                 *doc_, now[status]["content"]["application/json"]["schema"], *example)) {
          ADD_FAILURE() << where << ": the example does not fit: " << e.path << " " << e.message
                        << " (refresh with scripts/openapi-snapshot.sh)";
        }
        ++checked;
      }
    }
  }
  std::printf("[contract] %d examples of the snapshot fit the served schemas\n", checked);
}

// The comparison itself finds what it must (a test that can fail).
TEST(ContractDiff, FindsBreakingChangesAndAllowsAdditions) {
  Json old_doc = Json::parse(R"({"paths":{
    "/a":{"get":{"parameters":[{"name":"q","in":"query","schema":{"type":"string"}}],
      "responses":{"200":{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/A"}}}}}}},
    "/b":{"post":{"requestBody":{"content":{"application/json":{"schema":{"type":"object",
      "properties":{"x":{"type":"string","enum":["p","q"]}}}}}},"responses":{"204":{}}}},
    "/c":{"get":{"deprecated":true,"responses":{"200":{}}}}},
    "components":{"schemas":{"A":{"type":"object","required":["id","name"],
      "properties":{"id":{"type":"integer"},"name":{"type":"string"}}}}}})");
  Json same_plus = old_doc;
  same_plus["paths"]["/d"] = {{"get", {{"responses", {{"200", Json::object()}}}}}};
  same_plus["components"]["schemas"]["A"]["properties"]["extra"] = {{"type", "string"}};
  same_plus["paths"]["/a"]["get"]["parameters"].push_back(
      {{"name", "page"}, {"in", "query"}, {"schema", {{"type", "integer"}}}});
  same_plus["paths"].erase("/c");  // deprecated in the previous contract
  EXPECT_TRUE(BreakingChanges(old_doc, same_plus).Compare().empty());

  Json broken = old_doc;
  broken["components"]["schemas"]["A"]["properties"]["name"]["type"] = Json::array({"string", "null"});
  broken["components"]["schemas"]["A"]["properties"].erase("id");
  broken["paths"]["/a"]["get"]["parameters"] = Json::array();
  broken["paths"]["/b"]["post"]["requestBody"]["content"]["application/json"]["schema"]
        ["properties"]["x"]["enum"] = Json::array({"p"});
  broken["paths"]["/b"]["post"]["requestBody"]["content"]["application/json"]["schema"]
        ["required"] = Json::array({"y"});
  auto problems = BreakingChanges(old_doc, broken).Compare();
  std::string all;
  for (const auto& p : problems) all += p + "\n";
  EXPECT_EQ(problems.size(), 5u) << all;
  EXPECT_NE(all.find("get /a 200.id: property removed"), std::string::npos) << all;
  EXPECT_NE(all.find("type null newly answered"), std::string::npos) << all;
  EXPECT_NE(all.find("query parameter q removed"), std::string::npos) << all;
  EXPECT_NE(all.find("\"q\" no longer accepted"), std::string::npos) << all;
  EXPECT_NE(all.find("y: newly required"), std::string::npos) << all;
}

// The dispatcher holds requests to a described route's spec, on both stores.
class ContractRequestTest : public ServerTest {};

TEST_P(ContractRequestTest, RequestsOutsideTheSpecAre400WithFieldErrorsAndWriteNothing) {
  ApiSession admin = LogIn(port(), "admin", "Admin@12345");
  ASSERT_EQ(admin.status, 200) << admin.body;
  auto users_total = [&] {
    HttpResponse r = Get("/api/v1/users?page_size=1", admin.AuthHeaders());
    EXPECT_EQ(r.status, 200) << r.body;
    return Json::parse(r.body).value("total", int64_t{-1});
  };
  auto field_errors = [](const HttpResponse& r) {
    std::set<std::string> out;
    Json j = Json::parse(r.body, nullptr, false);
    for (const Json& e : j.value("errors", Json::array())) out.insert(e.value("field", ""));
    return out;
  };
  int64_t before = users_total();

  HttpResponse unknown = Get("/api/v1/users?colour=red", admin.AuthHeaders());
  EXPECT_EQ(unknown.status, 400) << unknown.body;
  EXPECT_EQ(field_errors(unknown), std::set<std::string>{"colour"});

  HttpResponse ill_typed = Get("/api/v1/users?page=two&active=maybe&role=pilot", admin.AuthHeaders());
  EXPECT_EQ(ill_typed.status, 400) << ill_typed.body;
  EXPECT_EQ(field_errors(ill_typed), (std::set<std::string>{"page", "active", "role"}));

  HttpResponse bad_body = Post("/api/v1/users",
                               R"({"login":7,"display_name":"契约","password":"Contract@2026x",)"
                               R"("roles":["officer"],"agency_id":"one","shoe_size":42})",
                               admin.AuthHeaders());
  EXPECT_EQ(bad_body.status, 400) << bad_body.body;
  EXPECT_EQ(field_errors(bad_body), (std::set<std::string>{"login", "agency_id", "shoe_size"}));
  EXPECT_EQ(bad_body.headers["content-type"].rfind("application/problem+json", 0), 0u);
  EXPECT_EQ(users_total(), before);

  // What fits the spec still reaches the handler, which judges the rest as before.
  HttpResponse empty = Get("/api/v1/users?q=&page=2", admin.AuthHeaders());
  EXPECT_EQ(empty.status, 200) << empty.body;
  // An unknown field with well-typed values: the handler's one 400 names it with its own findings.
  HttpResponse missing =
      Post("/api/v1/users", R"({"login":"contract-x","shoe_size":42})", admin.AuthHeaders());
  EXPECT_EQ(missing.status, 400) << missing.body;
  EXPECT_TRUE(field_errors(missing).count("password")) << missing.body;
  EXPECT_TRUE(field_errors(missing).count("shoe_size")) << missing.body;
  EXPECT_EQ(users_total(), before);
}

INSTANTIATE_TEST_SUITE_P(Backends, ContractRequestTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace ipe::testing
