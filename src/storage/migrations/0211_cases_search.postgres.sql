-- Case search on PostgreSQL: the terms of core/search_terms.h as a position-free tsvector built
-- by the application (no text-search parser or dictionary involved), under a GIN index.
ALTER TABLE cases ADD COLUMN search_tsv tsvector;
CREATE INDEX cases_search_tsv ON cases USING gin (search_tsv);
INSERT INTO search_index_state (name, version) VALUES ('cases', 0);
