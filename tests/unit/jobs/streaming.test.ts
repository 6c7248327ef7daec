import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobNotice } from '../../../preload/contract/methods/jobs.js';
import { startTestHost, type TestHost } from '../../helpers/temp-host.js';
import { uploadBytes } from '../../helpers/upload.js';
import { waitFor } from '../../helpers/pty.js';
import { jobsLab, tinyProgram, type JobsLab } from './helpers.js';

/** A job on a simulated printer streams through the machine's session (in this process) and follows it to its end. */
describe('streaming a job on a simulated machine', () => {
  let t: TestHost;
  let lab: JobsLab;
  beforeEach(async () => {
    t = await startTestHost();
    lab = await jobsLab(t);
  });
  afterEach(async () => {
    await t.close();
  });

  it('streams a small job to 100 %, and it lands in the history with its duration and material', async () => {
    const { trainee, staff } = lab;
    const id = await lab.queued(trainee, lab.printer);
    const started = await trainee.ok('jobs.start', { id });
    // Ninety seconds of lab time pass while the simulator prints (it runs on its own, faster than life).
    t.clock.advance(90_000);
    expect(started.status).toBe('running');
    expect(started.runs[0]).toMatchObject({ streamed: true, authorized: true, copy: 1 });
    // The machine's own run record names the job and its copy.
    const run = t.host.store.db.prepare('SELECT name, state FROM machine_runs').get() as {
      name: string;
      state: string;
    };
    expect(run.name).toBe('Job 1: Test part (1/1)');
    const snapshot = await staff.ok('machines.snapshot', { id: lab.printer });
    expect(snapshot.connection).toBe('connected');
    const seen: number[] = [];
    const done = await waitFor(
      async () => {
        const job = await staff.ok('jobs.get', { id });
        if (job.progress !== null) seen.push(job.progress);
        return job.status === 'done' ? job : undefined;
      },
      20_000,
      'the job to finish',
    );
    expect(done).toMatchObject({ copiesDone: 1, progress: null });
    expect(done.runs[0]).toMatchObject({ outcome: 'normal', durationSeconds: 90, materialGrams: 12.5 });
    expect(seen.every((p) => p >= 0 && p <= 1)).toBe(true);
    const machineRun = t.host.store.db
      .prepare('SELECT state, acked_offset, total_bytes FROM machine_runs')
      .get() as {
      state: string;
      acked_offset: number;
      total_bytes: number;
    };
    expect(machineRun.state).toBe('completed');
    expect(machineRun.acked_offset).toBe(machineRun.total_bytes); // 100 %
    const history = await trainee.ok('jobs.history', {});
    expect(history).toEqual([
      expect.objectContaining({
        jobNumber: 1,
        outcome: 'normal',
        durationSeconds: 90,
        materialGrams: 12.5,
        machineName: 'Sim printer',
      }),
    ]);
    const csv = await trainee.ok('jobs.historyCsv', {});
    expect(csv.fileName).toBe('job-history-2026-11-24.csv');
    expect(csv.csv.split('\r\n')[1]).toBe(
      '1,Test part,1,1,Sim printer,Test trainee 3,Test trainee 3,2026-11-24T15:00:00.000Z,2026-11-24T15:01:30.000Z,90,12.500,normal,',
    );
    // The requester's screen heard about it, and the printer's counters moved.
    const notice = trainee.pushed.find((p) => p.topic === 'jobs.notice')?.payload as JobNotice | undefined;
    expect(notice).toMatchObject({ jobId: id, outcome: 'done', machineName: 'Sim printer' });
    const maintenance = await staff.ok('jobs.maintenance.get', { machineId: lab.printer });
    expect(maintenance.counters).toEqual([
      { counter: 'print_hours', value: 0.03 },
      { counter: 'filament_grams', value: 12.5 },
    ]);
  });

  it('a job stopped on the machine fails with about the material it used, and can be queued again', async () => {
    const { trainee, staff } = lab;
    const long = await trainee.ok('files.import', {
      name: 'long.gcode',
      uploadId: await uploadBytes(t, trainee, tinyProgram(3000)),
      tags: [],
    });
    const id = await lab.queued(trainee, lab.printer, { fileIds: [long.id] });
    await trainee.ok('jobs.start', { id });
    await waitFor(
      () =>
        (t.host.store.db.prepare('SELECT acked_line FROM machine_runs').get() as { acked_line: number })
          .acked_line > 50,
      10_000,
      'some progress',
    );
    await staff.ok('machines.action', { id: lab.printer, action: 'stop' });
    const failed = await waitFor(
      async () => {
        const job = await staff.ok('jobs.get', { id });
        return job.status === 'failed' ? job : undefined;
      },
      10_000,
      'the job to fail',
    );
    expect(failed.runs[0]!.outcome).toBe('aborted');
    expect(failed.runs[0]!.materialGrams).toBeGreaterThan(0);
    expect(failed.runs[0]!.materialGrams).toBeLessThan(12.5);
    expect(failed.transitions.at(-1)).toMatchObject({ from: 'running', to: 'failed' });
    expect((await staff.ok('jobs.transition', { id, to: 'queued' })).status).toBe('queued');
  });

  it('a laser job whose record cannot be written is stopped at once, not held for an operator or left running', async () => {
    const { trainee, staff } = lab;
    const laser = (
      await t.admin.ok('machines.create', {
        name: 'Sim diode laser',
        kind: 'laser',
        firmware: 'grbl',
        connection: { type: 'simulated' },
        workArea: { x: 300, y: 300, z: 50 },
      })
    ).id;
    const lines = ['G21', 'G90', 'M4 S800'];
    for (let i = 0; i < 3000; i++) lines.push(`G1 X${10 + (i % 50)} Y${10 + Math.floor(i / 50)} F1200`);
    lines.push('M5');
    const cut = await trainee.ok('files.import', {
      name: 'cut.gcode',
      uploadId: await uploadBytes(t, trainee, lines.join('\n') + '\n'),
      tags: [],
    });
    const id = await lab.queued(trainee, laser, { fileIds: [cut.id] });
    // The real database refuses the job's run record (as a full disk would), after the stream has begun.
    t.host.store.db.exec(
      "CREATE TRIGGER refuse_run BEFORE INSERT ON job_runs BEGIN SELECT RAISE(ABORT, 'disk full'); END",
    );
    const refused = await trainee.call('jobs.start', { id, bedClear: true });
    expect(refused.ok).toBe(false);
    const snapshot = await waitFor(
      async () => {
        const s = await staff.ok('machines.snapshot', { id: laser });
        return s.job !== null && s.job.state !== 'running' ? s : undefined;
      },
      10_000,
      'the laser job to end',
    );
    expect(snapshot.job?.state).not.toBe('completed');
    // Stopped outright: no "lines still held, Stop or Continue?" question waits for someone.
    expect(snapshot.queued ?? null).toBeNull();
    expect((await staff.ok('jobs.get', { id })).status).toBe('queued');
  });
});
