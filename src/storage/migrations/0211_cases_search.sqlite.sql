-- Case search on SQLite: an FTS5 index of the terms of core/search_terms.h (rowid = case id).
-- Contentless (the text is cases.search_text), no positions (detail=none: queries are ANDs of
-- terms, the substring recheck decides), ascii tokenizer (our terms never contain ASCII
-- punctuation, and non-ASCII characters stay inside their terms).
CREATE VIRTUAL TABLE case_search USING fts5(
  terms, content='', detail=none, columnsize=0, tokenize='ascii');
INSERT INTO search_index_state (name, version) VALUES ('cases', 0);
