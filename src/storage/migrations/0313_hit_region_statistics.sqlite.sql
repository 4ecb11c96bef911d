-- PostgreSQL only (functional-dependency statistics for its planner; see the .postgres.sql).
-- Kept as a version so both stores share the numbering.
SELECT 1;
