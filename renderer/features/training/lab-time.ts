/**
 * Wall-clock times in the lab's zone for `<input type="datetime-local">`, which has no zone of its own: the desk
 * reads and writes it as Jackson time so a session typed as 10:00 is 10:00 in the lab whatever zone the browser
 * (or CI) runs in. The contract speaks UTC instants; these convert between the two, across DST changes.
 */
import { LAB_TIME_ZONE } from '../../../preload/contract/common.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

const wallParts = new Intl.DateTimeFormat('en-US', {
  timeZone: LAB_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** The lab's wall clock at an instant, as the milliseconds of that same wall clock read as UTC. */
function wallAsUtc(at: number): number {
  const parts = wallParts.formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'));
}

/** The lab's offset from UTC at an instant, in ms (−6 h in CST, −5 h in CDT). */
function offsetAt(at: number): number {
  const whole = at - (at % MINUTE_MS);
  return wallAsUtc(whole) - whole;
}

/** "YYYY-MM-DDTHH:mm", the lab's wall clock at an instant (ISO text or Date), for a datetime-local input. */
export function toLabInput(at: string | Date): string {
  return new Date(wallAsUtc(new Date(at).getTime())).toISOString().slice(0, 16);
}

/**
 * The UTC instant (ISO text) of a datetime-local value read as the lab's wall clock; null when it is not one.
 * Around DST it resolves as Temporal's "compatible" does: a time the clocks skip (02:30 on the spring-forward day)
 * moves forward by the gap (03:30 CDT), and a time that happens twice (01:30 on the fall-back day) is the first one.
 */
export function fromLabInput(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (m === null) return null;
  // An absent seconds group is undefined at run time, whatever the type says: Number(undefined) || 0.
  const [year, month, day, hour, minute, second] = m.slice(1).map((n) => Number(n) || 0) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  if (Number.isNaN(wall) || new Date(wall).getUTCDate() !== day || hour > 23 || minute > 59) return null;
  const before = offsetAt(wall - DAY_MS);
  const after = offsetAt(wall + DAY_MS);
  const fits = [wall - before, wall - after].filter((at) => wallAsUtc(at) === wall).sort((a, b) => a - b);
  const at = fits[0] ?? wall - before;
  return new Date(at + second * 1000).toISOString();
}
