-- Machine kinds beyond serial (issue 16): each kind's own fields (a laser's bed size and tube power, a sewing
-- machine's type, a router's spindle…) as one JSON object, checked in code against the kind registry
-- (preload/contract/machine-kinds.ts). Connections beyond serial (USB printer device, network, manual) live in the
-- existing connection_json and need no column.
ALTER TABLE machines ADD COLUMN kind_fields_json TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(kind_fields_json));

-- Sewing machines and electronics benches count their time in use (for needle changes, tip replacements…): a
-- fourth hour counter, `use_hours`. SQLite cannot change a CHECK, so the counter tables are rebuilt with the same
-- columns, rows and triggers (foreign keys off for this migration; the runner checks every reference afterwards).
CREATE TABLE machine_usage_rebuilt (
  id         INTEGER PRIMARY KEY,
  machine_id INTEGER NOT NULL REFERENCES machines (id),
  job_run_id INTEGER REFERENCES job_runs (id),
  counter    TEXT NOT NULL CHECK (counter IN ('print_hours', 'spindle_hours', 'laser_hours', 'use_hours',
               'filament_grams')),
  -- seconds for the hour counters, milligrams for filament
  amount     INTEGER NOT NULL CHECK (amount >= 0),
  at         TEXT NOT NULL
);
INSERT INTO machine_usage_rebuilt (id, machine_id, job_run_id, counter, amount, at)
  SELECT id, machine_id, job_run_id, counter, amount, at FROM machine_usage;
DROP TABLE machine_usage;
ALTER TABLE machine_usage_rebuilt RENAME TO machine_usage;
CREATE INDEX machine_usage_machine ON machine_usage (machine_id, counter);
CREATE TRIGGER machine_usage_no_update BEFORE UPDATE ON machine_usage
BEGIN SELECT RAISE(ABORT, 'usage counters are append-only'); END;
CREATE TRIGGER machine_usage_no_delete BEFORE DELETE ON machine_usage
BEGIN SELECT RAISE(ABORT, 'usage counters are append-only'); END;

CREATE TABLE maintenance_reminders_rebuilt (
  id           INTEGER PRIMARY KEY,
  machine_id   INTEGER NOT NULL REFERENCES machines (id),
  counter      TEXT NOT NULL CHECK (counter IN ('print_hours', 'spindle_hours', 'laser_hours', 'use_hours',
                 'filament_grams')),
  title        TEXT NOT NULL CHECK (length(trim(title)) > 0),
  every_amount INTEGER NOT NULL CHECK (every_amount > 0),
  baseline     INTEGER NOT NULL CHECK (baseline >= 0),
  active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at   TEXT NOT NULL
);
INSERT INTO maintenance_reminders_rebuilt (id, machine_id, counter, title, every_amount, baseline, active, created_at)
  SELECT id, machine_id, counter, title, every_amount, baseline, active, created_at FROM maintenance_reminders;
DROP TABLE maintenance_reminders;
ALTER TABLE maintenance_reminders_rebuilt RENAME TO maintenance_reminders;
