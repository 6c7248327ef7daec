import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from '../../helpers/temp-host.js';
import { uploadBytes } from '../../helpers/upload.js';
import { containing, snapshot } from './helpers.js';

/**
 * A ShopBot part file queued on the wood router: the ShopBot control software runs it, so the Desk records it as a
 * usage session started and finished by hand (training gate, time from the clock, maintenance counters), and
 * refuses to stream it to a router it drives over a serial link.
 */
let t: TestHost;
beforeEach(async () => {
  t = await startTestHost();
});
afterEach(async () => {
  await t.close();
});

async function routerLab() {
  const staff = await t.as('staff');
  const instructor = await t.as('instructor');
  const trainee = await t.as('trainee');
  const shopbot = (
    await t.admin.ok('machines.create', {
      name: 'ShopBot',
      kind: 'cnc-router',
      firmware: 'none',
      connection: { type: 'serial', path: '/dev/null', baud: 115200 },
      workArea: { x: 2440, y: 1220, z: 150 },
    })
  ).id;
  const grbl = (
    await t.admin.ok('machines.create', {
      name: 'Grbl router',
      kind: 'cnc-router',
      firmware: 'grbl',
      connection: { type: 'simulated' },
      workArea: { x: 800, y: 800, z: 100 },
    })
  ).id;
  const def = await t.admin.ok('training.definitions.create', {
    code: 'ROUTER-1',
    name: 'Wood router',
    tier: 'competency',
    validity: { kind: 'never' },
    machineKinds: ['cnc-router'],
  });
  await t.admin.ok('training.rights.grant', { personId: instructor.personId, definitionId: def.id });
  await instructor.ok('training.authorizations.grant', { personId: trainee.personId, definitionId: def.id });
  const bytes = readFileSync(join(import.meta.dirname, '../../fixtures/files/shelf-side_inch.sbp'));
  const file = await trainee.ok('files.import', {
    name: 'shelf-side_inch.sbp',
    uploadId: await uploadBytes(t, trainee, bytes),
    tags: [],
  });
  const queued = async (machineId: number) => {
    const job = await trainee.ok('jobs.request', {
      title: 'Shelf side',
      fileIds: [file.id],
      machineId,
      quantity: 1,
    });
    await staff.ok('jobs.transition', { id: job.id, to: 'approved' });
    await staff.ok('jobs.transition', { id: job.id, to: 'queued' });
    return job.id;
  };
  return { staff, trainee, shopbot, grbl, queued, fileId: file.id };
}

describe('ShopBot part files as router jobs', () => {
  it('go to a wood router only: a request for a printer is refused with the reason, one for a router is taken', async () => {
    const { trainee, staff, shopbot, fileId } = await routerLab();
    const printer = (
      await t.admin.ok('machines.create', {
        name: 'Printer',
        kind: 'fff-printer',
        firmware: 'marlin',
        connection: { type: 'simulated' },
        workArea: { x: 220, y: 220, z: 250 },
      })
    ).id;
    const before = snapshot(t);
    expect(
      await trainee.call('jobs.request', {
        title: 'Shelf',
        fileIds: [fileId],
        machineId: printer,
        quantity: 1,
      }),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        message:
          'A ShopBot part file (.sbp) is cut on a wood router (cnc-router), not on a fff-printer: choose a router.',
      },
    });
    expect(snapshot(t)).toEqual(before);
    const job = await trainee.ok('jobs.request', {
      title: 'Shelf',
      fileIds: [fileId],
      machineId: shopbot,
      quantity: 1,
    });
    expect(await staff.call('jobs.update', { id: job.id, machineId: printer })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: containing('A ShopBot part file (.sbp) is cut on a wood router') },
    });
  });

  it('are run by hand on the ShopBot: the time comes from the clock and feeds the spindle hours', async () => {
    const { trainee, shopbot, queued } = await routerLab();
    const id = await queued(shopbot);
    const running = await trainee.ok('jobs.start', { id, bedClear: true });
    expect(running.runs[0]).toMatchObject({ authorized: true, streamed: false });
    t.clock.advance(45 * 60_000);
    await trainee.call('session.unlock', { password: 'password-123' });
    const done = await trainee.ok('jobs.finish', { id, outcome: 'normal' });
    expect(done.runs[0]).toMatchObject({ outcome: 'normal', durationSeconds: 2700 });
    const counters = await trainee.ok('jobs.maintenance.get', { machineId: shopbot });
    expect(counters.counters).toEqual([{ counter: 'spindle_hours', value: 0.75 }]);
  });

  it('are refused on a router the Desk streams to, with the reason, and nothing changes', async () => {
    const { trainee, grbl, queued } = await routerLab();
    const id = await queued(grbl);
    const before = snapshot(t);
    expect(await trainee.call('jobs.start', { id, bedClear: true })).toMatchObject({
      ok: false,
      error: {
        code: 'RULE_VIOLATION',
        message: containing('is a ShopBot part file (.sbp): the ShopBot control software runs it'),
      },
    });
    expect(snapshot(t)).toEqual(before);
  });
});
