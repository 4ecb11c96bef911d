-- Findings move onto the case row (issue 11: ≤ 1 KB a case, one read per list page): one line per
-- finding, "rule_id TAB met TAB level TAB confidence TAB basis" (app/cases/findings.h). Article,
-- crime and source are the rule's and are no longer copied into every case.
ALTER TABLE cases ADD COLUMN findings TEXT NOT NULL DEFAULT '';
UPDATE cases SET findings = coalesce((
  SELECT string_agg(rule_id || chr(9) || met || chr(9) || level || chr(9) || confidence || chr(9) ||
                    replace(replace(basis, chr(9), ' '), chr(10), ' '), chr(10) ORDER BY x.id)
  FROM case_findings x WHERE x.case_id = cases.id), '');
DROP TABLE case_findings;
