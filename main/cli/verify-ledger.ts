import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { DB_FILE } from '../store/store.js';
import { verifyLedgerWithAnchors } from '../treasury/journal.js';
import { ANCHORS_FILE, compareWithBackup, describeHead, firstFinding } from '../treasury/anchors.js';
import { errorMessage, parseCommandArgs, type CliIo } from './common.js';

export const usage = `cp-desk verify-ledger [--data DIR] [--against BACKUP]
  Checks that every journal entry balances, that the hash chain is intact, and that the chain still matches every
  anchor kept outside the database: DIR/${ANCHORS_FILE} (a head per write, close and report) and the manifest
  beside each backup in DIR/backups. With --against, also compares entry by entry with that backup file.
  Exit 0 when all agree; 1 naming the first entry that differs; 2 when there is no database to check.`;

/** `cp-desk verify-ledger --data DIR [--against FILE]`: read-only, so it is safe on a copy or while the Desk runs. */
export function run(args: string[], io: CliIo): Promise<number> {
  return Promise.resolve(verify(args, io));
}

function verify(args: string[], io: CliIo): number {
  const { values, dataDir } = parseCommandArgs(args, { against: { type: 'string' } });
  if (values.help === true) {
    io.out(usage);
    return 0;
  }
  const file = join(dataDir, DB_FILE);
  if (!existsSync(file)) {
    io.err(`There is no Desk database in ${dataDir}.`);
    return 2;
  }
  const against = typeof values.against === 'string' ? resolve(values.against) : undefined;
  if (against !== undefined && !existsSync(against)) {
    io.err(`There is no backup file at ${against}.`);
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
    const result = verifyLedgerWithAnchors(db, dataDir);
    for (const note of result.notes) io.out(note);
    const fromBackup =
      against === undefined ? null : compareWithBackup(db, against, `backup ${basename(against)}`);
    const first = firstFinding([result.firstBroken, fromBackup]);
    if (first !== undefined) {
      io.err(
        first.number === 0
          ? `Ledger anchors damaged: ${first.reason}.`
          : first.upTo === undefined
            ? `Ledger broken at entry ${first.number}: ${first.reason}.`
            : `Ledger broken in entries ${first.number} to ${first.upTo}: ${first.reason}.`,
      );
      return 1;
    }
    io.out(
      `Ledger intact: ${result.entries} entries, each balanced and chained; matches ${result.anchorsChecked} anchor(s) kept outside the database` +
        `${against === undefined ? '' : ` and backup ${basename(against)}`}. ${describeHead(result.chainHead)}`,
    );
    return 0;
  } catch (error) {
    io.err(`Could not read the ledger: ${errorMessage(error)}`);
    return 1;
  } finally {
    db?.close();
  }
}
