#include "credit/risk_grade.h"

#include <cstdio>
#include <cstdlib>

#include "core/sections.h"
#include "core/strings.h"

namespace ipe::embedded {
extern const char kCreditRiskGrade[];
extern const unsigned long kCreditRiskGrade_size;
}  // namespace ipe::embedded

namespace ipe::credit {

const RiskGradeRule* RiskRules::Find(std::string_view key) const {
  for (const RiskGradeRule& g : grades) {
    if (g.key == key) return &g;
  }
  return nullptr;
}

namespace {

// The facts a condition may name, with how a reason reads (window in years, the count, the minimum).
struct FactName {
  const char* key;
  const char* zh;  // "近%d年行政处罚 %d 次（≥%d）"
};
constexpr FactName kCountedFacts[] = {
    {"penalties", "近%d年行政处罚 %d 次（≥%d）"},
    {"transfers", "近%d年涉嫌犯罪移送公安 %d 件（≥%d）"},
    {"cases", "近%d年作为当事人的案件 %d 件（≥%d）"},
    {"leads", "近%d年关联线索 %d 条（≥%d）"},
    {"ip_findings", "近%d年被认定恶意商标注册或非正常专利申请 %d 次（≥%d）"},
};

bool KnownCountedFact(std::string_view fact) {
  for (const FactName& f : kCountedFacts) {
    if (fact == f.key) return true;
  }
  return false;
}

int CountOf(const RiskFacts& facts, std::string_view fact) {
  if (fact == "penalties") return facts.penalties;
  if (fact == "transfers") return facts.transfers;
  if (fact == "cases") return facts.cases;
  if (fact == "ip_findings") return facts.ip_findings;
  return facts.leads;
}

core::Result<RiskCondition> ParseCondition(std::string_view file, int line, std::string_view text) {
  std::string_view t = core::TrimSpace(text);
  if (t == "listed" || t == "always") return RiskCondition{std::string(t), 0};
  size_t ge = t.find(">=");
  if (ge == std::string_view::npos) {
    return core::SectionError(file, line, "bad_value: condition '" + std::string(t) + "'");
  }
  std::string fact(core::TrimSpace(t.substr(0, ge)));
  std::string number(core::TrimSpace(t.substr(ge + 2)));
  if (!KnownCountedFact(fact)) return core::SectionError(file, line, "unknown_fact: " + fact);
  if (number.empty() || number.size() > 6 || number.find_first_not_of("0123456789") != std::string::npos) {
    return core::SectionError(file, line, "bad_value: count '" + number + "'");
  }
  return RiskCondition{fact, std::atoi(number.c_str())};
}

}  // namespace

core::Result<RiskRules> ParseRiskRules(std::string_view file, std::string_view text) {
  IPE_ASSIGN_OR_RETURN(core::SectionFile sf, core::ParseSections(file, text));
  RiskRules out;
  for (const core::Entry& e : sf.header.entries) {
    if (e.key == "pack") {
      out.pack = e.value;
    } else if (e.key == "title") {
      out.title = e.value;
    } else if (e.key == "window_years") {
      out.window_years = std::atoi(e.value.c_str());
      if (out.window_years < 1 || out.window_years > 20) {
        return core::SectionError(file, e.line, "bad_value: window_years is 1..20");
      }
    } else if (e.key != "format") {
      return core::SectionError(file, e.line, "unknown_key: " + e.key);
    }
  }
  if (out.pack.empty()) return core::SectionError(file, 1, "missing_key: pack");
  if (out.window_years == 0) return core::SectionError(file, 1, "missing_key: window_years");
  for (const core::Section& s : sf.sections) {
    if (s.kind != "grade") return core::SectionError(file, s.line, "unknown_section: " + s.kind);
    if (out.Find(s.key)) return core::SectionError(file, s.line, "duplicate_id: " + s.key);
    RiskGradeRule g;
    g.key = s.key;
    for (const core::Entry& e : s.entries) {
      if (e.key == "title") {
        g.title = e.value;
      } else if (e.key == "when") {
        for (const std::string& c : core::Split(e.value, ',')) {
          IPE_ASSIGN_OR_RETURN(RiskCondition cond, ParseCondition(file, e.line, c));
          g.when.push_back(std::move(cond));
        }
      } else if (e.key == "source") {
        g.source = e.value;
      } else if (e.key == "confidence") {
        if (e.value != "C" && e.value != "S" && e.value != "M") {
          return core::SectionError(file, e.line, "bad_value: confidence is C, S or M");
        }
        g.confidence = e.value;
      } else if (e.key == "note") {
        g.note = e.value;
      } else {
        return core::SectionError(file, e.line, "unknown_key: " + e.key);
      }
    }
    for (const char* required : {"title", "when", "source", "confidence"}) {
      if (!s.Find(required)) return core::SectionError(file, s.line, std::string("missing_key: ") + required);
    }
    out.grades.push_back(std::move(g));
  }
  if (out.grades.empty()) return core::SectionError(file, 1, "missing_section: grade");
  const RiskGradeRule& last = out.grades.back();
  if (last.when.size() != 1 || last.when[0].fact != "always") {
    return core::SectionError(file, 1, "the last grade must be `when = always` (" + last.key + ")");
  }
  return out;
}

const RiskRules& DefaultRiskRules() {
  static const RiskRules rules = [] {
    auto parsed = ParseRiskRules(
        "credit/risk_grade.rules",
        std::string_view(embedded::kCreditRiskGrade, embedded::kCreditRiskGrade_size));
    if (!parsed) {
      std::fprintf(stderr, "embedded risk-grade rules broken: %s\n", parsed.error().ToString().c_str());
      std::abort();
    }
    return std::move(*parsed);
  }();
  return rules;
}

RiskGrade GradeRisk(const RiskRules& rules, const RiskFacts& facts) {
  for (const RiskGradeRule& g : rules.grades) {
    RiskGrade out{g.key, g.title, {}, g.source, g.confidence};
    for (const RiskCondition& c : g.when) {
      if (c.fact == "always") {
        // Holds only when nothing above did, which is why the grade is reached.
        out.reasons.push_back(g.note.empty() ? g.title : g.note);
      } else if (c.fact == "listed") {
        if (facts.listed) out.reasons.push_back("列入严重违法失信名单");
      } else {
        int n = CountOf(facts, c.fact);
        if (n >= c.min) {
          for (const FactName& f : kCountedFacts) {
            if (c.fact != f.key) continue;
            char buf[160];
            std::snprintf(buf, sizeof buf, f.zh, rules.window_years, n, c.min);
            out.reasons.push_back(buf);
          }
        }
      }
    }
    if (!out.reasons.empty()) return out;
  }
  return {};  // unreachable with a parsed pack: its last grade holds `always`
}

}  // namespace ipe::credit
