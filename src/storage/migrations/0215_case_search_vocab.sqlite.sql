-- How many cases hold each search term (FTS5's own vocabulary view of case_search): a list
-- filtered to one agency asks it whether a common term would make the term index walk too far
-- (app/cases/case_store.cc). Nothing is stored; it reads the index.
CREATE VIRTUAL TABLE case_search_vocab USING fts5vocab(case_search, 'row');
