// ipenforce id check: validate unified social credit codes and resident ID numbers.
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "core/ids.h"

namespace ipe::cli {
namespace {

constexpr const char* kHelp =
    "用法: ipenforce id check [--kind uscc|ric] [--json] CODE…   (no CODE or '-': one per stdin line)\n"
    "Checks 统一社会信用代码 (uscc, GB 32100-2015) and 公民身份号码 (ric, GB 11643-1999).\n"
    "Without --kind the kind is taken from the code's shape: 15 digits, or 17 digits and a final\n"
    "character → ric; other 18-character codes → uscc.\n"
    "--json prints one line per code: {\"code\",\"kind\",\"valid\",\"reason\"}.\n"
    "Exit 0 if all are valid, 1 if any is invalid, 2 on usage errors.\n";

struct Verdict {
  std::string kind;  // "uscc", "ric" or "" (unknown)
  bool valid = false;
  std::string reason;   // IdErrorName, or "unknown_kind"
  std::string message;
};

Verdict Check(const std::string& code, const std::string& kind_flag) {
  std::string norm = core::NormaliseIdText(code);
  std::string kind = kind_flag;
  if (kind.empty()) {
    // A resident ID is digits but for its check character; a credit code has letters inside or
    // starts with a registration-authority letter.
    size_t leading_digits = 0;
    while (leading_digits < norm.size() && norm[leading_digits] >= '0' && norm[leading_digits] <= '9') {
      ++leading_digits;
    }
    if ((norm.size() == 18 && leading_digits >= 17) || (norm.size() == 15 && leading_digits == 15)) {
      kind = "ric";
    } else if (norm.size() == 18) {
      kind = "uscc";
    }
  }
  Verdict v;
  v.kind = kind;
  core::Date today = core::LocalDate(core::SystemClock::Instance().Now());
  if (kind == "uscc") {
    auto r = core::ParseUscc(code);
    v.valid = r.ok;
    if (!r.ok) v.reason = core::IdErrorName(r.error.reason), v.message = r.error.message;
  } else if (kind == "ric") {
    auto r = core::ParseResidentId(code, today);
    v.valid = r.ok;
    if (!r.ok) v.reason = core::IdErrorName(r.error.reason), v.message = r.error.message;
  } else {
    v.reason = "unknown_kind";
    v.message = "无法判断代码类型（应为 18 位统一社会信用代码或 15/18 位身份号码）";
  }
  return v;
}

}  // namespace

int RunId(const CommandArgs& argv) {
  if (argv.empty() || argv[0] != "check") {
    bool help = !argv.empty() && (argv[0] == "--help" || argv[0] == "-h");
    std::fputs(kHelp, help ? stdout : stderr);
    return help ? kExitOk : kExitUsage;
  }
  Args args(CommandArgs(argv.begin() + 1, argv.end()));
  bool json = args.Flag("--json");
  std::string kind = args.Value("--kind").value_or("");
  if (args.WantsHelp()) {
    std::fputs(kHelp, stdout);
    return kExitOk;
  }
  if (auto err = args.Finish(); !err.empty()) {
    std::fprintf(stderr, "ipenforce id check: %s\n%s", err.c_str(), kHelp);
    return kExitUsage;
  }
  if (!kind.empty() && kind != "uscc" && kind != "ric") {
    std::fprintf(stderr, "ipenforce id check: --kind must be uscc or ric\n");
    return kExitUsage;
  }
  std::vector<std::string> codes = args.positional();
  if (codes.empty() || (codes.size() == 1 && codes[0] == "-")) {
    codes.clear();
    std::string line;
    while (std::getline(std::cin, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (!line.empty()) codes.push_back(line);
    }
  }
  bool all_valid = true;
  for (const std::string& code : codes) {
    Verdict v = Check(code, kind);
    all_valid &= v.valid;
    if (json) {
      nlohmann::json out = {{"code", code},
                            {"kind", v.kind.empty() ? nlohmann::json() : nlohmann::json(v.kind)},
                            {"valid", v.valid},
                            {"reason", v.valid ? nlohmann::json() : nlohmann::json(v.reason)}};
      std::printf("%s\n", out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    } else if (v.valid) {
      std::printf("%s\t%s\t有效 (valid)\n", code.c_str(), v.kind.c_str());
    } else {
      std::printf("%s\t%s\t无效 (%s): %s\n", code.c_str(), v.kind.empty() ? "?" : v.kind.c_str(),
                  v.reason.c_str(), v.message.c_str());
    }
  }
  return all_valid ? kExitOk : kExitNegative;
}

}  // namespace ipe::cli
