#include "plan/parser.h"

#include <algorithm>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/agencies.h"
#include "core/region.h"
#include "core/utf8.h"

namespace ipe::plan {
namespace {

// ---------------------------------------------------------------------------------------------
// Text: code points with their normalised form and source line.
//
// Every character is kept twice: `orig` as written (for output text) and `norm` for matching
// (traditional → simplified through the agency table's t2s records, full-width ASCII → ASCII). The
// mapping is one code point for one, so indices line up and nothing has to be re-aligned.

struct Ch {
  char32_t orig;
  char32_t norm;
  int line;
  bool line_start;  // first character of a source line (a line break precedes it)
};
using Text = std::vector<Ch>;

struct Line {
  std::u32string orig;
  std::u32string norm;
  int number = 0;
};

constexpr char32_t kReplacement = 0xFFFD;

bool IsSpace(char32_t c) {
  return c == ' ' || c == '\t' || c == '\v' || c == 0x3000 || c == 0xA0 || c == 0xFEFF ||
         c == 0x200B;
}
bool IsAsciiAlnum(char32_t c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool IsDigit(char32_t c) { return c >= '0' && c <= '9'; }

char32_t Normalise(char32_t c, const core::AgencyNames& names) {
  if (c >= 0xFF01 && c <= 0xFF5E) return c - 0xFEE0;  // full-width ASCII
  switch (c) {
    case 0x3000:
      return ' ';
    case 0xFE59:
      return '(';  // ﹙
    case 0xFE5A:
      return ')';  // ﹚
    case 0x2014:
    case 0x2013:
    case 0x2012:
    case 0x2015:
    case 0x2500:
    case 0x2212:
      return '-';
    default:
      break;
  }
  return names.Simplify(c);
}

// Decodes UTF-8 (core/utf8.h); an ill-formed byte becomes U+FFFD and sets *had_invalid.
std::u32string DecodeUtf8(std::string_view s, bool* had_invalid) {
  std::u32string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const size_t before = i;
    char32_t c = core::DecodeUtf8(s, &i);
    if (c == kReplacement && i - before == 1) *had_invalid = true;
    out.push_back(c);
  }
  return out;
}

std::u32string_view Trim(std::u32string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

std::u32string WithoutSpaces(std::u32string_view s) {
  std::u32string out;
  for (char32_t c : s) {
    if (!IsSpace(c)) out.push_back(c);
  }
  return out;
}

bool StartsWith(std::u32string_view s, std::u32string_view p) { return s.substr(0, p.size()) == p; }
bool EndsWith(std::u32string_view s, std::u32string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

std::string ToUtf8(std::u32string_view s) {
  std::string out;
  for (char32_t c : s) core::AppendUtf8(c, &out);
  return out;
}

// Output text for text[begin, end): original characters, whitespace runs as one space, trimmed.
std::string Render(const Text& text, size_t begin, size_t end) {
  std::string out;
  bool pending_space = false;
  for (size_t i = begin; i < end && i < text.size(); ++i) {
    char32_t c = text[i].orig;
    if (IsSpace(c) || c == '\n') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    core::AppendUtf8(c, &out);
  }
  return out;
}

bool IsBlank(const Text& text, size_t begin, size_t end) {
  for (size_t i = begin; i < end; ++i) {
    if (!IsSpace(text[i].norm)) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Numbers and headings.

int CnDigit(char32_t c) {
  switch (c) {
    case U'〇':
    case U'零':
      return 0;
    case U'一':
      return 1;
    case U'二':
      return 2;
    case U'三':
      return 3;
    case U'四':
      return 4;
    case U'五':
      return 5;
    case U'六':
      return 6;
    case U'七':
      return 7;
    case U'八':
      return 8;
    case U'九':
      return 9;
    default:
      return -1;
  }
}
bool IsCnNumeral(char32_t c) { return CnDigit(c) >= 0 || c == U'十' || c == U'百'; }

// 一 … 九十九, 一百 …: the value, or -1.
int ParseCnNumber(std::u32string_view s) {
  if (s.empty() || s.size() > 6) return -1;
  int total = 0, digit = -1;
  for (char32_t c : s) {
    if (c == U'百') {
      total += (digit < 0 ? 1 : digit) * 100;
      digit = -1;
    } else if (c == U'十') {
      total += (digit < 0 ? 1 : digit) * 10;
      digit = -1;
    } else {
      int d = CnDigit(c);
      if (d < 0 || digit >= 0) return -1;  // 二三 is not a number
      digit = d;
    }
  }
  if (digit > 0) total += digit;
  return total > 0 ? total : -1;
}

struct Heading {
  enum class Kind { kNone, kSection, kTask, kItem } kind = Kind::kNone;
  int number = 0;
  size_t rest = 0;  // index in the line where the heading text starts
};

// Looks for a heading marker at the start of a line (normalised form, leading spaces trimmed).
Heading DetectHeading(std::u32string_view norm) {
  Heading h;
  size_t k = 0;
  while (k < norm.size() && IsCnNumeral(norm[k]) && k < 6) ++k;
  if (k > 0 && k < norm.size() && (norm[k] == U'、' || norm[k] == '.')) {
    int n = ParseCnNumber(norm.substr(0, k));
    if (n > 0) return {Heading::Kind::kSection, n, k + 1};
  }
  if (!norm.empty() && norm[0] == '(') {
    size_t i = 1;
    while (i < norm.size() && norm[i] == ' ') ++i;
    size_t start = i;
    while (i < norm.size() && IsCnNumeral(norm[i]) && i - start < 6) ++i;
    size_t end = i;
    while (i < norm.size() && norm[i] == ' ') ++i;
    if (end > start && i < norm.size() && norm[i] == ')') {
      int n = ParseCnNumber(norm.substr(start, end - start));
      if (n > 0) return {Heading::Kind::kTask, n, i + 1};
    }
    i = 1;
    while (i < norm.size() && IsDigit(norm[i]) && i < 4) ++i;
    if (i > 1 && i < norm.size() && norm[i] == ')') {
      return {Heading::Kind::kItem, std::stoi(ToUtf8(norm.substr(1, i - 1))), i + 1};
    }
  }
  size_t d = 0;
  while (d < norm.size() && IsDigit(norm[d]) && d < 3) ++d;
  if (d > 0 && d + 1 < norm.size() && (norm[d] == '.' || norm[d] == U'、') &&
      !IsDigit(norm[d + 1])) {
    return {Heading::Kind::kItem, std::stoi(ToUtf8(norm.substr(0, d))), d + 1};
  }
  return h;
}

// — 2 —, - 2 -, 第 2 页, 第2页 共10页, 2/10, a bare page number.
bool IsPageMarker(std::u32string_view norm) {
  std::u32string s = WithoutSpaces(norm);
  if (s.empty()) return false;
  size_t i = 0;
  auto dash = [](char32_t c) { return c == '-' || c == '~' || c == '_' || c == U'–'; };
  size_t lead = 0;
  while (i < s.size() && dash(s[i])) ++i, ++lead;
  size_t digits = 0;
  while (i < s.size() && IsDigit(s[i])) ++i, ++digits;
  size_t trail = 0;
  while (i < s.size() && dash(s[i])) ++i, ++trail;
  if (i == s.size() && digits > 0 && digits <= 4 && (lead > 0) == (trail > 0)) {
    return lead > 0 || digits <= 3;
  }
  // 第 2 页 (共 10 页)
  if (StartsWith(s, U"第") && EndsWith(s, U"页")) {
    for (char32_t c : s) {
      if (!IsDigit(c) && c != U'第' && c != U'页' && c != U'共' && c != ',' && c != '/' &&
          CnDigit(c) < 0 && c != U'十') {
        return false;
      }
    }
    return true;
  }
  // 2/10
  size_t slash = s.find('/');
  if (slash != std::u32string::npos && slash > 0 && slash + 1 < s.size() && s.size() <= 9) {
    return std::all_of(s.begin(), s.end(), [](char32_t c) { return IsDigit(c) || c == '/'; });
  }
  return false;
}

// A source, signature or navigation line that ends the plan (来源：, 出所先：, http…, a date line).
bool IsTrailerStart(std::u32string_view norm) {
  std::u32string s = WithoutSpaces(norm);
  if (!s.empty() && (s[0] == '(' || s[0] == U'【' || s[0] == '[')) s.erase(0, 1);
  for (std::u32string_view p : {U"来源:", U"出处:", U"出所先:", U"出所:", U"信息来源", U"原文链接",
                                U"责任编辑", U"发布日期", U"打印本页", U"关闭窗口", U"http://",
                                U"https://", U"www.", U"Source:", U"(此件", U"抄送:"}) {
    if (StartsWith(s, p)) return true;
  }
  return false;
}

// 2020年5月27日 (alone on a line).
bool IsDateLine(std::u32string_view norm) {
  std::u32string s = WithoutSpaces(norm);
  size_t i = 0, d = 0;
  while (i < s.size() && IsDigit(s[i])) ++i, ++d;
  if (d != 4 || i >= s.size() || s[i] != U'年') return false;
  ++i;
  d = 0;
  while (i < s.size() && IsDigit(s[i])) ++i, ++d;
  if (d == 0 || d > 2 || i >= s.size() || s[i] != U'月') return false;
  ++i;
  d = 0;
  while (i < s.size() && IsDigit(s[i])) ++i, ++d;
  return d > 0 && d <= 2 && i + 1 == s.size() && s[i] == U'日';
}

bool IsTitleLike(std::u32string_view norm) {
  std::u32string s = WithoutSpaces(norm);
  if (s.size() < 4 || s.size() > 80) return false;
  for (char32_t c : s) {
    if (c == U'《' || c == U'》' || c == U'“' || c == U'”' || c == '"' || c == U'。' || c == ',' ||
        c == ';') {
      return false;
    }
  }
  if (DetectHeading(s).kind != Heading::Kind::kNone) return false;
  for (std::u32string_view suffix : {U"要点", U"工作计划", U"实施方案", U"行动方案", U"工作方案",
                                     U"工作安排", U"任务分工", U"重点工作"}) {
    if (EndsWith(s, suffix)) return true;
  }
  return false;
}

std::optional<int> YearOf(std::u32string_view norm) {
  for (size_t i = 0; i + 4 <= norm.size(); ++i) {
    bool digits = std::all_of(norm.begin() + i, norm.begin() + i + 4, IsDigit);
    bool bounded =
        (i == 0 || !IsDigit(norm[i - 1])) && (i + 4 == norm.size() || !IsDigit(norm[i + 4]));
    if (digits && bounded) {
      int y = std::stoi(ToUtf8(norm.substr(i, 4)));
      if (y >= 1990 && y <= 2100) return y;
    }
    bool cn = true;
    int y = 0;
    for (size_t k = 0; k < 4 && cn; ++k) {
      int d = CnDigit(norm[i + k]);
      cn = d >= 0;
      y = y * 10 + d;
    }
    if (cn && i + 4 < norm.size() && norm[i + 4] == U'年' && y >= 1990 && y <= 2100) return y;
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// Responsibility clauses.

bool IsSentenceEnd(char32_t c) {
  return c == U'。' || c == ';' || c == '!' || c == '?' || c == ':' || c == '.';
}

// The clause text without trailing punctuation and spaces, or empty when `content` is no clause.
std::u32string_view ClauseCore(std::u32string_view content) {
  while (!content.empty() &&
         (IsSpace(content.back()) || content.back() == U'。' || content.back() == ';' ||
          content.back() == ',' || content.back() == '.' || content.back() == U'、')) {
    content.remove_suffix(1);
  }
  if (EndsWith(content, U"牵头") || EndsWith(content, U"负责")) return content;
  return {};
}

struct ParsedClause {
  std::vector<std::u32string> lead;  // written names (original characters)
  std::vector<std::u32string> responsible;
  bool open_ended = false;
};

// Splits "X、Y牵头，A、B按职责分工负责" (normalised in `norm`, original in `orig`, same length).
ParsedClause ParseClause(std::u32string_view orig, std::u32string_view norm) {
  ParsedClause out;
  // Parts separated by ， or ； at depth 0 (a name may carry its own parenthesis:
  // 市委宣传部（市版权局）).
  std::vector<std::pair<size_t, size_t>> parts;
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i <= norm.size(); ++i) {
    char32_t c = i < norm.size() ? norm[i] : ',';
    if (c == '(') ++depth;
    if (c == ')' && depth > 0) --depth;
    if (depth == 0 && (c == ',' || c == ';')) {
      parts.emplace_back(start, i);
      start = i + 1;
    }
  }
  static const std::u32string_view kLeadVerbs[] = {U"牵头"};
  static const std::u32string_view kCoVerbs[] = {U"负责", U"配合", U"参与", U"协助"};
  static const std::u32string_view kModifiers[] = {
      U"按各自职责分工", U"按照职责分工", U"根据职责分工", U"按职责分工", U"按照职责", U"按职责",
      U"依职责",         U"各自",         U"分别",         U"共同",       U"具体"};
  size_t pending_begin = std::u32string::npos;  // names of a part with no verb join the next part
  for (auto [b, e] : parts) {
    std::u32string_view part = norm.substr(b, e - b);
    bool lead = false, co = false;
    size_t end = e;
    for (auto v : kLeadVerbs) {
      if (EndsWith(Trim(part), v)) lead = true;
    }
    for (auto v : kCoVerbs) {
      if (!lead && EndsWith(Trim(part), v)) co = true;
    }
    if (!lead && !co) {
      if (pending_begin == std::u32string::npos) pending_begin = b;
      continue;
    }
    // Strip trailing spaces, the verb and any modifiers before it.
    while (end > b && IsSpace(norm[end - 1])) --end;
    end -= 2;
    for (bool again = true; again;) {
      again = false;
      while (end > b && IsSpace(norm[end - 1])) --end;
      for (auto m : kModifiers) {
        if (EndsWith(norm.substr(b, end - b), m)) {
          end -= m.size();
          again = true;
          break;
        }
      }
    }
    size_t names_begin = pending_begin == std::u32string::npos ? b : pending_begin;
    pending_begin = std::u32string::npos;
    // Names separated by 、 , / at depth 0; a leading 由 and a trailing 等 are not part of a name.
    std::vector<std::u32string>& target = lead ? out.lead : out.responsible;
    size_t nb = names_begin;
    depth = 0;
    for (size_t i = names_begin; i <= end; ++i) {
      char32_t c = i < end ? norm[i] : U'、';
      if (c == '(') ++depth;
      if (c == ')' && depth > 0) --depth;
      if (depth > 0 || (c != U'、' && c != ',' && c != '/' && c != ';')) continue;
      size_t ne = i;
      while (nb < ne && (IsSpace(norm[nb]) || norm[nb] == U'由')) ++nb;
      while (ne > nb && IsSpace(norm[ne - 1])) --ne;
      if (ne > nb && norm[ne - 1] == U'等' && i == end) {
        out.open_ended = true;
        --ne;
      }
      if (ne > nb) target.push_back(WithoutSpaces(orig.substr(nb, ne - nb)));
      nb = i + 1;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The document walk.

struct Segment {
  size_t begin, end;          // text range (clause excluded)
  std::optional<int> number;  // numbered item
  bool has_clause = false;
  size_t clause_begin = 0, clause_end = 0;  // content range inside the parentheses
};

class Parser {
 public:
  Parser(const ParseOptions& options)
      : names_(options.agencies ? *options.agencies : core::NationalAgencies()),
        regions_(options.regions ? *options.regions : core::Regions()),
        region_code_(options.region_code) {}

  core::Result<Plan> Run(std::string_view input, ParseError* error);

 private:
  struct TaskBuffer {
    std::optional<int> number;
    int line = 0;
    Text text;
    std::vector<std::pair<size_t, int>> item_starts;  // index in text, item number
  };

  void Warn(DiagnosticCode code, int line, std::string message) {
    plan_.warnings.push_back({code, line, std::move(message)});
  }
  static void AppendLine(const Line& line, size_t from, Text* text) {
    if (!text->empty() && from < line.norm.size() && IsAsciiAlnum(text->back().norm) &&
        IsAsciiAlnum(line.norm[from])) {
      text->push_back({' ', ' ', line.number, false});
    }
    for (size_t i = from; i < line.norm.size(); ++i) {
      text->push_back({line.orig[i], line.norm[i], line.number, i == from});
    }
  }
  void FlushTask();
  std::vector<Segment> Segments(const TaskBuffer& buf);
  core::AgencyMatch Resolve(const std::u32string& written);  // memoised: names repeat a lot
  core::AgencyMatch ResolveUncached(const std::u32string& written) const;

  const core::AgencyNames& names_;
  const core::RegionTable& regions_;
  std::string region_code_;
  Plan plan_;
  std::optional<TaskBuffer> task_;
  std::unordered_map<std::u32string, core::AgencyMatch> resolved_;
};

core::AgencyMatch Parser::Resolve(const std::u32string& written) {
  if (auto it = resolved_.find(written); it != resolved_.end()) return it->second;
  core::AgencyMatch m = ResolveUncached(written);
  resolved_.emplace(written, m);
  return m;
}

core::AgencyMatch Parser::ResolveUncached(const std::u32string& written) const {
  std::string w = ToUtf8(written);
  core::AgencyMatch m = names_.Match(w, region_code_, &regions_);
  if (m.resolution == core::AgencyResolution::kUnresolved) {
    // 市委宣传部（市版权局）: try the name before the parenthesis, then the one inside it.
    size_t open = written.find_first_of(U"(（");
    size_t close = written.find_last_of(U")）");
    if (open != std::u32string::npos && open > 0) {
      core::AgencyMatch outer =
          names_.Match(ToUtf8(written.substr(0, open)), region_code_, &regions_);
      if (outer.resolved()) {
        outer.written = w;
        return outer;
      }
      if (close != std::u32string::npos && close > open + 1) {
        core::AgencyMatch inner = names_.Match(ToUtf8(written.substr(open + 1, close - open - 1)),
                                               region_code_, &regions_);
        if (inner.resolved()) {
          inner.written = w;
          return inner;
        }
      }
    }
  }
  return m;
}

std::vector<Segment> Parser::Segments(const TaskBuffer& buf) {
  const Text& t = buf.text;
  std::vector<Segment> out;
  size_t seg_start = 0;
  std::optional<int> number;
  size_t next_item = 0;
  auto boundary_at = [&](size_t i) {
    return next_item < buf.item_starts.size() && buf.item_starts[next_item].first == i;
  };
  auto flush_open = [&](size_t end) {
    if (!IsBlank(t, seg_start, end)) out.push_back({seg_start, end, number});
  };
  for (size_t i = 0; i < t.size();) {
    while (boundary_at(i)) {
      flush_open(i);
      number = buf.item_starts[next_item].second;
      seg_start = i;
      ++next_item;
    }
    if (t[i].norm != '(') {
      ++i;
      continue;
    }
    // Find the matching parenthesis within a bounded window.
    size_t j = i + 1;
    int depth = 1;
    for (; j < t.size() && j - i < 800; ++j) {
      if (t[j].norm == '(') ++depth;
      if (t[j].norm == ')' && --depth == 0) break;
    }
    if (j >= t.size() || depth != 0) {
      Warn(DiagnosticCode::kUnmatchedParenthesis, t[i].line, "括号未闭合 (unmatched parenthesis)");
      ++i;
      continue;
    }
    std::u32string norm, orig;
    for (size_t k = i + 1; k < j; ++k) {
      norm.push_back(t[k].norm);
      orig.push_back(t[k].orig);
    }
    if (!ClauseCore(norm).empty()) {
      size_t p = i;
      while (p > seg_start && IsSpace(t[p - 1].norm)) --p;
      size_t q = j + 1;
      while (q < t.size() && IsSpace(t[q].norm)) ++q;
      bool after_sentence = p == seg_start || IsSentenceEnd(t[p - 1].norm);
      bool before_sentence =
          q >= t.size() || IsSentenceEnd(t[q].norm) || t[q].line_start || boundary_at(q);
      if (after_sentence || before_sentence) {
        out.push_back({seg_start, i, number, true, i + 1, j});
        i = j + 1;
        while (i < t.size() && !boundary_at(i) &&
               (IsSpace(t[i].norm) || t[i].norm == U'。' || t[i].norm == ';' || t[i].norm == '.')) {
          ++i;
        }
        seg_start = i;
        continue;
      }
      Warn(DiagnosticCode::kClauseNotAtSentenceEnd, t[i].line,
           "责任分工括号不在句末，按正文处理 (clause-like parenthesis inside a sentence kept as "
           "text)");
    }
    i = j + 1;
  }
  while (next_item < buf.item_starts.size()) {  // numbered items at the very end (empty)
    flush_open(buf.item_starts[next_item].first);
    number = buf.item_starts[next_item].second;
    seg_start = buf.item_starts[next_item].first;
    ++next_item;
  }
  flush_open(t.size());
  return out;
}

void Parser::FlushTask() {
  if (!task_) return;
  TaskBuffer buf = std::move(*task_);
  task_.reset();
  if (plan_.sections.empty()) plan_.sections.push_back(Section{});
  Section& section = plan_.sections.back();
  std::vector<Segment> segments = Segments(buf);
  if (!buf.number && segments.empty()) return;  // nothing under the section heading itself

  Task task;
  task.number = buf.number;
  task.line = buf.line;
  const Text& t = buf.text;
  if (buf.number && !segments.empty()) {
    // The title is the first sentence of the first segment: up to 。 (within 80 characters), else
    // the rest of the heading line, else the whole segment.
    Segment& first = segments.front();
    size_t title_end = first.end, body = first.end;
    size_t limit = std::min(first.end, first.begin + 80);
    bool found = false;
    for (size_t i = first.begin; i < limit; ++i) {
      if (t[i].norm == U'。') {
        title_end = i;
        body = i + 1;
        found = true;
        break;
      }
    }
    if (!found) {
      for (size_t i = first.begin + 1; i < first.end; ++i) {
        if (t[i].line_start) {
          title_end = body = i;
          found = true;
          break;
        }
      }
    }
    bool numbered_first = !buf.item_starts.empty() && buf.item_starts.front().first == 0;
    if (!numbered_first && (found || first.end - first.begin <= 80)) {
      task.title = Render(t, first.begin, title_end);
      if (IsBlank(t, body, first.end)) {
        if (!first.has_clause) {
          segments.erase(segments.begin());
        }  // else the clause applies to the title sentence: the item's text is the title
      } else {
        first.begin = body;
      }
    }
  }
  for (const Segment& s : segments) {
    Item item;
    item.number = s.number;
    item.text = Render(t, s.begin, s.end);
    size_t first_char = s.begin;
    while (first_char < s.end && IsSpace(t[first_char].norm)) ++first_char;
    item.line = first_char < t.size() ? t[first_char].line : buf.line;
    if (item.text.empty() && !task.title.empty()) item.text = task.title;
    if (s.has_clause) {
      item.has_clause = true;
      item.clause_line = t[s.clause_begin - 1].line;
      std::u32string norm, orig;
      for (size_t k = s.clause_begin; k < s.clause_end; ++k) {
        norm.push_back(t[k].norm);
        orig.push_back(t[k].orig);
      }
      item.clause = Render(t, s.clause_begin, s.clause_end);
      ParsedClause c = ParseClause(orig, norm);
      item.open_ended = c.open_ended;
      for (const auto& n : c.lead) item.lead.push_back(Resolve(n));
      for (const auto& n : c.responsible) item.responsible.push_back(Resolve(n));
      if (item.lead.empty() && item.responsible.empty()) {
        Warn(DiagnosticCode::kClauseWithoutHolders, item.clause_line,
             "责任分工未列出任何单位 (clause names no agency)");
      }
    }
    task.items.push_back(std::move(item));
  }
  if (task.items.empty() && task.title.empty() && !task.number) return;
  section.tasks.push_back(std::move(task));
}

core::Result<Plan> Parser::Run(std::string_view input, ParseError* error) {
  auto fail = [error](DiagnosticCode code, int line, const std::string& message) -> core::Status {
    if (error) *error = {code, line};
    return core::InvalidArgument(line > 0 ? "第 " + std::to_string(line) + " 行：" + message
                                          : message);
  };
  if (input.size() > kMaxPlanBytes) {
    return fail(DiagnosticCode::kTooLarge, 0,
                "文件过大 (plan larger than " + std::to_string(kMaxPlanBytes) + " bytes)");
  }
  bool invalid = false;
  std::u32string all = DecodeUtf8(input, &invalid);

  // Lines: \n, \r\n, \r and form feeds (a page break) end a line. Blank lines and page markers go.
  std::vector<Line> lines;
  int number = 1;
  int first_invalid_line = 0;
  for (size_t i = 0; i <= all.size();) {
    size_t e = i;
    while (e < all.size() && all[e] != '\n' && all[e] != '\r' && all[e] != '\f') ++e;
    std::u32string_view raw = Trim(std::u32string_view(all).substr(i, e - i));
    if (!raw.empty()) {
      Line line;
      line.number = number;
      line.orig.assign(raw);
      line.norm.reserve(raw.size());
      for (char32_t c : raw) {
        line.norm.push_back(Normalise(c, names_));
        if (c == kReplacement && first_invalid_line == 0) first_invalid_line = number;
      }
      if (!IsPageMarker(line.norm)) lines.push_back(std::move(line));
    }
    if (e >= all.size()) break;
    if (all[e] == '\r' && e + 1 < all.size() && all[e + 1] == '\n') ++e;
    ++number;
    i = e + 1;
  }
  if (invalid) {
    Warn(DiagnosticCode::kInvalidUtf8, first_invalid_line,
         "非 UTF-8 字节已替换为 U+FFFD (invalid UTF-8 replaced)");
  }
  if (lines.empty()) return fail(DiagnosticCode::kEmptyInput, 0, "文件为空 (empty plan)");

  // Title: the last title-like line before the first 一、 / （一） heading that follows one.
  std::vector<size_t> title_lines;  // index into `lines`
  std::vector<size_t> title_spans;  // 1 or 2 lines
  size_t first_any = lines.size(), first_after_title = lines.size();
  for (size_t i = 0; i < lines.size(); ++i) {
    std::u32string_view norm = lines[i].norm;
    Heading h = DetectHeading(norm);
    if ((h.kind == Heading::Kind::kSection || h.kind == Heading::Kind::kTask) && h.number == 1) {
      if (first_any == lines.size()) first_any = i;
      if (!title_lines.empty()) {
        first_after_title = i;
        break;
      }
      continue;
    }
    // A title broken over two lines (the second short) is tried first: 2021 年…伪劣 / 商品工作要点.
    if (i + 1 < lines.size() && lines[i + 1].norm.size() <= 30 && !IsDateLine(lines[i].norm) &&
        !IsTitleLike(lines[i].norm) && lines[i].norm.back() != U'。' &&
        (!IsTitleLike(lines[i + 1].norm) ||
         (YearOf(lines[i].norm) && !YearOf(lines[i + 1].norm))) &&
        IsTitleLike(lines[i].norm + lines[i + 1].norm) &&
        DetectHeading(lines[i + 1].norm).kind == Heading::Kind::kNone) {
      title_lines.push_back(i);
      title_spans.push_back(2);
      ++i;
    } else if (IsTitleLike(norm)) {
      title_lines.push_back(i);
      title_spans.push_back(1);
    }
  }
  bool have_title = first_after_title < lines.size();
  size_t first_heading = have_title ? first_after_title : first_any;
  size_t body_start = first_heading;
  if (have_title) {
    size_t ti = title_lines.back();
    std::u32string title = lines[ti].orig, title_norm = lines[ti].norm;
    if (title_spans.back() == 2) {
      title += lines[ti + 1].orig;
      title_norm += lines[ti + 1].norm;
    }
    Text tt;
    for (size_t k = 0; k < title.size(); ++k) tt.push_back({title[k], title_norm[k], 0, false});
    plan_.title = Render(tt, 0, tt.size());
    plan_.title_line = lines[ti].number;
    plan_.year = YearOf(WithoutSpaces(title_norm));
    body_start = ti + title_spans.back();
  } else {
    Warn(DiagnosticCode::kNoTitle, 0, "未找到计划标题 (no plan title found)");
  }
  if (first_heading == lines.size()) {
    return fail(DiagnosticCode::kNoStructure, 0,
                "未找到“一、”或“（一）”标题 (no section or task heading found)");
  }
  if (!plan_.year && !plan_.title.empty())
    Warn(DiagnosticCode::kNoYear, plan_.title_line, "标题中没有年份 (no year in the title)");

  // Body.
  plan_.region_code = region_code_;
  Text intro;
  int next_section = 1, next_task = 1;
  for (size_t i = body_start; i < lines.size(); ++i) {
    const Line& line = lines[i];
    bool signature = i + 1 < lines.size() && IsDateLine(lines[i + 1].norm) &&
                     line.norm.size() <= 30 && line.norm.find(U'。') == std::u32string::npos &&
                     line.norm.find(')') == std::u32string::npos;
    if (IsTrailerStart(line.norm) || IsDateLine(line.norm) || signature) {
      for (size_t k = i; k < lines.size(); ++k) plan_.trailer.push_back(ToUtf8(lines[k].orig));
      break;
    }
    Heading h = DetectHeading(line.norm);
    std::u32string_view rest = h.kind == Heading::Kind::kNone
                                   ? std::u32string_view()
                                   : Trim(std::u32string_view(line.norm).substr(h.rest));
    if (h.kind == Heading::Kind::kSection) {
      bool expected = h.number == next_section;
      if (!expected && (rest.empty() || rest.size() > 40 || h.number < next_section)) {
        h.kind = Heading::Kind::kNone;  // 一、二级市场…: text that happens to start like a heading
      } else {
        if (!expected) {
          Warn(DiagnosticCode::kNumberOutOfSequence, line.number,
               "章节编号不连续：应为 " + std::to_string(next_section) + "，实为 " +
                   std::to_string(h.number));
        }
        FlushTask();
        next_section = h.number + 1;
        Section s;
        s.number = h.number;
        s.line = line.number;
        // The title runs to the first 。 on the line; anything after it is text under the section.
        size_t from = h.rest;
        while (from < line.norm.size() && IsSpace(line.norm[from])) ++from;
        size_t stop = line.norm.find(U'。', from);
        size_t title_end = stop == std::u32string::npos ? line.norm.size() : stop;
        Text tt;
        for (size_t k = from; k < title_end; ++k)
          tt.push_back({line.orig[k], line.norm[k], 0, false});
        s.title = Render(tt, 0, tt.size());
        plan_.sections.push_back(std::move(s));
        task_ = TaskBuffer{std::nullopt, line.number, {}, {}};
        if (stop != std::u32string::npos) AppendLine(line, stop + 1, &task_->text);
        continue;
      }
    }
    if (h.kind == Heading::Kind::kTask) {
      bool expected = h.number == next_task;
      if (!expected && (h.number < next_task || h.number > next_task + 5)) {
        h.kind = Heading::Kind::kNone;
      } else {
        if (!expected) {
          Warn(DiagnosticCode::kNumberOutOfSequence, line.number,
               "任务编号不连续：应为 " + std::to_string(next_task) + "，实为 " +
                   std::to_string(h.number));
        }
        FlushTask();
        next_task = h.number + 1;
        task_ = TaskBuffer{h.number, line.number, {}, {}};
        size_t from = h.rest;
        while (from < line.norm.size() && IsSpace(line.norm[from])) ++from;
        AppendLine(line, from, &task_->text);
        continue;
      }
    }
    if (h.kind == Heading::Kind::kItem && task_) {
      int expected = task_->item_starts.empty() ? 1 : task_->item_starts.back().second + 1;
      if (h.number == expected) {
        size_t from = h.rest;
        while (from < line.norm.size() && IsSpace(line.norm[from])) ++from;
        task_->item_starts.emplace_back(task_->text.size(), h.number);
        AppendLine(line, from, &task_->text);
        if (task_->text.size() > task_->item_starts.back().first) {
          task_->text[task_->item_starts.back().first].line_start = true;
        }
        continue;
      }
    }
    if (task_) {
      AppendLine(line, 0, &task_->text);
    } else {
      AppendLine(line, 0, &intro);
    }
  }
  FlushTask();
  plan_.intro = Render(intro, 0, intro.size());
  return std::move(plan_);
}

// The first `n` code points of a UTF-8 string, with … when cut.
std::string Excerpt(const std::string& s, size_t n) {
  size_t i = 0;
  for (size_t k = 0; k < n && i < s.size(); ++k) {
    ++i;
    while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
  }
  return i < s.size() ? s.substr(0, i) + "…" : s;
}

}  // namespace

const char* DiagnosticCodeName(DiagnosticCode code) {
  switch (code) {
    case DiagnosticCode::kEmptyInput:
      return "empty_input";
    case DiagnosticCode::kTooLarge:
      return "too_large";
    case DiagnosticCode::kNoStructure:
      return "no_structure";
    case DiagnosticCode::kInvalidUtf8:
      return "invalid_utf8";
    case DiagnosticCode::kNoTitle:
      return "no_title";
    case DiagnosticCode::kNoYear:
      return "no_year";
    case DiagnosticCode::kNumberOutOfSequence:
      return "number_out_of_sequence";
    case DiagnosticCode::kUnmatchedParenthesis:
      return "unmatched_parenthesis";
    case DiagnosticCode::kClauseWithoutHolders:
      return "clause_without_holders";
    case DiagnosticCode::kClauseNotAtSentenceEnd:
      return "clause_not_at_sentence_end";
    case DiagnosticCode::kNoClause:
      return "no_clause";
    case DiagnosticCode::kUnresolvedName:
      return "unresolved_name";
    case DiagnosticCode::kGenericHolder:
      return "generic_holder";
  }
  return "unknown";
}

size_t Plan::TaskCount() const {
  size_t n = 0;
  for (const Section& s : sections) {
    for (const Task& t : s.tasks) n += t.number.has_value();
  }
  return n;
}

size_t Plan::ClauseCount() const {
  size_t n = 0;
  for (const Section& s : sections) {
    for (const Task& t : s.tasks) {
      for (const Item& i : t.items) n += i.has_clause;
    }
  }
  return n;
}

std::vector<Diagnostic> Check(const Plan& plan) {
  std::vector<Diagnostic> out;
  for (const Section& s : plan.sections) {
    for (const Task& t : s.tasks) {
      for (const Item& item : t.items) {
        if (!item.has_clause) {
          out.push_back({DiagnosticCode::kNoClause, item.line,
                         "段落没有责任分工 (paragraph with no clause): " + Excerpt(item.text, 30)});
        }
        for (const auto* list : {&item.lead, &item.responsible}) {
          for (const core::AgencyMatch& m : *list) {
            if (m.resolution == core::AgencyResolution::kUnresolved) {
              out.push_back({DiagnosticCode::kUnresolvedName, item.clause_line,
                             "未识别的单位 (unresolved name): " + m.written});
            } else if (m.resolution == core::AgencyResolution::kGeneric) {
              out.push_back({DiagnosticCode::kGenericHolder, item.clause_line,
                             "泛指单位 (generic holder): " + m.written});
            }
          }
        }
      }
    }
  }
  return out;
}

core::Result<Plan> ParsePlan(std::string_view text, const ParseOptions& options,
                             ParseError* error) {
  Parser parser(options);
  return parser.Run(text, error);
}

}  // namespace ipe::plan
