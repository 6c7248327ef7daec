import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { backupTo, backupsDir, rotateBackups, timestampForFile } from '../store/backup.js';
import { DB_FILE } from '../store/store.js';
import { errorMessage, parseCommandArgs, type CliIo } from './common.js';

export const usage = `cp-desk backup [--data DIR] [--out FILE]
  Writes a checked copy of the database (default: DIR/backups/desk-<time>.sqlite). Safe while the Desk runs.`;

export function run(args: string[], io: CliIo): number {
  const { values, dataDir } = parseCommandArgs(args, { out: { type: 'string' } });
  if (values.help === true) {
    io.out(usage);
    return 0;
  }
  const file = join(dataDir, DB_FILE);
  if (!existsSync(file)) {
    io.err(`There is no Desk database in ${dataDir}.`);
    return 1;
  }
  const target =
    typeof values.out === 'string'
      ? resolve(values.out)
      : join(backupsDir(dataDir), `desk-${timestampForFile(new Date())}.sqlite`);
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    backupTo(db, target);
  } catch (error) {
    io.err(`Backup failed: ${errorMessage(error)}`);
    return 1;
  } finally {
    db.close();
  }
  if (typeof values.out !== 'string') rotateBackups(dataDir, 14);
  io.out(`Backup written and checked: ${target}`);
  return 0;
}
