-- Issue 13: the regime a case's findings were judged by, and why (the end of the conduct decides;
-- a later, more lenient interpretation applies — 从旧兼从轻), stored with the findings.
ALTER TABLE cases ADD COLUMN regime_basis TEXT NOT NULL DEFAULT '';
