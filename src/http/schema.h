#pragma once
// The shapes of the API as C++ values: what a route reads (query parameters, request body) and
// what it answers, declared next to the code that parses or renders them. The dispatcher checks
// requests against them, /api/v1/openapi.json publishes them (JSON Schema 2020-12 inside OpenAPI
// 3.1), and the HTTP tests check every response against that document (docs/api.md
// "Describing a route"). No JSON library here: router.h includes this header.
//
//   Schema case_ref = Obj({{"id", Int()}, {"case_number", Str()}, {"title", Str()}});
//   Schema status = Enum(app::kCaseStatuses);          // codes with their zh-CN labels
//   Schema closed = DateTime().Nullable();             // "2026-01-02T03:04:05Z" or null
//   Schema note = Str(8000).Optional();                // may be absent from the object

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/code_label.h"

namespace ipe::http {

struct Schema {
  enum class Type { kAny, kString, kInteger, kNumber, kBoolean, kArray, kObject, kRef };
  struct Property;

  Type type = Type::kAny;
  bool nullable = false;
  bool optional = false;     // as a property: may be absent (properties are required otherwise)
  bool closed = false;       // object: no properties beyond those listed
  bool deprecated = false;
  std::string format;        // "date", "date-time"
  std::string description;
  std::string ref;           // kRef: the name of a component (Router::Component)
  std::string example;       // JSON text, shown in the document
  std::vector<std::pair<std::string, std::string>> enum_values;  // code, zh-CN label
  std::optional<int64_t> minimum;
  std::optional<int64_t> maximum;
  size_t max_length = 0;     // strings, in bytes as the parsers count them; 0: no limit
  std::vector<Property> properties;
  std::vector<Schema> items;       // kArray: one element, the items' schema
  std::vector<Schema> additional;  // kObject: one element, the schema of unlisted properties (maps)
  std::vector<Schema> all_of;      // kAny: every one of these (a component with more properties)

  Schema Nullable() const;
  Schema Optional() const;
  Schema Closed() const;
  Schema Deprecated() const;
  Schema Describe(std::string text) const;
  Schema Example(std::string json) const;
  Schema Min(int64_t v) const;
  Schema Max(int64_t v) const;
};

struct Schema::Property {
  std::string name;
  Schema schema;
};

Schema Any();
Schema Str(size_t max_length = 0);
Schema Int();
Schema Num();
Schema Bool();
Schema Date();       // YYYY-MM-DD
Schema DateTime();   // RFC 3339, UTC
/// A file's bytes (format binary): the schema of a PDF, XLSX or image answer.
Schema Binary();
/// Money in integer fen (分).
Schema Fen();
/// One of the codes of a code table; the document lists each code with its zh-CN label.
Schema Enum(const std::vector<app::CodeLabel>& table);
/// One of the given codes, each with its zh-CN label.
Schema Enum(std::initializer_list<std::pair<const char*, const char*>> codes);
/// One of the given codes with their zh-CN labels, from a table that is not a CodeLabel table.
Schema EnumPairs(std::vector<std::pair<std::string, std::string>> codes);
Schema Arr(Schema items);
/// An object with these properties (all required unless marked Optional()); other properties
/// are allowed (shapes still growing) unless Closed().
Schema Obj(std::vector<Schema::Property> properties);
/// An object whose property names are data (counts by code …), each value of `values`' shape.
Schema MapOf(Schema values);
/// The component `name` (#/components/schemas/name).
Schema Ref(std::string name);
/// `base` (usually a Ref) with more properties: what a handler renders when it adds keys to a
/// shared view (`out["secret"] = …`).
Schema With(Schema base, std::vector<Schema::Property> more);
/// {"items":[…],"total","total_exact","page","page_size"} — what internal::PageJson renders.
Schema PageOf(Schema item);
/// {"id","name"} — the small references records carry to an agency, a user ….
Schema IdName();

/// A query-string parameter. Values are text; `schema` says how they are read (Int(), Bool(),
/// Date(), Enum(…), Str()). An empty value counts as absent.
struct QueryParam {
  std::string name;
  Schema schema;
  bool required = false;
  std::string description;
};

/// page and page_size (internal::PageFromQuery) followed by `more`.
std::vector<QueryParam> PageQuery(std::vector<QueryParam> more = {});

/// One answer of a route. JSON unless `media` says otherwise (then `schema` is not checked).
struct ResponseSpec {
  int status = 200;
  Schema schema;
  std::string description;
  std::string media = "application/json";
};

/// What a route reads and answers, built by chaining (designated initializers would trip g++ 12's
/// -Wmissing-field-initializers):
///   RouteSpec().Query(PageQuery({{"status", Enum(app::CaseSources()), false, "来源"}}))
///              .Returns(200, PageOf(case_ref))
/// Problem answers (400 with field errors, 401, 403, 404, 409 …) are added to every route by the
/// document; list the success answers here, and with Refuses the refusals worth naming.
struct RouteSpec {
  std::vector<QueryParam> query;
  std::optional<Schema> body;              // JSON request body
  bool body_required = true;
  std::vector<ResponseSpec> responses;
  std::string description;
  std::string tag;                         // groups operations in the viewer; default: path area
  bool deprecated = false;

  RouteSpec& Query(std::vector<QueryParam> params);
  RouteSpec& Body(Schema schema, bool required = true);
  /// An answer: JSON of `schema`, or of `media` (then only the media type is checked); 204: none.
  RouteSpec& Returns(int status, Schema schema, std::string description = "",
                     std::string media = "application/json");
  /// A refusal the handler gives for a reason worth naming (403 out of scope, 404 unknown or not
  /// visible, 409 a stale version or a state that forbids it …): problem+json with `description`.
  /// Others stay under the document's generic 4XX.
  RouteSpec& Refuses(int status, std::string description);
  RouteSpec& Description(std::string text);
  RouteSpec& Tag(std::string name);
  /// Marks the operation deprecated (docs/api.md "Versioning").
  RouteSpec& Deprecate();
};

}  // namespace ipe::http
