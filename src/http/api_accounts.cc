// /api/v1/roles, /agencies, /users, /tokens.
#include "app/accounts/accounts.h"
#include "http/dispatcher.h"
#include "http/internal/json_io.h"
#include "http/internal/views.h"

namespace ipe::http {

using internal::Fail;
using internal::Json;
using internal::JsonResponse;

namespace {

Reply ListAgenciesHandler(app::Context& ctx, Request& req) {
  IPE_ASSIGN_OR_RETURN(auto page, internal::PageFromQuery(req));
  app::AgencyFilter f;
  f.q = req.Query("q");
  f.region = req.Query("region");
  f.level = req.Query("level");
  IPE_ASSIGN_OR_RETURN(auto active, internal::BoolQuery(req, "active"));
  f.active = active;
  IPE_ASSIGN_OR_RETURN(auto result, app::ListAgencies(ctx, *req.principal, f, page));
  return JsonResponse(200, internal::PageJson(result, internal::AgencyJson));
}

// Reads agency fields; `creating` makes the required ones required.
app::AgencyPatch ReadAgency(internal::Fields& f, bool creating) {
  app::AgencyPatch p;
  p.name = f.String("name", creating, 200);
  p.short_name = f.String("short_name", false, 100);
  p.kind = f.String("kind", creating, 40);
  p.level = f.String("level", creating, 20);
  p.region_code = f.String("region_code", creating, 6);
  p.aliases = f.StringList("aliases");
  p.active = f.Bool("active");
  return p;
}

app::UserPatch ReadUserPatch(internal::Fields& f) {
  app::UserPatch p;
  p.display_name = f.String("display_name", false, 100);
  p.roles = f.StringList("roles");
  p.agency_id = f.Int("agency_id");
  p.region_code = f.String("region_code", false, 6);
  p.active = f.Bool("active");
  return p;
}

}  // namespace

void RegisterAccountApi(Dispatcher& d) {
  app::Context& ctx = d.context();
  Router& r = d.router();

  r.Add("GET", "/api/v1/roles", Access::kAuthenticated, [](Request&) -> Reply {
    Json out = Json::array();
    for (const auto& role : app::AllRoles()) {
      out.push_back({{"code", role.code}, {"name_zh", role.name_zh}, {"name_en", role.name_en}});
    }
    return JsonResponse(200, out);
  }, "角色列表 (roles)");
  r.Describe("GET", "/api/v1/roles",
             RouteSpec().Returns(200, Arr(Obj({{"code", internal::RoleEnum()},
                                           {"name_zh", Str()},
                                           {"name_en", Str()}}))));

  r.Add("GET", "/api/v1/agencies", Access::kAuthenticated,
        [&ctx](Request& req) -> Reply { return ListAgenciesHandler(ctx, req); }, "机构列表 (list agencies)");
  Schema agency = internal::AgencyRef(r);
  r.Describe("GET", "/api/v1/agencies",
             RouteSpec().Query(PageQuery({{"q", Str(), false, "名称关键词 (name contains)"},
                                  {"region", Str(6), false, "区划代码 (region code)"},
                                  {"level", Str(), false, "层级 (level)"},
                                  {"active", Bool(), false, "是否启用 (active)"}})).Returns(200, PageOf(agency)));

  r.Add("POST", "/api/v1/agencies", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
    internal::Fields f(body);
    app::AgencyPatch p = ReadAgency(f, true);
    IPE_RETURN_IF_ERROR(f.Finish());
    app::Agency a;
    a.name = *p.name;
    a.short_name = p.short_name.value_or("");
    a.kind = *p.kind;
    a.level = *p.level;
    a.region_code = *p.region_code;
    a.aliases = p.aliases.value_or(std::vector<std::string>{});
    a.active = p.active.value_or(true);
    IPE_ASSIGN_OR_RETURN(auto result, app::CreateAgency(ctx, *req.principal, a));
    return JsonResponse(201, internal::AgencyJson(result));
  }, "新建机构 (create agency)");
  Schema agency_body = Obj({{"name", Str(200).Optional()},
                            {"short_name", Str(100).Optional()},
                            {"kind", Str(40).Optional()},
                            {"level", Str(20).Optional()},
                            {"region_code", Str(6).Optional()},
                            {"aliases", Arr(Str()).Optional()},
                            {"active", Bool().Optional()}})
                           .Closed();
  r.Describe("POST", "/api/v1/agencies",
             RouteSpec().Body(agency_body).Returns(201, agency));

  r.Add("GET", "/api/v1/agencies/{id}", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto result, app::GetAgency(ctx, *req.principal, id));
    return JsonResponse(200, internal::AgencyJson(result));
  }, "机构详情 (agency)");
  r.Describe("GET", "/api/v1/agencies/{id}", RouteSpec().Returns(200, agency));

  r.Add("PATCH", "/api/v1/agencies/{id}", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
    internal::Fields f(body);
    app::AgencyPatch p = ReadAgency(f, false);
    IPE_RETURN_IF_ERROR(f.Finish());
    IPE_ASSIGN_OR_RETURN(auto result, app::UpdateAgency(ctx, *req.principal, id, p));
    return JsonResponse(200, internal::AgencyJson(result));
  }, "修改机构 (update agency)");
  r.Describe("PATCH", "/api/v1/agencies/{id}",
             RouteSpec().Body(agency_body).Returns(200, agency));

  r.Add("GET", "/api/v1/users", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto page, internal::PageFromQuery(req));
    app::UserFilter f;
    f.q = req.Query("q");
    f.role = req.Query("role");
    IPE_ASSIGN_OR_RETURN(auto agency, internal::IntQuery(req, "agency_id"));
    f.agency_id = agency;
    IPE_ASSIGN_OR_RETURN(auto active, internal::BoolQuery(req, "active"));
    f.active = active;
    IPE_ASSIGN_OR_RETURN(auto result, app::ListUsers(ctx, *req.principal, f, page));
    return JsonResponse(200, internal::PageJson(result, internal::UserJson));
  }, "用户列表 (list users)");
  Schema user = internal::UserRef(r);
  r.Describe("GET", "/api/v1/users",
             RouteSpec().Query(PageQuery({{"q", Str(), false, "登录名或姓名关键词 (login or name)"},
                                  {"role", internal::RoleEnum(), false, "角色 (role)"},
                                  {"agency_id", Int(), false, "机关 (agency)"},
                                  {"active", Bool(), false, "是否启用 (active)"}})).Returns(200, PageOf(user)));

  r.Add("POST", "/api/v1/users", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
    internal::Fields f(body);
    app::NewUser u;
    u.login = f.String("login", true, 64).value_or("");
    u.display_name = f.String("display_name", true, 100).value_or("");
    u.password = f.String("password", true, 256).value_or("");
    u.roles = f.StringList("roles", true).value_or(std::vector<std::string>{});
    u.agency_id = f.Int("agency_id", true).value_or(0);
    u.region_code = f.String("region_code", false, 6).value_or("");
    IPE_RETURN_IF_ERROR(f.Finish());
    IPE_ASSIGN_OR_RETURN(auto result, app::CreateUser(ctx, *req.principal, u));
    return JsonResponse(201, internal::UserJson(result));
  }, "新建用户 (create user)");
  r.Describe("POST", "/api/v1/users",
             RouteSpec().Body(Obj({{"login", Str(64)},
                           {"display_name", Str(100)},
                           {"password", Str(256)},
                           {"roles", Arr(Str())},
                           {"agency_id", Int()},
                           {"region_code", Str(6).Optional()}})
                          .Closed()).Returns(201, user));

  r.Add("GET", "/api/v1/users/{id}", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto result, app::GetUser(ctx, *req.principal, id));
    return JsonResponse(200, internal::UserJson(result));
  }, "用户详情 (user)");
  r.Describe("GET", "/api/v1/users/{id}", RouteSpec().Returns(200, user));

  r.Add("PATCH", "/api/v1/users/{id}", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
    internal::Fields f(body);
    app::UserPatch p = ReadUserPatch(f);
    IPE_RETURN_IF_ERROR(f.Finish());
    IPE_ASSIGN_OR_RETURN(auto result, app::UpdateUser(ctx, *req.principal, id, p));
    return JsonResponse(200, internal::UserJson(result));
  }, "修改用户 (update user)");
  r.Describe("PATCH", "/api/v1/users/{id}",
             RouteSpec().Body(Obj({{"display_name", Str(100).Optional()},
                           {"roles", Arr(Str()).Optional()},
                           {"agency_id", Int().Optional()},
                           {"region_code", Str(6).Optional()},
                           {"active", Bool().Optional()}})
                          .Closed()).Returns(200, user));

  r.Add("POST", "/api/v1/users/{id}/password", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
    internal::Fields f(body);
    auto password = f.String("password", true, 512);
    auto old_password = f.String("old_password", false, 512);
    IPE_RETURN_IF_ERROR(f.Finish());
    if (auto st = app::SetPassword(ctx, *req.principal, id, *password, old_password); !st.ok()) {
      return st;
    }
    return Response::NoContent();
  }, "设置密码 (set password)");
  r.Describe("POST", "/api/v1/users/{id}/password",
             RouteSpec().Body(Obj({{"password", Str(512)}, {"old_password", Str(512).Optional()}}).Closed()).Returns(204, Any(), "已修改 (changed)"));

  auto tokens_json = [](const std::vector<app::ApiToken>& tokens) {
    Json out = Json::array();
    for (const auto& t : tokens) {
      out.push_back({{"id", t.id},
                     {"name", t.name},
                     {"created_at", t.created_at.ToString()},
                     {"expires_at", internal::TimeJson(t.expires_at)},
                     {"last_used_at", internal::TimeJson(t.last_used_at)}});
    }
    return out;
  };
  r.Add("GET", "/api/v1/tokens", Access::kAuthenticated, [&ctx, tokens_json](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto result, app::ListApiTokens(ctx, *req.principal));
    return JsonResponse(200, tokens_json(result));
  }, "API 令牌列表 (API tokens)");
  Schema token = r.Component("ApiToken", Obj({{"id", Int()},
                                              {"name", Str()},
                                              {"created_at", DateTime()},
                                              {"expires_at", DateTime().Nullable()},
                                              {"last_used_at", DateTime().Nullable()}}));
  r.Describe("GET", "/api/v1/tokens", RouteSpec().Returns(200, Arr(token)));

  r.Add("GET", "/api/v1/users/{id}/tokens", Access::kAuthenticated,
        [&ctx, tokens_json](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto result, app::ListUserApiTokens(ctx, *req.principal, id));
    return JsonResponse(200, tokens_json(result));
  }, "用户的 API 令牌 (a user's API tokens, admin)");
  r.Describe("GET", "/api/v1/users/{id}/tokens", RouteSpec().Returns(200, Arr(token)));

  r.Add("DELETE", "/api/v1/users/{id}/tokens/{token_id}", Access::kAuthenticated,
        [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto token_id, internal::IdParam(req, "token_id"));
    IPE_RETURN_IF_ERROR(app::RevokeUserApiToken(ctx, *req.principal, id, token_id));
    return Response::NoContent();
  }, "吊销用户的 API 令牌 (revoke a user's API token, admin)");
  r.Describe("DELETE", "/api/v1/users/{id}/tokens/{token_id}",
             RouteSpec().Returns(204, Any(), "已撤销 (revoked)"));

  r.Add("POST", "/api/v1/tokens", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
    internal::Fields f(body);
    auto name = f.String("name", true, 100);
    auto expires = f.String("expires_at", false, 40);
    IPE_RETURN_IF_ERROR(f.Finish());
    std::optional<core::Timestamp> expires_at;
    if (expires) {
      auto t = core::ParseTimestamp(*expires);
      if (!t) return core::Status(t.error()).AddFieldError("expires_at", "时间格式有误");
      expires_at = *t;
    }
    IPE_ASSIGN_OR_RETURN(auto result, app::CreateApiToken(ctx, *req.principal, *name, expires_at));
    return JsonResponse(201, Json{{"id", result.token.id},
                                  {"name", result.token.name},
                                  {"expires_at", result.token.expires_at
                                                     ? Json(result.token.expires_at->ToString())
                                                     : Json()},
                                  {"token", result.secret}});
  }, "新建 API 令牌 (create API token)");
  r.Describe("POST", "/api/v1/tokens",
             RouteSpec().Body(Obj({{"name", Str(100)}, {"expires_at", Str(40).Optional()}}).Closed()).Returns(201, Obj({{"id", Int()},
                                       {"name", Str()},
                                       {"expires_at", DateTime().Nullable()},
                                       {"token", Str().Describe("只显示这一次 (shown once)")}})));

  r.Add("DELETE", "/api/v1/tokens/{id}", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_RETURN_IF_ERROR(app::RevokeApiToken(ctx, *req.principal, id));
    return Response::NoContent();
  }, "吊销 API 令牌 (revoke API token)");
  r.Describe("DELETE", "/api/v1/tokens/{id}", RouteSpec().Returns(204, Any(), "已撤销 (revoked)"));
}

}  // namespace ipe::http
