import { afterEach, describe, expect, it } from 'vitest';
import { usageReport } from '../../../main/usage/report.js';
import { labSessionsSource, usageSources } from '../../../main/usage/sources.js';
import { startTestHost, type TestHost } from '../../helpers/temp-host.js';
import { labFixture, pass, type Lab } from '../lab/helpers.js';

/** Manual machine sessions counted by the usage report (issue 16 items 2 and 6), over a real SQLite file. */
describe('usage: manual machine sessions are a source', () => {
  let t: TestHost;
  let lab: Lab;
  afterEach(async () => {
    await t.close();
  });

  async function session(
    machineId: number,
    startsAt: string,
    minutes: number,
    materialId?: number,
    used?: number,
  ): Promise<number> {
    await pass(t, lab, { to: startsAt });
    const s = await lab.trained.ok('lab.sessions.start', {
      machineId,
      ...(materialId === undefined ? {} : { materialId }),
    });
    await pass(t, lab, { ms: minutes * 60_000 });
    await lab.trained.ok('lab.sessions.stop', { id: s.id, ...(used === undefined ? {} : { used }) });
    return s.id;
  }

  /** What the lab_sessions table itself says for the instants [from, before): the sums the report must equal. */
  function sums(from: string, before: string) {
    return t.host.store.db
      .prepare(
        `SELECT count(*) AS n, coalesce(sum(duration_s), 0) AS s, coalesce(sum(used_milli), 0) AS milli
           FROM lab_sessions WHERE ended_at IS NOT NULL AND started_at >= ? AND started_at < ?`,
      )
      .get(from, before) as { n: number; s: number; milli: number };
  }

  it('counts hours, sessions and material per machine, material and lab month, on both sides of the month', async () => {
    t = await startTestHost({ start: '2026-11-30T15:00:00.000Z' });
    lab = await labFixture(t);
    const plywood = (
      await lab.staff.ok('lab.materials.save', {
        code: 'plywood-3mm',
        name: 'Plywood 3 mm',
        unit: 'sheet',
        unitCents: 450,
        tracksStock: true,
      })
    ).id;
    await lab.staff.ok('lab.materials.stock', {
      materialId: plywood,
      kind: 'received',
      quantity: 10,
      costCents: 4500,
      reason: 'Delivery',
    });
    const pla = t.host.store.db.prepare(`SELECT id FROM job_materials WHERE code = 'pla'`).get() as {
      id: number;
    };

    // 23:30 on 30 November in the lab (already 1 December in UTC): November's.
    await session(lab.laser, '2026-12-01T05:30:00.000Z', 20, plywood, 1.5);
    // 00:30 on 1 December in the lab: December's.
    await session(lab.laser, '2026-12-01T06:30:00.000Z', 45, plywood, 0.5);
    // A kilogram material is reported in grams, the unit job runs use.
    await session(lab.laser, '2026-12-02T16:00:00.000Z', 10, pla.id, 0.25);
    await session(lab.singer, '2026-12-02T17:00:00.000Z', 90);
    // Still open: not counted until it ends.
    await pass(t, lab, { to: '2026-12-02T20:00:00.000Z' });
    await lab.trained.ok('lab.sessions.start', { machineId: lab.singer });

    const nov = usageReport(t.host.store.db, '2026-11-01', '2026-11-30', [labSessionsSource]);
    const novRows = sums('2026-11-01T05:00:00.000Z', '2026-12-01T06:00:00.000Z');
    expect(novRows).toEqual({ n: 1, s: 1200, milli: 1500 });
    expect(nov.totals).toMatchObject({ sessions: novRows.n, seconds: novRows.s, failed: 0, jobs: 0 });
    expect(nov.materials).toEqual([
      { material: 'Plywood 3 mm', unit: 'sheet', consumedMilli: 1500, wasteMilli: 0, sessions: 1, failed: 0 },
    ]);

    const dec = usageReport(t.host.store.db, '2026-12-01', '2026-12-31', [labSessionsSource]);
    const decRows = sums('2026-12-01T06:00:00.000Z', '2027-01-01T06:00:00.000Z');
    expect(decRows).toEqual({ n: 3, s: 2700 + 600 + 5400, milli: 500 + 250 });
    expect(dec.totals).toMatchObject({ sessions: decRows.n, seconds: decRows.s });
    expect(dec.materials).toEqual([
      { material: 'PLA filament', unit: 'g', consumedMilli: 250_000, wasteMilli: 0, sessions: 1, failed: 0 },
      { material: 'Plywood 3 mm', unit: 'sheet', consumedMilli: 500, wasteMilli: 0, sessions: 1, failed: 0 },
    ]);
    expect(dec.machines.map((m) => [m.name, m.sessions, m.seconds])).toEqual(
      expect.arrayContaining([
        ['Epilog Zing', 2, 3300],
        ['Singer 4423', 1, 5400],
      ]),
    );

    // Over both months: per month, per machine × material × month, and the rows add up to the totals.
    const both = usageReport(t.host.store.db, '2026-11-01', '2026-12-31', [labSessionsSource]);
    expect(both.months.map((m) => [m.month, m.sessions, m.seconds])).toEqual([
      ['2026-11', 1, 1200],
      ['2026-12', 3, 8700],
    ]);
    expect(both.cells.map((c) => [c.month, c.machine, c.material, c.seconds, c.consumedMilli])).toEqual(
      expect.arrayContaining([
        ['2026-11', 'Epilog Zing', 'Plywood 3 mm', 1200, 1500],
        ['2026-12', 'Epilog Zing', 'Plywood 3 mm', 2700, 500],
        ['2026-12', 'Epilog Zing', 'PLA filament', 600, 250_000],
        ['2026-12', 'Singer 4423', null, 5400, 0],
      ]),
    );
    expect(both.cells).toHaveLength(4);
    expect(both.totals.seconds).toBe(nov.totals.seconds + dec.totals.seconds);
    expect(both.cells.reduce((a, c) => a + c.seconds, 0)).toBe(both.totals.seconds);

    // The default report reads the sessions too, through the contract.
    expect(usageSources).toContain(labSessionsSource);
    const viaContract = await lab.staff.ok('usage.report', { from: '2026-11-01', to: '2026-12-31' });
    expect(viaContract.sources).toContain('lab-sessions');
    expect(viaContract.totals).toMatchObject({ sessions: 4, seconds: 9900 });
  });

  it('counts a session closed by the Desk at its limit, with the limit as its time', async () => {
    t = await startTestHost({ start: '2026-12-08T16:00:00.000Z' });
    lab = await labFixture(t);
    await lab.trained.ok('lab.sessions.start', { machineId: lab.singer });
    await pass(t, lab, { ms: 24 * 3600_000 });
    await lab.staff.ok('lab.sessions.list', { open: false, limit: 10 });
    const row = t.host.store.db.prepare('SELECT duration_s, end_kind FROM lab_sessions').get() as {
      duration_s: number;
      end_kind: string;
    };
    expect(row.end_kind).toBe('auto_closed');
    const r = usageReport(t.host.store.db, '2026-12-01', '2026-12-31', [labSessionsSource]);
    expect(r.totals).toMatchObject({ sessions: 1, seconds: row.duration_s });
  });
});
