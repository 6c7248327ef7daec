/**
 * Marlin host protocol: numbered lines with XOR checksums, and a parser for everything the firmware says.
 * Pure functions; facts from MarlinFirmware/Marlin gcode/queue.cpp and core/language.h. Never throws on bad input.
 */

/** XOR of every byte before `*` (Marlin queue.cpp). */
export function marlinChecksum(text: string): number {
  let cs = 0;
  for (let i = 0; i < text.length; i += 1) cs ^= text.charCodeAt(i) & 0xff;
  return cs;
}

/** `N<n> <cmd>*<cs>`: how every job line travels, so line noise is caught and the line asked for again. */
export function marlinNumbered(n: number, command: string): string {
  const body = `N${n} ${command}`;
  return `${body}*${marlinChecksum(body)}`;
}

export interface Temperature {
  /** T, T0, T1, B, C (chamber) … */
  heater: string;
  actual: number;
  target: number | null;
}

export type MarlinFatalKind =
  'halted' | 'thermal-runaway' | 'maxtemp' | 'mintemp' | 'heating-failed' | 'watchdog';

export type MarlinMessage =
  | {
      type: 'ok';
      line: number | null;
      plannerFree: number | null;
      bufferFree: number | null;
      temps: Temperature[];
    }
  | { type: 'resend'; line: number }
  | {
      type: 'line-error';
      kind: 'line-number' | 'checksum' | 'no-checksum' | 'no-line-number';
      lastLine: number | null;
    }
  | { type: 'fatal'; kind: MarlinFatalKind; text: string }
  | { type: 'error'; text: string }
  | { type: 'busy'; reason: string }
  | { type: 'wait' }
  | { type: 'temps'; temps: Temperature[] }
  | { type: 'firmware'; name: string; fields: Record<string, string> }
  | { type: 'cap'; name: string; enabled: boolean }
  | { type: 'action'; action: string; argument: string }
  | { type: 'start' }
  | { type: 'echo'; text: string }
  | { type: 'other'; text: string };

const tempPair = /(?:^|\s)(T\d*|B|C|P|L|R)@?:\s*(-?\d+(?:\.\d+)?)(?:\s*\/\s*(-?\d+(?:\.\d+)?))?/g;

/** Reads ` T:210.0 /210.0 B:60.0 /60.0 @:127` (also T0:/T1:, C: chamber). Power fields (`@:`, `B@:`) are skipped. */
export function parseTemperatures(text: string): Temperature[] {
  const temps: Temperature[] = [];
  for (const m of text.matchAll(tempPair)) {
    if (m[0].includes('@')) continue;
    const actual = Number(m[2]);
    const target = m[3] === undefined ? null : Number(m[3]);
    if (!Number.isFinite(actual)) continue;
    temps.push({ heater: m[1]!, actual, target });
  }
  return temps;
}

const fatalPatterns: [RegExp, MarlinFatalKind][] = [
  [/Printer halted|kill\(\) called|Printer stopped/i, 'halted'],
  [/Thermal Runaway/i, 'thermal-runaway'],
  [/MAXTEMP/i, 'maxtemp'],
  [/MINTEMP/i, 'mintemp'],
  [/Heating failed/i, 'heating-failed'],
  [/Watchdog barked/i, 'watchdog'],
];

function fatalKind(text: string): MarlinFatalKind | null {
  for (const [pattern, kind] of fatalPatterns) if (pattern.test(text)) return kind;
  return null;
}

function lastLineOf(text: string): number | null {
  const m = /Last Line:\s*(-?\d+)/i.exec(text);
  return m === null ? null : Number(m[1]);
}

/** Classifies one line from a Marlin printer (terminator already removed). */
export function parseMarlinLine(raw: string): MarlinMessage {
  const line = raw.trim();
  if (line === 'ok' || line.startsWith('ok ')) {
    const rest = line.slice(2);
    const n = /(?:^|\s)N(\d+)/.exec(rest);
    const p = /(?:^|\s)P(\d+)/.exec(rest);
    const b = /(?:^|\s)B(\d+)(?:\s|$)/.exec(rest);
    return {
      type: 'ok',
      line: n === null ? null : Number(n[1]),
      plannerFree: p === null ? null : Number(p[1]),
      bufferFree: b === null ? null : Number(b[1]),
      temps: rest.includes('T:') ? parseTemperatures(rest) : [],
    };
  }
  const resend = /^(?:Resend:|rs)\s*N?(\d+)/i.exec(line);
  if (resend !== null) return { type: 'resend', line: Number(resend[1]) };
  if (line === 'wait') return { type: 'wait' };
  if (line === 'start') return { type: 'start' };
  if (/^(?:echo:)?busy:/i.test(line))
    return { type: 'busy', reason: line.replace(/^(?:echo:)?busy:\s*/i, '') };
  if (line.startsWith('//action:')) {
    const body = line.slice('//action:'.length);
    const space = body.indexOf(' ');
    return space < 0
      ? { type: 'action', action: body, argument: '' }
      : { type: 'action', action: body.slice(0, space), argument: body.slice(space + 1) };
  }
  if (line.startsWith('FIRMWARE_NAME:')) {
    const fields: Record<string, string> = {};
    // Keys are UPPER_CASE words followed by ':'; values run to the next key.
    const keys = [...line.matchAll(/([A-Z_]{3,}):/g)];
    keys.forEach((k, i) => {
      const start = k.index + k[0].length;
      const end = i + 1 < keys.length ? keys[i + 1]!.index : line.length;
      fields[k[1]!] = line.slice(start, end).trim();
    });
    return { type: 'firmware', name: fields.FIRMWARE_NAME ?? '', fields };
  }
  const cap = /^Cap:([A-Z0-9_]+):([01])$/.exec(line);
  if (cap !== null) return { type: 'cap', name: cap[1]!, enabled: cap[2] === '1' };
  const fatal = fatalKind(line);
  if (fatal !== null && /^(?:Error:|!!|echo:)?/i.test(line))
    return { type: 'fatal', kind: fatal, text: line };
  if (/^Error:/i.test(line)) {
    const body = line.slice(6);
    if (/Line Number is not Last Line Number\+1/i.test(body))
      return { type: 'line-error', kind: 'line-number', lastLine: lastLineOf(body) };
    if (/checksum mismatch/i.test(body))
      return { type: 'line-error', kind: 'checksum', lastLine: lastLineOf(body) };
    if (/No Checksum with line number/i.test(body))
      return { type: 'line-error', kind: 'no-checksum', lastLine: lastLineOf(body) };
    if (/No Line Number with checksum/i.test(body))
      return { type: 'line-error', kind: 'no-line-number', lastLine: lastLineOf(body) };
    return { type: 'error', text: body };
  }
  if (/^T\d*:/.test(line) || /^\s*T:/.test(raw)) {
    const temps = parseTemperatures(line);
    if (temps.length > 0) return { type: 'temps', temps };
  }
  if (line.startsWith('echo:')) return { type: 'echo', text: line.slice(5) };
  return { type: 'other', text: line };
}

/** Emergency commands: with EMERGENCY_PARSER Marlin acts on them even when its queue is full. */
export const MARLIN_EMERGENCY = { kill: 'M112', breakWait: 'M108', quickStop: 'M410' } as const;
