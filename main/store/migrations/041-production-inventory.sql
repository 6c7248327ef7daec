-- Issue 12: finished goods on the books at cost. A made lot gets its unit cost (integer cents) when its first units
-- pass QC: the run's planned (standard) unit cost; from then on every stock move in that lot posts its quantity × that unit cost to Assets:Inventory, and the
-- posting is kept here beside the move. Lots that held stock before this migration stay off the books (no cost row).
INSERT INTO treasury_accounts (code, name, type) VALUES
  ('Assets:Inventory', 'Finished goods at cost', 'asset'),
  ('Expenses:Production:CostTransfer', 'Production cost moved into finished goods', 'expense'),
  ('Expenses:CostOfGoodsDistributed', 'Cost of goods distributed or sold', 'expense'),
  ('Expenses:Production:StockAdjustments', 'Finished goods damaged or found by count', 'expense');

CREATE TABLE production_lot_costs (
  lot_id      INTEGER PRIMARY KEY REFERENCES production_lots (id),
  unit_cents  INTEGER NOT NULL CHECK (typeof(unit_cents) = 'integer' AND unit_cents >= 0),
  -- The run's planned cost and quantity it was taken from: unit = round half-up (total ÷ units).
  total_cents INTEGER NOT NULL CHECK (typeof(total_cents) = 'integer' AND total_cents >= 0),
  units       INTEGER NOT NULL CHECK (typeof(units) = 'integer' AND units >= 1),
  at          TEXT NOT NULL
);
CREATE TRIGGER production_lot_costs_no_update BEFORE UPDATE ON production_lot_costs
BEGIN SELECT RAISE(ABORT, 'a lot keeps the unit cost it entered stock at'); END;
CREATE TRIGGER production_lot_costs_no_delete BEFORE DELETE ON production_lot_costs
BEGIN SELECT RAISE(ABORT, 'a lot keeps the unit cost it entered stock at'); END;

CREATE TABLE production_inventory_postings (
  stock_move_id INTEGER PRIMARY KEY REFERENCES production_stock_moves (id),
  lot_id        INTEGER NOT NULL REFERENCES production_lots (id),
  entry_id      INTEGER NOT NULL REFERENCES treasury_entries (id),
  quantity      INTEGER NOT NULL CHECK (typeof(quantity) = 'integer' AND quantity <> 0),
  unit_cents    INTEGER NOT NULL CHECK (typeof(unit_cents) = 'integer' AND unit_cents > 0)
);
CREATE INDEX production_inventory_postings_lot ON production_inventory_postings (lot_id);
CREATE TRIGGER production_inventory_postings_no_update BEFORE UPDATE ON production_inventory_postings
BEGIN SELECT RAISE(ABORT, 'inventory postings are append-only'); END;
CREATE TRIGGER production_inventory_postings_no_delete BEFORE DELETE ON production_inventory_postings
BEGIN SELECT RAISE(ABORT, 'inventory postings are append-only'); END;
