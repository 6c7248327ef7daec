import type { Db, WriteTx } from '../store/store.js';
import { labToday } from '../kernel/lab-time.js';
import { postEntry } from '../treasury/journal.js';
import type { StockMoveKind } from './stock.js';

/**
 * Finished goods on the books at cost (issue 12). A run's lot gets one unit cost, in integer cents, when its first
 * units pass QC: the run's planned (standard) unit cost — the recipe times the planned quantity, divided by it,
 * half-up to the cent (costing.ts `plannedCost`). The real cost is not used: it is spread over the units that passed
 * QC so far, so it is only right once QC is finished, and units accepted earlier would enter at a cost the run never
 * had. Every stock move in a costed lot posts quantity × its unit cost to Assets:Inventory, so stock on hand × unit
 * cost equals the Inventory balance to the cent. The rounding remainder (planned total − units × unit, at most half a
 * cent a unit, either way) and the difference between real and planned cost are never capitalised: they stay in the
 * expenses where the costs were booked. A lot never changes its unit cost. Lots with stock from before migration 041
 * have no cost and stay off the books. There is one lot per run and each move names its lot, so a distribution
 * draws at one lot's cost (FIFO across lots is not needed while a run distributes only from its own lot).
 */

export const INVENTORY_ACCOUNT = 'Assets:Inventory';

const COUNTER_ACCOUNT: Record<StockMoveKind, string> = {
  produced: 'Expenses:Production:CostTransfer',
  donated_in: 'Expenses:Production:StockAdjustments',
  bought_in: 'Expenses:Production:StockAdjustments',
  distributed: 'Expenses:CostOfGoodsDistributed',
  sold: 'Expenses:CostOfGoodsDistributed',
  damaged: 'Expenses:Production:StockAdjustments',
  counted: 'Expenses:Production:StockAdjustments',
};

const WORDS: Record<StockMoveKind, string> = {
  produced: 'accepted into stock from',
  donated_in: 'donated into',
  bought_in: 'bought into',
  distributed: 'distributed from',
  sold: 'sold from',
  damaged: 'damaged in',
  counted: 'corrected by count in',
};

export function lotUnitCost(db: Db, lotId: number): number | null {
  const row = db.prepare('SELECT unit_cents FROM production_lot_costs WHERE lot_id = ?').get(lotId) as
    { unit_cents: number } | undefined;
  return row?.unit_cents ?? null;
}

/**
 * Fixes a made lot's unit cost from the run's planned cost and quantity, once, before its first units enter it.
 * A lot that already holds moves (stock from before migration 041) is left off the books.
 */
export function fixLotCost(
  tx: WriteTx,
  lotId: number,
  planned: { totalCents: number; units: number; unitCents: number | null },
): void {
  if (lotUnitCost(tx.db, lotId) !== null || planned.unitCents === null || planned.units < 1) return;
  const moves = tx.db
    .prepare('SELECT count(*) AS n FROM production_stock_moves WHERE lot_id = ?')
    .get(lotId) as {
    n: number;
  };
  if (moves.n > 0) return;
  tx.db
    .prepare(
      'INSERT INTO production_lot_costs (lot_id, unit_cents, total_cents, units, at) VALUES (?, ?, ?, ?, ?)',
    )
    .run(lotId, planned.unitCents, planned.totalCents, planned.units, tx.at);
  tx.audit('production_lot_cost', lotId, 'fix', null, planned);
}

/** Posts one stock move of a costed lot to Assets:Inventory at the lot's unit cost, and keeps the link. */
export function postInventoryMove(
  tx: WriteTx,
  move: {
    id: number;
    lotId: number;
    kind: StockMoveKind;
    quantity: number;
    productName: string;
    on?: string;
  },
): void {
  const unit = lotUnitCost(tx.db, move.lotId);
  if (unit === null || unit === 0) return;
  const amount = move.quantity * unit;
  const entry = postEntry(tx, {
    date: move.on ?? labToday(tx.db, tx.at),
    memo: `${Math.abs(move.quantity)} ${move.productName} ${WORDS[move.kind]} lot ${move.lotId} at cost`,
    kind: 'production-inventory',
    lines: [
      { account: INVENTORY_ACCOUNT, amount },
      { account: COUNTER_ACCOUNT[move.kind], amount: -amount },
    ],
  });
  tx.db
    .prepare(
      'INSERT INTO production_inventory_postings (stock_move_id, lot_id, entry_id, quantity, unit_cents) VALUES (?, ?, ?, ?, ?)',
    )
    .run(move.id, move.lotId, entry.id, move.quantity, unit);
}
