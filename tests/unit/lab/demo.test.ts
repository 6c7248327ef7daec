import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestHost, type TestClient, type TestHost } from '../../helpers/temp-host.js';

/** The demo lab shows the whole lab (issue 16 item 7), and its records hold to the same rules as real ones. */
describe('the demo lab', () => {
  let t: TestHost;
  beforeEach(async () => {
    t = await startTestHost({ demo: true, start: '2026-12-08T15:00:00.000Z' });
  });
  afterEach(async () => {
    await t.close();
  });

  const login = async (username: string): Promise<TestClient> => {
    const c = t.client();
    await c.ok('session.login', { username, password: 'demo-pass-2026' });
    return c;
  };

  it('has a laser, two sewing machines, a router, a bench, presets, a week of sessions and a week of bookings', async () => {
    const machines = (await t.admin.ok('machines.list', {})).map((m) => m.machine);
    const kinds = machines.map((m) => m.kind);
    expect(kinds.filter((k) => k === 'sewing-machine')).toHaveLength(2);
    for (const kind of ['laser', 'cnc-router', 'electronics-bench'] as const) expect(kinds).toContain(kind);
    const presets = await t.admin.ok('lab.presets.list', {});
    expect(presets.length).toBeGreaterThanOrEqual(7);
    const sessions = await t.admin.ok('lab.sessions.list', {});
    expect(sessions.filter((s) => s.endedAt !== null)).toHaveLength(7);
    const open = await t.admin.ok('lab.sessions.list', { open: true });
    expect(open.map((s) => s.machineName)).toEqual(['Sewing machine: Singer 4423']);
    const { bookings } = await t.admin.ok('lab.bookings.list', {
      from: '2026-12-08T00:00:00.000Z',
      to: '2026-12-16T00:00:00.000Z',
    });
    expect(bookings.length).toBe(5);
    // Stock is what came in less what the sessions drew; counters are the sessions' time.
    const db = t.host.store.db;
    for (const m of await t.admin.ok('lab.materials.list', {})) {
      const drawn = db
        .prepare(
          `SELECT coalesce(sum(used_milli), 0) FROM lab_sessions WHERE material_id = ? AND ended_at IS NOT NULL`,
        )
        .pluck()
        .get(m.id) as number;
      const received = db
        .prepare(
          `SELECT coalesce(sum(quantity_milli), 0) FROM lab_stock_moves WHERE material_id = ? AND kind = 'received'`,
        )
        .pluck()
        .get(m.id) as number;
      if (m.tracksStock) expect(m.stockMilli).toBe(received - drawn);
    }
    expect(
      db.prepare('SELECT sum(amount) FROM machine_usage WHERE session_id IS NOT NULL').pluck().get(),
    ).toBe(db.prepare('SELECT sum(duration_s) FROM lab_sessions WHERE ended_at IS NOT NULL').pluck().get());
  });

  it('demo people meet the same gate: Keisha may use the bench, Tomás may not use the laser', async () => {
    const machines = (await t.admin.ok('machines.list', {})).map((m) => m.machine);
    const bench = machines.find((m) => m.kind === 'electronics-bench')!;
    const laser = machines.find((m) => m.kind === 'laser')!;
    const keisha = await login('trainee');
    await keisha.ok('lab.sessions.start', { machineId: bench.id });
    const tomas = await login('trainee3');
    expect(await tomas.call('lab.sessions.start', { machineId: laser.id })).toMatchObject({
      ok: false,
      error: { details: { gate: 'training' } },
    });
  });
});
