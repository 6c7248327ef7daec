import fc from 'fast-check';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DB_FILE } from '../../../main/store/store.js';
import { DeskError } from '../../../main/kernel/errors.js';
import {
  listEntries,
  postEntry,
  reverseEntry,
  verifyLedger,
  accountBalances,
} from '../../../main/treasury/journal.js';
import { closeFiscalYear } from '../../../main/treasury/periods.js';
import { run as verifyCli } from '../../../main/cli/verify-ledger.js';
import { openTreasuryStore, type TreasuryStore } from './store-helper.js';

const buy = (cents: number, date = '2026-03-02', memo = 'Filament and plywood') => ({
  date,
  memo,
  kind: 'manual' as const,
  lines: [
    { account: 'Expenses:Materials', amount: cents },
    { account: 'Assets:Bank:Operating', amount: -cents },
  ],
});

function capture(): {
  io: { out: (s: string) => void; err: (s: string) => void };
  out: string[];
  err: string[];
} {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (s) => out.push(s), err: (s) => err.push(s) }, out, err };
}

const state = (s: TreasuryStore) =>
  JSON.stringify([
    s.store.db.prepare('SELECT * FROM treasury_entries ORDER BY id').all(),
    s.store.db.prepare('SELECT * FROM treasury_lines ORDER BY entry_id, line_no').all(),
    s.store.db.prepare('SELECT count(*) FROM audit_log').get(),
  ]);

function refused(s: TreasuryStore, fn: () => unknown): string {
  const before = state(s);
  let message = '';
  try {
    fn();
  } catch (error) {
    message = (error as Error).message;
  }
  expect(message, 'should have been refused').not.toBe('');
  expect(state(s), 'a refusal changes nothing').toBe(before);
  return message;
}

describe('the journal', () => {
  let s: TreasuryStore;
  afterEach(() => s.close());

  it('posts balanced entries with gapless numbers, each chained to the previous one', () => {
    s = openTreasuryStore();
    const a = s.write((tx) => postEntry(tx, buy(12_000)));
    const b = s.write((tx) => postEntry(tx, buy(3_450, '2026-03-03')));
    expect([a.number, b.number]).toEqual([1, 2]);
    expect(a.prevHash).toBe('0'.repeat(64));
    expect(b.prevHash).toBe(a.hash);
    expect(verifyLedger(s.store.db)).toMatchObject({ ok: true, entries: 2 });
    expect(accountBalances(s.store.db).get('Expenses:Materials')).toBe(15_450);
  });

  it('refuses an entry that does not balance, has one line, names an unknown account or has a bad date — and writes nothing', () => {
    s = openTreasuryStore();
    const lopsided = {
      ...buy(100),
      lines: [
        { account: 'Expenses:Materials', amount: 100 },
        { account: 'Assets:Bank:Operating', amount: -99 },
      ],
    };
    expect(refused(s, () => s.write((tx) => postEntry(tx, lopsided)))).toBe(
      'This entry does not balance: its debits and credits differ by $0.01.',
    );
    // Credits over debits (a negative sum) is as unbalanced as debits over credits, and named the same way.
    const creditHeavy = {
      ...buy(100),
      lines: [
        { account: 'Expenses:Materials', amount: 100 },
        { account: 'Assets:Bank:Operating', amount: -250 },
      ],
    };
    expect(refused(s, () => s.write((tx) => postEntry(tx, creditHeavy)))).toBe(
      'This entry does not balance: its debits and credits differ by $1.50.',
    );
    expect(
      refused(s, () =>
        s.write((tx) =>
          postEntry(tx, {
            ...buy(100),
            lines: [
              { account: 'Expenses:Materials', amount: 0 },
              { account: 'Assets:Bank:Operating', amount: 0 },
            ],
          }),
        ),
      ),
    ).toContain('non-zero');
    expect(
      refused(s, () => s.write((tx) => postEntry(tx, { ...buy(100), lines: buy(100).lines.slice(0, 1) }))),
    ).toContain('at least two lines');
    expect(
      refused(s, () =>
        s.write((tx) =>
          postEntry(tx, {
            ...buy(100),
            lines: [
              { account: 'Assets:Petty', amount: 1 },
              { account: 'Assets:Bank:Operating', amount: -1 },
            ],
          }),
        ),
      ),
    ).toContain('Account Assets:Petty does not exist');
    expect(refused(s, () => s.write((tx) => postEntry(tx, buy(100, '2026-02-30'))))).toContain(
      'not a calendar date',
    );
    expect(
      s.store.db.prepare("SELECT last FROM sequences WHERE name = 'treasury.entry'").get(),
    ).toBeUndefined();
  });

  it('refuses to edit or delete a posted entry, through the database itself, with a clear message', () => {
    s = openTreasuryStore();
    s.write((tx) => postEntry(tx, buy(12_000)));
    const db = s.store.db;
    expect(
      refused(s, () => db.prepare('UPDATE treasury_lines SET amount_cents = 1 WHERE entry_id = 1').run()),
    ).toBe('a posted journal entry cannot be changed; post a reversing entry instead');
    expect(
      refused(s, () => db.prepare("UPDATE treasury_entries SET memo = 'x' WHERE id = 1").run()),
    ).toContain('cannot be changed');
    expect(refused(s, () => db.prepare('DELETE FROM treasury_lines WHERE entry_id = 1').run())).toContain(
      'cannot be changed',
    );
    expect(refused(s, () => db.prepare('DELETE FROM treasury_entries').run())).toContain('cannot be deleted');
    // Adding a third line to a sealed entry is an edit too.
    expect(
      refused(s, () =>
        db
          .prepare(
            'INSERT INTO treasury_lines (entry_id, line_no, account_id, amount_cents) VALUES (1, 3, 1, 5)',
          )
          .run(),
      ),
    ).toContain('cannot be changed');
    expect(verifyLedger(db).ok).toBe(true);
  });

  it('corrects by a reversing entry, once', () => {
    s = openTreasuryStore();
    const original = s.write((tx) => postEntry(tx, buy(12_000)));
    const reversal = s.write((tx) => reverseEntry(tx, original.id, '2026-03-05', ''));
    expect(reversal.memo).toBe('Reversal of entry 1');
    expect(reversal.lines.map((l) => l.amount)).toEqual([-12_000, 12_000]);
    expect(accountBalances(s.store.db).get('Expenses:Materials')).toBe(0);
    expect(refused(s, () => s.write((tx) => reverseEntry(tx, original.id, '2026-03-06', '')))).toBe(
      'Entry 1 has already been reversed.',
    );
    expect(refused(s, () => s.write((tx) => reverseEntry(tx, reversal.id, '2026-03-06', '')))).toContain(
      'is itself a reversal',
    );
  });

  it('a closed year refuses new entries, in the service and in the database, and stays closed', () => {
    s = openTreasuryStore('2026-02-10T12:00:00.000Z');
    s.write((tx) => postEntry(tx, buy(500, '2025-12-30')));
    expect(refused(s, () => s.write((tx) => closeFiscalYear(tx, 2026)))).toContain('has not ended yet');
    s.write((tx) => closeFiscalYear(tx, 2025));
    expect(refused(s, () => s.write((tx) => postEntry(tx, buy(500, '2025-12-31'))))).toBe(
      '2025-12-31 falls in FY2025, which is closed. Post it in an open period.',
    );
    expect(refused(s, () => s.write((tx) => reverseEntry(tx, 1, '2025-12-31', '')))).toContain(
      'FY2025, which is closed',
    );
    expect(
      refused(s, () =>
        s.store.db.prepare("UPDATE treasury_periods SET closed_at = NULL WHERE name = 'FY2025'").run(),
      ),
    ).toContain('stays closed');
    expect(refused(s, () => s.write((tx) => closeFiscalYear(tx, 2025)))).toBe('FY2025 is already closed.');
    // The correction goes into the open year instead.
    expect(s.write((tx) => reverseEntry(tx, 1, '2026-01-02', 'Returned')).number).toBe(2);
  });

  it('detects a tampered amount even when someone drops the triggers first', () => {
    s = openTreasuryStore();
    for (const [i, c] of [100, 200, 300, 400].entries())
      s.write((tx) => postEntry(tx, buy(c, `2026-03-0${i + 1}`)));
    const db = s.store.db;
    db.exec('DROP TRIGGER treasury_lines_no_update');
    db.prepare('UPDATE treasury_lines SET amount_cents = amount_cents * 10 WHERE entry_id = 3').run();
    expect(verifyLedger(db).firstBroken).toEqual({
      number: 3,
      reason: 'its contents no longer match its hash',
    });
  });

  it('names an entry whose lines no longer balance, whichever way they lean', () => {
    for (const [delta, sum] of [
      [-30, -30],
      [30, 30],
    ] as const) {
      s = openTreasuryStore();
      for (const c of [100, 200, 300]) s.write((tx) => postEntry(tx, buy(c)));
      const db = s.store.db;
      db.exec('DROP TRIGGER treasury_lines_no_update');
      db.prepare(
        'UPDATE treasury_lines SET amount_cents = amount_cents + ? WHERE entry_id = 2 AND line_no = 1',
      ).run(delta);
      expect(verifyLedger(db).firstBroken).toEqual({
        number: 2,
        reason: `does not balance (lines sum to ${sum} cents)`,
      });
      s.close();
    }
    s = openTreasuryStore();
  });

  it('detects a rewritten chain (every hash recomputed) against the hashes the audit trail kept', () => {
    s = openTreasuryStore();
    for (const c of [100, 200, 300]) s.write((tx) => postEntry(tx, buy(c)));
    const db = s.store.db;
    db.exec('DROP TRIGGER treasury_entries_no_update');
    db.prepare("UPDATE treasury_entries SET hash = 'f' || substr(hash, 2) WHERE number = 2").run();
    db.prepare(
      'UPDATE treasury_entries SET prev_hash = (SELECT hash FROM treasury_entries WHERE number = 2) WHERE number = 3',
    ).run();
    expect(verifyLedger(db).firstBroken?.number).toBe(2);
  });

  it('detects a deleted last entry and a removed line', () => {
    s = openTreasuryStore();
    for (const c of [100, 200, 300]) s.write((tx) => postEntry(tx, buy(c)));
    const db = s.store.db;
    db.exec('DROP TRIGGER treasury_lines_no_delete; DROP TRIGGER treasury_entries_no_delete');
    db.prepare('DELETE FROM treasury_lines WHERE entry_id = 2 AND line_no = 2').run();
    expect(verifyLedger(db).firstBroken).toEqual({ number: 2, reason: 'has 1 lines where 2 were posted' });
    db.prepare('DELETE FROM treasury_lines WHERE entry_id = 3').run();
    db.prepare('DELETE FROM treasury_entries WHERE id = 3').run();
    db.prepare(
      'INSERT INTO treasury_lines (entry_id, line_no, account_id, amount_cents) VALUES (2, 2, 1, -200)',
    ).run();
    expect(verifyLedger(db).firstBroken).toEqual({
      number: 3,
      reason: 'entry 3 is missing (numbers were issued up to 3)',
    });
  });

  it('any single tampered line in a random journal is found, and named', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 10_000_000 }), { minLength: 1, maxLength: 12 }),
        fc.nat(),
        fc.integer({ min: 1, max: 1000 }),
        (amounts, which, delta) => {
          const t = openTreasuryStore(undefined, { fast: true });
          try {
            for (const c of amounts) t.write((tx) => postEntry(tx, buy(c)));
            expect(verifyLedger(t.store.db).ok).toBe(true);
            const target = (which % amounts.length) + 1;
            t.store.db.exec('DROP TRIGGER treasury_lines_no_update');
            t.store.db
              .prepare(
                'UPDATE treasury_lines SET amount_cents = amount_cents + ? WHERE entry_id = ? AND line_no = 1',
              )
              .run(delta, target);
            expect(verifyLedger(t.store.db).firstBroken?.number).toBe(target);
          } finally {
            t.close();
          }
        },
      ),
      { numRuns: 100 },
    );
  }, 60_000);
});

describe('cp-desk verify-ledger --data DIR', () => {
  it('exits 0 on an intact ledger and non-zero naming the entry after the file itself is edited', async () => {
    const s = openTreasuryStore();
    const dir = s.store.dataDir;
    try {
      s.write((tx) => postEntry(tx, buy(100, '2026-03-01', 'Sewing thread for masks')));
      s.write((tx) => postEntry(tx, buy(250, '2026-03-02', 'Elastic band for masks')));
      s.store.db.pragma('wal_checkpoint(TRUNCATE)');
      const ok = capture();
      expect(await verifyCli(['--data', dir], ok.io)).toBe(0);
      expect(ok.out.join('\n')).toContain('Ledger intact: 2 entries');
      s.store.close();

      // Edit the bytes on disk, as someone with a hex editor would: same length, so SQLite still reads the page.
      const file = join(dir, DB_FILE);
      const bytes = readFileSync(file);
      let at = bytes.indexOf(Buffer.from('Elastic band for masks'));
      expect(at).toBeGreaterThan(0);
      // Every copy: the entry's row, and the audit line that names it.
      for (; at >= 0; at = bytes.indexOf(Buffer.from('Elastic band for masks'), at + 1))
        bytes.write('Elastic bank for masks', at);
      writeFileSync(file, bytes);

      const broken = capture();
      expect(await verifyCli(['--data', dir], broken.io)).toBe(1);
      expect(broken.err.join('\n')).toBe('Ledger broken at entry 2: its contents no longer match its hash.');
    } finally {
      s.close();
    }
  });

  it('says so when there is no database', async () => {
    const c = capture();
    expect(await verifyCli(['--data', '/nonexistent/cp-desk'], c.io)).toBe(2);
    expect(c.err[0]).toContain('There is no Desk database');
  });
});

describe('reading the journal back', () => {
  it('lists entries with their lines in number order', () => {
    const s = openTreasuryStore();
    try {
      s.write((tx) => postEntry(tx, buy(100)));
      const [e] = listEntries(s.store.db);
      expect(e?.lines).toEqual([
        { lineNo: 1, account: 'Expenses:Materials', amount: 100, fundId: null, partyId: null, memo: null },
        {
          lineNo: 2,
          account: 'Assets:Bank:Operating',
          amount: -100,
          fundId: null,
          partyId: null,
          memo: null,
        },
      ]);
      expect(() => s.write((tx) => postEntry(tx, { ...buy(1), memo: '  ' }))).toThrow(DeskError);
    } finally {
      s.close();
    }
  });
});
