import type { Allocation, Distribution } from '../../preload/contract/methods/production.js';
import { getTier } from '../jobs/index.js';
import type { Db, Store, WriteTx } from '../store/store.js';
import { DeskError, notFound } from '../kernel/errors.js';
import { postEntry } from '../treasury/journal.js';
import { once } from '../treasury/idempotency.js';
import { issueSaleReceipt } from '../treasury/receipts.js';
import { suggestAllocation, unitPrice } from './costing.js';
import { getRecipient, getRequest, listDistributions, listRequests } from './distribution-rows.js';
import { runDetail, runShelf } from './run-detail.js';
import { lotWords, listLots, moveStock, runLotId } from './stock.js';

/** Recipients and requests by tier; the allocation suggestion; distributions priced per tier, capped by QC. */

export function saveRecipient(
  store: Store,
  actor: number,
  input: {
    id?: number | undefined;
    name: string;
    tierId: number;
    contact?: string | undefined;
    notes?: string | undefined;
  },
) {
  getTier(store.db, input.tierId);
  return store.write({ actor, reason: 'recipient' }, (tx) => {
    const values = [input.name, input.tierId, input.contact ?? null, input.notes ?? null];
    if (input.id === undefined) {
      const id = Number(
        tx.db
          .prepare(
            'INSERT INTO production_recipients (name, tier_id, contact, notes, created_at) VALUES (?, ?, ?, ?, ?)',
          )
          .run(...values, tx.at).lastInsertRowid,
      );
      tx.audit('production_recipient', id, 'create', null, input);
      return getRecipient(tx.db, id);
    }
    const before = getRecipient(tx.db, input.id);
    tx.db
      .prepare('UPDATE production_recipients SET name = ?, tier_id = ?, contact = ?, notes = ? WHERE id = ?')
      .run(...values, input.id);
    const after = getRecipient(tx.db, input.id);
    tx.audit('production_recipient', input.id, 'update', before, after);
    return after;
  });
}

export function createRequest(
  store: Store,
  actor: number,
  input: { recipientId: number; productId: number; quantity: number; notes?: string | undefined },
) {
  getRecipient(store.db, input.recipientId);
  if (store.db.prepare('SELECT 1 FROM production_products WHERE id = ?').get(input.productId) === undefined)
    throw notFound('Product', input.productId);
  return store.write({ actor, reason: 'request' }, (tx) => {
    const id = Number(
      tx.db
        .prepare(
          'INSERT INTO production_requests (recipient_id, product_id, quantity, requested_at, notes) VALUES (?, ?, ?, ?, ?)',
        )
        .run(input.recipientId, input.productId, input.quantity, tx.at, input.notes ?? null).lastInsertRowid,
    );
    tx.audit('production_request', id, 'create', null, input);
    return getRequest(tx.db, id);
  });
}

export function withdrawRequest(store: Store, actor: number, id: number, reason: string) {
  const before = getRequest(store.db, id);
  if (before.status !== 'open')
    throw new DeskError('RULE_VIOLATION', `That request is already ${before.status}.`);
  return store.write({ actor, reason }, (tx) => {
    tx.db
      .prepare(`UPDATE production_requests SET status = 'withdrawn', withdrawn_reason = ? WHERE id = ?`)
      .run(reason, id);
    const after = getRequest(tx.db, id);
    tx.audit('production_request', id, 'withdraw', before, after);
    return after;
  });
}

function allocationInputs(db: Db, runId: number) {
  const detail = runDetail(db, runId);
  const given = new Map<number, number>();
  for (const d of detail.distributions) given.set(d.tierId, (given.get(d.tierId) ?? 0) + d.quantity);
  const tiers = detail.policy.map((p) => ({
    tierId: p.tierId,
    rank: p.rank,
    capLeft: p.cap === null ? null : Math.max(0, p.cap - (given.get(p.tierId) ?? 0)),
    priceBp: p.priceBp,
    name: p.tierName,
  }));
  const requests = listRequests(db, { productId: detail.recipe.productId, openOnly: true }).map((r) => ({
    requestId: r.id,
    recipientId: r.recipientId,
    recipientName: r.recipientName,
    tierId: r.tierId,
    requestedAt: r.requestedAt,
    remaining: r.quantity - r.received,
  }));
  return { detail, tiers, requests };
}

export function suggest(
  db: Db,
  runId: number,
  skips: readonly { tierId: number; reason: string }[],
): Allocation {
  const { detail, tiers, requests } = allocationInputs(db, runId);
  const unitCost = detail.real.unitCents;
  const { lines, unmet } = suggestAllocation(
    detail.available,
    tiers,
    requests,
    new Set(skips.map((s) => s.tierId)),
  );
  const tierOf = (id: number) => tiers.find((t) => t.tierId === id)!;
  return {
    available: detail.available,
    unitCostCents: unitCost,
    lines: lines.map((l) => {
      const price = unitCost === null ? 0 : unitPrice(unitCost, tierOf(l.tierId).priceBp);
      return {
        requestId: l.requestId,
        recipientId: l.recipientId,
        recipientName: requests.find((r) => r.requestId === l.requestId)!.recipientName,
        tierId: l.tierId,
        tierName: tierOf(l.tierId).name,
        quantity: l.quantity,
        unitPriceCents: price,
        totalCents: price * l.quantity,
      };
    }),
    unmet: [...unmet].map(([tierId, quantity]) => ({ tierId, tierName: tierOf(tierId).name, quantity })),
  };
}

export interface DistributeInput {
  idempotencyKey?: string | undefined;
  runId: number;
  on: string;
  lines: readonly { recipientId: number; requestId?: number | undefined; quantity: number }[];
  skips: readonly { tierId: number; reason: string }[];
}

type Inputs = ReturnType<typeof allocationInputs>;
type Tier = Inputs['tiers'][number];

interface PlannedLine {
  recipientId: number;
  requestId?: number | undefined;
  quantity: number;
  recipient: ReturnType<typeof getRecipient>;
  tier: Tier;
  price: number;
}

/** Never more than passed QC and is not yet distributed, nor more of the run's own lot than is on the shelf. */
function checkSupply(db: Db, { detail }: Inputs, runId: number, total: number): void {
  const passedLeft = detail.run.goodQty - detail.run.distributedQty;
  if (total > passedLeft)
    throw new DeskError(
      'RULE_VIOLATION',
      `Only ${passedLeft} ${detail.recipe.productName} from run ${detail.run.number} passed QC and are not yet distributed; ${total} were asked for.`,
      { available: passedLeft },
    );
  // A run hands out what it made: its own lot. Donated or bought stock of the same product is never drawn here.
  const shelf = runShelf(db, runId);
  if (total > shelf) {
    const others = listLots(db, detail.recipe.productId).filter((l) => l.runId !== runId && l.onHand > 0);
    const note =
      others.length === 0
        ? ''
        : ` Other stock (${others.map((l) => `${l.onHand} in ${lotWords(l)}`).join(', ')}) is not handed out as this run’s units.`;
    throw new DeskError(
      'RULE_VIOLATION',
      `Only ${shelf} ${detail.recipe.productName} made by run ${detail.run.number} are on the shelf; ${total} were asked for.${note}`,
      { available: shelf },
    );
  }
}

/** Each line's recipient, tier and price; a request must be the recipient's, open, and want that many; caps hold. */
function priceLines(
  db: Db,
  { detail, tiers }: Inputs,
  unitCost: number,
  input: DistributeInput,
): PlannedLine[] {
  const givenPerTier = new Map<number, number>();
  const givenPerRequest = new Map<number, number>();
  return input.lines.map((l) => {
    const recipient = getRecipient(db, l.recipientId);
    const tier = tiers.find((t) => t.tierId === recipient.tierId);
    if (tier === undefined) throw new DeskError('RULE_VIOLATION', `${recipient.name}’s tier is not in use.`);
    if (l.requestId !== undefined) {
      const request = getRequest(db, l.requestId);
      if (request.recipientId !== recipient.id || request.productId !== detail.recipe.productId)
        throw new DeskError(
          'INVALID_INPUT',
          `Request ${l.requestId} is not ${recipient.name}’s request for ${detail.recipe.productName}.`,
        );
      if (request.status !== 'open')
        throw new DeskError('RULE_VIOLATION', `${recipient.name}’s request is ${request.status}.`);
      const wanted = request.quantity - request.received - (givenPerRequest.get(request.id) ?? 0);
      if (l.quantity > wanted)
        throw new DeskError(
          'INVALID_INPUT',
          `${recipient.name} asked for ${wanted} more, not ${l.quantity}.`,
        );
      givenPerRequest.set(request.id, (givenPerRequest.get(request.id) ?? 0) + l.quantity);
    }
    givenPerTier.set(tier.tierId, (givenPerTier.get(tier.tierId) ?? 0) + l.quantity);
    if (tier.capLeft !== null && (givenPerTier.get(tier.tierId) ?? 0) > tier.capLeft)
      throw new DeskError(
        'RULE_VIOLATION',
        `${tier.name} may receive ${tier.capLeft} more from this run (its cap).`,
      );
    return { ...l, recipient, tier, price: unitPrice(unitCost, tier.priceBp) };
  });
}

/**
 * Skipping a tier needs a reason: a higher tier that still waits (with room under its cap) while a lower one is
 * served. Returns the skips to record.
 */
function skipsNeeded(
  { tiers, requests }: Inputs,
  lines: readonly PlannedLine[],
  given: readonly { tierId: number; reason: string }[],
): { tierId: number; reason: string }[] {
  const givenPerTier = new Map<number, number>();
  for (const l of lines) givenPerTier.set(l.tier.tierId, (givenPerTier.get(l.tier.tierId) ?? 0) + l.quantity);
  const lowest = Math.max(...lines.map((l) => l.tier.rank));
  const reasons = new Map(given.map((s) => [s.tierId, s.reason]));
  const skipped: { tierId: number; reason: string }[] = [];
  for (const tier of tiers.filter((t) => t.rank < lowest)) {
    const served = givenPerTier.get(tier.tierId) ?? 0;
    const waiting =
      requests.filter((r) => r.tierId === tier.tierId).reduce((s, r) => s + r.remaining, 0) - served;
    const room = tier.capLeft === null ? Infinity : tier.capLeft - served;
    if (waiting <= 0 || room <= 0) continue;
    const reason = reasons.get(tier.tierId);
    if (reason === undefined)
      throw new DeskError(
        'RULE_VIOLATION',
        `${tier.name} still waits for ${Math.min(waiting, room)}: serving a lower tier first needs a reason for skipping it.`,
        { tierId: tier.tierId },
      );
    skipped.push({ tierId: tier.tierId, reason });
  }
  return skipped;
}

/**
 * One line handed out: a priced line is a sale (its own entry to production sales, and a receipt); every line
 * moves the run's lot and may fill the request.
 */
function recordLine(
  tx: WriteTx,
  actor: number,
  { detail }: Inputs,
  unitCost: number,
  input: DistributeInput,
  l: PlannedLine,
): number {
  const totalCents = l.price * l.quantity;
  const product = detail.recipe.productName;
  const entry =
    totalCents === 0
      ? null
      : postEntry(tx, {
          date: input.on,
          memo: `Sale of ${l.quantity} ${product} to ${l.recipient.name} (run ${detail.run.number}, ${l.tier.name})`,
          kind: 'production-sale',
          lines: [
            { account: 'Assets:Bank:Operating', amount: totalCents },
            { account: 'Income:Sales:Production', amount: -totalCents, fundId: 3 },
          ],
        });
  const number = tx.nextNumber('production_distribution');
  const id = Number(
    tx.db
      .prepare(
        `INSERT INTO production_distributions (number, run_id, recipient_id, tier_id, request_id, quantity, unit_cost_cents,
           price_bp, unit_price_cents, total_cents, journal_entry_id, on_date, by_id, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        number,
        input.runId,
        l.recipient.id,
        l.tier.tierId,
        l.requestId ?? null,
        l.quantity,
        unitCost,
        l.tier.priceBp,
        l.price,
        totalCents,
        entry?.id ?? null,
        input.on,
        actor,
        tx.at,
      ).lastInsertRowid,
  );
  moveStock(tx, {
    productId: detail.recipe.productId,
    kind: totalCents === 0 ? 'distributed' : 'sold',
    quantity: -l.quantity,
    runId: input.runId,
    lotId: runLotId(tx.db, input.runId)!,
    distributionId: id,
    reason: l.recipient.name,
    on: input.on,
  });
  if (l.requestId !== undefined) {
    const request = getRequest(tx.db, l.requestId);
    if (request.received >= request.quantity)
      tx.db.prepare(`UPDATE production_requests SET status = 'filled' WHERE id = ?`).run(request.id);
  }
  tx.audit('production_distribution', id, 'distribute', null, {
    number,
    recipientId: l.recipient.id,
    quantity: l.quantity,
    unitCostCents: unitCost,
    priceBp: l.tier.priceBp,
    totalCents,
  });
  if (totalCents > 0)
    issueSaleReceipt(tx, {
      distributionId: id,
      distributionNumber: number,
      date: input.on,
      quantity: l.quantity,
      productName: product,
      unitPriceCents: l.price,
      totalCents,
      buyerName: l.recipient.name,
      runNumber: detail.run.number,
    });
  return id;
}

/**
 * Hands units out. Refused whole (nothing written) when: more than passed QC and is not yet distributed, more than
 * on hand, past a tier's cap, a request that is not this recipient's or wants fewer, or a lower tier served while a
 * higher tier still waits without a skip reason. A line with a price is a sale: its own journal entry and a receipt.
 * The form's idempotency key makes a second send return the first distribution and hand nothing more out.
 */
export function distribute(store: Store, actor: number, input: DistributeInput): Distribution[] {
  const { db } = store;
  return once(db, input.idempotencyKey, 'production.distribute', input, (remember) => {
    const inputs = allocationInputs(db, input.runId);
    const unitCost = inputs.detail.real.unitCents;
    if (unitCost === null || inputs.detail.run.goodQty === 0)
      throw new DeskError(
        'RULE_VIOLATION',
        `Nothing from run ${inputs.detail.run.number} has passed QC yet.`,
      );
    checkSupply(
      db,
      inputs,
      input.runId,
      input.lines.reduce((s, l) => s + l.quantity, 0),
    );
    const lines = priceLines(db, inputs, unitCost, input);
    const skipped = skipsNeeded(inputs, lines, input.skips);
    return store.write({ actor, reason: `distribution from run ${inputs.detail.run.number}` }, (tx) => {
      for (const s of skipped) {
        tx.db
          .prepare('INSERT INTO production_skips (run_id, tier_id, reason, by_id, at) VALUES (?, ?, ?, ?, ?)')
          .run(input.runId, s.tierId, s.reason, actor, tx.at);
        tx.audit('production_skip', input.runId, 'skip-tier', null, s);
      }
      const ids = lines.map((l) => recordLine(tx, actor, inputs, unitCost, input, l));
      const made = listDistributions(tx.db, input.runId).filter((d) => ids.includes(d.id));
      remember(tx, made);
      return made;
    });
  });
}
