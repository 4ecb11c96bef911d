#pragma once
// The web UI's built files (web/dist), loaded into memory once at start and served with the
// single-page-app fallback: a GET for an unknown path without a file extension returns
// index.html so that client-side routes survive a reload. The build's precompressed copies
// (x.js.br, x.js.gz beside x.js, web/vite.config.js) are kept with their file and served by the
// request's Accept-Encoding, with Vary: Accept-Encoding.

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"
#include "http/message.h"

namespace ipe::http {

class StaticFiles {
 public:
  /// Loads every regular file under `root` (symlinks are not followed outside it). A missing
  /// root is not an error: the UI is then reported as not built.
  static core::Result<StaticFiles> Load(const std::string& root);

  /// The response for a GET/HEAD of `path`, or nullopt when nothing should be served (the caller
  /// then answers 404). `accept_encoding` is the request's header: a brotli or gzip copy is sent
  /// (Content-Encoding) when the file has one and the header accepts it, brotli first.
  std::optional<Response> Serve(const std::string& path,
                                std::string_view accept_encoding = {}) const;
  size_t file_count() const { return files_.size(); }

 private:
  struct File {
    std::string content_type;
    std::string body;
    std::optional<std::string> brotli;  // body compressed, from the build's x.br
    std::optional<std::string> gzip;    // from x.gz
  };
  std::map<std::string, File> files_;  // key: "/index.html", "/assets/x.js"
};

/// Whether an Accept-Encoding header value accepts `coding` ("br", "gzip"): listed by name or as
/// "*", without q=0 (RFC 9110 §12.5.3). Case-insensitive.
bool AcceptsEncoding(std::string_view header, std::string_view coding);

/// Content type from a file name's extension.
std::string ContentTypeFor(const std::string& path);

}  // namespace ipe::http
