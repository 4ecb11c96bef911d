-- Lead search on PostgreSQL: the terms of core/search_terms.h as a position-free tsvector built
-- by the application, under a GIN index, as cases.search_tsv (0211). Filled at start for leads
-- written before it (search_index_state 'leads').
ALTER TABLE leads ADD COLUMN search_tsv tsvector;
CREATE INDEX leads_search_tsv ON leads USING gin (search_tsv);
INSERT INTO search_index_state (name, version) VALUES ('leads', 0);
