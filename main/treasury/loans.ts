import type { Db, WriteTx } from '../store/store.js';
import { DeskError, notFound, ruleViolation } from '../kernel/errors.js';
import { assertCents, formatCents } from './money.js';
import { assertBusinessDate, postEntry, type PostedEntry } from './journal.js';
import { getParty } from './members.js';
import { BANK } from './shares.js';
import { trancheFor } from './campaign.js';
import { addDays, loanSchedule, scheduleProblem, type ScheduleRow } from './schedule.js';
import { sql } from './sql.js';
import {
  accrueAcrossYearEnds,
  accrueInterest,
  accrueLoanInterest,
  lastRecordedOn,
  interestEarned,
  interestOnBooks,
  listAccruals,
  principalEvents,
  type Accrual,
} from './interest.js';
import { closeFiscalYear, periodOf, type Period } from './periods.js';

export type LoanKind = 'pri' | 'non-extractive' | 'member-loan';

export const LOAN_ACCOUNT: Record<LoanKind, string> = {
  pri: 'Liabilities:Loans:PRI',
  'non-extractive': 'Liabilities:Loans:NonExtractive',
  'member-loan': 'Liabilities:Loans:Member',
};

export interface LoanTerms {
  lenderPartyId: number;
  kind: LoanKind;
  principalCents: number;
  rateBp: number;
  method: 'amortizing' | 'interest-only';
  termMonths: number;
  paymentsPerYear: 1 | 2 | 4 | 12;
  agreementOn: string;
  firstPaymentOn: string;
  reportDueDays?: number | undefined;
  note?: string | undefined;
}

export interface LoanEvent {
  kind: 'disbursement' | 'repayment' | 'forgiveness' | 'interest-accrual';
  date: string;
  principalCents: number;
  interestCents: number;
  entryNumber: number;
}

export interface PriReportDue {
  fiscalYear: number;
  kind: 'financial-report' | 'compliance-statement';
  dueOn: string;
  submittedOn: string | null;
  status: 'submitted' | 'due' | 'overdue';
}

export interface Loan extends Omit<LoanTerms, 'reportDueDays' | 'note'> {
  id: number;
  number: number;
  lenderName: string;
  reportDueDays: number | null;
  note: string | null;
  disbursedCents: number;
  repaidPrincipalCents: number;
  interestPaidCents: number;
  /** Interest earned through the as-of day (see interest.ts) and not yet paid; never below zero. */
  interestAccruedCents: number;
  /** The part of that already posted to Liabilities:InterestPayable. */
  interestPayableCents: number;
  forgivenCents: number;
  balanceCents: number;
  next: ScheduleRow | null;
}

export function createLoan(tx: WriteTx, t: LoanTerms): Loan {
  assertBusinessDate(t.agreementOn, 'agreementOn');
  assertBusinessDate(t.firstPaymentOn, 'firstPaymentOn');
  const lender = getParty(tx.db, t.lenderPartyId);
  const problem = scheduleProblem(t);
  if (problem !== null) throw new DeskError('INVALID_INPUT', problem);
  if (t.firstPaymentOn < t.agreementOn)
    throw new DeskError('INVALID_INPUT', 'The first payment cannot fall before the agreement date.');
  const number = tx.nextNumber('treasury.loan');
  // Foundations making PRIs typically want the annual report within a few months of the fiscal year end.
  const reportDueDays = t.kind === 'pri' ? (t.reportDueDays ?? 120) : null;
  const { lastInsertRowid } = sql(
    tx.db,
    `INSERT INTO treasury_loans (number, lender_party_id, kind, principal_cents, rate_bp, method, term_months, payments_per_year,
         agreement_on, first_payment_on, report_due_days, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    number,
    lender.id,
    t.kind,
    t.principalCents,
    t.rateBp,
    t.method,
    t.termMonths,
    t.paymentsPerYear,
    t.agreementOn,
    t.firstPaymentOn,
    reportDueDays,
    t.note ?? null,
    tx.at,
  );
  const loan = getLoan(tx.db, Number(lastInsertRowid));
  tx.audit('treasury.loan', number, 'create', null, { ...t, number });
  return loan;
}

function insertEvent(
  tx: WriteTx,
  loan: Loan,
  kind: LoanEvent['kind'],
  date: string,
  principal: number,
  interest: number,
  entry: PostedEntry,
): void {
  sql(
    tx.db,
    'INSERT INTO treasury_loan_events (loan_id, kind, date, principal_cents, interest_cents, entry_id) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(loan.id, kind, date, principal, interest, entry.id);
  tx.audit('treasury.loan', loan.number, kind, null, {
    date,
    principalCents: principal,
    interestCents: interest,
    entry: entry.number,
  });
}

/** Loan money arriving: a liability, never income or equity. */
export function disburse(
  tx: WriteTx,
  input: { loanId: number; amount: number; date: string },
): { loan: Loan; entry: PostedEntry } {
  assertCents(input.amount, 'The amount received');
  const loan = getLoan(tx.db, input.loanId);
  if (loan.disbursedCents + input.amount > loan.principalCents) {
    throw ruleViolation(
      `Loan ${loan.number} is for ${formatCents(loan.principalCents)}; ${formatCents(loan.principalCents - loan.disbursedCents)} remains to be received.`,
    );
  }
  assertBusinessDate(input.date);
  inOrder(tx, loan, input.date);
  const entry = postEntry(tx, {
    date: input.date,
    memo: `Loan ${loan.number} received from ${loan.lenderName}`,
    kind: 'loan-disbursement',
    partyId: loan.lenderPartyId,
    trancheId: trancheFor(tx.db, input.date, { kind: 'loan', loanKind: loan.kind }),
    lines: [
      { account: BANK, amount: input.amount, partyId: loan.lenderPartyId },
      { account: LOAN_ACCOUNT[loan.kind], amount: -input.amount, partyId: loan.lenderPartyId },
    ],
  });
  insertEvent(tx, loan, 'disbursement', input.date, input.amount, 0, entry);
  return { loan: getLoan(tx.db, loan.id), entry };
}

/**
 * A loan's history is recorded in date order: nothing is dated before its last entry (event or interest accrual),
 * so every accrual saw all that came before it. A late-found payment is recorded on the day it is entered, with a
 * memo. Before the event, interest is accrued through each open fiscal year end it steps over.
 */
function inOrder(tx: WriteTx, loan: Loan, date: string): Accrual[] {
  const last = lastRecordedOn(tx.db, loan.id);
  if (last !== null && date < last)
    throw ruleViolation(
      `Loan ${loan.number}'s history is recorded in date order and its last entry is dated ${last}; date this ${last} or later.`,
    );
  return accrueAcrossYearEnds(tx, loan.id, date);
}

function checkBalance(loan: Loan, principal: number, tail: (amount: string) => string): void {
  if (principal > loan.balanceCents) {
    throw ruleViolation(
      `Loan ${loan.number} has ${formatCents(loan.balanceCents)} outstanding; ${tail(formatCents(principal))}.`,
    );
  }
}

/**
 * A repayment: the principal reduces the loan; the interest first clears what is payable on it (after accruing
 * through the day before), and any rest is interest expense of the day. Lines: loan liability, interest payable,
 * interest expense (each only when not zero), bank.
 */
export function repay(
  tx: WriteTx,
  input: { loanId: number; date: string; principal: number; interest: number },
): { loan: Loan; entry: PostedEntry; accruals: Accrual[] } {
  assertBusinessDate(input.date);
  assertCents(input.principal, 'The principal repaid', { zero: true });
  assertCents(input.interest, 'The interest paid', { zero: true });
  const loan = getLoan(tx.db, input.loanId);
  if (input.principal + input.interest <= 0)
    throw new DeskError('INVALID_INPUT', 'A repayment pays some principal, some interest, or both.');
  checkBalance(loan, input.principal, (p) => `${p} of principal is more than that`);
  const accruals = [
    ...inOrder(tx, loan, input.date),
    ...accrueLoanInterest(tx, loan.id, addDays(input.date, -1), input.date),
  ];
  const payable = interestOnBooks(tx.db, loan.id).payableCents;
  const fromPayable = Math.min(input.interest, Math.max(0, payable));
  const toExpense = input.interest - fromPayable;
  const party = loan.lenderPartyId;
  const lines = [];
  if (input.principal > 0)
    lines.push({ account: LOAN_ACCOUNT[loan.kind], amount: input.principal, partyId: party });
  if (fromPayable > 0)
    lines.push({ account: 'Liabilities:InterestPayable', amount: fromPayable, partyId: party });
  if (toExpense > 0) lines.push({ account: 'Expenses:Interest', amount: toExpense, partyId: party });
  lines.push({ account: BANK, amount: -(input.principal + input.interest), partyId: party });
  const entry = postEntry(tx, {
    date: input.date,
    memo: `Repayment on loan ${loan.number} to ${loan.lenderName}: ${formatCents(input.principal)} principal, ${formatCents(input.interest)} interest`,
    kind: 'loan-repayment',
    partyId: party,
    lines,
  });
  insertEvent(tx, loan, 'repayment', input.date, input.principal, input.interest, entry);
  return { loan: getLoan(tx.db, loan.id), entry, accruals };
}

/** Closes a fiscal year after accruing every loan's interest through its last day, so the year carries it. */
export function closeFiscalYearWithInterest(tx: WriteTx, year: number): Period & { accruals: Accrual[] } {
  let accruals: Accrual[] = [];
  const period = closeFiscalYear(tx, year, (p) => {
    accruals = accrueInterest(tx, p.endsOn);
  });
  return { ...period, accruals };
}

export function forgive(
  tx: WriteTx,
  input: { loanId: number; date: string; amount: number },
): { loan: Loan; entry: PostedEntry } {
  assertBusinessDate(input.date);
  assertCents(input.amount, 'The amount forgiven');
  const loan = getLoan(tx.db, input.loanId);
  checkBalance(loan, input.amount, (a) => `the lender cannot forgive ${a}`);
  inOrder(tx, loan, input.date);
  const entry = postEntry(tx, {
    date: input.date,
    memo: `${loan.lenderName} forgave ${formatCents(input.amount)} of loan ${loan.number}`,
    kind: 'loan-forgiveness',
    partyId: loan.lenderPartyId,
    lines: [
      { account: LOAN_ACCOUNT[loan.kind], amount: input.amount, partyId: loan.lenderPartyId },
      { account: 'Income:DebtForgiveness', amount: -input.amount, partyId: loan.lenderPartyId },
    ],
  });
  insertEvent(tx, loan, 'forgiveness', input.date, input.amount, 0, entry);
  return { loan: getLoan(tx.db, loan.id), entry };
}

export function submitPriReport(
  tx: WriteTx,
  input: { loanId: number; fiscalYear: number; kind: PriReportDue['kind']; submittedOn: string },
): PriReportDue[] {
  assertBusinessDate(input.submittedOn, 'submittedOn');
  const loan = getLoan(tx.db, input.loanId);
  if (loan.kind !== 'pri')
    throw ruleViolation(`Loan ${loan.number} is not a PRI; it has no reporting calendar.`);
  if (!priCalendar(tx.db, loan, input.submittedOn).some((d) => d.fiscalYear === input.fiscalYear)) {
    throw ruleViolation(`Loan ${loan.number} owes no report for fiscal year ${input.fiscalYear}.`);
  }
  const done = sql(
    tx.db,
    'SELECT 1 FROM treasury_pri_reports WHERE loan_id = ? AND fiscal_year = ? AND kind = ?',
  ).get(loan.id, input.fiscalYear, input.kind);
  if (done !== undefined)
    throw ruleViolation(`That ${input.kind} for ${input.fiscalYear} is already recorded as submitted.`);
  sql(
    tx.db,
    'INSERT INTO treasury_pri_reports (loan_id, fiscal_year, kind, submitted_on) VALUES (?, ?, ?, ?)',
  ).run(loan.id, input.fiscalYear, input.kind, input.submittedOn);
  tx.audit('treasury.loan', loan.number, 'pri-report', null, input);
  return priCalendar(tx.db, loan, input.submittedOn);
}

/**
 * A PRI owes, for every fiscal year of the cooperative it is outstanding in (from the agreement to the last
 * scheduled payment), a financial report and a statement of compliance, due a set number of days after that
 * fiscal year ends.
 */
export function priCalendar(db: Db, loan: Loan, today: string): PriReportDue[] {
  if (loan.kind !== 'pri' || loan.reportDueDays === null) return [];
  const schedule = scheduleOf(loan);
  const lastDue = schedule.at(-1)?.dueOn ?? loan.agreementOn;
  const submitted = sql(
    db,
    'SELECT fiscal_year, kind, submitted_on FROM treasury_pri_reports WHERE loan_id = ?',
  ).all(loan.id) as {
    fiscal_year: number;
    kind: string;
    submitted_on: string;
  }[];
  const out: PriReportDue[] = [];
  for (
    let p = periodOf(db, loan.agreementOn);
    p.startsOn <= lastDue && out.length < 400;
    p = periodOf(db, addDays(p.endsOn, 1))
  ) {
    const y = Number(p.name.slice(2));
    for (const kind of ['financial-report', 'compliance-statement'] as const) {
      const dueOn = addDays(p.endsOn, loan.reportDueDays);
      const s = submitted.find((r) => r.fiscal_year === y && r.kind === kind);
      out.push({
        fiscalYear: y,
        kind,
        dueOn,
        submittedOn: s?.submitted_on ?? null,
        status: s !== undefined ? 'submitted' : today > dueOn ? 'overdue' : 'due',
      });
    }
  }
  return out;
}

export const scheduleOf = (
  loan: Pick<
    Loan,
    'principalCents' | 'rateBp' | 'termMonths' | 'paymentsPerYear' | 'method' | 'firstPaymentOn'
  >,
): ScheduleRow[] => loanSchedule(loan);

/** A loan's history: disbursements, repayments, forgiveness and interest accruals, in the order they were posted. */
export function listLoanEvents(db: Db, loanId: number): LoanEvent[] {
  const events = (
    sql(
      db,
      `SELECT ev.kind, ev.date, ev.principal_cents, ev.interest_cents, e.number FROM treasury_loan_events ev
         JOIN treasury_entries e ON e.id = ev.entry_id WHERE ev.loan_id = ? ORDER BY ev.id`,
    ).all(loanId) as {
      kind: LoanEvent['kind'];
      date: string;
      principal_cents: number;
      interest_cents: number;
      number: number;
    }[]
  ).map((r) => ({
    kind: r.kind,
    date: r.date,
    principalCents: r.principal_cents,
    interestCents: r.interest_cents,
    entryNumber: r.number,
  }));
  const accruals = listAccruals(db, loanId).map((a) => ({
    kind: 'interest-accrual' as const,
    date: a.bookedOn,
    principalCents: 0,
    interestCents: a.interestCents,
    entryNumber: a.entryNumber,
  }));
  return [...events, ...accruals].sort((a, b) => a.entryNumber - b.entryNumber);
}

interface Row {
  id: number;
  number: number;
  lender_party_id: number;
  lender_name: string;
  kind: LoanKind;
  principal_cents: number;
  rate_bp: number;
  method: 'amortizing' | 'interest-only';
  term_months: number;
  payments_per_year: 1 | 2 | 4 | 12;
  agreement_on: string;
  first_payment_on: string;
  report_due_days: number | null;
  note: string | null;
  disbursed: number;
  repaid: number;
  interest: number;
  forgiven: number;
  last_event_on: string | null;
}

const EVENTS = 'FROM treasury_loan_events WHERE loan_id = l.id AND (@asOf IS NULL OR date <= @asOf)';
const SELECT = `SELECT l.*, p.name AS lender_name,
  coalesce((SELECT sum(principal_cents) ${EVENTS} AND kind = 'disbursement'), 0) AS disbursed,
  coalesce((SELECT sum(principal_cents) ${EVENTS} AND kind = 'repayment'), 0) AS repaid,
  coalesce((SELECT sum(interest_cents) ${EVENTS}), 0) AS interest,
  coalesce((SELECT sum(principal_cents) ${EVENTS} AND kind = 'forgiveness'), 0) AS forgiven,
  (SELECT max(date) ${EVENTS}) AS last_event_on
  FROM treasury_loans l JOIN treasury_parties p ON p.id = l.lender_party_id`;

function toLoan(db: Db, r: Row, asOf: string | null): Loan {
  // Interest is counted through the as-of day, or (without one) through the loan's last recorded day.
  const through = asOf ?? [r.last_event_on ?? r.agreement_on, r.agreement_on].sort().at(-1)!;
  const earned = interestEarned(principalEvents(db, r.id, asOf ?? undefined), r.rate_bp, through);
  const base = {
    id: r.id,
    number: r.number,
    lenderPartyId: r.lender_party_id,
    lenderName: r.lender_name,
    kind: r.kind,
    principalCents: r.principal_cents,
    rateBp: r.rate_bp,
    method: r.method,
    termMonths: r.term_months,
    paymentsPerYear: r.payments_per_year,
    agreementOn: r.agreement_on,
    firstPaymentOn: r.first_payment_on,
    reportDueDays: r.report_due_days,
    note: r.note,
    disbursedCents: r.disbursed,
    repaidPrincipalCents: r.repaid,
    interestPaidCents: r.interest,
    interestAccruedCents: Math.max(0, earned - r.interest),
    interestPayableCents: interestOnBooks(db, r.id, asOf ?? undefined).payableCents,
    forgivenCents: r.forgiven,
    balanceCents: r.disbursed - r.repaid - r.forgiven,
  };
  // The next payment is the first scheduled one not yet covered by what has been paid (principal and interest).
  let covered = r.repaid + r.interest + r.forgiven;
  let next: ScheduleRow | null = null;
  if (base.balanceCents > 0) {
    for (const row of scheduleOf(base)) {
      if (covered >= row.paymentCents) covered -= row.paymentCents;
      else {
        next = row;
        break;
      }
    }
  }
  return { ...base, next };
}

/** One loan; with `asOf`, as its history stood at the end of that day (interest counted through it). */
export function getLoan(db: Db, id: number, asOf?: string): Loan {
  const row = sql(db, `${SELECT} WHERE l.id = @id`).get({ id, asOf: asOf ?? null }) as Row | undefined;
  if (row === undefined) throw notFound('Loan', id);
  return toLoan(db, row, asOf ?? null);
}

export function listLoans(db: Db, asOf?: string): Loan[] {
  return (sql(db, `${SELECT} ORDER BY l.number`).all({ asOf: asOf ?? null }) as Row[]).map((r) =>
    toLoan(db, r, asOf ?? null),
  );
}
