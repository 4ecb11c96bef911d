#pragma once
// Examples in the contract taken from real answers (docs/api.md "Examples from the demo data"):
// the dispatcher is asked, in-process, for every described GET whose 200 answer is JSON, and
// the answer it gives becomes the example of that answer — when it fits the schema. Nothing is
// typed by hand, so an example can only be as wrong as the server: `ipenforce openapi --examples`
// runs this on a fresh store with the demo data and writes the document the snapshot keeps.
//
//   nlohmann::json doc = dispatcher.Contract();
//   ExampleReport r = AddExamplesFromAnswers(dispatcher, doc, session_cookie);
//   // doc["paths"]["/api/v1/plans"]["get"]["responses"]["200"]["content"]
//   //    ["application/json"]["example"] is what GET /api/v1/plans?page_size=2 answered.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace ipe::http {

class Dispatcher;

/// What AddExamplesFromAnswers did, for the command's summary.
struct ExampleReport {
  int added = 0;                     // operations that now carry an example
  std::vector<std::string> skipped;  // "get /path: why" (needs input, refused, empty list …)
};

/// Calls every described GET of `document` on `dispatcher` with `cookie` (a session cookie
/// header value, "ipe_session=…") and records each JSON 200 answer that validates against its
/// schema as that answer's `example`. A path id comes from the first item of the list one level
/// up (/plans/{id}/matrix takes items[0].id of /plans); lists are asked for two items
/// (page_size=2) and every array of an example is cut to its first two elements, so that the
/// document stays readable. Operations with required query parameters, more than one path
/// parameter, or no item to take an id from get none (listed in `skipped`).
ExampleReport AddExamplesFromAnswers(Dispatcher& dispatcher, nlohmann::json& document,
                                     const std::string& cookie);

}  // namespace ipe::http
