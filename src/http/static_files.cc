#include "http/static_files.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

namespace ipe::http {

std::string ContentTypeFor(const std::string& path) {
  auto dot = path.rfind('.');
  std::string ext = dot == std::string::npos ? "" : path.substr(dot + 1);
  if (ext == "html") return "text/html; charset=utf-8";
  if (ext == "js" || ext == "mjs") return "text/javascript; charset=utf-8";
  if (ext == "css") return "text/css; charset=utf-8";
  if (ext == "json" || ext == "map") return "application/json; charset=utf-8";
  if (ext == "svg") return "image/svg+xml";
  if (ext == "png") return "image/png";
  if (ext == "jpg" || ext == "jpeg") return "image/jpeg";
  if (ext == "ico") return "image/x-icon";
  if (ext == "woff2") return "font/woff2";
  if (ext == "woff") return "font/woff";
  if (ext == "ttf") return "font/ttf";
  if (ext == "txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

namespace {

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool EqualsNoCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// q=0, q=0.0, q=0.00, q=0.000: the coding is refused.
bool IsZeroQ(std::string_view params) {
  size_t at = 0;
  while (at <= params.size()) {
    size_t semi = params.find(';', at);
    std::string_view p =
        TrimSpaces(params.substr(at, semi == std::string_view::npos ? params.npos : semi - at));
    if (p.size() >= 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
      std::string_view v = p.substr(2);
      if (v.empty() || v[0] != '0') return false;
      return v.find_first_not_of("0.", 1) == std::string_view::npos;
    }
    if (semi == std::string_view::npos) break;
    at = semi + 1;
  }
  return false;
}

}  // namespace

bool AcceptsEncoding(std::string_view header, std::string_view coding) {
  bool star = false;
  size_t at = 0;
  while (at <= header.size()) {
    size_t comma = header.find(',', at);
    std::string_view item =
        header.substr(at, comma == std::string_view::npos ? header.npos : comma - at);
    size_t semi = item.find(';');
    std::string_view name = TrimSpaces(item.substr(0, semi));
    std::string_view params = semi == std::string_view::npos ? "" : item.substr(semi + 1);
    if (EqualsNoCase(name, coding)) return !IsZeroQ(params);
    if (name == "*") star = !IsZeroQ(params);
    if (comma == std::string_view::npos) break;
    at = comma + 1;
  }
  return star;
}

core::Result<StaticFiles> StaticFiles::Load(const std::string& root) {
  namespace fs = std::filesystem;
  StaticFiles out;
  std::error_code ec;
  if (root.empty() || !fs::is_directory(root, ec)) return out;
  fs::path base = fs::canonical(root, ec);
  if (ec) return core::InvalidArgument("无法读取静态文件目录: " + root);
  for (auto it = fs::recursive_directory_iterator(base, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::ostringstream body;
    body << in.rdbuf();
    std::string key = "/" + fs::relative(it->path(), base).generic_string();
    out.files_[key] = File{ContentTypeFor(key), body.str(), std::nullopt, std::nullopt};
  }
  if (ec) return core::InvalidArgument("无法读取静态文件目录: " + root + ": " + ec.message());
  // The build's precompressed copies join the file they compress; a copy without its file stays
  // an ordinary file.
  std::vector<std::string> copies;
  for (auto& [key, file] : out.files_) {
    for (const char* ext : {".br", ".gz"}) {
      if (key.size() <= 3 || key.compare(key.size() - 3, 3, ext) != 0) continue;
      auto original = out.files_.find(key.substr(0, key.size() - 3));
      if (original == out.files_.end()) continue;
      (ext[1] == 'b' ? original->second.brotli : original->second.gzip) = file.body;
      copies.push_back(key);
    }
  }
  for (const std::string& key : copies) out.files_.erase(key);
  return out;
}

std::optional<Response> StaticFiles::Serve(const std::string& path,
                                           std::string_view accept_encoding) const {
  if (files_.empty()) {
    if (path != "/" && path != "/index.html") return std::nullopt;
    Response r;
    r.content_type = "text/html; charset=utf-8";
    r.body =
        "<!doctype html><meta charset=utf-8><title>ipenforce</title>"
        "<p>界面尚未构建 (the web UI has not been built). Run scripts/build-web.sh, "
        "then restart with --web web/dist.</p><p>API: <a href=/api/v1/openapi.json>"
        "/api/v1/openapi.json</a></p>";
    return r;
  }
  std::string key = path == "/" ? "/index.html" : path;
  auto it = files_.find(key);
  bool fallback = false;
  if (it == files_.end()) {
    // SPA fallback only for extension-less paths: a missing /assets/x.js stays a 404.
    std::string last = key.substr(key.rfind('/') + 1);
    if (last.find('.') != std::string::npos) return std::nullopt;
    it = files_.find("/index.html");
    if (it == files_.end()) return std::nullopt;
    fallback = true;
  }
  Response r;
  const File& file = it->second;
  r.content_type = file.content_type;
  if (file.brotli && AcceptsEncoding(accept_encoding, "br")) {
    r.body = *file.brotli;
    r.headers.emplace_back("Content-Encoding", "br");
  } else if (file.gzip && AcceptsEncoding(accept_encoding, "gzip")) {
    r.body = *file.gzip;
    r.headers.emplace_back("Content-Encoding", "gzip");
  } else {
    r.body = file.body;
  }
  if (file.brotli || file.gzip) r.headers.emplace_back("Vary", "Accept-Encoding");
  bool hashed_asset = !fallback && key.rfind("/assets/", 0) == 0;
  r.headers.emplace_back("Cache-Control",
                         hashed_asset ? "public, max-age=31536000, immutable" : "no-cache");
  return r;
}

}  // namespace ipe::http
