/** Business dates of the lab (America/Chicago): due dates and the history's day filters are lab days. */
import { LAB_TIME_ZONE } from '../../preload/contract/common.js';

const dateFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: LAB_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
const hourFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: LAB_TIME_ZONE,
  hour: '2-digit',
  hourCycle: 'h23',
});

/** The lab's calendar date (YYYY-MM-DD) at an instant. */
export function labDate(at: Date): string {
  return dateFormat.format(at);
}

/** The instant a lab day starts (midnight in Jackson: 05:00 or 06:00 UTC), as ISO text. */
export function labDayStart(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  for (const offset of [5, 6]) {
    const candidate = new Date(Date.UTC(y, m - 1, d, offset));
    if (hourFormat.format(candidate) === '00' && labDate(candidate) === date) return candidate.toISOString();
  }
  return new Date(Date.UTC(y, m - 1, d, 6)).toISOString();
}

/** The day after a business date. */
export function nextDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}
