import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from '../../helpers/temp-host.js';
import { containing, rowCount, trainingLab, type TrainingLab } from './helpers.js';

/** training.authorizations.grantMany: recording who is already qualified, over a real SQLite file. */
describe('recording who is already qualified (bulk grant)', () => {
  let t: TestHost;
  let lab: TrainingLab;
  beforeEach(async () => {
    t = await startTestHost(); // the lab day is 2026-11-24
    lab = await trainingLab(t);
  });
  afterEach(async () => {
    await t.close();
  });

  const base = { qualifiedBy: 'Rosa Díaz (TechShop)', qualifiedOn: '2026-11-02' };

  it('grants several people in one step, each with a passed prior-learning assessment naming who and when, audited once', async () => {
    const def = await lab.define('LASER-1', { needsPractical: true });
    const second = await t.as('trainee');
    const result = await lab.instructor.ok('training.authorizations.grantMany', {
      definitionId: def,
      personIds: [lab.trainee.personId, second.personId],
      ...base,
    });
    expect(result.granted.map((a) => a.personId)).toEqual([lab.trainee.personId, second.personId]);
    expect(result.alreadyHeld).toEqual([]);
    for (const a of result.granted) {
      expect(a).toMatchObject({
        status: 'active',
        note: 'Already qualified: by Rosa Díaz (TechShop) on 2026-11-02.',
      });
    }
    const assessments = t.host.store.db
      .prepare('SELECT person_id, kind, result, notes FROM training_assessments ORDER BY id')
      .all();
    expect(assessments).toEqual([
      {
        person_id: lab.trainee.personId,
        kind: 'prior_learning',
        result: 'pass',
        notes: containing('Rosa Díaz'),
      },
      { person_id: second.personId, kind: 'prior_learning', result: 'pass', notes: containing('2026-11-02') },
    ]);
    const audit = t.host.store.db
      .prepare("SELECT actor_id, reason, after_json FROM audit_log WHERE action = 'bulk_grant'")
      .all() as { actor_id: number; reason: string; after_json: string }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor_id).toBe(lab.instructor.personId);
    expect(JSON.parse(audit[0]!.after_json)).toMatchObject({
      qualifiedBy: 'Rosa Díaz (TechShop)',
      qualifiedOn: '2026-11-02',
      granted: [{ personId: lab.trainee.personId }, { personId: second.personId }],
    });
    // Without the prior-learning record, the same training needs a practical first: the bulk path is what differs.
    const third = await t.as('trainee');
    const single = await lab.instructor.call('training.authorizations.grant', {
      personId: third.personId,
      definitionId: def,
    });
    expect(single).toMatchObject({ ok: false, error: { message: containing('practical sign-off') } });
  });

  it('leaves people who already hold the training as they are, and lists them', async () => {
    const def = await lab.define('LASER-1');
    const held = await lab.instructor.ok('training.authorizations.grant', {
      personId: lab.trainee.personId,
      definitionId: def,
    });
    const other = await t.as('trainee');
    const result = await lab.instructor.ok('training.authorizations.grantMany', {
      definitionId: def,
      personIds: [lab.trainee.personId, other.personId],
      ...base,
    });
    expect(result.alreadyHeld).toEqual([
      { personId: lab.trainee.personId, displayName: containing('trainee') },
    ]);
    expect(result.granted.map((a) => a.personId)).toEqual([other.personId]);
    const mine = await lab.trainee.ok('training.authorizations.list', {});
    expect(mine.map((a) => [a.id, a.status])).toEqual([[held.id, 'active']]);
  });

  it('changes nothing for anyone when one person is refused (a missing waiver)', async () => {
    const def = await lab.define('LASER-1', { needsWaiver: true });
    const other = await t.as('trainee');
    await lab.instructor.ok('training.waivers.record', { personId: other.personId, signedOn: '2026-11-20' });
    const before = {
      auths: rowCount(t, 'training_authorizations'),
      assessments: rowCount(t, 'training_assessments'),
      audit: rowCount(t, 'audit_log'),
    };
    const result = await lab.instructor.call('training.authorizations.grantMany', {
      definitionId: def,
      personIds: [other.personId, lab.trainee.personId],
      ...base,
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'RULE_VIOLATION', message: containing('waiver') },
    });
    expect({
      auths: rowCount(t, 'training_authorizations'),
      assessments: rowCount(t, 'training_assessments'),
      audit: rowCount(t, 'audit_log'),
    }).toEqual(before);
  });

  it('takes today as the qualification date but not tomorrow', async () => {
    const def = await lab.define('LASER-1');
    const tomorrow = await lab.instructor.call('training.authorizations.grantMany', {
      definitionId: def,
      personIds: [lab.trainee.personId],
      qualifiedBy: 'Rosa Díaz',
      qualifiedOn: '2026-11-25',
    });
    expect(tomorrow).toMatchObject({
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        message: 'The qualification date 2026-11-25 is in the future (today is 2026-11-24).',
      },
    });
    expect(rowCount(t, 'training_authorizations')).toBe(0);
    const today = await lab.instructor.ok('training.authorizations.grantMany', {
      definitionId: def,
      personIds: [lab.trainee.personId],
      qualifiedBy: 'Rosa Díaz',
      qualifiedOn: '2026-11-24',
    });
    expect(today.granted).toHaveLength(1);
  });

  it('obeys the grant rules: the instructor right, never oneself, teachers only, each person once', async () => {
    const def = await lab.define('LASER-1');
    const stranger = await t.as('instructor');
    const noRight = await stranger.call('training.authorizations.grantMany', {
      definitionId: def,
      personIds: [lab.trainee.personId],
      ...base,
    });
    expect(noRight).toMatchObject({
      ok: false,
      error: { code: 'RULE_VIOLATION', message: containing('instructor right') },
    });
    const self = await lab.instructor.call('training.authorizations.grantMany', {
      definitionId: def,
      personIds: [lab.trainee.personId, lab.instructor.personId],
      ...base,
    });
    expect(self).toMatchObject({ ok: false, error: { code: 'RULE_VIOLATION' } });
    const trainee = await lab.trainee.call('training.authorizations.grantMany', {
      definitionId: def,
      personIds: [lab.trainee.personId],
      ...base,
    });
    expect(trainee).toMatchObject({ ok: false, error: { code: 'NOT_AUTHORIZED' } });
    const twice = await lab.instructor.call('training.authorizations.grantMany', {
      definitionId: def,
      personIds: [lab.trainee.personId, lab.trainee.personId],
      ...base,
    });
    expect(twice).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: containing('only once') },
    });
    expect(rowCount(t, 'training_authorizations')).toBe(0);
    expect(rowCount(t, 'training_assessments')).toBe(0);
  });
});
