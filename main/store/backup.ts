import Database from 'better-sqlite3';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { DeskError } from '../kernel/errors.js';
import {
  appendAnchor,
  chainHeadOf,
  makeManifest,
  manifestPathOf,
  type ChainHead,
} from '../treasury/anchors.js';

type Db = Database.Database;

export const backupsDir = (dataDir: string): string => join(dataDir, 'backups');

export function timestampForFile(at: Date): string {
  // Milliseconds included: two backups in the same second (a script, a double click) must not clash.
  return at.toISOString().replace(/[-:]/g, '');
}

/**
 * Writes a consistent copy of a live database with `VACUUM INTO` (one statement, safe while the app keeps
 * writing in WAL mode), then checks the copy's integrity before calling it a backup.
 */
export function backupTo(db: Db, target: string): string {
  mkdirSync(dirname(target), { recursive: true });
  if (existsSync(target))
    throw new DeskError('CONFLICT', `A backup named ${basename(target)} already exists.`);
  db.prepare('VACUUM INTO ?').run(target);
  const problem = integrityProblem(target);
  if (problem !== null) {
    rmSync(target, { force: true });
    throw new DeskError('STORE_CORRUPT', `The backup copy failed its integrity check: ${problem}`);
  }
  writeManifest(target, new Date());
  return target;
}

/** The journal's chain head as recorded in a database file. */
export function chainHeadOfFile(file: string): ChainHead {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return chainHeadOf(db);
  } finally {
    db.close();
  }
}

/**
 * Writes `<backup>.manifest.json` beside a backup: its ledger chain head (entry number + hash), read from the copy
 * itself. `cp-desk verify-ledger` takes every manifest as an anchor, so a later rewrite of entries the backup
 * already held is caught even when the anchors file is gone.
 */
export function writeManifest(backupFile: string, at: Date): ChainHead {
  const head = chainHeadOfFile(backupFile);
  // A copy with no journal entries anchors nothing (and a pre-migration copy of a new lab stays one file).
  if (head.number === 0) return head;
  writeFileSync(
    manifestPathOf(backupFile),
    `${JSON.stringify(makeManifest(basename(backupFile), head, at.toISOString()), null, 2)}\n`,
    { mode: 0o600 },
  );
  return head;
}

/** null when `PRAGMA integrity_check` says ok; otherwise its first complaint (or why the file could not be read). */
export function integrityProblem(file: string): string | null {
  let db: Db | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const rows = db.pragma('integrity_check') as { integrity_check: string }[];
    const first = rows[0]?.integrity_check ?? 'no answer';
    return first === 'ok' ? null : first;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    db?.close();
  }
}

/**
 * Makes a fresh online-backup copy stand on its own and checks it: the copy inherits WAL mode, and every later
 * read-only look at a WAL file leaves -wal and -shm files beside it that rotation never removes.
 * null when the copy is sound; otherwise its first complaint.
 */
export function sealBackup(file: string): string | null {
  let db: Db | undefined;
  try {
    db = new Database(file, { fileMustExist: true });
    db.pragma('journal_mode = DELETE');
    const rows = db.pragma('integrity_check') as { integrity_check: string }[];
    const first = rows[0]?.integrity_check ?? 'no answer';
    if (first !== 'ok') return first;
    db.close();
    writeManifest(file, new Date(statSync(file).mtimeMs));
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    if (db?.open === true) db.close();
  }
}

/** Schema versions recorded in a database file (empty when it has none). */
export function schemaVersionsOf(file: string): number[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const table = db
      .prepare("SELECT name FROM sqlite_master WHERE type='table' AND name='schema_migrations'")
      .get();
    if (table === undefined) return [];
    return (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map(
      (r) => r.version,
    );
  } finally {
    db.close();
  }
}

/** Keeps the newest `keep` scheduled backups (desk-*.sqlite); pre-migration and pre-restore copies are kept. */
export function rotateBackups(dataDir: string, keep: number): string[] {
  const dir = backupsDir(dataDir);
  if (!existsSync(dir)) return [];
  const files = readdirSync(dir)
    .filter((f) => f.startsWith('desk-') && f.endsWith('.sqlite'))
    .map((f) => ({ f, t: statSync(join(dir, f)).mtimeMs }))
    .sort((a, b) => b.t - a.t || b.f.localeCompare(a.f));
  const removed = files.slice(keep).map((x) => join(dir, x.f));
  for (const file of removed) {
    rmSync(file, { force: true });
    rmSync(manifestPathOf(file), { force: true });
  }
  return removed;
}

export interface RestoreResult {
  restoredFrom: string;
  previousKeptAs: string | null;
}

/**
 * Replaces the data directory's database with `source` after checking that the source passes its integrity
 * check and is not from a newer app. The current database is kept beside it, never deleted.
 * The app must not be running on this data directory (the caller checks the lock).
 */
export function restoreFrom(
  dataDir: string,
  dbFile: string,
  source: string,
  knownVersions: ReadonlySet<number>,
  at: Date,
): RestoreResult {
  if (!existsSync(source)) throw new DeskError('NOT_FOUND', `There is no file at ${source}.`);
  const problem = integrityProblem(source);
  if (problem !== null) {
    throw new DeskError(
      'STORE_CORRUPT',
      `${basename(source)} is not a healthy Desk database: ${problem}. Nothing was changed.`,
    );
  }
  const versions = schemaVersionsOf(source);
  if (versions.length === 0) {
    throw new DeskError(
      'INVALID_INPUT',
      `${basename(source)} is an SQLite file but not a Desk database. Nothing was changed.`,
    );
  }
  const newer = versions.filter((v) => !knownVersions.has(v));
  if (newer.length > 0) {
    throw new DeskError(
      'STORE_TOO_NEW',
      `${basename(source)} comes from a newer version of the Desk. Nothing was changed.`,
    );
  }
  const target = join(dataDir, dbFile);
  let previousKeptAs: string | null = null;
  if (existsSync(target)) {
    // Fold the WAL into the main file first, so the kept copy is complete on its own.
    const current = new Database(target);
    current.pragma('wal_checkpoint(TRUNCATE)');
    current.close();
    previousKeptAs = join(backupsDir(dataDir), `before-restore-${timestampForFile(at)}.sqlite`);
    mkdirSync(backupsDir(dataDir), { recursive: true });
    renameSync(target, previousKeptAs);
    for (const suffix of ['-wal', '-shm']) rmSync(target + suffix, { force: true });
  }
  const staging = `${target}.restoring`;
  copyFileSync(source, staging);
  renameSync(staging, target);
  // The entries after the restored head were replaced on purpose: say so in the anchors file, so verify-ledger
  // retires the anchors past it (and shows that it did) instead of calling the restore a rewrite.
  appendAnchor(dataDir, chainHeadOfFile(target), 'restore', at.toISOString());
  return { restoredFrom: source, previousKeptAs };
}
