// StrykerJS over one group of rule cores at a time (scripts/mutate.mjs sets MUTATE_GROUP and MUTATE_TESTS and prints
// the score per folder). Not part of npm test: run `npm run mutate [group…]`.
import { groups } from './scripts/mutate/groups.mjs';

const group = groups.find((g) => g.name === process.env.MUTATE_GROUP);
if (group === undefined)
  throw new Error(`MUTATE_GROUP must be one of: ${groups.map((g) => g.name).join(', ')}`);
const slug = group.name.replace(/\//g, '-');

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutate.config.ts', related: false },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: group.mutate,
  coverageAnalysis: 'perTest',
  // Two cores shared by everyone: one mutant at a time.
  concurrency: 1,
  timeoutMS: 20_000,
  reporters: ['clear-text', 'json', 'progress'],
  jsonReporter: { fileName: `reports/mutation/${slug}.json` },
  clearTextReporter: { allowColor: false, logTests: false, reportMutants: true, reportScoreTable: true },
  tempDirName: '.stryker-tmp',
  ignorePatterns: [
    '/dist',
    '/release',
    '/demo-data',
    '/reports',
    '/test-results',
    '/playwright-report',
    '/.bench',
    '/tests/e2e',
  ],
  thresholds: { high: 90, low: 80, break: null },
  cleanTempDir: 'always',
};
