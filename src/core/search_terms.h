#pragma once
// Terms for the search indexes (SQLite FTS5, PostgreSQL GIN over a tsvector), the same on both
// stores. Chinese has no spaces between words and officers search for 1- and 2-character terms
// (鞋, 奶粉), which word or trigram indexes miss; so text is cut into runs and
//   - a run of ASCII letters and digits gives one word term   ("sh2024", "91310110666007217t");
//   - a run of other letters (Chinese …) gives every character and every adjacent pair
//     (奶粉罐 → 奶 粉 罐 奶粉 粉罐);
//   - spaces and punctuation (ASCII, full-width, CJK) separate runs.
// Text is folded first: ASCII lower-cased, full-width letters, digits and punctuation to ASCII.
//
// A query gives terms every match must contain: a 1-character Chinese run its character, a longer
// run its pairs, an ASCII run a prefix of a word. The index narrows; callers recheck the folded
// query as a substring of the folded text, so a match is exactly "the text contains the query"
// (docs/search.md). ASCII is found from the start of a word only: "2024" finds "sh-2024-7" but
// not "sh2024".
//
// Pure; no I/O.

#include <string>
#include <string_view>
#include <vector>

namespace ipe::core {

/// `text` folded for search: ASCII lower-cased, full-width forms (U+FF01–U+FF5E, U+3000) to
/// ASCII. Ill-formed UTF-8 bytes become U+FFFD.
std::string FoldForSearch(std::string_view text);

/// The distinct index terms of `text`, sorted.
std::vector<std::string> IndexTerms(std::string_view text);

struct QueryTerm {
  std::string text;
  bool prefix = false;  // an ASCII word: matches index words that start with it
};

/// Terms a match of `query` must contain, chosen to narrow most (at most `max_terms`): when the
/// query has an ASCII word of 3+ characters or a Chinese pair, only those (longest words first,
/// then pairs spread over the query); else its single characters and short words. Empty when
/// the query has no letters or digits (the caller then scans).
std::vector<QueryTerm> SearchQueryTerms(std::string_view query, size_t max_terms = 4);

}  // namespace ipe::core
