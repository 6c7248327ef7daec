import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMonths, loanSchedule, type ScheduleTerms } from '../../../main/treasury/schedule.js';
import { statementsFor, type AckLine } from '../../../main/treasury/acknowledgments.js';

const terms = (t: Partial<ScheduleTerms>): ScheduleTerms => ({
  principalCents: 10_000_000,
  rateBp: 100,
  termMonths: 84,
  paymentsPerYear: 4,
  method: 'amortizing',
  firstPaymentOn: '2027-01-31',
  ...t,
});

describe('loan schedules in integer cents', () => {
  it('a $100,000 PRI at 1 % over 7 years, quarterly: $3,702.35 level payments (P·r/(1−(1+r)^−n) rounded up), the last one clears it', () => {
    const rows = loanSchedule(terms({}));
    expect(rows).toHaveLength(28);
    expect(rows[0]).toEqual({
      n: 1,
      dueOn: '2027-01-31',
      paymentCents: 370_235,
      interestCents: 25_000,
      principalCents: 345_235,
      balanceAfterCents: 9_654_765,
    });
    expect(rows.slice(0, -1).every((r) => r.paymentCents === 370_235)).toBe(true);
    expect(rows.at(-1)!.balanceAfterCents).toBe(0);
    expect(rows.at(-1)!.paymentCents).toBeLessThanOrEqual(370_235);
    expect(rows.map((r) => r.dueOn).slice(1, 3)).toEqual(['2027-04-30', '2027-07-31']);
  });

  it('0 % is allowed: the principal divided, rounded up, the last payment smaller', () => {
    const rows = loanSchedule(
      terms({ principalCents: 100_000, rateBp: 0, termMonths: 3, paymentsPerYear: 12 }),
    );
    expect(rows.map((r) => [r.paymentCents, r.interestCents])).toEqual([
      [33_334, 0],
      [33_334, 0],
      [33_332, 0],
    ]);
  });

  it('interest-only pays the interest each period and the principal at the end', () => {
    const rows = loanSchedule(
      terms({
        principalCents: 5_000_000,
        rateBp: 250,
        termMonths: 36,
        paymentsPerYear: 1,
        method: 'interest-only',
      }),
    );
    expect(rows.map((r) => r.paymentCents)).toEqual([125_000, 125_000, 5_125_000]);
  });

  it('refuses a term that does not divide into the payment period', () => {
    expect(() => loanSchedule(terms({ termMonths: 10, paymentsPerYear: 4 }))).toThrow('does not divide');
  });

  it('for any terms: principal sums exactly, balances never go negative, interest never negative, payments within a cent of level', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000_000 }),
        fc.integer({ min: 0, max: 2000 }),
        fc.constantFrom(1, 2, 4, 12),
        fc.integer({ min: 1, max: 30 }),
        fc.constantFrom('amortizing' as const, 'interest-only' as const),
        (principal, bp, ppy, years, method) => {
          const rows = loanSchedule(
            terms({
              principalCents: principal,
              rateBp: bp,
              paymentsPerYear: ppy,
              termMonths: years * 12,
              method,
            }),
          );
          expect(rows).toHaveLength(years * ppy);
          expect(rows.reduce((s, r) => s + r.principalCents, 0)).toBe(principal);
          for (const r of rows) {
            expect(r.balanceAfterCents).toBeGreaterThanOrEqual(0);
            expect(r.interestCents).toBeGreaterThanOrEqual(0);
            expect(r.principalCents).toBeGreaterThanOrEqual(0);
            expect(r.paymentCents).toBe(r.principalCents + r.interestCents);
          }
          expect(rows.at(-1)!.balanceAfterCents).toBe(0);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('adds months keeping the day, or the last day of a shorter month', () => {
    expect(addMonths('2027-01-31', 1)).toBe('2027-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2027-11-15', 3)).toBe('2028-02-15');
  });
});

const line = (l: Partial<AckLine>): AckLine => ({
  giftNumber: 7,
  date: '2026-11-02',
  kind: 'cash',
  amountCents: 100_000,
  description: null,
  returnDescription: null,
  returnValueCents: 0,
  ...l,
});
const ORG = 'Center for Community Production';

describe('what an acknowledgment must say', () => {
  it('a gift of $250 or more names the organisation and amount and says no goods or services were given', () => {
    const s = statementsFor(line({ amountCents: 25_000 }), ORG, 'en');
    expect(s).toEqual([
      'Center for Community Production gratefully acknowledges a cash contribution of $250.00, received on 2026-11-02 (gift no. 7).',
      'No goods or services were provided in exchange for this contribution.',
    ]);
  });

  it('over $75 with something in return: the good-faith value and the quid-pro-quo disclosure of the deductible part', () => {
    const s = statementsFor(
      line({ amountCents: 7_501, returnDescription: 'A T-shirt', returnValueCents: 2_000 }),
      ORG,
      'en',
    );
    expect(s[1]).toBe(
      'In exchange for this contribution, Center for Community Production provided: A T-shirt, with a good-faith estimated value of $20.00.',
    );
    expect(s[2]).toContain(
      'limited to the excess of the money contributed over the value of goods or services provided by Center for Community Production: $55.01.',
    );
  });

  it('exactly $75 with something in return needs no quid-pro-quo disclosure', () => {
    const s = statementsFor(
      line({ amountCents: 7_500, returnDescription: 'A T-shirt', returnValueCents: 2_000 }),
      ORG,
      'en',
    );
    expect(s.join(' ')).not.toContain('deductible');
  });

  it('an in-kind gift is described, never valued, in English or Spanish', () => {
    const s = statementsFor(
      line({ kind: 'in-kind', amountCents: null, description: 'A used laser cutter' }),
      ORG,
      'es',
    );
    expect(s[0]).toBe(
      'Center for Community Production reconoce con gratitud una contribución en especie: A used laser cutter (el valor lo determina el donante), recibida el 2026-11-02 (donación n.º 7).',
    );
    expect(s[1]).toBe('No se proporcionaron bienes ni servicios a cambio de esta contribución.');
    expect(s.join(' ')).not.toMatch(/\$/);
  });
});
