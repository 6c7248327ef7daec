import type { Db } from '../store/store.js';
import { listEntries } from './journal.js';
import { plainCents } from './money.js';
import { sql } from './sql.js';

interface AccountRow {
  code: string;
  name: string;
  type: string;
}

const accounts = (db: Db): AccountRow[] =>
  sql(db, 'SELECT code, name, type FROM treasury_accounts ORDER BY code').all() as AccountRow[];

/** Beancount strings are double-quoted with backslash escapes; newlines would end the directive. */
const bq = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\s+/g, ' ')}"`;
/** hledger descriptions end at a newline or a ';' (comment): keep them on one line and without a semicolon. */
const hd = (s: string): string => s.replace(/\s+/g, ' ').replace(/;/g, ',');

function width(db: Db): number {
  return Math.max(...accounts(db).map((a) => a.code.length)) + 4;
}

/**
 * The whole journal as beancount text: one `open` per account (dated before the first entry), then one transaction
 * per entry with its number and hash as metadata, so the accountant's copy can be traced back to the chain.
 */
/** `through`: the export's cut-off, the lab's today (lab-clock.ts) unless given: nothing dated later goes out. */
export function toBeancount(db: Db, title: string, through: string): string {
  const entries = listEntries(db, { to: through });
  const first = entries[0]?.date ?? '2000-01-01';
  const w = width(db);
  const out = [`option "title" ${bq(title)}`, 'option "operating_currency" "USD"', ''];
  for (const a of accounts(db)) out.push(`${first} open ${a.code} USD`);
  out.push('');
  for (const e of entries) {
    out.push(`${e.date} * ${bq(e.memo)}`);
    out.push(`  entry: ${e.number}`, `  kind: ${bq(e.kind)}`, `  hash: ${bq(e.hash)}`);
    if (e.reversesId !== null)
      out.push(`  reverses: ${bq(String(entries.find((x) => x.id === e.reversesId)?.number ?? ''))}`);
    for (const l of e.lines) out.push(`  ${l.account.padEnd(w)}${plainCents(l.amount).padStart(14)} USD`);
    out.push('');
  }
  return out.join('\n');
}

const HLEDGER_TYPE: Record<string, string> = {
  asset: 'A',
  liability: 'L',
  equity: 'E',
  income: 'R',
  expense: 'X',
};

/** The whole journal as hledger text: account declarations with their types, then one transaction per entry. */
export function toHledger(db: Db, through: string): string {
  const w = width(db);
  const out = ['; Community Production Desk journal export', 'commodity 1,000.00 USD', ''];
  for (const a of accounts(db)) out.push(`account ${a.code}  ; type: ${HLEDGER_TYPE[a.type] ?? ''}`);
  out.push('');
  for (const e of listEntries(db, { to: through })) {
    out.push(`${e.date} * (${e.number}) ${hd(e.memo)}  ; kind:${e.kind}, hash:${e.hash}`);
    for (const l of e.lines) out.push(`    ${l.account.padEnd(w)}${plainCents(l.amount).padStart(14)} USD`);
    out.push('');
  }
  return out.join('\n');
}
