import type { Quote, RunOutcome } from '../../preload/contract/methods/jobs.js';
import type { Machine } from '../../preload/contract/methods/machines.js';
import type { WriteTx } from '../store/store.js';
import { feedCounters } from './maintenance.js';
import { changeStatus } from './queue.js';
import { copiesDone, jobRow, runRow, type JobRow } from './rows.js';

/** How a copy's usage session ends, whoever ends it: the machine (streamed) or a person (by hand). */

/** Machine runs (machines area) end as completed / failed / stopped / interrupted; a usage session as: */
export const outcomeOfRun: Record<string, RunOutcome> = {
  completed: 'normal',
  failed: 'failed',
  stopped: 'aborted',
  interrupted: 'interrupted',
};

/** Ends a usage session, feeds the counters and moves the job: done, back to the queue for the next copy, or failed. */
export function closeRun(
  tx: WriteTx,
  runId: number,
  outcome: RunOutcome,
  seconds: number,
  mg: number | null,
  notes: string | null,
  why: string | null,
) {
  const run = runRow(tx.db, runId);
  tx.db
    .prepare(
      'UPDATE job_runs SET ended_at = ?, outcome = ?, duration_s = ?, material_mg = ?, notes = ? WHERE id = ?',
    )
    .run(tx.at, outcome, seconds, mg, notes, runId);
  const machine = getMachineKind(tx, run.machine_id);
  feedCounters(tx, machine, runId, seconds, mg);
  tx.audit('job_run', runId, outcome, null, { seconds, materialMg: mg, why });
  const job = jobRow(tx.db, run.job_id);
  if (outcome !== 'normal') {
    changeStatus(tx, job.id, 'failed', why ?? `copy ${run.copy_no} ${outcome}`);
    return 'failed' as const;
  }
  const done = copiesDone(tx.db, job.id);
  if (done >= job.quantity) {
    changeStatus(tx, job.id, 'done', `${done} of ${job.quantity} done`);
    return 'done' as const;
  }
  // The next copy waits at the head of the queue: the job is under way.
  changeStatus(tx, job.id, 'queued', `copy ${done} of ${job.quantity} done`, { position: 1 });
  return 'copy_done' as const;
}

function getMachineKind(tx: WriteTx, id: number): Pick<Machine, 'id' | 'kind'> {
  return tx.db.prepare('SELECT id, kind FROM machines WHERE id = ?').get(id) as Pick<Machine, 'id' | 'kind'>;
}

/** One copy's material estimate in milligrams, from the job's quote (which is N copies of whole milligrams). */
export function perCopyMg(row: JobRow): number | null {
  const quote = JSON.parse(row.quote_json) as Quote;
  return quote.grams === null ? null : Math.round((quote.grams * 1000) / row.quantity);
}
