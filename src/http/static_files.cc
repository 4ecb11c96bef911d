#include "http/static_files.h"

#include <filesystem>
#include <fstream>
#include <sstream>

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
    out.files_[key] = File{ContentTypeFor(key), body.str()};
  }
  if (ec) return core::InvalidArgument("无法读取静态文件目录: " + root + ": " + ec.message());
  return out;
}

std::optional<Response> StaticFiles::Serve(const std::string& path) const {
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
  r.content_type = it->second.content_type;
  r.body = it->second.body;
  bool hashed_asset = !fallback && key.rfind("/assets/", 0) == 0;
  r.headers.emplace_back("Cache-Control",
                         hashed_asset ? "public, max-age=31536000, immutable" : "no-cache");
  return r;
}

}  // namespace ipe::http
