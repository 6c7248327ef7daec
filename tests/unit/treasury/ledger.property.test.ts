import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../main/store/store.js';
import { canonicalEntry, sha256, verifyLedger } from '../../../main/treasury/journal.js';
import { addDays } from '../../../main/treasury/schedule.js';
import { opArb, type Op } from './operations.js';
import { checkInvariants } from './invariants.js';
import { runSequence } from './sequence.js';

/** How many random sequences each property runs (each one a fresh database, every step through the services). */
const RUNS = { books: 1200, tampered: 300 };

describe('the books hold their invariants over random sequences of a treasurer’s work', () => {
  it(`every entry balances, holdings and loan balances never go negative, register, loans, gifts and equity agree, numbers are gapless, the chain verifies (${RUNS.books} random sequences)`, () => {
    let ran = 0;
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 5, maxLength: 40 }), (ops) => {
        runSequence(ops);
        ran += 1;
      }),
      { numRuns: RUNS.books },
    );
    expect(ran).toBe(RUNS.books);
  }, 90_000);
});

const TAMPERS = [
  'line amount',
  'amount moved between lines',
  'line account',
  'entry memo',
  'entry date',
  'line deleted',
  'last entry deleted',
  'chain rewritten',
  'register quantity',
  'loan event principal',
  'gift amount',
  'interest accrual amount',
] as const;
type Tamper = (typeof TAMPERS)[number];

const one = (db: Db, q: string, ...p: unknown[]): unknown => db.prepare(q).get(...p);

/**
 * Edits one row behind the services' back, as someone with the sqlite shell and the triggers dropped would, and
 * says which journal entry `verify-ledger` must name — or null when the edit is outside the journal, where the
 * cross-checks between the register, the loan book, the gifts and the journal must catch it.
 */
function tamper(db: Db, how: Tamper, pick: number, delta: number): number | null {
  db.exec(`DROP TRIGGER treasury_lines_no_update; DROP TRIGGER treasury_lines_no_delete;
    DROP TRIGGER treasury_entries_no_update; DROP TRIGGER treasury_entries_no_delete;
    DROP TRIGGER treasury_share_operations_no_update; DROP TRIGGER treasury_loan_events_append_only;
    DROP TRIGGER treasury_gifts_void_only; DROP TRIGGER treasury_loan_accruals_no_update;`);
  const entries = (one(db, 'SELECT count(*) AS n FROM treasury_entries') as { n: number }).n;
  const target = (pick % entries) + 1;
  const entry = one(db, 'SELECT id, line_count, date FROM treasury_entries WHERE number = ?', target) as {
    id: number;
    line_count: number;
    date: string;
  };
  const line = (no: number) =>
    one(
      db,
      'SELECT amount_cents, account_id FROM treasury_lines WHERE entry_id = ? AND line_no = ?',
      entry.id,
      no,
    ) as { amount_cents: number; account_id: number };
  const setLine = (no: number, column: string, value: unknown) =>
    db
      .prepare(`UPDATE treasury_lines SET ${column} = ? WHERE entry_id = ? AND line_no = ?`)
      .run(value, entry.id, no);
  switch (how) {
    case 'line amount': {
      const a = line(1).amount_cents;
      setLine(1, 'amount_cents', a + delta === 0 ? a + delta + 1 : a + delta);
      return target;
    }
    case 'amount moved between lines': {
      // Still balances, so only the hash can tell.
      let d = delta;
      while (line(1).amount_cents + d === 0 || line(2).amount_cents - d === 0) d += 1;
      const [a, b] = [line(1).amount_cents, line(2).amount_cents];
      setLine(1, 'amount_cents', a + d);
      setLine(2, 'amount_cents', b - d);
      return target;
    }
    case 'line account': {
      const now = line(1).account_id;
      setLine(1, 'account_id', now === 43 ? 42 : 43);
      return target;
    }
    case 'entry memo':
      db.prepare("UPDATE treasury_entries SET memo = memo || '.' WHERE id = ?").run(entry.id);
      return target;
    case 'entry date':
      db.prepare('UPDATE treasury_entries SET date = ? WHERE id = ?').run(
        addDays(entry.date, delta % 2 === 0 ? 1 : -1),
        entry.id,
      );
      return target;
    case 'line deleted':
      db.prepare('DELETE FROM treasury_lines WHERE entry_id = ? AND line_no = ?').run(
        entry.id,
        1 + (delta % entry.line_count),
      );
      return target;
    case 'last entry deleted': {
      db.pragma('foreign_keys = OFF');
      const last = one(db, 'SELECT id FROM treasury_entries WHERE number = ?', entries) as { id: number };
      db.prepare('DELETE FROM treasury_lines WHERE entry_id = ?').run(last.id);
      db.prepare('DELETE FROM treasury_entries WHERE id = ?').run(last.id);
      return entries;
    }
    case 'chain rewritten': {
      // Change an entry and recompute its hash and every later one, so the chain itself is consistent again:
      // only the hashes the audit trail recorded at posting time can show it.
      db.prepare("UPDATE treasury_entries SET memo = memo || ' (amended)' WHERE id = ?").run(entry.id);
      let prev = (
        one(db, 'SELECT hash FROM treasury_entries WHERE number = ?', target - 1) as
          { hash: string } | undefined
      )?.hash;
      for (let n = target; n <= entries; n += 1) {
        const row = one(db, 'SELECT * FROM treasury_entries WHERE number = ?', n) as Parameters<
          typeof canonicalEntry
        >[0] & { id: number };
        const fixed = { ...row, prev_hash: prev ?? '0'.repeat(64) };
        const lines = db
          .prepare(
            'SELECT line_no, (SELECT code FROM treasury_accounts WHERE id = account_id) AS account, amount_cents, fund_id, party_id, memo FROM treasury_lines WHERE entry_id = ? ORDER BY line_no',
          )
          .all(row.id) as Parameters<typeof canonicalEntry>[1];
        prev = sha256(canonicalEntry(fixed, lines));
        db.prepare('UPDATE treasury_entries SET prev_hash = ?, hash = ? WHERE id = ?').run(
          fixed.prev_hash,
          prev,
          row.id,
        );
      }
      return target;
    }
    case 'register quantity':
      db.prepare(
        'UPDATE treasury_share_operations SET quantity = quantity * 2 WHERE number = (SELECT max(number) FROM treasury_share_operations)',
      ).run();
      return null;
    case 'loan event principal':
      db.prepare(
        'UPDATE treasury_loan_events SET principal_cents = principal_cents + ? WHERE id = (SELECT max(id) FROM treasury_loan_events)',
      ).run(delta);
      return null;
    case 'gift amount':
      db.prepare(
        "UPDATE treasury_gifts SET amount_cents = amount_cents + ? WHERE number = (SELECT max(number) FROM treasury_gifts WHERE kind = 'cash')",
      ).run(delta);
      return null;
    case 'interest accrual amount':
      db.prepare(
        'UPDATE treasury_loan_accruals SET interest_cents = interest_cents + ? WHERE id = (SELECT max(id) FROM treasury_loan_accruals)',
      ).run(delta);
      return null;
  }
}

/**
 * Steps that make sure every kind of row exists to be tampered with: an entry, a share, a loan event, a gift, an
 * interest accrual (two days on $2,500 at 3 %).
 */
const groundwork: Op[] = [
  { t: 'manual', cents: 12_345 },
  { t: 'pay', member: 0, shares: 1, part: 1 },
  { t: 'disburse', loan: 0, cents: 250_000 },
  { t: 'gift', party: 0, cents: 500, back: 0, fund: 1 },
  { t: 'accrue' },
  { t: 'gift', party: 1, cents: 100_000, back: 0, fund: 2 },
];

describe('a tampered row is detected', () => {
  it(`one row edited behind the services' back, after a random sequence: verify-ledger names the entry, or the register, loan book, interest accruals and gifts no longer agree with the journal (${RUNS.tampered} random sequences, one tampered row each)`, () => {
    let ran = 0;
    fc.assert(
      fc.property(
        fc.array(opArb, { minLength: 0, maxLength: 30 }),
        fc.constantFrom(...TAMPERS),
        fc.nat(),
        fc.integer({ min: 1, max: 100_000 }),
        (ops, how, pick, delta) => {
          runSequence([...groundwork, ...ops], {
            isolation: 'file',
            then: ({ store: { db } }) => {
              expect(verifyLedger(db).ok).toBe(true);
              const named = tamper(db, how, pick, delta);
              if (named === null) expect(() => checkInvariants(db), how).toThrow();
              else expect(verifyLedger(db).firstBroken?.number, how).toBe(named);
            },
          });
          ran += 1;
        },
      ),
      { numRuns: RUNS.tampered },
    );
    expect(ran).toBe(RUNS.tampered);
  }, 90_000);
});
