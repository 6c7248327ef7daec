import type { Statement } from 'better-sqlite3';
import type { Db } from '../store/store.js';
import { DeskError } from './errors.js';
import { LAB_TIME_ZONE } from '../../preload/contract/common.js';

/**
 * The one lab clock: every "today", period boundary, letter date and export cut-off is the calendar day where
 * the lab is, in the time zone kept in settings (`labTimeZone`, default America/Chicago), never UTC.
 * At 19:30 on 31 December in Jackson it is already 1 January in UTC; here it is still the 31st, so the year cannot
 * be closed and letters are not dated in the next year. Daylight-saving changes are the zone database's business
 * (Intl), so a day is a day across them. (Jobs' due dates and history days are in lab-dates.ts.)
 */
export const DEFAULT_LAB_TIME_ZONE = LAB_TIME_ZONE;
export const LAB_TIME_ZONE_KEY = 'labTimeZone';

/** Whether `zone` is an IANA time zone this runtime knows. */
export function isTimeZone(zone: string): boolean {
  if (zone.trim() === '' || zone !== zone.trim()) return false;
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function assertTimeZone(zone: string): void {
  if (!isTimeZone(zone))
    throw new DeskError(
      'INVALID_INPUT',
      `${zone} is not a time zone this computer knows; give one like America/Chicago.`,
      { field: 'timeZone' },
    );
}

/** The settings read, compiled once per connection (every dated write asks it). */
const zoneReads = new WeakMap<Db, Statement>();

/** The lab's time zone from settings (a stored value that is no longer a zone falls back to the default). */
export function labTimeZone(db: Db): string {
  let read = zoneReads.get(db);
  if (read === undefined)
    zoneReads.set(db, (read = db.prepare('SELECT value_json FROM settings WHERE key = ?')));
  const row = read.get(LAB_TIME_ZONE_KEY) as { value_json: string } | undefined;
  if (row === undefined) return DEFAULT_LAB_TIME_ZONE;
  const zone = JSON.parse(row.value_json) as unknown;
  return typeof zone === 'string' && isTimeZone(zone) ? zone : DEFAULT_LAB_TIME_ZONE;
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** The calendar day (YYYY-MM-DD) at instant `at` in `zone`. */
export function dayIn(zone: string, at: Date | string): string {
  let f = formats.get(zone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    formats.set(zone, f);
  }
  return f.format(typeof at === 'string' ? new Date(at) : at);
}

/** Today in the lab at instant `at` (a write's `tx.at`, or the host clock's now). */
export function labToday(db: Db, at: Date | string): string {
  return dayIn(labTimeZone(db), at);
}
