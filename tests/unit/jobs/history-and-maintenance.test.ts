import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { historyCsv } from '../../../main/jobs/history.js';
import { ADMIN_PASSWORD, type TestClient, type TestHost, startTestHost } from '../../helpers/temp-host.js';
import { containing, jobsLab, snapshot, type JobsLab } from './helpers.js';

describe('history and maintenance', () => {
  let t: TestHost;
  let lab: JobsLab;
  beforeEach(async () => {
    t = await startTestHost();
    lab = await jobsLab(t);
  });
  afterEach(async () => {
    await t.close();
  });

  /** Moves the lab clock and unlocks the screens the idle lock closed meanwhile. */
  async function travel(ms: number, ...clients: TestClient[]) {
    t.clock.advance(ms);
    await t.admin.call('session.unlock', { password: ADMIN_PASSWORD });
    for (const c of clients) await c.call('session.unlock', { password: 'password-123' });
  }

  /** Staff run one copy of `who`'s laser job by hand for `minutes`, the authorized trainee operating. */
  async function runOnLaser(who: TestClient, title: string, minutes: number, outcome: 'normal' | 'failed') {
    const id = await lab.queued(who, lab.laser, { title });
    await lab.staff.ok('jobs.start', { id, bedClear: true, operatorId: lab.trainee.personId });
    await travel(minutes * 60_000, lab.staff, lab.trainee, lab.novice);
    await lab.staff.ok('jobs.finish', { id, outcome, materialGrams: 0 });
    return id;
  }

  it('filters the history by lab day, machine, outcome and text; trainees see only their own', async () => {
    await runOnLaser(lab.trainee, 'Coasters, set of 4', 30, 'normal');
    await travel(24 * 3600_000, lab.staff, lab.trainee, lab.novice); // the next lab day
    await runOnLaser(lab.novice, 'Sign for the door', 45, 'failed');
    const all = await lab.staff.ok('jobs.history', {});
    expect(all.map((h) => [h.title, h.durationSeconds, h.outcome])).toEqual([
      ['Sign for the door', 2700, 'failed'],
      ['Coasters, set of 4', 1800, 'normal'],
    ]);
    expect((await lab.staff.ok('jobs.history', { from: '2026-11-25' })).map((h) => h.title)).toEqual([
      'Sign for the door',
    ]);
    expect((await lab.staff.ok('jobs.history', { to: '2026-11-24' })).map((h) => h.title)).toEqual([
      'Coasters, set of 4',
    ]);
    expect(await lab.staff.ok('jobs.history', { outcome: 'failed' })).toHaveLength(1);
    expect(await lab.staff.ok('jobs.history', { machineId: lab.printer })).toHaveLength(0);
    expect((await lab.staff.ok('jobs.history', { search: 'coast' })).map((h) => h.jobNumber)).toEqual([1]);
    expect((await lab.staff.ok('jobs.history', { search: '2' })).map((h) => h.title)).toEqual([
      'Sign for the door',
    ]);
    expect((await lab.novice.ok('jobs.history', {})).map((h) => h.title)).toEqual(['Sign for the door']);
    expect(await lab.staff.call('jobs.history', { from: '2026-11-25', to: '2026-11-24' })).toMatchObject({
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        message: 'The history cannot end (2026-11-24) before it starts (2026-11-25).',
      },
    });
  });

  it('exports CSV a spreadsheet opens safely: quoted commas and quotes, formulas defused', () => {
    const row = {
      runId: 1,
      jobId: 1,
      jobNumber: 7,
      title: '=HYPERLINK("x"), a "sign"',
      copy: 1,
      quantity: 2,
      machineId: 1,
      machineName: 'Laser, big',
      operatorName: 'Ana',
      requesterId: 2,
      requesterName: 'Luis',
      startedAt: '2026-11-24T15:00:00.000Z',
      endedAt: null,
      durationSeconds: null,
      materialGrams: 1.5,
      outcome: null,
      overrideReason: null,
    };
    const lines = historyCsv([row]).split('\r\n');
    expect(lines[0]).toBe(
      'job,title,copy,of,machine,operator,requester,started_utc,ended_utc,duration_s,material_g,outcome,override_reason',
    );
    expect(lines[1]).toBe(
      `7,"'=HYPERLINK(""x""), a ""sign""",1,2,"Laser, big",Ana,Luis,2026-11-24T15:00:00.000Z,,,1.500,,`,
    );
  });

  it('counters are fed by finished jobs; a reminder comes due and a sign-off starts its count again', async () => {
    const { staff, trainee } = lab;
    await staff.ok('jobs.maintenance.saveReminder', {
      machineId: lab.laser,
      counter: 'laser_hours',
      title: 'Clean the lens',
      every: 1,
    });
    await runOnLaser(trainee, 'Engraving', 50, 'normal');
    let m = await staff.ok('jobs.maintenance.get', { machineId: lab.laser });
    expect(m.reminders[0]).toMatchObject({ title: 'Clean the lens', every: 1, since: 0.83, state: 'ok' });
    await runOnLaser(trainee, 'Engraving again', 5, 'normal');
    m = await staff.ok('jobs.maintenance.get', { machineId: lab.laser });
    expect(m.reminders[0]).toMatchObject({ since: 0.92, state: 'soon' });
    await runOnLaser(trainee, 'Engraving more', 10, 'failed');
    m = await staff.ok('jobs.maintenance.get', { machineId: lab.laser });
    expect(m.counters).toEqual([{ counter: 'laser_hours', value: 1.08 }]);
    expect(m.reminders[0]).toMatchObject({ since: 1.08, state: 'due' });
    expect(
      (await staff.ok('jobs.maintenance.list', {})).find((x) => x.machineId === lab.laser),
    ).toMatchObject({
      remindersDue: 1,
      down: false,
    });
    expect(
      await trainee.call('jobs.maintenance.signOff', {
        machineId: lab.laser,
        reminderId: m.reminders[0]!.id,
        note: 'x',
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'NOT_AUTHORIZED' },
    });
    m = await staff.ok('jobs.maintenance.signOff', {
      machineId: lab.laser,
      reminderId: m.reminders[0]!.id,
      note: 'Lens cleaned, mirrors checked',
    });
    expect(m.reminders[0]).toMatchObject({ since: 0, state: 'ok' });
    expect(m.signOffs[0]).toMatchObject({ note: 'Lens cleaned, mirrors checked', byId: staff.personId });
    expect(() => t.host.store.db.prepare('DELETE FROM maintenance_signoffs').run()).toThrow(/append-only/);
    expect(() => t.host.store.db.prepare('UPDATE machine_usage SET amount = 0').run()).toThrow(/append-only/);
  });

  it('anyone may report a problem; one that does not force shutdown leaves the machine up; bad reports change nothing', async () => {
    const { novice, staff } = lab;
    const ticket = await novice.ok('jobs.maintenance.report', {
      machineId: lab.printer,
      kind: 'broken',
      title: 'Fan rattles',
    });
    expect(ticket).toMatchObject({
      number: 1,
      status: 'open',
      forcesShutdown: false,
      openedById: novice.personId,
    });
    expect((await staff.ok('jobs.maintenance.get', { machineId: lab.printer })).machine.down).toBe(false);
    const before = snapshot(t);
    expect(
      await novice.call('jobs.maintenance.report', { machineId: lab.printer, kind: 'broken', title: '' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'title: must not be empty' },
    });
    expect(
      await novice.call('jobs.maintenance.report', { machineId: 77, kind: 'safety', title: 'Smoke' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'Machine 77 does not exist.' },
    });
    expect(
      await staff.call('jobs.maintenance.saveReminder', {
        machineId: lab.printer,
        counter: 'print_hours',
        title: 'x',
        every: 0,
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: containing('must be more than 0') },
    });
    expect(snapshot(t)).toEqual(before);
    await staff.ok('jobs.maintenance.resolve', {
      id: ticket.id,
      resolution: 'no_fault',
      note: 'Loose cover screw, tightened',
    });
    expect(
      await staff.call('jobs.maintenance.resolve', { id: ticket.id, resolution: 'fixed', note: 'again' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: 'Ticket 1 is already closed.' },
    });
  });
});
