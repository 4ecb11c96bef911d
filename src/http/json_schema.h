#pragma once
// JSON Schema (the 2020-12 subset the API contract uses) for http::Schema values: their
// rendering into the OpenAPI document, and a validator. The dispatcher validates request bodies
// with it; tests/http/test_server.cc validates every response the HTTP tests receive against the
// server's own /api/v1/openapi.json (docs/api.md "Contract").
//
//   nlohmann::json doc = …;  // an OpenAPI document (for "$ref": "#/components/schemas/…")
//   for (const SchemaError& e : ValidateJson(doc, doc["components"]["schemas"]["Case"], body))
//     std::cerr << e.path << ": " << e.message;
//
// Keywords understood: $ref (local), type (one or a list), enum, const, properties, required,
// additionalProperties (bool or schema), items, anyOf/oneOf/allOf, minimum, maximum, minLength,
// maxLength, x-max-bytes (a string's length in UTF-8 bytes, as the handlers count it), format
// date and date-time. Anything else is ignored, as the specification allows.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "http/schema.h"

namespace ipe::http {

/// `schema` as JSON Schema; "$ref"s point at "#/components/schemas/<name>".
nlohmann::json ToJsonSchema(const Schema& schema);

struct SchemaError {
  std::string path;     // "title", "amounts_fen.sales", "items[2].status"; "" for the value itself
  std::string message;  // zh-CN with the English in parentheses, like every server message
  bool unknown_field = false;  // a property a closed object does not list
};

struct ValidateOptions {
  bool check_required = true;  // false: missing required properties are not errors (the
                               // dispatcher leaves those to the handler, which reports them
                               // after its own scope checks)
  size_t max_errors = 20;
};

/// The places where `value` does not match `schema` (empty: it matches). `root` is the document
/// that "$ref"s are resolved in. A "$ref" that does not resolve is itself an error.
std::vector<SchemaError> ValidateJson(const nlohmann::json& root, const nlohmann::json& schema,
                                      const nlohmann::json& value,
                                      const ValidateOptions& options = {});

}  // namespace ipe::http
