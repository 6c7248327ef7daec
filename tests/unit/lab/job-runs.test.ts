import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from '../../helpers/temp-host.js';
import { containing, jobsLab, type JobsLab } from '../jobs/helpers.js';

/** Job runs and the lab's library: a forbidden material stops the start; the preset used is recorded on the run. */
describe('jobs and the materials library', () => {
  let t: TestHost;
  let lab: JobsLab;
  beforeEach(async () => {
    t = await startTestHost();
    lab = await jobsLab(t);
  });
  afterEach(async () => {
    await t.close();
  });

  it('a PVC job on the laser does not start, with the reason; a plywood job records its preset', async () => {
    const materials = await lab.staff.ok('lab.materials.list', {});
    const pvc = materials.find((m) => m.code === 'pvc')!.id;
    const bad = await lab.queued(lab.trainee, lab.laser, { materialId: pvc });
    expect(await lab.trainee.call('jobs.start', { id: bad, bedClear: true })).toMatchObject({
      ok: false,
      error: { message: containing('PVC gives off chlorine gas'), details: { gate: 'forbidden-material' } },
    });
    expect((await lab.staff.ok('jobs.get', { id: bad })).status).toBe('queued');

    const plywood = (
      await lab.staff.ok('lab.materials.save', {
        code: 'ply',
        name: 'Plywood 3 mm',
        unit: 'sheet',
        unitCents: 450,
      })
    ).id;
    const preset = await lab.staff.ok('lab.presets.save', {
      machineId: lab.laser,
      materialId: plywood,
      operation: 'engrave',
      settings: { powerPct: 30, speedMmS: 300, passes: 1 },
      testedById: lab.staff.personId,
      testedOn: '2026-11-24',
      testNote: 'Even grey, no burn-through',
    });
    const good = await lab.queued(lab.trainee, lab.laser, { materialId: plywood });
    await lab.trainee.ok('jobs.start', { id: good, bedClear: true, presetId: preset.id });
    const run = t.host.store.db.prepare('SELECT preset_id FROM job_runs WHERE job_id = ?').get(good) as {
      preset_id: number;
    };
    expect(run.preset_id).toBe(preset.id);
  });
});
