import type { Db, WriteTx } from '../store/store.js';
import { postEntry } from './journal.js';
import { addDays } from './schedule.js';
import { sql } from './sql.js';
import { closedBooksOn, periodOf } from './periods.js';

/**
 * Interest on loans, in integer cents, by one rule stated here:
 * - Day count 30/360 (US bond basis): every month counts 30 days and the year 360; a start on the 31st counts as
 *   the 30th, and so does an end on the 31st when the start is the 30th or 31st.
 * - Interest earned through a day D (inclusive) = Σ over each stretch between the loan's events, taken in date order,
 *   of principal outstanding × days × rate_bp, over 10,000 × 360 — summed exactly (BigInt) and rounded half-up to
 *   the cent once, on the total, so nothing drifts by a cent a stretch. A whole payment period at a constant balance
 *   earns exactly what the schedule charges for it (balance × bp ÷ (10,000 × payments a year), half-up).
 * - A loan's history is recorded in date order (see loans.ts), so its entries never run ahead of an accrual.
 * - An accrual posts what was earned through D beyond what the loan's entries already put in Expenses:Interest
 *   (earlier accruals, interest paid straight to expense), when that is positive: Expenses:Interest debit,
 *   Liabilities:InterestPayable credit. Accruals happen: before each repayment (through the day before it, booked
 *   on its day); before any event of a loan, through the last day of each open fiscal year it steps over (booked on
 *   that day, so interest lands in the year it was earned); when a fiscal year is closed (through its last day,
 *   every loan); and when the treasurer asks (e.g. month end). Never booked before the loan's last entry.
 * - A repayment's interest first clears what that loan has payable; any rest is expense of the day (a lender may
 *   charge a whole period on money that arrived mid-period). Accrued never means paid: the lender's bill is what
 *   is paid, and the next accrual catches up on the difference.
 */
export function days360(from: string, to: string): number {
  const [y1, m1, d1raw] = from.split('-').map(Number) as [number, number, number];
  const [y2, m2, d2raw] = to.split('-').map(Number) as [number, number, number];
  const d1 = Math.min(d1raw, 30);
  const d2 = d2raw === 31 && d1 >= 30 ? 30 : d2raw;
  return 360 * (y2 - y1) + 30 * (m2 - m1) + (d2 - d1);
}

export interface PrincipalEvent {
  kind: 'disbursement' | 'repayment' | 'forgiveness';
  date: string;
  principalCents: number;
}

const halfUpDiv = (num: bigint, den: bigint): bigint => (2n * num + den) / (2n * den);

/** Interest earned through `through` (inclusive), from the principal history alone. */
export function interestEarned(events: readonly PrincipalEvent[], rateBp: number, through: string): number {
  if (rateBp === 0) return 0;
  const until = addDays(through, 1);
  const sorted = events
    .map((e, i) => ({ ...e, i }))
    .filter((e) => e.date <= through)
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.i - b.i));
  let centDays = 0n;
  let balance = 0n;
  let from: string | null = null;
  for (const e of sorted) {
    if (from !== null) centDays += balance * BigInt(days360(from, e.date));
    balance += BigInt(e.kind === 'disbursement' ? e.principalCents : -e.principalCents);
    from = e.date;
  }
  if (from !== null) centDays += balance * BigInt(days360(from, until));
  return Number(halfUpDiv(centDays * BigInt(rateBp), 10_000n * 360n));
}

export function principalEvents(db: Db, loanId: number, asOf?: string): PrincipalEvent[] {
  return (
    sql(
      db,
      `SELECT kind, date, principal_cents AS principalCents FROM treasury_loan_events
       WHERE loan_id = @loanId AND (@asOf IS NULL OR date <= @asOf) ORDER BY id`,
    ).all({ loanId, asOf: asOf ?? null }) as PrincipalEvent[]
  ).filter((e) => e.principalCents > 0);
}

export interface InterestOnBooks {
  /** What the loan's entries put in Expenses:Interest (accruals and interest paid straight to expense). */
  expensedCents: number;
  /** Accrued and not yet paid: the loan's share of Liabilities:InterestPayable. */
  payableCents: number;
}

/** The loan's interest as its own entries (events and accruals) carry it, optionally up to a date. */
export function interestOnBooks(db: Db, loanId: number, asOf?: string): InterestOnBooks {
  const r = sql(
    db,
    `SELECT coalesce(sum(CASE WHEN a.code = 'Expenses:Interest' THEN l.amount_cents END), 0) AS expensed,
       -coalesce(sum(CASE WHEN a.code = 'Liabilities:InterestPayable' THEN l.amount_cents END), 0) AS payable
     FROM treasury_lines l JOIN treasury_accounts a ON a.id = l.account_id JOIN treasury_entries e ON e.id = l.entry_id
     WHERE (@asOf IS NULL OR e.date <= @asOf) AND l.entry_id IN (
       SELECT entry_id FROM treasury_loan_events WHERE loan_id = @loanId
       UNION ALL SELECT entry_id FROM treasury_loan_accruals WHERE loan_id = @loanId)`,
  ).get({ loanId, asOf: asOf ?? null }) as { expensed: number; payable: number };
  return { expensedCents: r.expensed, payableCents: r.payable };
}

export interface Accrual {
  loanId: number;
  loanNumber: number;
  throughOn: string;
  /** The entry's date: the day accrued through, or the day of the repayment it came before. */
  bookedOn: string;
  interestCents: number;
  entryNumber: number;
}

interface LoanRow {
  id: number;
  number: number;
  rate_bp: number;
  lender_party_id: number;
  lender_name: string;
}

/** The date of the loan's last entry (events and accruals), if any. */
export function lastRecordedOn(db: Db, loanId: number): string | null {
  return (
    sql(
      db,
      `SELECT max(e.date) AS d FROM treasury_entries e WHERE e.id IN (
         SELECT entry_id FROM treasury_loan_events WHERE loan_id = @loanId UNION ALL
         SELECT entry_id FROM treasury_loan_accruals WHERE loan_id = @loanId)`,
    ).get({ loanId }) as { d: string | null }
  ).d;
}

/**
 * Accrues one loan's interest through `through`, booked on `bookedOn` (default: that day) — after first accruing
 * through each open fiscal year end before `bookedOn`, booked on that day. Each accrual posts nothing when nothing
 * more is owed than is already expensed, or when the loan already has entries after its booking day (accruals only
 * go forward; those entries accrued what came before them).
 */
export function accrueLoanInterest(
  tx: WriteTx,
  loanId: number,
  through: string,
  bookedOn = through,
): Accrual[] {
  const out = accrueAcrossYearEnds(tx, loanId, bookedOn);
  const last = postAccrual(tx, loanId, through, bookedOn);
  return last === null ? out : [...out, last];
}

function postAccrual(tx: WriteTx, loanId: number, through: string, bookedOn: string): Accrual | null {
  const loan = sql(
    tx.db,
    `SELECT l.id, l.number, l.rate_bp, l.lender_party_id, p.name AS lender_name
     FROM treasury_loans l JOIN treasury_parties p ON p.id = l.lender_party_id WHERE l.id = ?`,
  ).get(loanId) as LoanRow;
  if (loan.rate_bp === 0) return null;
  const last = lastRecordedOn(tx.db, loan.id);
  if (last !== null && bookedOn < last) return null;
  const earned = interestEarned(principalEvents(tx.db, loan.id), loan.rate_bp, through);
  const owed = earned - interestOnBooks(tx.db, loan.id).expensedCents;
  if (owed <= 0) return null;
  const entry = postEntry(tx, {
    date: bookedOn,
    memo: `Interest on loan ${loan.number} to ${loan.lender_name}, accrued through ${through}`,
    kind: 'loan-interest',
    partyId: loan.lender_party_id,
    lines: [
      { account: 'Expenses:Interest', amount: owed, partyId: loan.lender_party_id },
      { account: 'Liabilities:InterestPayable', amount: -owed, partyId: loan.lender_party_id },
    ],
  });
  sql(
    tx.db,
    'INSERT INTO treasury_loan_accruals (loan_id, through_on, interest_cents, entry_id) VALUES (?, ?, ?, ?)',
  ).run(loan.id, through, owed, entry.id);
  tx.audit('treasury.loan', loan.number, 'interest-accrual', null, {
    through,
    interestCents: owed,
    entry: entry.number,
  });
  return {
    loanId: loan.id,
    loanNumber: loan.number,
    throughOn: through,
    bookedOn,
    interestCents: owed,
    entryNumber: entry.number,
  };
}

/**
 * Before a loan event dated `date`: accrues through the last day of each open fiscal year between the loan's last
 * entry and `date`, each booked on that day.
 */
export function accrueAcrossYearEnds(tx: WriteTx, loanId: number, date: string): Accrual[] {
  const last = lastRecordedOn(tx.db, loanId);
  if (last === null) return [];
  const out: Accrual[] = [];
  for (let p = periodOf(tx.db, last); p.endsOn < date; p = periodOf(tx.db, addDays(p.endsOn, 1))) {
    if (p.closedAt !== null || closedBooksOn(tx.db, p.endsOn) !== null) continue;
    const a = postAccrual(tx, loanId, p.endsOn, p.endsOn);
    if (a !== null) out.push(a);
  }
  return out;
}

/** Accrues every loan's interest through `through` (month end, year end). Always leaves an audit row. */
export function accrueInterest(tx: WriteTx, through: string): Accrual[] {
  const loans = sql(tx.db, 'SELECT id FROM treasury_loans WHERE rate_bp > 0 ORDER BY number').all() as {
    id: number;
  }[];
  const accruals = loans.flatMap((l) => accrueLoanInterest(tx, l.id, through));
  tx.audit('treasury.interest', through, 'accrue', null, {
    through,
    accruals: accruals.map((a) => ({ loan: a.loanNumber, interestCents: a.interestCents })),
  });
  return accruals;
}

export function listAccruals(db: Db, loanId: number): Accrual[] {
  return sql(
    db,
    `SELECT a.loan_id AS loanId, l.number AS loanNumber, a.through_on AS throughOn, e.date AS bookedOn,
         a.interest_cents AS interestCents, e.number AS entryNumber
       FROM treasury_loan_accruals a JOIN treasury_loans l ON l.id = a.loan_id JOIN treasury_entries e ON e.id = a.entry_id
       WHERE a.loan_id = ? ORDER BY a.id`,
  ).all(loanId) as Accrual[];
}
