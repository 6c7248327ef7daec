import type { Db, WriteTx } from '../store/store.js';
import { DeskError } from '../kernel/errors.js';
import { sql } from './sql.js';

/**
 * Idempotency keys of money-recording calls. A money form makes a key when it opens and sends it with its call; a
 * second call with the same key — a double click, a retry after a lost answer — gets the first call's result and
 * records nothing more. The same key with a different request is refused: it is a new record, so a new form.
 */
const canonical = (input: unknown): string =>
  JSON.stringify(input, (k, v: unknown) => (k === 'idempotencyKey' ? undefined : v));

interface Row {
  method: string;
  input_json: string;
  result_json: string;
}

/** The first call's result for `key`, or undefined when the key is new. Refuses a key reused for another request. */
export function priorResult(db: Db, key: string, method: string, input: unknown): unknown {
  const row = sql(db, 'SELECT method, input_json, result_json FROM treasury_idempotency WHERE key = ?').get(
    key,
  ) as Row | undefined;
  if (row === undefined) return undefined;
  if (row.method !== method || row.input_json !== canonical(input)) {
    throw new DeskError(
      'CONFLICT',
      'This form was already used to record something else. Open a new form to record another amount.',
    );
  }
  return JSON.parse(row.result_json) as unknown;
}

/** Keeps the key with this call's request and result, in the call's own transaction. */
export function rememberResult(
  tx: WriteTx,
  key: string,
  method: string,
  input: unknown,
  result: unknown,
): void {
  sql(
    tx.db,
    'INSERT INTO treasury_idempotency (key, method, actor_id, input_json, result_json, at) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(key, method, tx.actor, canonical(input), JSON.stringify(result), tx.at);
}

/**
 * Runs a money-recording call once per key: a key seen before returns its first result without running anything
 * (no checks either — the stock or balance the first call used may be gone by now); otherwise `run` does the
 * call and hands `remember` its result inside its own write. Without a key, `run` simply runs.
 */
export function once<T>(
  db: Db,
  key: string | undefined,
  method: string,
  input: unknown,
  run: (remember: (tx: WriteTx, result: T) => void) => T,
): T {
  if (key === undefined) return run(() => undefined);
  const prior = priorResult(db, key, method, input);
  if (prior !== undefined) return prior as T;
  return run((tx, result) => rememberResult(tx, key, method, input, result));
}
