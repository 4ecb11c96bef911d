// ipenforce openapi: the API contract (OpenAPI 3.1) as this build serves it, optionally with
// examples answered by the server itself on a fresh store holding the demo data (docs/api.md
// "Examples from the demo data"). scripts/openapi-snapshot.sh keeps its output as the release's
// contract.
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "app/context.h"
#include "app/demo.h"
#include "app/reference_data.h"
#include "cli/commands.h"
#include "cli/database.h"
#include "cli/exit_codes.h"
#include "http/contract_examples.h"
#include "http/dispatcher.h"
#include "http/static_files.h"

namespace ipe::cli {
namespace {

constexpr const char* kHelp =
    "用法: ipenforce openapi [--examples] [--out FILE]\n"
    "Prints the API contract (OpenAPI 3.1 JSON) this build serves at /api/v1/openapi.json.\n"
    "  --examples   add examples: the answers of the described GETs on a fresh in-memory store\n"
    "               with the demo data (never the configured database)\n"
    "  --out FILE   write to FILE instead of standard output\n";

// Logs the demo administrator in and returns the Cookie header value of the session.
core::Result<std::string> DemoSession(http::Dispatcher& d) {
  http::Request req;
  req.method = "POST";
  req.path = "/api/v1/session";
  req.headers.emplace_back("content-type", "application/json");
  req.body =
      nlohmann::json{{"login", app::kDemoAdminLogin}, {"password", app::kDemoAdminPassword}}.dump();
  req.client = "127.0.0.1";
  http::Response resp = d.Handle(req);
  for (const auto& [name, value] : resp.headers) {
    if (name == "Set-Cookie" && value.rfind(http::kSessionCookie, 0) == 0) {
      return value.substr(0, value.find(';'));
    }
  }
  return core::Internal("演示管理员登录失败 (demo admin login failed): " +
                        std::to_string(resp.status));
}

}  // namespace

int RunOpenApi(const CommandArgs& argv) {
  Args args(argv);
  bool examples = args.Flag("--examples");
  auto out = args.Value("--out");
  if (args.WantsHelp()) {
    std::fputs(kHelp, stdout);
    return kExitOk;
  }
  if (auto err = args.Finish(); !err.empty() || !args.positional().empty()) {
    std::fprintf(stderr, "ipenforce openapi: %s\n%s",
                 err.empty() ? "unexpected argument" : err.c_str(), kHelp);
    return kExitUsage;
  }
  // A throwaway store: examples come from the demo data only, never from real records.
  auto db = OpenAndMigrate("sqlite::memory:", /*quiet=*/true);
  if (!db) return Fail(db.error());
  app::Context ctx(**db, core::SystemClock::Instance());
  if (examples) {
    if (auto synced = app::SyncReferenceData(ctx); !synced) return Fail(synced.error());
    if (auto loaded = app::LoadDemoData(ctx); !loaded) return Fail(loaded.error());
  }
  http::DispatcherOptions options;
  options.access_log = false;  // the in-process calls are no one's traffic
  http::Dispatcher dispatcher(ctx, http::StaticFiles(), options);
  http::RegisterRoutes(dispatcher);
  nlohmann::json doc = dispatcher.Contract();
  if (examples) {
    auto cookie = DemoSession(dispatcher);
    if (!cookie) return Fail(cookie.error());
    http::ExampleReport report = http::AddExamplesFromAnswers(dispatcher, doc, *cookie);
    doc["info"]["x-examples"] =
        "示例取自演示数据上的真实回答（ipenforce openapi --examples）(examples are real answers on "
        "the demo data)";
    std::fprintf(stderr, "ipenforce openapi: %d 个示例 (examples added); %zu 个未取 (skipped)\n",
                 report.added, report.skipped.size());
    for (const std::string& s : report.skipped) std::fprintf(stderr, "  %s\n", s.c_str());
  }
  std::string text = doc.dump(2) + "\n";
  if (out) {
    std::ofstream file(*out, std::ios::binary);
    file << text;
    if (!file) return Fail(core::Unavailable("无法写入 (cannot write) " + *out));
  } else {
    std::fputs(text.c_str(), stdout);
  }
  return kExitOk;
}

}  // namespace ipe::cli
