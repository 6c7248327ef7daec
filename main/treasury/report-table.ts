import type { Db } from '../store/store.js';
import { sql } from './sql.js';
import { reportKinds } from '../../preload/contract/report-kinds.js';

/** The report kinds are listed once, in the contract; each has a builder in reports/ (the registry). */
export { reportKinds };
export type ReportKind = (typeof reportKinds)[number];

export interface ReportColumn {
  key: string;
  label: string;
  kind: 'text' | 'money' | 'number' | 'date';
}

export type Cell = string | number | null;

/** Every report is the same shape, so one screen shows, prints and downloads them all. Money cells are cents. */
export interface ReportTable {
  kind: ReportKind;
  title: string;
  subtitle: string;
  columns: ReportColumn[];
  rows: Record<string, Cell>[];
  totals: Record<string, Cell> | null;
}

export interface ReportParams {
  asOf: string;
  from: string;
  to: string;
  year: number;
}

export const col = (key: string, label: string, kind: ReportColumn['kind'] = 'text'): ReportColumn => ({
  key,
  label,
  kind,
});

export interface AccountRow {
  code: string;
  name: string;
  type: 'asset' | 'liability' | 'equity' | 'income' | 'expense';
}

export const accountsOf = (db: Db): AccountRow[] =>
  sql(db, 'SELECT code, name, type FROM treasury_accounts ORDER BY code').all() as AccountRow[];

/** Debit-positive balance shown the way a reader expects: credits (liabilities, equity, income) as positive numbers. */
export const natural = (type: AccountRow['type'], debit: number): number =>
  type === 'asset' || type === 'expense' ? debit : -debit;
