-- Materials and settings library (issue 16). The jobs area's material list (job_materials, priced per kg for
-- filament) grows into the lab's library rather than a second list: each material gets a unit (a sheet of plywood,
-- a metre of cotton, a kg of PLA), a cost per unit in integer cents (for kg, cents_per_kg stays the price), and
-- whether the lab keeps it in stock. Stock moves are append-only and never take a material below zero.
ALTER TABLE job_materials ADD COLUMN unit TEXT NOT NULL DEFAULT 'kg'
  CHECK (unit IN ('kg', 'sheet', 'm', 'm2', 'piece', 'roll'));
ALTER TABLE job_materials ADD COLUMN unit_cents INTEGER
  CHECK (unit_cents IS NULL OR (typeof(unit_cents) = 'integer' AND unit_cents >= 0));
ALTER TABLE job_materials ADD COLUMN tracks_stock INTEGER NOT NULL DEFAULT 0 CHECK (tracks_stock IN (0, 1));

CREATE TABLE lab_stock_moves (
  id             INTEGER PRIMARY KEY,
  material_id    INTEGER NOT NULL REFERENCES job_materials (id),
  kind           TEXT NOT NULL CHECK (kind IN ('received', 'used', 'adjusted')),
  -- thousandths of the material's unit: +3000 is three sheets in, -250 a quarter of a kg used
  quantity_milli INTEGER NOT NULL CHECK (typeof(quantity_milli) = 'integer' AND quantity_milli <> 0),
  cost_cents     INTEGER NOT NULL CHECK (typeof(cost_cents) = 'integer' AND cost_cents >= 0),
  session_id     INTEGER REFERENCES lab_sessions (id),
  job_run_id     INTEGER REFERENCES job_runs (id),
  reason         TEXT,
  by_id          INTEGER REFERENCES persons (id),
  at             TEXT NOT NULL,
  CHECK (kind <> 'received' OR quantity_milli > 0),
  CHECK (kind <> 'used' OR (quantity_milli < 0 AND (session_id IS NOT NULL OR job_run_id IS NOT NULL)))
);
CREATE INDEX lab_stock_moves_material ON lab_stock_moves (material_id);
CREATE TRIGGER lab_stock_never_negative BEFORE INSERT ON lab_stock_moves
WHEN (SELECT coalesce(sum(quantity_milli), 0) FROM lab_stock_moves WHERE material_id = NEW.material_id)
  + NEW.quantity_milli < 0
BEGIN SELECT RAISE(ABORT, 'the stock of a material would go below zero'); END;
CREATE TRIGGER lab_stock_moves_no_update BEFORE UPDATE ON lab_stock_moves
BEGIN SELECT RAISE(ABORT, 'stock moves are append-only'); END;
CREATE TRIGGER lab_stock_moves_no_delete BEFORE DELETE ON lab_stock_moves
BEGIN SELECT RAISE(ABORT, 'stock moves are append-only'); END;

-- Materials a kind of machine must never take, with the reason a person is told.
CREATE TABLE lab_material_forbidden (
  material_id  INTEGER NOT NULL REFERENCES job_materials (id),
  machine_kind TEXT NOT NULL CHECK (length(machine_kind) BETWEEN 1 AND 40),
  reason       TEXT NOT NULL CHECK (length(trim(reason)) > 0),
  PRIMARY KEY (material_id, machine_kind)
);

-- PVC and vinyl made of it are the classic danger on a laser: the rule ships with the Desk.
INSERT INTO job_materials (code, name, cents_per_kg, unit, unit_cents, tracks_stock, active)
  VALUES ('pvc', 'PVC (vinyl chloride) sheet or film', 0, 'sheet', 0, 0, 1);
INSERT INTO lab_material_forbidden (material_id, machine_kind, reason)
  SELECT id, 'laser', 'PVC gives off chlorine gas when a laser cuts it: it harms the people in the room and corrodes the machine.'
  FROM job_materials WHERE code = 'pvc';

-- Settings presets per machine and material, per operation; versioned: a change is a new version, the old ones
-- stay as they were (who tested it, when, and the test-cut note).
CREATE TABLE lab_presets (
  id            INTEGER PRIMARY KEY,
  machine_id    INTEGER NOT NULL REFERENCES machines (id),
  material_id   INTEGER NOT NULL REFERENCES job_materials (id),
  operation     TEXT NOT NULL CHECK (operation IN ('cut', 'engrave', 'score', 'profile', 'pocket', 'drill',
                  'vinyl-cut', 'sew', 'other')),
  version       INTEGER NOT NULL CHECK (version >= 1),
  settings_json TEXT NOT NULL CHECK (json_valid(settings_json)),
  tested_by     INTEGER NOT NULL REFERENCES persons (id),
  tested_on     TEXT NOT NULL CHECK (tested_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  test_note     TEXT NOT NULL CHECK (length(trim(test_note)) > 0),
  created_by    INTEGER REFERENCES persons (id),
  created_at    TEXT NOT NULL,
  UNIQUE (machine_id, material_id, operation, version)
);
CREATE TRIGGER lab_presets_no_update BEFORE UPDATE ON lab_presets
BEGIN SELECT RAISE(ABORT, 'a preset version is kept as it was tested; save a new version'); END;
CREATE TRIGGER lab_presets_no_delete BEFORE DELETE ON lab_presets
BEGIN SELECT RAISE(ABORT, 'preset versions are never deleted'); END;

-- Sessions and job runs record the preset used; a session what it drew from stock and what that cost.
ALTER TABLE lab_sessions ADD COLUMN preset_id INTEGER REFERENCES lab_presets (id);
ALTER TABLE lab_sessions ADD COLUMN used_milli INTEGER CHECK (used_milli IS NULL OR used_milli >= 0);
ALTER TABLE lab_sessions ADD COLUMN cost_cents INTEGER
  CHECK (cost_cents IS NULL OR (typeof(cost_cents) = 'integer' AND cost_cents >= 0));
ALTER TABLE job_runs ADD COLUMN preset_id INTEGER REFERENCES lab_presets (id);
