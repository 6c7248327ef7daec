import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DeskError } from '../../../main/kernel/errors.js';
import { manualClock } from '../../../main/kernel/clock.js';
import { integrityProblem, schemaVersionsOf } from '../../../main/store/backup.js';
import { migrations, type Migration } from '../../../main/store/migrations/index.js';
import { DB_FILE, openStore, type Store } from '../../../main/store/store.js';
import { tempDir } from '../../helpers/temp-dir.js';

const foundation = migrations[0]!;
const extra = (version: number, sql: string): Migration => ({ version, name: `test-${version}`, sql });

let dirs: { path: string; remove(): void }[] = [];
let stores: Store[] = [];
afterEach(() => {
  for (const s of stores) s.close();
  for (const d of dirs) d.remove();
  stores = [];
  dirs = [];
});

function dataDir() {
  const dir = tempDir('cp-desk-store-');
  dirs.push(dir);
  return dir.path;
}

const clock = manualClock('2026-11-24T15:00:00.000Z');

function open(dir: string, list: readonly Migration[] = migrations): Store {
  const store = openStore({ dataDir: dir, clock, migrations: list });
  stores.push(store);
  return store;
}

function close(store: Store) {
  store.close();
  stores = stores.filter((s) => s !== store);
}

const applied = (store: Store) =>
  store.db.prepare('SELECT version, name, applied_at FROM schema_migrations ORDER BY rowid').all() as {
    version: number;
    name: string;
    applied_at: string;
  }[];

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Makes the database in `dir` look as if a newer Desk had migrated it (a schema version this build does not know). */
function stampNewer(dir: string, journalMode: 'wal' | 'delete') {
  const db = new Database(join(dir, DB_FILE));
  db.pragma(`journal_mode = ${journalMode}`);
  db.prepare(
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'from-the-future', ?)",
  ).run('2031-01-01T00:00:00.000Z');
  db.close();
}

describe('migrations', () => {
  it('a new database gets every migration, in order, each recorded with its version, name and time', () => {
    const store = open(dataDir());
    const rows = applied(store);
    expect(rows.map((r) => r.version)).toEqual(migrations.map((m) => m.version));
    expect(rows.map((r) => r.name)).toEqual(migrations.map((m) => m.name));
    expect(new Set(rows.map((r) => r.applied_at))).toEqual(new Set([clock.now().toISOString()]));
    expect(store.schemaVersion()).toBe(Math.max(...migrations.map((m) => m.version)));
    expect(integrityProblem(store.file)).toBeNull();
  });

  it('runs in version order however they are listed, and a later open runs only the new ones', () => {
    const dir = dataDir();
    const m2 = extra(2, 'CREATE TABLE tools (id INTEGER PRIMARY KEY, name TEXT NOT NULL);');
    const m5 = extra(5, "INSERT INTO tools (name) VALUES ('laser'); ALTER TABLE tools ADD COLUMN kind TEXT;");
    // Listed out of order: 5 needs the table 2 creates.
    const first = open(dir, [m5, foundation, m2]);
    expect(applied(first).map((r) => r.version)).toEqual([1, 2, 5]);
    close(first);

    // Re-running 2 or 5 would fail (the table exists; the column exists), so this also proves they are skipped.
    const m7 = extra(7, "INSERT INTO tools (name, kind) VALUES ('router', 'cnc');");
    const second = open(dir, [foundation, m2, m5, m7]);
    expect(applied(second).map((r) => r.version)).toEqual([1, 2, 5, 7]);
    expect(second.schemaVersion()).toBe(7);
    expect(second.db.prepare('SELECT name FROM tools ORDER BY id').pluck().all()).toEqual([
      'laser',
      'router',
    ]);
  });

  it('a table rebuild runs with foreign keys off, and one that would break a reference is undone whole', () => {
    const dir = dataDir();
    const parent = extra(
      2,
      'CREATE TABLE shelf (id INTEGER PRIMARY KEY); CREATE TABLE box (id INTEGER PRIMARY KEY, shelf_id INTEGER NOT NULL REFERENCES shelf (id)); INSERT INTO shelf VALUES (1), (2); INSERT INTO box VALUES (10, 1), (20, 2);',
    );
    close(open(dir, [foundation, parent]));
    // Rebuilding shelf keeps both rows: allowed, although the old table is dropped under its references.
    const rebuild = {
      ...extra(
        3,
        'CREATE TABLE shelf_new (id INTEGER PRIMARY KEY, label TEXT); INSERT INTO shelf_new (id) SELECT id FROM shelf; DROP TABLE shelf; ALTER TABLE shelf_new RENAME TO shelf;',
      ),
      rebuildsTables: true,
    };
    // Losing shelf 2 on the way would leave box 20 pointing nowhere: refused, nothing changed.
    const lossy = {
      ...extra(
        4,
        'CREATE TABLE shelf_new (id INTEGER PRIMARY KEY); INSERT INTO shelf_new VALUES (1); DROP TABLE shelf; ALTER TABLE shelf_new RENAME TO shelf;',
      ),
      rebuildsTables: true,
    };
    expect(() => open(dir, [foundation, parent, rebuild, lossy])).toThrow(
      /Migration 4 \(test-4\) would break 1 reference\(s\), e\.g\. box → shelf; nothing was changed\./,
    );
    const store = open(dir, [foundation, parent, rebuild]);
    expect(store.schemaVersion()).toBe(3);
    expect(store.db.prepare('SELECT id FROM shelf ORDER BY id').pluck().all()).toEqual([1, 2]);
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(() => store.db.prepare('INSERT INTO box VALUES (30, 9)').run()).toThrow(/FOREIGN KEY/);
  });

  it('a migration that fails is undone whole and the database stays at the version before it', () => {
    const dir = dataDir();
    close(open(dir, [foundation]));
    const broken = extra(3, 'CREATE TABLE half (id INTEGER); INSERT INTO nowhere VALUES (1);');
    expect(() => open(dir, [foundation, broken])).toThrow(/nowhere/);
    const db = new Database(join(dir, DB_FILE), { readonly: true });
    expect(db.prepare('SELECT version FROM schema_migrations').pluck().all()).toEqual([1]);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
    db.close();
  });
});

describe('a database from a newer Desk', () => {
  it.each(['wal', 'delete'] as const)(
    'is refused with STORE_TOO_NEW and left byte for byte as it was (journal mode %s)',
    (mode) => {
      const dir = dataDir();
      close(open(dir));
      stampNewer(dir, mode);
      const file = join(dir, DB_FILE);
      const before = sha(file);
      const filesBefore = readdirSync(dir).sort();

      let error: unknown;
      try {
        open(dir);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DeskError);
      expect(error).toMatchObject({ code: 'STORE_TOO_NEW' });
      expect((error as Error).message).toMatch(/newer version of the Desk \(schema 999\)/);
      expect((error as Error).message).toMatch(/Update the app, or restore an older backup/);

      expect(sha(file)).toBe(before);
      expect(readdirSync(dir).sort()).toEqual(filesBefore);
      expect(schemaVersionsOf(file)).toContain(999);
    },
  );
});

describe('backup before migrating', () => {
  it('copies an existing database into backups/ before applying new migrations, and the copy is whole', () => {
    const dir = dataDir();
    const old = open(dir, [foundation]);
    old.write({ actor: null, reason: 'test' }, (tx) => {
      tx.db.prepare("INSERT INTO settings (key, value_json) VALUES ('labName', '\"Old Lab\"')").run();
      tx.audit('settings', 'lab', 'update', null, { labName: 'Old Lab' });
    });
    close(old);

    const migrated = open(dir);
    expect(migrated.schemaVersion()).toBe(Math.max(...migrations.map((m) => m.version)));
    const backups = readdirSync(join(dir, 'backups'));
    expect(backups).toEqual([`pre-migrate-v1-20261124T150000.000Z.sqlite`]);
    const copy = join(dir, 'backups', backups[0]!);
    expect(integrityProblem(copy)).toBeNull();
    expect(schemaVersionsOf(copy)).toEqual([1]);
    const db = new Database(copy, { readonly: true });
    expect(db.prepare("SELECT value_json FROM settings WHERE key = 'labName'").pluck().get()).toBe(
      '"Old Lab"',
    );
    db.close();
  });

  it('makes no copy for a brand-new database or one that is already up to date', () => {
    const dir = dataDir();
    close(open(dir));
    expect(existsSync(join(dir, 'backups'))).toBe(false);
    close(open(dir));
    expect(existsSync(join(dir, 'backups'))).toBe(false);
  });
});
