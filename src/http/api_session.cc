// /api/v1/session: login, current user, logout.
#include "app/accounts/accounts.h"
#include "app/permissions.h"
#include "http/dispatcher.h"
#include "http/internal/json_io.h"
#include "http/internal/views.h"

namespace ipe::http {

using internal::Fail;
using internal::Json;
using internal::JsonResponse;

void RegisterSessionApi(Dispatcher& d) {
  app::Context& ctx = d.context();
  Router& r = d.router();

  r.Add("POST", "/api/v1/session", Access::kPublic, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
    internal::Fields f(body);
    auto login = f.String("login", true, 64);
    auto password = f.String("password", true, 256);
    IPE_RETURN_IF_ERROR(f.Finish());
    IPE_ASSIGN_OR_RETURN(auto result, app::Login(ctx, *login, *password, req.client));
    Response resp = JsonResponse(200, Json{{"user", internal::PrincipalJson(result.principal)},
                                           {"capabilities", app::CapabilityCodes(result.principal)},
                                           {"csrf_token", result.csrf_token}});
    int64_t max_age = result.expires_at.seconds - ctx.Now().seconds;
    resp.headers.emplace_back(
        "Set-Cookie", std::string(kSessionCookie) + "=" + result.session_secret +
                          "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
                          std::to_string(max_age) + (req.https ? "; Secure" : ""));
    resp.headers.emplace_back("Cache-Control", "no-store");
    return resp;
  }, "登录 (log in)");
  Schema session = r.Component(
      "Session", Obj({{"user", internal::PrincipalRef(r)},
                      {"capabilities", Arr(Str()).Describe("可用功能代码 (capability codes)")},
                      {"csrf_token", Str().Describe("写操作的 X-CSRF-Token (for writes)")}}));
  r.Describe("POST", "/api/v1/session",
             RouteSpec().Body(Obj({{"login", Str(64)}, {"password", Str(256)}}).Closed()).Returns(200, session, "已登录；Set-Cookie 带会话 (logged in)"));

  r.Add("GET", "/api/v1/session", Access::kPublic, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto s, app::AuthenticateSession(ctx, req.Cookie(kSessionCookie)));
    return JsonResponse(200, Json{{"user", internal::PrincipalJson(s.principal)},
                                  {"capabilities", app::CapabilityCodes(s.principal)},
                                  {"csrf_token", s.csrf_token}});
  }, "当前会话 (current session)");
  r.Describe("GET", "/api/v1/session", RouteSpec().Returns(200, session));

  r.Add("DELETE", "/api/v1/session", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_RETURN_IF_ERROR(app::Logout(ctx, req.Cookie(kSessionCookie)));
    Response resp = Response::NoContent();
    resp.headers.emplace_back("Set-Cookie",
                              std::string(kSessionCookie) +
                                  "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0" +
                                  (req.https ? "; Secure" : ""));
    return resp;
  }, "退出登录 (log out)");
  r.Describe("DELETE", "/api/v1/session", RouteSpec().Returns(204, Any(), "已退出 (logged out)"));
}

}  // namespace ipe::http
