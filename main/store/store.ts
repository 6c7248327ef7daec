import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../kernel/clock.js';
import { DeskError } from '../kernel/errors.js';
import { migrations as allMigrations, type Migration } from './migrations/index.js';
import { backupTo, backupsDir, timestampForFile } from './backup.js';
import { ensurePrivateDir, ensurePrivateFile } from './data-lock.js';

export type Db = Database.Database;

export const DB_FILE = 'desk.sqlite';

/** Who writes and why: every write names its actor (null only for the system itself, e.g. first-run setup). */
export interface WriteMeta {
  actor: number | null;
  reason?: string | undefined;
}

export interface WriteTx {
  readonly db: Db;
  /** The instant of this write, ISO-8601 UTC, the same for every row it touches. */
  readonly at: string;
  readonly actor: number | null;
  /** Appends one audit row. Every write transaction must call it at least once. */
  audit(entity: string, entityId: string | number, action: string, before: unknown, after: unknown): void;
  /** Takes the next number of a gapless sequence (never reused; given back only if this write rolls back). */
  nextNumber(sequence: string): number;
}

export interface Store {
  readonly db: Db;
  readonly dataDir: string;
  readonly file: string;
  readonly clock: Clock;
  /** Runs `fn` in one IMMEDIATE transaction with an audit trail; throws (and writes nothing) if it audits nothing. */
  write<T>(meta: WriteMeta, fn: (tx: WriteTx) => T): T;
  schemaVersion(): number;
  close(): void;
}

export interface OpenStoreOptions {
  dataDir: string;
  clock: Clock;
  migrations?: readonly Migration[];
  /** Before migrating an existing database, copy it into backups/ (default true). */
  backupBeforeMigrate?: boolean;
}

function applyPragmas(db: Db): void {
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  // FULL: a committed write (money among them) survives a power cut, not just a process crash.
  db.pragma('synchronous = FULL');
}

/** Versions recorded in the file, read without writing anything (no table yet: none). */
function recordedVersions(db: Db): Set<number> {
  const table = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
    .get();
  if (table === undefined) return new Set();
  const rows = db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[];
  return new Set(rows.map((r) => r.version));
}

/**
 * Opens (creating if needed) the data directory's database, refuses one written by a newer app,
 * backs it up and applies pending migrations, each in its own transaction.
 */
export function openStore(options: OpenStoreOptions): Store {
  const { dataDir, clock } = options;
  const migrations = [...(options.migrations ?? allMigrations)].sort((a, b) => a.version - b.version);
  // Owner-only on POSIX: the folder 0700, the database 0600 (SQLite gives its -wal and -shm the same mode).
  ensurePrivateDir(dataDir);
  const file = join(dataDir, DB_FILE);
  const existed = existsSync(file);
  ensurePrivateFile(file);
  const db = new Database(file);
  try {
    db.pragma('busy_timeout = 5000');
    // Refuse a newer database before touching it: even switching it to WAL would rewrite its header.
    const applied = recordedVersions(db);
    const known = new Set(migrations.map((m) => m.version));
    const unknown = [...applied].filter((v) => !known.has(v));
    if (unknown.length > 0) {
      throw new DeskError(
        'STORE_TOO_NEW',
        `This database was written by a newer version of the Desk (schema ${Math.max(...unknown)}); ` +
          `this version knows schema ${Math.max(0, ...known)} at most. Update the app, or restore an older backup.`,
      );
    }
    applyPragmas(db);
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
    const pending = migrations.filter((m) => !applied.has(m.version));
    if (pending.length > 0 && existed && applied.size > 0 && options.backupBeforeMigrate !== false) {
      const from = Math.max(...applied);
      db.pragma('wal_checkpoint(TRUNCATE)');
      const target = join(
        backupsDir(dataDir),
        `pre-migrate-v${from}-${timestampForFile(clock.now())}.sqlite`,
      );
      backupTo(db, target);
    }
    for (const m of pending) {
      // Foreign keys can only be switched outside a transaction; a rebuild must leave every reference intact.
      if (m.rebuildsTables === true) db.pragma('foreign_keys = OFF');
      try {
        db.transaction(() => {
          db.exec(m.sql);
          if (m.rebuildsTables === true) {
            const broken = db.pragma('foreign_key_check') as { table: string; parent: string }[];
            if (broken.length > 0)
              throw new Error(
                `Migration ${m.version} (${m.name}) would break ${broken.length} reference(s), e.g. ${broken[0]!.table} → ${broken[0]!.parent}; nothing was changed.`,
              );
          }
          db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
            m.version,
            m.name,
            clock.now().toISOString(),
          );
        }).immediate();
      } finally {
        if (m.rebuildsTables === true) db.pragma('foreign_keys = ON');
      }
    }
  } catch (error) {
    db.close();
    throw error;
  }
  return createStore(db, dataDir, file, clock);
}

function createStore(db: Db, dataDir: string, file: string, clock: Clock): Store {
  const insertAudit = db.prepare(
    `INSERT INTO audit_log (at, actor_id, entity, entity_id, action, before_json, after_json, reason)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const bumpSequence = db.prepare(
    `INSERT INTO sequences (name, last) VALUES (?, 1)
     ON CONFLICT (name) DO UPDATE SET last = last + 1 RETURNING last`,
  );
  let writing = false;

  return {
    db,
    dataDir,
    file,
    clock,
    write<T>(meta: WriteMeta, fn: (tx: WriteTx) => T): T {
      if (writing) throw new Error('store.write is not re-entrant: pass the WriteTx down instead');
      const at = clock.now().toISOString();
      let audits = 0;
      const tx: WriteTx = {
        db,
        at,
        actor: meta.actor,
        audit(entity, entityId, action, before, after) {
          audits += 1;
          insertAudit.run(
            at,
            meta.actor,
            entity,
            String(entityId),
            action,
            before === undefined ? null : JSON.stringify(before),
            after === undefined ? null : JSON.stringify(after),
            meta.reason ?? null,
          );
        },
        nextNumber(sequence) {
          return (bumpSequence.get(sequence) as { last: number }).last;
        },
      };
      writing = true;
      try {
        return db
          .transaction(() => {
            const result = fn(tx);
            if (audits === 0) throw new Error('every write must leave an audit row (tx.audit)');
            return result;
          })
          .immediate();
      } finally {
        writing = false;
      }
    },
    schemaVersion() {
      const row = db.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number | null };
      return row.v ?? 0;
    },
    close() {
      if (db.open) db.close();
    },
  };
}
