import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DB_FILE } from '../store/store.js';
import { verifyLedger } from '../treasury/journal.js';
import { errorMessage, parseCommandArgs, type CliIo } from './common.js';

export const usage = `cp-desk verify-ledger [--data DIR]
  Checks that every journal entry balances and that the hash chain is intact.
  Exit 0 when it is; 1 naming the first broken entry otherwise; 2 when there is no database to check.`;

/** `cp-desk verify-ledger --data DIR`: read-only, so it is safe on a copy or while the Desk runs. */
export function run(args: string[], io: CliIo): Promise<number> {
  return Promise.resolve(verify(args, io));
}

function verify(args: string[], io: CliIo): number {
  const { values, dataDir } = parseCommandArgs(args, {});
  if (values.help === true) {
    io.out(usage);
    return 0;
  }
  const file = join(dataDir, DB_FILE);
  if (!existsSync(file)) {
    io.err(`There is no Desk database in ${dataDir}.`);
    return 2;
  }
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const hasJournal = db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'treasury_entries'")
      .get();
    if (hasJournal === undefined) {
      io.out('No journal yet: nothing to verify.');
      return 0;
    }
    const result = verifyLedger(db);
    if (result.firstBroken !== undefined) {
      io.err(`Ledger broken at entry ${result.firstBroken.number}: ${result.firstBroken.reason}.`);
      return 1;
    }
    io.out(
      `Ledger intact: ${result.entries} entries, each balanced and chained. Last hash ${result.lastHash}.`,
    );
    return 0;
  } catch (error) {
    io.err(`Could not read the ledger: ${errorMessage(error)}`);
    return 1;
  } finally {
    db?.close();
  }
}
