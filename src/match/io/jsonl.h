#pragma once
// JSONL at the edge of the matching module (library ipe_match_io, NOT part of the pure ipe_match):
// the brand registry file, listing lines and result lines of `ipenforce scan`. Kept beside the
// module so that the CLI, the labelled-set test, the benchmark and the fuzz target share one
// reader. Listings: a hand-written reader for the common flat line, simdjson's DOM for the rest;
// the brand file: simdjson's DOM.
//
//   auto registry = ParseBrandRegistryJsonl(file_text);        // Result<BrandRegistry>
//   ListingParser parser;                                        // one per thread
//   ListingFields f;
//   std::string error;
//   if (parser.Parse(line, capacity, &f, &error)) { … f.title … }   // views valid until next Parse
//   ResultWriter writer(scanner);                              // one per thread
//   writer.Append(f.id, listing, result, &out);                  // or AppendResultJson(scanner, …)
//
// Formats (docs/match.md):
//   brand:   {"id","names":[…],"generic_names":[…],"context_terms":[…],"authorized_shops":[…],
//             "reference_price_fen":N, "category_prices":[{"terms":[…],"price_fen":N}]}
//   listing: {"id","platform","shop_id","shop_name","title","price_fen"}
//   result:  {"id","suspected":bool,"score":x,"brands":[ids],
//             "signals":[{"kind","detail","span":[start,end] | null}]}
// Result spans count UTF-16 code units of the title (a JavaScript string index), [start,end).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "match/registry.h"
#include "match/scanner.h"

namespace ipe::match::io {

/// Parses the brand registry JSONL: one brand object a line; blank lines and lines starting with
/// '#' are skipped. Unknown fields are ignored. Returns InvalidArgument naming the line number for
/// malformed JSON, wrong field types, a missing id, or a registry that does not validate.
core::Result<BrandRegistry> ParseBrandRegistryJsonl(std::string_view text);

/// One listing line; views point into the parser (valid until the next Parse) or the line.
struct ListingFields {
  std::string_view id;
  std::string_view platform;
  std::string_view shop_id;
  std::string_view shop_name;
  std::string_view title;
  std::optional<int64_t> price_fen;
};

/// Reads listing lines. Owns a simdjson parser; one per thread.
class ListingParser {
 public:
  ListingParser();
  ~ListingParser();
  ListingParser(const ListingParser&) = delete;  // owns parser buffers
  ListingParser& operator=(const ListingParser&) = delete;

  /// Parses `line` (no newline). The bytes line.data()[0, capacity) must be readable and
  /// capacity >= line.size() + kPadding (simdjson reads ahead). Returns true and fills *out, or
  /// false with a zh-CN/English reason in *error: invalid JSON, not an object, trailing bytes,
  /// missing/empty id (string or integer), missing title, a field of the wrong type, or a
  /// price_fen that is not a non-negative integer. price_fen may be absent or null.
  /// The common flat line (string values without escapes, small non-negative integers, null) is
  /// read without simdjson; `*flat` (if given) tells whether it was: then every string field is a
  /// view of the line's own bytes. Anything else goes to simdjson's DOM (ParseDom).
  bool Parse(std::string_view line, size_t capacity, ListingFields* out, std::string* error,
             bool* flat = nullptr);
  /// The same through simdjson's DOM only: the reference the fast path is tested against.
  bool ParseDom(std::string_view line, size_t capacity, ListingFields* out, std::string* error);

  /// Bytes of readable padding required after a line (simdjson::SIMDJSON_PADDING).
  static const size_t kPadding;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  char id_buffer_[24];
};

/// Appends `s` as a JSON string (quotes, escapes; ill-formed UTF-8 becomes U+FFFD).
void AppendJsonString(std::string_view s, std::string* out);

/// Appends one result line (with '\n'). Same bytes as ResultWriter::Append, without its cache.
void AppendResultJson(const Scanner& scanner, std::string_view id, const Listing& listing,
                      const ScanResult& result, std::string* out);

/// Writes result lines for one scanner, keeping the JSON of the details that depend on the
/// registry alone (a brand name's "nike: 耐克", a slang term's "高仿") once written, so a batch
/// escapes each only once. Not thread-safe: one per thread; must not outlive the scanner.
class ResultWriter {
 public:
  explicit ResultWriter(const Scanner& scanner);
  ResultWriter(const ResultWriter&) = delete;  // reused buffers, one per thread
  ResultWriter& operator=(const ResultWriter&) = delete;

  /// Appends one result line (with '\n'); the same bytes as AppendResultJson.
  void Append(std::string_view id, const Listing& listing, const ScanResult& result,
              std::string* out);

 private:
  const Scanner& scanner_;
  std::vector<std::string> term_json_;  // by term index: the detail as a JSON string; "" not yet
  std::string details_;                 // this line's details as JSON strings, back to back
  std::vector<size_t> detail_ends_;
  std::string detail_;                  // one detail before escaping
};

}  // namespace ipe::match::io
