// `ipenforce correlate` end to end: the command's real code, run as a process on files and stdin.
#include <gtest/gtest.h>
#include <unistd.h>
#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace {

struct ProcessResult {
  int exit_code;
  std::string out;
  std::string err;
};

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

ProcessResult Correlate(const std::string& args, const std::string& stdin_text = "") {
  const std::string dir = ::testing::TempDir();
  const std::string tag = std::to_string(::getpid());  // parallel test processes
  const std::string in_path = dir + "/correlate_in_" + tag + ".jsonl";
  const std::string out_path = dir + "/correlate_out_" + tag + ".txt";
  const std::string err_path = dir + "/correlate_err_" + tag + ".txt";
  std::ofstream(in_path) << stdin_text;
  std::string cmd = std::string(IPE_CORRELATE_BIN) + " " + args + " <" + in_path + " >" +
                    out_path + " 2>" + err_path;
  int status = std::system(cmd.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, Slurp(out_path), Slurp(err_path)};
}

std::vector<nlohmann::json> Lines(const std::string& out) {
  std::vector<nlohmann::json> lines;
  std::istringstream in(out);
  std::string line;
  while (std::getline(in, line)) lines.push_back(nlohmann::json::parse(line));
  return lines;
}

const std::string kHandmade = std::string(IPE_SOURCE_DIR) + "/tests/link/data/handmade.jsonl";

TEST(CorrelateCli, HandmadeFileGivesOneJsonLinePerClusterDeterministically) {
  ProcessResult a = Correlate(kHandmade + " --json --cap 3");
  ASSERT_EQ(a.exit_code, 0) << a.err;
  std::vector<nlohmann::json> clusters = Lines(a.out);
  // E1, E2, E3, E4, E7, E8, E9, E10: eight operations with two or more records.
  ASSERT_EQ(clusters.size(), 8u) << a.out;
  const nlohmann::json& e1 = clusters[0];
  // Field order as documented.
  EXPECT_EQ(a.out.rfind("{\"records\":[\"BJ-001\",", 0), 0u) << a.out.substr(0, 80);
  EXPECT_EQ(e1["records"],
            nlohmann::json({"BJ-001", "GZ-001", "SH-001", "SH-002", "ZJ-001"}));
  EXPECT_EQ(e1["agencies"], nlohmann::json({"bj-amr", "gz-customs", "sh-amr", "zj-police"}));
  EXPECT_EQ(e1["regions"], nlohmann::json({"110105", "310101", "330782", "440111"}));
  EXPECT_EQ(e1["keys"], nlohmann::json::parse(R"([{"type":"domain","value":"fakeshoes88.com.cn"},
      {"type":"phone","value":"+8613912345678"},{"type":"web_shop","value":"taobao:fakeshoes88"}])"));
  for (const auto& c : clusters) {
    for (const auto& r : c["records"]) {
      EXPECT_EQ(r.get<std::string>().rfind("LA-", 0), std::string::npos) << "look-alike linked";
      EXPECT_EQ(r.get<std::string>().rfind("JK-", 0), std::string::npos) << "junk linked";
    }
  }
  EXPECT_NE(a.err.find("phone:+864008208820"), std::string::npos) << a.err;
  EXPECT_NE(a.err.find("phone:+8613800138000"), std::string::npos) << a.err;

  ProcessResult b = Correlate("- --json --cap 3", Slurp(kHandmade));
  EXPECT_EQ(b.exit_code, 0);
  EXPECT_EQ(a.out, b.out);
}

TEST(CorrelateCli, MalformedLinesAreReportedWithTheirNumberAndSkipped) {
  std::string input =
      R"({"id":"a","agency":"x","region":"110105","observables":[{"type":"phone","value":"13912345678"}]})"
      "\n{not json\n"
      R"({"id":"b","agency":"x","region":"110105","observables":[{"type":"fax","value":"1"}]})"
      "\n"
      R"({"agency":"x","observables":[]})"
      "\n\n"
      R"({"id":"a","agency":"y","region":"1","observables":[]})"
      "\n"
      R"({"id":"c","agency":7,"region":310101,"observables":[{"type":"phone","value":"+86 139 1234 5678"}]})"
      "\n";
  ProcessResult r = Correlate("- --json", input);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("line 2 skipped"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("line 3 skipped"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("line 4 skipped"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("line 6 skipped"), std::string::npos) << r.err;  // duplicate id
  std::vector<nlohmann::json> clusters = Lines(r.out);
  ASSERT_EQ(clusters.size(), 1u);
  EXPECT_EQ(clusters[0]["records"], nlohmann::json({"a", "c"}));
  EXPECT_EQ(clusters[0]["agencies"], nlohmann::json({"7", "x"}));
}

TEST(CorrelateCli, TextOutputAndBadUsage) {
  ProcessResult text = Correlate(kHandmade + " --cap 3");
  EXPECT_EQ(text.exit_code, 0);
  EXPECT_NE(text.out.find("跨地区 cross-region"), std::string::npos);

  EXPECT_EQ(Correlate("").exit_code, 2);
  EXPECT_EQ(Correlate("/nonexistent/file.jsonl").exit_code, 2);
  EXPECT_EQ(Correlate(kHandmade + " --cap abc").exit_code, 2);
  EXPECT_EQ(Correlate(kHandmade + " --cap 0").exit_code, 2);
  EXPECT_EQ(Correlate(kHandmade + " --bogus").exit_code, 2);
  ProcessResult help = Correlate("--help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("--cap"), std::string::npos);
}

}  // namespace
