import type { Db, WriteTx } from '../store/store.js';
import { ruleViolation } from '../kernel/errors.js';
import { assertCents, formatCents } from './money.js';
import { getLoan, repay } from './loans.js';
import type { ScheduleRow } from './schedule.js';
import { sql } from './sql.js';

/**
 * Where a loan stands against its schedule, from the money actually paid (repayments, principal and interest):
 * the payments fill the schedule's rows in due order; forgiveness is kept apart and never counts as a payment.
 * A row is paid, partly paid, overdue (due, nothing on it) or not yet due; the arrears are what the rows due by
 * today still lack, and the days overdue count from the earliest of them. A loan with nothing left to repay (paid
 * off or forgiven) has no arrears.
 */
export type RowStatus = 'paid' | 'partly-paid' | 'overdue' | 'due';

export interface ScheduleRowStatus extends ScheduleRow {
  paidCents: number;
  status: RowStatus;
  daysOverdue: number;
}

export interface Arrears {
  arrearsCents: number;
  daysOverdue: number;
  /** Instalments due by today that are not fully paid. */
  rowsBehind: number;
}

const dayNumber = (date: string): number => Date.parse(`${date}T00:00:00Z`) / 86_400_000;

export function paidToDate(db: Db, loanId: number, through: string): number {
  const row = sql(
    db,
    `SELECT coalesce(sum(principal_cents + interest_cents), 0) AS paid FROM treasury_loan_events
       WHERE loan_id = ? AND kind = 'repayment' AND date <= ?`,
  ).get(loanId, through) as { paid: number };
  return row.paid;
}

export function scheduleStatus(
  schedule: readonly ScheduleRow[],
  paidCents: number,
  today: string,
  balanceCents: number,
): { rows: ScheduleRowStatus[]; arrears: Arrears } {
  let left = paidCents;
  const rows = schedule.map((r): ScheduleRowStatus => {
    const paid = Math.min(left, r.paymentCents);
    left -= paid;
    const late = r.dueOn < today && paid < r.paymentCents && balanceCents > 0;
    const status: RowStatus =
      paid >= r.paymentCents
        ? 'paid'
        : paid > 0
          ? 'partly-paid'
          : r.dueOn < today && balanceCents > 0
            ? 'overdue'
            : 'due';
    return {
      ...r,
      paidCents: paid,
      status,
      daysOverdue: late ? dayNumber(today) - dayNumber(r.dueOn) : 0,
    };
  });
  const behind = rows.filter((r) => r.daysOverdue > 0);
  return {
    rows,
    arrears: {
      arrearsCents: behind.reduce((s, r) => s + r.paymentCents - r.paidCents, 0),
      daysOverdue: behind[0]?.daysOverdue ?? 0,
      rowsBehind: behind.length,
    },
  };
}

/**
 * An actual payment — what arrived, on the day it arrived — split by the loan's rule: interest earned and not yet
 * paid as of that day first, the rest to principal. Refused when it is more than the interest and balance owed.
 */
export function payActual(
  tx: WriteTx,
  input: { loanId: number; date: string; amount: number },
): ReturnType<typeof repay> & { interestCents: number; principalCents: number } {
  assertCents(input.amount, 'The payment');
  const loan = getLoan(tx.db, input.loanId, input.date);
  const interest = Math.min(input.amount, loan.interestAccruedCents);
  const principal = input.amount - interest;
  if (principal > loan.balanceCents)
    throw ruleViolation(
      `Loan ${loan.number} owes ${formatCents(loan.interestAccruedCents)} of interest and ${formatCents(loan.balanceCents)} of principal on ${input.date}; ${formatCents(input.amount)} is more than that.`,
    );
  const r = repay(tx, { loanId: input.loanId, date: input.date, principal, interest });
  return { ...r, interestCents: interest, principalCents: principal };
}
