-- The queue's search (q: the respondent, the receipt number, the web shop) through a term index
-- instead of a substring scan of the agency's records: FTS5 of the terms of core/search_terms.h,
-- rowid = complaint id, contentless, as disclosure_search (0801). The reporter is never in it.
ALTER TABLE complaints ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
UPDATE complaints SET search_text = respondent_name || ' ' || receipt_no || ' ' || respondent_shop;
CREATE VIRTUAL TABLE complaint_search USING fts5(
  terms, content='', detail=none, columnsize=0, tokenize='ascii');
CREATE VIRTUAL TABLE complaint_search_vocab USING fts5vocab(complaint_search, 'row');
-- Version 0: the index is built (and search_text folded) at the next start.
INSERT INTO search_index_state (name, version) VALUES ('complaints', 0);
