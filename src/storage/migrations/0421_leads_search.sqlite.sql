-- Lead search on SQLite: an FTS5 index of the terms of core/search_terms.h (rowid = lead id),
-- as case_search (0211): contentless (the text is leads.search_text), no positions, ascii
-- tokenizer. Filled at start for leads written before it (search_index_state 'leads').
CREATE VIRTUAL TABLE lead_search USING fts5(
  terms, content='', detail=none, columnsize=0, tokenize='ascii');
INSERT INTO search_index_state (name, version) VALUES ('leads', 0);
