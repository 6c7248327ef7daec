import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from '../../helpers/temp-host.js';
import { containing, jobsLab, rowCount, type JobsLab } from './helpers.js';

/** The gates before a job starts: L1 authorization (or a staff override with its reason), L2 down, L3 busy, bed clear. */
describe('starting a job', () => {
  let t: TestHost;
  let lab: JobsLab;
  beforeEach(async () => {
    t = await startTestHost();
    lab = await jobsLab(t);
  });
  afterEach(async () => {
    await t.close();
  });

  const jobTables = () => ['jobs', 'job_transitions', 'job_runs', 'machine_usage'].map((x) => rowCount(t, x));

  it('a trainee without an authorization cannot start their laser job by a contract call, nor override, nor borrow an operator', async () => {
    const { novice, trainee, staff } = lab;
    const id = await lab.queued(novice, lab.laser);
    const check = await novice.ok('jobs.startCheck', { id });
    expect(check).toMatchObject({
      authorized: false,
      reasons: ['no_training'],
      canOverride: false,
      needsBedClear: true,
    });
    const before = jobTables();
    expect(await novice.call('jobs.start', { id, bedClear: true })).toMatchObject({
      ok: false,
      error: {
        code: 'RULE_VIOLATION',
        message: containing('not authorized to run jobs on Laser cutter'),
        details: { reasons: ['no_training'] },
      },
    });
    expect(
      await novice.call('jobs.start', { id, bedClear: true, overrideReason: 'I know how' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'NOT_AUTHORIZED', message: 'Only staff can override a training authorization.' },
    });
    expect(
      await novice.call('jobs.start', { id, bedClear: true, operatorId: trainee.personId }),
    ).toMatchObject({
      ok: false,
      error: { code: 'NOT_AUTHORIZED' },
    });
    // Nor can the authorized trainee start someone else's job.
    expect(await trainee.call('jobs.start', { id, bedClear: true })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(jobTables()).toEqual(before);
    expect((await staff.ok('jobs.get', { id })).status).toBe('queued');
    // The refusal the shop PC made is on record with its reasons (training logs every refusal).
    const refusals = t.host.store.db
      .prepare(`SELECT after_json FROM audit_log WHERE entity = 'training_refusal' AND entity_id = ?`)
      .all(String(novice.personId)) as { after_json: string }[];
    expect(refusals.length).toBeGreaterThan(0);
    expect(JSON.parse(refusals.at(-1)!.after_json)).toMatchObject({
      machineId: lab.laser,
      reasons: ['no_training'],
    });
  });

  it('staff start it for the unauthorized operator only with an override, and its reason is written down', async () => {
    const { novice, staff } = lab;
    const id = await lab.queued(novice, lab.laser);
    expect(await staff.call('jobs.start', { id, operatorId: novice.personId, bedClear: true })).toMatchObject(
      {
        ok: false,
        error: { code: 'RULE_VIOLATION', message: containing('To go ahead anyway, give an override reason') },
      },
    );
    const job = await staff.ok('jobs.start', {
      id,
      operatorId: novice.personId,
      bedClear: true,
      overrideReason: 'Supervised first cut, instructor at the machine',
    });
    expect(job.status).toBe('running');
    expect(job.runs[0]).toMatchObject({
      operatorId: novice.personId,
      startedById: staff.personId,
      authorized: false,
      overrideReason: 'Supervised first cut, instructor at the machine',
      bedClearConfirmed: true,
    });
    expect(job.transitions.at(-1)).toMatchObject({
      to: 'running',
      actorId: staff.personId,
      reason: 'copy 1 of 1; staff override: Supervised first cut, instructor at the machine',
    });
    const audit = t.host.store.db
      .prepare(`SELECT after_json, actor_id FROM audit_log WHERE entity = 'job_run' AND action = 'start'`)
      .get() as { after_json: string; actor_id: number };
    expect(audit.actor_id).toBe(staff.personId);
    expect(JSON.parse(audit.after_json)).toMatchObject({
      authorized: false,
      overrideReason: 'Supervised first cut, instructor at the machine',
      reasons: ['no_training'],
    });
    // The database refuses an unauthorized start without a reason too.
    expect(() =>
      t.host.store.db
        .prepare(
          `INSERT INTO job_runs (job_id, copy_no, machine_id, operator_id, started_at, authorized) VALUES (?, 2, ?, ?, 'x', 0)`,
        )
        .run(id, lab.printer, novice.personId),
    ).toThrow(/CHECK/);
  });

  it('an authorized trainee starts their own laser job once the bed is confirmed clear, and finishes it by hand', async () => {
    const { trainee } = lab;
    const id = await lab.queued(trainee, lab.laser);
    expect(await trainee.call('jobs.start', { id })).toMatchObject({
      ok: false,
      error: {
        code: 'RULE_VIOLATION',
        message: 'Confirm the bed of Laser cutter is clear before starting.',
        details: {
          gate: 'bed_clear',
          refusal: { key: 'job.bedClear', params: { name: 'Laser cutter' } },
        },
      },
    });
    const running = await trainee.ok('jobs.start', { id, bedClear: true });
    expect(running.runs[0]).toMatchObject({ authorized: true, overrideReason: null, streamed: false });
    t.clock.advance(20 * 60_000);
    await t.admin.call('session.unlock', { password: 'correct horse battery' });
    await trainee.call('session.unlock', { password: 'password-123' });
    const done = await trainee.ok('jobs.finish', { id, outcome: 'normal', materialGrams: 0 });
    expect(done).toMatchObject({ status: 'done', copiesDone: 1 });
    expect(done.runs[0]).toMatchObject({ outcome: 'normal', durationSeconds: 1200, materialGrams: 0 });
    const counters = await trainee.ok('jobs.maintenance.get', { machineId: lab.laser });
    expect(counters.counters).toEqual([{ counter: 'laser_hours', value: 0.33 }]);
  });

  it('a machine that is down takes nothing (a shutdown ticket), and comes back when staff resolve it', async () => {
    const { trainee, staff } = lab;
    const id = await lab.queued(trainee, lab.laser);
    const ticket = await trainee.ok('jobs.maintenance.report', {
      machineId: lab.laser,
      kind: 'safety',
      title: 'Air assist hose split',
      forcesShutdown: true,
    });
    const status = () =>
      (
        t.host.store.db.prepare('SELECT status FROM machines WHERE id = ?').get(lab.laser) as {
          status: string;
        }
      ).status;
    expect(status()).toBe('down');
    expect((await trainee.ok('training.authorize', { machineId: lab.laser })).reasons).toContain(
      'machine_down',
    );
    for (const who of [trainee, staff]) {
      expect(
        await who.call('jobs.start', {
          id,
          bedClear: true,
          overrideReason: who === staff ? 'urgent' : undefined,
        }),
      ).toMatchObject({
        ok: false,
        error: {
          code: 'RULE_VIOLATION',
          message: containing(`is down: ticket ${ticket.number} (Air assist hose split)`),
        },
      });
    }
    expect(
      await trainee.call('jobs.maintenance.resolve', { id: ticket.id, resolution: 'fixed', note: 'x' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'NOT_AUTHORIZED' },
    });
    await staff.ok('jobs.maintenance.resolve', {
      id: ticket.id,
      resolution: 'fixed',
      note: 'New hose fitted and leak-tested',
    });
    expect(status()).toBe('available');
    expect((await trainee.ok('jobs.start', { id, bedClear: true })).status).toBe('running');
    const log = await staff.ok('jobs.maintenance.get', { machineId: lab.laser });
    expect(log.signOffs[0]).toMatchObject({
      ticketId: ticket.id,
      note: 'New hose fitted and leak-tested',
      byId: staff.personId,
    });
  });

  it('one running job per machine: a busy machine refuses the next start', async () => {
    const { trainee } = lab;
    const first = await lab.queued(trainee, lab.laser);
    const second = await lab.queued(trainee, lab.laser);
    await trainee.ok('jobs.start', { id: first, bedClear: true });
    expect(await trainee.ok('jobs.startCheck', { id: second })).toMatchObject({ machineBusy: true });
    expect(await trainee.call('jobs.start', { id: second, bedClear: true })).toMatchObject({
      ok: false,
      error: {
        code: 'RULE_VIOLATION',
        message: 'Laser cutter is busy with another job.',
        details: { refusal: { key: 'job.machineBusy', params: { name: 'Laser cutter' } } },
      },
    });
  });

  it('quantity N runs N times: each copy is its own usage session, and the job is done after the last', async () => {
    const { trainee, staff } = lab;
    const id = await lab.queued(trainee, lab.laser, { quantity: 3 });
    for (let copy = 1; copy <= 3; copy++) {
      expect((await trainee.ok('jobs.startCheck', { id })).copy).toBe(copy);
      await trainee.ok('jobs.start', { id, bedClear: true });
      t.clock.advance(60_000);
      const after = await trainee.ok('jobs.finish', { id, outcome: 'normal' });
      expect(after.status).toBe(copy < 3 ? 'queued' : 'done');
    }
    const job = await staff.ok('jobs.get', { id });
    expect(job.runs.map((r) => [r.copy, r.outcome, r.durationSeconds])).toEqual([
      [1, 'normal', 60],
      [2, 'normal', 60],
      [3, 'normal', 60],
    ]);
    expect(await trainee.call('jobs.start', { id, bedClear: true })).toMatchObject({
      ok: false,
      error: { code: 'RULE_VIOLATION' },
    });
    await staff.ok('jobs.transition', { id, to: 'picked_up' });
  });

  it('a failed copy fails the job with its reason; staff queue it again for a retry', async () => {
    const { trainee, staff } = lab;
    const id = await lab.queued(trainee, lab.laser);
    await trainee.ok('jobs.start', { id, bedClear: true });
    const failed = await trainee.ok('jobs.finish', {
      id,
      outcome: 'failed',
      materialGrams: 3,
      notes: 'Flare-up, stopped',
    });
    expect(failed.status).toBe('failed');
    expect(failed.runs[0]).toMatchObject({ outcome: 'failed', materialGrams: 3, notes: 'Flare-up, stopped' });
    const retry = await staff.ok('jobs.transition', { id, to: 'queued', reason: 'new sheet' });
    expect(retry).toMatchObject({ status: 'queued', queuePosition: 1 });
    expect((await trainee.ok('jobs.start', { id, bedClear: true })).runs.map((r) => r.copy)).toEqual([1, 1]);
  });
});
