import type { Db, Store, WriteTx } from '../store/store.js';
import { DeskError, notFound } from '../shared/errors.js';

/** Stock of finished products: on hand is the sum of its moves, and never goes below zero (trigger and check). */

export type StockMoveKind = 'produced' | 'donated_in' | 'distributed' | 'sold' | 'damaged' | 'counted';

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
    runId?: number | null;
    distributionId?: number | null;
    reason?: string | null;
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
  const id = tx.db
    .prepare(
      `INSERT INTO production_stock_moves (product_id, kind, quantity, run_id, distribution_id, reason, by_id, at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
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
    ).lastInsertRowid;
  tx.audit(
    'production_stock_move',
    Number(id),
    move.kind,
    { onHand: have },
    { onHand: have + move.quantity, ...move },
  );
}

export function stockMoves(db: Db, productId: number) {
  productName(db, productId);
  return (
    db
      .prepare(
        `SELECT id, product_id, kind, quantity, run_id, reason, at FROM production_stock_moves
         WHERE product_id = ? ORDER BY id DESC`,
      )
      .all(productId) as {
      id: number;
      product_id: number;
      kind: StockMoveKind;
      quantity: number;
      run_id: number | null;
      reason: string | null;
      at: string;
    }[]
  ).map((m) => ({
    id: m.id,
    productId: m.product_id,
    kind: m.kind,
    quantity: m.quantity,
    runId: m.run_id,
    reason: m.reason,
    at: m.at,
  }));
}

/** Goods donated in, damaged, or a count: the count books the difference from what the moves say. */
export function adjustStock(
  store: Store,
  actor: number,
  input: { productId: number; kind: 'donated_in' | 'damaged' | 'counted'; quantity: number; reason: string },
) {
  const name = productName(store.db, input.productId);
  if (input.kind !== 'counted' && input.quantity === 0)
    throw new DeskError('INVALID_INPUT', 'Give a quantity of at least 1.', { field: 'quantity' });
  store.write({ actor, reason: input.reason }, (tx) => {
    const have = onHand(tx.db, input.productId);
    const quantity =
      input.kind === 'donated_in'
        ? input.quantity
        : input.kind === 'damaged'
          ? -input.quantity
          : input.quantity - have;
    if (quantity === 0) {
      tx.audit('production_stock_count', input.productId, 'count-matches', null, { onHand: have });
      return;
    }
    moveStock(tx, { productId: input.productId, kind: input.kind, quantity, reason: input.reason });
  });
  return {
    id: input.productId,
    code: codeOf(store.db, input.productId),
    name,
    onHand: onHand(store.db, input.productId),
  };
}

function codeOf(db: Db, productId: number): string {
  return (db.prepare('SELECT code FROM production_products WHERE id = ?').get(productId) as { code: string })
    .code;
}
