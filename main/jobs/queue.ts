import { jobEdges, type JobStatus } from '../../preload/contract/methods/jobs.js';
import type { Db, WriteTx } from '../store/store.js';
import { DeskError } from '../kernel/errors.js';
import { jobRow, type JobRow } from './rows.js';

/**
 * The queue of each machine is an explicit order (queue_position 1..n). A job joins it at the place the default
 * order gives — tier rank, then due date (none last), then request time — among the jobs already there, so a
 * manual move staff made earlier stays where they put it. Manual moves are recorded in job_queue_moves.
 */
type Key = [number, string, string, number];
const keyOf = (r: Pick<JobRow, 'tier_rank' | 'due_on' | 'created_at' | 'id'>): Key => [
  r.tier_rank,
  r.due_on ?? '9999-12-31',
  r.created_at,
  r.id,
];

function compareKeys(a: Key, b: Key): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return 0;
}

export function queuedOn(db: Db, machineId: number): JobRow[] {
  return db
    .prepare(
      `SELECT j.*, t.rank AS tier_rank FROM jobs j JOIN priority_tiers t ON t.id = j.tier_id
       WHERE j.machine_id = ? AND j.status = 'queued' ORDER BY j.queue_position`,
    )
    .all(machineId) as JobRow[];
}

/** Where a job would join a machine's queue under the default order. */
export function defaultPosition(db: Db, job: JobRow, machineId: number): number {
  const queue = queuedOn(db, machineId).filter((r) => r.id !== job.id);
  const mine = keyOf(job);
  const index = queue.findIndex((r) => compareKeys(keyOf(r), mine) > 0);
  return index === -1 ? queue.length + 1 : index + 1;
}

/**
 * Moves a job along one edge of the status graph: appends the transition row (who, when, why), then updates the
 * job. Entering `queued` needs a machine and takes a place (`position`, default order if absent); leaving it
 * closes the gap behind.
 */
export function changeStatus(
  tx: WriteTx,
  jobId: number,
  to: JobStatus,
  reason: string | null,
  options: { machineId?: number | undefined; position?: number | undefined } = {},
): JobRow {
  const before = jobRow(tx.db, jobId);
  if (!jobEdges[before.status].includes(to)) {
    throw new DeskError(
      'RULE_VIOLATION',
      `Job ${before.number} is ${label(before.status)}; it cannot become ${label(to)}.`,
      { from: before.status, to },
    );
  }
  tx.db
    .prepare(
      'INSERT INTO job_transitions (job_id, from_status, to_status, at, actor_id, reason) VALUES (?, ?, ?, ?, ?, ?)',
    )
    .run(jobId, before.status, to, tx.at, tx.actor, reason);
  if (before.status === 'queued') closeGap(tx, before);
  const machineId = options.machineId ?? before.machine_id;
  let position: number | null = null;
  if (to === 'queued') {
    if (machineId === null) throw new DeskError('INVALID_INPUT', 'Choose the machine whose queue it joins.');
    const row = { ...before, machine_id: machineId };
    const queueLength = queuedOn(tx.db, machineId).length;
    position = Math.min(options.position ?? defaultPosition(tx.db, row, machineId), queueLength + 1);
    tx.db
      .prepare(
        `UPDATE jobs SET queue_position = queue_position + 1
         WHERE machine_id = ? AND status = 'queued' AND queue_position >= ?`,
      )
      .run(machineId, position);
  }
  tx.db
    .prepare('UPDATE jobs SET status = ?, machine_id = ?, queue_position = ?, updated_at = ? WHERE id = ?')
    .run(to, machineId, position, tx.at, jobId);
  const after = jobRow(tx.db, jobId);
  tx.audit(
    'job',
    jobId,
    `status:${to}`,
    { status: before.status },
    {
      status: to,
      machineId,
      queuePosition: position,
    },
  );
  return after;
}

function closeGap(tx: WriteTx, row: JobRow): void {
  tx.db
    .prepare(
      `UPDATE jobs SET queue_position = queue_position - 1
       WHERE machine_id = ? AND status = 'queued' AND queue_position > ?`,
    )
    .run(row.machine_id, row.queue_position);
}

/** Staff move a queued job to another place in its machine's queue; the move is recorded with its reason. */
export function moveInQueue(tx: WriteTx, jobId: number, toPosition: number, reason: string | null): void {
  const row = jobRow(tx.db, jobId);
  if (row.status !== 'queued' || row.machine_id === null || row.queue_position === null) {
    throw new DeskError('RULE_VIOLATION', `Job ${row.number} is not waiting in a queue.`);
  }
  const length = queuedOn(tx.db, row.machine_id).length;
  const target = Math.min(Math.max(1, toPosition), length);
  const from = row.queue_position;
  if (target === from) return;
  if (target < from) {
    tx.db
      .prepare(
        `UPDATE jobs SET queue_position = queue_position + 1
         WHERE machine_id = ? AND status = 'queued' AND queue_position >= ? AND queue_position < ?`,
      )
      .run(row.machine_id, target, from);
  } else {
    tx.db
      .prepare(
        `UPDATE jobs SET queue_position = queue_position - 1
         WHERE machine_id = ? AND status = 'queued' AND queue_position > ? AND queue_position <= ?`,
      )
      .run(row.machine_id, from, target);
  }
  tx.db.prepare('UPDATE jobs SET queue_position = ?, updated_at = ? WHERE id = ?').run(target, tx.at, jobId);
  tx.db
    .prepare(
      `INSERT INTO job_queue_moves (job_id, machine_id, from_position, to_position, at, actor_id, reason)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(jobId, row.machine_id, from, target, tx.at, tx.actor, reason);
  tx.audit('job', jobId, 'reorder', { queuePosition: from }, { queuePosition: target, reason });
}

const labels: Record<JobStatus, string> = {
  draft: 'a draft',
  submitted: 'submitted',
  approved: 'approved',
  queued: 'queued',
  running: 'running',
  done: 'done',
  picked_up: 'picked up',
  declined: 'declined',
  cancelled: 'cancelled',
  failed: 'failed',
};

export const label = (s: JobStatus): string => labels[s];
