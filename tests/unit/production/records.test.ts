import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../../main/kernel/clock.js';
import { migrations } from '../../../main/store/migrations/index.js';
import { openStore } from '../../../main/store/store.js';
import { verifyLedger } from '../../../main/treasury/journal.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { startTestHost, type TestHost } from '../../helpers/temp-host.js';
import { productionLab, rowCount, snapshot, type ProductionLab } from './helpers.js';

/**
 * Issue 12, item 12: QC never counts more than was made, a run never makes more than planned unless extended with a
 * reason, stock lots keep their source and a run never hands out donated stock, and a price that is not free is never
 * rounded to 0 ¢. Each rule is tested on both sides of its boundary, in the service and in the database.
 */
describe('production records an auditor can follow', () => {
  let t: TestHost;
  let lab: ProductionLab;
  beforeEach(async () => {
    t = await startTestHost();
    lab = await productionLab(t);
  });
  afterEach(async () => {
    await t.close();
  });

  it('refuses 40 good units from a run planned for 20 (the unit cost would halve), and writes nothing', async () => {
    const { staff } = lab;
    const runId = await lab.run(20);
    await staff.ok('production.runs.issueMaterial', {
      runId,
      name: 'Kit',
      quantity: 1,
      unit: 'lot',
      costCents: 6000,
    });
    const before = snapshot(t);
    expect(await staff.call('production.runs.made', { runId, quantity: 40 })).toMatchObject({
      ok: false,
      error: {
        code: 'RULE_VIOLATION',
        message:
          'Run 1 was planned for 20, and 0 are made: 40 more would be 40. Extend the run with a reason first.',
      },
    });
    expect(
      await staff.call('production.runs.qc', { runId, check: 'visual', passed: 40, failed: 0 }),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'RULE_VIOLATION',
        message:
          'Run 1 has 0 units made and not yet checked (0 made, 0 checked): a check of 40 (40 good, 0 rejected) is ' +
          'more than that. Record the units made first.',
      },
    });
    expect(snapshot(t)).toEqual(before);
    // Exactly the plan is fine; one more is not.
    await staff.ok('production.runs.made', { runId, quantity: 20 });
    expect(await staff.call('production.runs.made', { runId, quantity: 1 })).toMatchObject({
      ok: false,
      error: {
        code: 'RULE_VIOLATION',
        message:
          'Run 1 was planned for 20, and 20 are made: 1 more would be 21. Extend the run with a reason first.',
      },
    });
    // The database holds the line too.
    expect(() =>
      t.host.store.db
        .prepare("INSERT INTO production_made (run_id, quantity, at) VALUES (?, 1, 'x')")
        .run(runId),
    ).toThrow(/exceed the planned quantity/);
    const detail = await staff.ok('production.runs.get', { id: runId });
    expect(detail.run).toMatchObject({ plannedQty: 20, extraQty: 0, madeQty: 20 });
  });

  it('QC good + rejected never exceed units made: equal is fine, one more is refused (service and database)', async () => {
    const { staff } = lab;
    const runId = await lab.run(20);
    await staff.ok('production.runs.made', { runId, quantity: 12 });
    await staff.ok('production.runs.qc', { runId, check: 'visual', passed: 8, failed: 2 });
    const before = snapshot(t);
    expect(
      await staff.call('production.runs.qc', { runId, check: 'fit', passed: 2, failed: 1 }),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'RULE_VIOLATION',
        message:
          'Run 1 has 2 units made and not yet checked (12 made, 10 checked): a check of 3 (2 good, 1 rejected) is ' +
          'more than that. Record the units made first.',
      },
    });
    expect(snapshot(t)).toEqual(before);
    expect(() =>
      t.host.store.db
        .prepare(
          "INSERT INTO production_qc (run_id, check_kind, passed, failed, at) VALUES (?, 'fit', 3, 0, 'x')",
        )
        .run(runId),
    ).toThrow(/more units than were made/);
    const done = await staff.ok('production.runs.qc', { runId, check: 'fit', passed: 1, failed: 1 });
    expect(done.run).toMatchObject({ madeQty: 12, goodQty: 9, rejectedQty: 3 });
    // The unit cost is spread over the good units QC saw, not over units nobody made.
    expect(done.real.units).toBe(9);
  });

  it('a run makes more than planned only once extended, and the reason is kept', async () => {
    const { staff } = lab;
    const runId = await lab.run(20);
    await staff.ok('production.runs.made', { runId, quantity: 20 });
    expect(await staff.call('production.runs.extend', { runId, extraQty: 5, reason: '  ' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(rowCount(t, 'production_run_extensions')).toBe(0);
    const extended = await staff.ok('production.runs.extend', {
      runId,
      extraQty: 5,
      reason: 'The clinic asked for five more; fabric was left over',
    });
    expect(extended.run).toMatchObject({ plannedQty: 20, extraQty: 5 });
    expect(extended.extensions).toMatchObject([
      {
        extraQty: 5,
        reason: 'The clinic asked for five more; fabric was left over',
        byName: expect.any(String) as string,
      },
    ]);
    await staff.ok('production.runs.made', { runId, quantity: 5 });
    expect(await staff.call('production.runs.made', { runId, quantity: 1 })).toMatchObject({
      ok: false,
      error: {
        code: 'RULE_VIOLATION',
        message:
          'Run 1 was planned for 20 and extended to 25, and 25 are made: 1 more would be 26. Extend the run with a reason first.',
      },
    });
    const audit = t.host.store.db
      .prepare("SELECT reason FROM audit_log WHERE entity = 'production_run' AND action = 'extend'")
      .all() as { reason: string }[];
    expect(audit).toEqual([{ reason: 'The clinic asked for five more; fabric was left over' }]);
  });

  it('lots keep their source; a run hands out only what it made, never donated stock given for another purpose', async () => {
    const { staff } = lab;
    const runId = await lab.run(20);
    await staff.ok('production.runs.made', { runId, quantity: 10 });
    await staff.ok('production.runs.qc', { runId, check: 'sanitation', passed: 10, failed: 0 });
    await staff.ok('production.stock.adjust', {
      productId: lab.productId,
      kind: 'donated_in',
      quantity: 50,
      reason: 'From the county health office',
      purpose: 'school nurse kits',
    });
    await staff.ok('production.stock.adjust', {
      productId: lab.productId,
      kind: 'bought_in',
      quantity: 4,
      reason: 'Bought from the pharmacy',
    });
    expect(
      await staff.call('production.stock.adjust', {
        productId: lab.productId,
        kind: 'bought_in',
        quantity: 4,
        reason: 'x',
        purpose: 'school',
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'Only a donation carries a purpose given by its donor.' },
    });
    const lots = await staff.ok('production.stock.lots', { productId: lab.productId });
    expect(lots.map((l) => [l.source, l.runNumber, l.purpose, l.onHand])).toEqual([
      ['made', 1, null, 10],
      ['donated', null, 'school nurse kits', 50],
      ['bought', null, null, 4],
    ]);
    const [made, donated] = lots;
    // Damage in a product kept in several lots must say which lot.
    expect(
      await staff.call('production.stock.adjust', {
        productId: lab.productId,
        kind: 'damaged',
        quantity: 8,
        reason: 'Wet box',
      }),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        message: `Face mask is kept in 3 lots (lot ${made!.id} (made by run 1), lot ${donated!.id} (donated for school nurse kits), lot ${lots[2]!.id} (bought)): say which lot.`,
      },
    });
    await staff.ok('production.stock.adjust', {
      productId: lab.productId,
      kind: 'damaged',
      quantity: 8,
      reason: 'Wet box',
      lotId: made!.id,
    });
    const clinic = await staff.ok('production.recipients.save', {
      name: 'Clinic',
      tierId: lab.tier('medical'),
    });
    await staff.ok('production.runs.setPolicy', {
      runId,
      tiers: [{ tierId: lab.tier('medical'), priceBp: 0 }],
    });
    // 64 masks on hand, 10 passed QC, 0 distributed: but only 2 of the run's own are on the shelf.
    const before = snapshot(t);
    expect(
      await staff.call('production.distribute', {
        idempotencyKey: crypto.randomUUID(),
        runId,
        lines: [{ recipientId: clinic.id, quantity: 3 }],
      }),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'RULE_VIOLATION',
        message:
          `Only 2 Face mask made by run 1 are on the shelf; 3 were asked for. Other stock (50 in lot ${donated!.id} ` +
          `(donated for school nurse kits), 4 in lot ${lots[2]!.id} (bought)) is not handed out as this run’s units.`,
      },
    });
    expect(snapshot(t)).toEqual(before);
    expect((await staff.ok('production.runs.get', { id: runId })).available).toBe(2);
    await staff.ok('production.distribute', {
      idempotencyKey: crypto.randomUUID(),
      runId,
      lines: [{ recipientId: clinic.id, quantity: 2 }],
    });
    const after = await staff.ok('production.stock.lots', { productId: lab.productId });
    expect(after.map((l) => l.onHand)).toEqual([0, 50, 4]);
    // The database refuses a run's move into someone else's lot.
    expect(() =>
      t.host.store.db
        .prepare(
          "INSERT INTO production_stock_moves (product_id, kind, quantity, run_id, at, lot_id) VALUES (?, 'distributed', -1, ?, 'x', ?)",
        )
        .run(lab.productId, runId, donated!.id),
    ).toThrow(/its own lot only/);
  });

  it('a 1 % price of a 40 ¢ unit is sold at 1 ¢ (never 0 ¢), with its journal entry', async () => {
    const { staff } = lab;
    const runId = await lab.run(10);
    // The recipe's overhead (20 ¢ × 10 planned) plus 200 ¢ of material over 10 good units: 40 ¢ a unit.
    await staff.ok('production.runs.issueMaterial', {
      runId,
      name: 'Kit',
      quantity: 1,
      unit: 'lot',
      costCents: 200,
    });
    await staff.ok('production.runs.made', { runId, quantity: 10 });
    await staff.ok('production.runs.qc', { runId, check: 'visual', passed: 10, failed: 0 });
    const church = await staff.ok('production.recipients.save', {
      name: 'Church',
      tierId: lab.tier('community'),
    });
    await staff.ok('production.runs.setPolicy', {
      runId,
      tiers: [
        { tierId: lab.tier('community'), priceBp: 100 },
        { tierId: lab.tier('medical'), priceBp: 0 },
      ],
    });
    const detail = await staff.ok('production.runs.get', { id: runId });
    expect(detail.real.unitCents).toBe(40);
    const [sale] = await staff.ok('production.distribute', {
      idempotencyKey: crypto.randomUUID(),
      runId,
      on: '2026-11-24',
      lines: [{ recipientId: church.id, quantity: 3 }],
    });
    expect(sale).toMatchObject({ priceBp: 100, unitPriceCents: 1, totalCents: 3 });
    expect(sale!.journalEntryNumber).not.toBeNull();
    expect(verifyLedger(t.host.store.db).ok).toBe(true);
  });
});

describe('the migration keeps older production records', () => {
  it('counts what QC covered as made, shows an over-plan run as extended, and puts every move in a lot', () => {
    const dir = tempDir('cp-desk-production-');
    const clock = manualClock('2026-11-24T15:00:00.000Z');
    try {
      const old = openStore({
        dataDir: dir.path,
        clock,
        migrations: migrations.filter((m) => m.version <= 8),
      });
      const db = old.db;
      db.prepare(
        "INSERT INTO production_products (id, code, name, created_at) VALUES (1, 'mask', 'Mask', 'x')",
      ).run();
      db.prepare(
        `INSERT INTO production_recipes (id, code, version, product_id, name, status, materials_json, labour_minutes,
           labour_rate_cents, machine_minutes, machine_rate_cents, overhead_cents, created_at)
         VALUES (1, 'mask', 1, 1, 'Mask', 'active', '[]', 0, 0, 0, 0, 0, 'x')`,
      ).run();
      db.prepare(
        "INSERT INTO production_runs (id, number, recipe_id, title, planned_qty, started_on, created_at) VALUES (1, 1, 1, 'Masks', 20, '2026-11-01', 'x')",
      ).run();
      db.prepare(
        "INSERT INTO production_qc (run_id, check_kind, passed, failed, at) VALUES (1, 'visual', 40, 2, 'a')",
      ).run();
      db.prepare(
        "INSERT INTO production_stock_moves (product_id, kind, quantity, run_id, at) VALUES (1, 'produced', 40, 1, 'a')",
      ).run();
      db.prepare(
        "INSERT INTO production_stock_moves (product_id, kind, quantity, at) VALUES (1, 'donated_in', 5, 'b')",
      ).run();
      db.prepare(
        "INSERT INTO production_stock_moves (product_id, kind, quantity, at) VALUES (1, 'damaged', -1, 'c')",
      ).run();
      old.close();
      const store = openStore({ dataDir: dir.path, clock });
      try {
        const q = <T>(sql: string) => store.db.prepare(sql).all() as T[];
        expect(q('SELECT run_id, quantity FROM production_made')).toEqual([{ run_id: 1, quantity: 42 }]);
        expect(q('SELECT run_id, extra_qty FROM production_run_extensions')).toEqual([
          { run_id: 1, extra_qty: 22 },
        ]);
        expect(q('SELECT source, run_id FROM production_lots ORDER BY id')).toEqual([
          { source: 'made', run_id: 1 },
          { source: 'opening', run_id: null },
        ]);
        expect(
          q(
            'SELECT l.source, sum(m.quantity) AS n FROM production_stock_moves m JOIN production_lots l ON l.id = m.lot_id GROUP BY l.id ORDER BY l.id',
          ),
        ).toEqual([
          { source: 'made', n: 40 },
          { source: 'opening', n: 4 },
        ]);
        // The rules hold from here on: the stock table kept its triggers.
        expect(() => store.db.prepare('DELETE FROM production_stock_moves').run()).toThrow(/append-only/);
      } finally {
        store.close();
      }
    } finally {
      dir.remove();
    }
  });
});
