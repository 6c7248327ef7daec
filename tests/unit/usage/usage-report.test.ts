import { afterEach, describe, expect, it } from 'vitest';
import type { UsageReport } from '../../../preload/contract/methods/usage.js';
import { usageReport } from '../../../main/usage/report.js';
import { usageSources, type UsageSource } from '../../../main/usage/sources.js';
import { ADMIN_PASSWORD, startTestHost, type TestClient, type TestHost } from '../../helpers/temp-host.js';
import { jobsLab, type JobsLab } from '../jobs/helpers.js';

let t: TestHost;
afterEach(async () => {
  await t.close();
});

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const row = (db: TestHost['host']['store']['db'], q: string): Record<string, number> =>
  db.prepare(q).get() as Record<string, number>;

/** Every additive figure: the rows of each table add up to the totals. */
function expectRowsAddUp(r: UsageReport) {
  expect(sum(r.months.map((m) => m.seconds))).toBe(r.totals.seconds);
  expect(sum(r.months.map((m) => m.sessions))).toBe(r.totals.sessions);
  expect(sum(r.months.map((m) => m.failed))).toBe(r.totals.failed);
  expect(sum(r.months.map((m) => m.made))).toBe(r.totals.made);
  expect(sum(r.months.map((m) => m.distributed))).toBe(r.totals.distributed);
  expect(sum(r.months.map((m) => m.authorized))).toBe(r.totals.authorized);
  expect(sum(r.months.map((m) => m.tickets))).toBe(r.totals.tickets);
  expect(sum(r.machines.map((m) => m.seconds))).toBe(r.totals.seconds);
  expect(sum(r.machines.map((m) => m.sessions))).toBe(r.totals.sessions);
  expect(sum(r.machines.map((m) => m.tickets))).toBe(r.totals.tickets);
  expect(sum(r.cells.map((c) => c.seconds))).toBe(r.totals.seconds);
  expect(sum(r.cells.map((c) => c.consumedMilli))).toBe(sum(r.materials.map((m) => m.consumedMilli)));
  expect(sum(r.cells.map((c) => c.wasteMilli))).toBe(sum(r.materials.map((m) => m.wasteMilli)));
  expect(sum(r.failures.map((f) => f.wasteMilli))).toBe(sum(r.materials.map((m) => m.wasteMilli)));
  expect(r.failures).toHaveLength(r.totals.failed);
  expect(sum(r.tiers.map((x) => x.distributed))).toBe(r.totals.distributed);
  expect(sum(r.products.map((p) => p.made))).toBe(r.totals.made);
  expect(sum(r.products.map((p) => p.distributed))).toBe(r.totals.distributed);
}

describe('usage and impact over the demo lab: every total is the sum of its records', () => {
  it('matches independent sums over the same SQLite file', async () => {
    t = await startTestHost({ demo: true });
    const staff = await t.as('staff');
    const r = await staff.ok('usage.report', { from: '2024-01-01', to: '2028-12-31' });
    const db = t.host.store.db;
    const runs = row(
      db,
      `SELECT count(*) AS n, coalesce(sum(duration_s), 0) AS s, coalesce(sum(material_mg), 0) AS mg,
              sum(outcome <> 'normal') AS failed,
              coalesce(sum(CASE WHEN outcome <> 'normal' THEN material_mg END), 0) AS waste,
              count(DISTINCT job_id) AS jobs
         FROM job_runs WHERE ended_at IS NOT NULL`,
    );
    // Manual machine sessions that ended (kg materials in grams, as job runs count them); they are never waste.
    const manual = db
      .prepare(
        `SELECT count(*) AS n, coalesce(sum(s.duration_s), 0) AS s,
              coalesce(sum(CASE WHEN m.unit = 'kg' THEN s.used_milli * 1000 ELSE s.used_milli END), 0) AS milli
         FROM lab_sessions s LEFT JOIN job_materials m ON m.id = s.material_id WHERE s.ended_at IS NOT NULL`,
      )
      .get() as { n: number; s: number; milli: number };
    expect(runs.n).toBeGreaterThan(0);
    expect(manual.n).toBeGreaterThan(0);
    expect(r.totals.sessions - manual.n).toBe(runs.n);
    expect(r.totals.seconds - manual.s).toBe(runs.s);
    expect(r.totals.failed).toBe(runs.failed);
    expect(r.totals.jobs).toBe(runs.jobs);
    expect(sum(r.materials.map((m) => m.consumedMilli)) - manual.milli).toBe(runs.mg);
    expect(sum(r.materials.map((m) => m.wasteMilli))).toBe(runs.waste);

    const made = row(db, 'SELECT coalesce(sum(quantity), 0) AS q FROM production_made');
    expect(made.q).toBeGreaterThan(0);
    expect(r.totals.made).toBe(made.q);
    const byTier = db
      .prepare(
        `SELECT t.code, coalesce(sum(d.quantity), 0) AS q, count(d.id) AS n FROM priority_tiers t
           LEFT JOIN production_distributions d ON d.tier_id = t.id GROUP BY t.id ORDER BY t.rank, t.id`,
      )
      .all() as { code: string; q: number; n: number }[];
    expect(sum(byTier.map((x) => x.q))).toBeGreaterThan(0);
    expect(r.tiers.map((x) => [x.code, x.distributed, x.distributions])).toEqual(
      byTier.map((x) => [x.code, x.q, x.n]),
    );

    const trained = row(
      db,
      `SELECT count(DISTINCT a.person_id) AS n FROM training_session_attendees a
         JOIN training_sessions s ON s.id = a.session_id WHERE a.status = 'attended' AND s.status = 'held'`,
    );
    expect(trained.n).toBeGreaterThan(0);
    expect(r.totals.trained).toBe(trained.n);
    const granted = row(
      db,
      'SELECT count(*) AS n, count(DISTINCT person_id) AS people FROM training_authorizations',
    );
    expect(r.totals.authorized).toBe(granted.n);
    expect(r.totals.authorizedPeople).toBe(granted.people);
    const tickets = row(db, 'SELECT count(*) AS n FROM maintenance_tickets');
    expect(r.totals.tickets).toBe(tickets.n);
    expectRowsAddUp(r);
    expect(r.sources).toEqual(['job-runs', 'lab-sessions', 'training', 'production', 'maintenance']);
  });
});

describe('usage and impact: lab days, months, failures and waste (hand-made records)', () => {
  let lab: JobsLab;

  async function travelTo(at: string, ...clients: TestClient[]) {
    t.clock.advance(Date.parse(at) - t.clock.now().getTime());
    await t.admin.call('session.unlock', { password: ADMIN_PASSWORD });
    for (const c of clients) await c.call('session.unlock', { password: 'password-123' });
  }

  async function runOnLaser(
    title: string,
    startsAt: string,
    minutes: number,
    grams: number,
    failedWhy?: string,
  ) {
    const { staff, trainee, novice } = lab;
    await travelTo(startsAt, staff, trainee, novice);
    const id = await lab.queued(trainee, lab.laser, { title, materialId: 4 });
    await staff.ok('jobs.start', { id, bedClear: true, operatorId: trainee.personId });
    await travelTo(new Date(Date.parse(startsAt) + minutes * 60_000).toISOString(), staff, trainee, novice);
    await staff.ok('jobs.finish', {
      id,
      outcome: failedWhy === undefined ? 'normal' : 'failed',
      materialGrams: grams,
      ...(failedWhy === undefined ? {} : { notes: failedWhy }),
    });
  }

  it('counts a run on the lab day it started (America/Chicago), on both sides of midnight and of a month', async () => {
    t = await startTestHost({ start: '2026-11-24T15:00:00.000Z' });
    lab = await jobsLab(t);
    await runOnLaser('Coasters', '2026-11-24T15:00:00.000Z', 30, 5);
    // 23:30 on 30 November in the lab is already 1 December in UTC: it is November's.
    await runOnLaser('Sign', '2026-12-01T05:30:00.000Z', 10, 2.5, 'Lens dirty: the cut did not go through');
    // 00:30 on 1 December in the lab: December's.
    await runOnLaser('Box', '2026-12-01T06:30:00.000Z', 20, 3);
    await lab.staff.ok('jobs.maintenance.report', {
      machineId: lab.laser,
      kind: 'needs_check',
      title: 'Lens needs cleaning',
    });

    const nov = await lab.staff.ok('usage.report', { from: '2026-11-01', to: '2026-11-30' });
    expect(nov.totals).toMatchObject({ sessions: 2, seconds: 2400, failed: 1, jobs: 2 });
    expect(nov.materials).toEqual([
      {
        material: 'Own material (brought by the requester)',
        unit: 'g',
        consumedMilli: 7500,
        wasteMilli: 2500,
        sessions: 2,
        failed: 1,
      },
    ]);
    expect(nov.failures).toEqual([
      expect.objectContaining({
        day: '2026-11-30',
        machine: 'Laser cutter',
        wasteMilli: 2500,
        reason: 'Lens dirty: the cut did not go through',
      }),
    ]);
    const dec = await lab.staff.ok('usage.report', { from: '2026-12-01', to: '2026-12-31' });
    expect(dec.totals).toMatchObject({ sessions: 1, seconds: 1200, failed: 0, tickets: 1 });
    expect(dec.machines).toEqual([
      {
        machineId: lab.laser,
        name: 'Laser cutter',
        kind: 'laser',
        seconds: 1200,
        sessions: 1,
        jobs: 1,
        failed: 0,
        tickets: 1,
      },
    ]);

    const both = await lab.staff.ok('usage.report', { from: '2026-11-01', to: '2026-12-31' });
    expect(both.months.map((m) => [m.month, m.sessions, m.seconds, m.failed])).toEqual([
      ['2026-11', 2, 2400, 1],
      ['2026-12', 1, 1200, 0],
    ]);
    // The authorization the lab helper granted on 24 November is counted once, in November.
    expect(both.months.map((m) => m.authorized)).toEqual([1, 0]);
    expectRowsAddUp(both);
    expect(both.cells.map((c) => [c.month, c.machine, c.consumedMilli, c.wasteMilli])).toEqual([
      ['2026-11', 'Laser cutter', 7500, 2500],
      ['2026-12', 'Laser cutter', 3000, 0],
    ]);
  });

  it('a new kind of record plugs in as one more source', async () => {
    t = await startTestHost();
    lab = await jobsLab(t);
    const manualSessions: UsageSource = {
      name: 'manual-sessions',
      read: (_db, period) =>
        period.from <= '2026-11-24' && '2026-11-24' <= period.to
          ? [
              {
                source: 'manual-sessions',
                sourceId: 1,
                kind: 'run',
                day: '2026-11-24',
                machineId: lab.laser,
                jobId: null,
                personId: lab.trainee.personId,
                material: 'Plywood 3 mm',
                unit: 'sheet',
                materialMilli: 1500,
                seconds: 900,
                quantity: 1,
                product: null,
                tierCode: null,
                failed: false,
                reason: null,
              },
            ]
          : [],
    };
    const r = usageReport(t.host.store.db, '2026-11-01', '2026-11-30', [...usageSources, manualSessions]);
    expect(r.sources.at(-1)).toBe('manual-sessions');
    expect(r.totals).toMatchObject({ sessions: 1, seconds: 900, jobs: 0 });
    expect(r.materials).toEqual([
      { material: 'Plywood 3 mm', unit: 'sheet', consumedMilli: 1500, wasteMilli: 0, sessions: 1, failed: 0 },
    ]);
    expect(usageReport(t.host.store.db, '2026-12-01', '2026-12-31', [manualSessions]).totals.sessions).toBe(
      0,
    );
  });

  it('refuses a period that ends before it starts, or a date that is not one, and says why', async () => {
    t = await startTestHost();
    const staff = await t.as('staff');
    expect(await staff.call('usage.report', { from: '2026-12-01', to: '2026-11-30' })).toMatchObject({
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        message: expect.stringContaining('the period must end on or after its first day') as string,
      },
    });
    expect(await staff.call('usage.report', { from: '2026-02-30', to: '2026-03-01' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringContaining('is not a calendar date') as string },
    });
    const trainee = await t.as('trainee');
    expect(await trainee.call('usage.report', { from: '2026-11-01', to: '2026-11-30' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_AUTHORIZED' },
    });
  });
});
