import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DeskError } from '../shared/errors.js';

export interface DataLock {
  release(): void;
}

const LOCK_FILE = 'desk.pid';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The PID of a live Desk running on this data directory, or null. */
export function runningPid(dataDir: string): number | null {
  try {
    const pid = Number(readFileSync(join(dataDir, LOCK_FILE), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid) ? pid : null;
  } catch {
    return null;
  }
}

/**
 * One Desk per data directory: two would both think they own the serial ports and the books.
 * A lock left by a crashed process (its PID no longer alive) is taken over.
 */
export function acquireDataLock(dataDir: string): DataLock {
  mkdirSync(dataDir, { recursive: true });
  const other = runningPid(dataDir);
  if (other !== null) {
    throw new DeskError(
      'CONFLICT',
      `The Desk is already running on ${dataDir} (process ${other}). Stop it first.`,
    );
  }
  const file = join(dataDir, LOCK_FILE);
  writeFileSync(file, String(process.pid));
  return {
    release() {
      try {
        if (readFileSync(file, 'utf8').trim() === String(process.pid)) rmSync(file, { force: true });
      } catch {
        // already gone
      }
    },
  };
}
