// ipenforce rules: evaluate cases against the criminal-threshold rule packs, list and check
// packs, and compute statutory deadlines. JSON lives here only; the rules module is pure.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "core/calendar.h"
#include "rules/deadlines.h"
#include "rules/evaluate.h"
#include "rules/pack.h"

namespace ipe::cli {
namespace {

using OrderedJson = nlohmann::ordered_json;

constexpr const char* kHelp =
    "用法 (usage):\n"
    "  ipenforce rules evaluate FILE [--json] [--rules-dir DIR]\n"
    "      评估案件是否达到刑事追诉标准. FILE ('-' = stdin) holds one case as JSON or one case per\n"
    "      line (JSONL):\n"
    "        {\"act_date\":\"YYYY-MM-DD\",\"conduct\":C,\n"
    "         \"amounts_fen\":{\"illegal_business\",\"illegal_gains\",\"sales\",\"unsold_value\",\"loss\"},\n"
    "         \"counts\":{\"marks\",\"copies\",\"rights_involved\"},\n"
    "         \"prior_penalties\":[{\"date\",\"conduct\"}]}\n"
    "      amounts are integers in fen; every object except act_date and conduct is optional.\n"
    "      \"transfer_date\":\"YYYY-MM-DD\" (default today) decides rules in force by the transfer\n"
    "      date (Decree 310 art. 3 para. 2, from 2020-08-07).\n"
    "      Extensions: counts also take unsold_marks, unsold_copies, clicks, members, works;\n"
    "      \"facts\":{\"serious_health_harm\",\"reasonable_suspicion\",\"right_holder_bankrupt\",\n"
    "      \"drug_aggravating_circumstance\": true|false}.\n"
    "      C: counterfeit_trademark (213) sell_counterfeit_goods (214) illegal_marks (215)\n"
    "         patent_passing_off (216) copyright_infringement (217) sell_infringing_copies (218)\n"
    "         trade_secret (219) substandard_products (140) fake_drugs (141)\n"
    "         substandard_drugs (142) fake_agricultural_inputs (147)\n"
    "      --json prints one line {\"findings\":[…]} per case. Any bad case: every error on stderr,\n"
    "      nothing on stdout, exit 2.\n"
    "  ipenforce rules list [--date YYYY-MM-DD] [--json] [--rules-dir DIR]\n"
    "      列出规则 (the rules, or those in force on the date).\n"
    "  ipenforce rules steps [--rules-dir DIR]      移送流程各环节的法定时限 (statutory clocks)\n"
    "  ipenforce rules due STEP TIMESTAMP [--rules-dir DIR]\n"
    "      环节到期时间 (when STEP is due if triggered at TIMESTAMP, e.g. 2020-09-30T10:00+08:00)\n"
    "  ipenforce rules check DIR\n"
    "      校验规则包 (validate the *.rules files under DIR, alone and laid over the built-in\n"
    "      packs); exit 0 valid, 1 invalid.\n"
    "--rules-dir DIR lays DIR/**/*.rules over the built-in packs: a file with the same path as a\n"
    "built-in pack (thresholds/ip_2025.rules) replaces it, other files are added.\n";

// ---- Pack sources from a directory --------------------------------------------------------

core::Result<std::vector<rules::PackSource>> ReadPackDir(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return core::InvalidArgument("不是目录 (not a directory): " + dir);
  }
  std::vector<rules::PackSource> out;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file() || it->path().extension() != ".rules") continue;
    std::ifstream in(it->path(), std::ios::binary);
    if (!in) return core::InvalidArgument("无法读取 (cannot read): " + it->path().string());
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    out.push_back({fs::relative(it->path(), dir).generic_string(), std::move(text)});
  }
  if (ec) return core::InvalidArgument("无法读取目录 (cannot read directory): " + dir);
  std::sort(out.begin(), out.end(),
            [](const rules::PackSource& a, const rules::PackSource& b) { return a.name < b.name; });
  return out;
}

// The rule set for a command: the built-in packs, with --rules-dir laid over them.
struct LoadedRules {
  std::optional<rules::RuleSet> owned;
  const rules::RuleSet* set = nullptr;
};

core::Result<LoadedRules*> LoadRules(const std::optional<std::string>& dir, LoadedRules& out) {
  if (!dir) {
    out.set = &rules::DefaultRuleSet();
    return &out;
  }
  IPE_ASSIGN_OR_RETURN(auto overrides, ReadPackDir(*dir));
  auto set = rules::RuleSet::Load(rules::WithOverrides(std::move(overrides)));
  if (!set) return set.error().ToStatus();
  out.owned.emplace(std::move(*set));
  out.set = &*out.owned;
  return &out;
}

// ---- Case JSON → CaseFacts ----------------------------------------------------------------

struct CaseError {
  std::string field;
  std::string message;
};

bool ReadInteger(const OrderedJson& v, int64_t& out) {
  if (v.is_number_unsigned()) {
    auto u = v.get<uint64_t>();
    if (u > static_cast<uint64_t>(rules::kMaxFactValue)) {
      out = rules::kMaxFactValue + 1;  // reported as out of range
    } else {
      out = static_cast<int64_t>(u);
    }
    return true;
  }
  if (v.is_number_integer()) {
    out = v.get<int64_t>();
    return true;
  }
  return false;
}

// Reads an object of non-negative integers with known keys into `set(key, value)`.
template <typename Setter>
void ReadNumbers(const OrderedJson& obj, const std::string& name,
                 const std::vector<std::string>& keys, Setter set, std::vector<CaseError>& errors) {
  if (obj.is_null()) return;
  if (!obj.is_object()) {
    errors.push_back({name, "应为对象 (must be an object)"});
    return;
  }
  for (const auto& [key, value] : obj.items()) {
    std::string field = name + "." + key;
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
      errors.push_back({field, "未知字段 (unknown field)"});
      continue;
    }
    if (value.is_null()) continue;
    int64_t n = 0;
    if (!ReadInteger(value, n)) {
      errors.push_back({field, "应为整数 (must be an integer" +
                                   std::string(name == "amounts_fen" ? " number of fen)" : ")")});
      continue;
    }
    if (n < 0) {
      errors.push_back({field, "不能为负数 (must not be negative)"});
      continue;
    }
    if (n > rules::kMaxFactValue) {
      errors.push_back({field, "超出范围 (out of range)"});
      continue;
    }
    set(key, n);
  }
}

std::optional<rules::Conduct> ReadConduct(const OrderedJson& v, const std::string& field,
                                          std::vector<CaseError>& errors) {
  if (!v.is_string()) {
    errors.push_back({field, "应为字符串 (must be a string)"});
    return std::nullopt;
  }
  auto c = rules::ConductFromKey(v.get<std::string>());
  if (!c) errors.push_back({field, "未知行为类型 (unknown conduct): " + v.get<std::string>()});
  return c;
}

std::optional<core::Date> ReadDate(const OrderedJson& v, const std::string& field,
                                   std::vector<CaseError>& errors) {
  if (!v.is_string()) {
    errors.push_back({field, "应为 YYYY-MM-DD 字符串 (must be a date string)"});
    return std::nullopt;
  }
  auto d = core::ParseDate(v.get<std::string>());
  if (!d) {
    errors.push_back({field, "日期无效 (bad date): " + v.get<std::string>()});
    return std::nullopt;
  }
  return *d;
}

std::optional<rules::CaseFacts> ToFacts(const OrderedJson& j, std::vector<CaseError>& errors) {
  if (!j.is_object()) {
    errors.push_back({"", "案件应为 JSON 对象 (a case must be a JSON object)"});
    return std::nullopt;
  }
  rules::CaseFacts f;
  static const std::vector<std::string> kTop = {"act_date", "conduct",         "amounts_fen",
                                                "counts",   "prior_penalties", "facts",
                                                "transfer_date"};
  for (const auto& [key, value] : j.items()) {
    if (std::find(kTop.begin(), kTop.end(), key) == kTop.end()) {
      errors.push_back({key, "未知字段 (unknown field)"});
    }
  }
  if (!j.contains("act_date")) {
    errors.push_back({"act_date", "缺少字段 (missing)"});
  } else if (auto d = ReadDate(j["act_date"], "act_date", errors)) {
    f.act_date = *d;
  }
  // The transfer the procedural rules govern happens now unless the case says when.
  f.transfer_date = core::LocalDate(core::SystemClock::Instance().Now());
  if (j.contains("transfer_date") && !j["transfer_date"].is_null()) {
    f.transfer_date = ReadDate(j["transfer_date"], "transfer_date", errors);
  }
  if (!j.contains("conduct")) {
    errors.push_back({"conduct", "缺少字段 (missing)"});
  } else if (auto c = ReadConduct(j["conduct"], "conduct", errors)) {
    f.conduct = *c;
  }
  if (j.contains("amounts_fen")) {
    ReadNumbers(
        j["amounts_fen"], "amounts_fen",
        {"illegal_business", "illegal_gains", "sales", "unsold_value", "loss"},
        [&](const std::string& k, int64_t v) {
          core::Fen fen(v);
          if (k == "illegal_business") f.amounts.illegal_business = fen;
          if (k == "illegal_gains") f.amounts.illegal_gains = fen;
          if (k == "sales") f.amounts.sales = fen;
          if (k == "unsold_value") f.amounts.unsold_value = fen;
          if (k == "loss") f.amounts.loss = fen;
        },
        errors);
  }
  if (j.contains("counts")) {
    ReadNumbers(
        j["counts"], "counts",
        {"marks", "copies", "rights_involved", "unsold_marks", "unsold_copies", "clicks", "members",
         "works"},
        [&](const std::string& k, int64_t v) {
          if (k == "marks") f.counts.marks = v;
          if (k == "copies") f.counts.copies = v;
          if (k == "rights_involved") f.counts.rights_involved = v;
          if (k == "unsold_marks") f.counts.unsold_marks = v;
          if (k == "unsold_copies") f.counts.unsold_copies = v;
          if (k == "clicks") f.counts.clicks = v;
          if (k == "members") f.counts.members = v;
          if (k == "works") f.counts.works = v;
        },
        errors);
  }
  if (j.contains("prior_penalties") && !j["prior_penalties"].is_null()) {
    const OrderedJson& pp = j["prior_penalties"];
    if (!pp.is_array()) {
      errors.push_back({"prior_penalties", "应为数组 (must be an array)"});
    } else {
      for (size_t i = 0; i < pp.size(); ++i) {
        std::string base = "prior_penalties[" + std::to_string(i) + "]";
        const OrderedJson& p = pp[i];
        if (!p.is_object()) {
          errors.push_back({base, "应为对象 (must be an object)"});
          continue;
        }
        for (const auto& [key, value] : p.items()) {
          if (key != "date" && key != "conduct") {
            errors.push_back({base + "." + key, "未知字段 (unknown field)"});
          }
        }
        rules::PriorPenalty penalty;
        bool ok = true;
        if (!p.contains("date")) {
          errors.push_back({base + ".date", "缺少字段 (missing)"});
          ok = false;
        } else if (auto d = ReadDate(p["date"], base + ".date", errors)) {
          penalty.date = *d;
        } else {
          ok = false;
        }
        if (!p.contains("conduct")) {
          errors.push_back({base + ".conduct", "缺少字段 (missing)"});
          ok = false;
        } else if (auto c = ReadConduct(p["conduct"], base + ".conduct", errors)) {
          penalty.conduct = *c;
        } else {
          ok = false;
        }
        if (ok) f.prior_penalties.push_back(penalty);
      }
    }
  }
  if (j.contains("facts") && !j["facts"].is_null()) {
    const OrderedJson& facts = j["facts"];
    if (!facts.is_object()) {
      errors.push_back({"facts", "应为对象 (must be an object)"});
    } else {
      for (const auto& [key, value] : facts.items()) {
        auto fact = rules::FactFromKey(key);
        if (!fact) {
          errors.push_back({"facts." + key, "未知事实 (unknown fact)"});
        } else if (!value.is_boolean()) {
          errors.push_back({"facts." + key, "应为 true/false (must be a boolean)"});
        } else if (value.get<bool>()) {
          f.flags.insert(*fact);
        }
      }
    }
  }
  if (!errors.empty()) return std::nullopt;
  return f;
}

// ---- Output -------------------------------------------------------------------------------

OrderedJson FindingsJson(const std::vector<rules::Finding>& findings) {
  OrderedJson arr = OrderedJson::array();
  for (const rules::Finding& f : findings) {
    OrderedJson o;
    o["article"] = f.article;
    o["crime"] = f.crime;
    o["met"] = f.met;
    o["level"] = rules::LevelName(f.level);
    o["basis"] = f.basis;
    o["rule_id"] = f.rule_id;
    o["source"] = f.source;
    o["confidence"] = rules::ConfidenceName(f.confidence);
    o["unconfirmed"] = f.unconfirmed();
    if (!f.note.empty()) o["note"] = f.note;
    arr.push_back(std::move(o));
  }
  OrderedJson out;
  out["findings"] = std::move(arr);
  return out;
}

std::string FindingsText(size_t index, const rules::CaseFacts& facts,
                         const std::vector<rules::Finding>& findings) {
  std::string out = "案件 " + std::to_string(index) + "（" + facts.act_date.ToString() + " " +
                    rules::InfoOf(facts.conduct).key + "）\n";
  if (findings.empty()) out += "  无适用规则 (no rule in force for this conduct and date)\n";
  for (const rules::Finding& f : findings) {
    out += std::string("  ") + (f.met ? "[已达]" : "[未达]") + " " + f.article + " " + f.crime +
           " " + rules::LevelName(f.level) + "：" + f.basis + "  [" +
           rules::ConfidenceName(f.confidence) + (f.unconfirmed() ? " 未确认" : "") + "] " +
           f.rule_id + "\n";
  }
  return out;
}

// ---- Subcommands --------------------------------------------------------------------------

core::Result<std::string> ReadInput(const std::string& file) {
  if (file == "-") {
    std::ostringstream ss;
    ss << std::cin.rdbuf();
    return ss.str();
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) return core::InvalidArgument("无法读取文件 (cannot read file): " + file);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

struct InputCase {
  size_t line = 0;  // 1-based line of the case in the input
  OrderedJson json;
  std::string parse_error;
};

// One JSON document (may span lines) or JSONL.
std::vector<InputCase> SplitCases(const std::string& text) {
  std::vector<InputCase> cases;
  OrderedJson whole = OrderedJson::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!whole.is_discarded()) {
    size_t first = text.find_first_not_of(" \t\r\n");
    size_t line = 1 + std::count(text.begin(), text.begin() + static_cast<long>(first), '\n');
    cases.push_back({line, std::move(whole), ""});
    return cases;
  }
  size_t line_no = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    std::string line = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    InputCase c;
    c.line = line_no;
    c.json = OrderedJson::parse(line, nullptr, /*allow_exceptions=*/false);
    if (c.json.is_discarded()) c.parse_error = "JSON 语法错误 (malformed JSON)";
    cases.push_back(std::move(c));
  }
  return cases;
}

int Evaluate(const std::string& file, bool json, const rules::RuleSet& set) {
  auto text = ReadInput(file);
  if (!text) return Fail(text.error());
  std::vector<InputCase> cases = SplitCases(*text);
  if (cases.empty()) {
    std::fprintf(stderr, "ipenforce rules evaluate: 输入为空 (no case in %s)\n", file.c_str());
    return kExitUsage;
  }
  // Validate and evaluate everything first: bad input prints nothing at all (no partial output).
  std::vector<std::pair<rules::CaseFacts, std::vector<rules::Finding>>> results;
  bool bad = false;
  for (const InputCase& c : cases) {
    std::vector<CaseError> errors;
    std::optional<rules::CaseFacts> facts;
    if (!c.parse_error.empty()) {
      errors.push_back({"", c.parse_error});
    } else {
      facts = ToFacts(c.json, errors);
    }
    if (facts) {
      auto findings = rules::Evaluate(set, *facts);
      if (!findings) {
        for (const core::FieldError& fe : findings.error().field_errors()) {
          errors.push_back({fe.field, fe.message});
        }
        if (errors.empty()) errors.push_back({"", findings.error().message()});
      } else {
        results.emplace_back(std::move(*facts), std::move(*findings));
      }
    }
    for (const CaseError& e : errors) {
      bad = true;
      std::fprintf(stderr, "ipenforce rules evaluate: %s 第%zu行 (line %zu)%s%s: %s\n",
                   file.c_str(), c.line, c.line, e.field.empty() ? "" : " 字段 ",
                   e.field.c_str(), e.message.c_str());
    }
  }
  if (bad) return kExitUsage;
  std::string out;
  for (size_t i = 0; i < results.size(); ++i) {
    if (json) {
      out += FindingsJson(results[i].second).dump() + "\n";
    } else {
      out += FindingsText(i + 1, results[i].first, results[i].second);
    }
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return kExitOk;
}

int List(const std::optional<std::string>& date_text, bool json, const rules::RuleSet& set) {
  std::optional<core::Date> date;
  if (date_text) {
    auto d = core::ParseDate(*date_text);
    if (!d) return Fail(d.error());
    date = *d;
  }
  OrderedJson arr = OrderedJson::array();
  std::string text;
  for (const rules::Rule* r : set.rules()) {
    if (date && !r->InForceOn(*date)) continue;
    std::string conducts;
    for (rules::Conduct c : r->conducts) {
      if (!conducts.empty()) conducts += ",";
      conducts += rules::InfoOf(c).key;
    }
    std::string article = r->article.empty() ? rules::InfoOf(r->conducts.front()).article : r->article;
    std::string to = r->effective_to ? r->effective_to->ToString() : "";
    std::string when = rules::FormatConditions(r->when, '|');
    std::string require = rules::FormatConditions(r->require, '&');
    if (json) {
      OrderedJson o;
      o["rule_id"] = r->id;
      o["article"] = article;
      o["conducts"] = conducts;
      o["level"] = rules::LevelName(r->level);
      o["when"] = when;
      o["require"] = require;
      o["effective_from"] = r->effective_from.ToString();
      o["effective_to"] = r->effective_to ? OrderedJson(to) : OrderedJson(nullptr);
      o["in_force_by"] = rules::DateBasisName(r->in_force_by);
      o["source"] = r->source;
      o["confidence"] = rules::ConfidenceName(r->confidence);
      o["unconfirmed"] = r->confidence == rules::Confidence::kUnconfirmed;
      o["note"] = r->note;
      o["pack"] = r->pack;
      arr.push_back(std::move(o));
    } else {
      text += r->id + "\t" + article + "\t" + rules::LevelName(r->level) + "\t" +
              rules::ConfidenceName(r->confidence) + "\t" + r->effective_from.ToString() + "…" +
              to + "\t" + when + (require.empty() ? "" : "  [require " + require + "]") + "\t" +
              r->source + "\n";
    }
  }
  if (json) text = arr.dump() + "\n";
  std::fwrite(text.data(), 1, text.size(), stdout);
  return kExitOk;
}

int Steps(const rules::RuleSet& set) {
  std::string text;
  for (const rules::Step* s : set.steps()) {
    text += s->key + "\t" + s->actor + "\t" + rules::DescribePeriod(*s) + "\t" + s->trigger +
            "\t" + rules::ConfidenceName(s->confidence) + "\t" + s->title + "\t" + s->source + "\n";
  }
  std::fwrite(text.data(), 1, text.size(), stdout);
  return kExitOk;
}

int Due(const std::string& step, const std::string& when, const rules::RuleSet& set) {
  auto t = core::ParseTimestamp(when);
  if (!t) return Fail(t.error());
  auto due = rules::DueFor(set, step, *t, core::Calendar());
  if (!due) return Fail(due.error());
  if (!due->has_value()) {
    std::printf("none\t%s\n", rules::DescribePeriod(*set.FindStep(step)).c_str());
  } else {
    std::printf("%s\t%s\n", (*due)->ToString().c_str(),
                rules::DescribePeriod(*set.FindStep(step)).c_str());
  }
  return kExitOk;
}

int Check(const std::string& dir) {
  auto sources = ReadPackDir(dir);
  if (!sources) return Fail(sources.error());
  if (sources->empty()) {
    std::fprintf(stderr, "ipenforce rules check: %s 中没有 *.rules 文件 (no packs)\n", dir.c_str());
    return kExitNegative;
  }
  bool ok = true;
  for (const rules::PackSource& s : *sources) {
    auto p = rules::ParseRulePack(s.name, s.text);
    if (!p) {
      std::fprintf(stderr, "%s/%s\n", dir.c_str(), p.error().ToString().c_str());
      ok = false;
    }
  }
  if (!ok) return kExitNegative;
  // Cross-pack checks: ids unique within DIR and when laid over the built-in packs.
  auto alone = rules::RuleSet::Load(*sources);
  if (!alone) {
    std::fprintf(stderr, "%s/%s\n", dir.c_str(), alone.error().ToString().c_str());
    return kExitNegative;
  }
  auto merged = rules::RuleSet::Load(rules::WithOverrides(*sources));
  if (!merged) {
    std::fprintf(stderr, "与内置规则包合并时 (laid over the built-in packs): %s\n",
                 merged.error().ToString().c_str());
    return kExitNegative;
  }
  size_t unconfirmed = 0;
  for (const rules::Rule* r : alone->rules()) {
    if (r->confidence == rules::Confidence::kUnconfirmed) ++unconfirmed;
  }
  std::printf("OK: %zu packs, %zu rules (%zu unconfirmed M), %zu steps\n", alone->packs().size(),
              alone->rules().size(), unconfirmed, alone->steps().size());
  return kExitOk;
}

}  // namespace

int RunRules(const CommandArgs& argv) {
  if (argv.empty() || argv[0] == "--help" || argv[0] == "-h") {
    std::fputs(kHelp, argv.empty() ? stderr : stdout);
    return argv.empty() ? kExitUsage : kExitOk;
  }
  const std::string sub = argv[0];
  Args args(CommandArgs(argv.begin() + 1, argv.end()));
  const bool json = args.Flag("--json");
  const auto rules_dir = args.Value("--rules-dir");
  const auto date = args.Value("--date");
  if (args.WantsHelp()) {
    std::fputs(kHelp, stdout);
    return kExitOk;
  }
  if (auto err = args.Finish(); !err.empty()) {
    std::fprintf(stderr, "ipenforce rules: %s\n%s", err.c_str(), kHelp);
    return kExitUsage;
  }
  const std::vector<std::string> pos = args.positional();
  auto usage = [&]() {
    std::fprintf(stderr, "ipenforce rules: 参数错误 (bad arguments)\n%s", kHelp);
    return kExitUsage;
  };
  if (sub == "check") {
    if (pos.size() != 1 || json || rules_dir || date) return usage();
    return Check(pos[0]);
  }
  LoadedRules loaded;
  auto set = LoadRules(rules_dir, loaded);
  if (!set) return Fail(set.error());
  const rules::RuleSet& rule_set = *(*set)->set;
  if (sub == "evaluate" && pos.size() == 1 && !date) return Evaluate(pos[0], json, rule_set);
  if (sub == "list" && pos.empty()) return List(date, json, rule_set);
  if (sub == "steps" && pos.empty() && !json && !date) return Steps(rule_set);
  if (sub == "due" && pos.size() == 2 && !json && !date) return Due(pos[0], pos[1], rule_set);
  return usage();
}

}  // namespace ipe::cli
