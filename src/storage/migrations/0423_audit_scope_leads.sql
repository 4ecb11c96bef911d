-- Audit entries written before 0002 about leads get their lead's region and agency.
UPDATE audit_log SET
  scope_region = (SELECT l.region_code FROM leads l WHERE CAST(l.id AS TEXT) = audit_log.entity_id),
  scope_agency = (SELECT l.agency_id FROM leads l WHERE CAST(l.id AS TEXT) = audit_log.entity_id)
WHERE entity_type = 'lead' AND scope_region IS NULL;
UPDATE audit_log SET scope_region = NULL, scope_agency = NULL WHERE scope_region = '000000';
UPDATE audit_log SET scope_province = substr(scope_region, 1, 2) || '0000',
                     scope_prefecture = substr(scope_region, 1, 4) || '00'
WHERE scope_region IS NOT NULL AND scope_province IS NULL;
