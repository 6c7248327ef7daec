import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DB_FILE, openStore, type Store, type WriteTx } from '../../../main/store/store.js';
import { manualClock } from '../../../main/kernel/clock.js';
import { tempDir } from '../../helpers/temp-dir.js';

export interface TreasuryStore {
  store: Store;
  clock: ReturnType<typeof manualClock>;
  write<T>(fn: (tx: WriteTx) => T): T;
  close(): void;
}

/**
 * A freshly migrated database file, made once per test file by the real `openStore` (every migration, seeds and
 * triggers) and checkpointed so the one file holds it all. Creating the schema is what a store costs (≈ 45 ms of
 * SQL per open, against ≈ 0.25 ms per treasurer step), so property runs that open a store per sequence copy this
 * file instead: the copy is byte for byte what the migrations write, and `openStore` then opens it exactly as the
 * app opens an existing data directory (version check, WAL, foreign keys, synchronous FULL; nothing to migrate).
 */
let template: { dir: ReturnType<typeof tempDir>; file: string } | undefined;

function templateFile(): string {
  if (template === undefined) {
    const dir = tempDir('cp-desk-treasury-template-');
    const store = openStore({ dataDir: dir.path, clock: manualClock('2026-01-01T00:00:00.000Z') });
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    store.close();
    template = { dir, file: join(dir.path, DB_FILE) };
    process.once('exit', () => template?.dir.remove());
  }
  return template.file;
}

/**
 * A real store (all migrations) over a real SQLite file in its own temp dir (or in `dir`, over whatever file a
 * closed store left there), with a clock the test moves.
 *
 * `fast`: for property runs only, commits without fsync (`synchronous = OFF`). That changes what survives a power
 * cut, nothing else: transactions, rollbacks, triggers, constraints and what every later read sees are the same,
 * and the sequences never cut the power. (Durability under FULL is the store's own tests' job.)
 */
export function openTreasuryStore(
  start = '2026-11-24T15:00:00.000Z',
  options: { fast?: boolean; dir?: string } = {},
): TreasuryStore {
  const dir = options.dir === undefined ? tempDir('cp-desk-treasury-') : undefined;
  const dataDir = dir?.path ?? options.dir!;
  const file = join(dataDir, DB_FILE);
  // In a reused directory the last store was closed (so SQLite removed its WAL); never let one outlive its file.
  for (const stale of [`${file}-wal`, `${file}-shm`]) rmSync(stale, { force: true });
  copyFileSync(templateFile(), file);
  const clock = manualClock(start);
  const store = openStore({ dataDir, clock });
  if (options.fast === true) store.db.pragma('synchronous = OFF');
  return {
    store,
    clock,
    write: (fn) => store.write({ actor: null, reason: 'test' }, fn),
    close() {
      store.close();
      dir?.remove();
    },
  };
}
