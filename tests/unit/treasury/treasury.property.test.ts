import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accountBalances } from '../../../main/treasury/journal.js';
import { reconcileSubLedgers } from '../../../main/treasury/reconcile.js';
import { CONTROL_PICKS, treasuryOpArb } from './operations.js';
import { runSequence } from './sequence.js';

/**
 * The whole treasury at once: shares, gifts and voids, loans with late, missed and partial payments and
 * forgiveness, interest accruals, year closes, fiscal-year changes, job payments and hand-made journal entries
 * against any account. A few hundred sequences in `npm test`; `npm run test:deep` runs ≥ 5,000 (TREASURY_DEEP_RUNS).
 */
const RUNS = Number(process.env.TREASURY_DEEP_RUNS ?? 300);

describe('the treasury over random sequences of everything a treasurer does', () => {
  it(
    `trial balance, sub-ledger reconciliation and verify-ledger hold after every sequence; a hand-made entry on a control account is always refused (${RUNS} random sequences)`,
    () => {
      let ran = 0;
      let controlTries = 0;
      let jobsPaid = 0;
      fc.assert(
        fc.property(
          fc.array(treasuryOpArb, { minLength: 10, maxLength: 40 }),
          fc.integer({ min: 1, max: 30 }),
          (ops, stride) => {
            runSequence(ops, {
              stride,
              now: '2031-06-01T12:00:00.000Z',
              afterEach: (_s, op, refused) => {
                if (op.t === 'jobpay' && !refused) jobsPaid += 1;
                if (op.t === 'manualTo' && op.account < CONTROL_PICKS) {
                  controlTries += 1;
                  expect(refused, 'a manual entry on a control account').toBe(true);
                }
              },
              then: ({ store: { db } }) => {
                // Trial balance: debits equal credits over the whole journal.
                expect([...accountBalances(db).values()].reduce((a, b) => a + b, 0)).toBe(0);
                // Every control account agrees with its records (verifyLedger, run by checkInvariants, says so too).
                expect(reconcileSubLedgers(db)).toBeNull();
              },
            });
            ran += 1;
          },
        ),
        { numRuns: RUNS },
      );
      expect(ran).toBe(RUNS);
      expect(controlTries).toBeGreaterThan(0);
      // Job payments were among the steps (and so in the reconciliation), not only refused ones.
      expect(jobsPaid).toBeGreaterThan(0);
    },
    Math.max(90_000, RUNS * 120),
  );
});
