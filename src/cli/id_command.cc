// ipenforce id check: validate unified social credit codes and resident ID numbers
// (docs/identifiers.md).
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "core/ids.h"
#include "core/time.h"

namespace ipe::cli {
namespace {

constexpr const char* kHelp =
    "用法 (usage): ipenforce id check [--kind uscc|ric] [--json] [CODE…]\n"
    "\n"
    "校验统一社会信用代码 (uscc, GB 32100-2015) 和公民身份号码 (ric, GB 11643-1999)。\n"
    "没有 CODE 或 CODE 为 '-' 时从标准输入逐行读取 (one code per line; blank lines skipped).\n"
    "\n"
    "  --kind uscc|ric  按指定类型校验; 省略时按形状判断 (without it the kind is detected):\n"
    "                   15 位数字 → ric15 (旧式身份证号); 18 位且前 17 位为数字、末位为数字或 X\n"
    "                   → ric (若只按信用代码规则有效则 uscc); 其他 18 位 → uscc; 其余 → 无法判断.\n"
    "  --json           每个代码输出一行 (one line per code):\n"
    "                   {\"code\":…,\"kind\":\"uscc\"|\"ric\"|\"ric15\"|null,\"valid\":true|false,\n"
    "                    \"reason\":null|\"length\"|\"charset\"|\"check_digit\"|\"org_code\"|\n"
    "                             \"birth_date\"|\"region\"|\"unknown_kind\"}\n"
    "\n"
    "退出码 (exit): 0 全部有效 (all valid), 1 有无效代码 (any invalid), 2 用法错误 (usage).\n";

struct Verdict {
  std::string kind;  // "uscc", "ric", "ric15" or "" (not recognisable)
  bool valid = false;
  std::string reason;  // core::IdErrorName, or "unknown_kind"
  std::string message;
};

template <typename T>
Verdict FromResult(std::string kind, const core::IdResult<T>& r) {
  Verdict v;
  v.kind = std::move(kind);
  v.valid = r.ok;
  if (!r.ok) {
    v.reason = core::IdErrorName(r.error.reason);
    v.message = r.error.message;
  }
  return v;
}

Verdict CheckUscc(const std::string& code) { return FromResult("uscc", core::ParseUscc(code)); }

Verdict CheckRic(const std::string& code, core::Date today) {
  auto r = core::ParseResidentId(code, today);
  std::string kind = core::NormaliseIdText(code).size() == 15 ? "ric15" : "ric";
  return FromResult(kind, r);
}

bool LooksLikeRic(const std::string& norm) {
  auto digits = [&](size_t n) {
    for (size_t i = 0; i < n; ++i) {
      if (norm[i] < '0' || norm[i] > '9') return false;
    }
    return true;
  };
  if (norm.size() == 15) return digits(15);
  return norm.size() == 18 && digits(17) &&
         ((norm[17] >= '0' && norm[17] <= '9') || norm[17] == 'X');
}

Verdict Check(const std::string& code, const std::string& kind_flag, core::Date today) {
  if (kind_flag == "uscc") return CheckUscc(code);
  if (kind_flag == "ric") return CheckRic(code, today);
  std::string norm = core::NormaliseIdText(code);
  if (LooksLikeRic(norm)) {
    Verdict ric = CheckRic(code, today);
    // A credit code can be all digits too: prefer the reading under which the code is valid.
    if (!ric.valid && norm.size() == 18) {
      Verdict uscc = CheckUscc(code);
      if (uscc.valid) return uscc;
    }
    return ric;
  }
  if (norm.size() == 18) return CheckUscc(code);
  Verdict v;
  v.reason = "unknown_kind";
  v.message = "无法判断代码类型（应为 18 位统一社会信用代码或 15/18 位公民身份号码）";
  return v;
}

const char* KindZh(const std::string& kind) {
  if (kind == "uscc") return "统一社会信用代码";
  if (kind == "ric") return "公民身份号码";
  if (kind == "ric15") return "公民身份号码(15位)";
  return "未知类型";
}

}  // namespace

int RunId(const CommandArgs& argv) {
  if (argv.empty() || argv[0] != "check") {
    bool help = !argv.empty() && (argv[0] == "--help" || argv[0] == "-h");
    if (!help) {
      std::fprintf(stderr, "ipenforce id: %s\n",
                   argv.empty() ? "缺少子命令 (missing subcommand)"
                                : ("未知子命令 (unknown subcommand): " + argv[0]).c_str());
    }
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
    std::fprintf(stderr, "ipenforce id check: --kind 只能是 uscc 或 ric (must be uscc or ric): '%s'\n",
                 kind.c_str());
    return kExitUsage;
  }
  std::vector<std::string> codes = args.positional();
  bool from_stdin = codes.empty() || (codes.size() == 1 && codes[0] == "-");
  if (!from_stdin && std::find(codes.begin(), codes.end(), "-") != codes.end()) {
    std::fprintf(stderr, "ipenforce id check: '-' 只能单独使用 ('-' must be the only CODE)\n");
    return kExitUsage;
  }
  if (from_stdin) {
    codes.clear();
    std::string line;
    while (std::getline(std::cin, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.find_first_not_of(" \t") != std::string::npos) codes.push_back(line);
    }
    if (codes.empty()) {
      std::fprintf(stderr, "ipenforce id check: 没有要校验的代码 (no codes given)\n");
      return kExitUsage;
    }
  }
  // "Today" for the birth-date rule is the Beijing civil date.
  core::Date today = core::LocalDate(core::SystemClock::Instance().Now());
  bool all_valid = true;
  for (const std::string& code : codes) {
    Verdict v = Check(code, kind, today);
    all_valid &= v.valid;
    if (json) {
      using Json = nlohmann::ordered_json;  // keys in the documented order
      Json out = {{"code", code},
                  {"kind", v.kind.empty() ? Json() : Json(v.kind)},
                  {"valid", v.valid},
                  {"reason", v.valid ? Json() : Json(v.reason)}};
      std::printf("%s\n", out.dump(-1, ' ', false, Json::error_handler_t::replace).c_str());
    } else if (v.valid) {
      std::printf("%s\t%s\t有效 (valid)\n", code.c_str(), KindZh(v.kind));
    } else {
      std::printf("%s\t%s\t无效 (invalid: %s)\t%s\n", code.c_str(), KindZh(v.kind),
                  v.reason.c_str(), v.message.c_str());
    }
  }
  std::fflush(stdout);
  return all_valid ? kExitOk : kExitNegative;
}

}  // namespace ipe::cli
