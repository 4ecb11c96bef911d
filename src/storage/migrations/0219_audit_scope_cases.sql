-- Audit entries written before 0002 about cases and transfers get their case's region and agency
-- (the entries of other kinds: leads 0423, accounts 0003; the rest stay national).
UPDATE audit_log SET
  scope_region = (SELECT c.region_code FROM cases c WHERE CAST(c.id AS TEXT) = audit_log.entity_id),
  scope_agency = (SELECT c.agency_id FROM cases c WHERE CAST(c.id AS TEXT) = audit_log.entity_id)
WHERE entity_type = 'case' AND scope_region IS NULL;
UPDATE audit_log SET
  scope_region = (SELECT c.region_code FROM transfers t JOIN cases c ON c.id = t.case_id
                  WHERE CAST(t.id AS TEXT) = audit_log.entity_id),
  scope_agency = (SELECT c.agency_id FROM transfers t JOIN cases c ON c.id = t.case_id
                  WHERE CAST(t.id AS TEXT) = audit_log.entity_id)
WHERE entity_type = 'transfer' AND scope_region IS NULL;
UPDATE audit_log SET scope_region = NULL, scope_agency = NULL WHERE scope_region = '000000';
UPDATE audit_log SET scope_province = substr(scope_region, 1, 2) || '0000',
                     scope_prefecture = substr(scope_region, 1, 4) || '00'
WHERE scope_region IS NOT NULL AND scope_province IS NULL;
