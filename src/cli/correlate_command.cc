// `ipenforce correlate FILE [--json] [--cap N] [--psl FILE] [--junk FILE]`: batch correlation for
// analysts (线索串并). FILE is JSONL, one record a line:
//   {"id":"lead-1","agency":"bj-amr","region":"110105","observables":[{"type":"phone","value":"…"}]}
// Prints one line per cluster of two or more records on stdout and a summary with the over-cap
// and junk keys on stderr. A malformed line is reported with its number and skipped.
#include <simdjson.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "link/batch.h"
#include "link/normalise.h"

namespace ipe::cli {
namespace {

constexpr const char* kUsage =
    "用法 (usage): ipenforce correlate FILE [--json] [--cap N] [--psl FILE] [--junk FILE]\n"
    "  FILE        JSONL 记录文件，'-' 为标准输入 (records, one JSON object a line; - = stdin)\n"
    "              {\"id\",\"agency\",\"region\",\"observables\":[{\"type\",\"value\"}]}\n"
    "  --json      每个簇输出一行 JSON (one JSON line per cluster)\n"
    "  --cap N     要素被超过 N 条记录共用即停止关联，默认 50 (a key shared by more than N\n"
    "              records stops linking; default 50)\n"
    "  --psl FILE  公共后缀列表 (public_suffix_list.dat; default: the Debian publicsuffix file,\n"
    "              else libpsl's built-in list)\n"
    "  --junk FILE 垃圾值列表，替换内置列表 (junk list TSV replacing the built-in one)\n";

constexpr const char* kDebianPsl = "/usr/share/publicsuffix/public_suffix_list.dat";

bool ReadFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return true;
}

// A scalar field as text: strings as they are, integers in decimal (agency ids are often numbers).
bool FieldText(simdjson::dom::element e, std::string* out) {
  if (e.is_string()) {
    *out = std::string(std::string_view(e.get_string().value_unsafe()));
    return true;
  }
  if (e.is_int64()) {
    *out = std::to_string(int64_t(e.get_int64().value_unsafe()));
    return true;
  }
  if (e.is_uint64()) {
    *out = std::to_string(uint64_t(e.get_uint64().value_unsafe()));
    return true;
  }
  return false;
}

// Parses one JSONL line into a record; returns "" or the reason it is malformed.
std::string ParseLine(simdjson::dom::parser& parser, const std::string& line,
                      link::RawRecord* record) {
  simdjson::dom::element doc;
  if (auto error = parser.parse(line).get(doc); error) {
    return std::string("JSON 语法错误 (invalid JSON): ") + simdjson::error_message(error);
  }
  if (!doc.is_object()) return "不是 JSON 对象 (not a JSON object)";
  simdjson::dom::element field;
  if (doc["id"].get(field) != simdjson::SUCCESS || !FieldText(field, &record->id) ||
      record->id.empty()) {
    return "缺少 id (missing or empty \"id\")";
  }
  if (doc["agency"].get(field) == simdjson::SUCCESS && !FieldText(field, &record->agency)) {
    return "agency 应为字符串或整数 (\"agency\" must be a string or integer)";
  }
  if (doc["region"].get(field) == simdjson::SUCCESS && !FieldText(field, &record->region)) {
    return "region 应为字符串或整数 (\"region\" must be a string or integer)";
  }
  simdjson::dom::array observables;
  if (doc["observables"].get(field) != simdjson::SUCCESS) return {};
  if (field.get_array().get(observables) != simdjson::SUCCESS) {
    return "observables 应为数组 (\"observables\" must be an array)";
  }
  size_t index = 0;
  for (simdjson::dom::element obs : observables) {
    simdjson::dom::element type_field;
    simdjson::dom::element value_field;
    std::string type_name;
    std::string value;
    if (!obs.is_object() || obs["type"].get(type_field) != simdjson::SUCCESS ||
        obs["value"].get(value_field) != simdjson::SUCCESS || !FieldText(type_field, &type_name) ||
        !FieldText(value_field, &value)) {
      return "observables[" + std::to_string(index) +
             "] 应为 {\"type\",\"value\"} (must be {\"type\",\"value\"} strings)";
    }
    std::optional<link::ObservableType> type = link::ParseObservableType(type_name);
    if (!type) {
      return "observables[" + std::to_string(index) + "] 类型未知 (unknown type \"" + type_name +
             "\")";
    }
    record->observables.push_back({*type, std::move(value)});
    ++index;
  }
  return {};
}

// ordered_json keeps the documented field order: records, keys, agencies, regions.
nlohmann::ordered_json KeyJson(const link::Key& key) {
  return {{"type", link::KeyTypeName(key.type)}, {"value", key.value}};
}

std::string Dump(const nlohmann::ordered_json& j) {
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

// One input line after parsing and normalisation: an error, or a record ready to index.
struct LineResult {
  uint64_t line_no = 0;
  std::string error;
  link::PreparedRecord prepared;
};

// Parses and normalises lines [begin, end) into results[begin, end). Runs on several threads at
// once, each with its own parser; the normaliser is immutable.
void PrepareLines(const std::vector<std::string>& lines, const std::vector<uint64_t>& numbers,
                  size_t begin, size_t end, const link::Normaliser& normaliser,
                  simdjson::dom::parser& parser, std::vector<LineResult>& results) {
  for (size_t i = begin; i < end; ++i) {
    link::RawRecord record;
    LineResult& r = results[i];
    r.line_no = numbers[i];
    r.error = ParseLine(parser, lines[i], &record);
    if (r.error.empty()) r.prepared = link::BatchCorrelator::Prepare(normaliser, std::move(record));
  }
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) {
    if (!out.empty()) out += ", ";
    out += s;
  }
  return out;
}

}  // namespace

int RunCorrelate(const CommandArgs& argv) {
  Args args(argv);
  const bool json = args.Flag("--json");
  std::optional<std::string> cap_text = args.Value("--cap");
  std::optional<std::string> psl_path = args.Value("--psl");
  std::optional<std::string> junk_path = args.Value("--junk");
  if (args.WantsHelp()) {
    std::fputs(kUsage, stdout);
    return kExitOk;
  }
  std::vector<std::string> positional = args.positional();
  if (std::string err = args.Finish(); !err.empty() || positional.size() != 1) {
    std::fprintf(stderr, "ipenforce correlate: %s\n%s",
                 err.empty() ? "需要且仅需一个 FILE (exactly one FILE)" : err.c_str(), kUsage);
    return kExitUsage;
  }

  link::IndexOptions options;
  if (cap_text) {
    char* end = nullptr;
    unsigned long cap = std::strtoul(cap_text->c_str(), &end, 10);
    if (cap_text->empty() || *end != '\0' || cap < 1 || cap > 1000000 ||
        (*cap_text)[0] == '-') {
      std::fprintf(stderr, "ipenforce correlate: --cap 应为 1 至 1000000 的整数 (--cap must be "
                           "an integer from 1 to 1000000)\n");
      return kExitUsage;
    }
    options.cap = static_cast<uint32_t>(cap);
  }

  // Data at the edge: the suffix list and junk list are read here and passed in.
  link::DomainRules rules = link::DomainRules::Builtin();
  std::string psl_text;
  if (ReadFile(psl_path.value_or(kDebianPsl), &psl_text)) {
    auto loaded = link::DomainRules::FromPslText(psl_text);
    if (!loaded) return Fail(loaded.error());
    rules = std::move(*loaded);
  } else if (psl_path) {
    return Fail(core::NotFound("无法读取公共后缀列表 (cannot read PSL file): " + *psl_path));
  }
  std::string junk_text(link::DefaultJunkListText());
  if (junk_path && !ReadFile(*junk_path, &junk_text)) {
    return Fail(core::NotFound("无法读取垃圾值列表 (cannot read junk list): " + *junk_path));
  }
  auto junk = link::JunkList::Parse(junk_text, rules);
  if (!junk) return Fail(junk.error());
  link::Normaliser normaliser(&rules, &*junk);
  link::BatchCorrelator batch(&normaliser, options);

  std::ifstream file;
  std::istream* in = &std::cin;
  if (positional[0] != "-") {
    file.open(positional[0], std::ios::binary);
    if (!file) {
      return Fail(core::NotFound("无法打开文件 (cannot open file): " + positional[0]));
    }
    in = &file;
  }

  // Lines are parsed and normalised in batches on up to four threads, then indexed one by one in
  // input order, so the output does not depend on the thread count.
  const size_t threads = std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 4);
  std::vector<simdjson::dom::parser> parsers(threads);
  std::vector<std::string> lines;
  std::vector<uint64_t> numbers;
  std::vector<LineResult> results;
  uint64_t skipped = 0;
  auto flush = [&] {
    results.assign(lines.size(), LineResult{});
    std::vector<std::thread> workers;
    const size_t per = (lines.size() + threads - 1) / threads;
    for (size_t t = 1; t < threads && t * per < lines.size(); ++t) {
      workers.emplace_back(PrepareLines, std::cref(lines), std::cref(numbers), t * per,
                           std::min(lines.size(), (t + 1) * per), std::cref(normaliser),
                           std::ref(parsers[t]), std::ref(results));
    }
    PrepareLines(lines, numbers, 0, std::min(lines.size(), per), normaliser, parsers[0], results);
    for (std::thread& w : workers) w.join();
    for (LineResult& r : results) {
      if (r.error.empty()) {
        auto added = batch.Commit(std::move(r.prepared));
        if (!added) r.error = added.error().message();
      }
      if (!r.error.empty()) {
        ++skipped;
        std::fprintf(stderr, "ipenforce correlate: 第 %llu 行已跳过 (line %llu skipped): %s\n",
                     static_cast<unsigned long long>(r.line_no),
                     static_cast<unsigned long long>(r.line_no), r.error.c_str());
      }
    }
    lines.clear();
    numbers.clear();
  };
  constexpr size_t kBatchLines = 16384;
  std::string line;
  uint64_t line_no = 0;
  while (std::getline(*in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    lines.push_back(std::move(line));
    numbers.push_back(line_no);
    if (lines.size() == kBatchLines) flush();
  }
  flush();
  if (in->bad()) return Fail(core::Unavailable("读取输入失败 (read error)"));

  std::string out;
  size_t cluster_count = 0;
  size_t cross_region = 0;
  batch.index().ForEachCluster(2, [&](const link::Cluster& c) {
    ++cluster_count;
    cross_region += c.cross_region ? 1 : 0;
    if (json) {
      nlohmann::ordered_json keys = nlohmann::ordered_json::array();
      for (const link::Key& k : c.keys) keys.push_back(KeyJson(k));
      nlohmann::ordered_json j = {{"records", c.records},   {"keys", keys},
                          {"agencies", c.agencies}, {"regions", c.regions},
                          {"cross_region", c.cross_region}};
      out += Dump(j);
      out += '\n';
    } else {
      std::vector<std::string> keys;
      for (const link::Key& k : c.keys) keys.push_back(k.ToString());
      out += "簇 (cluster) " + std::to_string(cluster_count) + ": " +
             std::to_string(c.records.size()) + " 条记录 (records)" +
             (c.cross_region ? "  [跨地区 cross-region]" : "") + "\n";
      out += "  记录 (records):  " + Join(c.records) + "\n";
      out += "  要素 (keys):     " + Join(keys) + "\n";
      out += "  机构 (agencies): " + Join(c.agencies) + "\n";
      out += "  地区 (regions):  " + Join(c.regions) + "\n";
    }
    if (out.size() > (1 << 20)) {
      std::fwrite(out.data(), 1, out.size(), stdout);
      out.clear();
    }
  });
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fflush(stdout);

  // Summary and noise report on stderr.
  const link::CorrelationIndex& index = batch.index();
  std::fprintf(stderr,
               "汇总 (summary): 记录 %zu 条 (records), 跳过 %llu 行 (lines skipped), 要素 %llu 个 "
               "(keys), 簇 %zu 个 (clusters of 2+), 跨地区 %zu 个 (cross-region), 上限 %u (cap)\n",
               index.record_count(), static_cast<unsigned long long>(skipped),
               static_cast<unsigned long long>(batch.keys_added()), cluster_count, cross_region,
               index.cap());
  std::vector<link::OverCapKey> over = index.OverCapKeys();
  if (!over.empty()) {
    std::fprintf(stderr, "超过上限、不参与关联的要素 (keys over the cap, not linking): %zu\n",
                 over.size());
    for (const link::OverCapKey& k : over) {
      // Weak keys never link anyway; over the cap they also stop being shown as similar.
      std::fprintf(stderr, "  %s\t%u 条记录共用 (shared by %u records)%s\n",
                   k.key.ToString().c_str(), k.records, k.records,
                   link::IsStrong(k.key.type) ? "" : "  [弱要素 weak]");
    }
  }
  std::vector<link::RejectedValue> junk_values = batch.Junk();
  if (!junk_values.empty()) {
    std::fprintf(stderr, "垃圾值，已排除 (junk values, excluded): %zu\n", junk_values.size());
    for (const link::RejectedValue& v : junk_values) {
      std::fprintf(stderr, "  %s\t×%llu\t%s\n", v.key.ToString().c_str(),
                   static_cast<unsigned long long>(v.occurrences), v.reason.c_str());
    }
  }
  std::vector<link::RejectedValue> invalid = batch.Invalid();
  if (!invalid.empty()) {
    constexpr size_t kShown = 20;
    std::fprintf(stderr, "格式无效，已排除 (malformed values, excluded): %zu\n", invalid.size());
    for (size_t i = 0; i < invalid.size() && i < kShown; ++i) {
      std::fprintf(stderr, "  %s\t×%llu\t%s\n", invalid[i].key.ToString().c_str(),
                   static_cast<unsigned long long>(invalid[i].occurrences),
                   invalid[i].reason.c_str());
    }
    if (invalid.size() > kShown) {
      std::fprintf(stderr, "  … 另有 %zu 个 (and %zu more)\n", invalid.size() - kShown,
                   invalid.size() - kShown);
    }
  }
  return kExitOk;
}

}  // namespace ipe::cli
