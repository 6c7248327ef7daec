import { LAB_TIME_ZONE } from '../../../preload/contract/common.js';

/** The lab's wall clock (America/Chicago) for the screens, whatever zone the computer showing them is in. */
const parts = new Intl.DateTimeFormat('en-US', {
  timeZone: LAB_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

export function labWallOf(at: Date | string): { date: string; time: string } {
  const p = Object.fromEntries(parts.formatToParts(new Date(at)).map((x) => [x.type, x.value]));
  return {
    date: `${p.year ?? ''}-${p.month ?? ''}-${p.day ?? ''}`,
    time: `${p.hour ?? ''}:${p.minute ?? ''}`,
  };
}

export const labDateOf = (at: Date): string => labWallOf(at).date;

/** The instant a lab wall-clock date and time names (the zone's offset that day, daylight saving included). */
export function labInstant(date: string, time: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const guess = Date.UTC(y, m - 1, d, hh, mm);
  const wall = labWallOf(new Date(guess));
  const [wy, wm, wd] = wall.date.split('-').map(Number) as [number, number, number];
  const [wh, wmin] = wall.time.split(':').map(Number) as [number, number];
  const offset = Date.UTC(wy, wm - 1, wd, wh, wmin) - guess;
  return new Date(guess - offset);
}

export function addDays(date: string, n: number): string {
  const at = new Date(`${date}T12:00:00Z`);
  at.setUTCDate(at.getUTCDate() + n);
  return at.toISOString().slice(0, 10);
}

/** The Monday of the week a date is in. */
export function mondayOf(date: string): string {
  const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
  return addDays(date, -((weekday + 6) % 7));
}
