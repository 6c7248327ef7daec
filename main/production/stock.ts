import type { StockLot } from '../../preload/contract/methods/production.js';
import type { Db, Store, WriteTx } from '../store/store.js';
import { DeskError, notFound } from '../kernel/errors.js';
import { postInventoryMove } from './inventory.js';

/**
 * Stock of finished products, kept in lots that remember where the units came from (made by a run, donated,
 * bought). On hand is the sum of the moves, per lot and per product, and neither goes below zero (trigger and check).
 */

export type StockMoveKind =
  'produced' | 'donated_in' | 'bought_in' | 'distributed' | 'sold' | 'damaged' | 'counted';

export function lotOnHand(db: Db, lotId: number): number {
  return (
    db
      .prepare('SELECT coalesce(sum(quantity), 0) AS n FROM production_stock_moves WHERE lot_id = ?')
      .get(lotId) as { n: number }
  ).n;
}

const SOURCE_WORDS: Record<StockLot['source'], string> = {
  made: 'made',
  donated: 'donated',
  bought: 'bought',
  opening: 'on hand before lots were kept',
};

/** A lot in words, for refusals: "lot 3 (donated for school kits)". */
export function lotWords(lot: StockLot): string {
  if (lot.source === 'made') return `lot ${lot.id} (made by run ${lot.runNumber ?? '?'})`;
  if (lot.purpose !== null) return `lot ${lot.id} (donated for ${lot.purpose})`;
  return `lot ${lot.id} (${SOURCE_WORDS[lot.source]})`;
}

const SELECT_LOT = `SELECT l.id, l.product_id AS productId, l.source, l.run_id AS runId, r.number AS runNumber,
  l.purpose, l.notes, l.created_at AS createdAt,
  (SELECT coalesce(sum(m.quantity), 0) FROM production_stock_moves m WHERE m.lot_id = l.id) AS onHand
  FROM production_lots l LEFT JOIN production_runs r ON r.id = l.run_id`;

export function listLots(db: Db, productId: number): StockLot[] {
  productName(db, productId);
  return db.prepare(`${SELECT_LOT} WHERE l.product_id = ? ORDER BY l.id`).all(productId) as StockLot[];
}

export function getLot(db: Db, lotId: number): StockLot {
  const lot = db.prepare(`${SELECT_LOT} WHERE l.id = ?`).get(lotId) as StockLot | undefined;
  if (lot === undefined) throw notFound('Stock lot', lotId);
  return lot;
}

/** The lot a run makes into (and distributes from), created with the run's first passed units. */
export function runLot(tx: WriteTx, runId: number, productId: number): number {
  const found = tx.db.prepare('SELECT id FROM production_lots WHERE run_id = ?').get(runId) as
    { id: number } | undefined;
  if (found !== undefined) return found.id;
  return newLot(tx, { productId, source: 'made', runId });
}

/** The run's lot id, or null when nothing of the run has entered stock yet. */
export function runLotId(db: Db, runId: number): number | null {
  const found = db.prepare('SELECT id FROM production_lots WHERE run_id = ?').get(runId) as
    { id: number } | undefined;
  return found?.id ?? null;
}

function newLot(
  tx: WriteTx,
  lot: {
    productId: number;
    source: StockLot['source'];
    runId?: number;
    purpose?: string | null;
    notes?: string | null;
  },
): number {
  const id = Number(
    tx.db
      .prepare(
        `INSERT INTO production_lots (product_id, source, run_id, purpose, notes, created_by, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        lot.productId,
        lot.source,
        lot.runId ?? null,
        lot.purpose ?? null,
        lot.notes ?? null,
        tx.actor,
        tx.at,
      ).lastInsertRowid,
  );
  tx.audit('production_lot', id, 'create', null, lot);
  return id;
}

export function onHand(db: Db, productId: number): number {
  return (
    db
      .prepare('SELECT coalesce(sum(quantity), 0) AS n FROM production_stock_moves WHERE product_id = ?')
      .get(productId) as { n: number }
  ).n;
}

export function productName(db: Db, productId: number): string {
  const row = db.prepare('SELECT name FROM production_products WHERE id = ?').get(productId) as
    { name: string } | undefined;
  if (row === undefined) throw notFound('Product', productId);
  return row.name;
}

export function listProducts(db: Db) {
  return (
    db.prepare('SELECT id, code, name FROM production_products ORDER BY name').all() as {
      id: number;
      code: string;
      name: string;
    }[]
  ).map((p) => ({ ...p, onHand: onHand(db, p.id) }));
}

/** Appends one stock move; refuses (with a sentence) one that would take stock on hand below zero. */
export function moveStock(
  tx: WriteTx,
  move: {
    productId: number;
    kind: StockMoveKind;
    quantity: number;
    lotId: number;
    runId?: number | null;
    distributionId?: number | null;
    reason?: string | null;
    /** The business day of the move, for its entry at cost (default: today in the lab). */
    on?: string;
  },
): void {
  if (move.quantity === 0) return;
  const have = onHand(tx.db, move.productId);
  if (have + move.quantity < 0) {
    throw new DeskError(
      'RULE_VIOLATION',
      `Only ${have} ${productName(tx.db, move.productId)} on hand; ${-move.quantity} cannot go out.`,
      { onHand: have },
    );
  }
  const inLot = lotOnHand(tx.db, move.lotId);
  if (inLot + move.quantity < 0) {
    throw new DeskError(
      'RULE_VIOLATION',
      `Only ${inLot} ${productName(tx.db, move.productId)} in ${lotWords(getLot(tx.db, move.lotId))}; ${-move.quantity} cannot go out of it.`,
      { onHand: inLot, lotId: move.lotId },
    );
  }
  const id = tx.db
    .prepare(
      `INSERT INTO production_stock_moves (product_id, kind, quantity, run_id, distribution_id, reason, by_id, at, lot_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      move.productId,
      move.kind,
      move.quantity,
      move.runId ?? null,
      move.distributionId ?? null,
      move.reason ?? null,
      tx.actor,
      tx.at,
      move.lotId,
    ).lastInsertRowid;
  tx.audit(
    'production_stock_move',
    Number(id),
    move.kind,
    { onHand: have },
    { onHand: have + move.quantity, ...move },
  );
  postInventoryMove(tx, {
    id: Number(id),
    lotId: move.lotId,
    kind: move.kind,
    quantity: move.quantity,
    productName: productName(tx.db, move.productId),
    ...(move.on === undefined ? {} : { on: move.on }),
  });
}

export function stockMoves(db: Db, productId: number) {
  productName(db, productId);
  return (
    db
      .prepare(
        `SELECT id, product_id, kind, quantity, run_id, lot_id, reason, at FROM production_stock_moves
         WHERE product_id = ? ORDER BY id DESC`,
      )
      .all(productId) as {
      id: number;
      product_id: number;
      kind: StockMoveKind;
      quantity: number;
      run_id: number | null;
      lot_id: number;
      reason: string | null;
      at: string;
    }[]
  ).map((m) => ({
    id: m.id,
    productId: m.product_id,
    kind: m.kind,
    quantity: m.quantity,
    runId: m.run_id,
    lotId: m.lot_id,
    reason: m.reason,
    at: m.at,
  }));
}

/**
 * Goods donated or bought in (each a new lot that keeps its source; a donation may carry the purpose it was given
 * for), damaged, or a count of one lot (the count books the difference from what that lot's moves say).
 */
export function adjustStock(
  store: Store,
  actor: number,
  input: {
    productId: number;
    kind: 'donated_in' | 'bought_in' | 'damaged' | 'counted';
    quantity: number;
    reason: string;
    lotId?: number | undefined;
    purpose?: string | undefined;
  },
) {
  const name = productName(store.db, input.productId);
  if (input.kind !== 'counted' && input.quantity === 0)
    throw new DeskError('INVALID_INPUT', 'Give a quantity of at least 1.', { field: 'quantity' });
  const purpose = input.purpose?.trim() ?? '';
  if (purpose !== '' && input.kind !== 'donated_in')
    throw new DeskError('INVALID_INPUT', 'Only a donation carries a purpose given by its donor.', {
      field: 'purpose',
    });
  const incoming = input.kind === 'donated_in' || input.kind === 'bought_in';
  if (incoming && input.lotId !== undefined)
    throw new DeskError('INVALID_INPUT', 'Goods coming in start a lot of their own; leave the lot out.', {
      field: 'lotId',
    });
  const lot = incoming ? null : chooseLot(store.db, input.productId, input.lotId, name);
  store.write({ actor, reason: input.reason }, (tx) => {
    if (lot === null) {
      const lotId = newLot(tx, {
        productId: input.productId,
        source: input.kind === 'donated_in' ? 'donated' : 'bought',
        purpose: purpose === '' ? null : purpose,
        notes: input.reason,
      });
      moveStock(tx, {
        productId: input.productId,
        kind: input.kind,
        quantity: input.quantity,
        lotId,
        reason: input.reason,
      });
      return;
    }
    const have = lotOnHand(tx.db, lot.id);
    const quantity = input.kind === 'damaged' ? -input.quantity : input.quantity - have;
    if (quantity === 0) {
      tx.audit('production_stock_count', input.productId, 'count-matches', null, {
        lotId: lot.id,
        onHand: have,
      });
      return;
    }
    moveStock(tx, {
      productId: input.productId,
      kind: input.kind,
      quantity,
      lotId: lot.id,
      reason: input.reason,
    });
  });
  return {
    id: input.productId,
    code: codeOf(store.db, input.productId),
    name,
    onHand: onHand(store.db, input.productId),
  };
}

/** The lot a damage or a count is about: the one named, or the product's only lot; otherwise the person must say. */
function chooseLot(db: Db, productId: number, lotId: number | undefined, name: string): StockLot {
  const lots = listLots(db, productId);
  if (lotId !== undefined) {
    const lot = lots.find((l) => l.id === lotId);
    if (lot === undefined)
      throw new DeskError('INVALID_INPUT', `Lot ${lotId} is not a lot of ${name}.`, { field: 'lotId' });
    return lot;
  }
  if (lots.length === 1) return lots[0]!;
  if (lots.length === 0)
    throw new DeskError('RULE_VIOLATION', `There is no ${name} in stock to damage or count yet.`);
  throw new DeskError(
    'INVALID_INPUT',
    `${name} is kept in ${lots.length} lots (${lots.map(lotWords).join(', ')}): say which lot.`,
    { field: 'lotId' },
  );
}

function codeOf(db: Db, productId: number): string {
  return (db.prepare('SELECT code FROM production_products WHERE id = ?').get(productId) as { code: string })
    .code;
}
