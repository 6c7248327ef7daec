import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../kernel/logger.js';
import type { Store } from './store.js';
import { backupsDir, rotateBackups, sealBackup, timestampForFile } from './backup.js';

const DAY_MS = 24 * 60 * 60_000;
const KEEP = 14;

function newestScheduledBackupMs(dataDir: string): number {
  const dir = backupsDir(dataDir);
  if (!existsSync(dir)) return 0;
  const copies = readdirSync(dir).filter((f) => f.startsWith('desk-') && f.endsWith('.sqlite'));
  return Math.max(0, ...copies.map((f) => statSync(join(dir, f)).mtimeMs));
}

/**
 * Writes the daily backup if the newest one is a day old (or there is none), keeps the newest 14, and returns
 * the new file's path (null when none was due). Uses SQLite's online backup, which copies in steps, so the event
 * loop that streams to machines keeps moving.
 */
export async function backupIfDue(store: Store, log: Logger): Promise<string | null> {
  if (store.clock.now().getTime() - newestScheduledBackupMs(store.dataDir) < DAY_MS - 60_000) return null;
  // The first backup of a data directory finds no backups/ folder, and SQLite will not create one.
  mkdirSync(backupsDir(store.dataDir), { recursive: true });
  const target = join(backupsDir(store.dataDir), `desk-${timestampForFile(store.clock.now())}.sqlite`);
  await store.db.backup(target);
  const problem = sealBackup(target);
  if (problem !== null) {
    rmSync(target, { force: true });
    throw new Error(`the backup ${target} failed its integrity check: ${problem}`);
  }
  rotateBackups(store.dataDir, KEEP);
  log.info(`backup written: ${target}`);
  return target;
}

/** A backup a day while the app runs (and soon after start if the last one is older than a day). */
export function startBackupSchedule(store: Store, log: Logger): { stop(): void } {
  let running = false;
  const tick = async () => {
    if (running || !store.db.open) return;
    running = true;
    try {
      await backupIfDue(store, log);
    } catch (error) {
      log.error('scheduled backup failed', error);
    } finally {
      running = false;
    }
  };
  const first = setTimeout(() => void tick(), 5_000);
  first.unref();
  const timer = setInterval(() => void tick(), 60 * 60_000);
  timer.unref();
  return {
    stop() {
      clearTimeout(first);
      clearInterval(timer);
    },
  };
}
