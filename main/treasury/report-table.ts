import type { Db } from '../store/store.js';
import { sql } from './sql.js';

export type ReportKind =
  | 'member-register'
  | 'voting-roster'
  | 'certificate-ledger'
  | 'gifts-by-donor'
  | 'loan-book'
  | 'trial-balance'
  | 'balance-sheet'
  | 'activities'
  | 'campaign'
  | 'audit-trail'
  | 'acknowledgment-batch';

export const reportKinds: readonly ReportKind[] = [
  'member-register',
  'voting-roster',
  'certificate-ledger',
  'gifts-by-donor',
  'loan-book',
  'trial-balance',
  'balance-sheet',
  'activities',
  'campaign',
  'audit-trail',
  'acknowledgment-batch',
];

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
