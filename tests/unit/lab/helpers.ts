import { expect } from 'vitest';
import { ADMIN_PASSWORD, type TestClient, type TestHost } from '../../helpers/temp-host.js';

export type Person = TestClient & { personId: number };
export const containing = (text: string): string => expect.stringContaining(text) as string;

export interface Lab {
  staff: Person;
  instructor: Person;
  trained: Person;
  untrained: Person;
  revoked: Person;
  singer: number;
  laser: number;
  sewingTraining: number;
  laserTraining: number;
}

/**
 * A small lab over a real host: a sewing machine and a laser on its print driver, a training for each, an instructor
 * who grants them, a trainee trained on both, one never trained, and one whose sewing authorization was revoked.
 */
export async function labFixture(t: TestHost): Promise<Lab> {
  const staff = await t.as('staff');
  const instructor = await t.as('instructor');
  const trained = await t.as('trainee');
  const untrained = await t.as('trainee');
  const revoked = await t.as('trainee');
  const singer = (
    await t.admin.ok('machines.create', {
      name: 'Singer 4423',
      kind: 'sewing-machine',
      firmware: 'none',
      connection: { type: 'manual' },
      kindFields: { sewingType: 'domestic' },
    })
  ).id;
  const laser = (
    await t.admin.ok('machines.create', {
      name: 'Epilog Zing',
      kind: 'laser',
      firmware: 'none',
      connection: { type: 'device-file', path: '/dev/usb/lp0' },
      kindFields: { bedWidthMm: 610, bedDepthMm: 305, tubeWatts: 40, airAssist: true },
    })
  ).id;
  const sewingTraining = (
    await t.admin.ok('training.definitions.create', {
      code: 'SEW-1',
      name: 'Sewing basics',
      tier: 'safety',
      validity: { kind: 'never' },
      machineKinds: ['sewing-machine'],
    })
  ).id;
  const laserTraining = (
    await t.admin.ok('training.definitions.create', {
      code: 'LASER-1',
      name: 'Laser safety',
      tier: 'safety',
      validity: { kind: 'never' },
      machineKinds: ['laser'],
    })
  ).id;
  for (const definitionId of [sewingTraining, laserTraining]) {
    await t.admin.ok('training.rights.grant', { personId: instructor.personId, definitionId });
    await instructor.ok('training.authorizations.grant', { personId: trained.personId, definitionId });
  }
  await instructor.ok('training.authorizations.grant', {
    personId: revoked.personId,
    definitionId: sewingTraining,
  });
  const grant = t.host.store.db
    .prepare('SELECT id FROM training_authorizations WHERE person_id = ?')
    .get(revoked.personId) as { id: number };
  await instructor.ok('training.authorizations.revoke', {
    authorizationId: grant.id,
    reason: 'Ran the machine with the needle guard off',
  });
  return { staff, instructor, trained, untrained, revoked, singer, laser, sewingTraining, laserTraining };
}

/** Rows of the tables a refused start must leave alone. */
export function labTables(t: TestHost): unknown[] {
  const db = t.host.store.db;
  return ['lab_sessions', 'lab_bookings', 'lab_stock_moves', 'machine_usage', 'training_uses'].map((table) =>
    db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all(),
  );
}

/** Moves the host's clock and unlocks every screen the idle lock closed meanwhile (as people at the lab would). */
export async function pass(
  t: TestHost,
  lab: Lab,
  move: { ms: number } | { to: string },
  extra: TestClient[] = [],
): Promise<void> {
  if ('ms' in move) t.clock.advance(move.ms);
  else t.clock.set(move.to);
  for (const c of [t.admin, ...extra]) await c.call('session.unlock', { password: ADMIN_PASSWORD });
  for (const p of [lab.staff, lab.instructor, lab.trained, lab.untrained, lab.revoked])
    await p.call('session.unlock', { password: 'password-123' });
}
