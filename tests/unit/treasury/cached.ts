import type { Statement } from 'better-sqlite3';
import type { Db } from '../../../main/store/store.js';

const statements = new WeakMap<Db, Map<string, Statement>>();

/** Prepares each query once per database: a sequence asks the same few questions before every step. */
export function cached(db: Db, sql: string): Statement {
  let byDb = statements.get(db);
  if (byDb === undefined) statements.set(db, (byDb = new Map<string, Statement>()));
  let s = byDb.get(sql);
  if (s === undefined) byDb.set(sql, (s = db.prepare(sql)));
  return s;
}
