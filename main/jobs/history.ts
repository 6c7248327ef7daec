import type { HistoryRow, RunOutcome } from '../../preload/contract/methods/jobs.js';
import type { Db } from '../store/store.js';
import { DeskError } from '../kernel/errors.js';
import { labDayStart, nextDay } from '../kernel/lab-dates.js';
import { seesAll, type Actor } from './rows.js';

/** The history: every usage session (one per copy run), newest first, with the filters the history tab offers. */

export interface HistoryFilter {
  from?: string | undefined;
  to?: string | undefined;
  machineId?: number | undefined;
  requesterId?: number | undefined;
  outcome?: RunOutcome | undefined;
  search?: string | undefined;
}

export function history(db: Db, actor: Actor, filter: HistoryFilter): HistoryRow[] {
  if (filter.from !== undefined && filter.to !== undefined && filter.to < filter.from)
    throw new DeskError(
      'INVALID_INPUT',
      `The history cannot end (${filter.to}) before it starts (${filter.from}).`,
    );
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (!seesAll(actor)) {
    where.push('j.requester_id = @me');
    params.me = actor.id;
  } else if (filter.requesterId !== undefined) {
    where.push('j.requester_id = @requester');
    params.requester = filter.requesterId;
  }
  if (filter.from !== undefined) {
    where.push('jr.started_at >= @from');
    params.from = labDayStart(filter.from);
  }
  if (filter.to !== undefined) {
    where.push('jr.started_at < @to');
    params.to = labDayStart(nextDay(filter.to));
  }
  if (filter.machineId !== undefined) {
    where.push('jr.machine_id = @machine');
    params.machine = filter.machineId;
  }
  if (filter.outcome !== undefined) {
    where.push('jr.outcome = @outcome');
    params.outcome = filter.outcome;
  }
  if (filter.search !== undefined && filter.search !== '') {
    where.push(`(j.title LIKE @search ESCAPE '\\' OR CAST(j.number AS TEXT) = @exact)`);
    params.search = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    params.exact = filter.search;
  }
  const rows = db
    .prepare(
      `SELECT jr.id AS run_id, j.id AS job_id, j.number, j.title, jr.copy_no, j.quantity, jr.machine_id,
         m.name AS machine_name, o.display_name AS operator_name, j.requester_id, r.display_name AS requester_name,
         jr.started_at, jr.ended_at, jr.duration_s, jr.material_mg, jr.outcome, jr.override_reason
       FROM job_runs jr JOIN jobs j ON j.id = jr.job_id JOIN machines m ON m.id = jr.machine_id
       JOIN persons o ON o.id = jr.operator_id JOIN persons r ON r.id = j.requester_id
       ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY jr.started_at DESC, jr.id DESC LIMIT 2000`,
    )
    .all(params) as {
    run_id: number;
    job_id: number;
    number: number;
    title: string;
    copy_no: number;
    quantity: number;
    machine_id: number;
    machine_name: string;
    operator_name: string;
    requester_id: number;
    requester_name: string;
    started_at: string;
    ended_at: string | null;
    duration_s: number | null;
    material_mg: number | null;
    outcome: RunOutcome | null;
    override_reason: string | null;
  }[];
  return rows.map((r) => ({
    runId: r.run_id,
    jobId: r.job_id,
    jobNumber: r.number,
    title: r.title,
    copy: r.copy_no,
    quantity: r.quantity,
    machineId: r.machine_id,
    machineName: r.machine_name,
    operatorName: r.operator_name,
    requesterId: r.requester_id,
    requesterName: r.requester_name,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    durationSeconds: r.duration_s,
    materialGrams: r.material_mg === null ? null : r.material_mg / 1000,
    outcome: r.outcome,
    overrideReason: r.override_reason,
  }));
}

/** A CSV cell: quoted when it holds a comma, quote or line break; a leading =+-@ is defused for spreadsheets. */
function cell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function historyCsv(rows: readonly HistoryRow[]): string {
  const header = [
    'job',
    'title',
    'copy',
    'of',
    'machine',
    'operator',
    'requester',
    'started_utc',
    'ended_utc',
    'duration_s',
    'material_g',
    'outcome',
    'override_reason',
  ];
  const lines = rows.map((r) =>
    [
      r.jobNumber,
      r.title,
      r.copy,
      r.quantity,
      r.machineName,
      r.operatorName,
      r.requesterName,
      r.startedAt,
      r.endedAt,
      r.durationSeconds,
      r.materialGrams === null ? null : r.materialGrams.toFixed(3),
      r.outcome,
      r.overrideReason,
    ]
      .map(cell)
      .join(','),
  );
  return [header.join(','), ...lines].join('\r\n') + '\r\n';
}
