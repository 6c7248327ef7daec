import type { Role } from '../../preload/contract/roles.js';
import {
  jobEdges,
  type Job,
  type JobDetail,
  type JobRun,
  type JobStatus,
  type Quote,
  type RunOutcome,
} from '../../preload/contract/methods/jobs.js';
import type { Machine } from '../../preload/contract/methods/machines.js';
import type { Db } from '../store/store.js';
import { DeskError, notFound } from '../kernel/errors.js';

/** The caller as the jobs area sees them. */
export interface Actor {
  id: number;
  roles: readonly Role[];
}

/** Staff and admins run the queue: approve, queue, reorder, override, hand over. */
export const isStaff = (a: Actor): boolean => a.roles.includes('staff') || a.roles.includes('admin');
/** Who sees every job (trainees see their own). */
export const seesAll = (a: Actor): boolean => isStaff(a) || a.roles.includes('instructor');

export interface JobRow {
  id: number;
  number: number;
  title: string;
  requester_id: number;
  requester_name: string;
  machine_id: number | null;
  machine_name: string | null;
  machine_kind: Machine['kind'];
  material_id: number | null;
  material_name: string | null;
  colour: string | null;
  quantity: number;
  tier_id: number;
  tier_name: string;
  tier_rank: number;
  due_on: string | null;
  notes: string;
  status: JobStatus;
  quote_json: string;
  queue_position: number | null;
  created_at: string;
  updated_at: string;
}

export const JOB_SELECT = `SELECT j.*, p.display_name AS requester_name, m.name AS machine_name,
  mat.name AS material_name, t.name AS tier_name, t.rank AS tier_rank
  FROM jobs j JOIN persons p ON p.id = j.requester_id LEFT JOIN machines m ON m.id = j.machine_id
  LEFT JOIN job_materials mat ON mat.id = j.material_id JOIN priority_tiers t ON t.id = j.tier_id`;

export function jobRow(db: Db, id: number): JobRow {
  const row = db.prepare(`${JOB_SELECT} WHERE j.id = ?`).get(id) as JobRow | undefined;
  if (row === undefined) throw notFound('Job', id);
  return row;
}

/** A job the actor may see: their own, or any for staff and instructors (a trainee asking for another's: NOT_FOUND). */
export function visibleJobRow(db: Db, actor: Actor, id: number): JobRow {
  const row = jobRow(db, id);
  if (row.requester_id !== actor.id && !seesAll(actor)) throw notFound('Job', id);
  return row;
}

export function copiesDone(db: Db, jobId: number): number {
  return (
    db.prepare(`SELECT count(*) AS n FROM job_runs WHERE job_id = ? AND outcome = 'normal'`).get(jobId) as {
      n: number;
    }
  ).n;
}

/** The running copy's share of its file acknowledged by the machine (0–1), from the machines area's run row. */
function progressOf(db: Db, jobId: number): number | null {
  const row = db
    .prepare(
      `SELECT r.total_bytes, r.acked_offset FROM job_runs jr JOIN machine_runs r ON r.id = jr.machine_run_id
       WHERE jr.job_id = ? AND jr.ended_at IS NULL`,
    )
    .get(jobId) as { total_bytes: number; acked_offset: number } | undefined;
  if (row === undefined) return null;
  return row.total_bytes === 0 ? 0 : Math.min(1, row.acked_offset / row.total_bytes);
}

export function toJob(db: Db, row: JobRow): Job {
  const files = db
    .prepare(
      `SELECT f.id, f.name, c.kind, f.sha256 FROM job_files jf JOIN files f ON f.id = jf.file_id
       JOIN file_contents c ON c.sha256 = f.sha256 WHERE jf.job_id = ? ORDER BY jf.position`,
    )
    .all(row.id) as { id: number; name: string; kind: string; sha256: string }[];
  return {
    id: row.id,
    number: row.number,
    title: row.title,
    requesterId: row.requester_id,
    requesterName: row.requester_name,
    files,
    machineId: row.machine_id,
    machineName: row.machine_name,
    machineKind: row.machine_kind,
    materialId: row.material_id,
    materialName: row.material_name,
    colour: row.colour,
    quantity: row.quantity,
    copiesDone: copiesDone(db, row.id),
    tierId: row.tier_id,
    tierName: row.tier_name,
    tierRank: row.tier_rank,
    dueOn: row.due_on,
    notes: row.notes,
    status: row.status,
    quote: JSON.parse(row.quote_json) as Quote,
    queuePosition: row.queue_position,
    progress: row.status === 'running' ? progressOf(db, row.id) : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

interface RunRow {
  id: number;
  job_id: number;
  copy_no: number;
  machine_id: number;
  machine_name: string;
  operator_id: number;
  operator_name: string;
  started_by: number | null;
  started_at: string;
  ended_at: string | null;
  outcome: RunOutcome | null;
  duration_s: number | null;
  material_mg: number | null;
  machine_run_id: number | null;
  authorized: number;
  override_reason: string | null;
  bed_clear: number;
  notes: string | null;
}

export const RUN_SELECT = `SELECT jr.*, m.name AS machine_name, p.display_name AS operator_name
  FROM job_runs jr JOIN machines m ON m.id = jr.machine_id JOIN persons p ON p.id = jr.operator_id`;

export function toRun(row: RunRow, streams: boolean): JobRun {
  return {
    id: row.id,
    jobId: row.job_id,
    copy: row.copy_no,
    machineId: row.machine_id,
    machineName: row.machine_name,
    operatorId: row.operator_id,
    operatorName: row.operator_name,
    startedById: row.started_by,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    outcome: row.outcome,
    durationSeconds: row.duration_s,
    materialGrams: row.material_mg === null ? null : row.material_mg / 1000,
    streamed: streams,
    machineRunId: row.machine_run_id,
    authorized: row.authorized === 1,
    overrideReason: row.override_reason,
    bedClearConfirmed: row.bed_clear === 1,
    notes: row.notes,
  };
}

export function runRow(db: Db, runId: number): RunRow {
  const row = db.prepare(`${RUN_SELECT} WHERE jr.id = ?`).get(runId) as RunRow | undefined;
  if (row === undefined) throw notFound('Usage session', runId);
  return row;
}

export function openRun(db: Db, jobId: number): RunRow | undefined {
  return db.prepare(`${RUN_SELECT} WHERE jr.job_id = ? AND jr.ended_at IS NULL`).get(jobId) as
    RunRow | undefined;
}

export function jobDetail(db: Db, id: number): JobDetail {
  const row = jobRow(db, id);
  const transitions = (
    db
      .prepare(
        `SELECT t.id, t.from_status, t.to_status, t.at, t.actor_id, p.display_name AS actor_name, t.reason
         FROM job_transitions t LEFT JOIN persons p ON p.id = t.actor_id WHERE t.job_id = ? ORDER BY t.id`,
      )
      .all(id) as {
      id: number;
      from_status: JobStatus | null;
      to_status: JobStatus;
      at: string;
      actor_id: number | null;
      actor_name: string | null;
      reason: string | null;
    }[]
  ).map((t) => ({
    id: t.id,
    from: t.from_status,
    to: t.to_status,
    at: t.at,
    actorId: t.actor_id,
    actorName: t.actor_name,
    reason: t.reason,
  }));
  const runs = (db.prepare(`${RUN_SELECT} WHERE jr.job_id = ? ORDER BY jr.id`).all(id) as RunRow[]).map((r) =>
    toRun(r, r.machine_run_id !== null),
  );
  const job = toJob(db, row);
  const gcode = job.files.find((f) => f.kind === 'gcode');
  return {
    ...job,
    transitions,
    runs,
    next: [...jobEdges[row.status]],
    previewFileId: (gcode ?? job.files[0])?.id ?? null,
  };
}

export interface ListFilter {
  statuses?: readonly JobStatus[] | undefined;
  machineId?: number | undefined;
  mine: boolean;
}

export function listJobs(db: Db, actor: Actor, filter: ListFilter): Job[] {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (filter.mine || !seesAll(actor)) {
    where.push('j.requester_id = @me');
    params.me = actor.id;
  }
  if (filter.machineId !== undefined) {
    where.push('j.machine_id = @machine');
    params.machine = filter.machineId;
  }
  if (filter.statuses !== undefined && filter.statuses.length > 0) {
    where.push(`j.status IN (${filter.statuses.map((_, i) => `@s${i}`).join(', ')})`);
    filter.statuses.forEach((s, i) => (params[`s${i}`] = s));
  }
  const sql = `${JOB_SELECT} ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY j.id DESC LIMIT 500`;
  return (db.prepare(sql).all(params) as JobRow[]).map((r) => toJob(db, r));
}

export function assertStaff(actor: Actor, what: string): void {
  if (!isStaff(actor)) throw new DeskError('NOT_AUTHORIZED', `Only staff can ${what}.`);
}
