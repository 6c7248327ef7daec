import type { Distribution, ProductionRequest } from '../../preload/contract/methods/production.js';
import type { Db } from '../store/store.js';
import { notFound } from '../kernel/errors.js';
import { receiptRef } from '../treasury/receipts.js';

/** Reading recipients, their requests and distributions. */

export function listDistributions(db: Db, runId?: number): Distribution[] {
  const rows = db
    .prepare(
      `SELECT d.*, r.name AS recipient_name, t.name AS tier_name, e.number AS entry_number, rc.number AS receipt_number
       FROM production_distributions d JOIN production_recipients r ON r.id = d.recipient_id
       JOIN priority_tiers t ON t.id = d.tier_id LEFT JOIN treasury_entries e ON e.id = d.journal_entry_id
       LEFT JOIN treasury_receipts rc ON rc.kind = 'sale' AND rc.source_id = d.id
       ${runId === undefined ? '' : 'WHERE d.run_id = @runId'} ORDER BY d.number`,
    )
    .all(runId === undefined ? {} : { runId }) as {
    id: number;
    number: number;
    run_id: number;
    recipient_id: number;
    recipient_name: string;
    tier_id: number;
    tier_name: string;
    request_id: number | null;
    quantity: number;
    unit_cost_cents: number;
    price_bp: number;
    unit_price_cents: number;
    total_cents: number;
    entry_number: number | null;
    receipt_number: string | null;
    on_date: string;
    at: string;
  }[];
  return rows.map((d) => ({
    id: d.id,
    number: d.number,
    runId: d.run_id,
    recipientId: d.recipient_id,
    recipientName: d.recipient_name,
    tierId: d.tier_id,
    tierName: d.tier_name,
    requestId: d.request_id,
    quantity: d.quantity,
    unitCostCents: d.unit_cost_cents,
    priceBp: d.price_bp,
    unitPriceCents: d.unit_price_cents,
    totalCents: d.total_cents,
    journalEntryNumber: d.entry_number,
    receipt: d.receipt_number === null ? null : receiptRef({ number: d.receipt_number }),
    on: d.on_date,
    at: d.at,
  }));
}

interface RecipientRow {
  id: number;
  name: string;
  tier_id: number;
  tier_name: string;
  contact: string | null;
  notes: string | null;
}

const toRecipient = (r: RecipientRow) => ({
  id: r.id,
  name: r.name,
  tierId: r.tier_id,
  tierName: r.tier_name,
  contact: r.contact,
  notes: r.notes,
});

export function getRecipient(db: Db, id: number) {
  const row = db
    .prepare(
      `SELECT r.*, t.name AS tier_name FROM production_recipients r JOIN priority_tiers t ON t.id = r.tier_id WHERE r.id = ?`,
    )
    .get(id) as RecipientRow | undefined;
  if (row === undefined) throw notFound('Recipient', id);
  return toRecipient(row);
}

export function listRecipients(db: Db) {
  return (
    db
      .prepare(
        `SELECT r.*, t.name AS tier_name FROM production_recipients r JOIN priority_tiers t ON t.id = r.tier_id
         ORDER BY t.rank, r.name`,
      )
      .all() as RecipientRow[]
  ).map(toRecipient);
}

const REQUEST_SELECT = `SELECT q.*, r.name AS recipient_name, r.tier_id, t.name AS tier_name, t.rank AS tier_rank,
  (SELECT coalesce(sum(d.quantity), 0) FROM production_distributions d WHERE d.request_id = q.id) AS received
  FROM production_requests q JOIN production_recipients r ON r.id = q.recipient_id JOIN priority_tiers t ON t.id = r.tier_id`;

interface RequestRow {
  id: number;
  recipient_id: number;
  recipient_name: string;
  tier_id: number;
  tier_name: string;
  tier_rank: number;
  product_id: number;
  quantity: number;
  received: number;
  status: ProductionRequest['status'];
  requested_at: string;
  notes: string | null;
}

const toRequest = (q: RequestRow): ProductionRequest => ({
  id: q.id,
  recipientId: q.recipient_id,
  recipientName: q.recipient_name,
  tierId: q.tier_id,
  tierName: q.tier_name,
  tierRank: q.tier_rank,
  productId: q.product_id,
  quantity: q.quantity,
  received: q.received,
  status: q.status,
  requestedAt: q.requested_at,
  notes: q.notes,
});

export function getRequest(db: Db, id: number): ProductionRequest {
  const row = db.prepare(`${REQUEST_SELECT} WHERE q.id = ?`).get(id) as RequestRow | undefined;
  if (row === undefined) throw notFound('Request', id);
  return toRequest(row);
}

export function listRequests(
  db: Db,
  filter: { productId?: number; openOnly?: boolean } = {},
): ProductionRequest[] {
  const where: string[] = [];
  if (filter.productId !== undefined) where.push('q.product_id = @productId');
  if (filter.openOnly === true) where.push(`q.status = 'open'`);
  return (
    db
      .prepare(
        `${REQUEST_SELECT} ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY t.rank, q.requested_at, q.id`,
      )
      .all(filter) as RequestRow[]
  ).map(toRequest);
}
