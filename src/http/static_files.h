#pragma once
// The web UI's built files (web/dist), loaded into memory once at start and served with the
// single-page-app fallback: a GET for an unknown path without a file extension returns
// index.html so that client-side routes survive a reload.

#include <map>
#include <optional>
#include <string>

#include "core/status.h"
#include "http/message.h"

namespace ipe::http {

class StaticFiles {
 public:
  /// Loads every regular file under `root` (symlinks are not followed outside it). A missing
  /// root is not an error: the UI is then reported as not built.
  static core::Result<StaticFiles> Load(const std::string& root);

  /// The response for a GET/HEAD of `path`, or nullopt when nothing should be served (the caller
  /// then answers 404).
  std::optional<Response> Serve(const std::string& path) const;
  size_t file_count() const { return files_.size(); }

 private:
  struct File {
    std::string content_type;
    std::string body;
  };
  std::map<std::string, File> files_;  // key: "/index.html", "/assets/x.js"
};

/// Content type from a file name's extension.
std::string ContentTypeFor(const std::string& path);

}  // namespace ipe::http
