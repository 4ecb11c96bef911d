-- Cases and two-law linkage (行政执法与刑事司法衔接): administrative cases, parties, infringed rights,
-- the timeline, threshold findings, transfers to the police and prosecutor supervision.
-- Money in fen (BIGINT), instants as epoch seconds, dates as 'YYYY-MM-DD' text.

CREATE TABLE cases (
  id {{ID}},
  agency_id BIGINT NOT NULL REFERENCES agencies (id),
  region_code TEXT NOT NULL,
  case_number TEXT NOT NULL,               -- 案件编号, unique within the agency
  title TEXT NOT NULL,
  category TEXT NOT NULL,                  -- trademark, patent, copyright, … (app/cases.cc)
  conduct TEXT,                            -- rule-pack conduct key, e.g. counterfeit_trademark
  source TEXT NOT NULL,                    -- inspection, complaint, monitoring, customs, transfer, report
  campaign_tags TEXT NOT NULL DEFAULT '',  -- '|'-separated, e.g. 铁拳2025
  status TEXT NOT NULL,                    -- open, closed
  act_date_from TEXT,
  act_date_to TEXT,
  goods TEXT NOT NULL DEFAULT '',
  illegal_business_fen BIGINT,             -- 非法经营数额
  illegal_gains_fen BIGINT,                -- 违法所得
  sales_fen BIGINT,                        -- 销售金额 (sold)
  unsold_value_fen BIGINT,                 -- 货值金额 (unsold)
  loss_fen BIGINT,                         -- 损失
  marks_count BIGINT,                      -- 标识件数
  copies_count BIGINT,                     -- 复制品数量
  rights_involved BIGINT,                  -- 涉及权利数 (two or more marks …)
  harm_to_health INTEGER NOT NULL DEFAULT 0,
  penalty_decision_no TEXT,
  penalty_date TEXT,
  fine_fen BIGINT,
  confiscation TEXT,
  destruction_ordered INTEGER NOT NULL DEFAULT 0,
  closed_at BIGINT,
  closing_kind TEXT,                       -- penalty, transferred, dismissed
  created_by BIGINT NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,       -- optimistic locking
  search_text TEXT NOT NULL DEFAULT '',    -- normalised text for full-text search (bigrams)
  UNIQUE (agency_id, case_number)
);
CREATE INDEX cases_region ON cases (region_code);
CREATE INDEX cases_status ON cases (status);

CREATE TABLE case_parties (
  id {{ID}},
  case_id BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  kind TEXT NOT NULL,                      -- company, person
  name TEXT NOT NULL,
  uscc TEXT,                               -- validated 统一社会信用代码 (companies)
  id_number TEXT,                          -- validated 公民身份号码 (persons), masked outside scope
  phone TEXT,
  address TEXT,
  role TEXT NOT NULL DEFAULT 'party'       -- party, legal_representative, accomplice
);
CREATE INDEX case_parties_case ON case_parties (case_id);
CREATE INDEX case_parties_uscc ON case_parties (uscc);

CREATE TABLE case_rights (
  id {{ID}},
  case_id BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  kind TEXT NOT NULL,                      -- trademark, patent, copyright, geographic_indication, plant_variety, trade_secret
  reg_number TEXT NOT NULL DEFAULT '',
  holder TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_rights_case ON case_rights (case_id);

CREATE TABLE case_events (
  id {{ID}},
  case_id BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  at BIGINT NOT NULL,
  actor_id BIGINT,
  kind TEXT NOT NULL,                      -- created, updated, finding, closed, transfer.*, supervision.*
  summary TEXT NOT NULL,
  detail_json TEXT
);
CREATE INDEX case_events_case ON case_events (case_id, at);

CREATE TABLE case_findings (
  id {{ID}},
  case_id BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  rule_id TEXT NOT NULL,
  article TEXT NOT NULL,
  crime TEXT NOT NULL,
  met INTEGER NOT NULL,
  level TEXT NOT NULL,
  basis TEXT NOT NULL,
  source TEXT NOT NULL,
  confidence TEXT NOT NULL,
  evaluated_at BIGINT NOT NULL
);
CREATE INDEX case_findings_case ON case_findings (case_id);

-- One transfer per case at a time (Decree 310). Each workflow step is a dated event in
-- transfer_steps; the current step and its deadline are kept here for lists and alerts.
CREATE TABLE transfers (
  id {{ID}},
  case_id BIGINT NOT NULL REFERENCES cases (id),
  police_agency_id BIGINT REFERENCES agencies (id),
  status TEXT NOT NULL,                    -- see app/transfers.h
  suspicion_only INTEGER NOT NULL DEFAULT 0,  -- IP "reasonable suspicion" path (Decree 310 art. 3 para. 2)
  docs_transfer_letter INTEGER NOT NULL DEFAULT 0,   -- 涉嫌犯罪案件移送书
  docs_investigation_report INTEGER NOT NULL DEFAULT 0,  -- 涉嫌犯罪案件情况的调查报告
  docs_items_list INTEGER NOT NULL DEFAULT 0,        -- 涉案物品清单
  docs_inspection_reports INTEGER NOT NULL DEFAULT 0,  -- 检验报告或者鉴定结论
  docs_other INTEGER NOT NULL DEFAULT 0,             -- 其他有关涉嫌犯罪的材料
  current_step TEXT NOT NULL,
  step_started_at BIGINT NOT NULL,
  due_at BIGINT,                           -- deadline of the current step, if the law sets one
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX transfers_case ON transfers (case_id);
CREATE INDEX transfers_due ON transfers (due_at);

CREATE TABLE transfer_steps (
  id {{ID}},
  transfer_id BIGINT NOT NULL REFERENCES transfers (id) ON DELETE CASCADE,
  step TEXT NOT NULL,
  at BIGINT NOT NULL,
  actor_id BIGINT,
  decision TEXT,
  reasons TEXT,
  due_at BIGINT,
  on_time INTEGER
);
CREATE INDEX transfer_steps_transfer ON transfer_steps (transfer_id);

-- Prosecutor supervision actions (人民检察院刑事诉讼规则 第五百五十七–五百六十三条) with their clocks.
CREATE TABLE supervision_actions (
  id {{ID}},
  case_id BIGINT NOT NULL REFERENCES cases (id),
  transfer_id BIGINT REFERENCES transfers (id),
  kind TEXT NOT NULL,                      -- request_reasons, notify_filing, suggest_transfer
  prosecutor_agency_id BIGINT NOT NULL REFERENCES agencies (id),
  created_by BIGINT NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL,
  due_at BIGINT,
  answered_at BIGINT,
  answer TEXT,
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX supervision_case ON supervision_actions (case_id);

CREATE TABLE alerts (
  id {{ID}},
  kind TEXT NOT NULL,                      -- penalty_instead_of_prosecution, deadline_soon, deadline_overdue, …
  case_id BIGINT REFERENCES cases (id),
  agency_id BIGINT NOT NULL REFERENCES agencies (id),
  region_code TEXT NOT NULL,
  message TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  resolved_at BIGINT,
  dedup_key TEXT NOT NULL UNIQUE
);
CREATE INDEX alerts_region ON alerts (region_code, resolved_at);
