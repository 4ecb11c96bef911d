-- SQLite only (the FTS5 vocabulary of hit_search); PostgreSQL's term frequencies come from the
-- planner's statistics (pg_stats). Kept as a version so both stores share the numbering.
SELECT 1;
