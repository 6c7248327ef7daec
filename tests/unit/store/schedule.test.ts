import Database from 'better-sqlite3';
import { existsSync, readdirSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { memoryLogger } from '../../../main/kernel/logger.js';
import { manualClock } from '../../../main/kernel/clock.js';
import { integrityProblem } from '../../../main/store/backup.js';
import { backupIfDue, startBackupSchedule } from '../../../main/store/schedule.js';
import { openStore, type Store } from '../../../main/store/store.js';
import { tempDir } from '../../helpers/temp-dir.js';

let dir: ReturnType<typeof tempDir>;
let store: Store;
let clock: ReturnType<typeof manualClock>;

beforeEach(() => {
  dir = tempDir('cp-desk-schedule-');
  clock = manualClock(new Date());
  store = openStore({ dataDir: dir.path, clock });
  store.write({ actor: null, reason: 'test' }, (tx) => {
    tx.db.prepare("INSERT INTO settings (key, value_json) VALUES ('labName', '\"Backed Up\"')").run();
    tx.audit('settings', 'lab', 'update', null, null);
  });
});
afterEach(() => {
  vi.useRealTimers();
  store.close();
  dir.remove();
});

const backups = () => readdirSync(join(dir.path, 'backups')).sort();

describe('the daily backup', () => {
  it('works on a data directory that has no backups/ folder yet', async () => {
    expect(existsSync(join(dir.path, 'backups'))).toBe(false);
    const log = memoryLogger();
    const written = await backupIfDue(store, log);
    expect(written).not.toBeNull();
    expect(backups()).toHaveLength(1);
    expect(integrityProblem(written!)).toBeNull();
    const copy = new Database(written!, { readonly: true });
    expect(copy.prepare("SELECT value_json FROM settings WHERE key = 'labName'").pluck().get()).toBe(
      '"Backed Up"',
    );
    copy.close();
    // Reading the copy left nothing beside it: it stands on its own, out of WAL mode.
    expect(backups()).toHaveLength(1);
    expect(log.lines).toEqual([`info backup written: ${written!}`]);
  });

  it('is not taken again within a day, is taken a day later, and keeps the newest 14', async () => {
    const log = memoryLogger();
    await backupIfDue(store, log);
    expect(await backupIfDue(store, log)).toBeNull();
    for (let day = 1; day <= 15; day++) {
      // Age the newest copy by a day (the schedule reads the files' times), and move the clock on with it.
      for (const f of backups()) {
        const at = new Date(Date.now() - (16 - day) * 86_400_000 - 60_000);
        utimesSync(join(dir.path, 'backups', f), at, at);
      }
      clock.advance(86_400_000);
      expect(await backupIfDue(store, log)).not.toBeNull();
    }
    expect(backups()).toHaveLength(14);
  });

  it('runs on its own a few seconds after start', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval'] });
    const log = memoryLogger();
    const schedule = startBackupSchedule(store, log);
    try {
      await vi.advanceTimersByTimeAsync(5_000);
      await vi.waitFor(() => expect(log.lines.some((l) => l.startsWith('info backup written'))).toBe(true));
      expect(log.lines.filter((l) => l.startsWith('error'))).toEqual([]);
      expect(backups()).toHaveLength(1);
    } finally {
      schedule.stop();
    }
  });
});
