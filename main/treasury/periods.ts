import type { Db, WriteTx } from '../store/store.js';
import { DeskError, ruleViolation } from '../shared/errors.js';
import { sql } from './sql.js';

export interface Period {
  name: string;
  startsOn: string;
  endsOn: string;
  closedAt: string | null;
}

/** The fiscal year is the calendar year (the bylaws' default); its period is named FY<year>. */
export function fiscalYear(year: number): Omit<Period, 'closedAt'> {
  return { name: `FY${year}`, startsOn: `${year}-01-01`, endsOn: `${year}-12-31` };
}

/**
 * Closes a fiscal year for good: from then on every entry dated in it is refused (here and by a trigger), so the
 * figures reported for that year cannot move. Only a year that has ended can be closed, and never reopened.
 */
export function closeFiscalYear(tx: WriteTx, year: number): Period {
  if (!Number.isInteger(year) || year < 1900 || year > 9999)
    throw new DeskError('INVALID_INPUT', `${year} is not a year.`);
  const p = fiscalYear(year);
  const today = tx.at.slice(0, 10);
  if (p.endsOn >= today)
    throw ruleViolation(`${p.name} has not ended yet; it can be closed from ${year + 1}-01-01.`);
  const existing = sql(tx.db, 'SELECT closed_at FROM treasury_periods WHERE name = ?').get(p.name) as
    { closed_at: string | null } | undefined;
  if (existing?.closed_at != null) throw ruleViolation(`${p.name} is already closed.`);
  if (existing === undefined) {
    sql(
      tx.db,
      'INSERT INTO treasury_periods (name, starts_on, ends_on, closed_at, closed_by) VALUES (?, ?, ?, ?, ?)',
    ).run(p.name, p.startsOn, p.endsOn, tx.at, tx.actor);
  } else {
    sql(tx.db, 'UPDATE treasury_periods SET closed_at = ?, closed_by = ? WHERE name = ?').run(
      tx.at,
      tx.actor,
      p.name,
    );
  }
  tx.audit('treasury.period', p.name, 'close', null, { ...p, closedAt: tx.at });
  return { ...p, closedAt: tx.at };
}

export function listPeriods(db: Db): Period[] {
  return (
    sql(db, 'SELECT name, starts_on, ends_on, closed_at FROM treasury_periods ORDER BY starts_on').all() as {
      name: string;
      starts_on: string;
      ends_on: string;
      closed_at: string | null;
    }[]
  ).map((r) => ({ name: r.name, startsOn: r.starts_on, endsOn: r.ends_on, closedAt: r.closed_at }));
}
