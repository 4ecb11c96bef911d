// ipenforce agency list|add
#include <cstdio>

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
    "  ipenforce agency list [--q TEXT] [--region CODE] [--db URL]\n"
    "  ipenforce agency add --name NAME --kind KIND --level LEVEL --region CODE\n"
    "                       [--short-name S] [--alias A …] [--db URL]\n"
    "KIND: market_regulation customs police procuratorate court ip_office copyright agriculture\n"
    "      forestry leading_group_office other\n"
    "LEVEL: national provincial prefecture county. CODE: GB/T 2260 (000000 = national).\n";

}  // namespace

int RunAgency(const CommandArgs& argv) {
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
  if (sub != "list" && sub != "add") {
    std::fprintf(stderr, "ipenforce agency: unknown subcommand '%s'\n%s", sub.c_str(), kHelp);
    return kExitUsage;
  }
  app::AgencyFilter filter;
  app::Agency input;
  if (sub == "list") {
    filter.q = args.Value("--q");
    filter.region = args.Value("--region");
  } else {
    input.name = args.Value("--name").value_or("");
    input.kind = args.Value("--kind").value_or("");
    input.level = args.Value("--level").value_or("");
    input.region_code = args.Value("--region").value_or("");
    input.short_name = args.Value("--short-name").value_or("");
    input.aliases = args.Values("--alias");
  }
  if (auto err = args.Finish(); !err.empty() || !args.positional().empty()) {
    std::fprintf(stderr, "ipenforce agency: %s\n", err.empty() ? "unexpected argument" : err.c_str());
    return kExitUsage;
  }
  auto db = OpenAndMigrate(url);
  if (!db) return Fail(db.error());
  app::Context ctx(**db, core::SystemClock::Instance());
  if (auto synced = app::SyncReferenceData(ctx); !synced) return Fail(synced.error());
  if (sub == "add") {
    auto a = app::CreateAgency(ctx, app::Principal::System(), input);
    if (!a) return Fail(a.error());
    std::printf("已创建机构 %s (id %lld)\n", a->name.c_str(), static_cast<long long>(a->id));
    return kExitOk;
  }
  app::PageRequest page{1, 200};
  for (;; ++page.page) {
    auto list = app::ListAgencies(ctx, app::Principal::System(), filter, page);
    if (!list) return Fail(list.error());
    for (const auto& a : list->items) {
      std::string aliases;
      for (const auto& al : a.aliases) aliases += (aliases.empty() ? "" : "|") + al;
      std::printf("%lld\t%s\t%s\t%s\t%s\t%s\t%s\n", static_cast<long long>(a.id), a.name.c_str(),
                  a.short_name.c_str(), a.kind.c_str(), a.level.c_str(), a.region_code.c_str(),
                  aliases.c_str());
    }
    if (page.page * page.page_size >= list->total) break;
  }
  return kExitOk;
}

}  // namespace ipe::cli
