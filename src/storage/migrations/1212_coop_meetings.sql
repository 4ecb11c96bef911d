-- 区域协作联席会议 (issue 18, seed task 23; docs/statistics.md "Joint meetings"): a meeting of the
-- provinces of a cooperation group (or of provinces brought together for the occasion), what it
-- decided, and the follow-up tasks it gave agencies with due dates. Created by the national office;
-- a task is marked done by its owner agency; every write audited. A meeting is seen by the
-- office and by the users of its member provinces (`members` is '|110000|120000|' so that one
-- LIKE finds a province's meetings).
CREATE TABLE coop_meetings (
  id {{ID}},
  group_id BIGINT REFERENCES coop_groups (id),
  title TEXT NOT NULL,
  meeting_date TEXT NOT NULL,
  place TEXT NOT NULL,
  members TEXT NOT NULL,
  decisions TEXT NOT NULL,
  created_by BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX coop_meetings_group ON coop_meetings (group_id, id);

CREATE TABLE coop_tasks (
  id {{ID}},
  meeting_id BIGINT NOT NULL REFERENCES coop_meetings (id),
  description TEXT NOT NULL,
  owner_agency_id BIGINT NOT NULL REFERENCES agencies (id),
  owner_agency_name TEXT NOT NULL,
  due_date TEXT NOT NULL,
  status TEXT NOT NULL,                    -- open, done
  done_note TEXT NOT NULL DEFAULT '',
  done_by BIGINT,
  done_at BIGINT,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX coop_tasks_meeting ON coop_tasks (meeting_id, id);
CREATE INDEX coop_tasks_owner ON coop_tasks (owner_agency_id, status, due_date);
