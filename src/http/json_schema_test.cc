#include "http/json_schema.h"

#include <gtest/gtest.h>

#include "http/openapi.h"

namespace ipe::http {
namespace {

using nlohmann::json;

std::vector<std::string> Paths(const std::vector<SchemaError>& errors) {
  std::vector<std::string> out;
  for (const auto& e : errors) out.push_back(e.path);
  return out;
}

TEST(JsonSchema, RendersBuilderShapesAsJsonSchema) {
  Schema s = Obj({{"id", Int()},
                  {"status", Enum({{"open", "办理中"}, {"closed", "已结案"}})},
                  {"closed_at", DateTime().Nullable()},
                  {"note", Str(10).Optional()},
                  {"agency", Ref("Agency").Nullable()}})
                 .Closed();
  json j = ToJsonSchema(s);
  EXPECT_EQ(j["type"], "object");
  EXPECT_EQ(j["required"], json::array({"id", "status", "closed_at", "agency"}));
  EXPECT_EQ(j["additionalProperties"], false);
  EXPECT_EQ(j["properties"]["status"]["enum"], json::array({"open", "closed"}));
  EXPECT_EQ(j["properties"]["status"]["x-enum-descriptions"], json::array({"办理中", "已结案"}));
  EXPECT_NE(j["properties"]["status"]["description"].get<std::string>().find("closed：已结案"),
            std::string::npos);
  EXPECT_EQ(j["properties"]["closed_at"]["type"], json::array({"string", "null"}));
  EXPECT_EQ(j["properties"]["closed_at"]["format"], "date-time");
  EXPECT_EQ(j["properties"]["note"]["x-max-bytes"], 10);
  EXPECT_EQ(j["properties"]["agency"]["anyOf"][0]["$ref"], "#/components/schemas/Agency");
}

TEST(JsonSchema, ValidatesTypesRequiredEnumsFormatsAndReferences) {
  json doc = {{"components",
               {{"schemas",
                 {{"Agency", ToJsonSchema(Obj({{"id", Int()}, {"name", Str()}}))}}}}}};
  json schema = ToJsonSchema(Obj({{"id", Int().Min(1)},
                                  {"status", Enum({{"open", "办理中"}})},
                                  {"on", Date()},
                                  {"name", Str(6)},
                                  {"agency", Ref("Agency")},
                                  {"tags", Arr(Str())},
                                  {"counts", MapOf(Int())},
                                  {"maybe", Int().Nullable()}})
                                 .Closed());
  json good = {{"id", 3},       {"status", "open"},         {"on", "2026-01-31"},
               {"name", "两字"}, {"agency", {{"id", 1}, {"name", "局"}}},
               {"tags", {"a"}}, {"counts", {{"x", 1}}},     {"maybe", nullptr}};
  EXPECT_TRUE(ValidateJson(doc, schema, good).empty());

  json bad = good;
  bad["id"] = 0;                    // below minimum
  bad["status"] = "closed";         // not in enum
  bad["on"] = "2026-02-30";         // not a date
  bad["name"] = "三个字";            // 9 bytes > 6
  bad["agency"].erase("name");      // required inside the reference
  bad["tags"] = {"a", 2};           // item type
  bad["counts"]["y"] = "many";      // map value type
  bad["extra"] = true;              // closed object
  bad.erase("maybe");               // required (nullable is not optional)
  EXPECT_EQ(Paths(ValidateJson(doc, schema, bad)),
            (std::vector<std::string>{"maybe", "agency.name", "counts.y", "extra", "id", "name",
                                      "on", "status", "tags[1]"}));
  ValidateOptions lenient;
  lenient.check_required = false;
  EXPECT_EQ(ValidateJson(doc, schema, bad, lenient).size(), 7u);
}

TEST(JsonSchema, AnUnresolvedReferenceIsAnError) {
  auto errors = ValidateJson(json::object(), {{"$ref", "#/components/schemas/Nope"}}, 1);
  ASSERT_EQ(errors.size(), 1u);
}

TEST(OpenApi, DescribedRoutesCarryTheirShapesAndOthersAreMarked) {
  Router r;
  r.Add("GET", "/api/v1/things/{id}", Access::kAuthenticated, [](Request&) -> Reply {
    return Response::NoContent();
  }, "东西 (thing)");
  r.Add("GET", "/api/v1/others", Access::kPublic, [](Request&) -> Reply {
    return Response::NoContent();
  }, "其他 (others)");
  Schema thing = r.Component("Thing", Obj({{"id", Int()}}));
  r.Describe("GET", "/api/v1/things/{id}",
             RouteSpec().Query({{"full", Bool(), false, "全部"}}).Returns(200, thing));
  json doc = OpenApiDocument(r);
  EXPECT_EQ(doc["openapi"], "3.1.0");
  const json& op = doc["paths"]["/api/v1/things/{id}"]["get"];
  EXPECT_EQ(op["operationId"], "get_api_v1_things_id");
  EXPECT_EQ(op["parameters"].size(), 2u);
  EXPECT_EQ(op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/Thing");
  EXPECT_TRUE(op["responses"].contains("401"));
  EXPECT_FALSE(op.contains("x-undescribed"));
  EXPECT_TRUE(doc["components"]["schemas"].contains("Problem"));
  EXPECT_TRUE(doc["paths"]["/api/v1/others"]["get"].value("x-undescribed", false));

  Request req;
  req.method = "GET";
  req.path = "/api/v1/things/1";
  req.query = {{"full", "yes"}, {"colour", "red"}};
  core::Status st = CheckRequest(r.routes()[0], doc, req);
  ASSERT_FALSE(st.ok());
  ASSERT_EQ(st.field_errors().size(), 2u);
  EXPECT_EQ(st.field_errors()[0].field, "full");
  EXPECT_EQ(st.field_errors()[1].field, "colour");
  req.query = {{"full", "true"}};
  EXPECT_TRUE(CheckRequest(r.routes()[0], doc, req).ok());
}

}  // namespace
}  // namespace ipe::http
