-- Machines: the registry, and every streaming run with its progress (the line and byte offset of the last
-- acknowledged line, and the modal state there) so an interrupted job can be resumed from the right line.

CREATE TABLE machines (
  id              INTEGER PRIMARY KEY,
  name            TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
  kind            TEXT NOT NULL CHECK (kind IN ('fff-printer', 'cnc-router', 'cnc-mill', 'laser', 'other')),
  firmware        TEXT NOT NULL CHECK (firmware IN ('grbl', 'marlin', 'none')),
  -- {"type":"serial","path":"/dev/ttyUSB0","baud":115200} or {"type":"simulated"}
  connection_json TEXT NOT NULL,
  -- {"x":300,"y":300,"z":100} in mm, or NULL
  work_area_json  TEXT,
  notes           TEXT,
  status          TEXT NOT NULL DEFAULT 'available' CHECK (status IN ('available', 'in_use', 'down', 'retired')),
  retired_at      TEXT,
  retired_reason  TEXT,
  created_at      TEXT NOT NULL
);

CREATE TABLE machine_runs (
  id            INTEGER PRIMARY KEY,
  machine_id    INTEGER NOT NULL REFERENCES machines (id),
  name          TEXT NOT NULL,
  path          TEXT NOT NULL,
  sha256        TEXT NOT NULL,
  total_bytes   INTEGER NOT NULL CHECK (total_bytes >= 0),
  dry_run       INTEGER NOT NULL DEFAULT 0 CHECK (dry_run IN (0, 1)),
  state         TEXT NOT NULL CHECK (state IN ('running', 'paused', 'completed', 'failed', 'stopped', 'interrupted')),
  start_line    INTEGER NOT NULL CHECK (start_line >= 1),
  acked_line    INTEGER NOT NULL CHECK (acked_line >= 0),
  acked_offset  INTEGER NOT NULL CHECK (acked_offset >= 0),
  modal_json    TEXT NOT NULL,
  started_by    INTEGER REFERENCES persons (id),
  started_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  ended_at      TEXT,
  reason        TEXT,
  failed_line   INTEGER,
  resumed_from  INTEGER REFERENCES machine_runs (id)
);
CREATE INDEX machine_runs_machine ON machine_runs (machine_id, id);
CREATE INDEX machine_runs_running ON machine_runs (state) WHERE state IN ('running', 'paused');
