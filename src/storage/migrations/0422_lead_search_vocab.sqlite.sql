-- How many leads hold each search term (FTS5's own vocabulary view of lead_search): a filtered search
-- asks it whether a common term would make the term index walk too far, and walks the filter's
-- own index instead (app/internal/list_store.cc, as cases do with case_search_vocab, 0215).
-- Nothing is stored; it reads the index.
CREATE VIRTUAL TABLE lead_search_vocab USING fts5vocab(lead_search, 'row');
