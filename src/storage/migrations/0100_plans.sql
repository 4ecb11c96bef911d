-- Work-plan tracking (工作要点跟踪, issue 4): imported plans with their sections, tasks and items,
-- assignments (item × agency, lead or co), progress reports with attachments, notices (督办, 提醒,
-- 通报, 约谈), the assessment rubric and scores. Portable SQL (docs/storage.md): instants are BIGINT
-- epoch seconds, dates 'YYYY-MM-DD' text, structured values JSON text. docs/plans.md has the model.

CREATE TABLE plans (
  id {{ID}},
  year BIGINT NOT NULL,
  title TEXT NOT NULL,
  region_code TEXT NOT NULL,               -- issuer's GB/T 2260 code; '000000' = national plan
  source_name TEXT NOT NULL DEFAULT '',    -- file name the text came from
  source_text TEXT NOT NULL,               -- the document as imported (re-parsable)
  sections BIGINT NOT NULL,
  tasks BIGINT NOT NULL,
  items BIGINT NOT NULL,
  clauses BIGINT NOT NULL,
  created_by BIGINT,                       -- users(id); NULL = the system (CLI, demo)
  created_by_name TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (year, region_code, title)        -- the same plan imported twice is refused (409)
);

CREATE TABLE plan_sections (
  id {{ID}},
  plan_id BIGINT NOT NULL REFERENCES plans (id),
  number BIGINT NOT NULL,                  -- 一、 = 1; 0 when the plan has no sections
  title TEXT NOT NULL,
  position BIGINT NOT NULL,
  UNIQUE (plan_id, position)
);

CREATE TABLE plan_tasks (
  id {{ID}},
  plan_id BIGINT NOT NULL REFERENCES plans (id),
  section_number BIGINT NOT NULL,
  number BIGINT NOT NULL,                  -- （一） = 1, through the whole document; 0 = text under a section
  title TEXT NOT NULL,
  position BIGINT NOT NULL,
  UNIQUE (plan_id, position)
);

-- One row per item (text closed by one responsibility clause, or left open).
CREATE TABLE plan_items (
  id {{ID}},
  plan_id BIGINT NOT NULL REFERENCES plans (id),
  item_key TEXT NOT NULL,                  -- plan::ItemKey "3.21.1" (section.task.ordinal)
  section_number BIGINT NOT NULL,
  task_number BIGINT NOT NULL,
  ordinal BIGINT NOT NULL,
  number BIGINT,                           -- 1. / （1） numbering inside the task, if any
  text TEXT NOT NULL,
  clause TEXT NOT NULL DEFAULT '',         -- the responsibility clause as written
  has_clause INTEGER NOT NULL,
  UNIQUE (plan_id, item_key)
);

-- 责任分工: one agency's responsibility for one item.
CREATE TABLE plan_assignments (
  id {{ID}},
  plan_id BIGINT NOT NULL REFERENCES plans (id),
  item_id BIGINT NOT NULL REFERENCES plan_items (id),
  agency_id BIGINT NOT NULL REFERENCES agencies (id),
  role TEXT NOT NULL,                      -- lead (牵头), co (按职责分工负责)
  due_date TEXT,                           -- set by the office; NULL = none
  UNIQUE (item_id, agency_id)
);
CREATE INDEX plan_assignments_plan ON plan_assignments (plan_id, agency_id);

-- Holders that could not become assignments: generic (有关部门), unresolved names, and names that
-- resolve to an agency not registered in this installation. Kept for the office, never dropped.
CREATE TABLE plan_unassigned (
  id {{ID}},
  plan_id BIGINT NOT NULL REFERENCES plans (id),
  item_id BIGINT NOT NULL REFERENCES plan_items (id),
  name TEXT NOT NULL,
  role TEXT NOT NULL,                      -- lead, co
  resolution TEXT NOT NULL                 -- generic, unresolved, unregistered
);
CREATE INDEX plan_unassigned_plan ON plan_unassigned (plan_id);

-- 进展报告: one agency's progress on one assignment for one period.
CREATE TABLE plan_reports (
  id {{ID}},
  assignment_id BIGINT NOT NULL REFERENCES plan_assignments (id),
  period TEXT NOT NULL,                    -- 2020, 2020-H1, 2020-Q2, 2020-M04
  period_first TEXT NOT NULL,
  period_last TEXT NOT NULL,
  status TEXT NOT NULL,                    -- not_started, in_progress, completed, blocked
  narrative TEXT NOT NULL,
  figures TEXT NOT NULL DEFAULT '{}',      -- JSON object name -> integer >= 0
  submitted_by BIGINT,                     -- users(id); NULL = the system (demo)
  submitted_by_name TEXT NOT NULL,
  submitted_at BIGINT NOT NULL
);
CREATE INDEX plan_reports_assignment ON plan_reports (assignment_id, submitted_at);

CREATE TABLE plan_attachments (
  id {{ID}},
  report_id BIGINT NOT NULL REFERENCES plan_reports (id),
  filename TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size BIGINT NOT NULL,                    -- bytes of the decoded file
  data_base64 TEXT NOT NULL                -- the file, base64 (the store holds text and integers only)
);
CREATE INDEX plan_attachments_report ON plan_attachments (report_id);

-- 督办 (supervision), 提醒 (reminder), 通报 (criticism), 约谈 (interview): to one agency or a region.
CREATE TABLE plan_notices (
  id {{ID}},
  plan_id BIGINT NOT NULL REFERENCES plans (id),
  kind TEXT NOT NULL,
  agency_id BIGINT REFERENCES agencies (id),
  region_code TEXT,
  assignment_id BIGINT REFERENCES plan_assignments (id),
  title TEXT NOT NULL,
  text TEXT NOT NULL,
  due_date TEXT,
  created_by BIGINT,
  created_by_name TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  acknowledged_at BIGINT,
  acknowledged_by BIGINT
);
CREATE INDEX plan_notices_plan ON plan_notices (plan_id, kind);

-- 评分细则: the rubric of a plan's assessment, JSON [{"id","name","max_points"}].
CREATE TABLE plan_rubrics (
  plan_id BIGINT PRIMARY KEY REFERENCES plans (id),
  criteria TEXT NOT NULL,
  updated_by BIGINT,
  updated_at BIGINT NOT NULL
);

-- 考核评价: points one agency got for one period (criterion id -> points, JSON).
CREATE TABLE plan_scores (
  id {{ID}},
  plan_id BIGINT NOT NULL REFERENCES plans (id),
  period TEXT NOT NULL,
  agency_id BIGINT NOT NULL REFERENCES agencies (id),
  points TEXT NOT NULL,
  total BIGINT NOT NULL,
  comment TEXT NOT NULL DEFAULT '',
  scored_by BIGINT,
  scored_by_name TEXT NOT NULL,
  scored_at BIGINT NOT NULL,
  UNIQUE (plan_id, period, agency_id)
);
