-- Issue 12: production records an auditor can follow.
-- 1. Units made are counted: QC never checks more than was made, and a run never makes more than it planned unless it
--    is extended, with a reason that is kept.
-- 2. Stock is kept in lots that remember their source (made by a run, donated, bought; "opening" for stock that was on
--    the shelf before lots were kept). A donated lot may carry the purpose it was given for. A run's distribution
--    draws only on the lot that run made, so donated stock is never handed out (or sold) as a run's units.

CREATE TABLE production_made (
  id       INTEGER PRIMARY KEY,
  run_id   INTEGER NOT NULL REFERENCES production_runs (id),
  quantity INTEGER NOT NULL CHECK (typeof(quantity) = 'integer' AND quantity >= 1),
  notes    TEXT,
  by_id    INTEGER REFERENCES persons (id),
  at       TEXT NOT NULL
);
CREATE INDEX production_made_run ON production_made (run_id);

CREATE TABLE production_run_extensions (
  id        INTEGER PRIMARY KEY,
  run_id    INTEGER NOT NULL REFERENCES production_runs (id),
  extra_qty INTEGER NOT NULL CHECK (typeof(extra_qty) = 'integer' AND extra_qty >= 1),
  reason    TEXT NOT NULL CHECK (length(trim(reason)) > 0),
  by_id     INTEGER REFERENCES persons (id),
  at        TEXT NOT NULL
);
CREATE INDEX production_run_extensions_run ON production_run_extensions (run_id);

-- Runs checked before units made were counted: what QC covered is what was made, and a run that QC'd more than it
-- planned is shown as extended by that much, with a reason that says why.
INSERT INTO production_made (run_id, quantity, notes, by_id, at)
  SELECT run_id, sum(passed + failed), 'units QC covered before units made were counted', NULL, max(at)
  FROM production_qc GROUP BY run_id;
INSERT INTO production_run_extensions (run_id, extra_qty, reason, by_id, at)
  SELECT r.id, m.made - r.planned_qty, 'QC covered more than planned before extensions were kept', NULL, m.at
  FROM production_runs r
  JOIN (SELECT run_id, sum(quantity) AS made, max(at) AS at FROM production_made GROUP BY run_id) m ON m.run_id = r.id
  WHERE m.made > r.planned_qty;

CREATE TRIGGER production_made_within_plan BEFORE INSERT ON production_made
WHEN (SELECT coalesce(sum(quantity), 0) FROM production_made WHERE run_id = NEW.run_id) + NEW.quantity >
     (SELECT planned_qty FROM production_runs WHERE id = NEW.run_id)
     + (SELECT coalesce(sum(extra_qty), 0) FROM production_run_extensions WHERE run_id = NEW.run_id)
BEGIN SELECT RAISE(ABORT, 'units made would exceed the planned quantity; extend the run with a reason first'); END;
CREATE TRIGGER production_qc_within_made BEFORE INSERT ON production_qc
WHEN (SELECT coalesce(sum(passed + failed), 0) FROM production_qc WHERE run_id = NEW.run_id) + NEW.passed + NEW.failed >
     (SELECT coalesce(sum(quantity), 0) FROM production_made WHERE run_id = NEW.run_id)
BEGIN SELECT RAISE(ABORT, 'QC would check more units than were made'); END;
CREATE TRIGGER production_made_no_update BEFORE UPDATE ON production_made
BEGIN SELECT RAISE(ABORT, 'units made are append-only'); END;
CREATE TRIGGER production_made_no_delete BEFORE DELETE ON production_made
BEGIN SELECT RAISE(ABORT, 'units made are append-only'); END;
CREATE TRIGGER production_run_extensions_no_update BEFORE UPDATE ON production_run_extensions
BEGIN SELECT RAISE(ABORT, 'run extensions are append-only'); END;
CREATE TRIGGER production_run_extensions_no_delete BEFORE DELETE ON production_run_extensions
BEGIN SELECT RAISE(ABORT, 'run extensions are append-only'); END;

CREATE TABLE production_lots (
  id         INTEGER PRIMARY KEY,
  product_id INTEGER NOT NULL REFERENCES production_products (id),
  source     TEXT NOT NULL CHECK (source IN ('made', 'donated', 'bought', 'opening')),
  run_id     INTEGER REFERENCES production_runs (id),
  purpose    TEXT,
  notes      TEXT,
  created_by INTEGER REFERENCES persons (id),
  created_at TEXT NOT NULL,
  CHECK ((source = 'made') = (run_id IS NOT NULL)),
  CHECK (purpose IS NULL OR (source = 'donated' AND length(trim(purpose)) > 0))
);
CREATE UNIQUE INDEX production_lots_one_per_run ON production_lots (run_id) WHERE run_id IS NOT NULL;
CREATE TRIGGER production_lots_no_update BEFORE UPDATE ON production_lots
BEGIN SELECT RAISE(ABORT, 'a lot keeps its source and purpose'); END;
CREATE TRIGGER production_lots_no_delete BEFORE DELETE ON production_lots
BEGIN SELECT RAISE(ABORT, 'lots are never deleted'); END;

INSERT INTO production_lots (product_id, source, run_id, created_at)
  SELECT product_id, 'made', run_id, min(at) FROM production_stock_moves WHERE run_id IS NOT NULL
  GROUP BY product_id, run_id;
INSERT INTO production_lots (product_id, source, notes, created_at)
  SELECT product_id, 'opening', 'stock received or counted before lots were kept', min(at)
  FROM production_stock_moves WHERE run_id IS NULL GROUP BY product_id;

-- The stock moves again, each in a lot, with goods bought in as a kind of their own. Same columns, same rules.
CREATE TABLE production_stock_moves_lots (
  id              INTEGER PRIMARY KEY,
  product_id      INTEGER NOT NULL REFERENCES production_products (id),
  kind            TEXT NOT NULL CHECK (kind IN ('produced', 'donated_in', 'bought_in', 'distributed', 'sold', 'damaged', 'counted')),
  quantity        INTEGER NOT NULL CHECK (quantity <> 0),
  run_id          INTEGER REFERENCES production_runs (id),
  distribution_id INTEGER REFERENCES production_distributions (id),
  reason          TEXT,
  by_id           INTEGER REFERENCES persons (id),
  at              TEXT NOT NULL,
  lot_id          INTEGER NOT NULL REFERENCES production_lots (id),
  CHECK ((kind IN ('produced', 'donated_in', 'bought_in') AND quantity > 0)
      OR (kind IN ('distributed', 'sold', 'damaged') AND quantity < 0)
      OR kind = 'counted')
);
INSERT INTO production_stock_moves_lots
  (id, product_id, kind, quantity, run_id, distribution_id, reason, by_id, at, lot_id)
  SELECT m.id, m.product_id, m.kind, m.quantity, m.run_id, m.distribution_id, m.reason, m.by_id, m.at,
    coalesce(
      (SELECT l.id FROM production_lots l WHERE l.run_id = m.run_id),
      (SELECT l.id FROM production_lots l WHERE l.product_id = m.product_id AND l.source = 'opening'))
  FROM production_stock_moves m;
DROP TABLE production_stock_moves;
ALTER TABLE production_stock_moves_lots RENAME TO production_stock_moves;
CREATE INDEX production_stock_moves_product ON production_stock_moves (product_id, id);
CREATE INDEX production_stock_moves_lot ON production_stock_moves (lot_id);
CREATE TRIGGER production_stock_never_negative BEFORE INSERT ON production_stock_moves
WHEN (SELECT coalesce(sum(quantity), 0) FROM production_stock_moves WHERE product_id = NEW.product_id) + NEW.quantity < 0
BEGIN SELECT RAISE(ABORT, 'stock on hand would go below zero'); END;
CREATE TRIGGER production_stock_lot_never_negative BEFORE INSERT ON production_stock_moves
WHEN (SELECT coalesce(sum(quantity), 0) FROM production_stock_moves WHERE lot_id = NEW.lot_id) + NEW.quantity < 0
BEGIN SELECT RAISE(ABORT, 'the lot would go below zero'); END;
CREATE TRIGGER production_stock_lot_of_product BEFORE INSERT ON production_stock_moves
WHEN (SELECT product_id FROM production_lots WHERE id = NEW.lot_id) IS NOT NEW.product_id
BEGIN SELECT RAISE(ABORT, 'a stock move stays in a lot of its own product'); END;
CREATE TRIGGER production_stock_run_draws_own_lot BEFORE INSERT ON production_stock_moves
WHEN NEW.run_id IS NOT NULL AND (SELECT run_id FROM production_lots WHERE id = NEW.lot_id) IS NOT NEW.run_id
BEGIN SELECT RAISE(ABORT, 'a run makes into and distributes from its own lot only'); END;
CREATE TRIGGER production_stock_moves_no_update BEFORE UPDATE ON production_stock_moves
BEGIN SELECT RAISE(ABORT, 'stock moves are append-only'); END;
CREATE TRIGGER production_stock_moves_no_delete BEFORE DELETE ON production_stock_moves
BEGIN SELECT RAISE(ABORT, 'stock moves are append-only'); END;
