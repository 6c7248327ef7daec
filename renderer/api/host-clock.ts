/**
 * The host's clock as the screens see it. Every answer from main carries the time it was given (`Result.at`); the
 * difference from this computer's clock is kept, so "today", countdowns and default dates follow main's clock (the
 * lab's shop PC, or the clock a test controls) even where the browser's clock is off.
 */
let offsetMs = 0;

export function syncHostClock(hostIso: string, localMs = Date.now()): void {
  const host = Date.parse(hostIso);
  if (Number.isFinite(host)) offsetMs = host - localMs;
}

export function hostNow(): Date {
  return new Date(Date.now() + offsetMs);
}
