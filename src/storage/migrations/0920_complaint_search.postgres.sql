-- The queue's search (q: the respondent, the receipt number, the web shop) through a term index
-- instead of a substring scan: the terms of core/search_terms.h as a position-free tsvector under
-- a GIN index, as disclosures.search_tsv (0801). The reporter is never in it.
ALTER TABLE complaints ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
ALTER TABLE complaints ADD COLUMN search_tsv tsvector;
UPDATE complaints SET search_text = respondent_name || ' ' || receipt_no || ' ' || respondent_shop;
CREATE INDEX complaints_search_tsv ON complaints USING gin (search_tsv);
-- Version 0: the index is built (and search_text folded) at the next start.
INSERT INTO search_index_state (name, version) VALUES ('complaints', 0);
