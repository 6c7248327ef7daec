import { describe, expect, it } from 'vitest';
import type { MachineSnapshot } from '../../../preload/contract/index.js';
import { formatDuration, nextEta, type EtaState } from '../../../renderer/features/machines/eta.js';

type Job = NonNullable<MachineSnapshot['job']>;

const job = (ackedOffset: number, over: Partial<Job> = {}): Job => ({
  name: 'frame.gcode',
  state: 'running',
  dryRun: false,
  totalBytes: 1_000_000,
  ackedLine: 0,
  ackedOffset,
  startLine: 0,
  startedAt: '2026-11-24T15:00:00.000Z',
  endedAt: null,
  etaSeconds: 9999,
  reason: null,
  failedLine: null,
  ...over,
});
const at = (seconds: number) =>
  new Date(Date.parse('2026-11-24T15:00:00.000Z') + seconds * 1000).toISOString();

/** Feeds snapshots one a second at the given byte rates; answers each estimate. */
function run(rates: number[], state0: EtaState | null = null) {
  let state = state0;
  let offset = 0;
  const out: (number | null)[] = [];
  rates.forEach((rate, i) => {
    offset += rate;
    const step = nextEta(state, job(offset), at(i + 1));
    state = step.state;
    out.push(step.seconds);
  });
  return out;
}

describe('time left', () => {
  it('is written with units: hours and minutes, minutes and seconds, seconds', () => {
    expect(formatDuration(4860)).toBe('1 h 21 min');
    expect(formatDuration(3600)).toBe('1 h 0 min');
    expect(formatDuration(3599)).toBe('59 min 59 s');
    expect(formatDuration(95)).toBe('1 min 35 s');
    expect(formatDuration(60)).toBe('1 min 0 s');
    expect(formatDuration(59)).toBe('59 s');
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(null)).toBe('—');
  });

  it('follows a steady rate exactly', () => {
    const out = run(Array<number>(10).fill(1000));
    // 10 000 of 1 000 000 bytes done at 1000 B/s: 990 s left.
    expect(out.at(-1)).toBeCloseTo(990, 5);
  });

  it('does not jump when one second runs five times slower (a long move): it moves by a tenth of the change', () => {
    const steady = run(Array<number>(30).fill(1000));
    const slowSecond = run([...Array<number>(29).fill(1000), 200]);
    const before = steady.at(-2)!;
    const after = slowSecond.at(-1)!;
    // Raw: the rate falls to 200 B/s and the estimate to about five times more. Smoothed: about 9 % more.
    expect(after / before).toBeGreaterThan(1.05);
    expect(after / before).toBeLessThan(1.15);
  });

  it('uses the stream’s own estimate until a first rate is measured, and for a new job starts over', () => {
    const first = nextEta(null, job(0), at(0));
    expect(first.seconds).toBe(9999);
    // Half a second later: too soon for a rate.
    const soon = nextEta(first.state, job(500), new Date(Date.parse(at(0)) + 500).toISOString());
    expect(soon.seconds).toBe(9999);
    const later = nextEta(soon.state, job(1000), at(1));
    expect(later.seconds).toBeCloseTo(999, 5);
    const other = nextEta(later.state, job(0, { startedAt: at(50), etaSeconds: 42 }), at(51));
    expect(other.seconds).toBe(42);
  });

  it('keeps the rate through a pause and says nothing once the job ended', () => {
    const running = run(Array<number>(5).fill(1000));
    let state = nextEta(null, job(0), at(0)).state;
    for (let i = 1; i <= 5; i++) state = nextEta(state, job(i * 1000), at(i)).state;
    const paused = nextEta(state, job(5000, { state: 'paused' }), at(65));
    expect(paused.seconds).toBeCloseTo(995, 5);
    expect(running.at(-1)).toBeCloseTo(995, 5);
    // Resumed a minute later: the paused minute is not counted as a slow rate.
    const resumed = nextEta(paused.state, job(6000), at(66));
    expect(resumed.seconds).toBeCloseTo(994, 5);
    const ended = nextEta(resumed.state, job(1_000_000, { state: 'completed' }), at(67));
    expect(ended.seconds).toBeNull();
  });
});
