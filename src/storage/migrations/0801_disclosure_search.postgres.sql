-- Disclosure search on PostgreSQL: the terms of core/search_terms.h as a position-free tsvector
-- under a GIN index, as cases.search_tsv (0211).
ALTER TABLE disclosures ADD COLUMN search_tsv tsvector;
CREATE INDEX disclosures_search_tsv ON disclosures USING gin (search_tsv);
INSERT INTO search_index_state (name, version) VALUES ('disclosures', 0);
