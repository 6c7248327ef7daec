import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../host/logger.js';
import type { Store } from './store.js';
import { backupsDir, rotateBackups, timestampForFile } from './backup.js';

const DAY_MS = 24 * 60 * 60_000;
const KEEP = 14;

function newestScheduledBackupMs(dataDir: string): number {
  const dir = backupsDir(dataDir);
  if (!existsSync(dir)) return 0;
  return Math.max(0, ...readdirSync(dir).filter((f) => f.startsWith('desk-')).map((f) => statSync(join(dir, f)).mtimeMs));
}

/**
 * A backup a day while the app runs (and at start if the last one is older than a day), keeping the newest 14.
 * Uses SQLite's online backup, which copies in steps, so the event loop that streams to machines keeps moving.
 */
export function startBackupSchedule(store: Store, log: Logger): { stop(): void } {
  let running = false;
  const tick = async () => {
    if (running || !store.db.open) return;
    if (store.clock.now().getTime() - newestScheduledBackupMs(store.dataDir) < DAY_MS - 60_000) return;
    running = true;
    try {
      const target = join(backupsDir(store.dataDir), `desk-${timestampForFile(store.clock.now())}.sqlite`);
      await store.db.backup(target);
      rotateBackups(store.dataDir, KEEP);
      log.info(`backup written: ${target}`);
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
