import type { Db, WriteTx } from '../store/store.js';
import { DeskError, notFound, ruleViolation } from '../kernel/errors.js';
import { assertCents, formatCents } from './money.js';
import { postEntry } from './journal.js';
import { BANK } from './shares.js';
import { issueJobPaymentReceipt, receiptFor, receiptRef, type Receipt } from './receipts.js';
import { sql } from './sql.js';

/**
 * What a lab job was paid. Jobs carry a quote; the treasurer records the money when it arrives — the quoted amount,
 * or the amount typed when the final price differs — once per job: a second payment of the same job is refused,
 * naming the first one. The money posts to Income:JobFees (kept by these records) and a receipt is issued.
 */
export interface PayableJob {
  jobId: number;
  number: number;
  title: string;
  requesterName: string;
  status: string;
  quoteCents: number;
  payment: { paidOn: string; amountCents: number; receipt: ReturnType<typeof receiptRef> | null } | null;
}

interface JobRow {
  id: number;
  number: number;
  title: string;
  status: string;
  quote_total_cents: number;
  requester_name: string;
}

const JOBS = `SELECT j.id, j.number, j.title, j.status, j.quote_total_cents, p.display_name AS requester_name
  FROM jobs j JOIN persons p ON p.id = j.requester_id`;

interface PaymentRow {
  id: number;
  paid_on: string;
  amount_cents: number;
}

function paymentOf(db: Db, jobId: number): PaymentRow | undefined {
  return sql(db, 'SELECT id, paid_on, amount_cents FROM treasury_job_payments WHERE job_id = ?').get(
    jobId,
  ) as PaymentRow | undefined;
}

function toPayable(db: Db, j: JobRow): PayableJob {
  const p = paymentOf(db, j.id);
  const receipt = p === undefined ? undefined : receiptFor(db, 'job-payment', p.id);
  return {
    jobId: j.id,
    number: j.number,
    title: j.title,
    requesterName: j.requester_name,
    status: j.status,
    quoteCents: j.quote_total_cents,
    payment:
      p === undefined
        ? null
        : {
            paidOn: p.paid_on,
            amountCents: p.amount_cents,
            receipt: receipt === undefined ? null : receiptRef(receipt),
          },
  };
}

/** Jobs that were not declined or cancelled, newest first, with their quote and payment. */
export function listPayableJobs(db: Db): PayableJob[] {
  return (
    sql(
      db,
      `${JOBS} WHERE j.status NOT IN ('draft', 'declined', 'cancelled') ORDER BY j.number DESC`,
    ).all() as JobRow[]
  ).map((j) => toPayable(db, j));
}

export function payJob(
  tx: WriteTx,
  input: { jobId: number; date: string; amount?: number | undefined },
): { job: PayableJob; receipt: Receipt; entryNumber: number } {
  const job = sql(tx.db, `${JOBS} WHERE j.id = ?`).get(input.jobId) as JobRow | undefined;
  if (job === undefined) throw notFound('Job', input.jobId);
  const prior = paymentOf(tx.db, job.id);
  if (prior !== undefined) {
    const r = receiptFor(tx.db, 'job-payment', prior.id);
    throw ruleViolation(
      `Job ${job.number} was already paid: ${formatCents(prior.amount_cents)} on ${prior.paid_on}${r === undefined ? '' : `, receipt ${r.number}`}.`,
    );
  }
  if (job.status === 'declined' || job.status === 'cancelled' || job.status === 'draft')
    throw ruleViolation(`Job ${job.number} is ${job.status}; there is nothing to pay for.`);
  const amount = input.amount ?? job.quote_total_cents;
  if (input.amount === undefined && amount === 0)
    throw new DeskError(
      'INVALID_INPUT',
      `Job ${job.number} has no quoted price; type the amount that was paid.`,
      { field: 'amount' },
    );
  assertCents(amount, 'The payment');
  const entry = postEntry(tx, {
    date: input.date,
    memo: `Payment for job ${job.number} from ${job.requester_name}`,
    kind: 'job-payment',
    lines: [
      { account: BANK, amount },
      { account: 'Income:JobFees', amount: -amount },
    ],
  });
  const id = Number(
    sql(
      tx.db,
      'INSERT INTO treasury_job_payments (job_id, paid_on, amount_cents, payer_name, entry_id, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    ).run(job.id, input.date, amount, job.requester_name, entry.id, tx.at).lastInsertRowid,
  );
  tx.audit('treasury.job-payment', job.number, 'pay', null, { jobId: job.id, date: input.date, amount });
  const receipt = issueJobPaymentReceipt(tx, {
    paymentId: id,
    date: input.date,
    amountCents: amount,
    payerName: job.requester_name,
    jobNumber: job.number,
    jobTitle: job.title,
  });
  return { job: toPayable(tx.db, job), receipt, entryNumber: entry.number };
}
