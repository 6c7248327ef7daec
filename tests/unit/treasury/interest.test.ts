import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { accountBalances, listEntries } from '../../../main/treasury/journal.js';
import { createParty } from '../../../main/treasury/members.js';
import {
  closeFiscalYearWithInterest,
  createLoan,
  disburse,
  forgive,
  getLoan,
  listLoanEvents,
  repay,
} from '../../../main/treasury/loans.js';
import { accrueInterest, days360, interestEarned } from '../../../main/treasury/interest.js';
import { addMonths, loanSchedule } from '../../../main/treasury/schedule.js';
import { buildReport } from '../../../main/treasury/reports.js';
import { openTreasuryStore, type TreasuryStore } from './store-helper.js';

const PRI = {
  kind: 'pri' as const,
  principalCents: 10_000_000,
  rateBp: 100,
  method: 'amortizing' as const,
  termMonths: 84,
  paymentsPerYear: 4 as const,
  agreementOn: '2026-12-15',
  firstPaymentOn: '2027-04-01',
};

function withLoan(s: TreasuryStore, terms: Partial<typeof PRI> = {}) {
  return s.write((tx) => {
    const fund = createParty(tx, { kind: 'organisation', name: 'Delta Foundation' });
    return createLoan(tx, { lenderPartyId: fund.id, ...PRI, ...terms });
  });
}

const lines = (s: TreasuryStore, number: number) =>
  listEntries(s.store.db)
    .find((e) => e.number === number)!
    .lines.map((l) => [l.account, l.amount]);

describe('the 30/360 day count and the one rounding', () => {
  it('counts months as 30 days: a quarter is 90 days from any day, the 31st counts as the 30th', () => {
    expect(days360('2027-01-01', '2027-04-01')).toBe(90);
    expect(days360('2026-10-01', '2027-01-01')).toBe(90);
    expect(days360('2026-12-31', '2027-03-31')).toBe(90);
    expect(days360('2027-01-31', '2027-02-01')).toBe(1);
    expect(days360('2027-02-28', '2027-03-01')).toBe(3);
    expect(days360('2027-01-30', '2027-01-31')).toBe(0);
  });

  it('rounds once, half-up, on the whole sum: three stretches of half a cent, a cent and half a cent make 2 cents, not 3', () => {
    const events = [
      { kind: 'disbursement' as const, date: '2027-01-01', principalCents: 6_000 },
      { kind: 'disbursement' as const, date: '2027-01-02', principalCents: 6_000 },
      { kind: 'forgiveness' as const, date: '2027-01-03', principalCents: 6_000 },
    ];
    // $60 × 1 day × 3 % ÷ 360 = 0.5 ¢; $120 for a day = 1 ¢; $60 again = 0.5 ¢.
    expect(interestEarned(events, 300, '2027-01-03')).toBe(2);
    expect(interestEarned(events, 300, '2027-01-01')).toBe(1); // 0.5 ¢ rounds half-up
    expect(interestEarned(events, 0, '2030-01-01')).toBe(0);
  });

  it('for any balance, rate and payment period, a whole period at a constant balance earns exactly what the schedule charges', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000_000 }),
        fc.integer({ min: 0, max: 5000 }),
        fc.constantFrom<1 | 2 | 4 | 12>(1, 2, 4, 12),
        fc.integer({ min: 2000, max: 2090 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
        (principal, bp, perYear, y, m, d) => {
          const start = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
          const end = addMonths(start, 12 / perYear);
          const [first] = loanSchedule({
            principalCents: principal,
            rateBp: bp,
            termMonths: 12,
            paymentsPerYear: perYear,
            method: 'interest-only',
            firstPaymentOn: end,
          });
          const through = new Date(Date.parse(`${end}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
          const earned = interestEarned(
            [{ kind: 'disbursement', date: start, principalCents: principal }],
            bp,
            through,
          );
          expect(earned).toBe(first!.interestCents);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('interest on the books', () => {
  let s: TreasuryStore;
  afterEach(() => s.close());

  it('a repayment on its due date: the quarter’s interest is accrued first (expense, payable), then paid out of payable; the principal reduces the loan', () => {
    s = openTreasuryStore('2027-05-01T12:00:00.000Z');
    const loan = withLoan(s);
    s.write((tx) => disburse(tx, { loanId: loan.id, amount: 10_000_000, date: '2027-01-01' }));
    const [row] = loanSchedule({ ...PRI });
    expect(row).toMatchObject({ interestCents: 25_000, principalCents: 345_235 });
    const r = s.write((tx) =>
      repay(tx, { loanId: loan.id, date: '2027-04-01', principal: 345_235, interest: 25_000 }),
    );
    expect(r.accruals).toMatchObject([
      { throughOn: '2027-03-31', bookedOn: '2027-04-01', interestCents: 25_000 },
    ]);
    expect(lines(s, r.accruals[0]!.entryNumber)).toEqual([
      ['Expenses:Interest', 25_000],
      ['Liabilities:InterestPayable', -25_000],
    ]);
    expect(lines(s, r.entry.number)).toEqual([
      ['Liabilities:Loans:PRI', 345_235],
      ['Liabilities:InterestPayable', 25_000],
      ['Assets:Bank:Operating', -370_235],
    ]);
    const b = accountBalances(s.store.db);
    expect(b.get('Expenses:Interest')).toBe(25_000);
    expect(b.get('Liabilities:InterestPayable')).toBe(0);
    expect(getLoan(s.store.db, loan.id, '2027-03-31')).toMatchObject({
      balanceCents: 10_000_000,
      interestPaidCents: 0,
      interestAccruedCents: 25_000,
      interestPayableCents: 0,
    });
    // Through April 1 itself: one day (30/360) on the new balance, $96,547.65 at 1 % = $2.68.
    expect(getLoan(s.store.db, loan.id, '2027-04-01')).toMatchObject({
      balanceCents: 10_000_000 - 345_235,
      interestPaidCents: 25_000,
      interestAccruedCents: 268,
      interestPayableCents: 0,
    });
    expect(listLoanEvents(s.store.db, loan.id).map((e) => e.kind)).toEqual([
      'disbursement',
      'interest-accrual',
      'repayment',
    ]);
  });

  it('a lender who charges a whole quarter on money that arrived mid-quarter: what was accrued is cleared, the rest is expense of the day', () => {
    s = openTreasuryStore('2027-05-01T12:00:00.000Z');
    const loan = withLoan(s);
    s.write((tx) => disburse(tx, { loanId: loan.id, amount: 10_000_000, date: '2027-02-15' }));
    const r = s.write((tx) =>
      repay(tx, { loanId: loan.id, date: '2027-04-01', principal: 0, interest: 25_000 }),
    );
    // 46 days (30/360) of $100,000 at 1 %: $127.777… → $127.78.
    expect(r.accruals.map((a) => a.interestCents)).toEqual([12_778]);
    expect(lines(s, r.entry.number)).toEqual([
      ['Liabilities:InterestPayable', 12_778],
      ['Expenses:Interest', 12_222],
      ['Assets:Bank:Operating', -25_000],
    ]);
    expect(accountBalances(s.store.db).get('Expenses:Interest')).toBe(25_000);
  });

  it('closing a fiscal year accrues each loan’s interest through its last day, so the year carries it; the next payment clears it', () => {
    s = openTreasuryStore('2027-01-20T12:00:00.000Z');
    const loan = withLoan(s, { agreementOn: '2026-09-15', firstPaymentOn: '2027-01-01' });
    s.write((tx) => disburse(tx, { loanId: loan.id, amount: 10_000_000, date: '2026-10-01' }));
    const closed = s.write((tx) => closeFiscalYearWithInterest(tx, 2026));
    expect(closed).toMatchObject({ name: 'FY2026', endsOn: '2026-12-31' });
    expect(closed.accruals).toMatchObject([
      { throughOn: '2026-12-31', bookedOn: '2026-12-31', interestCents: 25_000 },
    ]);
    const fy2026 = accountBalances(s.store.db, { to: '2026-12-31' });
    expect(fy2026.get('Expenses:Interest')).toBe(25_000);
    expect(fy2026.get('Liabilities:InterestPayable')).toBe(-25_000);
    const r = s.write((tx) =>
      repay(tx, { loanId: loan.id, date: '2027-01-01', principal: 345_235, interest: 25_000 }),
    );
    expect(r.accruals).toEqual([]);
    expect(accountBalances(s.store.db, { from: '2027-01-01' }).get('Expenses:Interest')).toBe(0);
    expect(accountBalances(s.store.db).get('Liabilities:InterestPayable')).toBe(0);
  });

  it('a payment that steps over a year end books the old year’s interest on its last day first', () => {
    s = openTreasuryStore('2027-05-01T12:00:00.000Z');
    const loan = withLoan(s);
    s.write((tx) => disburse(tx, { loanId: loan.id, amount: 10_000_000, date: '2026-12-01' }));
    const r = s.write((tx) =>
      repay(tx, { loanId: loan.id, date: '2027-03-01', principal: 0, interest: 25_000 }),
    );
    expect(r.accruals.map((a) => [a.bookedOn, a.interestCents])).toEqual([
      ['2026-12-31', 8_333], // Dec 1 to Dec 31: 30 days → $83.33
      ['2027-03-01', 16_667],
    ]);
  });

  it('on request (month end) every loan accrues through the day; the loan book shows interest paid and accrued but unpaid', () => {
    s = openTreasuryStore('2027-05-01T12:00:00.000Z');
    const loan = withLoan(s);
    const zero = withLoan(s, { rateBp: 0 });
    s.write((tx) => disburse(tx, { loanId: loan.id, amount: 10_000_000, date: '2027-01-01' }));
    s.write((tx) => disburse(tx, { loanId: zero.id, amount: 500_000, date: '2027-01-01' }));
    const accruals = s.write((tx) => accrueInterest(tx, '2027-01-31'));
    expect(accruals.map((a) => [a.loanNumber, a.interestCents])).toEqual([[loan.number, 8_333]]);
    expect(s.write((tx) => accrueInterest(tx, '2027-01-31'))).toEqual([]);
    s.write((tx) => repay(tx, { loanId: loan.id, date: '2027-04-01', principal: 345_235, interest: 25_000 }));
    const book = buildReport(s.store.db, 'loan-book', {
      asOf: '2027-04-30',
      from: '2027-01-01',
      to: '2027-04-30',
      year: 2027,
    });
    expect(book.columns.map((c) => c.label)).toContain('Interest accrued, unpaid');
    // April 1 to 30 inclusive, 30 days (30/360), on $96,547.65 at 1 % = $80.456… → $80.46.
    expect(book.rows.map((r) => [r.number, r.interestPaid, r.interestAccrued])).toEqual([
      [loan.number, 25_000, 8_046],
      [zero.number, 0, 0],
    ]);
    expect(book.totals).toMatchObject({ interestPaid: 25_000, interestAccrued: 8_046 });
  });

  it('a loan’s history is recorded in date order: a repayment or forgiveness dated before its last entry is refused, and nothing is written', () => {
    s = openTreasuryStore('2027-05-01T12:00:00.000Z');
    const loan = withLoan(s);
    s.write((tx) => disburse(tx, { loanId: loan.id, amount: 1_000_000, date: '2027-02-01' }));
    const count = () => listEntries(s.store.db).length;
    const before = count();
    expect(() =>
      s.write((tx) => repay(tx, { loanId: loan.id, date: '2027-01-15', principal: 100, interest: 0 })),
    ).toThrow(
      "Loan 1's history is recorded in date order and its last entry is dated 2027-02-01; date this 2027-02-01 or later.",
    );
    expect(() => s.write((tx) => forgive(tx, { loanId: loan.id, date: '2027-01-31', amount: 100 }))).toThrow(
      'date order',
    );
    expect(count()).toBe(before);
  });
});
