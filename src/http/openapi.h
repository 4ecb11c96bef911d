#pragma once
// The API contract: the OpenAPI 3.1 document of every registered route, built from the specs the
// routes carry (Router::Describe, http/schema.h), and the request check the dispatcher runs with
// it before a described route's handler (docs/api.md "Contract").

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "http/message.h"
#include "http/router.h"

namespace ipe::http {

/// The OpenAPI 3.1 document of `router`'s routes: every operation with its summary, path and
/// query parameters, request body, success answers and problem+json answers; shared shapes under
/// components. Operations of routes without a spec carry "x-undescribed": true.
nlohmann::json OpenApiDocument(const Router& router);

/// OK when `req` fits `route`'s spec in `document` (OpenApiDocument of its router): every query
/// parameter is one the route reads and parses as its type says, and a JSON body's values have
/// the types of the body schema (a 400 for those lists the body's unknown fields too). Missing
/// required values, and unknown fields in a body with no ill-typed value, are left to the
/// handler, which reports them with its own checks in one answer. InvalidArgument with one field
/// error per problem otherwise. OK for routes without a spec.
core::Status CheckRequest(const Route& route, const nlohmann::json& document, const Request& req);

/// The operationId of a route: "get_api_v1_cases_id" for GET /api/v1/cases/{id}.
std::string OperationId(const std::string& method, const std::string& pattern);

}  // namespace ipe::http
