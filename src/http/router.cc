#include "http/router.h"

namespace ipe::http {
namespace {

std::vector<std::string> SplitPath(std::string_view path) {
  std::vector<std::string> out;
  size_t start = 1;  // skip the leading '/'
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    out.emplace_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

}  // namespace

void Router::Add(std::string method, std::string pattern, Access access, Handler handler,
                 std::string summary) {
  Route r;
  r.segments = SplitPath(pattern);
  r.method = std::move(method);
  r.pattern = std::move(pattern);
  r.access = access;
  r.handler = std::move(handler);
  r.summary = std::move(summary);
  routes_.push_back(std::move(r));
}

void Router::AllowLargeBody(std::string_view method, std::string_view pattern, size_t max_bytes) {
  for (Route& r : routes_) {
    if (r.method == method && r.pattern == pattern) r.max_body_bytes = max_bytes;
  }
}

void Router::AllowLargePublicBody(std::string_view method, std::string_view pattern,
                                  size_t max_bytes) {
  for (Route& r : routes_) {
    if (r.method != method || r.pattern != pattern) continue;
    r.public_body_bytes = max_bytes;
    if (r.max_body_bytes < max_bytes) r.max_body_bytes = max_bytes;
  }
}

void Router::AnswerInvalidArgumentWith(std::string_view method, std::string_view pattern,
                                       int http_status) {
  for (Route& r : routes_) {
    if (r.method == method && r.pattern == pattern) r.invalid_argument_status = http_status;
  }
}

void Router::Describe(std::string_view method, std::string_view pattern, RouteSpec spec) {
  for (Route& r : routes_) {
    if (r.method == method && r.pattern == pattern) r.spec = spec;
  }
}

Schema Router::Component(const std::string& name, Schema schema) {
  components_.emplace(name, std::move(schema));
  return Ref(name);
}

Router::Match Router::Find(std::string_view method, std::string_view path) const {
  Match m;
  if (path.empty() || path[0] != '/') return m;
  std::vector<std::string> segs = SplitPath(path);
  for (const Route& r : routes_) {
    if (r.segments.size() != segs.size()) continue;
    std::map<std::string, std::string> params;
    bool ok = true;
    for (size_t i = 0; i < segs.size() && ok; ++i) {
      const std::string& want = r.segments[i];
      if (want.size() > 2 && want.front() == '{' && want.back() == '}') {
        if (segs[i].empty()) ok = false;
        else params[want.substr(1, want.size() - 2)] = segs[i];
      } else if (want != segs[i]) {
        ok = false;
      }
    }
    if (!ok) continue;
    if (r.method != method && !(method == "HEAD" && r.method == "GET")) {
      m.path_matched_other_method = true;
      continue;
    }
    m.route = &r;
    m.params = std::move(params);
    return m;
  }
  return m;
}

}  // namespace ipe::http
