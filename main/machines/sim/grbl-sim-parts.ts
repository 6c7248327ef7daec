/** The Grbl-like simulator's tables and small pure helpers (our own, from the Grbl 1.1 protocol facts). */

export const VERSION = '1.1h';
export const WELCOME = `Grbl ${VERSION} ['$' for help]`;
export const LINE_MAX = 80;
export const SETTINGS: Record<number, string> = {
  0: '10',
  1: '25',
  22: '1',
  100: '250.000',
  101: '250.000',
  102: '250.000',
  110: '500.000',
  111: '500.000',
  112: '500.000',
  130: '200.000',
  131: '200.000',
  132: '200.000',
};
export const G_SUPPORTED = new Set([
  '0',
  '1',
  '2',
  '3',
  '4',
  '10',
  '17',
  '18',
  '19',
  '20',
  '21',
  '28',
  '28.1',
  '30',
  '30.1',
  '38.2',
  '38.3',
  '38.4',
  '38.5',
  '40',
  '43.1',
  '49',
  '53',
  '54',
  '55',
  '56',
  '57',
  '58',
  '59',
  '61',
  '80',
  '90',
  '91',
  '91.1',
  '92',
  '92.1',
  '93',
  '94',
]);
export const M_SUPPORTED = new Set(['0', '1', '2', '3', '4', '5', '7', '8', '9', '30', '56']);

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
/** Words of a G-code line (`G1`, `X`…) or null when something in it is not a word: spaces are ignored, as Grbl does. */
export function parseWords(line: string): Map<string, number> | null {
  const words = new Map<string, number>();
  const body = line.replace(/\s+/g, '');
  const re = /([A-Z])([-+]?(?:\d+\.?\d*|\.\d+))/gy;
  let consumed = 0;
  for (const m of body.matchAll(re)) {
    consumed += m[0].length;
    const key = m[1] === 'G' || m[1] === 'M' ? `${m[1]}${Number(m[2])}` : m[1]!;
    words.set(key, Number(m[2]));
  }
  return consumed === body.length ? words : null;
}
