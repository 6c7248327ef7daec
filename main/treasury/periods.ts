import type { Db, WriteTx } from '../store/store.js';
import { DeskError, ruleViolation } from '../kernel/errors.js';
import { addDays } from './schedule.js';
import { sql } from './sql.js';
import { labToday } from '../kernel/lab-time.js';

export interface Period {
  name: string;
  startsOn: string;
  endsOn: string;
  closedAt: string | null;
}

/**
 * Fiscal years, stated once:
 * - The fiscal year starts on a configured day (`MM-DD`, 01-01 to 12-28; the bylaws' default is 01-01) and is named
 *   by the calendar year it ends in: with a July 1 start, FY2027 runs 2026-07-01 to 2027-06-30.
 * - Years close in order and for good. Everything on or before the last closed day is locked — also days before the
 *   first closed year, whose books closed with it (a trigger enforces the same).
 * - The start changes only between years (nothing posted after the last closed year yet), and applies from there:
 *   the first open year then begins the day after the last closed one and ends
 *   on the first new year-end in a later calendar year (calendar → July 1 after closing FY2025 gives a short FY2026,
 *   2026-01-01 to 2026-06-30; July 1 → calendar after closing FY2026 gives FY2027, 2026-07-01 to 2027-12-31). So
 *   the years always tile the calendar, each name is used once, and no closed figure ever moves.
 */
export const FISCAL_START = /^(0[1-9]|1[0-2])-(0[1-9]|1\d|2[0-8])$/;

const pad = (n: number): string => String(n).padStart(2, '0');

export function fiscalYearStart(db: Db): string {
  const r = sql(
    db,
    'SELECT start_month AS m, start_day AS d FROM treasury_fiscal_year WHERE id = 1',
  ).get() as { m: number; d: number } | undefined;
  return r === undefined ? '01-01' : `${pad(r.m)}-${pad(r.d)}`;
}

/** The last day of fiscal year `year` under a start `MM-DD`, before any transition. */
function configuredEnd(year: number, start: string): string {
  return start === '01-01' ? `${year}-12-31` : addDays(`${String(year).padStart(4, '0')}-${start}`, -1);
}

interface PeriodRow {
  name: string;
  starts_on: string;
  ends_on: string;
  closed_at: string | null;
}
const toPeriod = (r: PeriodRow): Period => ({
  name: r.name,
  startsOn: r.starts_on,
  endsOn: r.ends_on,
  closedAt: r.closed_at,
});

/** The last closed year, if any: the books are locked on and before its last day. */
export function lastClosed(db: Db): Period | undefined {
  const r = sql(
    db,
    'SELECT name, starts_on, ends_on, closed_at FROM treasury_periods WHERE closed_at IS NOT NULL ORDER BY ends_on DESC LIMIT 1',
  ).get() as PeriodRow | undefined;
  return r === undefined ? undefined : toPeriod(r);
}

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < 1900 || year > 9999)
    throw new DeskError('INVALID_INPUT', `${year} is not a year.`);
}

/** Fiscal year `year` (named by the calendar year it ends in): the closed record if there is one, else computed. */
export function fiscalPeriod(db: Db, year: number): Period {
  checkYear(year);
  const stored = sql(
    db,
    'SELECT name, starts_on, ends_on, closed_at FROM treasury_periods WHERE name = ?',
  ).get(`FY${year}`) as PeriodRow | undefined;
  if (stored !== undefined) return toPeriod(stored);
  const start = fiscalYearStart(db);
  let startsOn = addDays(configuredEnd(year - 1, start), 1);
  const last = lastClosed(db);
  if (last !== undefined && year === Number(last.endsOn.slice(0, 4)) + 1) startsOn = addDays(last.endsOn, 1);
  return { name: `FY${year}`, startsOn, endsOn: configuredEnd(year, start), closedAt: null };
}

/** The fiscal year a date belongs to. */
export function periodOf(db: Db, date: string): Period {
  const year = Number(date.slice(0, 4));
  for (const y of [year, year + 1]) {
    const p = fiscalPeriod(db, y);
    if (p.startsOn <= date && date <= p.endsOn) return p;
  }
  // Only reachable for a date before the first closed year when the start changed since: name it by its year.
  return { name: `FY${year}`, startsOn: date, endsOn: date, closedAt: null };
}

/** Why nothing can be dated `date` (it lies in closed books), or null when it can. */
export function closedBooksOn(db: Db, date: string): string | null {
  const last = lastClosed(db);
  if (last === undefined || date > last.endsOn) return null;
  const inside = sql(
    db,
    'SELECT name FROM treasury_periods WHERE closed_at IS NOT NULL AND ? BETWEEN starts_on AND ends_on',
  ).get(date) as { name: string } | undefined;
  if (inside !== undefined)
    return `${date} falls in ${inside.name}, which is closed. Post it in an open period.`;
  const first = sql(
    db,
    'SELECT name FROM treasury_periods WHERE closed_at IS NOT NULL ORDER BY starts_on LIMIT 1',
  ).get() as { name: string };
  return `${date} is before ${first.name}, the first closed year; the books before it closed with it. Post it in an open period.`;
}

/**
 * Closes a fiscal year for good: from then on every entry dated in it (or before it) is refused, here and by a
 * trigger, so the figures reported for that year cannot move. Only a year that has ended, only the year after the
 * last closed one (or, for the first, one with no entries before it), never reopened. `beforeClosing` runs in the
 * same transaction first (the loans' interest is accrued through the year's last day there).
 */
export function closeFiscalYear(tx: WriteTx, year: number, beforeClosing?: (p: Period) => void): Period {
  const p = fiscalPeriod(tx.db, year);
  if (p.closedAt !== null) throw ruleViolation(`${p.name} is already closed.`);
  const today = labToday(tx.db, tx.at);
  if (p.endsOn >= today)
    throw ruleViolation(`${p.name} has not ended yet; it can be closed from ${addDays(p.endsOn, 1)}.`);
  const last = lastClosed(tx.db);
  if (last !== undefined && p.endsOn <= last.endsOn)
    throw ruleViolation(`${p.name} lies in books already closed through ${last.endsOn}.`);
  if (last !== undefined && p.startsOn !== addDays(last.endsOn, 1)) {
    const next = periodOf(tx.db, addDays(last.endsOn, 1));
    throw ruleViolation(`Years close in order: close ${next.name} first.`);
  }
  if (last === undefined) {
    const earlier = sql(tx.db, 'SELECT min(date) AS d FROM treasury_entries WHERE date < ?').get(
      p.startsOn,
    ) as {
      d: string | null;
    };
    if (earlier.d !== null)
      throw ruleViolation(
        `There are entries before ${p.name} begins (the first on ${earlier.d}); close ${periodOf(tx.db, earlier.d).name} first.`,
      );
  }
  beforeClosing?.(p);
  sql(
    tx.db,
    'INSERT INTO treasury_periods (name, starts_on, ends_on, closed_at, closed_by) VALUES (?, ?, ?, ?, ?)',
  ).run(p.name, p.startsOn, p.endsOn, tx.at, tx.actor);
  tx.audit('treasury.period', p.name, 'close', null, { ...p, closedAt: tx.at });
  return { ...p, closedAt: tx.at };
}

/**
 * Sets the fiscal year's first day (`MM-DD`): only between years — while nothing is posted after the last closed
 * year (or at all, before the first is closed). Closed years keep their dates; the change applies from the day
 * after the last closed one (see the rules above).
 */
export function setFiscalYearStart(tx: WriteTx, start: string): string {
  if (!FISCAL_START.test(start))
    throw new DeskError('INVALID_INPUT', `Give the fiscal year's first day as MM-DD, from 01-01 to 12-28.`, {
      field: 'start',
    });
  const before = fiscalYearStart(tx.db);
  // Between years only: once something is posted in an open year, moving its end would leave interest, reports
  // and PRI due dates computed on a year that no longer exists.
  const last = lastClosed(tx.db);
  const posted = sql(tx.db, 'SELECT min(date) AS d FROM treasury_entries WHERE date > ?').get(
    last?.endsOn ?? '0000-00-00',
  ) as { d: string | null };
  if (posted.d !== null && start !== before)
    throw ruleViolation(
      `The fiscal year's first day can change only between years, before anything is posted in the open ones; ` +
        `there are entries from ${posted.d}. Close ${periodOf(tx.db, posted.d).name} first.`,
    );
  const [m, d] = start.split('-').map(Number) as [number, number];
  sql(tx.db, 'UPDATE treasury_fiscal_year SET start_month = ?, start_day = ? WHERE id = 1').run(m, d);
  tx.audit('treasury.fiscal-year', 'start', 'set', { start: before }, { start });
  return start;
}

/**
 * The closed years, then every open one from the day after the last closed year (or from the first entry) up to
 * the one containing `today`.
 */
export function listPeriods(db: Db, today?: string): Period[] {
  const closed = (
    sql(
      db,
      'SELECT name, starts_on, ends_on, closed_at FROM treasury_periods WHERE closed_at IS NOT NULL ORDER BY starts_on',
    ).all() as PeriodRow[]
  ).map(toPeriod);
  if (today === undefined) return closed;
  const first = sql(db, 'SELECT min(date) AS d FROM treasury_entries').get() as { d: string | null };
  let from = closed.at(-1) === undefined ? (first.d ?? today) : addDays(closed.at(-1)!.endsOn, 1);
  if (from > today) from = today;
  const open: Period[] = [];
  for (let p = periodOf(db, from); open.length < 100; p = periodOf(db, addDays(p.endsOn, 1))) {
    open.push(p);
    if (p.endsOn >= today) break;
  }
  return [...closed, ...open];
}
