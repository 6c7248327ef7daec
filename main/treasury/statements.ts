import type { Db } from '../store/store.js';
import { accountBalances } from './journal.js';
import { periodOf } from './periods.js';
import { addDays } from './schedule.js';
import {
  accountsOf,
  col,
  natural,
  type AccountRow,
  type ReportParams,
  type ReportTable,
} from './report-table.js';
import { sql } from './sql.js';

/** The financial statements, from the journal alone: trial balance, balance sheet, statement of activities. */
export function statement(
  db: Db,
  kind: 'trial-balance' | 'balance-sheet' | 'activities',
  p: ReportParams,
): ReportTable {
  switch (kind) {
    case 'trial-balance': {
      const balances = accountBalances(db, { to: p.asOf });
      const rows = accountsOf(db)
        .map((a) => {
          const b = balances.get(a.code) ?? 0;
          return { account: a.code, name: a.name, debit: b > 0 ? b : null, credit: b < 0 ? -b : null };
        })
        .filter((r) => r.debit !== null || r.credit !== null);
      return {
        kind,
        title: 'Trial balance',
        subtitle: `As of ${p.asOf}`,
        columns: [
          col('account', 'Account'),
          col('name', 'Name'),
          col('debit', 'Debit', 'money'),
          col('credit', 'Credit', 'money'),
        ],
        rows,
        totals: {
          debit: rows.reduce((s, r) => s + (r.debit ?? 0), 0),
          credit: rows.reduce((s, r) => s + (r.credit ?? 0), 0),
        },
      };
    }
    case 'balance-sheet': {
      const balances = accountBalances(db, { to: p.asOf });
      const accounts = accountsOf(db);
      const section = (type: AccountRow['type'], label: string) =>
        accounts
          .filter((a) => a.type === type && (balances.get(a.code) ?? 0) !== 0)
          .map((a) => ({
            section: label,
            account: a.code,
            amount: natural(type, balances.get(a.code) ?? 0),
          }));
      // Income less expenses, split at the start of the fiscal year the date falls in.
      const year = periodOf(db, p.asOf);
      const before = accountBalances(db, { to: addDays(year.startsOn, -1) });
      const surplus = (b: Map<string, number>) =>
        accounts
          .filter((a) => a.type === 'income' || a.type === 'expense')
          .reduce((s, a) => s - (b.get(a.code) ?? 0), 0);
      const prior = surplus(before);
      const assets = section('asset', 'Assets');
      const rows = [
        ...assets,
        ...section('liability', 'Liabilities'),
        ...section('equity', 'Equity'),
        { section: 'Equity', account: `Net assets from before ${year.name}`, amount: prior },
        {
          section: 'Equity',
          account: `Change in net assets in ${year.name} to date (income less expenses)`,
          amount: surplus(balances) - prior,
        },
      ];
      const claims = rows.slice(assets.length).reduce((s, r) => s + r.amount, 0);
      return {
        kind,
        title: 'Balance sheet',
        subtitle: `As of ${p.asOf}`,
        columns: [col('section', 'Section'), col('account', 'Account'), col('amount', 'Amount', 'money')],
        rows,
        totals: {
          section: 'Assets = liabilities + equity',
          amount: assets.reduce((s, r) => s + r.amount, 0),
          account: claims === assets.reduce((s, r) => s + r.amount, 0) ? 'balanced' : 'OUT OF BALANCE',
        },
      };
    }
    case 'activities': {
      const rows = sql(
        db,
        `SELECT a.code AS account, a.type, coalesce(f.restriction, 'unrestricted') AS restriction, sum(l.amount_cents) AS debit
           FROM treasury_lines l JOIN treasury_accounts a ON a.id = l.account_id JOIN treasury_entries e ON e.id = l.entry_id
           LEFT JOIN treasury_funds f ON f.id = l.fund_id
           WHERE a.type IN ('income', 'expense') AND e.date BETWEEN ? AND ? GROUP BY a.code, restriction ORDER BY a.type DESC, a.code`,
      ).all(p.from, p.to) as {
        account: string;
        type: 'income' | 'expense';
        restriction: string;
        debit: number;
      }[];
      // Donor restrictions belong to contributions alone: a sale (mask income tagged with the production fund)
      // is revenue without donor restrictions whatever fund it is tagged with. Expenses are always without
      // restrictions; an expense charged to a restricted fund releases that much from restriction.
      const restricted = (r: (typeof rows)[number]) =>
        r.type === 'income' &&
        r.account.startsWith('Income:Contributions:') &&
        r.restriction !== 'unrestricted';
      const merged = new Map<string, { section: string; account: string; without: number; with: number }>();
      let released = 0;
      for (const r of rows) {
        const key = `${r.type}:${r.account}`;
        const row = merged.get(key) ?? {
          section: r.type === 'income' ? 'Revenue and support' : 'Expenses',
          account: r.account,
          without: 0,
          with: 0,
        };
        if (restricted(r)) row.with += natural(r.type, r.debit);
        else row.without += natural(r.type, r.debit);
        if (r.type === 'expense' && r.restriction !== 'unrestricted') released += r.debit;
        merged.set(key, row);
      }
      const table: Record<string, string | number | null>[] = [...merged.values()].map((r) => ({
        section: r.section,
        account: r.account,
        withoutRestrictions: r.with !== 0 && r.without === 0 ? null : r.without,
        withRestrictions: r.with === 0 ? null : r.with,
      }));
      if (released !== 0)
        table.push({
          section: 'Revenue and support',
          account: 'Net assets released from restrictions',
          withoutRestrictions: released,
          withRestrictions: -released,
        });
      const change = rows.reduce((s, r) => s - r.debit, 0);
      const withChange = [...merged.values()].reduce((s, r) => s + r.with, 0) - released;
      return {
        kind,
        title: 'Statement of activities',
        subtitle: `${p.from} to ${p.to}${fiscal(db, p.from, p.to)}`,
        columns: [
          col('section', 'Section'),
          col('account', 'Account'),
          col('withoutRestrictions', 'Without donor restrictions', 'money'),
          col('withRestrictions', 'With donor restrictions', 'money'),
        ],
        rows: table,
        totals: {
          section: 'Change in net assets',
          withoutRestrictions: change - withChange,
          withRestrictions: withChange,
        },
      };
    }
  }
}

/** ", fiscal year FY2027" when the dates are exactly one fiscal year, or its start to a day within it. */
function fiscal(db: Db, from: string, to: string): string {
  const p = periodOf(db, from);
  if (p.startsOn !== from || to > p.endsOn) return '';
  return to === p.endsOn ? ` (fiscal year ${p.name})` : ` (${p.name} to date)`;
}
