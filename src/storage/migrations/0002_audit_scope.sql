-- The region (and agency) of the record an audit entry describes, so that an auditor or admin
-- sees the entries of records in their own region only (issue 12: a Shanghai auditor read the
-- after-JSON of Guangdong leads). Stored by the code level like the cases' columns, so a region
-- subtree is one equality. NULL: a national record (the brand registry, cross-region alerts,
-- national agencies and users) — seen by national auditors only. Access metadata beside the
-- chain, not part of the hash (app/accounts/audit.h).
ALTER TABLE audit_log ADD COLUMN scope_region TEXT;
ALTER TABLE audit_log ADD COLUMN scope_province TEXT;
ALTER TABLE audit_log ADD COLUMN scope_prefecture TEXT;
ALTER TABLE audit_log ADD COLUMN scope_agency BIGINT;
CREATE INDEX audit_log_scope_province ON audit_log (scope_province, seq);
CREATE INDEX audit_log_scope_prefecture ON audit_log (scope_prefecture, seq);
CREATE INDEX audit_log_scope_region ON audit_log (scope_region, seq);
