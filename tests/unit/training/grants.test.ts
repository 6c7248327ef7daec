import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from '../../helpers/temp-host.js';
import { containing, rowCount, trainingLab, type TrainingLab } from './helpers.js';

describe('granting authorizations', () => {
  let t: TestHost;
  let lab: TrainingLab;
  beforeEach(async () => {
    t = await startTestHost();
    lab = await trainingLab(t);
  });
  afterEach(async () => {
    await t.close();
  });

  it('refuses a grant by an instructor without the right for that training, and writes nothing', async () => {
    const def = await lab.define('LASER-1');
    const other = await t.as('instructor');
    const before = rowCount(t, 'audit_log');
    const result = await other.call('training.authorizations.grant', {
      personId: lab.trainee.personId,
      definitionId: def,
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'RULE_VIOLATION', message: containing('instructor right') },
    });
    expect(rowCount(t, 'training_authorizations')).toBe(0);
    expect(rowCount(t, 'audit_log')).toBe(before);
  });

  it('refuses an admin without the right too: the role is not the right', async () => {
    const def = await lab.define('LASER-1');
    const result = await t.admin.call('training.authorizations.grant', {
      personId: lab.trainee.personId,
      definitionId: def,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'RULE_VIOLATION' } });
  });

  it('refuses anyone granting a training to themselves, or giving themselves the right', async () => {
    const def = await lab.define('LASER-1');
    const self = await lab.instructor.call('training.authorizations.grant', {
      personId: lab.instructor.personId,
      definitionId: def,
    });
    expect(self).toMatchObject({
      ok: false,
      error: { code: 'RULE_VIOLATION', message: 'Nobody can grant a training to themselves.' },
    });
    const signOff = await lab.instructor.call('training.authorizations.signOff', {
      personId: lab.instructor.personId,
      definitionId: def,
    });
    expect(signOff).toMatchObject({ ok: false, error: { code: 'RULE_VIOLATION' } });
    const me = await t.admin.ok('session.whoami', {});
    const right = await t.admin.call('training.rights.grant', { personId: me!.person.id, definitionId: def });
    expect(right).toMatchObject({
      ok: false,
      error: { code: 'RULE_VIOLATION', message: containing('themselves') },
    });
    expect(rowCount(t, 'training_authorizations')).toBe(0);
    expect(rowCount(t, 'training_assessments')).toBe(0);
  });

  it('a trainee cannot grant at all (no training.teach)', async () => {
    const def = await lab.define('LASER-1');
    const peer = await t.as('trainee');
    const result = await lab.trainee.call('training.authorizations.grant', {
      personId: peer.personId,
      definitionId: def,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'NOT_AUTHORIZED' } });
  });

  it('needs a passed practical when the training says so; a sign-off records it and grants in one step', async () => {
    const def = await lab.define('LASER-1', { needsPractical: true });
    const bare = await lab.instructor.call('training.authorizations.grant', {
      personId: lab.trainee.personId,
      definitionId: def,
    });
    expect(bare).toMatchObject({
      ok: false,
      error: { message: containing('practical sign-off') },
    });
    const a = await lab.instructor.ok('training.authorizations.signOff', {
      personId: lab.trainee.personId,
      definitionId: def,
      evidence: [{ kind: 'note', text: 'Cut a press-fit kit, handled a flare-up correctly' }],
    });
    expect(a).toMatchObject({ state: 'active', grantedBy: lab.instructor.personId, certificateNo: 1 });
    const [assessment] = (await lab.trainee.ok('training.transcript', {})).assessments;
    expect(assessment).toMatchObject({
      kind: 'practical',
      result: 'pass',
      assessorId: lab.instructor.personId,
    });
  });

  it('needs a waiver on file and the prerequisites first', async () => {
    const safety = await lab.define('SAFETY', { tier: 'safety', machineKinds: [], needsWaiver: true });
    const laser = await lab.define('LASER-1', { prerequisites: [safety] });
    const early = await lab.instructor.call('training.authorizations.grant', {
      personId: lab.trainee.personId,
      definitionId: laser,
    });
    expect(early).toMatchObject({
      ok: false,
      error: { message: containing('"SAFETY training" first') },
    });
    const noWaiver = await lab.instructor.call('training.authorizations.grant', {
      personId: lab.trainee.personId,
      definitionId: safety,
    });
    expect(noWaiver).toMatchObject({ ok: false, error: { message: containing('waiver') } });
    await lab.instructor.ok('training.waivers.record', {
      personId: lab.trainee.personId,
      signedOn: '2026-11-20',
    });
    await lab.instructor.ok('training.authorizations.grant', {
      personId: lab.trainee.personId,
      definitionId: safety,
    });
    await lab.instructor.ok('training.authorizations.grant', {
      personId: lab.trainee.personId,
      definitionId: laser,
    });
  });

  it('a renewal is a new row; the old one is closed with who and why, never deleted', async () => {
    const def = await lab.define('LASER-1', { validity: { kind: 'days', days: 365 } });
    const first = await lab.instructor.ok('training.authorizations.grant', {
      personId: lab.trainee.personId,
      definitionId: def,
    });
    await lab.travel(300 * 86_400_000);
    const second = await lab.instructor.ok('training.authorizations.renew', {
      authorizationId: first.id,
      note: 'annual check',
    });
    expect(second).toMatchObject({ renewsId: first.id, state: 'active', certificateNo: 2 });
    const rows = await lab.trainee.ok('training.authorizations.list', {});
    expect(rows.map((r) => [r.id, r.status])).toEqual([
      [second.id, 'active'],
      [first.id, 'superseded'],
    ]);
    expect(rows[1]).toMatchObject({ endedBy: lab.instructor.personId, endReason: 'renewed' });
    expect(() => t.host.store.db.prepare('DELETE FROM training_authorizations').run()).toThrow(
      /never deleted/,
    );
  });

  it('revoked never becomes active again: not by reinstating, renewing, or editing the row', async () => {
    const def = await lab.define('LASER-1');
    const a = await lab.instructor.ok('training.authorizations.grant', {
      personId: lab.trainee.personId,
      definitionId: def,
    });
    const revoked = await lab.instructor.ok('training.authorizations.revoke', {
      authorizationId: a.id,
      reason: 'cut PVC after warnings',
    });
    expect(revoked).toMatchObject({
      status: 'revoked',
      state: 'revoked',
      endedBy: lab.instructor.personId,
      endReason: 'cut PVC after warnings',
    });
    for (const [method, input] of [
      ['training.authorizations.reinstate', { authorizationId: a.id, reason: 'please' }],
      ['training.authorizations.renew', { authorizationId: a.id }],
      ['training.authorizations.suspend', { authorizationId: a.id, reason: 'x' }],
    ] as const) {
      const result = await lab.instructor.raw(method, input);
      expect(result).toMatchObject({ ok: false, error: { code: 'RULE_VIOLATION' } });
    }
    expect(() =>
      t.host.store.db.prepare(`UPDATE training_authorizations SET status = 'active' WHERE id = ?`).run(a.id),
    ).toThrow(/never becomes active again/);
    const [row] = await lab.trainee.ok('training.authorizations.list', {});
    expect(row).toMatchObject({ id: a.id, status: 'revoked' });
  });

  it('suspension is reversible and recorded step by step', async () => {
    const def = await lab.define('LASER-1');
    const a = await lab.instructor.ok('training.authorizations.grant', {
      personId: lab.trainee.personId,
      definitionId: def,
    });
    await lab.instructor.ok('training.authorizations.suspend', {
      authorizationId: a.id,
      reason: 'incident under review',
    });
    const back = await lab.instructor.ok('training.authorizations.reinstate', {
      authorizationId: a.id,
      reason: 'review cleared',
    });
    expect(back.status).toBe('active');
    const steps = t.host.store.db
      .prepare(
        'SELECT action, reason FROM training_authorization_events WHERE authorization_id = ? ORDER BY id',
      )
      .all(a.id);
    expect(steps).toEqual([
      { action: 'grant', reason: null },
      { action: 'suspend', reason: 'incident under review' },
      { action: 'reinstate', reason: 'review cleared' },
    ]);
  });

  it('a second grant while one is open is refused: renew instead', async () => {
    const def = await lab.define('LASER-1');
    await lab.instructor.ok('training.authorizations.grant', {
      personId: lab.trainee.personId,
      definitionId: def,
    });
    const again = await lab.instructor.call('training.authorizations.grant', {
      personId: lab.trainee.personId,
      definitionId: def,
    });
    expect(again).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: containing('renew it instead') },
    });
  });
});
