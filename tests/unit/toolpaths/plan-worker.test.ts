import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { JobError, planJob } from '../../../main/toolpaths/job.js';
import { planJobInWorker } from '../../../main/toolpaths/plan-in-worker.js';

const file = 'tests/fixtures/pcb/synth-hello.traces.png';

describe('planning in a worker thread', () => {
  it('gives the same job as planning in-process', async () => {
    const inWorker = await planJobInWorker(file, { process: 'pcb-traces' });
    const here = planJob('synth-hello.traces.png', readFileSync(file), { process: 'pcb-traces' });
    expect(inWorker.polylines).toEqual(here.polylines);
    expect(inWorker.machineText).toBe(here.machineText);
    expect(inWorker.gaps).toEqual(here.gaps);
  }, 60_000);

  it('a refusal comes back as the same JobError sentence', async () => {
    const error = await planJobInWorker(file, { process: 'pcb-traces', mill: { toolDiameter: 50 } }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(JobError);
    expect((error as JobError).message).toMatch(/larger than the board/);
  }, 60_000);
});
