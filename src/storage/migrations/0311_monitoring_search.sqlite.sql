-- Hit search on SQLite: an FTS5 index of the terms of core/search_terms.h (rowid = hit id), as
-- case_search (0211). Filled at start for hits written before it (search_index_state).
CREATE VIRTUAL TABLE hit_search USING fts5(
  terms, content='', detail=none, columnsize=0, tokenize='ascii');
INSERT INTO search_index_state (name, version) VALUES ('monitoring_hits', 0);
