// Golden files: every tests/plan/data/<name>.txt is parsed by the real `plan parse --json` command
// (plan_cli_driver) and compared with <name>.expected.json. Extra arguments (--region CODE) come
// from <name>.args when present. IPE_UPDATE_GOLDEN=1 rewrites the expected files; review the diff.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

const fs::path kDataDir = fs::path(IPE_SOURCE_DIR) / "tests/plan/data";

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

struct RunResult {
  int exit_code = -1;
  std::string out;
};

RunResult RunCommand(const std::string& args) {
  RunResult r;
  std::string cmd = std::string(IPE_PLAN_BIN) + " " + args + " 2>/dev/null";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

std::vector<std::string> Fixtures() {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(kDataDir)) {
    if (e.path().extension() == ".txt") names.push_back(e.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

class PlanGolden : public ::testing::TestWithParam<std::string> {};

TEST_P(PlanGolden, MatchesExpectedJson) {
  const std::string name = GetParam();
  std::string args;
  if (fs::exists(kDataDir / (name + ".args"))) {
    args = ReadFile(kDataDir / (name + ".args"));
    while (!args.empty() && (args.back() == '\n' || args.back() == ' ')) args.pop_back();
  }
  RunResult r =
      RunCommand("parse --json " + args + " '" + (kDataDir / (name + ".txt")).string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  nlohmann::json got = nlohmann::json::parse(r.out);
  fs::path expected_path = kDataDir / (name + ".expected.json");
  const char* update = std::getenv("IPE_UPDATE_GOLDEN");
  if (update && std::string(update) == "1") {
    std::ofstream(expected_path) << got.dump(2) << "\n";
  }
  ASSERT_TRUE(fs::exists(expected_path)) << "missing " << expected_path;
  nlohmann::json want = nlohmann::json::parse(ReadFile(expected_path));
  EXPECT_EQ(got, want) << "diff (RFC 6902): " << nlohmann::json::diff(want, got).dump(1);
}

INSTANTIATE_TEST_SUITE_P(Fixtures, PlanGolden, ::testing::ValuesIn(Fixtures()),
                         [](const auto& info) {
                           std::string s = info.param;
                           for (char& c : s) {
                             if (!isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return s;
                         });

}  // namespace

namespace {

std::string Fixture(const std::string& name) { return "'" + (kDataDir / name).string() + "'"; }

TEST(PlanCommand, CheckExitsOneOnlyWhenSomethingIsUnresolvedOrUnclosed) {
  EXPECT_EQ(RunCommand("parse --check " + Fixture("national-2020.txt")).exit_code, 0);
  EXPECT_EQ(RunCommand("parse --check --region 310000 " + Fixture("shanghai-2021.txt")).exit_code,
            0);
  RunResult r = RunCommand("parse --check " + Fixture("ascii-forms-2023.txt"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("[unresolved_name]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("[no_clause]"), std::string::npos) << r.out;
  // Without the issuer's region the local names of a Shanghai plan stay unresolved.
  EXPECT_EQ(RunCommand("parse --check " + Fixture("shanghai-2021.txt")).exit_code, 1);
}

TEST(PlanCommand, SummaryShowsCounts) {
  RunResult r = RunCommand("parse " + Fixture("national-2020.txt"));
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("(sections 7, tasks 35, items 61, clauses 61, agencies 30)"),
            std::string::npos)
      << r.out;
}

TEST(PlanCommand, BadInputExitsTwo) {
  EXPECT_EQ(RunCommand("parse /nonexistent/plan.txt").exit_code, 2);
  EXPECT_EQ(RunCommand("parse --region 999999 " + Fixture("national-2020.txt")).exit_code, 2);
  EXPECT_EQ(RunCommand("parse --bogus " + Fixture("national-2020.txt")).exit_code, 2);
  EXPECT_EQ(RunCommand("parse").exit_code, 2);
  EXPECT_EQ(RunCommand("frobnicate x").exit_code, 2);
  EXPECT_EQ(RunCommand("parse /dev/null").exit_code, 2);  // empty
  EXPECT_EQ(RunCommand("parse - < /dev/null").exit_code, 2);
  EXPECT_EQ(RunCommand("--help").exit_code, 0);
  EXPECT_EQ(RunCommand("parse --help").exit_code, 0);
}

}  // namespace
