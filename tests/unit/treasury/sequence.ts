import { expect } from 'vitest';
import { addDays } from '../../../main/treasury/schedule.js';
import { apply, type Op } from './operations.js';
import { checkInvariants, shareState } from './invariants.js';
import { openTreasuryStore, type TreasuryStore } from './store-helper.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { cached } from './cached.js';

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
  'treasury_periods',
  'audit_log',
  'settings',
];

const FINGERPRINT = `SELECT ${TABLES.map((t) => `(SELECT count(*) FROM ${t}) AS ${t}`).join(', ')},
  (SELECT group_concat(name || '=' || last, ',') FROM (SELECT name, last FROM sequences ORDER BY name)) AS sequences,
  (SELECT group_concat(name || '=' || coalesce(closed_at, ''), ',') FROM treasury_periods) AS periods`;

function fingerprint(s: TreasuryStore): string {
  return JSON.stringify(cached(s.store.db, FINGERPRINT).get());
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

let dir: ReturnType<typeof tempDir> | undefined;
/** One data directory for this file's sequences, which run one after another. */
function sequenceDir(): string {
  if (dir === undefined) {
    dir = tempDir('cp-desk-treasury-sequences-');
    process.once('exit', () => dir?.remove());
  }
  return dir.path;
}

let shared: { s: TreasuryStore; pristine: string } | undefined;
/** This file's one database for sequences run inside a savepoint (opened once, closed when the process ends). */
function sharedStore(): { s: TreasuryStore; pristine: string } {
  if (shared === undefined) {
    // Its own directory: 'file' sequences copy a fresh file into sequenceDir() while this one stays open.
    const s = openTreasuryStore('2027-06-01T12:00:00.000Z', { fast: true });
    shared = { s, pristine: fingerprint(s) };
    process.once('exit', () => shared?.s.close());
  }
  return shared;
}

export interface SequenceOptions {
  /** Called after every step (with whether it was refused). */
  afterEach?: (s: TreasuryStore, op: Op, refused: boolean, date: string) => void;
  /** Called once the sequence has run and the invariants hold, before the store is closed. */
  then?: (s: TreasuryStore) => void;
  /** Days between two steps' business dates (1: one step a day from 2026-01-01). */
  stride?: number;
  /** The store's clock (the instant every write is stamped with; years close only once they have ended). */
  now?: string;
  /**
   * Where the sequence runs:
   * - 'savepoint' (default): in this file's one database, inside `SAVEPOINT sequence`, rolled back afterwards (and
   *   checked to be back to the pristine state). Every step is still its own `store.write` through the real
   *   services: better-sqlite3 turns its BEGIN IMMEDIATE/COMMIT into a nested SAVEPOINT/RELEASE, and a refused
   *   step rolls back to it exactly as a transaction would. Triggers, CHECKs, foreign keys (all immediate; the
   *   schema defers none), gapless sequences and every read see what they would see after real commits. What is
   *   not exercised is the commit itself (WAL append) — the 'file' sequences below and the store's own tests do.
   *   It saves the fresh file, connection and statement compilation each sequence would otherwise cost (≈ 7 of
   *   ≈ 10 ms), so the properties can run thousands of sequences.
   * - 'file': a fresh copy of the migrated file, its own connection, each step really committed.
   */
  isolation?: 'savepoint' | 'file';
}

/**
 * Runs the seed steps and then `ops`, one write transaction each, through the real services on a real SQLite
 * database with every migration (see `isolation`), checking after each step that a refusal left nothing behind
 * and that gifts never touched shares or votes, and at the end every invariant of the books.
 */
export function runSequence(ops: Op[], options: SequenceOptions = {}): void {
  const now = options.now ?? '2027-06-01T12:00:00.000Z';
  if (options.isolation === 'file') {
    const s = openTreasuryStore(now, { fast: true, dir: sequenceDir() });
    try {
      steps(s, ops, options);
    } finally {
      s.close();
    }
    return;
  }
  const { s, pristine } = sharedStore();
  s.clock.set(now);
  s.store.db.exec('SAVEPOINT sequence');
  try {
    steps(s, ops, options);
  } finally {
    s.store.db.exec('ROLLBACK TO sequence; RELEASE sequence');
  }
  expect(fingerprint(s), 'the savepoint rolled the whole sequence back').toBe(pristine);
}

function steps(s: TreasuryStore, ops: Op[], options: SequenceOptions): void {
  [...seedOps, ...ops].forEach((op, i) => {
    const before = fingerprint(s);
    const touchesGifts = ['gift', 'inkind', 'void', 'ack'].includes(op.t);
    const shares = touchesGifts ? shareState(s.store.db) : '';
    const date = addDays('2026-01-01', i * (options.stride ?? 1));
    const result = apply(s, op, date);
    // A refusal changes nothing: no row, no audit line, no number taken.
    if (result.refused && fingerprint(s) !== before)
      expect(fingerprint(s), `${op.t} refused (${result.message ?? ''}) but changed something`).toBe(before);
    // A gift, in cash or in kind, or its void or acknowledgment, never creates (or removes) shares or votes.
    if (touchesGifts) expect(shareState(s.store.db)).toBe(shares);
    options.afterEach?.(s, op, result.refused, date);
  });
  checkInvariants(s.store.db);
  options.then?.(s);
}
