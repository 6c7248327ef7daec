import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from '../../helpers/temp-host.js';
import { containing, rowCount, trainingLab, type TrainingLab } from './helpers.js';

/** Issue 12, item 10: policies and instructor rights belong to administrators, whatever rights an instructor holds. */
describe('only administrators change policies or give instructor rights', () => {
  let t: TestHost;
  let lab: TrainingLab;
  beforeEach(async () => {
    t = await startTestHost();
    lab = await trainingLab(t);
  });
  afterEach(async () => {
    await t.close();
  });

  const laserPolicy = {
    name: 'Laser cutter',
    tier: 'competency' as const,
    validity: { kind: 'days' as const, days: 365 },
    machineKinds: ['laser' as const],
    needsPractical: true,
    needsWaiver: true,
  };

  it('refuses an instructor who holds the right from weakening the policy, and writes nothing', async () => {
    const def = await lab.define('LASER-1', laserPolicy);
    const before = rowCount(t, 'training_definition_versions');
    const audits = rowCount(t, 'audit_log');
    const weaker = await lab.instructor.call('training.definitions.revise', {
      id: def,
      ...laserPolicy,
      needsPractical: false,
      needsWaiver: false,
      validity: { kind: 'never' },
      reason: 'fewer steps',
    });
    expect(weaker).toMatchObject({
      ok: false,
      error: {
        code: 'NOT_AUTHORIZED',
        message: 'Only an administrator can change a training policy; instructors teach under it.',
      },
    });
    expect(rowCount(t, 'training_definition_versions')).toBe(before);
    expect(rowCount(t, 'audit_log')).toBe(audits);
    const created = await lab.instructor.call('training.definitions.create', {
      code: 'LASER-LITE',
      ...laserPolicy,
      needsPractical: false,
    });
    expect(created).toMatchObject({
      ok: false,
      error: { code: 'NOT_AUTHORIZED', message: containing('Only an administrator can create') },
    });
  });

  it('lets an administrator revise the same policy (the other side of the rule)', async () => {
    const def = await lab.define('LASER-1', laserPolicy);
    const revised = await t.admin.ok('training.definitions.revise', {
      id: def,
      ...laserPolicy,
      needsWaiver: false,
      reason: 'waiver now signed at membership',
    });
    expect(revised).toMatchObject({ version: 2, needsWaiver: false });
  });

  it('refuses an instructor (holding the right) who gives the right to a trainee; an admin may', async () => {
    const def = await lab.define('LASER-1', laserPolicy);
    const before = rowCount(t, 'training_instructor_rights');
    const pass = await lab.instructor.call('training.rights.grant', {
      personId: lab.trainee.personId,
      definitionId: def,
    });
    expect(pass).toMatchObject({
      ok: false,
      error: {
        code: 'NOT_AUTHORIZED',
        message: 'Only an administrator can give the right to grant a training; instructors teach under it.',
      },
    });
    expect(rowCount(t, 'training_instructor_rights')).toBe(before);
    const byAdmin = await t.admin.ok('training.rights.grant', {
      personId: lab.trainee.personId,
      definitionId: def,
    });
    expect(byAdmin).toMatchObject({ personId: lab.trainee.personId, definitionId: def, endedAt: null });
  });

  it('keeps the assessment note of a sign-off in the record', async () => {
    const def = await lab.define('LASER-1', { ...laserPolicy, needsWaiver: false });
    await lab.instructor.ok('training.authorizations.signOff', {
      personId: lab.trainee.personId,
      definitionId: def,
      notes: 'Checked the air assist and focus before every cut',
    });
    const transcript = await lab.trainee.ok('training.transcript', {});
    expect(transcript.assessments).toMatchObject([
      {
        definitionId: def,
        kind: 'practical',
        result: 'pass',
        notes: 'Checked the air assist and focus before every cut',
      },
    ]);
  });
});
