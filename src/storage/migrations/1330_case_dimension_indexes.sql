-- The case list filters by issue 18's dimensions (GET /api/v1/cases?goods_class=25&trade=import).
-- A rare value over a wide scope — import cases of one goods class nationwide, a class no recent
-- case has — would otherwise walk the whole scope newest first to fill a page. Channel has two
-- values, each common: the scope's own index serves it.
CREATE INDEX cases_goods_class_id ON cases (goods_class, id);
CREATE INDEX cases_trade_id ON cases (trade, id);
