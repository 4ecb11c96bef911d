#include "rules/pack.h"

#include "core/strings.h"

#include <algorithm>
#include <cctype>
#include <limits>
#include <map>
#include <set>

namespace ipe::rules {

// ---- Vocabularies -------------------------------------------------------------------------

const std::vector<MetricInfo>& Metrics() {
  static const std::vector<MetricInfo> kMetrics = {
      {Metric::kIllegalBusiness, "illegal_business", "非法经营数额", true, ""},
      {Metric::kIllegalGains, "illegal_gains", "违法所得数额", true, ""},
      {Metric::kSales, "sales", "销售金额", true, ""},
      {Metric::kUnsoldValue, "unsold_value", "尚未销售货值金额", true, ""},
      {Metric::kLoss, "loss", "损失数额", true, ""},
      {Metric::kMarks, "marks", "标识数量", false, "件"},
      {Metric::kUnsoldMarks, "unsold_marks", "尚未销售标识数量", false, "件"},
      {Metric::kCopies, "copies", "复制品数量", false, "张（份）"},
      {Metric::kUnsoldCopies, "unsold_copies", "尚未销售复制品数量", false, "张（份）"},
      {Metric::kRightsInvolved, "rights_involved", "涉及权利数", false, "种"},
      {Metric::kClicks, "clicks", "实际被点击数", false, "次"},
      {Metric::kMembers, "members", "注册会员数", false, "人"},
      {Metric::kWorks, "works", "传播作品数量", false, "件"},
  };
  return kMetrics;
}

const MetricInfo& InfoOf(Metric m) { return Metrics()[static_cast<size_t>(m)]; }

std::optional<Metric> MetricFromKey(std::string_view key) {
  for (const MetricInfo& info : Metrics()) {
    if (key == info.key) return info.metric;
  }
  return std::nullopt;
}

const std::vector<FactInfo>& Facts() {
  static const std::vector<FactInfo> kFacts = {
      {Fact::kSeriousHealthHarm, "serious_health_harm", "对人体健康造成严重危害"},
      {Fact::kReasonableSuspicion, "reasonable_suspicion", "经办人认定存在合理怀疑"},
      {Fact::kRightHolderBankrupt, "right_holder_bankrupt", "直接导致权利人破产、倒闭"},
      {Fact::kDrugAggravatingCircumstance, "drug_aggravating_circumstance",
       "具有药品犯罪从重情节"},
  };
  return kFacts;
}

const FactInfo& InfoOf(Fact f) { return Facts()[static_cast<size_t>(f)]; }

std::optional<Fact> FactFromKey(std::string_view key) {
  for (const FactInfo& info : Facts()) {
    if (key == info.key) return info.fact;
  }
  return std::nullopt;
}

const std::vector<ConductInfo>& Conducts() {
  static const std::vector<ConductInfo> kConducts = {
      {Conduct::kCounterfeitTrademark, "counterfeit_trademark", "213", "假冒注册商标罪", "假冒注册商标", true},
      {Conduct::kSellCounterfeitGoods, "sell_counterfeit_goods", "214", "销售假冒注册商标的商品罪", "销售假冒注册商标的商品",
       true},
      {Conduct::kIllegalMarks, "illegal_marks", "215", "非法制造、销售非法制造的注册商标标识罪", "非法制造、销售注册商标标识",
       true},
      {Conduct::kPatentPassingOff, "patent_passing_off", "216", "假冒专利罪", "假冒专利", true},
      {Conduct::kCopyrightInfringement, "copyright_infringement", "217", "侵犯著作权罪", "侵犯著作权", true},
      {Conduct::kSellInfringingCopies, "sell_infringing_copies", "218", "销售侵权复制品罪", "销售侵权复制品", true},
      {Conduct::kTradeSecret, "trade_secret", "219", "侵犯商业秘密罪", "侵犯商业秘密", true},
      {Conduct::kSubstandardProducts, "substandard_products", "140", "生产、销售伪劣产品罪", "生产、销售伪劣产品", false},
      {Conduct::kFakeDrugs, "fake_drugs", "141", "生产、销售、提供假药罪", "生产、销售、提供假药", false},
      {Conduct::kSubstandardDrugs, "substandard_drugs", "142", "生产、销售、提供劣药罪", "生产、销售、提供劣药", false},
      {Conduct::kFakeAgriculturalInputs, "fake_agricultural_inputs", "147",
       "生产、销售伪劣农药、兽药、化肥、种子罪", "生产、销售伪劣农药、兽药、化肥、种子", false},
  };
  return kConducts;
}

const ConductInfo& InfoOf(Conduct c) { return Conducts()[static_cast<size_t>(c)]; }

std::optional<Conduct> ConductFromKey(std::string_view key) {
  for (const ConductInfo& info : Conducts()) {
    if (key == info.key) return info.conduct;
  }
  return std::nullopt;
}

namespace {
constexpr std::pair<Level, const char*> kLevelNames[] = {
    {Level::kBasic, "basic"},
    {Level::kAttempt, "attempt"},
    {Level::kAggravated, "aggravated"},
    {Level::kEspeciallyAggravated, "especially_aggravated"},
    {Level::kRepeatOffender, "repeat_offender"},
    {Level::kSuspicion, "suspicion"},
};
}  // namespace

const char* LevelName(Level level) {
  for (const auto& [l, name] : kLevelNames) {
    if (l == level) return name;
  }
  return "?";
}

std::optional<Level> LevelFromName(std::string_view name) {
  for (const auto& [l, n] : kLevelNames) {
    if (name == n) return l;
  }
  return std::nullopt;
}

bool IsThresholdLevel(Level level) {
  return level == Level::kBasic || level == Level::kAttempt || level == Level::kAggravated ||
         level == Level::kEspeciallyAggravated;
}

const char* ConfidenceName(Confidence c) {
  switch (c) {
    case Confidence::kConfirmed: return "C";
    case Confidence::kSecondary: return "S";
    case Confidence::kUnconfirmed: return "M";
  }
  return "?";
}

const char* DateBasisName(DateBasis basis) {
  return basis == DateBasis::kTransferDate ? "transfer_date" : "act_date";
}

const char* StepUnitName(StepUnit unit) {
  switch (unit) {
    case StepUnit::kHours: return "hours";
    case StepUnit::kCalendarDays: return "days";
    case StepUnit::kWorkingDays: return "working_days";
    case StepUnit::kMonths: return "months";
    case StepUnit::kYears: return "years";
    case StepUnit::kImmediate: return "immediate";
  }
  return "?";
}

const char* ParseErrorReasonName(ParseErrorReason r) {
  switch (r) {
    case ParseErrorReason::kSyntax: return "syntax";
    case ParseErrorReason::kUnknownSection: return "unknown_section";
    case ParseErrorReason::kUnknownKey: return "unknown_key";
    case ParseErrorReason::kDuplicateKey: return "duplicate_key";
    case ParseErrorReason::kMissingKey: return "missing_key";
    case ParseErrorReason::kBadValue: return "bad_value";
    case ParseErrorReason::kUnknownMetric: return "unknown_metric";
    case ParseErrorReason::kUnknownConduct: return "unknown_conduct";
    case ParseErrorReason::kUnknownFact: return "unknown_fact";
    case ParseErrorReason::kBadDate: return "bad_date";
    case ParseErrorReason::kBadNumber: return "bad_number";
    case ParseErrorReason::kUnitMismatch: return "unit_mismatch";
    case ParseErrorReason::kBadRange: return "bad_range";
    case ParseErrorReason::kDuplicateId: return "duplicate_id";
  }
  return "?";
}

std::string ParseError::ToString() const {
  return file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " +
         ParseErrorReasonName(reason) + ": " + message;
}

std::string FormatConditions(const std::vector<Condition>& conditions, char separator) {
  std::string out;
  for (const Condition& c : conditions) {
    if (!out.empty()) out += std::string(" ") + separator + " ";
    switch (c.kind) {
      case Condition::Kind::kAlways: out += "always"; break;
      case Condition::Kind::kFact: out += std::string("fact ") + InfoOf(c.fact).key; break;
      case Condition::Kind::kPriorPenalty:
        out += "prior_penalty";
        if (c.within_years > 0) out += " within " + std::to_string(c.within_years) + " years";
        break;
      case Condition::Kind::kCompare: {
        for (size_t i = 0; i < c.addends.size(); ++i) {
          if (i) out += " + ";
          if (c.addends[i].weight != 1) out += std::to_string(c.addends[i].weight) + "*";
          out += InfoOf(c.addends[i].metric).key;
        }
        static constexpr const char* kOps[] = {">=", ">", "<=", "<"};
        out += std::string(" ") + kOps[static_cast<int>(c.cmp)] + " ";
        if (InfoOf(c.addends.front().metric).money) {
          out += std::to_string(c.amount / 100);
          if (c.amount % 100 != 0) {
            int cents = static_cast<int>(c.amount % 100);
            out += "." + std::to_string(cents / 10) + std::to_string(cents % 10);
          }
          out += "元";
        } else {
          out += std::to_string(c.amount);
        }
        break;
      }
    }
  }
  return out;
}

// ---- Parser -------------------------------------------------------------------------------

namespace {

// Limits that keep every sum inside int64 (amounts ≤ 10^15 fen, weights ≤ 1000, ≤ 8 addends).
constexpr int64_t kMaxAmount = 1'000'000'000'000'000;
constexpr int64_t kMaxWeight = 1000;
constexpr size_t kMaxAddends = 8;
constexpr size_t kMaxConditions = 16;

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// Column (1-based, code points) of byte offset `byte` in `line`.
int ColumnOf(std::string_view line, size_t byte) {
  int col = 1;
  for (size_t i = 0; i < byte && i < line.size(); ++i) {
    if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) ++col;
  }
  // `byte` itself may sit mid-character only if the caller is wrong; count is still bounded.
  return col;
}

struct Located {
  std::string_view text;
  size_t offset = 0;  // byte offset of `text` in the line
};

// core::TrimAsciiSpace, with the number of bytes it dropped at the front.
std::string_view Trim(std::string_view s, size_t* lead = nullptr) {
  std::string_view t = core::TrimAsciiSpace(s);
  if (lead) *lead = t.empty() ? s.size() : static_cast<size_t>(t.data() - s.data());
  return t;
}

class PackParser {
 public:
  PackParser(std::string_view file, std::string_view text) : file_(file), text_(text) {}

  ParseResult<RulePack> Run();

 private:
  struct Entry {
    std::string_view value;
    int line = 0;
    std::string_view line_text;
    size_t value_offset = 0;
    size_t key_offset = 0;
  };
  enum class SectionKind { kNone, kRule, kStep, kAmount };
  struct Section {
    SectionKind kind = SectionKind::kNone;
    std::string id;
    int line = 0;
    std::string_view line_text;
    size_t id_offset = 0;
    std::map<std::string, Entry, std::less<>> entries;
  };

  ParseError Error(int line, std::string_view line_text, size_t byte, ParseErrorReason reason,
                   std::string message) const {
    return ParseError{std::string(file_), line, ColumnOf(line_text, byte), reason,
                      std::move(message)};
  }
  ParseError ErrorAt(const Entry& e, size_t byte_in_value, ParseErrorReason reason,
                     std::string message) const {
    return Error(e.line, e.line_text, e.value_offset + byte_in_value, reason, std::move(message));
  }

  std::optional<ParseError> FinishSection(Section& s);
  std::optional<ParseError> BuildRule(Section& s);
  std::optional<ParseError> BuildStep(Section& s);
  std::optional<ParseError> BuildAmount(Section& s);
  std::optional<ParseError> CheckKeys(const Section& s, std::initializer_list<std::string_view> allowed,
                                      std::initializer_list<std::string_view> required);

  std::optional<ParseError> ParseConditions(const Entry& e, char separator,
                                            std::vector<Condition>& out) const;
  std::optional<ParseError> ParseConductList(const Entry& e, std::vector<Conduct>& out) const;
  std::optional<ParseError> ParseDateValue(const Entry& e, core::Date& out) const;
  std::optional<ParseError> ParseConfidence(const Entry& e, Confidence& out) const;

  std::string_view file_;
  std::string_view text_;
  RulePack pack_;
  std::set<std::string, std::less<>> ids_;
};

// Tokens of a condition expression.
struct Token {
  enum class Kind { kIdent, kNumber, kOp, kYuan, kEnd };
  Kind kind = Kind::kEnd;
  std::string_view text;
  size_t offset = 0;  // in the value
};

// Splits a condition expression; returns the offset of an unexpected byte on failure.
std::optional<size_t> Tokenize(std::string_view s, std::vector<Token>& out) {
  constexpr std::string_view kYuan = "元";
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (IsSpace(c)) {
      ++i;
      continue;
    }
    size_t start = i;
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '_')) ++i;
      out.push_back({Token::Kind::kIdent, s.substr(start, i - start), start});
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      while (i < s.size() &&
             (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '_' || s[i] == '.')) {
        ++i;
      }
      out.push_back({Token::Kind::kNumber, s.substr(start, i - start), start});
    } else if (s.substr(i, kYuan.size()) == kYuan) {
      i += kYuan.size();
      out.push_back({Token::Kind::kYuan, s.substr(start, kYuan.size()), start});
    } else if ((c == '>' || c == '<') && i + 1 < s.size() && s[i + 1] == '=') {
      i += 2;
      out.push_back({Token::Kind::kOp, s.substr(start, 2), start});
    } else if (c == '>' || c == '<' || c == '+' || c == '*' || c == '|' || c == '&') {
      ++i;
      out.push_back({Token::Kind::kOp, s.substr(start, 1), start});
    } else {
      return start;
    }
  }
  out.push_back({Token::Kind::kEnd, {}, s.size()});
  return std::nullopt;
}

// Parses "123", "5_000", "50000.5", "50000.00" (the fractional part only when `allow_fraction`,
// giving hundredths). Returns nullopt on any other text or when above kMaxAmount.
std::optional<int64_t> ParseNumber(std::string_view s, bool hundredths) {
  int64_t whole = 0;
  size_t i = 0;
  int digits = 0;
  bool last_underscore = false;
  for (; i < s.size() && s[i] != '.'; ++i) {
    if (s[i] == '_') {
      if (digits == 0 || last_underscore) return std::nullopt;
      last_underscore = true;
      continue;
    }
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return std::nullopt;
    last_underscore = false;
    if (whole > (kMaxAmount - (s[i] - '0')) / 10) return std::nullopt;
    whole = whole * 10 + (s[i] - '0');
    ++digits;
  }
  if (digits == 0 || last_underscore) return std::nullopt;
  int64_t frac = 0;
  if (i < s.size()) {
    if (!hundredths) return std::nullopt;
    std::string_view f = s.substr(i + 1);
    if (f.empty() || f.size() > 2) return std::nullopt;
    for (char c : f) {
      if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    }
    frac = (f[0] - '0') * 10 + (f.size() == 2 ? f[1] - '0' : 0);
  }
  if (!hundredths) return whole;
  if (whole > (kMaxAmount - frac) / 100) return std::nullopt;
  return whole * 100 + frac;
}

std::optional<ParseError> PackParser::ParseConditions(const Entry& e, char separator,
                                                      std::vector<Condition>& out) const {
  std::vector<Token> toks;
  if (auto bad = Tokenize(e.value, toks)) {
    return ErrorAt(e, *bad, ParseErrorReason::kSyntax, "unexpected character in expression");
  }
  // Past the end every look-ahead sees the kEnd token.
  auto tok = [&toks](size_t i) -> const Token& { return i < toks.size() ? toks[i] : toks.back(); };
  size_t p = 0;
  auto expect_end_of_condition = [&](const Token& t) -> std::optional<ParseError> {
    if (t.kind == Token::Kind::kEnd) return std::nullopt;
    if (t.kind == Token::Kind::kOp && t.text.size() == 1 && t.text[0] == separator) {
      return std::nullopt;
    }
    return ErrorAt(e, t.offset, ParseErrorReason::kSyntax,
                   std::string("expected '") + separator + "' or end of line");
  };
  while (true) {
    if (out.size() >= kMaxConditions) {
      return ErrorAt(e, tok(p).offset, ParseErrorReason::kBadValue, "too many conditions");
    }
    const Token& t = tok(p);
    Condition cond;
    if (t.kind == Token::Kind::kIdent && t.text == "always") {
      cond.kind = Condition::Kind::kAlways;
      ++p;
    } else if (t.kind == Token::Kind::kIdent && t.text == "fact") {
      const Token& name = tok(p + 1);
      if (name.kind != Token::Kind::kIdent) {
        return ErrorAt(e, name.offset, ParseErrorReason::kSyntax, "expected a fact name after 'fact'");
      }
      auto f = FactFromKey(name.text);
      if (!f) {
        return ErrorAt(e, name.offset, ParseErrorReason::kUnknownFact,
                       "unknown fact '" + std::string(name.text) + "'");
      }
      cond.kind = Condition::Kind::kFact;
      cond.fact = *f;
      p += 2;
    } else if (t.kind == Token::Kind::kIdent && t.text == "prior_penalty") {
      cond.kind = Condition::Kind::kPriorPenalty;
      ++p;
      if (tok(p).kind == Token::Kind::kIdent && tok(p).text == "within") {
        const Token& n = tok(p + 1);
        auto years = n.kind == Token::Kind::kNumber ? ParseNumber(n.text, false) : std::nullopt;
        if (!years || *years < 1 || *years > 100) {
          return ErrorAt(e, n.offset, ParseErrorReason::kBadNumber, "expected 1–100 years");
        }
        const Token& unit = tok(p + 2);
        if (unit.kind != Token::Kind::kIdent || (unit.text != "years" && unit.text != "year")) {
          return ErrorAt(e, unit.offset, ParseErrorReason::kSyntax, "expected 'years'");
        }
        cond.within_years = static_cast<int>(*years);
        p += 3;
      }
    } else {
      // sum cmp amount
      bool money = false;
      bool first = true;
      while (true) {
        if (cond.addends.size() >= kMaxAddends) {
          return ErrorAt(e, tok(p).offset, ParseErrorReason::kBadValue, "too many addends");
        }
        Addend a;
        if (tok(p).kind == Token::Kind::kNumber) {
          auto w = ParseNumber(tok(p).text, false);
          if (!w || *w < 1 || *w > kMaxWeight) {
            return ErrorAt(e, tok(p).offset, ParseErrorReason::kBadNumber,
                           "a weight is an integer 1–1000");
          }
          if (!(tok(p + 1).kind == Token::Kind::kOp && tok(p + 1).text == "*")) {
            return ErrorAt(e, tok(p + 1).offset, ParseErrorReason::kSyntax, "expected '*'");
          }
          a.weight = *w;
          p += 2;
        }
        const Token& m = tok(p);
        if (m.kind != Token::Kind::kIdent) {
          return ErrorAt(e, m.offset, ParseErrorReason::kSyntax,
                         "expected a metric, 'fact', 'prior_penalty' or 'always'");
        }
        auto metric = MetricFromKey(m.text);
        if (!metric) {
          return ErrorAt(e, m.offset, ParseErrorReason::kUnknownMetric,
                         "unknown metric '" + std::string(m.text) + "'");
        }
        bool is_money = InfoOf(*metric).money;
        if (!first && is_money != money) {
          return ErrorAt(e, m.offset, ParseErrorReason::kUnitMismatch,
                         "a sum cannot mix money and counts");
        }
        money = is_money;
        first = false;
        a.metric = *metric;
        cond.addends.push_back(a);
        ++p;
        if (tok(p).kind == Token::Kind::kOp && tok(p).text == "+") {
          ++p;
          continue;
        }
        break;
      }
      const Token& op = tok(p);
      if (op.kind != Token::Kind::kOp) {
        return ErrorAt(e, op.offset, ParseErrorReason::kSyntax, "expected >=, >, <= or <");
      }
      if (op.text == ">=") {
        cond.cmp = Comparator::kGe;
      } else if (op.text == ">") {
        cond.cmp = Comparator::kGt;
      } else if (op.text == "<=") {
        cond.cmp = Comparator::kLe;
      } else if (op.text == "<") {
        cond.cmp = Comparator::kLt;
      } else {
        return ErrorAt(e, op.offset, ParseErrorReason::kSyntax, "expected >=, >, <= or <");
      }
      const Token& num = tok(p + 1);
      if (num.kind != Token::Kind::kNumber) {
        return ErrorAt(e, num.offset, ParseErrorReason::kSyntax, "expected an amount");
      }
      bool has_yuan = tok(p + 2).kind == Token::Kind::kYuan;
      if (money && !has_yuan) {
        return ErrorAt(e, num.offset, ParseErrorReason::kUnitMismatch,
                       "money amounts are written in yuan with 元 (50000元)");
      }
      if (!money && has_yuan) {
        return ErrorAt(e, tok(p + 2).offset, ParseErrorReason::kUnitMismatch,
                       "a count takes no 元");
      }
      auto amount = ParseNumber(num.text, money);
      if (!amount) {
        return ErrorAt(e, num.offset, ParseErrorReason::kBadNumber,
                       money ? "expected yuan with at most two decimals, ≤ 10^13"
                             : "expected a whole count");
      }
      cond.kind = Condition::Kind::kCompare;
      cond.amount = *amount;
      p += has_yuan ? 3 : 2;
    }
    if (auto err = expect_end_of_condition(tok(p))) return err;
    out.push_back(std::move(cond));
    if (tok(p).kind == Token::Kind::kEnd) break;
    ++p;
  }
  return std::nullopt;
}

std::optional<ParseError> PackParser::ParseConductList(const Entry& e,
                                                       std::vector<Conduct>& out) const {
  size_t pos = 0;
  std::string_view v = e.value;
  while (pos <= v.size()) {
    size_t comma = v.find(',', pos);
    if (comma == std::string_view::npos) comma = v.size();
    size_t lead = 0;
    std::string_view item = Trim(v.substr(pos, comma - pos), &lead);
    auto c = ConductFromKey(item);
    if (!c) {
      return ErrorAt(e, pos + lead, ParseErrorReason::kUnknownConduct,
                     "unknown conduct '" + std::string(item) + "'");
    }
    if (std::find(out.begin(), out.end(), *c) == out.end()) out.push_back(*c);
    pos = comma + 1;
  }
  return std::nullopt;
}

std::optional<ParseError> PackParser::ParseDateValue(const Entry& e, core::Date& out) const {
  auto d = core::ParseDate(e.value);
  if (!d) return ErrorAt(e, 0, ParseErrorReason::kBadDate, "expected YYYY-MM-DD");
  out = *d;
  return std::nullopt;
}

std::optional<ParseError> PackParser::ParseConfidence(const Entry& e, Confidence& out) const {
  if (e.value == "C") {
    out = Confidence::kConfirmed;
  } else if (e.value == "S") {
    out = Confidence::kSecondary;
  } else if (e.value == "M") {
    out = Confidence::kUnconfirmed;
  } else {
    return ErrorAt(e, 0, ParseErrorReason::kBadValue, "confidence is C, S or M");
  }
  return std::nullopt;
}

std::optional<ParseError> PackParser::CheckKeys(const Section& s,
                                                std::initializer_list<std::string_view> allowed,
                                                std::initializer_list<std::string_view> required) {
  for (const auto& [key, entry] : s.entries) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      return Error(entry.line, entry.line_text, entry.key_offset, ParseErrorReason::kUnknownKey,
                   "unknown key '" + key + "'");
    }
  }
  for (std::string_view key : required) {
    if (!s.entries.count(key)) {
      return Error(s.line, s.line_text, 0, ParseErrorReason::kMissingKey,
                   "[" + s.id + "] lacks '" + std::string(key) + "'");
    }
  }
  return std::nullopt;
}

std::optional<ParseError> PackParser::BuildRule(Section& s) {
  if (auto err = CheckKeys(s,
                           {"article", "crime", "conduct", "level", "when", "require",
                            "repeat_conducts", "effective_from", "effective_to", "in_force_by",
                            "source", "confidence", "note", "text"},
                           {"conduct", "level", "when", "effective_from", "source", "confidence"})) {
    return err;
  }
  Rule r;
  r.id = s.id;
  r.pack = pack_.name;
  r.line = s.line;
  auto& en = s.entries;
  if (auto it = en.find("article"); it != en.end()) r.article = std::string(it->second.value);
  if (auto it = en.find("crime"); it != en.end()) r.crime = std::string(it->second.value);
  if (auto err = ParseConductList(en.at("conduct"), r.conducts)) return err;
  if (r.conducts.size() > 1 && r.article.empty() != r.crime.empty()) {
    return Error(s.line, s.line_text, 0, ParseErrorReason::kMissingKey,
                 "give both article and crime, or neither");
  }
  if (!r.article.empty() && r.crime.empty()) r.crime = InfoOf(r.conducts.front()).crime;
  const Entry& level = en.at("level");
  auto l = LevelFromName(level.value);
  if (!l) {
    return ErrorAt(level, 0, ParseErrorReason::kBadValue,
                   "level is basic, attempt, aggravated, especially_aggravated, "
                   "repeat_offender or suspicion");
  }
  r.level = *l;
  if (auto err = ParseConditions(en.at("when"), '|', r.when)) return err;
  if (auto it = en.find("require"); it != en.end()) {
    if (auto err = ParseConditions(it->second, '&', r.require)) return err;
  }
  if (auto it = en.find("repeat_conducts"); it != en.end()) {
    if (auto err = ParseConductList(it->second, r.repeat_conducts)) return err;
  }
  if (auto err = ParseDateValue(en.at("effective_from"), r.effective_from)) return err;
  if (auto it = en.find("effective_to"); it != en.end()) {
    core::Date to;
    if (auto err = ParseDateValue(it->second, to)) return err;
    if (to < r.effective_from) {
      return ErrorAt(it->second, 0, ParseErrorReason::kBadRange,
                     "effective_to is before effective_from");
    }
    r.effective_to = to;
  }
  if (auto it = en.find("in_force_by"); it != en.end()) {
    if (it->second.value == "transfer_date") {
      r.in_force_by = DateBasis::kTransferDate;
    } else if (it->second.value != "act_date") {
      return ErrorAt(it->second, 0, ParseErrorReason::kBadValue,
                     "in_force_by is act_date or transfer_date");
    }
  }
  r.source = std::string(en.at("source").value);
  if (auto err = ParseConfidence(en.at("confidence"), r.confidence)) return err;
  if (auto it = en.find("note"); it != en.end()) r.note = std::string(it->second.value);
  if (auto it = en.find("text"); it != en.end()) r.text = std::string(it->second.value);
  if (r.confidence == Confidence::kUnconfirmed && r.note.empty()) {
    const Entry& c = en.at("confidence");
    return ErrorAt(c, 0, ParseErrorReason::kMissingKey,
                   "an M (unconfirmed) rule needs a note saying what is unconfirmed");
  }
  pack_.rules.push_back(std::move(r));
  return std::nullopt;
}

std::optional<ParseError> PackParser::BuildStep(Section& s) {
  if (auto err = CheckKeys(s,
                           {"title", "actor", "period", "trigger", "extend_over_rest_days",
                            "source", "confidence", "note"},
                           {"title", "actor", "period", "trigger", "source", "confidence"})) {
    return err;
  }
  Step st;
  st.key = s.id;
  st.pack = pack_.name;
  st.line = s.line;
  auto& en = s.entries;
  st.title = std::string(en.at("title").value);
  st.actor = std::string(en.at("actor").value);
  static constexpr std::string_view kActors[] = {"agency", "agency_head", "police",
                                                 "procuratorate", "party"};
  if (std::find(std::begin(kActors), std::end(kActors), st.actor) == std::end(kActors)) {
    return ErrorAt(en.at("actor"), 0, ParseErrorReason::kBadValue,
                   "actor is agency, agency_head, police, procuratorate or party");
  }
  const Entry& period = en.at("period");
  if (period.value == "immediate") {
    st.unit = StepUnit::kImmediate;
  } else {
    size_t space = period.value.find(' ');
    std::string_view num = period.value.substr(0, space);
    auto n = ParseNumber(num, false);
    if (!n || *n < 1 || *n > 3650) {
      return ErrorAt(period, 0, ParseErrorReason::kBadNumber,
                     "period is 'N hours|days|working_days|months|years' (N 1–3650) or "
                     "'immediate'");
    }
    st.amount = static_cast<int>(*n);
    std::string_view unit =
        space == std::string_view::npos ? std::string_view() : Trim(period.value.substr(space));
    if (unit == "hours") {
      st.unit = StepUnit::kHours;
    } else if (unit == "days") {
      st.unit = StepUnit::kCalendarDays;
    } else if (unit == "working_days") {
      st.unit = StepUnit::kWorkingDays;
    } else if (unit == "months") {
      st.unit = StepUnit::kMonths;
    } else if (unit == "years") {
      st.unit = StepUnit::kYears;
    } else {
      return ErrorAt(period, space == std::string_view::npos ? period.value.size() : space + 1,
                     ParseErrorReason::kBadValue,
                     "unit is hours, days, working_days, months or years");
    }
    if ((st.unit == StepUnit::kMonths && st.amount > 1200) ||
        (st.unit == StepUnit::kYears && st.amount > 100)) {
      return ErrorAt(period, 0, ParseErrorReason::kBadNumber,
                     "a period is at most 1200 months or 100 years");
    }
  }
  st.trigger = std::string(en.at("trigger").value);
  // A period in calendar days, months or years must say whether it runs on past a holiday
  // (刑事诉讼法 第一百零五条 for criminal-procedure periods; administrative periods do not):
  // nothing is assumed.
  bool calendar_period = st.unit == StepUnit::kCalendarDays || st.unit == StepUnit::kMonths ||
                         st.unit == StepUnit::kYears;
  if (calendar_period && !en.count("extend_over_rest_days")) {
    return Error(s.line, s.line_text, 0, ParseErrorReason::kMissingKey,
                 "[" + s.id + "] is counted in days, months or years and must say "
                 "extend_over_rest_days = yes|no");
  }
  if (auto it = en.find("extend_over_rest_days"); it != en.end()) {
    if (it->second.value == "yes") {
      st.extend_over_rest_days = true;
    } else if (it->second.value != "no") {
      return ErrorAt(it->second, 0, ParseErrorReason::kBadValue, "expected yes or no");
    }
  }
  st.source = std::string(en.at("source").value);
  if (auto err = ParseConfidence(en.at("confidence"), st.confidence)) return err;
  if (auto it = en.find("note"); it != en.end()) st.note = std::string(it->second.value);
  if (st.confidence == Confidence::kUnconfirmed && st.note.empty()) {
    return ErrorAt(en.at("confidence"), 0, ParseErrorReason::kMissingKey,
                   "an M (unconfirmed) step needs a note");
  }
  pack_.steps.push_back(std::move(st));
  return std::nullopt;
}

std::optional<ParseError> PackParser::BuildAmount(Section& s) {
  if (auto err = CheckKeys(s,
                           {"key", "title", "province", "value", "effective_from", "effective_to",
                            "source", "confidence", "note"},
                           {"key", "title", "value", "effective_from", "source", "confidence"})) {
    return err;
  }
  Amount a;
  a.id = s.id;
  a.pack = pack_.name;
  a.line = s.line;
  auto& en = s.entries;
  const Entry& key = en.at("key");
  bool key_ok = !key.value.empty() && key.value.size() <= 120 &&
                std::all_of(key.value.begin(), key.value.end(), [](char c) {
                  return std::islower(static_cast<unsigned char>(c)) ||
                         std::isdigit(static_cast<unsigned char>(c)) || c == '_' || c == '.';
                });
  if (!key_ok) return ErrorAt(key, 0, ParseErrorReason::kSyntax, "a key is [a-z0-9_.]+");
  a.key = std::string(key.value);
  a.title = std::string(en.at("title").value);
  if (auto it = en.find("province"); it != en.end()) {
    std::string_view p = it->second.value;
    bool ok = p.size() == 2 && std::isdigit(static_cast<unsigned char>(p[0])) &&
              std::isdigit(static_cast<unsigned char>(p[1])) && p != "00";
    if (!ok) {
      return ErrorAt(it->second, 0, ParseErrorReason::kBadValue,
                     "province is the two-digit GB/T 2260 code (\"35\")");
    }
    a.province = std::string(p);
  }
  // "5000元": money only (the amounts so far are all fines).
  const Entry& value = en.at("value");
  constexpr std::string_view kYuan = "元";
  std::string_view v = value.value;
  if (v.size() <= kYuan.size() || v.substr(v.size() - kYuan.size()) != kYuan) {
    return ErrorAt(value, v.size(), ParseErrorReason::kUnitMismatch,
                   "an amount is written in yuan with 元 (5000元)");
  }
  auto fen = ParseNumber(v.substr(0, v.size() - kYuan.size()), true);
  if (!fen) return ErrorAt(value, 0, ParseErrorReason::kBadNumber, "not an amount in yuan");
  a.value = *fen;
  if (auto err = ParseDateValue(en.at("effective_from"), a.effective_from)) return err;
  if (auto it = en.find("effective_to"); it != en.end()) {
    core::Date to;
    if (auto err = ParseDateValue(it->second, to)) return err;
    if (to < a.effective_from) {
      return ErrorAt(it->second, 0, ParseErrorReason::kBadRange,
                     "effective_to is before effective_from");
    }
    a.effective_to = to;
  }
  a.source = std::string(en.at("source").value);
  if (auto err = ParseConfidence(en.at("confidence"), a.confidence)) return err;
  if (auto it = en.find("note"); it != en.end()) a.note = std::string(it->second.value);
  if (a.confidence == Confidence::kUnconfirmed && a.note.empty()) {
    return ErrorAt(en.at("confidence"), 0, ParseErrorReason::kMissingKey,
                   "an M (unconfirmed) amount needs a note");
  }
  pack_.amounts.push_back(std::move(a));
  return std::nullopt;
}

std::optional<ParseError> PackParser::FinishSection(Section& s) {
  switch (s.kind) {
    case SectionKind::kNone: return std::nullopt;
    case SectionKind::kRule: return BuildRule(s);
    case SectionKind::kStep: return BuildStep(s);
    case SectionKind::kAmount: return BuildAmount(s);
  }
  return std::nullopt;
}

ParseResult<RulePack> PackParser::Run() {
  pack_.name = std::string(file_);
  Section section;
  bool saw_pack = false;
  int line_no = 0;
  size_t pos = 0;
  while (pos < text_.size()) {
    size_t nl = text_.find('\n', pos);
    if (nl == std::string_view::npos) nl = text_.size();
    std::string_view line = text_.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (line.find('\0') != std::string_view::npos) {
      return Error(line_no, line, line.find('\0'), ParseErrorReason::kSyntax, "NUL byte");
    }
    size_t lead = 0;
    std::string_view t = Trim(line, &lead);
    if (t.empty() || t[0] == '#') continue;
    if (t[0] == '[') {
      if (t.back() != ']') {
        return Error(line_no, line, lead + t.size(), ParseErrorReason::kSyntax,
                     "a section header ends with ']'");
      }
      if (auto err = FinishSection(section)) return *err;
      std::string_view inner = t.substr(1, t.size() - 2);
      size_t inner_lead = 0;
      inner = Trim(inner, &inner_lead);
      size_t space = inner.find(' ');
      std::string_view kind = inner.substr(0, space);
      section = Section();
      section.line = line_no;
      section.line_text = line;
      if (kind == "rule") {
        section.kind = SectionKind::kRule;
      } else if (kind == "step") {
        section.kind = SectionKind::kStep;
      } else if (kind == "amount") {
        section.kind = SectionKind::kAmount;
      } else {
        return Error(line_no, line, lead + 1 + inner_lead, ParseErrorReason::kUnknownSection,
                     "sections are [rule ID], [step KEY] and [amount ID]");
      }
      size_t id_lead = 0;
      std::string_view id =
          space == std::string_view::npos ? std::string_view() : Trim(inner.substr(space), &id_lead);
      size_t id_offset = lead + 1 + inner_lead + (space == std::string_view::npos ? inner.size()
                                                                                  : space + id_lead);
      bool id_ok = !id.empty() && id.size() <= 120 &&
                   std::all_of(id.begin(), id.end(), [](char c) {
                     return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' ||
                            c == '-';
                   });
      if (!id_ok) {
        return Error(line_no, line, id_offset, ParseErrorReason::kSyntax,
                     "an id is 1–120 of [A-Za-z0-9._-]");
      }
      if (ids_.count(id)) {
        return Error(line_no, line, id_offset, ParseErrorReason::kDuplicateId,
                     "'" + std::string(id) + "' is defined twice");
      }
      ids_.insert(std::string(id));
      section.id = std::string(id);
      section.id_offset = id_offset;
      continue;
    }
    size_t eq = t.find('=');
    if (eq == std::string_view::npos) {
      return Error(line_no, line, lead, ParseErrorReason::kSyntax, "expected 'key = value'");
    }
    std::string_view key = Trim(t.substr(0, eq));
    size_t value_lead = 0;
    std::string_view value = Trim(t.substr(eq + 1), &value_lead);
    bool key_ok = !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
      return std::islower(static_cast<unsigned char>(c)) || c == '_';
    });
    if (!key_ok) {
      return Error(line_no, line, lead, ParseErrorReason::kSyntax, "a key is [a-z_]+");
    }
    size_t value_offset = lead + eq + 1 + value_lead;
    if (value.empty()) {
      return Error(line_no, line, value_offset, ParseErrorReason::kBadValue, "empty value");
    }
    if (section.kind == SectionKind::kNone) {
      if (key == "pack") {
        if (saw_pack) {
          return Error(line_no, line, lead, ParseErrorReason::kDuplicateKey, "'pack' given twice");
        }
        saw_pack = true;
        pack_.id = std::string(value);
      } else if (key == "title") {
        pack_.title = std::string(value);
      } else if (key == "format") {
        if (value != "1") {
          return Error(line_no, line, value_offset, ParseErrorReason::kBadValue,
                       "only format 1 is known");
        }
      } else {
        return Error(line_no, line, lead, ParseErrorReason::kUnknownKey,
                     "unknown header key '" + std::string(key) + "' (pack, title, format)");
      }
      continue;
    }
    if (section.entries.count(key)) {
      return Error(line_no, line, lead, ParseErrorReason::kDuplicateKey,
                   "'" + std::string(key) + "' given twice in [" + section.id + "]");
    }
    section.entries.emplace(std::string(key),
                            Entry{value, line_no, line, value_offset, lead});
  }
  if (auto err = FinishSection(section)) return *err;
  if (!saw_pack) {
    return ParseError{std::string(file_), 1, 1, ParseErrorReason::kMissingKey,
                      "a pack starts with 'pack = NAME'"};
  }
  return std::move(pack_);
}

}  // namespace

ParseResult<RulePack> ParseRulePack(std::string_view file, std::string_view text) {
  return PackParser(file, text).Run();
}

ParseResult<RuleSet> RuleSet::Load(const std::vector<PackSource>& sources) {
  RuleSet set;
  std::map<std::string, const Rule*, std::less<>> rule_ids;
  std::map<std::string, const Step*, std::less<>> step_keys;
  set.packs_.reserve(sources.size());
  for (const PackSource& src : sources) {
    auto pack = ParseRulePack(src.name, src.text);
    if (!pack) return pack.error();
    set.packs_.push_back(std::move(*pack));
  }
  // Pointers are taken only after packs_ stops growing.
  for (const RulePack& pack : set.packs_) {
    for (const Rule& r : pack.rules) {
      if (auto [it, fresh] = rule_ids.emplace(r.id, &r); !fresh) {
        return ParseError{r.pack, r.line, 1, ParseErrorReason::kDuplicateId,
                          "rule '" + r.id + "' is also defined in " + it->second->pack + ":" +
                              std::to_string(it->second->line)};
      }
      set.rules_.push_back(&r);
    }
    for (const Step& s : pack.steps) {
      if (auto [it, fresh] = step_keys.emplace(s.key, &s); !fresh) {
        return ParseError{s.pack, s.line, 1, ParseErrorReason::kDuplicateId,
                          "step '" + s.key + "' is also defined in " + it->second->pack + ":" +
                              std::to_string(it->second->line)};
      }
      set.steps_.push_back(&s);
    }
  }
  // Amounts: ids unique across packs; one key may have several rows (a province each, or
  // successive periods), but never two for the same province in force on the same day.
  std::map<std::string, const Amount*, std::less<>> amount_ids;
  for (const RulePack& pack : set.packs_) {
    for (const Amount& a : pack.amounts) {
      if (auto [it, fresh] = amount_ids.emplace(a.id, &a); !fresh) {
        return ParseError{a.pack, a.line, 1, ParseErrorReason::kDuplicateId,
                          "amount '" + a.id + "' is also defined in " + it->second->pack + ":" +
                              std::to_string(it->second->line)};
      }
      for (const Amount* b : set.amounts_) {
        bool overlap = b->key == a.key && b->province == a.province &&
                       (!b->effective_to || a.effective_from <= *b->effective_to) &&
                       (!a.effective_to || b->effective_from <= *a.effective_to);
        if (overlap) {
          return ParseError{a.pack, a.line, 1, ParseErrorReason::kBadRange,
                            "amount '" + a.key + "' for the same region overlaps '" + b->id +
                                "' (" + b->pack + ":" + std::to_string(b->line) + ")"};
        }
      }
      set.amounts_.push_back(&a);
    }
  }
  return set;
}

const Amount* RuleSet::FindAmount(std::string_view key, std::string_view region_code,
                                  core::Date on) const {
  const Amount* national = nullptr;
  for (const Amount* a : amounts_) {
    if (a->key != key || !a->InForceOn(on)) continue;
    if (a->province.empty()) {
      national = a;
    } else if (region_code.substr(0, 2) == a->province) {
      return a;
    }
  }
  return national;
}

const Step* RuleSet::FindStep(std::string_view key) const {
  for (const Step* s : steps_) {
    if (s->key == key) return s;
  }
  return nullptr;
}

std::vector<PackSource> WithOverrides(std::vector<PackSource> overrides) {
  std::vector<PackSource> out = EmbeddedPacks();
  for (PackSource& o : overrides) {
    auto it = std::find_if(out.begin(), out.end(),
                           [&](const PackSource& p) { return p.name == o.name; });
    if (it != out.end()) {
      it->text = std::move(o.text);
    } else {
      out.push_back(std::move(o));
    }
  }
  return out;
}

const RuleSet& DefaultRuleSet() {
  static const RuleSet set = [] {
    auto loaded = RuleSet::Load(EmbeddedPacks());
    if (!loaded) std::abort();  // embedded packs are parsed by the tests of every build
    return std::move(*loaded);
  }();
  return set;
}

}  // namespace ipe::rules
