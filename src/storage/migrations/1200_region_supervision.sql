-- 地区督办 (issue 18): the office's 通报, 约谈 or 挂牌督办 of a region — the triggering figures frozen
-- into the record, the responsible local government and agencies, a rectification deadline, tasks,
-- the agencies' follow-up reports and the office's review, each step kept. docs/statistics.md.
CREATE TABLE region_supervisions (
  id {{ID}},
  kind TEXT NOT NULL,                      -- criticism (通报), interview (约谈), listed (挂牌督办)
  status TEXT NOT NULL,                    -- rectifying, reported, removed
  region_code TEXT NOT NULL,               -- the region supervised
  province_code TEXT NOT NULL,
  prefecture_code TEXT NOT NULL,
  issuer_region TEXT NOT NULL,             -- the deciding office's region
  government TEXT NOT NULL,                -- 责任地方政府 (上海市人民政府)
  reason TEXT NOT NULL,
  rule_key TEXT NOT NULL DEFAULT '',       -- the high-incidence rule that made it a candidate ('' none)
  basis_year INTEGER,                      -- the year the rule was applied to
  figures TEXT NOT NULL DEFAULT '[]',      -- JSON: the candidate's yearly figures as they were
  deadline TEXT NOT NULL,                  -- YYYY-MM-DD: 整改期限
  review_note TEXT NOT NULL DEFAULT '',    -- the office's last review note
  created_by BIGINT REFERENCES users (id),
  created_by_name TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  removed_at BIGINT
);
CREATE INDEX region_supervisions_region ON region_supervisions (region_code, id);
CREATE INDEX region_supervisions_province ON region_supervisions (province_code, id);
CREATE INDEX region_supervisions_prefecture ON region_supervisions (prefecture_code, id);
CREATE INDEX region_supervisions_status ON region_supervisions (status, id);

-- 责任单位: the agencies that rectify and report.
CREATE TABLE region_supervision_agencies (
  supervision_id BIGINT NOT NULL REFERENCES region_supervisions (id),
  agency_id BIGINT NOT NULL REFERENCES agencies (id),
  PRIMARY KEY (supervision_id, agency_id)
);
CREATE INDEX region_supervision_agencies_agency ON region_supervision_agencies (agency_id, supervision_id);

-- 整改任务: one responsible agency's task with its due date; done when a follow-up says so.
CREATE TABLE region_supervision_tasks (
  id {{ID}},
  supervision_id BIGINT NOT NULL REFERENCES region_supervisions (id),
  agency_id BIGINT NOT NULL REFERENCES agencies (id),
  title TEXT NOT NULL,
  due_date TEXT NOT NULL,                  -- YYYY-MM-DD
  done_at BIGINT,
  done_report_id BIGINT
);
CREATE INDEX region_supervision_tasks_supervision ON region_supervision_tasks (supervision_id, id);
CREATE INDEX region_supervision_tasks_open ON region_supervision_tasks (agency_id, done_at, due_date);

-- 整改进展报告 (follow-ups) with an optional attachment, and the office's review steps: one row
-- per step, in order (kind report | return | extend | remove | open).
CREATE TABLE region_supervision_steps (
  id {{ID}},
  supervision_id BIGINT NOT NULL REFERENCES region_supervisions (id),
  kind TEXT NOT NULL,
  agency_id BIGINT REFERENCES agencies (id),   -- the reporting agency (reports)
  task_id BIGINT REFERENCES region_supervision_tasks (id),
  body TEXT NOT NULL,
  deadline TEXT,                           -- extend: the new deadline
  filename TEXT,
  content_type TEXT,
  size BIGINT,
  data_base64 TEXT,                        -- the attachment, base64 (the store holds text and integers)
  actor_id BIGINT REFERENCES users (id),
  actor_name TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX region_supervision_steps_supervision ON region_supervision_steps (supervision_id, id);
