import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from '../../helpers/temp-host.js';
import { containing, rowCount, trainingLab, type TrainingLab } from './helpers.js';

/** Bad input gets a clear, specific message and changes nothing. */
describe('bad input in training', () => {
  let t: TestHost;
  let lab: TrainingLab;
  let def: number;
  beforeEach(async () => {
    t = await startTestHost();
    lab = await trainingLab(t);
    def = await lab.define('LASER-1');
  });
  afterEach(async () => {
    await t.close();
  });

  const snapshot = () =>
    [
      'audit_log',
      'training_definitions',
      'training_definition_versions',
      'training_sessions',
      'training_authorizations',
      'training_assessments',
    ].map((table) => rowCount(t, table));

  it('a session that ends before it starts', async () => {
    const before = snapshot();
    const result = await lab.instructor.call('training.sessions.create', {
      definitionId: def,
      startsAt: '2026-12-01T17:00:00.000Z',
      endsAt: '2026-12-01T15:00:00.000Z',
      capacity: 6,
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'The session must end after it starts.' },
    });
    expect(snapshot()).toEqual(before);
  });

  it('more minimum attendees than places', async () => {
    const before = snapshot();
    const result = await lab.instructor.call('training.sessions.create', {
      definitionId: def,
      startsAt: '2026-12-01T15:00:00.000Z',
      endsAt: '2026-12-01T17:00:00.000Z',
      capacity: 2,
      minAttendees: 3,
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: containing('capacity') },
    });
    expect(snapshot()).toEqual(before);
  });

  it('an unknown person, for a grant, a sign-off, an assessment or a registration', async () => {
    const before = snapshot();
    for (const [method, input] of [
      ['training.authorizations.grant', { personId: 999, definitionId: def }],
      ['training.authorizations.signOff', { personId: 999, definitionId: def }],
      ['training.assessments.record', { personId: 999, definitionId: def, kind: 'quiz', result: 'pass' }],
      ['training.rights.grant', { personId: 999, definitionId: def }],
    ] as const) {
      const caller = method === 'training.rights.grant' ? t.admin : lab.instructor;
      const result = await caller.raw(method, input);
      expect(result).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND', message: 'Person 999 does not exist.' },
      });
    }
    expect(snapshot()).toEqual(before);
  });

  it('an unknown training', async () => {
    const before = snapshot();
    const result = await lab.instructor.call('training.authorizations.grant', {
      personId: lab.trainee.personId,
      definitionId: 999,
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'Training 999 does not exist.' },
    });
    expect(snapshot()).toEqual(before);
  });

  it('a duplicate training code, in any letter case', async () => {
    const before = snapshot();
    const result = await t.admin.call('training.definitions.create', {
      code: 'laser-1',
      name: 'Another laser',
      tier: 'competency',
      validity: { kind: 'never' },
      machineKinds: ['laser'],
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: 'A training with the code "laser-1" already exists.' },
    });
    expect(snapshot()).toEqual(before);
  });

  it('a duplicate course code', async () => {
    await t.admin.ok('training.courses.create', {
      code: 'FA2026',
      title: 'Fab Academy 2026',
      cycleYear: 2026,
    });
    const before = rowCount(t, 'audit_log');
    const result = await t.admin.call('training.courses.create', {
      code: 'fa2026',
      title: 'Again',
      cycleYear: 2026,
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: containing('FA2026'.toLowerCase()) },
    });
    expect(rowCount(t, 'audit_log')).toBe(before);
  });

  it('a yearly date that is not a day, renew on use with no period, a prerequisite circle', async () => {
    const before = snapshot();
    const base = { name: 'X', tier: 'competency' as const, machineKinds: ['laser' as const] };
    const noDay = await t.admin.call('training.definitions.create', {
      ...base,
      code: 'X1',
      validity: { kind: 'yearly', monthDay: '02-30' },
    });
    expect(noDay).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: '02-30 is not a day of the year.' },
    });
    const noPeriod = await t.admin.call('training.definitions.create', {
      ...base,
      code: 'X2',
      validity: { kind: 'never' },
      renewOnUse: true,
    });
    expect(noPeriod).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const selfPre = await t.admin.call('training.definitions.revise', {
      ...base,
      id: def,
      reason: 'x',
      validity: { kind: 'never' },
      prerequisites: [def],
    });
    expect(selfPre).toMatchObject({
      ok: false,
      error: { message: 'A training cannot be its own prerequisite.' },
    });
    expect(snapshot()).toEqual(before);
  });

  it('a waiver signed in the future', async () => {
    const before = snapshot();
    const result = await lab.instructor.call('training.waivers.record', {
      personId: lab.trainee.personId,
      signedOn: '2027-01-01',
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'A waiver cannot be signed in the future.' },
    });
    expect(snapshot()).toEqual(before);
    expect(rowCount(t, 'training_waivers')).toBe(0);
  });
});
