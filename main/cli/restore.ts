import { resolve } from 'node:path';
import { migrations } from '../store/migrations/index.js';
import { restoreFrom } from '../store/backup.js';
import { tryDataLock } from '../store/data-lock.js';
import { DB_FILE } from '../store/store.js';
import { errorMessage, parseCommandArgs, type CliIo } from './common.js';

export const usage = `cp-desk restore FILE [--data DIR]
  Replaces the database with FILE after checking its integrity. The current database is kept in DIR/backups.
  Stop the Desk first.`;

export function run(args: string[], io: CliIo): number {
  const { values, positionals, dataDir } = parseCommandArgs(args, {}, true);
  if (values.help === true) {
    io.out(usage);
    return 0;
  }
  const source = positionals[0];
  if (source === undefined || positionals.length > 1) {
    io.err('Name exactly one backup file to restore.\n' + usage);
    return 2;
  }
  // Held for the whole restore, so no Desk can start on the directory half-way through.
  const attempt = tryDataLock(dataDir);
  if (!attempt.ok) {
    io.err(
      `The Desk is running on ${dataDir} (${attempt.holder}). Stop it before restoring. Nothing was changed.`,
    );
    return 1;
  }
  try {
    const result = restoreFrom(
      dataDir,
      DB_FILE,
      resolve(source),
      new Set(migrations.map((m) => m.version)),
      new Date(),
    );
    io.out(`Restored from ${result.restoredFrom}.`);
    if (result.previousKeptAs !== null) io.out(`The previous database is kept as ${result.previousKeptAs}.`);
    return 0;
  } catch (error) {
    io.err(`Restore refused: ${errorMessage(error)}`);
    return 1;
  } finally {
    attempt.lock.release();
  }
}
