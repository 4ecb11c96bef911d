#pragma once
// `Idempotency-Key` on write routes other systems retry (the imports; issue 20): the first answer
// of a key is stored and given again to a retry with the same body ("Idempotent-Replayed: true");
// the same key with another body, or while the first request runs, is 409. Without the header the
// route behaves as before. app/events/idempotency.h keeps the keys.
//
//   r.Add("POST", "/api/v1/leads/import", Access::kAuthenticated,
//         Idempotent(ctx, "/api/v1/leads/import", [&ctx](Request& req) { … }), "…");

#include <string>

#include "app/context.h"
#include "http/router.h"

namespace ipe::http {

Handler Idempotent(app::Context& ctx, std::string route, Handler inner);

}  // namespace ipe::http
