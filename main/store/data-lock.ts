import Database from 'better-sqlite3';
import {
  chmodSync,
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { DeskError } from '../kernel/errors.js';

// One Desk per data directory: two would both think they own the serial ports and the books.
//
// The lock is an operating-system lock, not a file that merely exists: a SQLite connection to `desk.lock` in
// `locking_mode = EXCLUSIVE` takes SQLite's exclusive lock on its first write and keeps it until the connection
// closes. Underneath that is a byte-range lock (fcntl on Linux and macOS, LockFileEx on Windows) that the kernel
// drops when the holding process ends in any way, SIGKILL and power loss included, so there is no stale lock to
// guess about, and deleting or editing a file does not hand the directory to a second Desk. better-sqlite3 is
// already the Desk's database driver, so this needs no further native module. (Node's own fs has no lock call;
// a pid file, a `wx`-created file or a mkdir can all be removed by hand or left behind by a crash.)
//
// `desk.pid` is kept beside it only so a refusal can name the process that holds the lock; it grants nothing.
// Like any advisory file lock this is meant for a local disk, not a network share.

export interface DataLock {
  release(): void;
}

export type LockAttempt = { ok: true; lock: DataLock } | { ok: false; holder: string };

const LOCK_DB = 'desk.lock';
const PID_FILE = 'desk.pid';
const posix = process.platform !== 'win32';

/** Creates `dir` (and parents) readable by its owner only on POSIX (0700), and tightens it if it is looser. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (posix && (statSync(dir).mode & 0o077) !== 0) chmodSync(dir, 0o700);
}

/** Creates `file` empty with mode 0600 on POSIX if it is missing, and tightens an existing one that is looser. */
export function ensurePrivateFile(file: string): void {
  closeSync(openSync(file, 'a', 0o600));
  if (posix && (statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}

/** Who holds the lock, as well as desk.pid can tell (it is only a label: the OS lock is what decides). */
function describeHolder(dataDir: string): string {
  try {
    const pid = Number(readFileSync(join(dataDir, PID_FILE), 'utf8').trim());
    if (Number.isInteger(pid) && pid > 0) return `process ${pid}`;
  } catch {
    // removed or unreadable: the lock still holds
  }
  return `another process holds ${LOCK_DB}; ${PID_FILE} no longer names it`;
}

/** Takes the data directory's lock, or says who holds it. Never waits. */
export function tryDataLock(dataDir: string): LockAttempt {
  ensurePrivateDir(dataDir);
  const lockFile = join(dataDir, LOCK_DB);
  ensurePrivateFile(lockFile);
  const db = new Database(lockFile, { timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    // No journal file beside it: the single row below is all this database ever holds.
    db.pragma('journal_mode = MEMORY');
    // The write is what takes (and, in exclusive locking mode, keeps) the exclusive lock.
    db.exec('BEGIN EXCLUSIVE');
    db.exec('CREATE TABLE IF NOT EXISTS holder (pid INTEGER NOT NULL)');
    db.exec('DELETE FROM holder');
    db.prepare('INSERT INTO holder (pid) VALUES (?)').run(process.pid);
    db.exec('COMMIT');
  } catch (error) {
    db.close();
    if (isBusy(error)) return { ok: false, holder: describeHolder(dataDir) };
    throw error;
  }
  const pidFile = join(dataDir, PID_FILE);
  writeFileSync(pidFile, String(process.pid), { mode: 0o600 });
  if (posix) chmodSync(pidFile, 0o600);
  let held = true;
  return {
    ok: true,
    lock: {
      release() {
        if (!held) return;
        held = false;
        try {
          if (readFileSync(pidFile, 'utf8').trim() === String(process.pid)) rmSync(pidFile, { force: true });
        } catch {
          // already gone
        }
        // desk.lock itself stays: removing it could let two processes lock two different files of that name.
        db.close();
      },
    },
  };
}

/** Takes the data directory's lock or refuses with the holder named. */
export function acquireDataLock(dataDir: string): DataLock {
  const attempt = tryDataLock(dataDir);
  if (!attempt.ok) {
    throw new DeskError(
      'CONFLICT',
      `The Desk is already running on ${dataDir} (${attempt.holder}). Stop it first.`,
    );
  }
  return attempt.lock;
}
