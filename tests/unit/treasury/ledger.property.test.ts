import fc from 'fast-check';
import { describe, it } from 'vitest';
import { opArb } from './operations.js';
import { runSequence } from './sequence.js';

describe('the books hold their invariants over random sequences of a treasurer’s work', () => {
  it('every entry balances, holdings and loan balances never go negative, register and equity agree, numbers are gapless, the chain verifies', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 5, maxLength: 40 }), (ops) => runSequence(ops)),
      { numRuns: 350 },
    );
  }, 90_000);
});
