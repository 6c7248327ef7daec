/** Expiry countdowns in whole lab days (America/Chicago), so "expires in 3 days" means three mornings in Jackson. */

import { LAB_TIME_ZONE } from '../../../preload/contract/common.js';

const DAY_MS = 86_400_000;

const labDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: LAB_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** YYYY-MM-DD of an instant in the lab's zone. */
export function labDate(at: Date): string {
  return labDay.format(at);
}

export type Countdown =
  { kind: 'never' } | { kind: 'past'; date: string } | { kind: 'today' } | { kind: 'days'; days: number };

/** How far off an expiry is, counted in lab calendar days. */
export function countdown(goodUntil: string | null, now: Date): Countdown {
  if (goodUntil === null) return { kind: 'never' };
  const end = new Date(goodUntil);
  if (end.getTime() <= now.getTime()) return { kind: 'past', date: labDate(end) };
  const days = Math.round((Date.parse(labDate(end)) - Date.parse(labDate(now))) / DAY_MS);
  return days <= 0 ? { kind: 'today' } : { kind: 'days', days };
}

/** A date shown to people: in the lab's zone, in their language. */
export function showDate(iso: string, language: 'en' | 'es'): string {
  return new Intl.DateTimeFormat(language === 'es' ? 'es-US' : 'en-US', {
    timeZone: LAB_TIME_ZONE,
    dateStyle: 'medium',
  }).format(new Date(iso));
}

export function showDateTime(iso: string, language: 'en' | 'es'): string {
  return new Intl.DateTimeFormat(language === 'es' ? 'es-US' : 'en-US', {
    timeZone: LAB_TIME_ZONE,
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(new Date(iso));
}
