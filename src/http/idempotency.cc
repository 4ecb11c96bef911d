#include "http/idempotency.h"

#include <cstdio>
#include <utility>

#include "app/crypto.h"
#include "app/events/idempotency.h"

namespace ipe::http {

Handler Idempotent(app::Context& ctx, std::string route, Handler inner) {
  return [&ctx, route = std::move(route), inner = std::move(inner)](Request& req) -> Reply {
    std::string key(req.Header("idempotency-key"));
    if (key.empty() || !req.principal) return inner(req);
    IPE_ASSIGN_OR_RETURN(auto earlier, app::ClaimIdempotencyKey(ctx, *req.principal, route, key,
                                                                app::Sha256Hex(req.body)));
    if (earlier) {
      Response replay;
      replay.status = earlier->status;
      replay.content_type = earlier->content_type;
      replay.body = earlier->body;
      replay.headers.emplace_back("Idempotent-Replayed", "true");
      return replay;
    }
    Reply reply = inner(req);
    if (reply && reply->status / 100 == 2) {
      if (auto st = app::FinishIdempotencyKey(ctx, *req.principal, route, key,
                                              {reply->status, reply->content_type, reply->body});
          !st.ok()) {
        // The write is done; a retry with this key now gets 409 (never a second import).
        std::fprintf(stderr, "ipenforce: Idempotency-Key 未能保存 (key not stored): %s\n",
                     st.message().c_str());
      }
    } else if (auto st = app::ReleaseIdempotencyKey(ctx, *req.principal, route, key); !st.ok()) {
      std::fprintf(stderr, "ipenforce: Idempotency-Key 未能释放 (key not released): %s\n",
                   st.message().c_str());
    }
    return reply;
  };
}

}  // namespace ipe::http
