#pragma once
// The public portal's door: an ALTCHA proof of work (the widget from npm `altcha`, protocol v1:
// SHA-256 of salt + a secret number, the challenge signed with HMAC-SHA-256) verified here, with
// no third-party service, and a short pass bound to the caller's address that later searches carry.
//
//   GET  /api/v1/public/challenge → NewPowChallenge        (the widget solves it)
//   POST /api/v1/public/pass      → RedeemPowSolution      (its base64 payload → a pass)
//   GET  /api/v1/public/disclosures with X-Public-Pass → CheckPublicPass
//
// The HMAC key lives in the store (server_secrets), so every server behind one PostgreSQL issues
// and checks the same challenges and passes; a solution is redeemed once (pow_spent).

#include <cstdint>
#include <string>
#include <string_view>

#include "app/context.h"
#include "core/status.h"
#include "core/time.h"

namespace ipe::app {

struct PowChallenge {
  std::string algorithm = "SHA-256";
  std::string challenge;  // hex SHA-256 of salt + the secret number
  int64_t maxnumber = 0;
  std::string salt;       // random hex, then "?expires=<unix seconds>&"
  std::string signature;  // hex HMAC-SHA-256 of `challenge`
};
core::Result<PowChallenge> NewPowChallenge(Context& ctx);

struct PublicPass {
  std::string token;
  core::Timestamp expires;
};
/// Verifies the widget's payload (base64 of {algorithm, challenge, number, salt, signature}):
/// the signature, the hash, the expiry, and that it was not redeemed before. PermissionDenied
/// with the reason otherwise.
core::Result<PublicPass> RedeemPowSolution(Context& ctx, std::string_view payload_base64,
                                           std::string_view source);

/// OK when `token` is a pass this store issued to `source` and it has not expired.
core::Status CheckPublicPass(Context& ctx, std::string_view token, std::string_view source);

/// Load benchmarks only: from now on every CheckPublicPass succeeds (no proof of work). Called by
/// `ipenforce serve` alone, when IPE_BENCH_OPEN_PUBLIC=1 and the server listens on loopback
/// without --https or a trusted proxy (docs/credit.md "Load figure"); nothing else calls it.
void WaivePublicPassForBenchmark();

}  // namespace ipe::app
