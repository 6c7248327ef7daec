import fc from 'fast-check';
import { describe, it } from 'vitest';
import { opArb } from './operations.js';
import { checkInvariants } from './invariants.js';
import { runSequence } from './sequence.js';

describe('the share register holds its invariants over random sequences', () => {
  it('share-register heavy sequences keep certificates, holdings and equity in step', () => {
    const registerOps = opArb.filter((op) =>
      ['admit', 'pay', 'transfer', 'redeem', 'correct', 'leave', 'party'].includes(op.t),
    );
    fc.assert(
      fc.property(fc.array(registerOps, { minLength: 10, maxLength: 40 }), (ops) => runSequence(ops)),
      { numRuns: 300 },
    );
  }, 90_000);

  it('the invariants hold after every single step, not just at the end', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 5, maxLength: 25 }), (ops) =>
        runSequence(ops, (s) => checkInvariants(s.store.db)),
      ),
      { numRuns: 60 },
    );
  }, 90_000);
});
