-- Machine sessions (issue 16): a person uses a machine the Desk does not drive (or any machine, by hand) from a
-- start to a stop. The training gate decides the start exactly as for driven machines; a staff override keeps its
-- reason here and in the audit log. A forgotten session closes itself after its kind's limit (end_kind
-- 'auto_closed'). Its time feeds the machine's maintenance counters (machine_usage.session_id).
CREATE TABLE lab_sessions (
  id              INTEGER PRIMARY KEY,
  machine_id      INTEGER NOT NULL REFERENCES machines (id),
  person_id       INTEGER NOT NULL REFERENCES persons (id),
  started_by      INTEGER NOT NULL REFERENCES persons (id),
  started_at      TEXT NOT NULL,
  authorized      INTEGER NOT NULL CHECK (authorized IN (0, 1)),
  override_reason TEXT CHECK (override_reason IS NULL OR length(trim(override_reason)) > 0),
  material_id     INTEGER REFERENCES job_materials (id),
  -- what was set on the machine, as the person recorded it ({"powerPct":60,…}); a preset's settings when one is used
  settings_json   TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(settings_json)),
  ended_at        TEXT,
  ended_by        INTEGER REFERENCES persons (id),
  end_kind        TEXT CHECK (end_kind IN ('stopped', 'auto_closed')),
  duration_s      INTEGER CHECK (duration_s IS NULL OR duration_s >= 0),
  note            TEXT,
  CHECK ((ended_at IS NULL) = (end_kind IS NULL) AND (ended_at IS NULL) = (duration_s IS NULL)),
  CHECK (authorized = 1 OR override_reason IS NOT NULL)
);
-- One person at a machine at a time.
CREATE UNIQUE INDEX lab_sessions_one_open ON lab_sessions (machine_id) WHERE ended_at IS NULL;
CREATE INDEX lab_sessions_person ON lab_sessions (person_id, started_at);
CREATE INDEX lab_sessions_machine ON lab_sessions (machine_id, started_at);
CREATE TRIGGER lab_sessions_ended_fixed BEFORE UPDATE ON lab_sessions
WHEN OLD.ended_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'an ended session keeps its record'); END;
CREATE TRIGGER lab_sessions_no_delete BEFORE DELETE ON lab_sessions
BEGIN SELECT RAISE(ABORT, 'sessions are never deleted'); END;

ALTER TABLE machine_usage ADD COLUMN session_id INTEGER REFERENCES lab_sessions (id);
