/**
 * Validity policies of a training, as pure functions of plain data and an instant. Expiry is computed once at grant
 * time from the version granted under (so a later policy change never moves it); renew-on-use and lapse-after-unused
 * are evaluated against the uses recorded since the grant.
 */
import { LAB_TIME_ZONE } from '../../preload/contract/common.js';

export type Validity =
  { kind: 'never' } | { kind: 'days'; days: number } | { kind: 'yearly'; monthDay: string };

export interface Policy {
  validity: Validity;
  /** Each recorded use restarts the validity period from the day of use. */
  renewOnUse: boolean;
  /** The authorization lapses when the machine has not been used for this many days (null: never lapses). */
  lapseUnusedDays: number | null;
}

const DAY_MS = 86_400_000;
/** Business dates live in the lab's zone: a "31 August" expiry means the start of that day in Jackson, Mississippi. */
export { LAB_TIME_ZONE };

const zoneParts = new Intl.DateTimeFormat('en-US', {
  timeZone: LAB_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** The lab's calendar date (YYYY-MM-DD) at an instant. */
export function labDate(at: Date): string {
  const parts = Object.fromEntries(zoneParts.formatToParts(at).map((p) => [p.type, p.value]));
  return `${parts.year ?? ''}-${parts.month ?? ''}-${parts.day ?? ''}`;
}

/** The instant a lab calendar day starts (midnight in America/Chicago: 05:00 or 06:00 UTC). */
export function labMidnight(date: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  for (const offset of [5, 6]) {
    const candidate = new Date(Date.UTC(y, m - 1, d, offset));
    const parts = Object.fromEntries(zoneParts.formatToParts(candidate).map((p) => [p.type, p.value]));
    if (parts.hour === '00' && labDate(candidate) === date) return candidate;
  }
  return new Date(Date.UTC(y, m - 1, d, 6));
}

/** Whether MM-DD names a real day of the year (29 Feb allowed: it falls back to 28 Feb in common years). */
export function isValidMonthDay(monthDay: string): boolean {
  const match = /^(\d{2})-(\d{2})$/.exec(monthDay);
  if (match === null) return false;
  const month = Number(match[1]);
  const day = Number(match[2]);
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(2024, month, 0)).getUTCDate();
}

function yearlyOn(year: number, monthDay: string): string {
  const [m, d] = monthDay.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return `${year}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** When an authorization granted (or used, for renew-on-use) at `from` expires under `validity`; null for never. */
export function expiryFrom(validity: Validity, from: Date): Date | null {
  switch (validity.kind) {
    case 'never':
      return null;
    case 'days':
      return new Date(from.getTime() + validity.days * DAY_MS);
    case 'yearly': {
      // The next occurrence of the fixed date strictly after the day it was granted: a grant on 31 August for an
      // "every 1 September" policy is good for one day, as the lab's annual re-certification intends.
      const today = labDate(from);
      const year = Number(today.slice(0, 4));
      const thisYear = yearlyOn(year, validity.monthDay);
      return labMidnight(thisYear > today ? thisYear : yearlyOn(year + 1, validity.monthDay));
    }
  }
}

export interface HeldRecord {
  grantedAt: string;
  /** Expiry fixed at grant time; null when the policy never expires. */
  expiresAt: string | null;
  /** The latest recorded use since the grant, if any. */
  lastUsedAt: string | null;
}

/** The effective expiry: the granted one, pushed later by the latest use when the policy renews on use. */
export function effectiveExpiry(policy: Policy, record: HeldRecord): Date | null {
  const granted = record.expiresAt === null ? null : new Date(record.expiresAt);
  if (!policy.renewOnUse || record.lastUsedAt === null || granted === null) return granted;
  const renewed = expiryFrom(policy.validity, new Date(record.lastUsedAt));
  if (renewed === null) return null;
  return renewed > granted ? renewed : granted;
}

/** When the authorization lapses for want of use, or null when the policy has no lapse rule. */
export function lapsesAt(policy: Policy, record: HeldRecord): Date | null {
  if (policy.lapseUnusedDays === null) return null;
  const since = new Date(record.lastUsedAt ?? record.grantedAt);
  return new Date(since.getTime() + policy.lapseUnusedDays * DAY_MS);
}

/** The earlier of effective expiry and lapse: the moment the record stops being good, or null if it never does. */
export function goodUntil(policy: Policy, record: HeldRecord): Date | null {
  const expiry = effectiveExpiry(policy, record);
  const lapse = lapsesAt(policy, record);
  if (expiry === null) return lapse;
  if (lapse === null) return expiry;
  return expiry < lapse ? expiry : lapse;
}
