import { describe, expect, it } from 'vitest';
import type { MachineSnapshot } from '../../../preload/contract/index.js';
import { nextHistory, seedHistory } from '../../../renderer/features/machines/api.js';

const T0 = Date.parse('2026-11-24T15:00:00.000Z');
const snap = (ms: number, connection: MachineSnapshot['connection'] = 'connected'): MachineSnapshot =>
  ({ machineId: 1, at: new Date(T0 + ms).toISOString(), connection }) as MachineSnapshot;

function feed(times: number[], seconds = 1800, spacing = 1000): MachineSnapshot[] {
  let h: MachineSnapshot[] = [];
  for (const ms of times) h = nextHistory(h, snap(ms), seconds, spacing);
  return h;
}
const offsets = (h: MachineSnapshot[]) => h.map((s) => Date.parse(s.at) - T0);

describe('the live chart’s history', () => {
  it('keeps one point a second from twenty snapshots a second, the newest always last', () => {
    const times = Array.from({ length: 61 }, (_, i) => i * 50); // 3 s at 20 a second
    const h = feed(times);
    const kept = offsets(h);
    expect(kept.length).toBeLessThanOrEqual(5); // not 61
    expect(kept.length).toBeGreaterThanOrEqual(4); // about one a second, not only the first and the newest
    expect(kept[0]).toBe(0);
    expect(kept.at(-1)).toBe(3000);
    const gaps = kept.slice(1, -1).map((ms, i) => ms - kept[i]!);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(900);
    const more = nextHistory(h, snap(3050), 1800, 1000);
    expect(offsets(more).at(-1)).toBe(3050);
    expect(more.length).toBe(h.length);
  });

  it('keeps half an hour (heating up after connect stays in view) and drops what is older', () => {
    const h = feed([0, 1000, 1_800_000, 1_801_000]);
    expect(offsets(h)).toEqual([1000, 1_800_000, 1_801_000]);
  });

  it('starts afresh when the machine connects again', () => {
    let h = feed([0, 1000, 2000]);
    h = nextHistory(h, snap(3000, 'disconnected'), 1800, 1000);
    h = nextHistory(h, snap(9000, 'connected'), 1800, 1000);
    expect(offsets(h)).toEqual([9000]);
  });
});

describe('the chart’s past from main', () => {
  const point = (ms: number) => ({
    at: new Date(T0 + ms).toISOString(),
    temperatures: [{ heater: 'T', actual: 20 + ms / 1000, target: 200 }],
    workPosition: null,
  });
  it('puts what main kept before the live points, and never a moment twice', () => {
    const live = [snap(5000), snap(6000)].map((s) => ({
      ...point(Date.parse(s.at) - T0),
      connection: s.connection,
    }));
    const seeded = seedHistory([point(0), point(1000), point(5000), point(6000)], live);
    expect(offsets(seeded as unknown as MachineSnapshot[])).toEqual([0, 1000, 5000, 6000]);
    expect(seeded[0]).toMatchObject({ connection: 'connected', temperatures: [{ heater: 'T', actual: 20 }] });
  });
  it('with nothing live yet, the past is the whole chart', () => {
    expect(seedHistory([point(0), point(1000)], []).map((p) => p.at)).toEqual([point(0).at, point(1000).at]);
  });
});
