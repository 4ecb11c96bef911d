-- Issue 13: the holiday calendar is data that expires. A year's arrangement published by the
-- State Council (each November) is loaded at run time (`ipenforce calendar load FILE`, audited)
-- and laid over the built-in table by every clock (core/calendar_overlay.h). One row per year;
-- loading a year again replaces it.
CREATE TABLE calendar_years (
  year INTEGER PRIMARY KEY,
  tsv TEXT NOT NULL,                       -- the file as loaded (built-in TSV format, one year)
  entries INTEGER NOT NULL,
  loaded_at BIGINT NOT NULL,
  loaded_by BIGINT REFERENCES users (id)
);
