import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

/**
 * The node tests of one mutation group (scripts/mutate.mjs sets MUTATE_TESTS): StrykerJS runs only these against
 * each mutant. Same plugins and timeouts as vitest.config.ts.
 */
const tests = (process.env.MUTATE_TESTS ?? '').split(',').filter((t) => t !== '');
if (tests.length === 0)
  throw new Error('vitest.mutate.config.ts needs MUTATE_TESTS (run it through npm run mutate)');

export default defineConfig({
  plugins: base.plugins ?? [],
  test: { environment: 'node', include: tests, testTimeout: 60_000, hookTimeout: 60_000 },
});
