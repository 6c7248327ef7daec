import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ParseOutcome } from '../../../main/files/formats.js';
import { bundleWorker, ParsePool } from '../../../main/files/worker-pool.js';
import { tempDir } from '../../helpers/temp-dir.js';

/**
 * The parse pool over real worker threads with real resource limits. The misbehaving worker (misbehaving-worker.ts)
 * runs the real parse code, except that for a file named hang… it spins forever, hog… allocates until the heap
 * limit, quit… exits. Time limits here are generous for a
 * parse of two lines and nothing asserts how long anything took: the tests wait on the outcomes.
 */

let dir: ReturnType<typeof tempDir>;
let entry: string;
let gcode: string;
const pools: ParsePool[] = [];

beforeAll(async () => {
  dir = tempDir('cp-desk-pool-');
  entry = await bundleWorker(join(import.meta.dirname, 'misbehaving-worker.ts'));
  gcode = join(dir.path, 'two-lines.gcode');
  writeFileSync(gcode, 'G0 X0 Y0\nG1 X10 Y10 F600\n');
});

afterAll(() => dir.remove());

afterEach(async () => {
  for (const pool of pools.splice(0)) await pool.close();
});

const pool = (options: ConstructorParameters<typeof ParsePool>[0]) => {
  const made = new ParsePool({ entry, ...options });
  pools.push(made);
  return made;
};

/** A promise's outcome so far, without waiting for it. */
function track<T>(promise: Promise<T>) {
  const state: { settled: boolean; value?: T; error?: unknown } = { settled: false };
  promise.then(
    (value) => Object.assign(state, { settled: true, value }),
    (error: unknown) => Object.assign(state, { settled: true, error }),
  );
  return state;
}

const parsedOk = (outcome: ParseOutcome) => {
  expect(outcome).toMatchObject({ ok: true, kind: 'gcode', summary: { lines: 2 } });
};

describe('parse pool', () => {
  it('has at least two workers whatever it is asked for', () => {
    expect(new ParsePool({ size: 1 }).size).toBe(2);
    expect(new ParsePool().size).toBe(2);
  });

  it('a worker that hangs is killed at the time limit, its job refused, and the next import works on a new worker', async () => {
    const p = pool({ timeLimitMs: 2_000 });
    parsedOk(await p.parse('gcode', gcode, 'warm-up.gcode', 1));
    const hang = p.parse('gcode', gcode, 'hang.gcode', 1);
    const [hungThread] = p.threads();
    expect(hungThread).toBeDefined();
    expect(await hang).toEqual({
      ok: false,
      message:
        'hang.gcode: reading it took longer than 2 s, so it was stopped (the file is too complex or damaged).',
    });
    expect(p.threads()).not.toContain(hungThread);
    parsedOk(await p.parse('gcode', gcode, 'after.gcode', 1));
    expect(p.threads()).toHaveLength(1);
    expect(p.threads()).not.toContain(hungThread);
  });

  it('a worker that blows its memory limit is stopped, its job refused, and the next import works', async () => {
    const p = pool({ memoryMb: 64 });
    const before = process.memoryUsage().rss;
    expect(await p.parse('gcode', gcode, 'hog.gcode', 1)).toEqual({
      ok: false,
      message:
        'hog.gcode: reading it needed more than 64 MB of memory, so it was stopped (the file is too complex or damaged).',
    });
    expect(process.memoryUsage().rss - before).toBeLessThan(300 * 1024 * 1024);
    parsedOk(await p.parse('gcode', gcode, 'after.gcode', 1));
  });

  it('a worker that exits mid-job is replaced', async () => {
    const p = pool({});
    expect(await p.parse('gcode', gcode, 'quit.gcode', 1)).toEqual({
      ok: false,
      message: 'quit.gcode: the file could not be read (the reader stopped unexpectedly).',
    });
    parsedOk(await p.parse('gcode', gcode, 'after.gcode', 1));
  });

  it("one person's hanging file holds neither another person's import nor more than its share of workers", async () => {
    const p = pool({ timeLimitMs: 120_000 });
    const hang = track(p.parse('gcode', gcode, 'hang.gcode', 1));
    // The same person's next file waits for their first (one worker is always left for someone else)...
    const ownNext = track(p.parse('gcode', gcode, 'own-next.gcode', 1));
    // ...and another person's import is parsed meanwhile on the other worker.
    parsedOk(await p.parse('gcode', gcode, 'other.gcode', 2));
    parsedOk(await p.parse('gcode', gcode, 'other-again.gcode', 2));
    expect(hang.settled).toBe(false);
    expect(ownNext.settled).toBe(false);
    await p.close();
    await Promise.resolve();
    await Promise.resolve();
    expect(hang).toMatchObject({ settled: true, error: new Error('the desk is shutting down') });
    expect(ownNext).toMatchObject({ settled: true, error: new Error('the desk is shutting down') });
  });
});
