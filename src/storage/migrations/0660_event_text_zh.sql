-- Case events are shown to officers as written: the threshold finding was stored with an English
-- gloss ("… (threshold met)"), which a zh-CN page must not show (issue 14). New events are written
-- in Chinese only; this rewrites the old ones.
UPDATE case_events SET summary = '达到刑事追诉标准，应依法移送公安机关'
 WHERE summary = '达到刑事追诉标准，应依法移送公安机关 (threshold met)';
