import { afterEach, describe, expect, it } from 'vitest';
import { startTestHost, type TestClient, type TestHost } from '../../helpers/temp-host.js';

describe('the loan book shows arrears; an actual payment is split by the loan’s rule', () => {
  let t: TestHost | undefined;
  let treasurer: TestClient;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  async function loan(rateBp: number) {
    const lender = await treasurer.ok('treasury.parties.create', { kind: 'person', name: 'Mei Lin' });
    const detail = await treasurer.ok('treasury.loans.create', {
      lenderPartyId: lender.id,
      kind: 'member-loan',
      principal: '1,200.00',
      rateBp,
      method: 'amortizing',
      termMonths: 12,
      paymentsPerYear: 12,
      agreementOn: '2025-12-15',
      firstPaymentOn: '2026-01-15',
    });
    await treasurer.ok('treasury.receive', {
      idempotencyKey: crypto.randomUUID(),
      kind: 'loan',
      amount: '1,200.00',
      date: '2025-12-15',
      loan: { loanId: detail.loan.id },
      understood: true,
    });
    return detail.loan.id;
  }
  const pay = (loanId: number, date: string, amount: string) =>
    treasurer.call('treasury.loans.pay', { idempotencyKey: crypto.randomUUID(), loanId, date, amount });

  it('missed and late partial payments: rows paid, partly paid and overdue, arrears and days overdue; forgiveness is not a payment', async () => {
    t = await startTestHost({ start: '2026-04-20T15:00:00.000Z' });
    treasurer = await t.as('treasurer');
    const id = await loan(0);
    const before = await treasurer.ok('treasury.loans.get', { id });
    expect(before.schedule.slice(0, 4).map((r) => [r.dueOn, r.status, r.daysOverdue])).toEqual([
      ['2026-01-15', 'overdue', 95],
      ['2026-02-15', 'overdue', 64],
      ['2026-03-15', 'overdue', 36],
      ['2026-04-15', 'overdue', 5],
    ]);
    expect(before.arrears).toEqual({ arrearsCents: 40_000, daysOverdue: 95, rowsBehind: 4 });

    // $150 arrives late, on 10 February: the January row is paid, February's partly.
    const paid = await pay(id, '2026-02-10', '150.00');
    expect(paid.ok).toBe(true);
    const after = await treasurer.ok('treasury.loans.get', { id });
    expect(after.schedule.slice(0, 5).map((r) => [r.status, r.paidCents])).toEqual([
      ['paid', 10_000],
      ['partly-paid', 5_000],
      ['overdue', 0],
      ['overdue', 0],
      ['due', 0],
    ]);
    expect(after.arrears).toEqual({ arrearsCents: 25_000, daysOverdue: 64, rowsBehind: 3 });
    expect(after.events.at(-1)).toMatchObject({
      kind: 'repayment',
      date: '2026-02-10',
      principalCents: 15_000,
    });

    // Forgiveness lowers the balance but pays no instalment.
    await treasurer.ok('treasury.loans.forgive', {
      idempotencyKey: crypto.randomUUID(),
      loanId: id,
      date: '2026-04-01',
      amount: '100.00',
    });
    const forgiven = await treasurer.ok('treasury.loans.get', { id });
    expect(forgiven.arrears).toEqual(after.arrears);
    expect(forgiven.loan.forgivenCents).toBe(10_000);
    expect(forgiven.loan.repaidPrincipalCents).toBe(15_000);

    // More than is owed is refused, and nothing is written.
    const tooMuch = await pay(id, '2026-04-20', '5,000.00');
    expect(tooMuch.ok).toBe(false);
    if (!tooMuch.ok) expect(tooMuch.error.message).toContain('is more than that');
    // Not after today either.
    const future = await pay(id, '2026-04-21', '10.00');
    expect(future.ok).toBe(false);
    expect((await treasurer.ok('treasury.loans.get', { id })).events).toHaveLength(after.events.length + 1);
  });

  it('with interest, the payment pays the interest earned to its day first, then principal', async () => {
    t = await startTestHost({ start: '2026-02-20T15:00:00.000Z' });
    treasurer = await t.as('treasurer');
    const id = await loan(1200);
    const owed = (await treasurer.ok('treasury.loans.get', { id })).loan;
    expect(owed.interestAccruedCents).toBeGreaterThan(0);
    const r = await pay(id, '2026-02-20', '100.00');
    expect(r.ok).toBe(true);
    const detail = await treasurer.ok('treasury.loans.get', { id });
    expect(detail.events.at(-1)).toMatchObject({
      kind: 'repayment',
      interestCents: owed.interestAccruedCents,
      principalCents: 10_000 - owed.interestAccruedCents,
    });
    expect(detail.loan.interestAccruedCents).toBe(0);
  });
});
