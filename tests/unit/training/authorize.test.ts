import { describe, expect, it } from 'vitest';
import {
  authorize,
  mayOverride,
  missingTrainings,
  refusalReasons,
  type AuthorizeFacts,
  type HeldAuthorization,
} from '../../../main/training/authorize.js';

/** The pure rule, over plain data: no store, no clock but the instant passed in. */

const AT = new Date('2026-11-24T15:00:00.000Z');
const SAFETY = 1;
const LASER = 2;
const ROUTER = 3;

const laser = { id: 10, kind: 'laser', status: 'available' as const };

function held(overrides: Partial<HeldAuthorization> & { definitionId: number }): HeldAuthorization {
  return {
    id: overrides.definitionId * 100,
    status: 'active',
    grantedAt: '2026-06-01T15:00:00.000Z',
    expiresAt: null,
    lastUsedAt: null,
    policy: { validity: { kind: 'never' }, renewOnUse: false, lapseUnusedDays: null },
    needsWaiver: false,
    prerequisites: [],
    ...overrides,
  };
}

function facts(overrides: Partial<AuthorizeFacts> = {}): AuthorizeFacts {
  return {
    person: { id: 7, active: true },
    machine: laser,
    definitions: [
      { definitionId: SAFETY, machineIds: [], machineKinds: [] },
      { definitionId: LASER, machineIds: [], machineKinds: ['laser'] },
      { definitionId: ROUTER, machineIds: [], machineKinds: ['cnc-router'] },
    ],
    authorizations: [held({ definitionId: SAFETY }), held({ definitionId: LASER, prerequisites: [SAFETY] })],
    waiverOnFile: true,
    ...overrides,
  };
}

describe('authorize(person, machine, at)', () => {
  it('allows a trainee with a good laser authorization and its prerequisite to use the laser', () => {
    expect(authorize(facts(), AT)).toEqual({ allowed: true, reasons: [], requires: [LASER] });
  });

  it('no_training: a trainee who never took the laser training is refused', () => {
    const d = authorize(facts({ authorizations: [held({ definitionId: SAFETY })] }), AT);
    expect(d).toMatchObject({ allowed: false, reasons: ['no_training'] });
  });

  it('no_training: a machine that no training unlocks is refused (the lab fails closed)', () => {
    const d = authorize(facts({ machine: { id: 11, kind: 'sewing', status: 'available' } }), AT);
    expect(d).toMatchObject({ allowed: false, reasons: ['no_training'], requires: [] });
  });

  it('expired: an authorization past its expiry is refused', () => {
    const d = authorize(
      facts({ authorizations: [held({ definitionId: LASER, expiresAt: '2026-11-24T14:59:59.000Z' })] }),
      AT,
    );
    expect(d.reasons).toEqual(['expired']);
  });

  it('revoked: a revoked authorization is refused, and nothing else is said about it', () => {
    const d = authorize(
      facts({
        authorizations: [
          held({ definitionId: LASER, status: 'revoked', expiresAt: '2020-01-01T00:00:00.000Z' }),
        ],
      }),
      AT,
    );
    expect(d.reasons).toEqual(['revoked']);
  });

  it('suspended: a suspended authorization is refused', () => {
    const d = authorize(facts({ authorizations: [held({ definitionId: LASER, status: 'suspended' })] }), AT);
    expect(d.reasons).toEqual(['suspended']);
  });

  it('lapsed_unused: an authorization not used within its lapse window is refused', () => {
    const policy = { validity: { kind: 'never' as const }, renewOnUse: false, lapseUnusedDays: 90 };
    const unused = held({
      definitionId: LASER,
      grantedAt: '2026-01-01T00:00:00.000Z',
      lastUsedAt: '2026-08-01T00:00:00.000Z',
      policy,
    });
    expect(authorize(facts({ authorizations: [unused] }), AT).reasons).toEqual(['lapsed_unused']);
    const used = { ...unused, lastUsedAt: '2026-10-01T00:00:00.000Z' };
    expect(authorize(facts({ authorizations: [used] }), AT).allowed).toBe(true);
  });

  it('prerequisite_missing: the laser needs shop safety, and an expired safety record does not count', () => {
    const missing = authorize(
      facts({ authorizations: [held({ definitionId: LASER, prerequisites: [SAFETY] })] }),
      AT,
    );
    expect(missing.reasons).toEqual(['prerequisite_missing']);
    const expiredSafety = held({ definitionId: SAFETY, expiresAt: '2026-09-01T05:00:00.000Z' });
    const d = authorize(
      facts({ authorizations: [expiredSafety, held({ definitionId: LASER, prerequisites: [SAFETY] })] }),
      AT,
    );
    expect(d.reasons).toEqual(['prerequisite_missing']);
  });

  it('waiver_missing: a training that needs a waiver is refused without one on file', () => {
    const d = authorize(
      facts({ waiverOnFile: false, authorizations: [held({ definitionId: LASER, needsWaiver: true })] }),
      AT,
    );
    expect(d.reasons).toEqual(['waiver_missing']);
  });

  it('machine_down: a trained person is refused on a machine that is down or retired', () => {
    expect(authorize(facts({ machine: { ...laser, status: 'down' } }), AT).reasons).toEqual(['machine_down']);
    expect(authorize(facts({ machine: { ...laser, status: 'retired' } }), AT).reasons).toEqual([
      'machine_down',
    ]);
    expect(authorize(facts({ machine: { ...laser, status: 'in_use' } }), AT).allowed).toBe(true);
  });

  it('person_inactive: a deactivated person is refused even with every training', () => {
    const d = authorize(facts({ person: { id: 7, active: false } }), AT);
    expect(d.reasons).toEqual(['person_inactive']);
  });

  it('lists every reason at once, in a fixed order, without duplicates', () => {
    const d = authorize(
      facts({
        person: { id: 7, active: false },
        machine: { ...laser, status: 'down' },
        waiverOnFile: false,
        authorizations: [
          held({
            definitionId: LASER,
            status: 'suspended',
            expiresAt: '2026-01-01T00:00:00.000Z',
            needsWaiver: true,
            prerequisites: [SAFETY],
          }),
        ],
      }),
      AT,
    );
    expect(d.reasons).toEqual([
      'expired',
      'suspended',
      'prerequisite_missing',
      'waiver_missing',
      'machine_down',
      'person_inactive',
    ]);
    expect([...d.reasons]).toEqual(refusalReasons.filter((r) => d.reasons.includes(r)));
  });

  it('judges by the newest record: a renewal after an expiry is what counts, superseded rows are ignored', () => {
    const old = held({
      id: 1,
      definitionId: LASER,
      status: 'superseded',
      expiresAt: '2026-01-01T00:00:00.000Z',
    });
    const renewed = held({
      id: 2,
      definitionId: LASER,
      grantedAt: '2026-11-01T00:00:00.000Z',
      expiresAt: '2027-11-01T00:00:00.000Z',
    });
    expect(authorize(facts({ authorizations: [old, renewed] }), AT).allowed).toBe(true);
    const revokedLater = held({
      id: 3,
      definitionId: LASER,
      status: 'revoked',
      grantedAt: '2026-11-02T00:00:00.000Z',
    });
    expect(authorize(facts({ authorizations: [old, renewed, revokedLater] }), AT).reasons).toEqual([
      'revoked',
    ]);
  });

  it('honours a machine that names its trainings: all-of needs each, any-of needs one', () => {
    const router = { id: 12, kind: 'cnc-router', status: 'available' as const };
    const all = { ...router, requires: { mode: 'all' as const, definitionIds: [SAFETY, ROUTER] } };
    expect(authorize(facts({ machine: all }), AT).reasons).toEqual(['no_training']);
    const any = { ...router, requires: { mode: 'any' as const, definitionIds: [ROUTER, LASER] } };
    expect(authorize(facts({ machine: any }), AT).allowed).toBe(true);
  });

  it('treats a prerequisite cycle in the data as missing rather than looping', () => {
    const a = held({ definitionId: LASER, prerequisites: [SAFETY] });
    const b = held({ definitionId: SAFETY, prerequisites: [LASER] });
    expect(authorize(facts({ authorizations: [a, b] }), AT).reasons).toEqual(['prerequisite_missing']);
  });

  it('staff may override a refusal with a reason, never a revoked authorization or an inactive person, and never an allowed use', () => {
    expect(mayOverride({ allowed: false, reasons: ['no_training'] })).toBe(true);
    expect(mayOverride({ allowed: false, reasons: ['expired', 'waiver_missing'] })).toBe(true);
    expect(mayOverride({ allowed: false, reasons: ['expired', 'revoked'] })).toBe(false);
    expect(mayOverride({ allowed: false, reasons: ['person_inactive'] })).toBe(false);
    expect(mayOverride({ allowed: true, reasons: [] })).toBe(false);
  });

  it('names each required training the person is missing, with its own reasons, and none when allowed', () => {
    const allowed = facts();
    expect(missingTrainings(allowed, authorize(allowed, AT), AT)).toEqual([]);
    const lapsed = facts({
      authorizations: [
        held({ definitionId: SAFETY, status: 'revoked' }),
        held({ definitionId: LASER, prerequisites: [SAFETY], expiresAt: '2026-11-24T15:00:00.000Z' }),
      ],
    });
    expect(missingTrainings(lapsed, authorize(lapsed, AT), AT)).toEqual([
      { definitionId: LASER, reasons: ['expired', 'prerequisite_missing'] },
    ]);
  });

  it('of two records granted at the same instant, the later row is the one that counts', () => {
    const same = '2026-06-01T15:00:00.000Z';
    const d = (rows: HeldAuthorization[]) =>
      authorize(facts({ authorizations: [held({ definitionId: SAFETY }), ...rows] }), AT).allowed;
    expect(
      d([
        held({ id: 1, definitionId: LASER, grantedAt: same, status: 'suspended' }),
        held({ id: 2, definitionId: LASER, grantedAt: same }),
      ]),
    ).toBe(true);
    expect(
      d([
        held({ id: 2, definitionId: LASER, grantedAt: same, status: 'suspended' }),
        held({ id: 1, definitionId: LASER, grantedAt: same }),
      ]),
    ).toBe(false);
  });
});
