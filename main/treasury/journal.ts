import { createHash } from 'node:crypto';
import type { Db, WriteTx } from '../store/store.js';
import { DeskError, notFound, ruleViolation } from '../kernel/errors.js';
import { formatCents } from './money.js';
import { sql } from './sql.js';
import { closedBooksOn } from './periods.js';
import { assertControlAccounts, reconcileSubLedgers } from './reconcile.js';
import { labToday } from '../kernel/lab-time.js';
import { chainHeadOf, checkAnchors, firstFinding, readAnchors, type ChainHead } from './anchors.js';

/** The first entry's `prev_hash`: 64 zeros, so every entry has a predecessor hash of the same shape. */
export const GENESIS_HASH = '0'.repeat(64);

export type EntryKind =
  | 'share-payment'
  | 'share-issue'
  | 'share-transfer'
  | 'share-redeem'
  | 'share-correction'
  | 'gift'
  | 'gift-in-kind'
  | 'loan-disbursement'
  | 'loan-repayment'
  | 'loan-forgiveness'
  | 'loan-interest'
  | 'job-payment'
  | 'production-sale'
  | 'production-inventory'
  | 'reversal'
  | 'manual';

export interface LineInput {
  account: string;
  amount: number;
  fundId?: number | null | undefined;
  partyId?: number | null | undefined;
  memo?: string | null | undefined;
}

export interface EntryInput {
  date: string;
  memo: string;
  kind: EntryKind;
  partyId?: number | null | undefined;
  trancheId?: number | null | undefined;
  lines: readonly LineInput[];
}

export interface PostedLine {
  lineNo: number;
  account: string;
  amount: number;
  fundId: number | null;
  partyId: number | null;
  memo: string | null;
}

export interface PostedEntry {
  id: number;
  number: number;
  date: string;
  memo: string;
  kind: string;
  partyId: number | null;
  trancheId: number | null;
  reversesId: number | null;
  reversedById: number | null;
  postedAt: string;
  postedBy: number | null;
  prevHash: string;
  hash: string;
  lines: PostedLine[];
}

interface EntryRow {
  id: number;
  number: number;
  date: string;
  memo: string;
  kind: string;
  party_id: number | null;
  tranche_id: number | null;
  reverses_id: number | null;
  line_count: number;
  posted_at: string;
  posted_by: number | null;
  prev_hash: string;
  hash: string;
}

interface LineRow {
  entry_id: number;
  line_no: number;
  account: string;
  amount_cents: number;
  fund_id: number | null;
  party_id: number | null;
  memo: string | null;
}

/**
 * The bytes an entry's hash covers: every field a reader relies on, in a fixed array order (JSON of arrays has
 * no key-order ambiguity), including the previous hash so that changing any earlier entry breaks every later one.
 */
export function canonicalEntry(
  e: Omit<EntryRow, 'id' | 'hash' | 'line_count'>,
  lines: readonly Omit<LineRow, 'entry_id'>[],
): string {
  return JSON.stringify([
    'cp-desk-journal/1',
    e.number,
    e.date,
    e.memo,
    e.kind,
    e.party_id,
    e.tranche_id,
    e.reverses_id,
    e.posted_at,
    e.posted_by,
    e.prev_hash,
    lines.map((l) => [l.line_no, l.account, l.amount_cents, l.fund_id, l.party_id, l.memo]),
  ]);
}

export const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export function assertBusinessDate(date: string, field = 'date'): void {
  if (
    !DATE.test(date) ||
    Number.isNaN(Date.parse(`${date}T00:00:00Z`)) ||
    new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date
  ) {
    throw new DeskError('INVALID_INPUT', `${date} is not a calendar date (YYYY-MM-DD).`, { field });
  }
}

function accountIds(db: Db): Map<string, { id: number; active: boolean }> {
  const rows = sql(db, 'SELECT id, code, active FROM treasury_accounts').all() as {
    id: number;
    code: string;
    active: number;
  }[];
  return new Map(rows.map((r) => [r.code, { id: r.id, active: r.active === 1 }]));
}

function checkLines(db: Db, input: EntryInput): Map<string, { id: number; active: boolean }> {
  if (input.lines.length < 2) throw ruleViolation('A journal entry needs at least two lines.');
  const accounts = accountIds(db);
  let sum = 0;
  for (const [i, line] of input.lines.entries()) {
    if (!Number.isSafeInteger(line.amount) || line.amount === 0) {
      throw new DeskError('INVALID_INPUT', `Line ${i + 1}: amounts are whole, non-zero numbers of cents.`);
    }
    const account = accounts.get(line.account);
    if (account === undefined) throw notFound('Account', line.account);
    if (!account.active) throw ruleViolation(`The account ${line.account} is closed to new entries.`);
    sum += line.amount;
  }
  if (sum !== 0) {
    throw ruleViolation(
      `This entry does not balance: its debits and credits differ by ${formatCents(Math.abs(sum))}.`,
      { sum },
    );
  }
  return accounts;
}

/**
 * A day money can be recorded on: not in closed books, and not after the lab's today (lab-clock.ts) — nothing is
 * booked before it happens. Every record with a money date passes here (postEntry, and records without an entry).
 */
export function assertOpenDay(tx: WriteTx, date: string): void {
  assertBusinessDate(date);
  const closed = closedBooksOn(tx.db, date);
  if (closed !== null) throw ruleViolation(closed, { date });
  const today = labToday(tx.db, tx.at);
  if (date > today)
    throw ruleViolation(
      `${date} is after today (${today} where the lab is); record it on the day it happens or later.`,
      {
        date,
      },
    );
}

/**
 * Posts one balanced entry, chained to the last one. Refused (nothing written) when it has fewer than two lines,
 * does not sum to zero, names an unknown account, or is dated in closed books. The triggers enforce the same rules.
 */
export function postEntry(tx: WriteTx, input: EntryInput, reversesId: number | null = null): PostedEntry {
  assertBusinessDate(input.date);
  if (input.memo.trim() === '')
    throw new DeskError('INVALID_INPUT', 'A journal entry needs a memo saying what happened.');
  assertOpenDay(tx, input.date);
  const accounts = checkLines(tx.db, input);
  const reversedKind =
    reversesId === null
      ? null
      : ((
          sql(tx.db, 'SELECT kind FROM treasury_entries WHERE id = ?').get(reversesId) as
            { kind: string } | undefined
        )?.kind ?? null);
  assertControlAccounts(
    input.kind,
    reversedKind,
    input.lines.map((l) => l.account),
  );
  const number = tx.nextNumber('treasury.entry');
  const last = sql(tx.db, 'SELECT number, hash FROM treasury_entries ORDER BY number DESC LIMIT 1').get() as
    { number: number; hash: string } | undefined;
  if ((last?.number ?? 0) !== number - 1) throw new Error(`journal numbering out of step at ${number}`);
  const header = {
    number,
    date: input.date,
    memo: input.memo.trim(),
    kind: input.kind,
    party_id: input.partyId ?? null,
    tranche_id: input.trancheId ?? null,
    reverses_id: reversesId,
    posted_at: tx.at,
    posted_by: tx.actor,
    prev_hash: last?.hash ?? GENESIS_HASH,
  };
  const lines = input.lines.map((l, i) => ({
    line_no: i + 1,
    account: l.account,
    amount_cents: l.amount,
    fund_id: l.fundId ?? null,
    party_id: l.partyId ?? null,
    memo: l.memo ?? null,
  }));
  const hash = sha256(canonicalEntry(header, lines));
  const { lastInsertRowid } = sql(
    tx.db,
    `INSERT INTO treasury_entries (number, date, memo, kind, party_id, tranche_id, reverses_id, line_count,
         posted_at, posted_by, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    header.number,
    header.date,
    header.memo,
    header.kind,
    header.party_id,
    header.tranche_id,
    header.reverses_id,
    lines.length,
    header.posted_at,
    header.posted_by,
    header.prev_hash,
    hash,
  );
  const id = Number(lastInsertRowid);
  const insertLine = sql(
    tx.db,
    'INSERT INTO treasury_lines (entry_id, line_no, account_id, amount_cents, fund_id, party_id, memo) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  for (const l of lines) {
    insertLine.run(id, l.line_no, accounts.get(l.account)!.id, l.amount_cents, l.fund_id, l.party_id, l.memo);
  }
  // The audit row repeats the hash: rewriting the whole chain from some point on would still disagree with it.
  tx.audit('treasury.entry', number, 'post', null, {
    number,
    date: header.date,
    memo: header.memo,
    kind: header.kind,
    hash,
  });
  return getEntry(tx.db, id);
}

/** Posts the mirror image of an entry (every amount negated), dated `date`; an entry can be reversed once. */
export function reverseEntry(tx: WriteTx, entryId: number, date: string, memo: string): PostedEntry {
  const original = getEntry(tx.db, entryId);
  if (original.reversesId !== null)
    throw ruleViolation(`Entry ${original.number} is itself a reversal; post a new entry instead.`);
  if (original.reversedById !== null)
    throw ruleViolation(`Entry ${original.number} has already been reversed.`);
  return postEntry(
    tx,
    {
      date,
      memo: memo.trim() === '' ? `Reversal of entry ${original.number}` : memo,
      kind: 'reversal',
      partyId: original.partyId,
      trancheId: original.trancheId,
      lines: original.lines.map((l) => ({
        account: l.account,
        amount: -l.amount,
        fundId: l.fundId,
        partyId: l.partyId,
        memo: l.memo,
      })),
    },
    original.id,
  );
}

const SELECT_LINES = `SELECT l.entry_id, l.line_no, a.code AS account, l.amount_cents, l.fund_id, l.party_id, l.memo
  FROM treasury_lines l JOIN treasury_accounts a ON a.id = l.account_id`;

function toEntry(row: EntryRow, lines: LineRow[], reversedById: number | null): PostedEntry {
  return {
    id: row.id,
    number: row.number,
    date: row.date,
    memo: row.memo,
    kind: row.kind,
    partyId: row.party_id,
    trancheId: row.tranche_id,
    reversesId: row.reverses_id,
    reversedById,
    postedAt: row.posted_at,
    postedBy: row.posted_by,
    prevHash: row.prev_hash,
    hash: row.hash,
    lines: lines.map((l) => ({
      lineNo: l.line_no,
      account: l.account,
      amount: l.amount_cents,
      fundId: l.fund_id,
      partyId: l.party_id,
      memo: l.memo,
    })),
  };
}

export function getEntry(db: Db, id: number): PostedEntry {
  const row = sql(db, 'SELECT * FROM treasury_entries WHERE id = ?').get(id) as EntryRow | undefined;
  if (row === undefined) throw notFound('Journal entry', id);
  const lines = sql(db, `${SELECT_LINES} WHERE l.entry_id = ? ORDER BY l.line_no`).all(id) as LineRow[];
  const rev = sql(db, 'SELECT id FROM treasury_entries WHERE reverses_id = ?').get(id) as
    { id: number } | undefined;
  return toEntry(row, lines, rev?.id ?? null);
}

/** Entries in number order, optionally within dates; lines included. */
export function listEntries(
  db: Db,
  range: { from?: string | undefined; to?: string | undefined } = {},
): PostedEntry[] {
  const rows = sql(
    db,
    `SELECT * FROM treasury_entries WHERE (@from IS NULL OR date >= @from) AND (@to IS NULL OR date <= @to) ORDER BY number`,
  ).all({ from: range.from ?? null, to: range.to ?? null }) as EntryRow[];
  const lines = sql(db, `${SELECT_LINES} ORDER BY l.entry_id, l.line_no`).all() as LineRow[];
  const byEntry = new Map<number, LineRow[]>();
  for (const l of lines) byEntry.set(l.entry_id, [...(byEntry.get(l.entry_id) ?? []), l]);
  const reversed = new Map(
    (
      sql(db, 'SELECT id, reverses_id FROM treasury_entries WHERE reverses_id IS NOT NULL').all() as {
        id: number;
        reverses_id: number;
      }[]
    ).map((r) => [r.reverses_id, r.id]),
  );
  return rows.map((r) => toEntry(r, byEntry.get(r.id) ?? [], reversed.get(r.id) ?? null));
}

export interface LedgerVerification {
  ok: boolean;
  entries: number;
  lastHash: string;
  firstBroken?: { number: number; upTo?: number; reason: string };
}

/**
 * Walks the journal in number order and checks, for each entry: the number follows on, it points at the previous
 * hash, its own hash matches its contents, it has at least two lines summing to zero, and the audit trail
 * recorded the same hash when it was posted; then that each control account (shares, subscriptions, loans, interest
 * payable, contributions) moved, entry by entry, exactly as its sub-ledger recorded (reconcile.ts). Reads only; safe on a copy of someone else's data directory.
 */
export function verifyLedger(db: Db): LedgerVerification {
  const rows = sql(db, 'SELECT * FROM treasury_entries ORDER BY number').all() as EntryRow[];
  const lines = sql(db, `${SELECT_LINES} ORDER BY l.entry_id, l.line_no`).all() as LineRow[];
  const byEntry = new Map<number, LineRow[]>();
  for (const l of lines) byEntry.set(l.entry_id, [...(byEntry.get(l.entry_id) ?? []), l]);
  const audited = new Map<string, string>();
  for (const a of sql(
    db,
    "SELECT entity_id, after_json FROM audit_log WHERE entity = 'treasury.entry' AND action = 'post'",
  ).all() as { entity_id: string; after_json: string | null }[]) {
    const parsed = JSON.parse(a.after_json ?? '{}') as { hash?: unknown };
    if (typeof parsed.hash === 'string') audited.set(a.entity_id, parsed.hash);
  }
  let prev = GENESIS_HASH;
  let expected = 1;
  const broken = (number: number, reason: string): LedgerVerification => ({
    ok: false,
    entries: rows.length,
    lastHash: prev,
    firstBroken: { number, reason },
  });
  for (const row of rows) {
    if (row.number !== expected)
      return broken(expected, `entry ${expected} is missing (found ${row.number} next)`);
    const own = byEntry.get(row.id) ?? [];
    if (own.length < 2 || own.length !== row.line_count) {
      return broken(row.number, `has ${own.length} lines where ${row.line_count} were posted`);
    }
    const sum = own.reduce((s, l) => s + l.amount_cents, 0);
    if (sum !== 0 || own.some((l) => !Number.isSafeInteger(l.amount_cents))) {
      return broken(row.number, `does not balance (lines sum to ${sum} cents)`);
    }
    if (row.prev_hash !== prev)
      return broken(row.number, 'does not point at the previous entry (chain broken)');
    if (sha256(canonicalEntry(row, own)) !== row.hash)
      return broken(row.number, 'its contents no longer match its hash');
    if (audited.get(String(row.number)) !== row.hash) {
      return broken(row.number, 'its hash differs from the one the audit trail recorded when it was posted');
    }
    prev = row.hash;
    expected += 1;
  }
  const seq = sql(db, "SELECT last FROM sequences WHERE name = 'treasury.entry'").get() as
    { last: number } | undefined;
  if (seq !== undefined && seq.last >= expected)
    return broken(expected, `entry ${expected} is missing (numbers were issued up to ${seq.last})`);
  // The chain holds; now every control account against the records it summarises.
  const disagreement = reconcileSubLedgers(db);
  if (disagreement !== null) return broken(disagreement.number, disagreement.reason);
  return { ok: true, entries: rows.length, lastHash: prev };
}

export interface AnchoredVerification extends LedgerVerification {
  /** How many anchors kept outside the database were compared. */
  anchorsChecked: number;
  chainHead: ChainHead;
  /** Restores recorded in the anchors file, each with the anchors it retired, in words. */
  notes: string[];
}

/**
 * `verifyLedger`, then the chain against every anchor kept outside the database (the anchors file beside it and
 * the backup manifests): a rewrite that recomputed every hash inside the file still disagrees with them. The
 * earliest finding wins. A damaged anchors file is a finding too (entry 0: it names no entry).
 */
export function verifyLedgerWithAnchors(db: Db, dataDir: string): AnchoredVerification {
  const inner = verifyLedger(db);
  const { anchors, problems, restores } = readAnchors(dataDir);
  const notes = restores.map(
    (r) =>
      `${r.anchor.origin}: restored to entry ${r.anchor.number} on ${r.anchor.at}` +
      (r.retired > 0 ? `; ${r.retired} earlier anchor(s) past it retired` : ''),
  );
  const base = { anchorsChecked: anchors.length, chainHead: chainHeadOf(db), notes };
  const outer = checkAnchors(db, anchors);
  const first = firstFinding([inner.firstBroken, outer]);
  if (first !== undefined) return { ...inner, ...base, ok: false, firstBroken: first };
  if (problems[0] !== undefined)
    return { ...inner, ...base, ok: false, firstBroken: { number: 0, reason: problems[0] } };
  return { ...inner, ...base };
}

/** Balance per account code (debit positive), over entries within the dates. */
export function accountBalances(
  db: Db,
  range: { from?: string | undefined; to?: string | undefined } = {},
): Map<string, number> {
  const rows = sql(
    db,
    `SELECT a.code, coalesce(sum(l.amount_cents), 0) AS total FROM treasury_accounts a
       LEFT JOIN treasury_lines l ON l.account_id = a.id
         AND l.entry_id IN (SELECT id FROM treasury_entries WHERE (@from IS NULL OR date >= @from) AND (@to IS NULL OR date <= @to))
       GROUP BY a.id ORDER BY a.code`,
  ).all({ from: range.from ?? null, to: range.to ?? null }) as { code: string; total: number }[];
  return new Map(rows.map((r) => [r.code, r.total]));
}
