/**
 * Loan schedules in integer cents, computed with exact integer (BigInt) arithmetic — no floats anywhere.
 *
 * Rounding rule, stated once:
 * - Interest for a period = balance × rate_bp ÷ (10,000 × payments per year), rounded half-up to the cent.
 * - Amortizing: the level payment is the exact annuity payment P·r·(1+r)^n ÷ ((1+r)^n − 1), rounded UP to the cent
 *   (at 0 %: P ÷ n rounded up), so the loan never runs longer than its term. Each payment pays that period's interest
 *   first; the final payment is whatever clears the balance (so it may be a little smaller than the others).
 * - Interest-only: each period pays its interest; the final payment adds the whole principal (a balloon).
 * Total principal over the schedule always equals the principal exactly.
 */
export interface ScheduleTerms {
  principalCents: number;
  rateBp: number;
  termMonths: number;
  paymentsPerYear: 1 | 2 | 4 | 12;
  method: 'amortizing' | 'interest-only';
  firstPaymentOn: string;
}

export interface ScheduleRow {
  n: number;
  dueOn: string;
  paymentCents: number;
  interestCents: number;
  principalCents: number;
  balanceAfterCents: number;
}

/** Why the terms cannot make a schedule, or null when they can. */
export function scheduleProblem(
  t: Pick<ScheduleTerms, 'termMonths' | 'paymentsPerYear' | 'principalCents' | 'rateBp'>,
): string | null {
  const monthsPerPayment = 12 / t.paymentsPerYear;
  if (!Number.isInteger(t.termMonths) || t.termMonths < 1)
    return 'The term must be a whole number of months.';
  if (t.termMonths % monthsPerPayment !== 0) {
    return `A term of ${t.termMonths} months does not divide into payments every ${monthsPerPayment} months.`;
  }
  if (!Number.isSafeInteger(t.principalCents) || t.principalCents <= 0)
    return 'The principal must be more than zero.';
  if (!Number.isInteger(t.rateBp) || t.rateBp < 0 || t.rateBp > 5000)
    return 'The rate is in basis points, from 0 to 5000 (50 %).';
  return null;
}

const halfUpDiv = (num: bigint, den: bigint): bigint => (2n * num + den) / (2n * den);
const ceilDiv = (num: bigint, den: bigint): bigint => (num + den - 1n) / den;

/** Adds months to a YYYY-MM-DD date, keeping the day of month or the month's last day when it has fewer. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export function loanSchedule(t: ScheduleTerms): ScheduleRow[] {
  const problem = scheduleProblem(t);
  if (problem !== null) throw new RangeError(problem);
  const monthsPerPayment = 12 / t.paymentsPerYear;
  const n = t.termMonths / monthsPerPayment;
  const D = 10_000n * BigInt(t.paymentsPerYear);
  const bp = BigInt(t.rateBp);
  const P = BigInt(t.principalCents);
  let level = 0n;
  if (t.method === 'amortizing') {
    if (bp === 0n) level = ceilDiv(P, BigInt(n));
    else {
      const a = (D + bp) ** BigInt(n);
      const b = D ** BigInt(n);
      level = ceilDiv(P * bp * a, D * (a - b));
    }
  }
  const rows: ScheduleRow[] = [];
  let balance = P;
  for (let i = 1; i <= n; i += 1) {
    const interest = halfUpDiv(balance * bp, D);
    let principal: bigint;
    if (i === n) principal = balance;
    else if (t.method === 'interest-only') principal = 0n;
    else principal = level - interest > balance ? balance : level - interest < 0n ? 0n : level - interest;
    balance -= principal;
    rows.push({
      n: i,
      dueOn: addMonths(t.firstPaymentOn, (i - 1) * monthsPerPayment),
      paymentCents: Number(interest + principal),
      interestCents: Number(interest),
      principalCents: Number(principal),
      balanceAfterCents: Number(balance),
    });
  }
  return rows;
}
