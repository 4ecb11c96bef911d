-- PostgreSQL's cells compare their text keys byte by byte from here on (the .postgres.sql file).
-- SQLite's default collation (BINARY) already does: nothing to change.
SELECT 1;
