import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  labourCents,
  plannedCost,
  realCost,
  recipeUnitCost,
  suggestAllocation,
  unitPrice,
} from '../../../main/production/costing.js';
import { startTestHost, type TestHost } from '../../helpers/temp-host.js';
import { maskRecipe, productionLab, snapshot, type ProductionLab } from './helpers.js';

describe('unit cost and tier prices in integer cents (half-up to the cent)', () => {
  it('prices a tier as a share of the unit cost, rounded half-up, then times the quantity', () => {
    expect(unitPrice(310, 500)).toBe(16); // 5 % of $3.10 is 15.5 ¢ → 16 ¢
    expect(unitPrice(309, 500)).toBe(15); // 15.45 ¢ → 15 ¢
    expect(unitPrice(524, 0)).toBe(0); // free
    // Issue 12: a price that is not free never rounds to 0 ¢. Both sides of the half-cent boundary at 1 %:
    expect(unitPrice(50, 100)).toBe(1); // 0.5 ¢ → 1 ¢ by half-up
    expect(unitPrice(49, 100)).toBe(1); // 0.49 ¢ would round to 0 ¢: the floor keeps it at 1 ¢
    expect(unitPrice(40, 100)).toBe(1); // 1 % of 40 ¢ (the case)
    expect(unitPrice(1, 1)).toBe(1); // the smallest price of the smallest cost
    expect(unitPrice(149, 100)).toBe(1); // 1.49 ¢ → 1 ¢ (the floor changes nothing above it)
    expect(unitPrice(150, 100)).toBe(2); // 1.5 ¢ → 2 ¢
    expect(unitPrice(0, 500)).toBe(0); // nothing to charge a share of
    expect(unitPrice(49, 0)).toBe(0); // free stays free
    expect(unitPrice(524, 10_000)).toBe(524); // at cost
    expect(labourCents(10, 1500)).toBe(250);
    expect(labourCents(1, 1999)).toBe(33); // 33.316… ¢
    expect(labourCents(3, 10)).toBe(1); // 0.5 ¢ → 1 ¢
  });

  it('plans a run from the recipe and spreads the real cost over the units that passed QC', () => {
    const recipe = {
      materialsPerUnit: 105,
      labourMinutes: 10,
      labourRateCents: 1500,
      machineMinutes: 3,
      machineRateCents: 200,
      overheadCents: 20,
    };
    expect(recipeUnitCost(recipe)).toBe(105 + 250 + 10 + 20);
    expect(plannedCost(recipe, 100)).toEqual({
      materialsCents: 10_500,
      labourCents: 25_000,
      machineCents: 1_000,
      overheadCents: 2_000,
      totalCents: 38_500,
      units: 100,
      unitCents: 385,
    });
    // 10,000 ¢ over 3 good units is 3,333.33 ¢ → 3,333 ¢; over 6 it is 1,666.67 ¢ → 1,667 ¢.
    const real = (goodQty: number) =>
      realCost({ materialsCents: 5000, labourCents: 4000, machineCents: 500, overheadCents: 500, goodQty });
    expect(real(3).unitCents).toBe(3333);
    expect(real(6).unitCents).toBe(1667);
    expect(real(0).unitCents).toBeNull();
  });

  it('suggests an allocation that fills tiers in rank order, oldest first, within caps; a skipped tier gets nothing', () => {
    const tiers = [
      { tierId: 1, rank: 1, capLeft: 5 },
      { tierId: 2, rank: 2, capLeft: null },
      { tierId: 3, rank: 3, capLeft: null },
    ];
    const requests = [
      { requestId: 10, recipientId: 1, tierId: 3, requestedAt: '2026-01-01', remaining: 50 },
      { requestId: 11, recipientId: 2, tierId: 1, requestedAt: '2026-01-03', remaining: 8 },
      { requestId: 12, recipientId: 3, tierId: 2, requestedAt: '2026-01-05', remaining: 10 },
      { requestId: 13, recipientId: 4, tierId: 2, requestedAt: '2026-01-02', remaining: 10 },
    ];
    const plain = suggestAllocation(20, tiers, requests, new Set());
    expect(plain.lines.map((l) => [l.requestId, l.quantity])).toEqual([
      [11, 5],
      [13, 10],
      [12, 5],
    ]);
    expect(Object.fromEntries(plain.unmet)).toEqual({ 1: 3, 2: 5, 3: 50 });
    const skipping = suggestAllocation(20, tiers, requests, new Set([2]));
    expect(skipping.lines.map((l) => [l.requestId, l.quantity])).toEqual([
      [11, 5],
      [10, 15],
    ]);
  });
});

describe('recipes', () => {
  let t: TestHost;
  let lab: ProductionLab;
  beforeEach(async () => {
    t = await startTestHost();
    lab = await productionLab(t);
  });
  afterEach(async () => {
    await t.close();
  });

  it('are versioned: an active version never changes; saving again writes the next version, activating it retires the old', async () => {
    const { staff } = lab;
    const v1 = (await staff.ok('production.recipes.versions', { code: 'face-mask' }))[0]!;
    expect(v1).toMatchObject({ version: 1, status: 'active', unitCostCents: 45 + 60 + 250 + 10 + 20 });
    const v2 = await staff.ok('production.recipes.save', {
      ...maskRecipe,
      name: 'Thinner frame',
      labourMinutes: 9,
    });
    expect(v2).toMatchObject({ version: 2, status: 'draft', productId: v1.productId });
    const v2b = await staff.ok('production.recipes.save', {
      ...maskRecipe,
      name: 'Thinner frame',
      labourMinutes: 8,
    });
    expect(v2b).toMatchObject({ id: v2.id, version: 2, labourMinutes: 8 });
    await staff.ok('production.recipes.activate', { id: v2.id });
    const versions = await staff.ok('production.recipes.versions', { code: 'face-mask' });
    expect(versions.map((v) => [v.version, v.status, v.labourMinutes])).toEqual([
      [1, 'retired', 10],
      [2, 'active', 8],
    ]);
    expect(() =>
      t.host.store.db.prepare('UPDATE production_recipes SET labour_minutes = 1 WHERE id = ?').run(v2.id),
    ).toThrow(/never changes/);
    expect(() =>
      t.host.store.db.prepare(`UPDATE production_recipes SET status = 'active' WHERE id = ?`).run(v1.id),
    ).toThrow(/never back/);
    // A run uses the active version only.
    expect(
      await staff.call('production.runs.create', { recipeId: v1.id, title: 'Old', plannedQty: 5 }),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'RULE_VIOLATION',
        message: 'Version 1 of face-mask is retired; runs use the active version.',
      },
    });
    expect(await staff.call('production.recipes.activate', { id: v2.id })).toMatchObject({
      ok: false,
      error: { code: 'RULE_VIOLATION', message: 'Version 2 of face-mask is already active.' },
    });
  });

  it('bad input gets a clear message and writes nothing', async () => {
    const { staff } = lab;
    const runId = await lab.run();
    const before = snapshot(t);
    const cases: [string, unknown, string, string][] = [
      ['production.recipes.save', { ...maskRecipe, code: 'Face Mask' }, 'INVALID_INPUT', 'lower-case'],
      [
        'production.recipes.save',
        { ...maskRecipe, materials: [{ name: 'x', quantity: 1, unit: 'g', centsPerUnit: -1 }] },
        'INVALID_INPUT',
        'must not be negative',
      ],
      [
        'production.runs.create',
        { recipeId: lab.recipeId, title: 'x', plannedQty: 0 },
        'INVALID_INPUT',
        'at least 1',
      ],
      [
        'production.runs.create',
        { recipeId: 99, title: 'x', plannedQty: 1 },
        'NOT_FOUND',
        'Recipe 99 does not exist.',
      ],
      [
        'production.runs.qc',
        { runId, check: 'visual', passed: 0, failed: 0 },
        'INVALID_INPUT',
        'at least one unit',
      ],
      ['production.runs.qc', { runId, check: 'visual', passed: 1.5, failed: 0 }, 'INVALID_INPUT', 'passed'],
      [
        'production.runs.addLabour',
        { runId, name: 'x', kind: 'volunteer', minutes: 0 },
        'INVALID_INPUT',
        'at least 1 minute',
      ],
      ['production.runs.addLabour', { runId, name: 'x', kind: 'gift', minutes: 5 }, 'INVALID_INPUT', 'kind'],
      [
        'production.runs.issueMaterial',
        { runId, name: 'x', quantity: 1, unit: 'g', costCents: 1.5 },
        'INVALID_INPUT',
        'costCents',
      ],
      [
        'production.runs.setPolicy',
        { runId, tiers: [{ tierId: 99, priceBp: 0 }] },
        'NOT_FOUND',
        'Priority tier 99',
      ],
      [
        'production.runs.setPolicy',
        { runId, tiers: [{ tierId: lab.tier('members'), priceBp: -5 }] },
        'INVALID_INPUT',
        'must not be negative',
      ],
      [
        'production.runs.complete',
        { id: runId, completedOn: '2020-01-01' },
        'INVALID_INPUT',
        'before it started',
      ],
    ];
    for (const [method, input, code, message] of cases) {
      expect(await staff.raw(method, input), `${method} ${JSON.stringify(input)}`).toMatchObject({
        ok: false,
        error: { code, message: expect.stringContaining(message) as string },
      });
    }
    expect(snapshot(t)).toEqual(before);
  });

  it('labour is priced by kind: volunteer time at the shadow rate, counted in the real cost but not the cash', async () => {
    const { staff } = lab;
    const runId = await lab.run(10);
    await staff.ok('production.runs.addLabour', {
      runId,
      name: 'Sewing circle',
      kind: 'volunteer',
      minutes: 90,
    });
    await staff.ok('production.runs.addLabour', { runId, name: 'Marisol', kind: 'member', minutes: 30 });
    const detail = await staff.ok('production.runs.addLabour', {
      runId,
      name: 'Darnell',
      kind: 'paid',
      minutes: 45,
      rateCents: 2000,
    });
    expect(detail.labour.map((l) => [l.kind, l.rateCents, l.costCents])).toEqual([
      ['volunteer', 1500, 2250],
      ['member', 1500, 750],
      ['paid', 2000, 1500],
    ]);
    await staff.ok('production.runs.issueMaterial', {
      runId,
      name: 'Filament',
      quantity: 1,
      unit: 'kg',
      costCents: 2500,
      source: 'donated',
    });
    const after = await staff.ok('production.runs.issueMaterial', {
      runId,
      name: 'Fabric',
      quantity: 2,
      unit: 'm',
      costCents: 1200,
    });
    expect(after.real).toMatchObject({
      materialsCents: 3700,
      labourCents: 4500,
      overheadCents: 200,
      totalCents: 8400,
      unitCents: null,
    });
    expect(after.cashCents).toBe(1200 + 750 + 1500);
    await staff.ok('production.runs.made', { runId, quantity: 9 });
    const checked = await staff.ok('production.runs.qc', {
      runId,
      check: 'sanitation',
      passed: 7,
      failed: 2,
    });
    expect(checked.run).toMatchObject({ goodQty: 7, rejectedQty: 2 });
    expect(checked.real.unitCents).toBe(1200); // 8,400 ¢ ÷ 7
    expect(checked.planned).toMatchObject({ units: 10, unitCents: 105 + 250 + 10 + 20 });
  });
});
