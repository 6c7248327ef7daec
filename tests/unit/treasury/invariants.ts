import { expect } from 'vitest';
import type { Db } from '../../../main/store/store.js';
import { verifyLedger } from '../../../main/treasury/journal.js';
import { cached } from './cached.js';
import { interestEarned, principalEvents } from '../../../main/treasury/interest.js';

const all = <T>(db: Db, sql: string, ...params: unknown[]): T[] => cached(db, sql).all(...params) as T[];

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

  checkInterest(db);
  checkPeriods(db);

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

/** The journal lines of every loan's entries (events and accruals), by loan, with account codes. */
const LOAN_LINES = `WITH loan_entries AS (
    SELECT loan_id, entry_id, kind, principal_cents, interest_cents FROM treasury_loan_events
    UNION ALL SELECT loan_id, entry_id, 'interest-accrual', 0, interest_cents FROM treasury_loan_accruals)
  SELECT le.loan_id, le.entry_id, le.kind, le.principal_cents AS principal, le.interest_cents AS interest, lo.kind AS loan_kind,
    sum(CASE WHEN a.code = 'Expenses:Interest' THEN l.amount_cents ELSE 0 END) AS expense,
    sum(CASE WHEN a.code = 'Liabilities:InterestPayable' THEN l.amount_cents ELSE 0 END) AS payable,
    sum(CASE WHEN a.code = 'Assets:Bank:Operating' THEN l.amount_cents ELSE 0 END) AS bank,
    sum(CASE WHEN a.code LIKE 'Liabilities:Loans:%' THEN l.amount_cents ELSE 0 END) AS loan,
    count(*) AS lines
  FROM loan_entries le JOIN treasury_loans lo ON lo.id = le.loan_id
  JOIN treasury_lines l ON l.entry_id = le.entry_id JOIN treasury_accounts a ON a.id = l.account_id
  GROUP BY le.loan_id, le.entry_id ORDER BY le.loan_id, le.entry_id`;

/** Interest: accruals, repayments and the interest payable account tell one story, per loan and in total. */
function checkInterest(db: Db): void {
  const rows = all<{
    loan_id: number;
    entry_id: number;
    kind: string;
    principal: number;
    interest: number;
    expense: number;
    payable: number;
    bank: number;
    loan: number;
    lines: number;
  }>(db, LOAN_LINES);
  const payable = new Map<number, number>();
  for (const r of rows) {
    const where = `loan ${r.loan_id}, entry ${r.entry_id} (${r.kind})`;
    if (r.kind === 'interest-accrual') {
      // Exactly one debit to interest expense and one credit to interest payable, of the accrual's amount.
      expect([r.lines, r.expense, r.payable], where).toEqual([2, r.interest, -r.interest]);
    } else if (r.kind === 'repayment') {
      // Principal to the loan, interest to payable and/or expense, all of it from the bank.
      expect([r.loan, r.payable + r.expense, r.bank], where).toEqual([
        r.principal,
        r.interest,
        -(r.principal + r.interest),
      ]);
    } else expect([r.expense, r.payable], where).toEqual([0, 0]);
    // Per loan, interest payable never goes below zero, entry after entry.
    const now = (payable.get(r.loan_id) ?? 0) - r.payable;
    expect(now, `interest payable, ${where}`).toBeGreaterThanOrEqual(0);
    payable.set(r.loan_id, now);
  }
  // The loans' shares make the whole account.
  const account = all<{ b: number }>(
    db,
    `SELECT -coalesce(sum(l.amount_cents), 0) AS b FROM treasury_lines l JOIN treasury_accounts a ON a.id = l.account_id
     WHERE a.code = 'Liabilities:InterestPayable'`,
  )[0]!.b;
  expect(account, 'Liabilities:InterestPayable').toBe([...payable.values()].reduce((s, v) => s + v, 0));

  // A closed year carries all the interest its loans earned in it (accrued when it was closed, or before).
  const closed = all<{ name: string; ends_on: string }>(
    db,
    'SELECT name, ends_on FROM treasury_periods WHERE closed_at IS NOT NULL',
  );
  if (closed.length === 0) return;
  const loans = all<{ id: number; rate_bp: number }>(
    db,
    'SELECT id, rate_bp FROM treasury_loans WHERE rate_bp > 0',
  );
  for (const p of closed) {
    for (const loan of loans) {
      const earned = interestEarned(principalEvents(db, loan.id, p.ends_on), loan.rate_bp, p.ends_on);
      const expensed = all<{ e: number }>(
        db,
        `SELECT coalesce(sum(l.amount_cents), 0) AS e FROM treasury_lines l JOIN treasury_accounts a ON a.id = l.account_id
         JOIN treasury_entries e ON e.id = l.entry_id
         WHERE a.code = 'Expenses:Interest' AND e.date <= ? AND l.entry_id IN (
           SELECT entry_id FROM treasury_loan_events WHERE loan_id = ? UNION ALL
           SELECT entry_id FROM treasury_loan_accruals WHERE loan_id = ?)`,
        p.ends_on,
        loan.id,
        loan.id,
      )[0]!.e;
      expect(expensed, `interest of loan ${loan.id} in ${p.name}`).toBeGreaterThanOrEqual(earned);
    }
  }
}

/** Closed years tile the calendar in order, and nothing was ever posted into them after they closed. */
function checkPeriods(db: Db): void {
  const closed = all<{ name: string; starts_on: string; ends_on: string }>(
    db,
    'SELECT name, starts_on, ends_on FROM treasury_periods WHERE closed_at IS NOT NULL ORDER BY starts_on',
  );
  closed.forEach((p, i) => {
    expect(p.starts_on <= p.ends_on, p.name).toBe(true);
    expect(p.name, 'named by the year it ends in').toBe(`FY${p.ends_on.slice(0, 4)}`);
    if (i > 0)
      expect(p.starts_on, `${p.name} starts the day after ${closed[i - 1]!.name}`).toBe(
        new Date(Date.parse(`${closed[i - 1]!.ends_on}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10),
      );
  });
  const late = all<{ number: number; date: string; period: string }>(
    db,
    `SELECT e.number, e.date, c.entity_id AS period FROM audit_log c
     JOIN treasury_periods p ON p.name = c.entity_id
     JOIN audit_log a ON a.entity = 'treasury.entry' AND a.action = 'post' AND a.id > c.id
     JOIN treasury_entries e ON e.number = CAST(a.entity_id AS INTEGER)
     WHERE c.entity = 'treasury.period' AND c.action = 'close' AND e.date <= p.ends_on`,
  );
  expect(late, 'entries posted into closed books').toEqual([]);
}
