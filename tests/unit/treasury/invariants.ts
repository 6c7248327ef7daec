import { expect } from 'vitest';
import type { Db } from '../../../main/store/store.js';
import { verifyLedger } from '../../../main/treasury/journal.js';

const all = <T>(db: Db, sql: string, ...params: unknown[]): T[] => db.prepare(sql).all(...params) as T[];

/** Every table with a human-facing number: 1..n with no gap, and the sequence never handed out more than that. */
export const NUMBERED: readonly [table: string, sequence: string][] = [
  ['treasury_entries', 'treasury.entry'],
  ['treasury_share_operations', 'treasury.share-operation'],
  ['treasury_certificates', 'treasury.certificate'],
  ['treasury_memberships', 'treasury.member'],
  ['treasury_gifts', 'treasury.gift'],
  ['treasury_acknowledgments', 'treasury.acknowledgment'],
  ['treasury_loans', 'treasury.loan'],
];

export function checkInvariants(db: Db): void {
  // Every entry balances and has at least two lines.
  const unbalanced = all<{ entry_id: number }>(
    db,
    'SELECT entry_id FROM treasury_lines GROUP BY entry_id HAVING sum(amount_cents) <> 0 OR count(*) < 2',
  );
  expect(unbalanced).toEqual([]);

  // The hash chain verifies.
  const verified = verifyLedger(db);
  expect(verified.firstBroken).toBeUndefined();

  // Holdings never go negative, at any point of the register's history.
  const negative = all<{ n: number }>(
    db,
    `SELECT number AS n FROM (SELECT number, sum(quantity) OVER (PARTITION BY membership_id, share_class_id ORDER BY number) AS running
      FROM treasury_share_operations) WHERE running < 0`,
  );
  expect(negative).toEqual([]);

  // The register and the equity accounts agree per class: shares held × par = the class's equity (a credit).
  const perClass = all<{ code: string; register: number; equity: number }>(
    db,
    `SELECT sc.code, coalesce((SELECT sum(quantity) FROM treasury_share_operations o WHERE o.share_class_id = sc.id), 0) * sc.par_cents AS register,
       -coalesce((SELECT sum(amount_cents) FROM treasury_lines l WHERE l.account_id = sc.equity_account_id), 0) AS equity
     FROM treasury_share_classes sc`,
  );
  for (const c of perClass) expect(c.equity, `class ${c.code}`).toBe(c.register);

  // Live certificates cover exactly the holding of each member.
  const certs = all<{ membership_id: number; held: number; certified: number }>(
    db,
    `SELECT m.id AS membership_id,
       coalesce((SELECT sum(quantity) FROM treasury_share_operations o WHERE o.membership_id = m.id), 0) AS held,
       coalesce((SELECT sum(quantity) FROM treasury_certificates c WHERE c.membership_id = m.id AND c.cancelled_on IS NULL), 0) AS certified
     FROM treasury_memberships m`,
  );
  for (const c of certs) expect(c.certified, `membership ${c.membership_id}`).toBe(c.held);

  // Numbers are gapless and never reused.
  for (const [table, sequence] of NUMBERED) {
    const numbers = all<{ number: number }>(
      db,
      `SELECT ${table === 'treasury_memberships' ? 'member_number' : 'number'} AS number FROM ${table} ORDER BY 1`,
    ).map((r) => r.number);
    expect(numbers, table).toEqual(numbers.map((_, i) => i + 1));
    const seq = db.prepare('SELECT last FROM sequences WHERE name = ?').get(sequence) as
      { last: number } | undefined;
    expect(seq?.last ?? 0, sequence).toBe(numbers.length);
  }

  // Gift entries never touch a share account; no register operation points at a gift's entry.
  const giftEquity = all<{ n: number }>(
    db,
    `SELECT e.number AS n FROM treasury_entries e JOIN treasury_lines l ON l.entry_id = e.id JOIN treasury_accounts a ON a.id = l.account_id
     WHERE e.kind IN ('gift', 'gift-in-kind') AND a.type = 'equity'`,
  );
  expect(giftEquity).toEqual([]);
  const opsOnGifts = all<{ n: number }>(
    db,
    'SELECT o.number AS n FROM treasury_share_operations o JOIN treasury_gifts g ON g.entry_id = o.entry_id OR g.voided_entry_id = o.entry_id',
  );
  expect(opsOnGifts).toEqual([]);

  // Loan balances never go negative, at any point of their history, and never exceed the principal.
  const loans = all<{ loan_id: number; running: number; principal: number }>(
    db,
    `SELECT ev.loan_id, sum(CASE ev.kind WHEN 'disbursement' THEN ev.principal_cents ELSE -ev.principal_cents END)
       OVER (PARTITION BY ev.loan_id ORDER BY ev.id) AS running, l.principal_cents AS principal
     FROM treasury_loan_events ev JOIN treasury_loans l ON l.id = ev.loan_id`,
  );
  for (const l of loans) {
    expect(l.running, `loan ${l.loan_id}`).toBeGreaterThanOrEqual(0);
    expect(l.running).toBeLessThanOrEqual(l.principal);
  }

  // The loan book and the journal agree: per kind, what the loans still owe is the liability account's balance.
  const loanKinds = all<{ code: string; book: number; journal: number }>(
    db,
    `SELECT a.code,
       coalesce((SELECT sum(CASE ev.kind WHEN 'disbursement' THEN ev.principal_cents ELSE -ev.principal_cents END)
         FROM treasury_loan_events ev JOIN treasury_loans l ON l.id = ev.loan_id WHERE l.kind = k.kind), 0) AS book,
       -coalesce((SELECT sum(amount_cents) FROM treasury_lines WHERE account_id = a.id), 0) AS journal
     FROM (SELECT 'pri' AS kind, 'Liabilities:Loans:PRI' AS code UNION ALL SELECT 'non-extractive', 'Liabilities:Loans:NonExtractive'
           UNION ALL SELECT 'member-loan', 'Liabilities:Loans:Member') k JOIN treasury_accounts a ON a.code = k.code`,
  );
  for (const k of loanKinds) expect(k.journal, k.code).toBe(k.book);

  // Every cash gift is the bank line of its own entry, and a void is that entry's mirror image.
  const gifts = all<{ number: number; amount: number; bank: number; voided: number | null }>(
    db,
    `SELECT g.number, g.amount_cents AS amount,
       (SELECT sum(l.amount_cents) FROM treasury_lines l JOIN treasury_accounts a ON a.id = l.account_id
         WHERE l.entry_id = g.entry_id AND a.code = 'Assets:Bank:Operating') AS bank,
       (SELECT sum(l.amount_cents) FROM treasury_lines l JOIN treasury_accounts a ON a.id = l.account_id
         WHERE l.entry_id = g.voided_entry_id AND a.code = 'Assets:Bank:Operating') AS voided
     FROM treasury_gifts g WHERE g.kind = 'cash'`,
  );
  for (const g of gifts) {
    expect(g.bank, `gift ${g.number}`).toBe(g.amount);
    if (g.voided !== null) expect(g.voided, `void of gift ${g.number}`).toBe(-g.amount);
  }

  // Share payments not yet turned into shares are never negative.
  const owed = all<{ balance: number }>(
    db,
    `SELECT -coalesce(sum(l.amount_cents), 0) AS balance FROM treasury_lines l JOIN treasury_accounts a ON a.id = l.account_id
     WHERE a.code = 'Liabilities:Subscriptions:Received'`,
  );
  expect(owed[0]!.balance).toBeGreaterThanOrEqual(0);
}

/** What a gift must never change: shares, memberships, votes. */
export function shareState(db: Db): string {
  return JSON.stringify([
    all(
      db,
      'SELECT membership_id, share_class_id, sum(quantity) AS q FROM treasury_share_operations GROUP BY 1, 2 ORDER BY 1, 2',
    ),
    all(db, 'SELECT id, status FROM treasury_memberships ORDER BY id'),
    all(db, 'SELECT count(*) AS n FROM treasury_certificates'),
  ]);
}
