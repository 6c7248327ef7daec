// The rule cores `npm run mutate` mutates (issue 14), one group per folder: the files whose mutants are made, and
// the tests that must kill them. Only these tests run against each mutant (vitest's "related" mode would pull in
// every test that reaches the file through the host, hundreds of them), so a group's score says what *its* tests
// catch. A range `file:from-to` mutates those lines only (the hot byte loop of the G-code parser is long; the layer
// detector is the rule).
export const groups = [
  {
    name: 'machines/streamer',
    mutate: ['main/machines/streamer/grbl-window.ts', 'main/machines/streamer/marlin-resend.ts'],
    tests: [
      'tests/unit/machines/grbl-window.test.ts',
      'tests/unit/machines/marlin-resend.test.ts',
      'tests/unit/machines/grbl-streamer.test.ts',
      'tests/unit/machines/marlin-streamer.test.ts',
    ],
  },
  {
    name: 'training',
    mutate: ['main/training/authorize.ts', 'main/training/policy.ts'],
    tests: [
      'tests/unit/training/authorize.test.ts',
      'tests/unit/training/policy-and-signoff.test.ts',
      'tests/unit/training/expiry.test.ts',
    ],
  },
  {
    name: 'files/gcode',
    mutate: ['main/files/gcode/parse-gcode.ts:361-368'],
    tests: ['tests/unit/files/gcode-parser.test.ts'],
  },
  {
    name: 'host',
    mutate: ['main/host/dispatch.ts'],
    tests: [
      'tests/unit/host/dispatch.test.ts',
      'tests/unit/host/dispatch-matrix.test.ts',
      'tests/unit/host/dispatch-errors.test.ts',
    ],
  },
  {
    name: 'treasury',
    mutate: [
      'main/treasury/journal.ts',
      'main/treasury/members.ts',
      'main/treasury/loans.ts',
      'main/treasury/periods.ts',
    ],
    tests: [
      'tests/unit/treasury/journal.test.ts',
      'tests/unit/treasury/periods.test.ts',
      'tests/unit/treasury/reports.test.ts',
      'tests/unit/treasury/register.property.test.ts',
      'tests/unit/treasury/loans.property.test.ts',
      'tests/unit/treasury/interest.test.ts',
      'tests/unit/treasury/schedule-and-letters.test.ts',
    ],
  },
];
