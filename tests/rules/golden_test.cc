// One parameterised runner over tests/rules/cases/*.case. A case file holds cases like
//
//   === 213 basic: equal amount meets
//   {"act_date":"2020-01-01","conduct":"counterfeit_trademark","amounts_fen":{"illegal_business":5000000}}
//   --- findings
//   ip2004.213.basic met C 非法经营数额 50000.00元 ≥ 50000.00元
//
// Expected findings are the complete list, in order: "<rule_id> <met|not_met> <C|S|M> <basis>".
// "--- error" instead expects exit code 2, nothing on stdout, and each following line as a
// substring of stderr (the field that is wrong). IPE_GOLDEN_PRINT=1 prints the actual lines.
#include <gtest/gtest.h>
#include <unistd.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct GoldenCase {
  std::string file;
  int line = 0;
  std::string name;
  std::string input;
  bool expect_error = false;
  std::vector<std::string> expected;
};

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<GoldenCase> LoadCases() {
  namespace fs = std::filesystem;
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(std::string(IPE_SOURCE_DIR) + "/tests/rules/cases")) {
    if (e.path().extension() == ".case") files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  std::vector<GoldenCase> cases;
  for (const std::string& path : files) {
    std::istringstream in(Slurp(path));
    std::string line;
    int line_no = 0;
    enum { kNone, kInput, kExpect } state = kNone;
    while (std::getline(in, line)) {
      ++line_no;
      if (line.empty() || line[0] == '#') continue;
      if (line.rfind("=== ", 0) == 0) {
        GoldenCase c;
        c.file = fs::path(path).filename().string();
        c.line = line_no;
        c.name = line.substr(4);
        cases.push_back(std::move(c));
        state = kInput;
      } else if (state == kNone) {
        // Reported as a failing case: gtest assertions are not available during instantiation.
        GoldenCase bad;
        bad.file = fs::path(path).filename().string();
        bad.line = line_no;
        bad.name = "malformed case file: text before the first '=== '";
        bad.expected.push_back("<malformed case file>");
        cases.push_back(std::move(bad));
      } else if (line == "--- findings" || line == "--- error") {
        cases.back().expect_error = line == "--- error";
        state = kExpect;
      } else if (state == kInput) {
        cases.back().input += line + "\n";
      } else {
        cases.back().expected.push_back(line);
      }
    }
  }
  return cases;
}

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

RunResult RunCommand(const std::string& input, int index) {
  std::string dir = testing::TempDir();
  std::string in_path = dir + "/rules_golden_" + std::to_string(::getpid()) + "_" +
                        std::to_string(index) + ".jsonl";
  std::string err_path = in_path + ".err";
  std::ofstream(in_path, std::ios::binary) << input;
  std::string cmd = std::string(IPE_RULES_BIN) + " evaluate --json '" + in_path + "' 2>'" +
                    err_path + "'";
  RunResult r;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  size_t n = 0;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.err = Slurp(err_path);
  std::remove(in_path.c_str());
  std::remove(err_path.c_str());
  return r;
}

class Golden : public testing::TestWithParam<GoldenCase> {};

TEST_P(Golden, Evaluate) {
  const GoldenCase& c = GetParam();
  SCOPED_TRACE(c.file + ":" + std::to_string(c.line) + " " + c.name);
  RunResult r = RunCommand(c.input, c.line);
  if (c.expect_error) {
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.out, "");
    for (const std::string& needle : c.expected) {
      EXPECT_NE(r.err.find(needle), std::string::npos) << "stderr lacks '" << needle << "':\n"
                                                       << r.err;
    }
    return;
  }
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> actual;
  std::istringstream lines(r.out);
  std::string line;
  while (std::getline(lines, line)) {
    auto j = nlohmann::json::parse(line);
    for (const auto& f : j.at("findings")) {
      actual.push_back(f.at("rule_id").get<std::string>() + " " +
                       (f.at("met").get<bool>() ? "met" : "not_met") + " " +
                       f.at("confidence").get<std::string>() + " " +
                       f.at("basis").get<std::string>());
      // Shape of every finding, as the issue specifies it.
      EXPECT_FALSE(f.at("article").get<std::string>().empty());
      EXPECT_FALSE(f.at("crime").get<std::string>().empty());
      EXPECT_FALSE(f.at("source").get<std::string>().empty());
      EXPECT_EQ(f.at("unconfirmed").get<bool>(), f.at("confidence") == "M");
      EXPECT_TRUE(f.at("level").is_string());
    }
  }
  if (std::getenv("IPE_GOLDEN_PRINT")) {
    for (const std::string& a : actual) std::printf("%s\n", a.c_str());
  }
  EXPECT_EQ(actual, c.expected);
}

std::string CaseName(const testing::TestParamInfo<GoldenCase>& info) {
  std::string stem = info.param.file.substr(0, info.param.file.find('.'));
  std::string name = stem + "_L" + std::to_string(info.param.line);
  for (char& ch : name) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Cases, Golden, testing::ValuesIn(LoadCases()), CaseName);

}  // namespace
