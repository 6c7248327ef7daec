import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from '../../helpers/temp-host.js';
import { containing, jobsLab, snapshot, type JobsLab } from './helpers.js';

/** Issue 12: staff override a missing or lapsed authorization with a reason, but never a revoked one. */
describe('starting a job for an operator whose authorization was revoked', () => {
  let t: TestHost;
  let lab: JobsLab;
  beforeEach(async () => {
    t = await startTestHost();
    lab = await jobsLab(t);
  });
  afterEach(async () => {
    await t.close();
  });

  it('is refused even with a staff override reason, and the start panel offers no override', async () => {
    const { trainee, staff, instructor } = lab;
    const id = await lab.queued(trainee, lab.laser);
    const grant = t.host.store.db
      .prepare('SELECT id FROM training_authorizations WHERE person_id = ?')
      .get(trainee.personId) as { id: number };
    await instructor.ok('training.authorizations.revoke', {
      authorizationId: grant.id,
      reason: 'Ran the laser with the lid open',
    });
    expect(await staff.ok('jobs.startCheck', { id, operatorId: trainee.personId })).toMatchObject({
      authorized: false,
      reasons: ['revoked'],
      canOverride: false,
    });
    const before = snapshot(t);
    expect(
      await staff.call('jobs.start', {
        id,
        operatorId: trainee.personId,
        bedClear: true,
        overrideReason: 'Urgent order for the school',
      }),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'RULE_VIOLATION',
        message: containing('A revoked authorization cannot be overridden'),
        details: { overridable: false },
      },
    });
    // Nothing moved but the refusal on record (training logs every refusal).
    const after = snapshot(t);
    expect(after.slice(1)).toEqual(before.slice(1));
    expect((await staff.ok('jobs.get', { id })).status).toBe('queued');
  });

  it('a never-trained operator can still be started by staff with a reason (the override is not gone)', async () => {
    const { novice, staff } = lab;
    const id = await lab.queued(novice, lab.laser);
    expect(await staff.ok('jobs.startCheck', { id, operatorId: novice.personId })).toMatchObject({
      canOverride: true,
    });
    const job = await staff.ok('jobs.start', {
      id,
      operatorId: novice.personId,
      bedClear: true,
      overrideReason: 'Supervised first cut',
    });
    expect(job.status).toBe('running');
  });
});
