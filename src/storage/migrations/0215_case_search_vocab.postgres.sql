-- SQLite only (the FTS5 vocabulary of case_search); PostgreSQL's planner has its own statistics
-- on the GIN index. Kept as a version so both stores share the numbering.
SELECT 1;
