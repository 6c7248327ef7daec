import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from '../../helpers/temp-host.js';

/** The demo lab (`--demo`): a queue across the simulated machines and the finished mask drive with distributions. */
describe('jobs and production demo data', () => {
  let t: TestHost;
  beforeAll(async () => {
    t = await startTestHost({ demo: true });
  }, 30_000);
  afterAll(async () => {
    await t.close();
  });

  it('queues jobs on both simulated machines, in tier order, with one request waiting for approval', async () => {
    // The lab's hand-run machines (issue 16 demo) have lanes too; the queue is on the simulated ones.
    const lanes = (await t.admin.ok('jobs.queue', {})).filter((l) => l.machine.simulated);
    expect(lanes.map((l) => [l.machine.name, l.queued.map((j) => j.title)])).toEqual([
      ['Practice printer (simulated Marlin)', ['Calibration cube', 'Two cubes for the class table']],
      ['Practice router (simulated Grbl)', ['Pocket test before the plywood order']],
    ]);
    expect(lanes.every((l) => l.machine.simulated && l.machine.streams && !l.machine.down)).toBe(true);
    const waiting = await t.admin.ok('jobs.list', { statuses: ['submitted'] });
    expect(waiting.map((j) => j.title)).toEqual(['Shelf bracket']);
  });

  it('keeps the mask drive in the history (25 plates with duration and material) and in the printer counters', async () => {
    const history = await t.admin.ok('jobs.history', { search: 'Mask frames' });
    expect(history).toHaveLength(25);
    expect(
      history.every(
        (h) => h.outcome === 'normal' && (h.durationSeconds ?? 0) > 0 && (h.materialGrams ?? 0) > 0,
      ),
    ).toBe(true);
    const printer = (await t.admin.ok('jobs.queue', {})).find(
      (l) => l.machine.name === 'Practice printer (simulated Marlin)',
    )!.machine.id;
    const maintenance = await t.admin.ok('jobs.maintenance.get', { machineId: printer });
    expect(maintenance.counters.find((c) => c.counter === 'print_hours')!.value).toBeGreaterThan(0);
    expect(maintenance.reminders.map((r) => r.title)).toContain('Clean the nozzle and check the belts');
  });

  it('has a finished mask-drive run whose distributions follow the tiers and never exceed what passed QC', async () => {
    const overview = await t.admin.ok('production.overview', {});
    const run = await t.admin.ok('production.runs.get', { id: overview.runs[0]!.id });
    expect(run.run).toMatchObject({ status: 'completed', plannedQty: 200, goodQty: 190, rejectedQty: 10 });
    expect(run.recipe).toMatchObject({ code: 'face-mask', version: 2, status: 'active' });
    expect(run.run.distributedQty).toBe(190);
    expect(run.available).toBe(0);
    const byTier = new Map<string, number>();
    for (const d of run.distributions) byTier.set(d.tierName, (byTier.get(d.tierName) ?? 0) + d.quantity);
    expect(Object.fromEntries(byTier)).toEqual({
      'Core staff': 15,
      Members: 40,
      'Medical facilities': 110,
      Community: 25,
    });
    const sales = run.distributions.filter((d) => d.totalCents > 0);
    expect(sales.every((d) => d.tierName === 'Community' && d.journalEntryNumber !== null)).toBe(true);
    // 5 % of the real unit cost, half-up to the cent, times the quantity.
    for (const d of sales) {
      expect(d).toMatchObject({ priceBp: 500, unitCostCents: run.real.unitCents });
      expect(d.unitPriceCents).toBe(Math.floor((d.unitCostCents * 500 + 5000) / 10_000));
      expect(d.totalCents).toBe(d.unitPriceCents * d.quantity);
    }
    // Volunteer time is shadow-priced: the real cost is more than the cash spent.
    expect(run.real.totalCents).toBeGreaterThan(run.cashCents);
  });
});
