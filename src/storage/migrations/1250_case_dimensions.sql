-- Issue 18's statistics dimensions on cases: where the goods were offered (online 线上 / offline
-- 线下), the trade flow (import 进口 / export 出口 / domestic 国内) and the goods class (the Nice
-- Classification's goods classes, two-digit "01".."34", data/classification/). All optional:
-- existing cases stay NULL (shown as 未填写) — nothing is guessed from the free-text goods.
-- The codes are checked by app::ValidateCaseInput (code tables in app/cases).
ALTER TABLE cases ADD COLUMN channel TEXT;
ALTER TABLE cases ADD COLUMN trade TEXT;
ALTER TABLE cases ADD COLUMN goods_class TEXT;
-- A case's campaign tags by case: the statistics triggers re-read them when a case changes or is
-- deleted (measure case_campaign), and the primary key (tag, case_id) cannot answer "the tags of
-- case N" without a scan.
CREATE INDEX case_campaigns_case ON case_campaigns (case_id);
