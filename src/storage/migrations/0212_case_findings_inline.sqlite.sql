-- Findings move onto the case row (issue 11: ≤ 1 KB a case, one read per list page): one line per
-- finding, "rule_id TAB met TAB level TAB confidence TAB basis" (app/cases/findings.h). Article,
-- crime and source are the rule's and are no longer copied into every case.
ALTER TABLE cases ADD COLUMN findings TEXT NOT NULL DEFAULT '';
UPDATE cases SET findings = coalesce((
  SELECT group_concat(line, char(10)) FROM (
    SELECT rule_id || char(9) || met || char(9) || level || char(9) || confidence || char(9) ||
           replace(replace(basis, char(9), ' '), char(10), ' ') AS line
    FROM case_findings x WHERE x.case_id = cases.id ORDER BY x.id)), '');
DROP TABLE case_findings;
