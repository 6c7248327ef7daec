import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postEntry, verifyLedger } from '../../../main/treasury/journal.js';
import { startTestHost, type TestHost } from '../../helpers/temp-host.js';
import { productionLab, type ProductionLab } from './helpers.js';

/** Finished goods at cost: QC accept and every move out of a made lot post to Assets:Inventory; verify-ledger checks it. */
describe('stock at cost (Assets:Inventory)', () => {
  let t: TestHost;
  let lab: ProductionLab;
  let runId: number;
  let recipient: { id: number; request: number };
  beforeEach(async () => {
    t = await startTestHost();
    lab = await productionLab(t);
    runId = await lab.run(20);
    await lab.staff.ok('production.runs.setPolicy', {
      runId,
      tiers: [{ tierId: lab.tier('community'), priceBp: 500 }],
    });
    const r = await lab.staff.ok('production.recipients.save', {
      name: 'Church',
      tierId: lab.tier('community'),
    });
    const q = await lab.staff.ok('production.requests.create', {
      recipientId: r.id,
      productId: lab.productId,
      quantity: 10,
    });
    recipient = { id: r.id, request: q.id };
  });
  afterEach(async () => {
    await t.close();
  });

  const db = () => t.host.store.db;
  const balance = (code: string) =>
    (
      db()
        .prepare(
          `SELECT coalesce(sum(l.amount_cents), 0) AS n FROM treasury_lines l
           JOIN treasury_accounts a ON a.id = l.account_id WHERE a.code = ?`,
        )
        .get(code) as { n: number }
    ).n;
  const inventoryEntries = () =>
    db()
      .prepare(
        `SELECT e.number, e.memo, a.code, l.amount_cents AS amount FROM treasury_entries e
         JOIN treasury_lines l ON l.entry_id = e.id JOIN treasury_accounts a ON a.id = l.account_id
         WHERE e.kind = 'production-inventory' ORDER BY e.number, l.line_no`,
      )
      .all();
  const lotId = () =>
    (db().prepare('SELECT id FROM production_lots WHERE run_id = ?').get(runId) as { id: number }).id;

  /** Planned: (105 materials + 250 labour + 10 machine + 20 overhead) ¢ a unit × 20 = $77.00, so $3.85 a unit. */
  const UNIT = 385;

  async function accept(passed: number, failed = 0) {
    await lab.staff.ok('production.runs.made', { runId, quantity: passed + failed });
    await lab.staff.ok('production.runs.qc', { runId, check: 'sanitation', passed, failed });
  }

  it('QC good units enter stock at the run’s planned unit cost: Dr Inventory, Cr cost transfer; rejects post nothing', async () => {
    const detail = await lab.staff.ok('production.runs.get', { id: runId });
    expect(detail.planned).toMatchObject({ totalCents: 7700, units: 20, unitCents: UNIT });
    expect(balance('Assets:Inventory')).toBe(0);
    await accept(10, 2);
    expect(inventoryEntries()).toEqual([
      {
        number: 1,
        memo: `10 Face mask accepted into stock from lot ${lotId()} at cost`,
        code: 'Assets:Inventory',
        amount: 10 * UNIT,
      },
      {
        number: 1,
        memo: `10 Face mask accepted into stock from lot ${lotId()} at cost`,
        code: 'Expenses:Production:CostTransfer',
        amount: -10 * UNIT,
      },
    ]);
    // A later check enters at the same unit cost (the lot keeps it).
    await accept(3);
    expect(balance('Assets:Inventory')).toBe(13 * UNIT);
    expect(balance('Expenses:Production:CostTransfer')).toBe(-13 * UNIT);
    expect(verifyLedger(db())).toMatchObject({ ok: true, entries: 2 });
  });

  it('a distribution (here a sale), damage and a count move the lot’s units at its unit cost', async () => {
    await accept(10);
    const line = (quantity: number) => ({
      recipientId: recipient.id,
      requestId: recipient.request,
      quantity,
    });
    await lab.staff.ok('production.distribute', {
      idempotencyKey: crypto.randomUUID(),
      runId,
      lines: [line(4)],
    });
    // The sale posted its own production-sale entry; the cost of the 4 masks went to cost of goods distributed.
    expect(balance('Assets:Inventory')).toBe(6 * UNIT);
    expect(balance('Expenses:CostOfGoodsDistributed')).toBe(4 * UNIT);
    // The price follows the real cost ($4.00 of overhead over 10 good units: 40 ¢, 5 % of it 2 ¢), apart from stock.
    expect(balance('Income:Sales:Production')).toBe(-4 * 2);
    await lab.staff.ok('production.stock.adjust', {
      productId: lab.productId,
      kind: 'damaged',
      quantity: 1,
      reason: 'Torn strap',
    });
    expect(balance('Assets:Inventory')).toBe(5 * UNIT);
    expect(balance('Expenses:Production:StockAdjustments')).toBe(UNIT);
    await lab.staff.ok('production.stock.adjust', {
      productId: lab.productId,
      kind: 'counted',
      quantity: 6,
      reason: 'Found one behind the shelf',
    });
    expect(balance('Assets:Inventory')).toBe(6 * UNIT);
    expect(verifyLedger(db())).toMatchObject({ ok: true });
  });

  it('verify-ledger names the lot when its quantity on hand no longer matches Inventory', async () => {
    await accept(10);
    expect(verifyLedger(db()).ok).toBe(true);
    // Two masks leave the lot by hand, outside the service: no entry at cost.
    db()
      .prepare(
        `INSERT INTO production_stock_moves (product_id, kind, quantity, run_id, reason, at, lot_id)
         VALUES (?, 'damaged', -2, NULL, 'by hand', '2026-11-20T12:00:00Z', ?)`,
      )
      .run(lab.productId, lotId());
    expect(verifyLedger(db())).toMatchObject({
      ok: false,
      firstBroken: {
        number: 1,
        reason: `lot ${lotId()} holds 8 on hand × $3.85 = $30.80 at cost, but Assets:Inventory holds $38.50 for it`,
      },
    });
  });

  it('verify-ledger names the lot when its unit cost is changed behind the service', async () => {
    await accept(10);
    db().exec('DROP TRIGGER production_lot_costs_no_update');
    db().prepare('UPDATE production_lot_costs SET unit_cents = 386 WHERE lot_id = ?').run(lotId());
    expect(verifyLedger(db())).toMatchObject({
      ok: false,
      firstBroken: {
        number: 1,
        reason: `lot ${lotId()} holds 10 on hand × $3.86 = $38.60 at cost, but Assets:Inventory holds $38.50 for it`,
      },
    });
  });

  it('a hand entry to Inventory is refused in words and writes nothing; one posted behind the service is named', async () => {
    await accept(10);
    const treasurer = await t.as('treasurer');
    const before = db().prepare('SELECT count(*) AS n FROM treasury_entries').get();
    for (const [debit, credit] of [
      ['Assets:Inventory', 'Assets:Bank:Operating'],
      ['Assets:Bank:Operating', 'Assets:Inventory'],
    ] as const) {
      expect(
        await treasurer.call('treasury.journal.post', {
          idempotencyKey: crypto.randomUUID(),
          date: '2026-11-20',
          memo: 'Stock by hand',
          lines: [
            { account: debit, debit: '5.00' },
            { account: credit, credit: '5.00' },
          ],
        }),
      ).toMatchObject({
        ok: false,
        error: {
          code: 'RULE_VIOLATION',
          message:
            'Assets:Inventory is kept by the stock lots at cost, so a journal entry cannot post to it; record the QC check, distribution, damage or count of the stock under Production.',
        },
      });
    }
    expect(db().prepare('SELECT count(*) AS n FROM treasury_entries').get()).toEqual(before);
    // An entry of the right kind posted behind the service, with no stock move behind it, is named by number.
    const { date } = db().prepare('SELECT date FROM treasury_entries WHERE number = 1').get() as {
      date: string;
    };
    t.host.store.write({ actor: lab.staff.personId, reason: 'behind the service' }, (tx) =>
      postEntry(tx, {
        date,
        memo: 'Stock by hand',
        kind: 'production-inventory',
        lines: [
          { account: 'Assets:Inventory', amount: 500 },
          { account: 'Expenses:Production:CostTransfer', amount: -500 },
        ],
      }),
    );
    expect(verifyLedger(db())).toMatchObject({
      ok: false,
      firstBroken: {
        number: 2,
        reason:
          'Assets:Inventory disagrees with the stock lots at cost: the journal moves it $5.00 debit, the records nothing',
      },
    });
  });
});
