import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MachineSnapshot } from '../../../preload/contract/index.js';
import { TelemetryHistory } from '../../../main/machines/telemetry-history.js';
import { startTestHost, type TestHost } from '../../helpers/temp-host.js';
import { waitFor } from '../../helpers/pty.js';

const T0 = Date.parse('2026-12-07T10:00:00.000Z');
const snap = (ms: number, actual: number, connection: MachineSnapshot['connection'] = 'connected') =>
  ({
    machineId: 1,
    at: new Date(T0 + ms).toISOString(),
    connection,
    temperatures: [{ heater: 'T', actual, target: 210 }],
    workPosition: null,
  }) as unknown as MachineSnapshot;

describe('a machine’s chart history kept in main', () => {
  it('keeps about a point a second for half an hour, the newest always last', () => {
    const h = new TelemetryHistory(1800, 1000);
    for (let ms = 0; ms <= 3000; ms += 50) h.add(snap(ms, 20 + ms / 100));
    const kept = h.list().map((p) => Date.parse(p.at) - T0);
    expect(kept.length).toBeGreaterThanOrEqual(4);
    expect(kept.length).toBeLessThanOrEqual(5);
    expect(kept.at(-1)).toBe(3000);
    h.add(snap(1_801_500, 200));
    expect(h.list().map((p) => Date.parse(p.at) - T0)[0]).toBeGreaterThanOrEqual(1500);
  });

  it('keeps nothing while not connected, nor a point with nothing to chart', () => {
    const h = new TelemetryHistory();
    h.add(snap(0, 20, 'connecting'));
    h.add({ ...snap(1000, 20), temperatures: [] });
    expect(h.list()).toEqual([]);
  });
});

describe('machines.history', () => {
  let t: TestHost;
  beforeEach(async () => {
    t = await startTestHost();
  });
  afterEach(async () => t.close());

  it('returns the temperatures since connect to a page that opens later, and nothing once disconnected', async () => {
    const m = await t.admin.ok('machines.create', {
      name: 'Printer',
      kind: 'fff-printer',
      firmware: 'marlin',
      connection: { type: 'simulated' },
      workArea: { x: 200, y: 200, z: 200 },
    });
    expect(await t.admin.ok('machines.history', { id: m.id })).toEqual([]);
    await t.admin.ok('machines.connect', { id: m.id });
    await t.admin.ok('machines.setTemperature', { id: m.id, heater: 'hotend', celsius: 60 });
    const points = await waitFor(
      async () => {
        const h = await t.admin.ok('machines.history', { id: m.id });
        return h.length >= 2 && h.some((p) => p.temperatures.some((x) => x.target === 60)) ? h : null;
      },
      15_000,
      'two points with the new target',
    );
    expect(points[0]!.temperatures.map((x) => x.heater)).toContain('B');
    const trainee = await t.as('trainee');
    expect((await trainee.ok('machines.history', { id: m.id })).length).toBeGreaterThan(0);
    expect(await t.admin.call('machines.history', { id: 9999 })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    await t.admin.ok('machines.disconnect', { id: m.id });
    expect(await t.admin.ok('machines.history', { id: m.id })).toEqual([]);
  });
});
