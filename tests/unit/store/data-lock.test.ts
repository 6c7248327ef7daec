import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHost } from '../../../main/host/create-host.js';
import { silentLogger } from '../../../main/kernel/logger.js';
import { manualClock } from '../../../main/kernel/clock.js';
import { acquireDataLock, tryDataLock, type DataLock } from '../../../main/store/data-lock.js';
import { openStore } from '../../../main/store/store.js';
import { tempDir } from '../../helpers/temp-dir.js';

/**
 * One Desk per data folder, held by an operating-system lock (SQLite's exclusive lock on desk.lock), and a data
 * folder only its owner can read. desk.pid is only a label: deleting it must not let a second Desk in.
 */

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const mode = (path: string) => statSync(path).mode & 0o777;

let dir: ReturnType<typeof tempDir>;
const held: DataLock[] = [];
let child: ChildProcess | undefined;

afterEach(async () => {
  for (const lock of held.splice(0)) lock.release();
  if (child !== undefined && child.exitCode === null && child.signalCode === null) {
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  }
  child = undefined;
  dir.remove();
});

describe('the data-folder lock', () => {
  it('refuses a second lock while the first is held, even after desk.pid is deleted, and allows it after release', () => {
    dir = tempDir('cp-desk-lock-');
    const first = acquireDataLock(dir.path);
    held.push(first);
    expect(readFileSync(join(dir.path, 'desk.pid'), 'utf8')).toBe(String(process.pid));

    expect(() => acquireDataLock(dir.path)).toThrow(
      `The Desk is already running on ${dir.path} (process ${process.pid}). Stop it first.`,
    );

    // Removing the label changes nothing: the lock is the kernel's, not the file's.
    rmSync(join(dir.path, 'desk.pid'));
    const second = tryDataLock(dir.path);
    expect(second).toEqual({
      ok: false,
      holder: 'another process holds desk.lock; desk.pid no longer names it',
    });
    expect(() => acquireDataLock(dir.path)).toThrow(
      `The Desk is already running on ${dir.path} (another process holds desk.lock; desk.pid no longer names it). Stop it first.`,
    );
    // A forged desk.pid does not take it over either.
    writeFileSync(join(dir.path, 'desk.pid'), '2147483646');
    expect(tryDataLock(dir.path).ok).toBe(false);

    first.release();
    held.length = 0;
    const after = acquireDataLock(dir.path);
    held.push(after);
    expect(readFileSync(join(dir.path, 'desk.pid'), 'utf8')).toBe(String(process.pid));
    after.release();
    expect(existsSync(join(dir.path, 'desk.pid'))).toBe(false);
    // desk.lock stays, so every later Desk locks the same file.
    expect(existsSync(join(dir.path, 'desk.lock'))).toBe(true);
  });

  it('does not let a leftover desk.pid naming a live process keep a Desk out', async () => {
    dir = tempDir('cp-desk-lock-');
    // Our parent process is certainly alive, but it holds no lock on this folder.
    writeFileSync(join(dir.path, 'desk.pid'), String(process.ppid));
    const host = createHost({ dataDir: dir.path, kind: 'web', log: silentLogger, timers: false });
    expect(readFileSync(join(dir.path, 'desk.pid'), 'utf8')).toBe(String(process.pid));
    expect(() => createHost({ dataDir: dir.path, kind: 'web', log: silentLogger, timers: false })).toThrow(
      `The Desk is already running on ${dir.path} (process ${process.pid}). Stop it first.`,
    );
    await host.close();
    expect(existsSync(join(dir.path, 'desk.pid'))).toBe(false);
  });

  describe('held by another process', () => {
    const scripts = tempDir('cp-desk-lock-child-');
    const script = join(scripts.path, 'hold-lock.cjs');
    afterAll(() => scripts.remove());
    beforeAll(async () => {
      // The real data-lock module, bundled for a plain Node child (better-sqlite3 stays the installed one,
      // found through NODE_PATH).
      await build({
        stdin: {
          contents:
            "import { tryDataLock } from './main/store/data-lock.ts';\n" +
            'const attempt = tryDataLock(process.argv[2]);\n' +
            "process.stdout.write(attempt.ok ? 'held\\n' : 'refused: ' + attempt.holder + '\\n');\n" +
            'setInterval(() => undefined, 60_000);\n',
          resolveDir: root,
          loader: 'ts',
          sourcefile: 'hold-lock.ts',
        },
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        external: ['better-sqlite3'],
        outfile: script,
        logLevel: 'silent',
      });
    });

    const holdInChild = async (dataDir: string): Promise<ChildProcess> => {
      const proc = spawn(process.execPath, [script, dataDir], {
        env: { ...process.env, NODE_PATH: join(root, 'node_modules') },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      child = proc;
      const [line] = (await once(proc.stdout, 'data')) as [Buffer];
      expect(line.toString()).toBe('held\n');
      return proc;
    };

    it('keeps us out while it lives, with or without desk.pid, and frees the folder when it is killed outright', async () => {
      dir = tempDir('cp-desk-lock-');
      const other = await holdInChild(dir.path);
      expect(tryDataLock(dir.path)).toEqual({ ok: false, holder: `process ${other.pid}` });
      rmSync(join(dir.path, 'desk.pid'));
      expect(tryDataLock(dir.path).ok).toBe(false);

      // SIGKILL: no exit handler runs, nothing is cleaned up; the kernel drops the lock with the process.
      const exited = once(other, 'exit');
      other.kill('SIGKILL');
      await exited;
      const mine = tryDataLock(dir.path);
      expect(mine.ok).toBe(true);
      if (mine.ok) held.push(mine.lock);
    });
  });
});

describe('the data folder is private to its owner (POSIX)', () => {
  it('is created 0700 with the database, its WAL files, desk.lock and desk.pid 0600', async () => {
    dir = tempDir('cp-desk-modes-');
    const data = join(dir.path, 'records');
    const host = createHost({
      dataDir: data,
      kind: 'web',
      log: silentLogger,
      timers: false,
      clock: manualClock('2026-12-07T12:00:00.000Z'),
    });
    try {
      expect(mode(data)).toBe(0o700);
      for (const name of ['desk.sqlite', 'desk.sqlite-wal', 'desk.sqlite-shm', 'desk.lock', 'desk.pid']) {
        expect([name, mode(join(data, name))]).toEqual([name, 0o600]);
      }
    } finally {
      await host.close();
    }
  });

  it('tightens a folder and database that an older Desk left readable by others', () => {
    dir = tempDir('cp-desk-modes-');
    const data = join(dir.path, 'records');
    const clock = manualClock('2026-12-07T12:00:00.000Z');
    openStore({ dataDir: data, clock }).close();
    chmodSync(data, 0o755);
    chmodSync(join(data, 'desk.sqlite'), 0o644);
    expect(mode(data)).toBe(0o755);

    const store = openStore({ dataDir: data, clock });
    try {
      expect(mode(data)).toBe(0o700);
      expect(mode(join(data, 'desk.sqlite'))).toBe(0o600);
      expect(mode(join(data, 'desk.sqlite-wal'))).toBe(0o600);
    } finally {
      store.close();
    }
  });
});
