import { machineKindSpec } from '../../preload/contract/machine-kinds.js';
import type { JobDetail, RunOutcome } from '../../preload/contract/methods/jobs.js';
import type { Machine } from '../../preload/contract/methods/machines.js';
import type { HostContext } from '../kernel/context.js';
import { openLibraryFile } from '../files/library.js';
import { machineServiceOf } from '../machines/service-of.js';
import { getMachine } from '../machines/registry.js';
import { DeskError } from '../kernel/errors.js';
import {
  authorize,
  loadFacts,
  lookupMachine,
  mayOverride,
  recordMachineUse,
  trainingGate,
} from '../training/index.js';
import { isDown, shutdownTickets } from './maintenance.js';
import { bookingToTakeUp, checkRunPreset, markBookingUsed } from '../lab/runs.js';
import { closeRun, outcomeOfRun, perCopyMg } from './run-end.js';
import { changeStatus, label } from './queue.js';
import {
  copiesDone,
  isStaff,
  jobDetail,
  jobRow,
  openRun,
  runRow,
  visibleJobRow,
  type Actor,
  type JobRow,
} from './rows.js';

/** CNC and laser: the operator confirms the bed or stock is clear before each start. */
export const needsBedClear = (kind: Machine['kind']): boolean => machineKindSpec(kind).needsBedClear;

/**
 * Starting and finishing jobs: the gates (L1 authorization or a staff override with its reason, L2 not down,
 * L3 not busy, bed/stock clear on CNC and laser), streaming through the machine's session on serial and simulated
 * machines, and following that run to its end — which moves the job, feeds the usage counters and notifies.
 */
export class JobDispatcher {
  /** Machines and jobs with a start in flight (between the checks and the recorded start). */
  private readonly starting = new Set<string>();

  constructor(private readonly ctx: HostContext) {
    const off = ctx.events.on('changed', (payload) => {
      if (payload.entity === 'machine_run' && payload.id !== undefined)
        this.followMachineRun(Number(payload.id));
    });
    ctx.onClose(off);
    // Runs the machines area ended while the app was down (marked interrupted at start-up) end their jobs too.
    const open = ctx.store.db
      .prepare(
        'SELECT machine_run_id AS id FROM job_runs WHERE ended_at IS NULL AND machine_run_id IS NOT NULL',
      )
      .all() as { id: number }[];
    for (const { id } of open) this.followMachineRun(id);
  }

  private machineBusy(machineId: number): boolean {
    if (this.starting.has(`m${machineId}`)) return true;
    const open = this.ctx.store.db
      .prepare('SELECT 1 FROM job_runs WHERE machine_id = ? AND ended_at IS NULL')
      .get(machineId);
    return open !== undefined || machineServiceOf(this.ctx)?.session(machineId)?.streaming === true;
  }

  queueFacts(machine: Machine) {
    return {
      down: isDown(this.ctx.store.db, machine.id),
      busy: this.machineBusy(machine.id),
      streams: machine.firmware !== 'none',
      needsBedClear: needsBedClear(machine.kind),
    };
  }

  private operatorOf(actor: Actor, row: JobRow, operatorId: number | undefined): number {
    const operator = operatorId ?? actor.id;
    if (!isStaff(actor)) {
      if (row.requester_id !== actor.id)
        throw new DeskError('NOT_AUTHORIZED', 'Only staff start someone else’s job.');
      if (operator !== actor.id) throw new DeskError('NOT_AUTHORIZED', 'Only staff name another operator.');
    }
    return operator;
  }

  /** What a start would meet, without starting (and without logging a refusal): for the start panel. */
  startCheck(actor: Actor, jobId: number, operatorId: number | undefined) {
    const { db } = this.ctx.store;
    const row = visibleJobRow(db, actor, jobId);
    if (row.machine_id === null)
      throw new DeskError('RULE_VIOLATION', `Job ${row.number} has no machine yet.`);
    const operator = this.operatorOf(actor, row, operatorId);
    const machine = getMachine(this.ctx.store, row.machine_id);
    const facts = lookupMachine(db, machine.id);
    const decision =
      facts === null
        ? { allowed: false, reasons: ['machine_down'] }
        : authorize(loadFacts(db, operator, facts, this.ctx.clock.now()), this.ctx.clock.now());
    const name = db.prepare('SELECT display_name FROM persons WHERE id = ?').get(operator) as
      { display_name: string } | undefined;
    return {
      jobId,
      operatorId: operator,
      operatorName: name?.display_name ?? `Person ${operator}`,
      authorized: decision.allowed,
      reasons: [...decision.reasons],
      machineDown: isDown(db, machine.id),
      machineBusy: this.machineBusy(machine.id),
      needsBedClear: needsBedClear(machine.kind),
      canOverride: isStaff(actor) && (decision.allowed || mayOverride(decision)),
      copy: copiesDone(db, jobId) + 1,
    };
  }

  /** Starts the next copy of a queued job, or says which gate refuses it. */
  async start(
    actor: Actor,
    input: {
      id: number;
      operatorId?: number | undefined;
      overrideReason?: string | undefined;
      bedClear: boolean;
      presetId?: number | undefined;
      bookingId?: number | undefined;
    },
  ): Promise<JobDetail> {
    const { store } = this.ctx;
    const row = visibleJobRow(store.db, actor, input.id);
    const operator = this.operatorOf(actor, row, input.operatorId);
    if (row.status !== 'queued')
      throw new DeskError(
        'RULE_VIOLATION',
        `Job ${row.number} is ${label(row.status)}; only a queued job starts.`,
      );
    const machine = getMachine(store, row.machine_id!);
    if (isDown(store.db, machine.id)) {
      const tickets = shutdownTickets(store.db, machine.id).map((t) => `ticket ${t.number} (${t.title})`);
      throw new DeskError(
        'RULE_VIOLATION',
        `${machine.name} is down${tickets.length > 0 ? `: ${tickets.join(', ')}` : ''}. Nothing starts on it until staff resolve it.`,
        { gate: 'machine_down' },
        {
          key: 'job.machineDown',
          params: {
            name: machine.name,
            tickets: shutdownTickets(store.db, machine.id)
              .map((t) => `#${t.number} (${t.title})`)
              .join(', '),
          },
        },
      );
    }
    if (this.machineBusy(machine.id) || this.starting.has(`j${row.id}`))
      throw new DeskError(
        'RULE_VIOLATION',
        `${machine.name} is busy with another job.`,
        { gate: 'machine_busy' },
        { key: 'job.machineBusy', params: { name: machine.name } },
      );
    if (needsBedClear(machine.kind) && !input.bedClear)
      throw new DeskError(
        'RULE_VIOLATION',
        `Confirm the ${machine.kind === 'laser' ? 'bed' : 'stock and bed'} of ${machine.name} is clear before starting.`,
        { gate: 'bed_clear' },
        { key: machine.kind === 'laser' ? 'job.bedClear' : 'job.stockClear', params: { name: machine.name } },
      );
    // The lab's library: a material forbidden on this kind of machine is refused; a preset must fit the job.
    checkRunPreset(store.db, machine, row.material_id, input.presetId);
    const booking =
      input.bookingId === undefined
        ? null
        : bookingToTakeUp(store.db, this.ctx.clock.now(), input.bookingId, machine, operator);
    // The one training gate, as for commanding a machine, a manual session and a booking.
    const { decision, override } = trainingGate(
      { store, log: this.ctx.log },
      {
        personId: operator,
        askedBy: actor.id,
        askerIsStaff: isStaff(actor),
        machineId: machine.id,
        machineName: machine.name,
        purpose: 'job',
        overrideReason: input.overrideReason ?? null,
      },
    );
    const copy = copiesDone(store.db, row.id) + 1;
    const streamed = machine.firmware !== 'none';
    let machineRunId: number | null = null;
    if (streamed) machineRunId = await this.stream(row, machine, actor, copy);
    const why = decision.allowed
      ? `copy ${copy} of ${row.quantity}`
      : `copy ${copy} of ${row.quantity}; staff override: ${override ?? ''}`;
    try {
      store.write({ actor: actor.id, reason: why }, (tx) => {
        const runId = Number(
          tx.db
            .prepare(
              `INSERT INTO job_runs (job_id, copy_no, machine_id, operator_id, started_by, started_at, machine_run_id,
                 authorized, override_reason, bed_clear) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            )
            .run(
              row.id,
              copy,
              machine.id,
              operator,
              actor.id,
              tx.at,
              machineRunId,
              decision.allowed ? 1 : 0,
              decision.allowed ? null : override,
              input.bedClear ? 1 : 0,
            ).lastInsertRowid,
        );
        if (input.presetId !== undefined)
          tx.db.prepare('UPDATE job_runs SET preset_id = ? WHERE id = ?').run(input.presetId, runId);
        if (booking !== null) {
          tx.db.prepare('UPDATE job_runs SET booking_id = ? WHERE id = ?').run(booking, runId);
          markBookingUsed(tx, booking, { jobRunId: runId });
        }
        changeStatus(tx, row.id, 'running', why);
        tx.audit('job_run', runId, 'start', null, {
          jobId: row.id,
          copy,
          machineId: machine.id,
          operator,
          authorized: decision.allowed,
          overrideReason: decision.allowed ? null : override,
          reasons: decision.reasons,
        });
        if (decision.allowed) recordMachineUse(tx, operator, machine);
      });
    } catch (error) {
      // The record could not be written: do not leave the machine running a job nobody recorded.
      if (streamed) machineServiceOf(this.ctx)?.session(machine.id)?.stopAtOnce();
      throw error;
    }
    this.changed(row.id);
    if (machineRunId !== null) this.followMachineRun(machineRunId);
    return jobDetail(store.db, row.id);
  }

  /** Streams the job's G-code through the machine's session (connecting first if needed); the machine run's id. */
  private async stream(row: JobRow, machine: Machine, actor: Actor, copy: number): Promise<number> {
    const { store } = this.ctx;
    const file = (
      store.db
        .prepare(
          `SELECT jf.file_id FROM job_files jf JOIN files f ON f.id = jf.file_id JOIN file_contents c ON c.sha256 = f.sha256
           WHERE jf.job_id = ? AND c.kind = 'gcode' ORDER BY jf.position LIMIT 1`,
        )
        .get(row.id) as { file_id: number } | undefined
    )?.file_id;
    if (file === undefined) {
      const partFile = store.db
        .prepare(
          `SELECT 1 FROM job_files jf JOIN files f ON f.id = jf.file_id JOIN file_contents c ON c.sha256 = f.sha256
           WHERE jf.job_id = ? AND c.kind = 'sbp' LIMIT 1`,
        )
        .get(row.id);
      // A ShopBot part file is run by the ShopBot control software: the Desk records it, it never streams it.
      if (partFile !== undefined)
        throw new DeskError(
          'RULE_VIOLATION',
          `Job ${row.number} is a ShopBot part file (.sbp): the ShopBot control software runs it, so the Desk ` +
            `cannot send it to ${machine.name}. Queue it on a router registered without a link and start it there by hand.`,
        );
      throw new DeskError(
        'RULE_VIOLATION',
        `Job ${row.number} has no G-code file to send to ${machine.name}: slice the model first.`,
      );
    }
    const opened = openLibraryFile(store, { personId: row.requester_id, roles: [] }, file);
    const service = machineServiceOf(this.ctx);
    if (service === undefined) throw new DeskError('DEVICE_ERROR', 'The machines service is not running.');
    const keys = [`m${machine.id}`, `j${row.id}`];
    for (const k of keys) this.starting.add(k);
    try {
      if (service.session(machine.id)?.connection !== 'connected') await service.connect(machine.id);
      await service.startJob(machine.id, actor.id, {
        path: opened.path,
        name: `Job ${row.number}: ${row.title} (${copy}/${row.quantity})`,
        sha256: opened.file.sha256,
      });
    } finally {
      for (const k of keys) this.starting.delete(k);
    }
    const run = store.db
      .prepare('SELECT max(id) AS id FROM machine_runs WHERE machine_id = ?')
      .get(machine.id) as { id: number | null };
    if (run.id === null) throw new DeskError('DEVICE_ERROR', `${machine.name} did not start the job.`);
    return run.id;
  }

  /** Ends the running copy of a job started by hand (manual machines): outcome and material actually used. */
  finish(
    actor: Actor,
    input: {
      id: number;
      outcome: RunOutcome;
      materialGrams?: number | undefined;
      notes?: string | undefined;
    },
  ): JobDetail {
    const { store } = this.ctx;
    const row = visibleJobRow(store.db, actor, input.id);
    const run = openRun(store.db, row.id);
    if (row.status !== 'running' || run === undefined)
      throw new DeskError('RULE_VIOLATION', `Job ${row.number} is ${label(row.status)}, not running.`);
    if (run.machine_run_id !== null)
      throw new DeskError(
        'RULE_VIOLATION',
        `Job ${row.number} streams on ${run.machine_name}: it ends when the machine finishes (stop it there).`,
      );
    if (!isStaff(actor) && run.operator_id !== actor.id)
      throw new DeskError('NOT_AUTHORIZED', 'Only its operator or staff finish a job.');
    const seconds = Math.max(
      0,
      Math.round((this.ctx.clock.now().getTime() - Date.parse(run.started_at)) / 1000),
    );
    const perCopy = perCopyMg(row);
    const mg =
      input.materialGrams !== undefined
        ? Math.round(input.materialGrams * 1000)
        : input.outcome === 'normal'
          ? perCopy
          : null;
    const outcome = store.write({ actor: actor.id, reason: `copy ${run.copy_no} ${input.outcome}` }, (tx) =>
      closeRun(tx, run.id, input.outcome, seconds, mg, input.notes ?? null, null),
    );
    this.notify(row.id, outcome);
    return jobDetail(store.db, row.id);
  }

  /** Staff correct the material a usage session used. */
  recordMaterial(actor: Actor, input: { runId: number; grams: number; reason: string }): JobDetail {
    const run = runRow(this.ctx.store.db, input.runId);
    if (run.ended_at === null)
      throw new DeskError('RULE_VIOLATION', 'Record the material once the copy has ended.');
    this.ctx.store.write({ actor: actor.id, reason: input.reason }, (tx) => {
      const mg = Math.round(input.grams * 1000);
      tx.db.prepare('UPDATE job_runs SET material_mg = ? WHERE id = ?').run(mg, run.id);
      tx.audit('job_run', run.id, 'material', { materialMg: run.material_mg }, { materialMg: mg });
    });
    this.changed(run.job_id);
    return jobDetail(this.ctx.store.db, run.job_id);
  }

  /** A machine run ended (or may have): end the usage session that streamed it, once. */
  private followMachineRun(machineRunId: number): void {
    const { store } = this.ctx;
    try {
      const run = store.db
        .prepare('SELECT id, job_id FROM job_runs WHERE machine_run_id = ? AND ended_at IS NULL')
        .get(machineRunId) as { id: number; job_id: number } | undefined;
      if (run === undefined) return;
      const mr = store.db
        .prepare(
          'SELECT state, started_at, ended_at, total_bytes, acked_offset, reason FROM machine_runs WHERE id = ?',
        )
        .get(machineRunId) as {
        state: string;
        started_at: string;
        ended_at: string | null;
        total_bytes: number;
        acked_offset: number;
        reason: string | null;
      };
      if (mr.state === 'running' || mr.state === 'paused') return;
      const outcome = outcomeOfRun[mr.state] ?? 'interrupted';
      const seconds = Math.max(
        0,
        Math.round((Date.parse(mr.ended_at ?? mr.started_at) - Date.parse(mr.started_at)) / 1000),
      );
      const perCopy = perCopyMg(jobRow(store.db, run.job_id));
      // A copy that stopped part-way used about the share of the file the machine acknowledged.
      const share =
        outcome === 'normal' || mr.total_bytes === 0 ? 1 : Math.min(1, mr.acked_offset / mr.total_bytes);
      const mg = perCopy === null ? null : Math.round(perCopy * share);
      const result = store.write({ actor: null, reason: `machine run ${mr.state}` }, (tx) =>
        closeRun(tx, run.id, outcome, seconds, mg, null, mr.reason),
      );
      this.notify(run.job_id, result);
    } catch (error) {
      this.ctx.log.error(`jobs: could not follow machine run ${machineRunId}`, error);
    }
  }

  private changed(jobId: number): void {
    this.ctx.events.publish('changed', { entity: 'job', id: String(jobId) });
  }

  private notify(jobId: number, outcome: 'done' | 'copy_done' | 'failed'): void {
    const row = jobRow(this.ctx.store.db, jobId);
    this.changed(jobId);
    this.ctx.events.publish('jobs.notice', {
      jobId,
      number: row.number,
      title: row.title,
      requesterId: row.requester_id,
      machineName: row.machine_name ?? '',
      outcome,
      at: this.ctx.clock.now().toISOString(),
    });
  }
}
