import type { Statement } from 'better-sqlite3';
import type { Db } from '../store/store.js';

const byDb = new WeakMap<Db, Map<string, Statement>>();

/**
 * The treasury's prepared statements, compiled once per connection. Compiling is most of what a small query costs
 * here (SQLite also compiles the triggers a write fires), and every service asks the same few questions on each
 * write. Only for fixed SQL text (values go in as parameters), and never with modes like `.pluck()` or `.raw()`,
 * which would stick to the shared statement.
 */
export function sql(db: Db, text: string): Statement {
  let cache = byDb.get(db);
  if (cache === undefined) byDb.set(db, (cache = new Map<string, Statement>()));
  let statement = cache.get(text);
  if (statement === undefined) cache.set(text, (statement = db.prepare(text)));
  return statement;
}
