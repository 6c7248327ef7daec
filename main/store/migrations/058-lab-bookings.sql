-- Bookings (issue 16): a person books a slot on a machine, if trained (the training gate) or booked into a
-- training session on it; within opening hours, outside blackouts. No two live bookings of one machine overlap:
-- the store refuses it (triggers), whichever connection writes, so two shop PCs cannot both take the same slot.
CREATE TABLE lab_opening_hours (
  weekday INTEGER PRIMARY KEY CHECK (weekday BETWEEN 0 AND 6), -- 0 Sunday … 6 Saturday, in the lab's zone
  opens   TEXT NOT NULL CHECK (opens GLOB '[0-2][0-9]:[0-5][0-9]'),
  closes  TEXT NOT NULL CHECK (closes GLOB '[0-2][0-9]:[0-5][0-9]'),
  CHECK (closes > opens)
);
-- Until staff set them: Tuesday to Saturday, 10:00–18:00.
INSERT INTO lab_opening_hours (weekday, opens, closes) VALUES
  (2, '10:00', '18:00'), (3, '10:00', '18:00'), (4, '10:00', '18:00'), (5, '10:00', '18:00'), (6, '10:00', '18:00');

CREATE TABLE lab_blackouts (
  id         INTEGER PRIMARY KEY,
  machine_id INTEGER REFERENCES machines (id), -- NULL: the whole lab
  starts_at  TEXT NOT NULL,
  ends_at    TEXT NOT NULL,
  reason     TEXT NOT NULL CHECK (length(trim(reason)) > 0),
  by_id      INTEGER REFERENCES persons (id),
  created_at TEXT NOT NULL,
  CHECK (ends_at > starts_at)
);

CREATE TABLE lab_bookings (
  id                  INTEGER PRIMARY KEY,
  machine_id          INTEGER NOT NULL REFERENCES machines (id),
  person_id           INTEGER NOT NULL REFERENCES persons (id),
  starts_at           TEXT NOT NULL,
  ends_at             TEXT NOT NULL,
  status              TEXT NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'used', 'cancelled', 'no_show')),
  training_session_id INTEGER REFERENCES training_sessions (id),
  override_reason     TEXT,
  purpose             TEXT,
  created_by          INTEGER REFERENCES persons (id),
  created_at          TEXT NOT NULL,
  closed_by           INTEGER REFERENCES persons (id),
  closed_at           TEXT,
  close_reason        TEXT,
  CHECK (ends_at > starts_at),
  CHECK ((status = 'booked') = (closed_at IS NULL) OR status = 'used')
);
CREATE INDEX lab_bookings_machine ON lab_bookings (machine_id, starts_at);
CREATE INDEX lab_bookings_person ON lab_bookings (person_id, starts_at);
-- A live booking (booked or used) may not overlap another live booking of the same machine.
CREATE TRIGGER lab_bookings_no_overlap_insert BEFORE INSERT ON lab_bookings
WHEN NEW.status IN ('booked', 'used') AND EXISTS (
  SELECT 1 FROM lab_bookings b WHERE b.machine_id = NEW.machine_id AND b.status IN ('booked', 'used')
    AND b.starts_at < NEW.ends_at AND NEW.starts_at < b.ends_at)
BEGIN SELECT RAISE(ABORT, 'double booking: the machine is already booked in that time'); END;
CREATE TRIGGER lab_bookings_no_overlap_update BEFORE UPDATE OF machine_id, starts_at, ends_at, status ON lab_bookings
WHEN NEW.status IN ('booked', 'used') AND EXISTS (
  SELECT 1 FROM lab_bookings b WHERE b.id <> NEW.id AND b.machine_id = NEW.machine_id
    AND b.status IN ('booked', 'used') AND b.starts_at < NEW.ends_at AND NEW.starts_at < b.ends_at)
BEGIN SELECT RAISE(ABORT, 'double booking: the machine is already booked in that time'); END;
CREATE TRIGGER lab_bookings_no_delete BEFORE DELETE ON lab_bookings
BEGIN SELECT RAISE(ABORT, 'bookings are never deleted; cancel them'); END;

-- A booking turns into a session or a job run.
ALTER TABLE lab_sessions ADD COLUMN booking_id INTEGER REFERENCES lab_bookings (id);
ALTER TABLE job_runs ADD COLUMN booking_id INTEGER REFERENCES lab_bookings (id);
