-- Work plans, second step (docs/plans.md "Unassigned holders"): the office assigns a holder that
-- did not become an assignment (有关部门 …) to registered agencies. The row is kept as history with
-- who resolved it, when, and the agencies chosen; resolved rows are no longer listed as unassigned.
-- Added columns only; 0100 is unchanged.
ALTER TABLE plan_unassigned ADD COLUMN resolved_at BIGINT;            -- NULL = still unassigned
ALTER TABLE plan_unassigned ADD COLUMN resolved_by BIGINT;            -- users(id); NULL = the system
ALTER TABLE plan_unassigned ADD COLUMN resolved_by_name TEXT NOT NULL DEFAULT '';
ALTER TABLE plan_unassigned ADD COLUMN resolved_agency_ids TEXT NOT NULL DEFAULT '[]';  -- JSON array
