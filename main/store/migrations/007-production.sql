-- Production runs: products, versioned recipes (immutable once active), runs with materials, labour and QC,
-- stock moves (on hand = sum, never negative), recipients and requests by priority tier (005), and distributions
-- priced per tier that never exceed what passed QC. Money is integer cents; prices are basis points of unit cost.

CREATE TABLE production_products (
  id         INTEGER PRIMARY KEY,
  code       TEXT NOT NULL UNIQUE CHECK (length(trim(code)) > 0),
  name       TEXT NOT NULL CHECK (length(trim(name)) > 0),
  created_at TEXT NOT NULL
);

CREATE TABLE production_recipes (
  id                 INTEGER PRIMARY KEY,
  code               TEXT NOT NULL,
  version            INTEGER NOT NULL CHECK (version >= 1),
  product_id         INTEGER NOT NULL REFERENCES production_products (id),
  name               TEXT NOT NULL CHECK (length(trim(name)) > 0),
  status             TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'retired')),
  materials_json     TEXT NOT NULL,
  labour_minutes     INTEGER NOT NULL CHECK (labour_minutes >= 0),
  labour_rate_cents  INTEGER NOT NULL CHECK (typeof(labour_rate_cents) = 'integer' AND labour_rate_cents >= 0),
  machine_minutes    INTEGER NOT NULL CHECK (machine_minutes >= 0),
  machine_rate_cents INTEGER NOT NULL CHECK (typeof(machine_rate_cents) = 'integer' AND machine_rate_cents >= 0),
  overhead_cents     INTEGER NOT NULL CHECK (typeof(overhead_cents) = 'integer' AND overhead_cents >= 0),
  created_by         INTEGER REFERENCES persons (id),
  created_at         TEXT NOT NULL,
  activated_at       TEXT,
  UNIQUE (code, version)
);
CREATE UNIQUE INDEX production_recipes_one_active ON production_recipes (code) WHERE status = 'active';
CREATE TRIGGER production_recipes_immutable BEFORE UPDATE ON production_recipes
WHEN OLD.status <> 'draft' AND (NEW.code IS NOT OLD.code OR NEW.version IS NOT OLD.version
  OR NEW.product_id IS NOT OLD.product_id OR NEW.name IS NOT OLD.name OR NEW.materials_json IS NOT OLD.materials_json
  OR NEW.labour_minutes IS NOT OLD.labour_minutes OR NEW.labour_rate_cents IS NOT OLD.labour_rate_cents
  OR NEW.machine_minutes IS NOT OLD.machine_minutes OR NEW.machine_rate_cents IS NOT OLD.machine_rate_cents
  OR NEW.overhead_cents IS NOT OLD.overhead_cents OR NEW.activated_at IS NOT OLD.activated_at)
BEGIN SELECT RAISE(ABORT, 'an active recipe version never changes; save a new version'); END;
CREATE TRIGGER production_recipes_status_forward BEFORE UPDATE OF status ON production_recipes
WHEN OLD.status = 'retired' OR (OLD.status = 'active' AND NEW.status <> 'retired')
BEGIN SELECT RAISE(ABORT, 'a recipe version goes draft → active → retired, never back'); END;
CREATE TRIGGER production_recipes_no_delete BEFORE DELETE ON production_recipes
WHEN OLD.status <> 'draft'
BEGIN SELECT RAISE(ABORT, 'an active or retired recipe version is never deleted'); END;

CREATE TABLE production_runs (
  id           INTEGER PRIMARY KEY,
  number       INTEGER NOT NULL UNIQUE CHECK (number > 0),
  recipe_id    INTEGER NOT NULL REFERENCES production_recipes (id),
  title        TEXT NOT NULL CHECK (length(trim(title)) > 0),
  planned_qty  INTEGER NOT NULL CHECK (planned_qty >= 1),
  status       TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'completed')),
  started_on   TEXT NOT NULL,
  completed_on TEXT,
  notes        TEXT NOT NULL DEFAULT '',
  created_by   INTEGER REFERENCES persons (id),
  created_at   TEXT NOT NULL
);
CREATE TRIGGER production_runs_no_delete BEFORE DELETE ON production_runs
BEGIN SELECT RAISE(ABORT, 'production runs are never deleted'); END;
CREATE TRIGGER production_runs_recipe_active BEFORE INSERT ON production_runs
WHEN (SELECT status FROM production_recipes WHERE id = NEW.recipe_id) IS NOT 'active'
BEGIN SELECT RAISE(ABORT, 'a run uses an active recipe version'); END;

CREATE TABLE production_run_jobs (
  run_id INTEGER NOT NULL REFERENCES production_runs (id),
  job_id INTEGER NOT NULL UNIQUE REFERENCES jobs (id),
  PRIMARY KEY (run_id, job_id)
);

CREATE TABLE production_materials (
  id         INTEGER PRIMARY KEY,
  run_id     INTEGER NOT NULL REFERENCES production_runs (id),
  name       TEXT NOT NULL CHECK (length(trim(name)) > 0),
  quantity   REAL NOT NULL CHECK (quantity > 0),
  unit       TEXT NOT NULL,
  cost_cents INTEGER NOT NULL CHECK (typeof(cost_cents) = 'integer' AND cost_cents >= 0),
  source     TEXT NOT NULL CHECK (source IN ('purchased', 'donated')),
  by_id      INTEGER REFERENCES persons (id),
  at         TEXT NOT NULL
);

CREATE TABLE production_labour (
  id         INTEGER PRIMARY KEY,
  run_id     INTEGER NOT NULL REFERENCES production_runs (id),
  person_id  INTEGER REFERENCES persons (id),
  name       TEXT NOT NULL CHECK (length(trim(name)) > 0),
  kind       TEXT NOT NULL CHECK (kind IN ('paid', 'member', 'volunteer')),
  minutes    INTEGER NOT NULL CHECK (minutes > 0),
  rate_cents INTEGER NOT NULL CHECK (typeof(rate_cents) = 'integer' AND rate_cents >= 0),
  cost_cents INTEGER NOT NULL CHECK (typeof(cost_cents) = 'integer' AND cost_cents >= 0),
  by_id      INTEGER REFERENCES persons (id),
  at         TEXT NOT NULL
);

CREATE TABLE production_qc (
  id         INTEGER PRIMARY KEY,
  run_id     INTEGER NOT NULL REFERENCES production_runs (id),
  check_kind TEXT NOT NULL CHECK (check_kind IN ('visual', 'fit', 'sanitation', 'other')),
  passed     INTEGER NOT NULL CHECK (passed >= 0),
  failed     INTEGER NOT NULL CHECK (failed >= 0),
  notes      TEXT,
  by_id      INTEGER REFERENCES persons (id),
  at         TEXT NOT NULL,
  CHECK (passed + failed > 0)
);

CREATE TABLE production_tier_policies (
  run_id   INTEGER NOT NULL REFERENCES production_runs (id),
  tier_id  INTEGER NOT NULL REFERENCES priority_tiers (id),
  price_bp INTEGER NOT NULL CHECK (price_bp >= 0),
  cap      INTEGER CHECK (cap IS NULL OR cap >= 1),
  PRIMARY KEY (run_id, tier_id)
);

CREATE TABLE production_recipients (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL CHECK (length(trim(name)) > 0),
  tier_id    INTEGER NOT NULL REFERENCES priority_tiers (id),
  contact    TEXT,
  notes      TEXT,
  created_at TEXT NOT NULL
);

CREATE TABLE production_requests (
  id               INTEGER PRIMARY KEY,
  recipient_id     INTEGER NOT NULL REFERENCES production_recipients (id),
  product_id       INTEGER NOT NULL REFERENCES production_products (id),
  quantity         INTEGER NOT NULL CHECK (quantity >= 1),
  status           TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'filled', 'withdrawn')),
  requested_at     TEXT NOT NULL,
  notes            TEXT,
  withdrawn_reason TEXT
);

CREATE TABLE production_distributions (
  id               INTEGER PRIMARY KEY,
  number           INTEGER NOT NULL UNIQUE CHECK (number > 0),
  run_id           INTEGER NOT NULL REFERENCES production_runs (id),
  recipient_id     INTEGER NOT NULL REFERENCES production_recipients (id),
  tier_id          INTEGER NOT NULL REFERENCES priority_tiers (id),
  request_id       INTEGER REFERENCES production_requests (id),
  quantity         INTEGER NOT NULL CHECK (quantity >= 1),
  unit_cost_cents  INTEGER NOT NULL CHECK (typeof(unit_cost_cents) = 'integer' AND unit_cost_cents >= 0),
  price_bp         INTEGER NOT NULL CHECK (price_bp >= 0),
  unit_price_cents INTEGER NOT NULL CHECK (typeof(unit_price_cents) = 'integer' AND unit_price_cents >= 0),
  total_cents      INTEGER NOT NULL CHECK (total_cents = unit_price_cents * quantity),
  journal_entry_id INTEGER REFERENCES treasury_entries (id),
  on_date          TEXT NOT NULL,
  by_id            INTEGER REFERENCES persons (id),
  at               TEXT NOT NULL,
  CHECK ((total_cents = 0) = (journal_entry_id IS NULL))
);
CREATE INDEX production_distributions_run ON production_distributions (run_id);
CREATE TRIGGER production_distributions_qc_cap BEFORE INSERT ON production_distributions
WHEN (SELECT coalesce(sum(quantity), 0) FROM production_distributions WHERE run_id = NEW.run_id) + NEW.quantity >
     (SELECT coalesce(sum(passed), 0) FROM production_qc WHERE run_id = NEW.run_id)
BEGIN SELECT RAISE(ABORT, 'distributed quantity would exceed what passed QC'); END;
CREATE TRIGGER production_distributions_no_update BEFORE UPDATE ON production_distributions
BEGIN SELECT RAISE(ABORT, 'distributions are append-only'); END;
CREATE TRIGGER production_distributions_no_delete BEFORE DELETE ON production_distributions
BEGIN SELECT RAISE(ABORT, 'distributions are append-only'); END;

-- A tier passed over while it still had open requests, and why.
CREATE TABLE production_skips (
  id              INTEGER PRIMARY KEY,
  run_id          INTEGER NOT NULL REFERENCES production_runs (id),
  tier_id         INTEGER NOT NULL REFERENCES priority_tiers (id),
  reason          TEXT NOT NULL CHECK (length(trim(reason)) > 0),
  by_id           INTEGER REFERENCES persons (id),
  at              TEXT NOT NULL
);

CREATE TABLE production_stock_moves (
  id              INTEGER PRIMARY KEY,
  product_id      INTEGER NOT NULL REFERENCES production_products (id),
  kind            TEXT NOT NULL CHECK (kind IN ('produced', 'donated_in', 'distributed', 'sold', 'damaged', 'counted')),
  quantity        INTEGER NOT NULL CHECK (quantity <> 0),
  run_id          INTEGER REFERENCES production_runs (id),
  distribution_id INTEGER REFERENCES production_distributions (id),
  reason          TEXT,
  by_id           INTEGER REFERENCES persons (id),
  at              TEXT NOT NULL,
  CHECK ((kind IN ('produced', 'donated_in') AND quantity > 0)
      OR (kind IN ('distributed', 'sold', 'damaged') AND quantity < 0)
      OR kind = 'counted')
);
CREATE INDEX production_stock_moves_product ON production_stock_moves (product_id, id);
CREATE TRIGGER production_stock_never_negative BEFORE INSERT ON production_stock_moves
WHEN (SELECT coalesce(sum(quantity), 0) FROM production_stock_moves WHERE product_id = NEW.product_id) + NEW.quantity < 0
BEGIN SELECT RAISE(ABORT, 'stock on hand would go below zero'); END;
CREATE TRIGGER production_stock_moves_no_update BEFORE UPDATE ON production_stock_moves
BEGIN SELECT RAISE(ABORT, 'stock moves are append-only'); END;
CREATE TRIGGER production_stock_moves_no_delete BEFORE DELETE ON production_stock_moves
BEGIN SELECT RAISE(ABORT, 'stock moves are append-only'); END;
