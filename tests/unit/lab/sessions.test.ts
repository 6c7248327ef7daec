import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from '../../helpers/temp-host.js';
import { containing, labFixture, labTables, pass, type Lab } from './helpers.js';

/** Sessions on machines the Desk does not drive (issue 16 item 2), over a real host and SQLite file. */
describe('manual machine sessions', () => {
  let t: TestHost;
  let lab: Lab;
  beforeEach(async () => {
    t = await startTestHost({ start: '2026-12-08T16:00:00.000Z' });
    lab = await labFixture(t);
  });
  afterEach(async () => {
    await t.close();
  });

  const auditOf = (action: string) =>
    t.host.store.db
      .prepare(
        `SELECT actor_id, reason, after_json FROM audit_log WHERE entity = 'lab_session' AND action = ?`,
      )
      .all(action) as { actor_id: number; reason: string; after_json: string }[];

  it('the training gate refuses the untrained with the missing training, and nothing is started', async () => {
    const before = labTables(t);
    expect(await lab.untrained.call('lab.sessions.start', { machineId: lab.singer })).toMatchObject({
      ok: false,
      error: {
        code: 'RULE_VIOLATION',
        message: containing(
          'You are not authorized to use Singer 4423: it needs “Sewing basics” (not trained)',
        ),
        details: { gate: 'training', purpose: 'session', reasons: ['no_training'], overridable: true },
      },
    });
    // A trainee cannot override; only staff can, and only with a reason.
    expect(
      await lab.untrained.call('lab.sessions.start', {
        machineId: lab.singer,
        overrideReason: 'I sew at home',
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'NOT_AUTHORIZED', details: { gate: 'override-staff-only' } },
    });
    expect(labTables(t)).toEqual(before);
    // The refusal is on record with its reasons, as every training refusal is.
    const refusals = t.host.store.db
      .prepare(`SELECT after_json FROM audit_log WHERE entity = 'training_refusal' AND entity_id = ?`)
      .all(String(lab.untrained.personId)) as { after_json: string }[];
    expect(JSON.parse(refusals.at(-1)!.after_json)).toMatchObject({
      machineId: lab.singer,
      reasons: ['no_training'],
    });
  });

  it('staff start a session for the untrained only with a reason, and the override is audited with it', async () => {
    expect(
      await lab.staff.call('lab.sessions.start', { machineId: lab.singer, personId: lab.untrained.personId }),
    ).toMatchObject({
      ok: false,
      error: { message: containing('To go ahead anyway, give an override reason') },
    });
    const session = await lab.staff.ok('lab.sessions.start', {
      machineId: lab.singer,
      personId: lab.untrained.personId,
      overrideReason: 'Mask drive: supervised by staff at the next machine',
    });
    expect(session).toMatchObject({
      authorized: false,
      overrideReason: 'Mask drive: supervised by staff at the next machine',
      personId: lab.untrained.personId,
      startedById: lab.staff.personId,
    });
    const [audit] = auditOf('start-override');
    expect(audit!.actor_id).toBe(lab.staff.personId);
    expect(audit!.reason).toBe('staff override: Mask drive: supervised by staff at the next machine');
    expect(JSON.parse(audit!.after_json)).toMatchObject({ authorized: false, reasons: ['no_training'] });
    // Only staff start a session for someone else.
    expect(
      await lab.trained.call('lab.sessions.start', {
        machineId: lab.laser,
        personId: lab.untrained.personId,
      }),
    ).toMatchObject({ ok: false, error: { code: 'NOT_AUTHORIZED' } });
  });

  it('a revoked authorization cannot be overridden, not even by staff', async () => {
    const before = labTables(t);
    expect(
      await lab.staff.call('lab.sessions.start', {
        machineId: lab.singer,
        personId: lab.revoked.personId,
        overrideReason: 'Big order for the clinic',
      }),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'RULE_VIOLATION',
        message: containing('A revoked authorization cannot be overridden, not even by staff'),
        details: { gate: 'training', reasons: ['revoked'], overridable: false },
      },
    });
    expect(labTables(t)).toEqual(before);
  });

  it('the trained start and stop: who, when, machine, settings, end note; one person at a machine at a time', async () => {
    const session = await lab.trained.ok('lab.sessions.start', {
      machineId: lab.singer,
      settings: { stitchLengthMm: 2.5, needle: '90/14' },
    });
    expect(session).toMatchObject({
      machineName: 'Singer 4423',
      personId: lab.trained.personId,
      startedAt: '2026-12-08T16:00:00.000Z',
      authorized: true,
      overrideReason: null,
      settings: { stitchLengthMm: 2.5, needle: '90/14' },
      endedAt: null,
      closesAt: '2026-12-08T20:00:00.000Z',
    });
    // The board sees it open; nobody else can start on the machine meanwhile.
    expect((await lab.untrained.ok('lab.sessions.list', { open: true })).map((s) => s.id)).toEqual([
      session.id,
    ]);
    expect(await lab.staff.call('lab.sessions.start', { machineId: lab.singer })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: containing('in use by') },
    });
    // Someone else cannot stop it; its person can.
    expect(await lab.untrained.call('lab.sessions.stop', { id: session.id })).toMatchObject({
      ok: false,
      error: { code: 'NOT_AUTHORIZED' },
    });
    await pass(t, lab, { ms: 40 * 60_000 });
    const ended = await lab.trained.ok('lab.sessions.stop', {
      id: session.id,
      note: '40 masks, pleats even',
    });
    expect(ended).toMatchObject({
      endedAt: '2026-12-08T16:40:00.000Z',
      endKind: 'stopped',
      durationS: 2400,
      note: '40 masks, pleats even',
    });
    expect(await lab.trained.call('lab.sessions.stop', { id: session.id })).toMatchObject({
      ok: false,
      error: { message: containing('already ended') },
    });
    // Trainees see their own past sessions only; staff see all.
    expect(await lab.untrained.ok('lab.sessions.list', {})).toEqual([]);
    expect((await lab.staff.ok('lab.sessions.list', {})).map((s) => s.id)).toEqual([session.id]);
  });

  it('session time advances the maintenance counter exactly (pinned clock), and reminders fall due from it', async () => {
    await lab.staff.ok('jobs.maintenance.saveReminder', {
      machineId: lab.singer,
      counter: 'use_hours',
      title: 'Change the needle',
      every: 2,
      active: true,
    });
    const first = await lab.trained.ok('lab.sessions.start', { machineId: lab.singer });
    await pass(t, lab, { ms: 1 * 3_600_000 + 23 * 60_000 + 45_000 }); // 1 h 23 min 45 s = 5025 s
    await lab.trained.ok('lab.sessions.stop', { id: first.id });
    const usage = () =>
      t.host.store.db
        .prepare(`SELECT counter, amount, session_id FROM machine_usage WHERE machine_id = ? ORDER BY id`)
        .all(lab.singer);
    expect(usage()).toEqual([{ counter: 'use_hours', amount: 5025, session_id: first.id }]);
    let overview = await lab.staff.ok('jobs.maintenance.get', { machineId: lab.singer });
    expect(overview.counters).toEqual([{ counter: 'use_hours', value: 1.4 }]);
    expect(overview.reminders[0]).toMatchObject({ since: 1.4, state: 'ok' });
    // 2 h less one second in all: not due; one more second: due.
    const second = await lab.trained.ok('lab.sessions.start', { machineId: lab.singer });
    await pass(t, lab, { ms: 7200_000 - 5025_000 - 1000 });
    await lab.trained.ok('lab.sessions.stop', { id: second.id });
    overview = await lab.staff.ok('jobs.maintenance.get', { machineId: lab.singer });
    expect(overview.reminders[0]!.state).not.toBe('due');
    const third = await lab.trained.ok('lab.sessions.start', { machineId: lab.singer });
    await pass(t, lab, { ms: 1000 });
    await lab.trained.ok('lab.sessions.stop', { id: third.id });
    overview = await lab.staff.ok('jobs.maintenance.get', { machineId: lab.singer });
    expect(overview.reminders[0]!.state).toBe('due');
    const total = t.host.store.db
      .prepare('SELECT sum(amount) FROM machine_usage WHERE machine_id = ?')
      .pluck()
      .get(lab.singer);
    expect(total).toBe(7200);
  });

  it('a forgotten session closes itself at its kind’s limit, counts only the limit, and sends a notice', async () => {
    const watcher = t.client();
    await watcher.ok('session.login', { username: 'ada', password: 'correct horse battery' });
    const session = await lab.trained.ok('lab.sessions.start', { machineId: lab.laser });
    expect(session.closesAt).toBe('2026-12-08T20:00:00.000Z'); // a laser's limit is 4 h
    await pass(t, lab, { to: '2026-12-08T19:59:59.999Z' }, [watcher]);
    expect((await lab.staff.ok('lab.sessions.list', { open: true })).map((s) => s.id)).toEqual([session.id]);
    expect(watcher.pushed.filter((p) => p.topic === 'lab.notice')).toEqual([]);
    await pass(t, lab, { to: '2026-12-08T21:30:00.000Z' }, [watcher]);
    expect(await lab.staff.ok('lab.sessions.list', { open: true })).toEqual([]);
    const [closed] = await lab.staff.ok('lab.sessions.list', {});
    expect(closed).toMatchObject({
      id: session.id,
      endKind: 'auto_closed',
      endedAt: '2026-12-08T20:00:00.000Z',
      durationS: 4 * 3600,
      note: 'Closed by the Desk after 4 h: nobody stopped it.',
    });
    expect(watcher.pushed.filter((p) => p.topic === 'lab.notice').map((p) => p.payload)).toEqual([
      {
        kind: 'session-auto-closed',
        sessionId: session.id,
        machineId: lab.laser,
        machineName: 'Epilog Zing',
        personId: lab.trained.personId,
        minutes: 240,
        at: '2026-12-08T21:30:00.000Z',
      },
    ]);
    expect(
      t.host.store.db
        .prepare(`SELECT counter, amount FROM machine_usage WHERE machine_id = ?`)
        .all(lab.laser),
    ).toEqual([{ counter: 'laser_hours', amount: 14_400 }]);
    expect(await lab.trained.call('lab.sessions.stop', { id: session.id })).toMatchObject({
      ok: false,
      error: { message: containing('already closed itself') },
    });
  });

  it('a machine that is down takes no session', async () => {
    await lab.trained.ok('jobs.maintenance.report', {
      machineId: lab.singer,
      kind: 'safety',
      title: 'Needle guard cracked',
      forcesShutdown: true,
    });
    expect(await lab.trained.call('lab.sessions.start', { machineId: lab.singer })).toMatchObject({
      ok: false,
      error: { message: containing('Singer 4423 is down: ticket 1 (Needle guard cracked)') },
    });
  });
});
