-- Natural persons' names move to the end of a case's search_text, behind U+001F, so that a
-- search by a viewer who sees them masked cannot match them (issue 12). The cases stored before
-- are given their new text and terms once, at the next start (CaseStore::RebuildSearchIfStale),
-- which then sets this row's version to 1.
INSERT INTO search_index_state (name, version) VALUES ('cases_person_names', 0);
