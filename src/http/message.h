#pragma once
// HTTP request and response as the rest of the server sees them: plain structs, independent of
// the HTTP library (only server.cc knows RESTinio).

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/principal.h"

namespace ipe::http {

struct Request {
  std::string method;        // "GET", "POST" …
  std::string path;          // percent-decoded, without the query
  std::vector<std::pair<std::string, std::string>> query;    // decoded, in order
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  std::string client;        // remote address; the dispatcher replaces it with the address a
                             // trusted proxy forwarded (DispatcherOptions::trusted_proxies)
  std::string request_id;
  bool https = false;        // set by the dispatcher: served over HTTPS (configured, or said by
                             // a trusted proxy's X-Forwarded-Proto)

  // Filled in by the dispatcher.
  std::map<std::string, std::string> path_params;
  std::optional<app::Principal> principal;
  std::string route;         // the matched pattern, for metrics and logs
  bool english = false;      // Accept-Language asks for English: messages in English only

  /// First header with this lower-case name, or "".
  std::string_view Header(std::string_view name) const;
  /// First query parameter with this name.
  std::optional<std::string> Query(std::string_view name) const;
  /// A cookie from the Cookie header, or "".
  std::string Cookie(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  static Response Json(int status, std::string body) {
    Response r;
    r.status = status;
    r.body = std::move(body);
    return r;
  }
  static Response NoContent() {
    Response r;
    r.status = 204;
    r.content_type.clear();
    return r;
  }
};

/// Percent-decodes `s` ('+' → ' ' when `plus_is_space`). Returns nullopt on a malformed escape or
/// when the result is not valid UTF-8.
std::optional<std::string> PercentDecode(std::string_view s, bool plus_is_space);

/// Parses "a=1&b=%E4%B8%AD". Malformed pairs make the whole query invalid (nullopt).
std::optional<std::vector<std::pair<std::string, std::string>>> ParseQuery(std::string_view query);

/// The reason phrase for a status code ("Not Found").
const char* ReasonPhrase(int status);

}  // namespace ipe::http
