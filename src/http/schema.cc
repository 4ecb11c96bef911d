#include "http/schema.h"

namespace ipe::http {
namespace {

Schema Of(Schema::Type type) {
  Schema s;
  s.type = type;
  return s;
}

}  // namespace

Schema Schema::Nullable() const {
  Schema s = *this;
  s.nullable = true;
  return s;
}

Schema Schema::Optional() const {
  Schema s = *this;
  s.optional = true;
  return s;
}

Schema Schema::Closed() const {
  Schema s = *this;
  s.closed = true;
  return s;
}

Schema Schema::Deprecated() const {
  Schema s = *this;
  s.deprecated = true;
  return s;
}

Schema Schema::Describe(std::string text) const {
  Schema s = *this;
  s.description = std::move(text);
  return s;
}

Schema Schema::Example(std::string json) const {
  Schema s = *this;
  s.example = std::move(json);
  return s;
}

Schema Schema::Min(int64_t v) const {
  Schema s = *this;
  s.minimum = v;
  return s;
}

Schema Schema::Max(int64_t v) const {
  Schema s = *this;
  s.maximum = v;
  return s;
}

Schema Any() { return Of(Schema::Type::kAny); }

Schema Str(size_t max_length) {
  Schema s = Of(Schema::Type::kString);
  s.max_length = max_length;
  return s;
}

Schema Int() { return Of(Schema::Type::kInteger); }
Schema Num() { return Of(Schema::Type::kNumber); }
Schema Bool() { return Of(Schema::Type::kBoolean); }

Schema Date() {
  Schema s = Of(Schema::Type::kString);
  s.format = "date";
  return s;
}

Schema Binary() {
  Schema s = Of(Schema::Type::kString);
  s.format = "binary";
  return s;
}

Schema DateTime() {
  Schema s = Of(Schema::Type::kString);
  s.format = "date-time";
  return s;
}

Schema Fen() { return Int().Describe("金额，单位：分 (amount in fen)"); }

Schema Enum(const std::vector<app::CodeLabel>& table) {
  Schema s = Of(Schema::Type::kString);
  for (const app::CodeLabel& c : table) s.enum_values.emplace_back(c.code, c.name_zh);
  return s;
}

Schema Enum(std::initializer_list<std::pair<const char*, const char*>> codes) {
  Schema s = Of(Schema::Type::kString);
  for (const auto& [code, label] : codes) s.enum_values.emplace_back(code, label);
  return s;
}

Schema EnumPairs(std::vector<std::pair<std::string, std::string>> codes) {
  Schema s = Of(Schema::Type::kString);
  s.enum_values = std::move(codes);
  return s;
}

Schema Arr(Schema items) {
  Schema s = Of(Schema::Type::kArray);
  s.items.push_back(std::move(items));
  return s;
}

Schema Obj(std::vector<Schema::Property> properties) {
  Schema s = Of(Schema::Type::kObject);
  s.properties = std::move(properties);
  return s;
}

Schema MapOf(Schema values) {
  Schema s = Of(Schema::Type::kObject);
  s.additional.push_back(std::move(values));
  return s;
}

Schema Ref(std::string name) {
  Schema s = Of(Schema::Type::kRef);
  s.ref = std::move(name);
  return s;
}

Schema With(Schema base, std::vector<Schema::Property> more) {
  Schema s = Any();
  s.all_of.push_back(std::move(base));
  s.all_of.push_back(Obj(std::move(more)));
  return s;
}

Schema PageOf(Schema item) {
  return Obj({{"items", Arr(std::move(item))},
              {"total", Int().Min(0)},
              {"total_exact", Bool().Describe("false：总数为下限（共 N+ 条） (a capped count)")},
              {"page", Int().Min(1)},
              {"page_size", Int().Min(1)}});
}

Schema IdName() { return Obj({{"id", Int()}, {"name", Str()}}); }

std::vector<QueryParam> PageQuery(std::vector<QueryParam> more) {
  std::vector<QueryParam> out = {
      {"page", Int().Min(1), false, "页码，从 1 起 (page, from 1)"},
      {"page_size", Int().Min(1).Max(200), false, "每页条数，1–200，默认 20 (page size)"}};
  for (QueryParam& q : more) out.push_back(std::move(q));
  return out;
}

RouteSpec& RouteSpec::Query(std::vector<QueryParam> params) {
  for (QueryParam& q : params) query.push_back(std::move(q));
  return *this;
}

RouteSpec& RouteSpec::Body(Schema schema, bool required) {
  body = std::move(schema);
  body_required = required;
  return *this;
}

RouteSpec& RouteSpec::Returns(int status, Schema schema, std::string description,
                              std::string media) {
  responses.push_back({status, std::move(schema), std::move(description), std::move(media)});
  return *this;
}

RouteSpec& RouteSpec::Refuses(int status, std::string description) {
  return Returns(status, Ref("Problem"), std::move(description), "application/problem+json");
}

RouteSpec& RouteSpec::Description(std::string text) {
  description = std::move(text);
  return *this;
}

RouteSpec& RouteSpec::Tag(std::string name) {
  tag = std::move(name);
  return *this;
}

RouteSpec& RouteSpec::Deprecate() {
  deprecated = true;
  return *this;
}

}  // namespace ipe::http
