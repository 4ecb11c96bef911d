#pragma once
// Errors as application/problem+json (RFC 9457), and the one table from Status codes to HTTP
// statuses.

#include <string>
#include <string_view>

#include "core/status.h"
#include "http/message.h"

namespace ipe::http {

/// HTTP status for a Status code (InvalidArgument 400, Unauthenticated 401, PermissionDenied 403,
/// NotFound 404, AlreadyExists/FailedPrecondition 409, ResourceExhausted 429, Unavailable 503,
/// Internal 500).
int HttpStatusFor(core::StatusCode code);

/// A problem+json response for a failed status. `english` picks English titles. An
/// InvalidArgument status answers `invalid_argument_status` (the route's: 400, or 422 where a
/// contract asks for it); its `code` stays invalid_argument.
Response ProblemResponse(const core::Status& status, bool english = false,
                         int invalid_argument_status = 400);

/// A problem+json response for protocol-level errors (404 route, 405, 413, 415).
Response ProblemResponse(int http_status, std::string_view code, std::string detail,
                         bool english = false);

}  // namespace ipe::http
