-- Hit search on PostgreSQL: the terms of core/search_terms.h as a position-free tsvector built by
-- the application, under a GIN index, as cases.search_tsv (0211). Filled at start for hits
-- written before it (search_index_state).
ALTER TABLE monitoring_hits ADD COLUMN search_tsv tsvector;
CREATE INDEX monitoring_hits_search_tsv ON monitoring_hits USING gin (search_tsv);
INSERT INTO search_index_state (name, version) VALUES ('monitoring_hits', 0);
