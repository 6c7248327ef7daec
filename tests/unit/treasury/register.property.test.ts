import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { opArb } from './operations.js';
import { checkInvariants } from './invariants.js';
import { runSequence } from './sequence.js';

/** How many random sequences each property runs (each one a fresh database, every step through the services). */
const RUNS = { register: 600, everyStep: 150 };

describe('the share register holds its invariants over random sequences', () => {
  it(`share-register heavy sequences keep certificates, holdings and equity in step (${RUNS.register} random sequences)`, () => {
    const registerOps = opArb.filter((op) =>
      ['admit', 'pay', 'transfer', 'redeem', 'correct', 'leave', 'party'].includes(op.t),
    );
    let ran = 0;
    fc.assert(
      fc.property(fc.array(registerOps, { minLength: 10, maxLength: 40 }), (ops) => {
        runSequence(ops);
        ran += 1;
      }),
      { numRuns: RUNS.register },
    );
    expect(ran).toBe(RUNS.register);
  }, 90_000);

  it(`the invariants hold after every single step, not just at the end (${RUNS.everyStep} random sequences)`, () => {
    let ran = 0;
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 5, maxLength: 25 }), (ops) => {
        runSequence(ops, { afterEach: (s) => checkInvariants(s.store.db) });
        ran += 1;
      }),
      { numRuns: RUNS.everyStep },
    );
    expect(ran).toBe(RUNS.everyStep);
  }, 90_000);
});
