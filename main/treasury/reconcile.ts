import type { Db } from '../store/store.js';
import { ruleViolation } from '../kernel/errors.js';
import { formatCents } from './money.js';
import type { EntryKind } from './journal.js';
import { sql } from './sql.js';

/**
 * Control accounts: accounts whose balance is the total of a sub-ledger (the share register, the subscriptions,
 * the loan book, the gift records). Only their own service may post to them — a manual journal entry or another
 * service's entry would make the books drift from the records they summarise. `verify-ledger` then checks, entry
 * by entry, that each control account moved exactly as its sub-ledger says.
 */
interface Control {
  matches: (code: string) => boolean;
  /** Which records keep it, in words. */
  keeper: string;
  /** Where a person records such a movement instead. */
  instead: string;
  kinds: readonly EntryKind[];
}

const CONTROLS: readonly Control[] = [
  {
    matches: (c) => c.startsWith('Equity:Shares:'),
    keeper: 'the share register',
    instead: 'record a share payment, transfer, redemption or register correction under Members',
    kinds: ['share-issue', 'share-transfer', 'share-redeem', 'share-correction'],
  },
  {
    matches: (c) => c === 'Liabilities:Subscriptions:Received',
    keeper: 'the share subscriptions',
    instead: 'record the share payment under Record money',
    kinds: ['share-payment', 'share-issue'],
  },
  {
    matches: (c) => c.startsWith('Liabilities:Loans:'),
    keeper: 'the loan book',
    instead: 'record the money received, repayment or forgiveness on the loan under Loans',
    kinds: ['loan-disbursement', 'loan-repayment', 'loan-forgiveness'],
  },
  {
    matches: (c) => c === 'Liabilities:InterestPayable',
    keeper: 'the loan book (interest accrued)',
    instead: 'accrue interest or record a repayment under Loans',
    kinds: ['loan-interest', 'loan-repayment'],
  },
  {
    matches: (c) => c.startsWith('Income:Contributions:'),
    keeper: 'the gift records',
    instead: 'record the gift (or void it) under Gifts',
    kinds: ['gift', 'gift-in-kind'],
  },
  {
    matches: (c) => c === 'Income:JobFees',
    keeper: 'the job payments',
    instead: 'record the job’s payment under Record money',
    kinds: ['job-payment'],
  },
  {
    matches: (c) => c === 'Income:Sales:Production',
    keeper: 'production’s distributions',
    instead: 'record the sale as a distribution of its production run',
    kinds: ['production-sale'],
  },
  {
    matches: (c) => c === 'Assets:Inventory',
    keeper: 'the stock lots at cost',
    instead: 'record the QC check, distribution, damage or count of the stock under Production',
    kinds: ['production-inventory'],
  },
];

export const controlOf = (code: string): Control | undefined => CONTROLS.find((c) => c.matches(code));

/**
 * Refuses an entry of `kind` that touches a control account its service does not own. A reversal counts as the
 * kind it reverses (voiding a gift reverses the gift's entry through the gift records).
 */
export function assertControlAccounts(
  kind: EntryKind,
  reversedKind: string | null,
  accounts: readonly string[],
): void {
  const effective = kind === 'reversal' && reversedKind !== null ? reversedKind : kind;
  for (const account of accounts) {
    const control = controlOf(account);
    if (control !== undefined && !(control.kinds as readonly string[]).includes(effective)) {
      throw ruleViolation(
        `${account} is kept by ${control.keeper}, so a ${effective === 'manual' ? 'journal' : effective} entry cannot post to it; ${control.instead}.`,
        { account },
      );
    }
  }
}

export interface Disagreement {
  number: number;
  reason: string;
}

type Moves = Map<number, Map<string, number>>;

function add(m: Moves, entryId: number | null, account: string, amount: number): void {
  if (entryId === null || amount === 0) return;
  const byAccount = m.get(entryId) ?? new Map<string, number>();
  byAccount.set(account, (byAccount.get(account) ?? 0) + amount);
  m.set(entryId, byAccount);
}

const LOAN_ACCOUNT: Record<string, string> = {
  pri: 'Liabilities:Loans:PRI',
  'non-extractive': 'Liabilities:Loans:NonExtractive',
  'member-loan': 'Liabilities:Loans:Member',
};

/** What each sub-ledger says every entry did to its control accounts (journal sign: debit positive). */
function subLedgerMoves(db: Db): { moves: Moves; keeperOf: (account: string) => string } {
  const moves: Moves = new Map();
  for (const op of sql(
    db,
    `SELECT o.entry_id, o.quantity, o.subscription_id, o.kind, sc.par_cents, a.code
       FROM treasury_share_operations o JOIN treasury_share_classes sc ON sc.id = o.share_class_id
       JOIN treasury_accounts a ON a.id = sc.equity_account_id`,
  ).all() as {
    entry_id: number;
    quantity: number;
    subscription_id: number | null;
    kind: string;
    par_cents: number;
    code: string;
  }[]) {
    add(moves, op.entry_id, op.code, -op.quantity * op.par_cents);
    if (op.kind === 'issue' && op.subscription_id !== null)
      add(moves, op.entry_id, 'Liabilities:Subscriptions:Received', op.quantity * op.par_cents);
  }
  for (const p of sql(db, 'SELECT entry_id, amount_cents FROM treasury_share_payments').all() as {
    entry_id: number;
    amount_cents: number;
  }[])
    add(moves, p.entry_id, 'Liabilities:Subscriptions:Received', -p.amount_cents);
  for (const ev of sql(
    db,
    `SELECT ev.entry_id, ev.kind, ev.principal_cents, l.kind AS loan_kind
       FROM treasury_loan_events ev JOIN treasury_loans l ON l.id = ev.loan_id`,
  ).all() as { entry_id: number; kind: string; principal_cents: number; loan_kind: string }[]) {
    const account = LOAN_ACCOUNT[ev.loan_kind] ?? `Liabilities:Loans:${ev.loan_kind}`;
    add(moves, ev.entry_id, account, ev.kind === 'disbursement' ? -ev.principal_cents : ev.principal_cents);
  }
  for (const a of sql(db, 'SELECT entry_id, interest_cents FROM treasury_loan_accruals').all() as {
    entry_id: number;
    interest_cents: number;
  }[])
    add(moves, a.entry_id, 'Liabilities:InterestPayable', -a.interest_cents);
  for (const g of sql(
    db,
    `SELECT g.kind, g.entry_id, g.voided_entry_id, g.amount_cents, g.return_value_cents, f.restriction
       FROM treasury_gifts g JOIN treasury_funds f ON f.id = g.fund_id WHERE g.kind = 'cash'`,
  ).all() as {
    entry_id: number;
    voided_entry_id: number | null;
    amount_cents: number;
    return_value_cents: number;
    restriction: string;
  }[]) {
    const account =
      g.restriction === 'unrestricted'
        ? 'Income:Contributions:WithoutDonorRestrictions'
        : 'Income:Contributions:WithDonorRestrictions';
    const income = g.amount_cents - g.return_value_cents;
    add(moves, g.entry_id, account, -income);
    add(moves, g.voided_entry_id, account, income);
  }
  for (const p of sql(db, 'SELECT entry_id, amount_cents FROM treasury_job_payments').all() as {
    entry_id: number;
    amount_cents: number;
  }[])
    add(moves, p.entry_id, 'Income:JobFees', -p.amount_cents);
  // A sale is a distribution with a price: its total is what the sale entry credits to production sales. (Sales
  // recorded before migration 040 were plain entries to Income:Services; their chained entries stay as they were.)
  for (const d of sql(
    db,
    `SELECT d.journal_entry_id, d.total_cents FROM production_distributions d
       JOIN treasury_entries e ON e.id = d.journal_entry_id WHERE e.kind <> 'manual'`,
  ).all() as { journal_entry_id: number; total_cents: number }[])
    add(moves, d.journal_entry_id, 'Income:Sales:Production', -d.total_cents);
  for (const p of sql(
    db,
    'SELECT entry_id, quantity, unit_cents FROM production_inventory_postings',
  ).all() as {
    entry_id: number;
    quantity: number;
    unit_cents: number;
  }[])
    add(moves, p.entry_id, 'Assets:Inventory', p.quantity * p.unit_cents);
  return { moves, keeperOf: (account) => controlOf(account)?.keeper ?? 'its records' };
}

/**
 * Entries whose control-account lines are taken as the sub-ledger's own word: a repayment's split of interest
 * between payable and expense, and an in-kind gift's book value, are recorded only in their entries (the
 * records link to them). Any other entry touching these accounts is a disagreement.
 */
function linkedOnly(db: Db): Map<string, Set<number>> {
  const ids = (text: string) =>
    new Set((sql(db, text).all() as { id: number | null }[]).map((r) => r.id ?? -1));
  return new Map([
    [
      'Liabilities:InterestPayable',
      ids("SELECT entry_id AS id FROM treasury_loan_events WHERE kind = 'repayment'"),
    ],
    [
      'Income:Contributions:InKind',
      new Set([
        ...ids("SELECT entry_id AS id FROM treasury_gifts WHERE kind = 'in-kind'"),
        ...ids("SELECT voided_entry_id AS id FROM treasury_gifts WHERE kind = 'in-kind'"),
      ]),
    ],
  ]);
}

/**
 * Walks the journal in number order and compares, entry by entry, what it did to each control account with what
 * the sub-ledgers (register, subscriptions, loan book, gifts, job payments, production sales, stock at cost) recorded for that entry. The first entry where they
 * differ is named, with the account and both amounts; null when every control account agrees with its records.
 */
export function reconcileSubLedgers(db: Db): Disagreement | null {
  const { moves, keeperOf } = subLedgerMoves(db);
  const linked = linkedOnly(db);
  const actual: Moves = new Map();
  const lines = sql(
    db,
    `SELECT l.entry_id, a.code, l.amount_cents FROM treasury_lines l JOIN treasury_accounts a ON a.id = l.account_id`,
  ).all() as { entry_id: number; code: string; amount_cents: number }[];
  for (const l of lines) if (controlOf(l.code) !== undefined) add(actual, l.entry_id, l.code, l.amount_cents);
  const entries = sql(db, 'SELECT id, number FROM treasury_entries ORDER BY number').all() as {
    id: number;
    number: number;
  }[];
  for (const e of entries) {
    const journal = actual.get(e.id) ?? new Map<string, number>();
    const records = moves.get(e.id) ?? new Map<string, number>();
    for (const account of new Set([...journal.keys(), ...records.keys()])) {
      const j = journal.get(account) ?? 0;
      const r = records.get(account);
      if (r === undefined && linked.get(account)?.has(e.id) === true) continue;
      if (r === undefined && j !== 0 && linked.has(account))
        return {
          number: e.number,
          reason: `it moves ${account} by ${formatCents(Math.abs(j))}, but ${keeperOf(account)} has no record of it`,
        };
      if (j !== (r ?? 0)) {
        const say = (v: number) =>
          v === 0 ? 'nothing' : `${formatCents(Math.abs(v))} ${v < 0 ? 'credit' : 'debit'}`;
        return {
          number: e.number,
          reason: `${account} disagrees with ${keeperOf(account)}: the journal moves it ${say(j)}, the records ${say(r ?? 0)}`,
        };
      }
    }
  }
  return reconcileStockAtCost(db);
}

/**
 * Stock at cost: for each lot on the books (one with a unit cost), its units on hand × its unit cost must equal
 * what the journal holds in Assets:Inventory for that lot's postings. Names the first lot (lowest id) that differs,
 * with both amounts, at its latest posted entry; a stock move added or a cost changed outside the service shows here.
 */
function reconcileStockAtCost(db: Db): Disagreement | null {
  const lots = sql(
    db,
    `SELECT c.lot_id, c.unit_cents,
       (SELECT coalesce(sum(m.quantity), 0) FROM production_stock_moves m WHERE m.lot_id = c.lot_id) AS on_hand,
       (SELECT coalesce(sum(l.amount_cents), 0) FROM production_inventory_postings p
          JOIN treasury_lines l ON l.entry_id = p.entry_id
          JOIN treasury_accounts a ON a.id = l.account_id AND a.code = 'Assets:Inventory'
        WHERE p.lot_id = c.lot_id) AS booked,
       (SELECT max(e.number) FROM production_inventory_postings p JOIN treasury_entries e ON e.id = p.entry_id
        WHERE p.lot_id = c.lot_id) AS last_number
     FROM production_lot_costs c ORDER BY c.lot_id`,
  ).all() as {
    lot_id: number;
    unit_cents: number;
    on_hand: number;
    booked: number;
    last_number: number | null;
  }[];
  for (const lot of lots) {
    const atCost = lot.on_hand * lot.unit_cents;
    if (atCost !== lot.booked)
      return {
        number: lot.last_number ?? 0,
        reason:
          `lot ${lot.lot_id} holds ${lot.on_hand} on hand × ${formatCents(lot.unit_cents)} = ${formatCents(atCost)} at cost, ` +
          `but Assets:Inventory holds ${formatCents(lot.booked)} for it`,
      };
  }
  return null;
}
