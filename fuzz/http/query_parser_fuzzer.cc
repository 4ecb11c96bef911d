// Fuzzes the query-string and percent-decoding parsers that every request goes through.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "http/message.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto query = ipe::http::ParseQuery(text);
  if (query) {
    for (const auto& [k, v] : *query) {
      if (k.empty()) __builtin_trap();  // ParseQuery promises non-empty keys
    }
  }
  (void)ipe::http::PercentDecode(text, false);
  ipe::http::Request req;
  req.headers.emplace_back("cookie", std::string(text));
  (void)req.Cookie("ipe_session");
  return 0;
}
