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

  it('one training gate: a job start, a session and a booking on the same machine refuse the novice with the same reasons', async () => {
    const { novice } = lab;
    t.clock.set('2026-11-24T15:00:00.000Z'); // a Tuesday, 09:00 in the lab
    const job = await lab.queued(novice, lab.laser);
    const refusals = [
      await novice.call('jobs.start', { id: job, bedClear: true }),
      await novice.call('lab.sessions.start', { machineId: lab.laser }),
      await novice.call('lab.bookings.book', {
        machineId: lab.laser,
        startsAt: '2026-11-24T17:00:00.000Z',
        endsAt: '2026-11-24T18:00:00.000Z',
      }),
    ];
    const details = refusals.map((r) => (r.ok ? null : r.error.details));
    // Only trainingGate sets `purpose`: each door asked it, and it answered each the same way.
    expect(details.map((d) => d?.purpose)).toEqual(['job', 'session', 'booking']);
    for (const d of details)
      expect(d).toMatchObject({
        gate: 'training',
        reasons: ['no_training'],
        trainings: [{ name: 'Printers and lasers', reasons: ['no_training'] }],
        overridable: true,
      });
  });
});
