import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromLabInput, toLabInput } from '../../../renderer/features/training/lab-time.js';

// The conversions must not lean on the zone of the process running them.
const processZone = process.env.TZ;
beforeAll(() => {
  process.env.TZ = 'Asia/Kolkata';
});
afterAll(() => {
  if (processZone === undefined) delete process.env.TZ;
  else process.env.TZ = processZone;
});

describe("the desk's datetime-local fields in Jackson time", () => {
  it('reads and writes CST and CDT wall clocks either side of the 2026 changes', () => {
    // Spring forward, Sunday 8 March 2026 at 02:00 CST → 03:00 CDT.
    expect(fromLabInput('2026-03-07T10:00')).toBe('2026-03-07T16:00:00.000Z');
    expect(fromLabInput('2026-03-08T01:59')).toBe('2026-03-08T07:59:00.000Z');
    expect(fromLabInput('2026-03-08T03:00')).toBe('2026-03-08T08:00:00.000Z');
    expect(fromLabInput('2026-03-08T10:00')).toBe('2026-03-08T15:00:00.000Z');
    // Fall back, Sunday 1 November 2026 at 02:00 CDT → 01:00 CST.
    expect(fromLabInput('2026-10-31T10:00')).toBe('2026-10-31T15:00:00.000Z');
    expect(fromLabInput('2026-11-01T00:30')).toBe('2026-11-01T05:30:00.000Z');
    expect(fromLabInput('2026-11-01T10:00')).toBe('2026-11-01T16:00:00.000Z');
    expect(fromLabInput('2026-11-24T00:00')).toBe('2026-11-24T06:00:00.000Z');

    expect(toLabInput('2026-03-08T07:59:00.000Z')).toBe('2026-03-08T01:59');
    expect(toLabInput('2026-03-08T08:00:00.000Z')).toBe('2026-03-08T03:00');
    expect(toLabInput('2026-11-01T06:30:00.000Z')).toBe('2026-11-01T01:30');
    expect(toLabInput('2026-11-01T07:30:00.000Z')).toBe('2026-11-01T01:30');
    expect(toLabInput(new Date('2026-11-24T06:00:00.000Z'))).toBe('2026-11-24T00:00');
  });

  it('round-trips every half hour through both change weekends', () => {
    for (const [from, to] of [
      ['2026-03-07T00:00:00Z', '2026-03-10T00:00:00Z'],
      ['2026-10-31T00:00:00Z', '2026-11-03T00:00:00Z'],
    ] as const) {
      for (let at = Date.parse(from); at < Date.parse(to); at += 1_800_000) {
        const wall = toLabInput(new Date(at));
        const back = fromLabInput(wall)!;
        // Each instant comes back to itself, except the second 01:xx of the fall-back night, which reads as the first.
        expect(toLabInput(back)).toBe(wall);
        expect([at, at - 3_600_000]).toContain(Date.parse(back));
      }
    }
  });

  it('resolves the skipped and the repeated hour as Temporal "compatible" does', () => {
    // 02:30 on 8 March does not happen in Jackson: it moves forward by the gap to 03:30 CDT.
    expect(fromLabInput('2026-03-08T02:30')).toBe('2026-03-08T08:30:00.000Z');
    expect(toLabInput(fromLabInput('2026-03-08T02:30')!)).toBe('2026-03-08T03:30');
    // 01:30 on 1 November happens twice: the first one (CDT).
    expect(fromLabInput('2026-11-01T01:30')).toBe('2026-11-01T06:30:00.000Z');
  });

  it('takes seconds when the field has them and refuses what is not a datetime-local value', () => {
    expect(fromLabInput('2026-11-24T09:15:30')).toBe('2026-11-24T15:15:30.000Z');
    expect(fromLabInput('')).toBeNull();
    expect(fromLabInput('2026-11-24')).toBeNull();
    expect(fromLabInput('2026-02-30T10:00')).toBeNull();
    expect(fromLabInput('2026-11-24T24:00')).toBeNull();
  });
});
