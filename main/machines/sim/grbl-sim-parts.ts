/** The Grbl-like simulator's tables and small pure helpers (our own, from the Grbl 1.1 protocol facts). */

export const VERSION = '1.1h';
export const WELCOME = `Grbl ${VERSION} ['$' for help]`;
/** Grbl 1.1's settings with its default values (homing switched on here: the simulator can home). */
export const SETTINGS: Record<number, number> = {
  0: 10,
  1: 25,
  2: 0,
  3: 0,
  4: 0,
  5: 0,
  6: 0,
  10: 1,
  11: 0.01,
  12: 0.002,
  13: 0,
  20: 0,
  21: 0,
  22: 1,
  23: 0,
  24: 25,
  25: 500,
  26: 250,
  27: 1,
  30: 1000,
  31: 0,
  32: 0,
  100: 250,
  101: 250,
  102: 250,
  110: 500,
  111: 500,
  112: 500,
  120: 10,
  121: 10,
  122: 10,
  130: 200,
  131: 200,
  132: 200,
};
/** Settings Grbl keeps as whole numbers (the rest print with three decimals). */
const WHOLE_SETTINGS = new Set([0, 1, 2, 3, 4, 5, 6, 10, 13, 20, 21, 22, 23, 26, 32]);

export function formatSetting(id: number, value: number): string {
  return WHOLE_SETTINGS.has(id) ? String(Math.trunc(value)) : value.toFixed(3);
}

/**
 * Grbl's checks for `$N=value` (its settings store): the status code, 0 when the value may be stored. The value is
 * then stored as Grbl stores it (whole-number settings truncated). Step-rate limit (error 12) is a compile-time option
 * that the default build leaves out, so it is not checked.
 */
export function checkSetting(settings: Record<number, number>, id: number, value: number): number {
  if (value < 0) return 4;
  if (id >= 100) {
    const kind = Math.floor((id - 100) / 10);
    const axis = (id - 100) % 10;
    if (kind > 3 || axis > 2) return 3;
    return 0;
  }
  if (!(id in SETTINGS)) return 3;
  if (id === 0 && Math.trunc(value) < 3) return 6;
  if (id === 20 && Math.trunc(value) !== 0 && Math.trunc(settings[22] ?? 0) === 0) return 10;
  return 0;
}

/** Feed, rapid and spindle override bytes (0x90–0x9D), clamped to 10–200 % as Grbl does. */
export function applyOverride(o: { feed: number; rapid: number; spindle: number }, byte: number): void {
  const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
  if (byte === 0x90) o.feed = 100;
  else if (byte === 0x91) o.feed = clamp(o.feed + 10, 10, 200);
  else if (byte === 0x92) o.feed = clamp(o.feed - 10, 10, 200);
  else if (byte === 0x95) o.rapid = 100;
  else if (byte === 0x96) o.rapid = 50;
  else if (byte === 0x97) o.rapid = 25;
  else if (byte === 0x99) o.spindle = 100;
  else if (byte === 0x9a) o.spindle = clamp(o.spindle + 10, 10, 200);
  else if (byte === 0x9b) o.spindle = clamp(o.spindle - 10, 10, 200);
}
