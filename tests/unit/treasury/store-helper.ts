import { openStore, type Store, type WriteTx } from '../../../main/store/store.js';
import { manualClock } from '../../../main/shared/clock.js';
import { tempDir } from '../../helpers/temp-dir.js';

export interface TreasuryStore {
  store: Store;
  clock: ReturnType<typeof manualClock>;
  write<T>(fn: (tx: WriteTx) => T): T;
  close(): void;
}

/** A real store (all migrations) over a real SQLite file in its own temp dir, with a clock the test moves. */
export function openTreasuryStore(
  start = '2026-11-24T15:00:00.000Z',
  options: { fast?: boolean } = {},
): TreasuryStore {
  const dir = tempDir('cp-desk-treasury-');
  const clock = manualClock(start);
  const store = openStore({ dataDir: dir.path, clock });
  // Property runs open hundreds of stores; fsync on every commit would only measure the disk.
  if (options.fast === true) store.db.pragma('synchronous = OFF');
  return {
    store,
    clock,
    write: (fn) => store.write({ actor: null, reason: 'test' }, fn),
    close() {
      store.close();
      dir.remove();
    },
  };
}
