import { expect } from 'vitest';
import { addDays } from '../../../main/treasury/schedule.js';
import { apply, type Op } from './operations.js';
import { checkInvariants, shareState } from './invariants.js';
import { openTreasuryStore, type TreasuryStore } from './store-helper.js';

const TABLES = [
  'treasury_entries',
  'treasury_lines',
  'treasury_share_operations',
  'treasury_certificates',
  'treasury_memberships',
  'treasury_subscriptions',
  'treasury_gifts',
  'treasury_acknowledgments',
  'treasury_loans',
  'treasury_loan_events',
  'audit_log',
  'sequences',
];

function fingerprint(s: TreasuryStore): string {
  return JSON.stringify([
    TABLES.map((t) => s.store.db.prepare(`SELECT count(*) AS n FROM ${t}`).get()),
    s.store.db.prepare('SELECT name, last FROM sequences ORDER BY name').all(),
  ]);
}

/** A few parties and members first, so random steps mostly land on something. */
const seedOps: Op[] = [
  { t: 'party', org: true },
  { t: 'party', org: false },
  { t: 'party', org: false },
  { t: 'admit', party: 0, cls: 0 },
  { t: 'admit', party: 1, cls: 2 },
  { t: 'admit', party: 2, cls: 2 },
  { t: 'admit', party: 1, cls: 1 },
  { t: 'loan', party: 0, principal: 1_000_000, bp: 300, kind: 0 },
  { t: 'party', org: false },
  { t: 'admit', party: 3, cls: 2 },
];

export function runSequence(
  ops: Op[],
  afterEach?: (s: TreasuryStore, op: Op, refused: boolean) => void,
): void {
  const s = openTreasuryStore('2027-06-01T12:00:00.000Z', { fast: true });
  try {
    [...seedOps, ...ops].forEach((op, i) => {
      const before = fingerprint(s);
      const shares = shareState(s.store.db);
      const result = apply(s, op, addDays('2026-01-01', i));
      // A refusal changes nothing: no row, no audit line, no number taken.
      if (result.refused)
        expect(fingerprint(s), `${op.t} refused (${result.message ?? ''}) but changed something`).toBe(
          before,
        );
      // A gift, in cash or in kind, or its void or acknowledgment, never creates (or removes) shares or votes.
      if (['gift', 'inkind', 'void', 'ack'].includes(op.t)) expect(shareState(s.store.db)).toBe(shares);
      afterEach?.(s, op, result.refused);
    });
    checkInvariants(s.store.db);
  } finally {
    s.close();
  }
}
