import Database from 'better-sqlite3';
import { appendFileSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../store/store.js';

/**
 * The journal's chain head (last entry number + its hash) kept OUTSIDE the database, so that someone who edits an
 * amount in `desk.sqlite` and recomputes every hash (and the audit rows) from that entry on is still caught.
 *
 * Where heads are kept:
 * - `ledger-anchors.txt` beside the database: one line per new head, appended (never rewritten) after every
 *   treasury write, on every period close, report and restore;
 * - the manifest written beside every backup (`<backup>.manifest.json`, see store/backup.ts);
 * - printed on every period close and in every report's footer, so paper copies carry it too.
 *
 * Deliberately no imports from the treasury services: store/backup.ts uses this file as well.
 */
export const ANCHORS_FILE = 'ledger-anchors.txt';
const LINE_TAG = 'cp-desk-anchor/1';
const MANIFEST_SUFFIX = '.manifest.json';
const HASH = /^[0-9a-f]{64}$/;

export interface ChainHead {
  /** The last entry's number; 0 for an empty journal. */
  number: number;
  hash: string;
}

export type AnchorSource = 'write' | 'close' | 'report' | 'restore' | 'backup';

export interface Anchor extends ChainHead {
  at: string;
  source: AnchorSource;
  /** Where it was read from, in words: "ledger-anchors.txt line 12", "backup desk-….sqlite". */
  origin: string;
}

const GENESIS = '0'.repeat(64);

function hasJournal(db: Db): boolean {
  return (
    db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'treasury_entries'").get() !==
    undefined
  );
}

/** The journal's last entry and its hash (entry 0 and the genesis hash when nothing is posted yet). */
export function chainHeadOf(db: Db): ChainHead {
  if (!hasJournal(db)) return { number: 0, hash: GENESIS };
  const row = db.prepare('SELECT number, hash FROM treasury_entries ORDER BY number DESC LIMIT 1').get() as
    ChainHead | undefined;
  return row ?? { number: 0, hash: GENESIS };
}

/** The head in words, as printed on a close, a report footer and a backup manifest. */
export function describeHead(head: ChainHead): string {
  return head.number === 0
    ? 'Ledger chain head: no entries yet.'
    : `Ledger chain head: entry ${head.number}, sha256 ${head.hash}.`;
}

const anchorsPath = (dataDir: string): string => join(dataDir, ANCHORS_FILE);

function lastLine(file: string): string | undefined {
  if (!existsSync(file)) return undefined;
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n').filter((l) => l !== '');
  return lines.at(-1);
}

/**
 * Appends the head to the anchors file when it differs from the last line there (a close and a restore are
 * always written: they are events worth their own line). Append-only: the file is opened with `a` and never
 * rewritten; created 0600.
 */
export function appendAnchor(dataDir: string, head: ChainHead, source: AnchorSource, at: string): boolean {
  const file = anchorsPath(dataDir);
  // An empty journal anchors nothing; a restore to one still retires what was anchored before it.
  if (head.number === 0 && (source !== 'restore' || !existsSync(file))) return false;
  const last = lastLine(file)?.split('\t');
  if (
    source !== 'close' &&
    source !== 'restore' &&
    last !== undefined &&
    last[2] === String(head.number) &&
    last[3] === head.hash
  )
    return false;
  appendFileSync(file, `${[LINE_TAG, at, head.number, head.hash, source].join('\t')}\n`, {
    encoding: 'utf8',
    mode: 0o600,
  });
  return true;
}

/** Reads the current head of `db` and anchors it beside the database in `dataDir`. */
export function anchorHead(dataDir: string, db: Db, source: AnchorSource, at: string): ChainHead {
  const head = chainHeadOf(db);
  appendAnchor(dataDir, head, source, at);
  return head;
}

export interface AnchorSet {
  anchors: Anchor[];
  /** Lines that are not anchors: a damaged or edited anchors file is itself a finding. */
  problems: string[];
  /** Restores, each with how many earlier anchors past its head it retired: shown, so none goes unnoticed. */
  restores: { anchor: Anchor; retired: number }[];
}

const SOURCES: readonly string[] = ['write', 'close', 'report', 'restore', 'backup'];

/**
 * Every anchor kept for this data directory: the anchors file's lines and the heads in the backup manifests.
 * A restore line retires the anchors made before it past the restored head (those entries were replaced by the
 * restore, on purpose); everything else stands.
 */
export function readAnchors(dataDir: string): AnchorSet {
  let anchors: Anchor[] = [];
  const problems: string[] = [];
  const file = anchorsPath(dataDir);
  if (existsSync(file)) {
    const lines = readFileSync(file, 'utf8').split('\n');
    if (lines.at(-1) === '') lines.pop();
    lines.forEach((line, i) => {
      const origin = `${ANCHORS_FILE} line ${i + 1}`;
      const [tag, at, number, hash, source, ...rest] = line.split('\t');
      const n = Number(number);
      if (
        tag !== LINE_TAG ||
        rest.length > 0 ||
        at === undefined ||
        Number.isNaN(Date.parse(at)) ||
        !Number.isSafeInteger(n) ||
        n < 0 ||
        hash === undefined ||
        !HASH.test(hash) ||
        source === undefined ||
        !SOURCES.includes(source)
      ) {
        problems.push(`${origin} is not an anchor (the file was edited or damaged)`);
        return;
      }
      anchors.push({ at, number: n, hash, source: source as AnchorSource, origin });
    });
  }
  anchors.push(...readManifestAnchors(join(dataDir, 'backups')));
  const restores: AnchorSet['restores'] = [];
  for (const r of anchors.filter((a) => a.source === 'restore')) {
    const before = anchors.length;
    anchors = anchors.filter((a) => !(a.number > r.number && a.at < r.at));
    restores.push({ anchor: r, retired: before - anchors.length });
  }
  return { anchors, problems, restores };
}

export interface BackupManifest {
  format: 'cp-desk-backup/1';
  file: string;
  createdAt: string;
  chainHead: ChainHead;
  describe: string;
}

export const manifestPathOf = (backupFile: string): string => `${backupFile}${MANIFEST_SUFFIX}`;

export function makeManifest(file: string, head: ChainHead, createdAt: string): BackupManifest {
  return { format: 'cp-desk-backup/1', file, createdAt, chainHead: head, describe: describeHead(head) };
}

function readManifestAnchors(dir: string): Anchor[] {
  if (!existsSync(dir)) return [];
  const out: Anchor[] = [];
  for (const name of readdirSync(dir)
    .filter((f) => f.endsWith(MANIFEST_SUFFIX))
    .sort()) {
    try {
      const m = JSON.parse(readFileSync(join(dir, name), 'utf8')) as Partial<BackupManifest>;
      const head = m.chainHead;
      if (
        m.format === 'cp-desk-backup/1' &&
        head !== undefined &&
        Number.isSafeInteger(head.number) &&
        head.number > 0 &&
        HASH.test(head.hash) &&
        typeof m.createdAt === 'string'
      ) {
        out.push({
          at: m.createdAt,
          number: head.number,
          hash: head.hash,
          source: 'backup',
          origin: `backup manifest ${name}`,
        });
      }
    } catch {
      // A manifest that does not parse anchors nothing; the backup itself can still be given with --against.
    }
  }
  return out;
}

export interface Difference {
  /** The first entry that differs, or (with `upTo`) the first that may: the change lies in number..upTo. */
  number: number;
  upTo?: number;
  reason: string;
}

/** The most precise finding first: an entry named exactly beats a range; then the earliest. */
export function firstFinding(findings: readonly (Difference | null | undefined)[]): Difference | undefined {
  const all = findings.filter((f): f is Difference => f !== null && f !== undefined);
  const exact = all.filter((f) => f.upTo === undefined || f.upTo === f.number);
  return (exact.length > 0 ? exact : all).sort((a, b) => a.number - b.number)[0];
}

function hashesOf(db: Db): Map<number, string> {
  if (!hasJournal(db)) return new Map();
  const rows = db.prepare('SELECT number, hash FROM treasury_entries ORDER BY number').all() as ChainHead[];
  return new Map(rows.map((r) => [r.number, r.hash]));
}

/**
 * Compares the journal with every anchor. Each entry's hash covers every earlier entry, so an anchor at entry N
 * that still matches vouches for entries 1..N. The first difference lies after the last anchor that matches and
 * at or before the first one that does not; with an anchor per write, that is usually one entry.
 */
export function checkAnchors(db: Db, anchors: readonly Anchor[]): Difference | null {
  const hashes = hashesOf(db);
  const sorted = anchors.filter((a) => a.number > 0).sort((a, b) => a.number - b.number);
  const bad = sorted.find((a) => hashes.get(a.number) !== a.hash);
  if (bad === undefined) return null;
  if (!hashes.has(bad.number)) {
    return {
      number: bad.number,
      reason: `entry ${bad.number} is missing, though ${bad.origin} (${bad.at}) anchored it with hash ${bad.hash}`,
    };
  }
  const good = sorted.filter((a) => a.number < bad.number && hashes.get(a.number) === a.hash).at(-1);
  const from = (good?.number ?? 0) + 1;
  const where =
    from === bad.number
      ? `entry ${bad.number} was changed`
      : `the change lies in entries ${from} to ${bad.number}${good === undefined ? '' : ` (entry ${good.number} still matches ${good.origin})`}`;
  return {
    number: from,
    ...(from === bad.number ? {} : { upTo: bad.number }),
    reason: `its chain no longer matches ${bad.origin} (${bad.at}), which recorded entry ${bad.number} with hash ${bad.hash}; ${where}`,
  };
}

interface FullEntry {
  number: number;
  hash: string;
  date: string;
  memo: string;
  kind: string;
  lines: string;
}

function fullEntries(db: Db): Map<number, FullEntry> {
  if (!hasJournal(db)) return new Map();
  const rows = db
    .prepare(
      `SELECT e.number, e.hash, e.date, e.memo, e.kind,
         (SELECT group_concat(a.code || ' ' || l.amount_cents, '; ') FROM
            (SELECT * FROM treasury_lines WHERE entry_id = e.id ORDER BY line_no) l
            JOIN treasury_accounts a ON a.id = l.account_id) AS lines
       FROM treasury_entries e ORDER BY e.number`,
    )
    .all() as FullEntry[];
  return new Map(rows.map((r) => [r.number, r]));
}

/**
 * Compares the journal entry by entry with a backup's: the first entry whose hash differs is the first that
 * differs (entries the backup does not have yet are not compared). Says which fields changed.
 */
export function compareWithBackup(db: Db, backupFile: string, label: string): Difference | null {
  const other = new Database(backupFile, { readonly: true, fileMustExist: true });
  try {
    const mine = fullEntries(db);
    const theirs = fullEntries(other);
    for (const [number, b] of theirs) {
      const e = mine.get(number);
      if (e === undefined) return { number, reason: `entry ${number} is in ${label} but missing here` };
      if (e.hash === b.hash) continue;
      const changed = (['date', 'memo', 'kind', 'lines'] as const)
        .filter((k) => e[k] !== b[k])
        .map((k) => `${k} "${b[k]}" in ${label}, "${e[k]}" here`);
      return {
        number,
        reason: `it differs from ${label}: ${changed.length > 0 ? changed.join('; ') : 'its hash differs (fields outside date, memo, kind and lines)'}`,
      };
    }
    return null;
  } finally {
    other.close();
  }
}
