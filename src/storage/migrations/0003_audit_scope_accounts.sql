-- Audit entries written before 0002 about users and agencies get the user's or agency's region.
UPDATE audit_log SET
  scope_region = (SELECT u.region_code FROM users u WHERE CAST(u.id AS TEXT) = audit_log.entity_id),
  scope_agency = (SELECT u.agency_id FROM users u WHERE CAST(u.id AS TEXT) = audit_log.entity_id)
WHERE entity_type = 'user' AND scope_region IS NULL;
UPDATE audit_log SET
  scope_region = (SELECT a.region_code FROM agencies a WHERE CAST(a.id AS TEXT) = audit_log.entity_id),
  scope_agency = (SELECT a.id FROM agencies a WHERE CAST(a.id AS TEXT) = audit_log.entity_id)
WHERE entity_type = 'agency' AND scope_region IS NULL;
UPDATE audit_log SET scope_region = NULL, scope_agency = NULL WHERE scope_region = '000000';
UPDATE audit_log SET scope_province = substr(scope_region, 1, 2) || '0000',
                     scope_prefecture = substr(scope_region, 1, 4) || '00'
WHERE scope_region IS NOT NULL AND scope_province IS NULL;
