// ipenforce user add|list|disable|passwd
#include <cstdio>
#include <iostream>
#include <string>

#include "app/accounts/accounts.h"
#include "app/context.h"
#include "app/reference_data.h"
#include "cli/commands.h"
#include "cli/database.h"
#include "cli/exit_codes.h"

namespace ipe::cli {
namespace {

constexpr const char* kHelp =
    "用法:\n"
    "  ipenforce user add --login L --role R [--role R2 …] [--agency A] [--region CODE]\n"
    "                     [--name NAME] --password-stdin [--db URL]\n"
    "  ipenforce user list [--db URL]\n"
    "  ipenforce user disable --login L [--db URL]\n"
    "  ipenforce user passwd --login L --password-stdin [--db URL]\n"
    "Roles: admin office officer agency_head police prosecutor analyst auditor.\n"
    "--agency takes an agency id or its exact name (default: 全国打击侵权假冒工作领导小组办公室).\n"
    "The password is read from the first line of standard input, never from the command line.\n";

core::Result<std::string> ReadPassword() {
  std::string line;
  if (!std::getline(std::cin, line)) {
    return core::InvalidArgument("未从标准输入读到密码 (no password on stdin)");
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

core::Result<int64_t> ResolveAgency(app::Context& ctx, const std::string& text) {
  if (!text.empty() && text.find_first_not_of("0123456789") == std::string::npos) {
    return static_cast<int64_t>(std::stoll(text));
  }
  return app::FindAgencyId(ctx, app::Principal::System(), text);
}

int Add(Args& args, app::Context& ctx) {
  app::NewUser u;
  u.login = args.Value("--login").value_or("");
  u.roles = args.Values("--role");
  u.display_name = args.Value("--name").value_or(u.login);
  u.region_code = args.Value("--region").value_or("");
  std::string agency = args.Value("--agency").value_or("全国打击侵权假冒工作领导小组办公室");
  if (!args.Flag("--password-stdin")) {
    std::fprintf(stderr, "ipenforce user add: --password-stdin is required\n%s", kHelp);
    return kExitUsage;
  }
  if (auto err = args.Finish(); !err.empty()) {
    std::fprintf(stderr, "ipenforce user add: %s\n", err.c_str());
    return kExitUsage;
  }
  auto agency_id = ResolveAgency(ctx, agency);
  if (!agency_id) return Fail(agency_id.error());
  u.agency_id = *agency_id;
  auto password = ReadPassword();
  if (!password) return Fail(password.error());
  u.password = *password;
  auto user = app::CreateUser(ctx, app::Principal::System(), u);
  if (!user) return Fail(user.error());
  std::printf("已创建用户 %s (id %lld)\n", user->login.c_str(), static_cast<long long>(user->id));
  return kExitOk;
}

int List(Args& args, app::Context& ctx) {
  if (auto err = args.Finish(); !err.empty()) {
    std::fprintf(stderr, "ipenforce user list: %s\n", err.c_str());
    return kExitUsage;
  }
  app::PageRequest page{1, 200};
  for (;; ++page.page) {
    auto users = app::ListUsers(ctx, app::Principal::System(), {}, page);
    if (!users) return Fail(users.error());
    for (const auto& u : users->items) {
      std::string roles;
      for (auto r : u.roles) roles += std::string(roles.empty() ? "" : ",") + app::RoleCode(r);
      std::printf("%lld\t%s\t%s\t%s\t%s\t%s\t%s\n", static_cast<long long>(u.id), u.login.c_str(),
                  u.display_name.c_str(), roles.c_str(), u.agency_name.c_str(),
                  u.region_code.c_str(), u.active ? "active" : "disabled");
    }
    if (page.page * page.page_size >= users->total) break;
  }
  return kExitOk;
}

core::Result<int64_t> UserId(app::Context& ctx, const std::string& login) {
  IPE_ASSIGN_OR_RETURN(app::User user, app::GetUserByLogin(ctx, app::Principal::System(), login));
  return user.id;
}

int Disable(Args& args, app::Context& ctx) {
  std::string login = args.Value("--login").value_or("");
  if (auto err = args.Finish(); !err.empty() || login.empty()) {
    std::fprintf(stderr, "ipenforce user disable: %s\n", err.empty() ? "--login is required" : err.c_str());
    return kExitUsage;
  }
  auto id = UserId(ctx, login);
  if (!id) return Fail(id.error());
  app::UserPatch patch;
  patch.active = false;
  auto user = app::UpdateUser(ctx, app::Principal::System(), *id, patch);
  if (!user) return Fail(user.error());
  std::printf("已停用用户 %s\n", login.c_str());
  return kExitOk;
}

int Passwd(Args& args, app::Context& ctx) {
  std::string login = args.Value("--login").value_or("");
  bool stdin_flag = args.Flag("--password-stdin");
  if (auto err = args.Finish(); !err.empty() || login.empty() || !stdin_flag) {
    std::fprintf(stderr, "ipenforce user passwd: %s\n",
                 err.empty() ? "--login and --password-stdin are required" : err.c_str());
    return kExitUsage;
  }
  auto id = UserId(ctx, login);
  if (!id) return Fail(id.error());
  auto password = ReadPassword();
  if (!password) return Fail(password.error());
  if (auto st = app::SetPassword(ctx, app::Principal::System(), *id, *password, std::nullopt);
      !st.ok()) {
    return Fail(st);
  }
  std::printf("已重置用户 %s 的密码\n", login.c_str());
  return kExitOk;
}

}  // namespace

int RunUser(const CommandArgs& argv) {
  if (argv.empty() || argv[0] == "--help" || argv[0] == "-h") {
    std::fputs(kHelp, argv.empty() ? stderr : stdout);
    return argv.empty() ? kExitUsage : kExitOk;
  }
  std::string sub = argv[0];
  Args args(CommandArgs(argv.begin() + 1, argv.end()));
  if (args.WantsHelp()) {
    std::fputs(kHelp, stdout);
    return kExitOk;
  }
  std::string url = DatabaseUrl(args);
  if (sub != "add" && sub != "list" && sub != "disable" && sub != "passwd") {
    std::fprintf(stderr, "ipenforce user: unknown subcommand '%s'\n%s", sub.c_str(), kHelp);
    return kExitUsage;
  }
  auto db = OpenAndMigrate(url);
  if (!db) return Fail(db.error());
  app::Context ctx(**db, core::SystemClock::Instance());
  if (auto synced = app::SyncReferenceData(ctx); !synced) return Fail(synced.error());
  if (sub == "add") return Add(args, ctx);
  if (sub == "list") return List(args, ctx);
  if (sub == "disable") return Disable(args, ctx);
  return Passwd(args, ctx);
}

}  // namespace ipe::cli
