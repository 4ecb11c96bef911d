#pragma once
// Inbound idempotency keys (issue 20): a partner system that retries a write (an import) with the
// same `Idempotency-Key` gets the first answer back, not a second import.
//
//   IPE_ASSIGN_OR_RETURN(auto earlier, ClaimIdempotencyKey(ctx, who, route, key, Sha256Hex(body)));
//   if (earlier) return *earlier;             // the stored answer of the first request
//   … run the write …; then FinishIdempotencyKey (2xx: stored) or ReleaseIdempotencyKey (failure).
//
// Keys are per account and route and live kIdempotencyKeySeconds; an older key is free again.

#include <cstdint>
#include <optional>
#include <string>

#include "app/context.h"
#include "app/principal.h"
#include "core/status.h"

namespace ipe::app {

inline constexpr int64_t kIdempotencyKeySeconds = 24 * 3600;

struct StoredReply {
  int status = 0;
  std::string content_type;
  std::string body;
};

/// Claims `key` for this account and route. nullopt: the caller runs the request (and must then
/// Finish or Release the key). A StoredReply: the first request with this key and body finished —
/// answer it again. FailedPrecondition (409) when the key came with another body, or the first
/// request is still running. InvalidArgument when the key is empty or longer than 200 bytes.
core::Result<std::optional<StoredReply>> ClaimIdempotencyKey(Context& ctx, const Principal& who,
                                                             const std::string& route,
                                                             const std::string& key,
                                                             const std::string& body_hash);
/// Stores the answer of a claimed key (retries with the key get it).
core::Status FinishIdempotencyKey(Context& ctx, const Principal& who, const std::string& route,
                                  const std::string& key, const StoredReply& reply);
/// Frees a claimed key after a failed request (nothing was written: a retry may run).
core::Status ReleaseIdempotencyKey(Context& ctx, const Principal& who, const std::string& route,
                                   const std::string& key);

}  // namespace ipe::app
