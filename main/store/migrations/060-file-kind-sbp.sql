-- ShopBot part files (.sbp, OpenSBP) join the library as their own kind: drawn and timed like G-code, never
-- streamed by the Desk (the ShopBot control software runs them). SQLite cannot change a CHECK, so file_contents is
-- rebuilt (foreign keys off for this migration; the runner checks every reference afterwards), all else as it was.

CREATE TABLE file_contents_rebuilt (
  sha256        TEXT PRIMARY KEY CHECK (length(sha256) = 64),
  kind          TEXT NOT NULL CHECK (kind IN ('gcode', 'sbp', 'stl', 'obj', '3mf')),
  size          INTEGER NOT NULL CHECK (size >= 0),
  summary_json  TEXT NOT NULL,
  has_thumbnail INTEGER NOT NULL DEFAULT 0 CHECK (has_thumbnail IN (0, 1)),
  parser        INTEGER NOT NULL,
  parsed_at     TEXT NOT NULL
);

INSERT INTO file_contents_rebuilt (sha256, kind, size, summary_json, has_thumbnail, parser, parsed_at)
SELECT sha256, kind, size, summary_json, has_thumbnail, parser, parsed_at FROM file_contents;

DROP TABLE file_contents;
ALTER TABLE file_contents_rebuilt RENAME TO file_contents;
