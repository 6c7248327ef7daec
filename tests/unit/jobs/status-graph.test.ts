import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  jobEdges,
  jobStatuses,
  plainTargets,
  type JobStatus,
} from '../../../preload/contract/methods/jobs.js';
import { startTestHost, type TestHost } from '../../helpers/temp-host.js';
import { jobsLab, rowCount, type JobsLab } from './helpers.js';

/**
 * The job status graph (DOMAIN.md): every edge is taken once and every non-edge is refused, through the contract.
 * Running is entered only by jobs.start and left only by jobs.finish (or the machine); the rest by jobs.transition.
 */
describe('job status graph', () => {
  let t: TestHost;
  let lab: JobsLab;
  beforeAll(async () => {
    t = await startTestHost();
    lab = await jobsLab(t);
  }, 30_000);
  afterAll(async () => {
    await t.close();
  });

  const status = async (id: number) => (await lab.staff.ok('jobs.get', { id })).status;

  /** A job of the trainee's on the laser (started by hand), brought to `target` along the graph. */
  async function reach(target: JobStatus, quantity = 1): Promise<number> {
    const { staff, trainee } = lab;
    const id = await lab.request(trainee, { machineId: lab.laser, submit: false, quantity });
    const path: [JobStatus, () => Promise<unknown>][] = [
      ['submitted', () => trainee.ok('jobs.transition', { id, to: 'submitted' })],
      ['approved', () => staff.ok('jobs.transition', { id, to: 'approved' })],
      ['queued', () => staff.ok('jobs.transition', { id, to: 'queued' })],
      ['running', () => staff.ok('jobs.start', { id, operatorId: trainee.personId, bedClear: true })],
      ['done', () => staff.ok('jobs.finish', { id, outcome: 'normal' })],
      ['picked_up', () => staff.ok('jobs.transition', { id, to: 'picked_up' })],
    ];
    if (target === 'draft') return id;
    if (target === 'cancelled') {
      await trainee.ok('jobs.transition', { id, to: 'cancelled', reason: 'changed my mind' });
      return id;
    }
    for (const [step, run] of path) {
      if (target === 'declined' && step === 'approved') {
        await staff.ok('jobs.transition', { id, to: 'declined', reason: 'too big for the bed' });
        return id;
      }
      if (target === 'failed' && step === 'done') {
        await staff.ok('jobs.finish', { id, outcome: 'failed', notes: 'caught fire risk, stopped' });
        return id;
      }
      await run();
      if (step === target) return id;
    }
    return id;
  }

  type Target = (typeof plainTargets)[number] | 'running' | 'done' | 'failed';
  const targets: Target[] = [...plainTargets, 'running', 'done', 'failed'];

  function attempt(id: number, to: Target) {
    if (to === 'running')
      return lab.staff.call('jobs.start', { id, operatorId: lab.trainee.personId, bedClear: true });
    if (to === 'done') return lab.staff.call('jobs.finish', { id, outcome: 'normal' });
    if (to === 'failed') return lab.staff.call('jobs.finish', { id, outcome: 'failed' });
    return lab.staff.call('jobs.transition', { id, to, reason: 'test' });
  }

  /** Allowed through the door each target uses: start only from queued, finish only from running. */
  function allowed(from: JobStatus, to: Target): boolean {
    if (to === 'running') return from === 'queued';
    if (to === 'done' || to === 'failed') return from === 'running';
    return from !== 'running' && jobEdges[from].includes(to);
  }

  it('the database holds the same edges as the contract', () => {
    const edges = t.host.store.db.prepare('SELECT from_status, to_status FROM job_status_edges').all() as {
      from_status: JobStatus;
      to_status: JobStatus;
    }[];
    const fromCode = Object.entries(jobEdges).flatMap(([from, tos]) => tos.map((to) => `${from}>${to}`));
    expect(edges.map((e) => `${e.from_status}>${e.to_status}`).sort()).toEqual(fromCode.sort());
  });

  for (const from of jobStatuses) {
    it(`from ${from}: every allowed move is taken and every other is refused`, async () => {
      const refused = await reach(from);
      expect(await status(refused)).toBe(from);
      for (const to of targets) {
        if (allowed(from, to)) continue;
        const before = rowCount(t, 'job_transitions');
        const result = await attempt(refused, to);
        expect(result, `${from} → ${to}`).toMatchObject({ ok: false, error: { code: 'RULE_VIOLATION' } });
        expect(await status(refused)).toBe(from);
        expect(rowCount(t, 'job_transitions')).toBe(before);
      }
      // A running job holds the laser: finish it before the allowed moves need the machine.
      if (from === 'running') await lab.staff.ok('jobs.finish', { id: refused, outcome: 'normal' });
      for (const to of targets) {
        if (!allowed(from, to)) continue;
        const id = await reach(from);
        const result = await attempt(id, to);
        expect(result, `${from} → ${to}`).toMatchObject({ ok: true });
        expect(await status(id)).toBe(to);
        if (to === 'running') await lab.staff.ok('jobs.finish', { id, outcome: 'normal' });
      }
    });
  }

  it('running → queued: a copy of a job of two ends and the job waits at the head of its queue for the next', async () => {
    const other = await reach('queued');
    const id = await reach('running', 2);
    const otherBefore = (await lab.staff.ok('jobs.get', { id: other })).queuePosition!;
    await lab.staff.ok('jobs.finish', { id, outcome: 'normal' });
    const job = await lab.staff.ok('jobs.get', { id });
    expect(job).toMatchObject({ status: 'queued', copiesDone: 1, queuePosition: 1 });
    expect(job.transitions.at(-1)).toMatchObject({
      from: 'running',
      to: 'queued',
      reason: 'copy 1 of 2 done',
    });
    expect((await lab.staff.ok('jobs.get', { id: other })).queuePosition).toBe(otherBefore + 1);
    await lab.staff.ok('jobs.transition', { id: other, to: 'cancelled', reason: 'tidy up' });
    await lab.staff.ok('jobs.transition', { id, to: 'cancelled', reason: 'tidy up' });
  });

  it('every transition is a row with who, when and why; rows and jobs are never changed or deleted', async () => {
    const id = await reach('declined');
    const job = await lab.trainee.ok('jobs.get', { id });
    expect(job.transitions.map((x) => [x.from, x.to])).toEqual([
      [null, 'draft'],
      ['draft', 'submitted'],
      ['submitted', 'declined'],
    ]);
    expect(job.transitions[2]).toMatchObject({
      actorId: lab.staff.personId,
      reason: 'too big for the bed',
      at: '2026-11-24T15:00:00.000Z',
    });
    const db = t.host.store.db;
    expect(() => db.prepare('UPDATE job_transitions SET reason = ? WHERE job_id = ?').run('x', id)).toThrow(
      /append-only/,
    );
    expect(() => db.prepare('DELETE FROM job_transitions WHERE job_id = ?').run(id)).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM jobs WHERE id = ?').run(id)).toThrow(/never deleted/);
    expect(() => db.prepare(`UPDATE jobs SET status = 'approved' WHERE id = ?`).run(id)).toThrow(
      /recorded transition/,
    );
    expect(() =>
      db
        .prepare(
          `INSERT INTO job_transitions (job_id, from_status, to_status, at) VALUES (?, 'declined', 'approved', 'x')`,
        )
        .run(id),
    ).toThrow(/status graph/);
  });

  it('declining or cancelling needs a reason, and only staff approve, queue or hand over', async () => {
    const id = await reach('submitted');
    expect(await lab.staff.call('jobs.transition', { id, to: 'declined' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringContaining('Say why') as string },
    });
    for (const to of ['approved', 'declined', 'queued', 'picked_up'] as const) {
      expect(await lab.trainee.call('jobs.transition', { id, to, reason: 'me' })).toMatchObject({
        ok: false,
        error: { code: 'NOT_AUTHORIZED' },
      });
    }
    // Someone else's job is not even visible to a trainee.
    expect(await lab.novice.call('jobs.transition', { id, to: 'cancelled', reason: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await status(id)).toBe('submitted');
  });
});
