/** Time comes from one injectable source so rules that depend on it (expiry, idle lock, periods) are testable. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests can move by hand. */
export function manualClock(
  start: Date | string,
): Clock & { set(at: Date | string): void; advance(ms: number): void } {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    set(at) {
      current = new Date(at);
    },
    advance(ms) {
      current = new Date(current.getTime() + ms);
    },
  };
}

/** ISO-8601 UTC instant, the only form instants are stored and sent in. */
export function isoNow(clock: Clock): string {
  return clock.now().toISOString();
}
