-- 分级分类监管: one row per enterprise (统一社会信用代码) the credit area holds facts on, with its
-- risk grade (rules/credit/risk_grade.rules) and the counts behind it, so that agencies can list
-- the enterprises of their region by grade when they plan inspections without grading every
-- enterprise on each request. Recounted and regraded in the transaction of every credit write
-- naming the code (app/credit: RegradeSubjectInTx) — a penalty drafted, published, withheld,
-- withdrawn or repaired, a listing or its removal. `graded_on` is the last day of the window the
-- counts cover. `region_code` is where the enterprise is registered (the code's positions 3–8).
-- docs/credit.md "分级分类监管".
CREATE TABLE credit_subjects (
  id {{ID}},
  credit_code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  region_code TEXT NOT NULL,
  province_code TEXT NOT NULL,
  prefecture_code TEXT NOT NULL,
  grade TEXT NOT NULL,                     -- the grade's key: A, B, C, D
  penalties BIGINT NOT NULL DEFAULT 0,
  listed BIGINT NOT NULL DEFAULT 0,
  transfers BIGINT NOT NULL DEFAULT 0,
  cases BIGINT NOT NULL DEFAULT 0,
  leads BIGINT NOT NULL DEFAULT 0,
  reasons TEXT NOT NULL DEFAULT '',        -- '|'-separated: the conditions that held
  graded_on TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX credit_subjects_grade ON credit_subjects (grade, id);
CREATE INDEX credit_subjects_province ON credit_subjects (province_code, id);
CREATE INDEX credit_subjects_prefecture ON credit_subjects (prefecture_code, id);
CREATE INDEX credit_subjects_region ON credit_subjects (region_code, id);
CREATE INDEX credit_subjects_stale ON credit_subjects (graded_on);

-- Enterprises the platform already graded on request before this table: filled by the next write
-- naming them, or by `ipenforce credit regrade` (docs/credit.md).
