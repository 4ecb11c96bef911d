-- 定期形势报告 (issue 18 "generated on demand and on a schedule"; docs/statistics.md "Scheduled
-- reports"): a user asks for the situation report of their scope every month, quarter or year;
-- every server's scheduler generates it once (the conditional move of last_period decides which
-- server stores it) after the period ends, as that user, and keeps the PDF and the XLSX.
CREATE TABLE report_schedules (
  id {{ID}},
  user_id BIGINT NOT NULL REFERENCES users (id),
  cadence TEXT NOT NULL,                 -- month, quarter, year
  active INTEGER NOT NULL DEFAULT 1,
  last_period TEXT NOT NULL DEFAULT '',  -- the latest period generated (2026-11, 2026-Q3, 2025)
  created_at BIGINT NOT NULL,
  disabled_at BIGINT
);
CREATE INDEX report_schedules_user ON report_schedules (user_id, id);

CREATE TABLE scheduled_reports (
  id {{ID}},
  schedule_id BIGINT NOT NULL REFERENCES report_schedules (id),
  period TEXT NOT NULL,
  period_label TEXT NOT NULL,
  scope_label TEXT NOT NULL,
  pdf_base64 TEXT NOT NULL,              -- the store holds text and integers only
  xlsx_base64 TEXT NOT NULL,
  pdf_size BIGINT NOT NULL,
  xlsx_size BIGINT NOT NULL,
  generated_at BIGINT NOT NULL,
  UNIQUE (schedule_id, period)
);
