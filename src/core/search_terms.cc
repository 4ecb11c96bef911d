#include "core/search_terms.h"

#include <algorithm>
#include <cstdint>

#include "core/utf8.h"

namespace ipe::core {
namespace {

enum class CharKind { kSeparator, kAsciiWord, kLetter };

char32_t Fold(char32_t c) {
  if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;  // full-width ASCII forms
  if (c == 0x3000) c = ' ';                      // ideographic space
  if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
  return c;
}

// Called on folded code points.
CharKind Classify(char32_t c) {
  if (c < 0x80) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    return alnum ? CharKind::kAsciiWord : CharKind::kSeparator;
  }
  if (c <= 0xBF) return CharKind::kSeparator;                     // Latin-1 punctuation, NBSP
  if (c == 0xD7 || c == 0xF7) return CharKind::kSeparator;         // × ÷
  if (c >= 0x2000 && c <= 0x206F) return CharKind::kSeparator;     // general punctuation: · — “ ” …
  if (c >= 0x3000 && c <= 0x303F) {                                // CJK symbols and punctuation
    bool letter = c == 0x3005 || c == 0x3006 || c == 0x3007 ||     // 々 〆 〇
                  (c >= 0x3021 && c <= 0x3029) || (c >= 0x3038 && c <= 0x303B);
    return letter ? CharKind::kLetter : CharKind::kSeparator;
  }
  if (c >= 0xFE30 && c <= 0xFE4F) return CharKind::kSeparator;     // CJK compatibility forms
  if (c >= 0xFF5F && c <= 0xFF65) return CharKind::kSeparator;     // half-width CJK punctuation
  if (c == 0xFFFD) return CharKind::kSeparator;
  return CharKind::kLetter;
}

// A run of one kind in the folded text: [begin, end) byte offsets of each of its characters.
struct Run {
  CharKind kind;
  std::vector<uint32_t> starts;  // byte offset of each character; `end` closes the last
  uint32_t end = 0;
  size_t size() const { return starts.size(); }
  // Characters [i, i + n) as a view into the folded text.
  std::string_view Chars(std::string_view folded, size_t i, size_t n) const {
    size_t from = starts[i];
    size_t to = i + n < starts.size() ? starts[i + n] : end;
    return folded.substr(from, to - from);
  }
};

// Folds `text` into *folded and cuts it into runs (separators dropped).
std::vector<Run> Runs(std::string_view text, std::string* folded) {
  std::vector<Run> runs;
  folded->clear();
  folded->reserve(text.size());
  bool open = false;  // the last run may still grow
  size_t pos = 0;
  while (pos < text.size()) {
    char32_t c = Fold(DecodeUtf8(text, &pos));
    CharKind kind = Classify(c);
    uint32_t at = static_cast<uint32_t>(folded->size());
    AppendUtf8(c, folded);
    if (kind == CharKind::kSeparator) {
      open = false;
      continue;
    }
    if (!open || runs.back().kind != kind) runs.push_back({kind, {}, 0});
    open = true;
    runs.back().starts.push_back(at);
    runs.back().end = static_cast<uint32_t>(folded->size());
  }
  return runs;
}

// Index terms are short enough for any index (PostgreSQL lexemes stop at 2 KB).
constexpr size_t kMaxWordChars = 64;

}  // namespace

std::string FoldForSearch(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) AppendUtf8(Fold(DecodeUtf8(text, &pos)), &out);
  return out;
}

std::vector<std::string> IndexTerms(std::string_view text) {
  std::string folded;
  std::vector<Run> runs = Runs(text, &folded);
  // Views into `folded` first (sorting views moves no characters), strings at the end.
  std::vector<std::string_view> views;
  for (const Run& run : runs) {
    if (run.kind == CharKind::kAsciiWord) {
      views.push_back(run.Chars(folded, 0, std::min(run.size(), kMaxWordChars)));
      continue;
    }
    for (size_t i = 0; i < run.size(); ++i) {
      views.push_back(run.Chars(folded, i, 1));
      if (i + 1 < run.size()) views.push_back(run.Chars(folded, i, 2));
    }
  }
  std::sort(views.begin(), views.end());
  views.erase(std::unique(views.begin(), views.end()), views.end());
  return std::vector<std::string>(views.begin(), views.end());
}

std::vector<QueryTerm> SearchQueryTerms(std::string_view query, size_t max_terms) {
  std::string folded;
  std::vector<Run> runs = Runs(query, &folded);
  std::vector<QueryTerm> terms;
  for (const Run& run : runs) {
    if (run.kind == CharKind::kAsciiWord) {
      terms.push_back({std::string(run.Chars(folded, 0, std::min(run.size(), kMaxWordChars))), true});
    } else if (run.size() == 1) {
      terms.push_back({std::string(run.Chars(folded, 0, 1)), false});
    } else {
      for (size_t i = 0; i + 1 < run.size(); ++i) {
        terms.push_back({std::string(run.Chars(folded, i, 2)), false});
      }
    }
  }
  // Drop repeats. The index only narrows (the substring recheck decides), so keep the terms that
  // narrow most: when the query has a strong term — an ASCII word of 3+ characters or a Chinese
  // pair — weak ones (1–2 character ASCII prefixes such as "1"*, which expand to thousands of
  // numbers, and single characters) are dropped. Longest ASCII words first, then pairs spread
  // over the query, at most max_terms.
  std::vector<QueryTerm> distinct;
  for (auto& t : terms) {
    bool seen = std::any_of(distinct.begin(), distinct.end(), [&](const QueryTerm& d) {
      return d.text == t.text && d.prefix == t.prefix;
    });
    if (!seen) distinct.push_back(std::move(t));
  }
  auto is_word = [](const QueryTerm& t) { return t.prefix; };
  auto strong = [&](const QueryTerm& t) {
    return is_word(t) ? t.text.size() >= 3 : CountCodePoints(t.text) >= 2;
  };
  if (std::any_of(distinct.begin(), distinct.end(), strong)) {
    std::vector<QueryTerm> kept;
    for (auto& t : distinct) {
      if (strong(t)) kept.push_back(std::move(t));
    }
    distinct = std::move(kept);
  }
  std::vector<QueryTerm> words, others;
  for (auto& t : distinct) (is_word(t) ? words : others).push_back(std::move(t));
  std::stable_sort(words.begin(), words.end(), [](const QueryTerm& a, const QueryTerm& b) {
    return a.text.size() > b.text.size();
  });
  std::vector<QueryTerm> out;
  for (auto& w : words) {
    if (max_terms != 0 && out.size() >= max_terms) break;
    out.push_back(std::move(w));
  }
  size_t room = max_terms == 0 ? others.size() : max_terms - out.size();
  if (others.size() <= room) {
    for (auto& o : others) out.push_back(std::move(o));
  } else if (room > 0) {
    for (size_t k = 0; k < room; ++k) {
      size_t i = room == 1 ? 0 : k * (others.size() - 1) / (room - 1);
      out.push_back(others[i]);
    }
  }
  return out;
}

}  // namespace ipe::core
