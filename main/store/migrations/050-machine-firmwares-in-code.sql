-- Firmwares (machine languages) are checked in code against the protocol registry (main/machines/protocols), not by
-- a SQL CHECK list, so Roland RML-1 and CAMM-GL machines (and any later language) need no further migration.
-- SQLite cannot drop a CHECK, so the table is rebuilt as in 032 (foreign keys off; the runner checks every
-- reference afterwards). Everything else is kept as it was: firmware must still be a short lower-case word.

CREATE TABLE machines_rebuilt (
  id              INTEGER PRIMARY KEY,
  name            TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
  kind            TEXT NOT NULL CHECK (length(kind) BETWEEN 1 AND 40 AND kind NOT GLOB '*[^a-z0-9-]*'),
  firmware        TEXT NOT NULL CHECK (length(firmware) BETWEEN 1 AND 20 AND firmware NOT GLOB '*[^a-z0-9-]*'),
  connection_json TEXT NOT NULL,
  work_area_json  TEXT,
  notes           TEXT,
  status          TEXT NOT NULL DEFAULT 'available' CHECK (status IN ('available', 'in_use', 'down', 'retired')),
  retired_at      TEXT,
  retired_reason  TEXT,
  created_at      TEXT NOT NULL,
  max_hotend_c    INTEGER NOT NULL DEFAULT 260 CHECK (max_hotend_c BETWEEN 0 AND 500),
  max_bed_c       INTEGER NOT NULL DEFAULT 110 CHECK (max_bed_c BETWEEN 0 AND 200)
);

INSERT INTO machines_rebuilt (id, name, kind, firmware, connection_json, work_area_json, notes, status, retired_at,
  retired_reason, created_at, max_hotend_c, max_bed_c)
SELECT id, name, kind, firmware, connection_json, work_area_json, notes, status, retired_at, retired_reason,
  created_at, max_hotend_c, max_bed_c FROM machines;

DROP TABLE machines;
ALTER TABLE machines_rebuilt RENAME TO machines;
