-- PostgreSQL leaves room on each page of cells for a cell's next version (the .postgres.sql file).
-- SQLite has no fill factor: nothing to change.
SELECT 1;
