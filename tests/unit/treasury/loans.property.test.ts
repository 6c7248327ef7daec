import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { interestEarned, interestOnBooks, principalEvents } from '../../../main/treasury/interest.js';
import { listLoans } from '../../../main/treasury/loans.js';
import { loanOpArb } from './operations.js';
import { runSequence } from './sequence.js';

/** How many random sequences the property runs (each one through the services, on a real database). */
const RUNS = 500;

describe('loans, interest and fiscal years over random sequences', () => {
  it(`balances never go negative on any day, interest payable never either, accruals and repayments split exactly, closed years carry their interest and refuse anything dated in them, years close in order whatever the fiscal year start (${RUNS} random sequences, steps 1 to 40 days apart over up to five years)`, () => {
    let ran = 0;
    fc.assert(
      fc.property(
        fc.array(loanOpArb, { minLength: 10, maxLength: 40 }),
        fc.integer({ min: 1, max: 40 }),
        fc.constantFrom('01-01', '07-01', '10-01', '04-15'),
        (ops, stride, start) => {
          // The fiscal year is set before the books start, as a new treasurer would; later changes mostly refuse.
          runSequence([{ t: 'fystart', start }, ...ops], {
            stride,
            now: '2031-06-01T12:00:00.000Z',
            afterEach: ({ store: { db } }, op, refused, date) => {
              // After accruing through a day, each loan's entries carry at least the interest it earned by then.
              if (op.t === 'accrue' && !refused) {
                for (const loan of listLoans(db)) {
                  const earned = interestEarned(principalEvents(db, loan.id), loan.rateBp, date);
                  expect(interestOnBooks(db, loan.id).expensedCents).toBeGreaterThanOrEqual(earned);
                }
              }
            },
          });
          ran += 1;
        },
      ),
      { numRuns: RUNS },
    );
    expect(ran).toBe(RUNS);
  }, 90_000);
});
