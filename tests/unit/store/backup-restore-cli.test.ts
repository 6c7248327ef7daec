import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  openSync,
  readdirSync,
  readFileSync,
  writeFileSync,
  writeSync,
  closeSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHost } from '../../../main/host/create-host.js';
import { silentLogger } from '../../../main/kernel/logger.js';
import { insertPerson } from '../../../main/people/people-service.js';
import { systemClock } from '../../../main/kernel/clock.js';
import { integrityProblem } from '../../../main/store/backup.js';
import { DB_FILE, openStore } from '../../../main/store/store.js';
import { ensureBuiltCli, runCli } from '../../helpers/built-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

/** `cp-desk backup` and `cp-desk restore` run as a person runs them: the built CLI in a child process. */

beforeAll(ensureBuiltCli, 120_000);

let dirs: { path: string; remove(): void }[] = [];
afterEach(() => {
  for (const d of dirs) d.remove();
  dirs = [];
});

function newDir(prefix = 'cp-desk-backup-'): string {
  const dir = tempDir(prefix);
  dirs.push(dir);
  return dir.path;
}

/** A data directory with a real Desk database holding these people. */
function dataDirWith(...names: string[]): string {
  const dir = newDir();
  addPeople(dir, ...names);
  return dir;
}

function addPeople(dir: string, ...names: string[]) {
  const store = openStore({ dataDir: dir, clock: systemClock });
  store.write({ actor: null, reason: 'test' }, (tx) => {
    for (const displayName of names) insertPerson(tx, { displayName, language: 'en', roles: [] });
  });
  store.close();
}

function peopleIn(file: string): string[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT display_name FROM persons ORDER BY id').pluck().all() as string[];
  } finally {
    db.close();
  }
}

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
// desk.lock is the folder's lock file (empty, created the first time anything takes the lock, never removed):
// restore takes the lock before it looks at the backup, so the file may appear, but no record changes.
const listing = (dir: string) =>
  readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f !== 'desk.lock')
    .sort();

async function backup(dir: string, ...extra: string[]): Promise<string> {
  const r = await runCli(['backup', '--data', dir, ...extra]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const match = /^Backup written and checked: (.+)$/m.exec(r.stdout);
  expect(match).not.toBeNull();
  return match![1]!;
}

describe('cp-desk backup', () => {
  it('writes a checked copy into the data directory’s backups/ that holds everything', async () => {
    const dir = dataDirWith('Ada', 'Bea');
    const file = await backup(dir);
    expect(file).toMatch(new RegExp(`^${join(dir, 'backups')}/desk-\\d{8}T\\d{6}\\.\\d{3}Z\\.sqlite$`));
    expect(integrityProblem(file)).toBeNull();
    expect(peopleIn(file)).toEqual(['Ada', 'Bea']);
  });

  it('two backups one after the other both land, under different names', async () => {
    const dir = dataDirWith('Ada');
    const [first, second] = await Promise.all([backup(dir), backup(dir)]);
    expect(first).not.toBe(second);
    expect(peopleIn(first)).toEqual(['Ada']);
    expect(peopleIn(second)).toEqual(['Ada']);
  });

  it('is safe while the Desk runs and includes writes still in its WAL', async () => {
    const dir = dataDirWith('Ada');
    const host = createHost({ dataDir: dir, kind: 'web', log: silentLogger, timers: false });
    try {
      host.store.write({ actor: null, reason: 'test' }, (tx) =>
        insertPerson(tx, { displayName: 'Cy', language: 'en', roles: [] }),
      );
      expect(existsSync(join(dir, `${DB_FILE}-wal`))).toBe(true);
      const out = join(newDir(), 'copy.sqlite');
      expect(await backup(dir, '--out', out)).toBe(out);
      expect(peopleIn(out)).toEqual(['Ada', 'Cy']);
    } finally {
      await host.close();
    }
  });

  it('says so when there is nothing to back up', async () => {
    const dir = newDir();
    const r = await runCli(['backup', '--data', dir]);
    expect(r).toMatchObject({ code: 1, stdout: '' });
    expect(r.stderr.trim()).toBe(`There is no Desk database in ${dir}.`);
  });
});

describe('cp-desk restore', () => {
  it('puts the backup back and keeps the database it replaced', async () => {
    const dir = dataDirWith('Ada');
    const file = await backup(dir);
    addPeople(dir, 'Added after the backup');

    const r = await runCli(['restore', file, '--data', dir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Restored from ${file}.`);
    const kept = /The previous database is kept as (.+)\.$/m.exec(r.stdout)?.[1];
    expect(kept).toMatch(/backups\/before-restore-\d{8}T\d{6}\.\d{3}Z\.sqlite$/);

    expect(peopleIn(join(dir, DB_FILE))).toEqual(['Ada']);
    expect(integrityProblem(kept!)).toBeNull();
    expect(peopleIn(kept!)).toEqual(['Ada', 'Added after the backup']);
    // The restored records open in the app as they are.
    const store = openStore({ dataDir: dir, clock: systemClock });
    expect(store.db.prepare('SELECT count(*) FROM persons').pluck().get()).toBe(1);
    store.close();
  });

  it('refuses a damaged file with a clear message and changes nothing', async () => {
    const dir = dataDirWith('Ada');
    const good = await backup(dir);
    const bad = join(newDir(), 'damaged.sqlite');
    copyFileSync(good, bad);
    // Scribble over pages 2–20: the schema still names them as tables and indexes, their contents are gone.
    const fd = openSync(bad, 'r+');
    writeSync(fd, Buffer.alloc(4096 * 19, 0xab), 0, 4096 * 19, 4096);
    closeSync(fd);

    const db = join(dir, DB_FILE);
    const before = { hash: sha(db), files: listing(dir) };
    const r = await runCli(['restore', bad, '--data', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /^Restore refused: damaged\.sqlite is not a healthy Desk database: .+\. Nothing was changed\.\n$/,
    );
    expect({ hash: sha(db), files: listing(dir) }).toEqual(before);
  });

  it.each([
    [
      'a file that is not a database',
      (f: string) => writeFileSync(f, 'these are my notes, not a backup\n'.repeat(200)),
      /is not a healthy Desk database/,
    ],
    [
      'an SQLite file from another program',
      (f: string) => {
        const other = new Database(f);
        other.exec('CREATE TABLE recipes (name TEXT)');
        other.close();
      },
      /is an SQLite file but not a Desk database\. Nothing was changed\./,
    ],
    ['a file that is not there', () => undefined, /There is no file at/],
  ])('refuses %s and changes nothing', async (_what, make, message) => {
    const dir = dataDirWith('Ada');
    const source = join(newDir(), 'source.sqlite');
    make(source);
    const before = { hash: sha(join(dir, DB_FILE)), files: listing(dir) };
    const r = await runCli(['restore', source, '--data', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect({ hash: sha(join(dir, DB_FILE)), files: listing(dir) }).toEqual(before);
  });

  it('refuses a backup from a newer Desk', async () => {
    const dir = dataDirWith('Ada');
    const file = await backup(dir);
    const newer = new Database(file);
    newer
      .prepare(
        "INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', '2031-01-01T00:00:00.000Z')",
      )
      .run();
    newer.close();
    const before = sha(join(dir, DB_FILE));
    const r = await runCli(['restore', file, '--data', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `Restore refused: ${basename(file)} comes from a newer version of the Desk. Nothing was changed.`,
    );
    expect(sha(join(dir, DB_FILE))).toBe(before);
  });

  it('refuses while a Desk holds the data directory, and works once it has stopped', async () => {
    const dir = dataDirWith('Ada');
    const file = await backup(dir);
    addPeople(dir, 'Bea');
    const host = createHost({ dataDir: dir, kind: 'web', log: silentLogger, timers: false });
    let closed = false;
    try {
      const files = listing(dir);
      const r = await runCli(['restore', file, '--data', dir]);
      expect(r.code).toBe(1);
      expect(r.stderr.trim()).toBe(
        `The Desk is running on ${dir} (process ${process.pid}). Stop it before restoring. Nothing was changed.`,
      );
      expect(listing(dir)).toEqual(files);
      expect(host.store.db.prepare('SELECT count(*) FROM persons').pluck().get()).toBe(2);
      await host.close();
      closed = true;
      expect((await runCli(['restore', file, '--data', dir])).code).toBe(0);
      expect(peopleIn(join(dir, DB_FILE))).toEqual(['Ada']);
    } finally {
      if (!closed) await host.close();
    }
  });

  it('explains its usage when the file is missing', async () => {
    const r = await runCli(['restore', '--data', newDir()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^Name exactly one backup file to restore\.\ncp-desk restore FILE/);
  });
});
