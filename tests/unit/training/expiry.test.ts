import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from '../../helpers/temp-host.js';
import { effectiveExpiry, expiryFrom, labMidnight } from '../../../main/training/policy.js';
import { DAY_MS, trainingLab, type TrainingLab } from './helpers.js';

describe('validity policies (pure)', () => {
  it('a fixed yearly date expires at the next occurrence, at midnight in Jackson', () => {
    const validity = { kind: 'yearly' as const, monthDay: '09-01' };
    expect(expiryFrom(validity, new Date('2026-11-24T15:00:00Z'))?.toISOString()).toBe(
      '2027-09-01T05:00:00.000Z',
    );
    expect(expiryFrom(validity, new Date('2027-08-31T15:00:00Z'))?.toISOString()).toBe(
      '2027-09-01T05:00:00.000Z',
    );
    // Granted on the day itself: good until next year's date, not for a few hours.
    expect(expiryFrom(validity, new Date('2027-09-01T15:00:00Z'))?.toISOString()).toBe(
      '2028-09-01T05:00:00.000Z',
    );
    // In winter Chicago is UTC-6.
    expect(labMidnight('2027-01-15').toISOString()).toBe('2027-01-15T06:00:00.000Z');
  });

  it('29 February falls back to 28 February in a common year', () => {
    expect(
      expiryFrom({ kind: 'yearly', monthDay: '02-29' }, new Date('2026-11-24T15:00:00Z'))?.toISOString(),
    ).toBe('2027-02-28T06:00:00.000Z');
  });

  it('renew on use pushes the expiry to a period after the last use, never earlier than granted', () => {
    const policy = { validity: { kind: 'days' as const, days: 30 }, renewOnUse: true, lapseUnusedDays: null };
    const record = {
      grantedAt: '2026-01-01T00:00:00.000Z',
      expiresAt: '2026-01-31T00:00:00.000Z',
      lastUsedAt: '2026-01-20T00:00:00.000Z',
    };
    expect(effectiveExpiry(policy, record)?.toISOString()).toBe('2026-02-19T00:00:00.000Z');
    expect(effectiveExpiry({ ...policy, renewOnUse: false }, record)?.toISOString()).toBe(
      '2026-01-31T00:00:00.000Z',
    );
  });
});

describe('expiry across time, with the injected clock', () => {
  let t: TestHost;
  let lab: TrainingLab;
  beforeEach(async () => {
    t = await startTestHost({ start: '2026-11-24T15:00:00.000Z' });
    lab = await trainingLab(t);
  });
  afterEach(async () => {
    await t.close();
  });

  const stateOf = async () => (await lab.trainee.ok('training.authorizations.list', {}))[0]!.state;

  it('never: still active years later', async () => {
    const def = await lab.define('NEVER');
    await lab.instructor.ok('training.authorizations.grant', {
      personId: lab.trainee.personId,
      definitionId: def,
    });
    await lab.travel(3 * 365 * DAY_MS);
    expect(await stateOf()).toBe('active');
  });

  it('N days: active, then expiring within 30 days, then expired', async () => {
    const def = await lab.define('DAYS', { validity: { kind: 'days', days: 90 } });
    const a = await lab.instructor.ok('training.authorizations.grant', {
      personId: lab.trainee.personId,
      definitionId: def,
    });
    expect(a.expiresAt).toBe('2027-02-22T15:00:00.000Z');
    expect(await stateOf()).toBe('active');
    await lab.travel(61 * DAY_MS);
    expect(await stateOf()).toBe('expiring');
    await lab.travel(29 * DAY_MS);
    expect(await stateOf()).toBe('expired');
  });

  it('fixed yearly date: expires on the date for everyone, whenever they were granted', async () => {
    const def = await lab.define('YEARLY', { validity: { kind: 'yearly', monthDay: '01-15' } });
    const a = await lab.instructor.ok('training.authorizations.grant', {
      personId: lab.trainee.personId,
      definitionId: def,
    });
    expect(a.expiresAt).toBe('2027-01-15T06:00:00.000Z');
    await lab.travel('2027-01-15T05:59:59.000Z');
    expect(await stateOf()).toBe('expiring');
    await lab.travel('2027-01-15T06:00:00.000Z');
    expect(await stateOf()).toBe('expired');
  });

  it('renew on use and lapse after unused: using the machine keeps it good, leaving it idle lets it lapse', async () => {
    const def = await lab.define('USE', {
      validity: { kind: 'days', days: 60 },
      renewOnUse: true,
      lapseUnusedDays: 45,
    });
    const a = await lab.instructor.ok('training.authorizations.grant', {
      personId: lab.trainee.personId,
      definitionId: def,
    });
    // Uses are recorded by the jobs area inside its own write; here through the service function directly.
    const { recordMachineUse } = await import('../../../main/training/grants-service.js');
    const use = () =>
      t.host.store.write({ actor: null, reason: 'test use' }, (tx) =>
        recordMachineUse(tx, lab.trainee.personId, { id: 1, kind: 'laser' }),
      );
    await lab.travel(40 * DAY_MS);
    expect(use()).toEqual([a.id]);
    await lab.travel(40 * DAY_MS); // 80 days after the grant: past the granted expiry, within 60 days of the use
    expect(await stateOf()).toBe('expiring');
    await lab.travel(6 * DAY_MS); // 46 days since the last use
    const [row] = await lab.trainee.ok('training.authorizations.list', {});
    expect(row!.state).toBe('lapsed');
    expect(row!.lastUsedAt).toBe('2027-01-03T15:00:00.000Z');
  });

  it('a policy change is a new version: past grants keep their expiry and version, new grants get the new policy', async () => {
    const def = await lab.define('REV', { validity: { kind: 'days', days: 365 } });
    const old = await lab.instructor.ok('training.authorizations.grant', {
      personId: lab.trainee.personId,
      definitionId: def,
    });
    const revised = await t.admin.ok('training.definitions.revise', {
      id: def,
      reason: 'insurer asks for yearly re-checks in 30 days',
      name: 'REV training',
      tier: 'competency',
      validity: { kind: 'days', days: 30 },
      machineKinds: ['laser'],
    });
    expect(revised.version).toBe(2);
    const [after] = await lab.trainee.ok('training.authorizations.list', {});
    expect(after).toMatchObject({ id: old.id, version: 1, expiresAt: old.expiresAt });
    const second = await t.as('trainee');
    const fresh = await lab.instructor.ok('training.authorizations.grant', {
      personId: second.personId,
      definitionId: def,
    });
    expect(fresh).toMatchObject({ version: 2, expiresAt: '2026-12-24T15:00:00.000Z' });
    const versions = await t.admin.ok('training.definitions.versions', { id: def });
    expect(versions.map((v) => v.validity)).toEqual([
      { kind: 'days', days: 365 },
      { kind: 'days', days: 30 },
    ]);
  });
});
