import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyLedger } from '../../../main/treasury/journal.js';
import { startTestHost, type TestHost } from '../../helpers/temp-host.js';
import { productionLab, snapshot, type ProductionLab } from './helpers.js';

/** Distribution by tier: never more than passed QC, stock never negative, skipping a tier needs a reason, sales post. */
describe('distribution', () => {
  let t: TestHost;
  let lab: ProductionLab;
  let runId: number;
  const recipients: Record<string, { id: number; request: number }> = {};
  beforeEach(async () => {
    t = await startTestHost();
    lab = await productionLab(t);
    const { staff } = lab;
    runId = await lab.run(20);
    // 10 × $31.00 of cost: a unit cost of $3.10 once 10 pass QC (5 % of it is 15.5 ¢ → 16 ¢).
    await staff.ok('production.runs.issueMaterial', {
      runId,
      name: 'Kit',
      quantity: 1,
      unit: 'lot',
      costCents: 3100 - 400,
    });
    await staff.ok('production.runs.setPolicy', {
      runId,
      tiers: [
        { tierId: lab.tier('core-staff'), priceBp: 0, cap: 2 },
        { tierId: lab.tier('medical'), priceBp: 0 },
        { tierId: lab.tier('community'), priceBp: 500 },
      ],
    });
    for (const [name, code, quantity] of [
      ['Staff', 'core-staff', 3],
      ['Clinic', 'medical', 4],
      ['Church', 'community', 10],
    ] as const) {
      const r = await staff.ok('production.recipients.save', { name, tierId: lab.tier(code) });
      const q = await staff.ok('production.requests.create', {
        recipientId: r.id,
        productId: lab.productId,
        quantity,
      });
      recipients[name] = { id: r.id, request: q.id };
    }
  });
  afterEach(async () => {
    await t.close();
  });

  const line = (name: string, quantity: number) => ({
    recipientId: recipients[name]!.id,
    requestId: recipients[name]!.request,
    quantity,
  });

  it('nothing goes out before QC; then never more than passed QC, whatever the stock says', async () => {
    const { staff } = lab;
    expect(
      await staff.call('production.distribute', {
        idempotencyKey: crypto.randomUUID(),
        runId,
        lines: [line('Clinic', 1)],
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'RULE_VIOLATION', message: 'Nothing from run 1 has passed QC yet.' },
    });
    await staff.ok('production.runs.made', { runId, quantity: 12 });
    await staff.ok('production.runs.qc', { runId, check: 'sanitation', passed: 10, failed: 2 });
    // Donated masks add stock, but not QC-passed units of this run.
    await staff.ok('production.stock.adjust', {
      productId: lab.productId,
      kind: 'donated_in',
      quantity: 50,
      reason: 'Gift from a clinic',
    });
    const before = snapshot(t);
    expect(
      await staff.call('production.distribute', {
        idempotencyKey: crypto.randomUUID(),
        runId,
        lines: [line('Clinic', 4), line('Church', 7)],
        skips: [{ tierId: lab.tier('core-staff'), reason: 'Staff already masked' }],
      }),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'RULE_VIOLATION',
        message: 'Only 10 Face mask from run 1 passed QC and are not yet distributed; 11 were asked for.',
      },
    });
    expect(snapshot(t)).toEqual(before);
    // The database holds the line too.
    expect(() =>
      t.host.store.db
        .prepare(
          `INSERT INTO production_distributions (number, run_id, recipient_id, tier_id, quantity, unit_cost_cents, price_bp,
             unit_price_cents, total_cents, on_date, at) VALUES (99, ?, ?, ?, 11, 310, 0, 0, 0, '2026-11-24', 'x')`,
        )
        .run(runId, recipients.Clinic!.id, lab.tier('medical')),
    ).toThrow(/exceed what passed QC/);
  });

  it('fills tiers in order; serving a lower tier while a higher one waits needs a reason, which is kept', async () => {
    const { staff } = lab;
    await staff.ok('production.runs.made', { runId, quantity: 12 });
    await staff.ok('production.runs.qc', { runId, check: 'sanitation', passed: 10, failed: 2 });
    const suggestion = await staff.ok('production.allocation.suggest', { runId, skips: [] });
    expect(suggestion).toMatchObject({ available: 10, unitCostCents: 310 });
    expect(
      suggestion.lines.map((l) => [l.recipientName, l.quantity, l.unitPriceCents, l.totalCents]),
    ).toEqual([
      ['Staff', 2, 0, 0], // capped at 2
      ['Clinic', 4, 0, 0],
      ['Church', 4, 16, 64],
    ]);
    expect(suggestion.unmet.map((u) => [u.tierName, u.quantity])).toEqual([
      ['Core staff', 1],
      ['Community', 6],
    ]);
    const before = snapshot(t);
    expect(
      await staff.call('production.distribute', {
        idempotencyKey: crypto.randomUUID(),
        runId,
        lines: [line('Church', 5)],
      }),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'RULE_VIOLATION',
        message: 'Core staff still waits for 2: serving a lower tier first needs a reason for skipping it.',
      },
    });
    expect(snapshot(t)).toEqual(before);
    const made = await staff.ok('production.distribute', {
      idempotencyKey: crypto.randomUUID(),
      runId,
      on: '2026-11-24',
      lines: [line('Church', 5)],
      skips: [
        { tierId: lab.tier('core-staff'), reason: 'Staff masks came from the clinic' },
        { tierId: lab.tier('medical'), reason: 'Clinic picks up on Friday' },
      ],
    });
    expect(made).toMatchObject([
      {
        recipientName: 'Church',
        quantity: 5,
        unitCostCents: 310,
        priceBp: 500,
        unitPriceCents: 16,
        totalCents: 80,
      },
    ]);
    const skips = t.host.store.db.prepare('SELECT tier_id, reason FROM production_skips ORDER BY id').all();
    expect(skips).toEqual([
      { tier_id: lab.tier('core-staff'), reason: 'Staff masks came from the clinic' },
      { tier_id: lab.tier('medical'), reason: 'Clinic picks up on Friday' },
    ]);
    // The sale posted a balanced journal entry, chained to the books.
    const entry = t.host.store.db
      .prepare(
        `SELECT e.memo, sum(l.amount_cents) AS net, count(*) AS lines FROM treasury_entries e
         JOIN treasury_lines l ON l.entry_id = e.id WHERE e.number = ? GROUP BY e.id`,
      )
      .get(made[0]!.journalEntryNumber) as { memo: string; net: number; lines: number };
    expect(entry).toEqual({ memo: 'Sale of 5 Face mask to Church (run 1, Community)', net: 0, lines: 2 });
    expect(verifyLedger(t.host.store.db)).toMatchObject({ ok: true });
    // A free distribution posts nothing; caps hold.
    const free = await staff.ok('production.distribute', {
      idempotencyKey: crypto.randomUUID(),
      runId,
      lines: [line('Staff', 2), line('Clinic', 2)],
    });
    expect(free.map((d) => d.journalEntryNumber)).toEqual([null, null]);
    expect(
      await staff.call('production.distribute', {
        idempotencyKey: crypto.randomUUID(),
        runId,
        lines: [line('Staff', 1)],
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'RULE_VIOLATION', message: 'Core staff may receive 0 more from this run (its cap).' },
    });
    const detail = await staff.ok('production.runs.get', { id: runId });
    expect(detail.run.distributedQty).toBe(9);
    expect(detail.available).toBe(1);
  });

  it('stock on hand is the sum of its moves and never goes below zero', async () => {
    const { staff } = lab;
    await staff.ok('production.runs.made', { runId, quantity: 3 });
    await staff.ok('production.runs.qc', { runId, check: 'visual', passed: 3, failed: 0 });
    const before = snapshot(t);
    expect(
      await staff.call('production.stock.adjust', {
        productId: lab.productId,
        kind: 'damaged',
        quantity: 4,
        reason: 'Wet box',
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'RULE_VIOLATION', message: 'Only 3 Face mask on hand; 4 cannot go out.' },
    });
    expect(snapshot(t)).toEqual(before);
    expect(() =>
      t.host.store.db
        .prepare(
          `INSERT INTO production_stock_moves (product_id, kind, quantity, at, lot_id)
           VALUES (?, 'damaged', -4, 'x', (SELECT id FROM production_lots WHERE run_id = ?))`,
        )
        .run(lab.productId, runId),
    ).toThrow(/below zero/);
    await staff.ok('production.stock.adjust', {
      productId: lab.productId,
      kind: 'damaged',
      quantity: 1,
      reason: 'Torn',
    });
    // Two left on the shelf: the run's three passed units cannot all go out any more.
    expect(
      await staff.call('production.distribute', {
        idempotencyKey: crypto.randomUUID(),
        runId,
        lines: [line('Clinic', 3)],
        skips: [{ tierId: lab.tier('core-staff'), reason: 'later' }],
      }),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'RULE_VIOLATION',
        message: 'Only 2 Face mask made by run 1 are on the shelf; 3 were asked for.',
      },
    });
    const counted = await staff.ok('production.stock.adjust', {
      productId: lab.productId,
      kind: 'counted',
      quantity: 5,
      reason: 'Shelf count',
    });
    expect(counted.onHand).toBe(5);
    const moves = await staff.ok('production.stock.moves', { productId: lab.productId });
    expect(moves.map((m) => [m.kind, m.quantity])).toEqual([
      ['counted', 3],
      ['damaged', -1],
      ['produced', 3],
    ]);
  });

  it('a request answers only its own recipient, for no more than they still want', async () => {
    const { staff } = lab;
    await staff.ok('production.runs.made', { runId, quantity: 10 });
    await staff.ok('production.runs.qc', { runId, check: 'visual', passed: 10, failed: 0 });
    const before = snapshot(t);
    expect(
      await staff.call('production.distribute', {
        idempotencyKey: crypto.randomUUID(),
        runId,
        lines: [{ recipientId: recipients.Clinic!.id, requestId: recipients.Church!.request, quantity: 1 }],
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringContaining('is not Clinic') as string },
    });
    expect(
      await staff.call('production.distribute', {
        idempotencyKey: crypto.randomUUID(),
        runId,
        lines: [line('Staff', 2), line('Staff', 2)],
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'Staff asked for 1 more, not 2.' },
    });
    expect(
      await staff.call('production.distribute', {
        idempotencyKey: crypto.randomUUID(),
        runId,
        lines: [],
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'lines: give at least one line' },
    });
    expect(snapshot(t)).toEqual(before);
    await staff.ok('production.distribute', {
      idempotencyKey: crypto.randomUUID(),
      runId,
      lines: [line('Staff', 2)],
    });
    await staff.ok('production.requests.withdraw', {
      id: recipients.Staff!.request,
      reason: 'No longer needed',
    });
    expect(
      await staff.call('production.distribute', {
        idempotencyKey: crypto.randomUUID(),
        runId,
        lines: [line('Staff', 1)],
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'RULE_VIOLATION', message: 'Staff’s request is withdrawn.' },
    });
  });
});
