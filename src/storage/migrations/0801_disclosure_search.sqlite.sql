-- Disclosure search on SQLite (public portal: party name, credit code, decision number): FTS5 of
-- the terms of core/search_terms.h, rowid = disclosure id, contentless, as case_search (0211).
CREATE VIRTUAL TABLE disclosure_search USING fts5(
  terms, content='', detail=none, columnsize=0, tokenize='ascii');
CREATE VIRTUAL TABLE disclosure_search_vocab USING fts5vocab(disclosure_search, 'row');
INSERT INTO search_index_state (name, version) VALUES ('disclosures', 0);
