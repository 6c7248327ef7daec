import { cleanGcodeLine } from './drivers/grbl.js';

/**
 * What one console line asks of a machine, judged the way the controller will read it: comments stripped (as the
 * session strips them before writing), letters upper-cased and spaces ignored (Grbl drops every space and Marlin
 * skips them between a letter and its number), a Marlin line number and checksum set aside.
 *
 * - `query`: only reads (Grbl `$$`, `$G`, `$I`…, Marlin M105, M114, M503…), open to anyone allowed to watch.
 * - `stop`: only stops (Grbl `!`, Marlin M112 / M410), open to anyone, like the e-stop button.
 * - `command`: anything else, which may move, heat, switch or unlock: needs training on the machine.
 * `config` names the word that reconfigures the firmware (staff only); `heat` lists the heater targets asked for.
 * Unknown or mixed lines are never `query`: the whitelist is exact, so a mistake here refuses, it does not allow.
 */
export interface LineClass {
  kind: 'query' | 'stop' | 'command';
  /** The first word that writes firmware settings or tuning (e.g. `$130=`, `$RST=`, `M500`), or null. */
  config: string | null;
  heat: HeatRequest[];
  /** A heater command whose target cannot be read from the line (Marlin's `I` preset index), or null. */
  unreadableHeat: string | null;
}

export interface HeatRequest {
  heater: 'hotend' | 'bed' | 'chamber';
  celsius: number;
  /** The words as the line has them, for the refusal: `M104 S300`. */
  word: string;
}

/** Grbl system commands that only report. */
const GRBL_QUERIES = new Set(['$', '$$', '$#', '$G', '$I', '$N', '?']);

/** Marlin commands that only report (position, temperatures, endstops, firmware, settings, SD listing, stats). */
const MARLIN_QUERIES = new Set(['M105', 'M114', 'M115', 'M119', 'M503', 'M27', 'M31', 'M20', 'M78']);

/** Marlin commands that only stop: emergency stop and quick stop. */
const MARLIN_STOPS = new Set(['M112', 'M410']);

/**
 * Marlin words that write EEPROM or change calibration, tuning or safety settings. Runtime limits a slicer emits in
 * every file (M201–M205 accelerations and speeds, M220/M221 factors, M900 linear advance) are not in the list: they
 * are forgotten at reset unless saved with M500, which is.
 */
const MARLIN_CONFIG = new Set(
  [
    // EEPROM: save, load, factory reset
    500, 501, 502,
    // steps per unit, home offsets, hotend offsets, firmware retraction, presets, temperature units
    92, 206, 207, 208, 209, 218, 145, 149,
    // heater PID / MPC / thermistor tuning and autotune
    301, 303, 304, 305, 306,
    // safety switches: endstops on/off, software endstops, cold extrusion, abort on endstop
    120, 121, 211, 302, 540,
    // pins and I2C (can drive a heater pin directly)
    42, 43, 260, 261,
    // probe, skew, mesh points, Z alignment, backlash, delta, home offset from here, probe temperature compensation
    851,
    852, 421, 422, 425, 665, 666, 428, 871,
    // stepper drivers: microstepping, currents, modes, TMC tuning, input shaping, nonlinear extrusion
    350, 351, 569, 906, 907, 908, 909, 910, 911, 912, 913, 914, 915, 916, 917, 918, 919, 592, 593,
    // power-loss recovery, baud rate, servo angles, controller fan, toolchange, encoders, firmware update
    413, 575, 281, 710, 217, 860, 861, 862, 863, 864, 865, 866, 867, 868, 869, 997,
  ].map((n) => `M${n}`),
);

const HEATERS: Record<string, HeatRequest['heater']> = {
  M104: 'hotend',
  M109: 'hotend',
  M140: 'bed',
  M190: 'bed',
  M141: 'chamber',
  M191: 'chamber',
};

/** A problem with the characters of a console line, or null: one line of printable ASCII only. */
export function unprintable(text: string): string | null {
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x20 || code > 0x7e) {
      return (
        `The console takes one line of plain text (letters, digits and G-code signs); ` +
        `character U+${code.toString(16).toUpperCase().padStart(4, '0')} is not one. ` +
        'Real-time commands are the Pause, Resume, Stop and override buttons.'
      );
    }
  }
  return null;
}

/** Classifies one console line for a firmware (see `LineClass`). */
export function classifyLine(firmware: 'grbl' | 'marlin', text: string): LineClass {
  const squeezed = cleanGcodeLine(text).toUpperCase().replace(/\s+/g, '');
  return firmware === 'grbl' ? classifyGrbl(squeezed) : classifyMarlin(squeezed);
}

function classifyGrbl(line: string): LineClass {
  const result: LineClass = { kind: 'command', config: null, heat: [], unreadableHeat: null };
  if (line === '!') return { ...result, kind: 'stop' };
  if (GRBL_QUERIES.has(line)) return { ...result, kind: 'query' };
  // `$130=…`, `$RST=*`, `$I=…`, `$N0=…`: every `$…=` but the jog writes settings.
  if (line.startsWith('$') && line.includes('=') && !line.startsWith('$J=')) {
    const equals = line.indexOf('=');
    return { ...result, config: `${line.slice(0, equals)}=` };
  }
  return result;
}

function classifyMarlin(raw: string): LineClass {
  const line = raw.replace(/^N\d+/, '').replace(/\*\d*$/, '');
  const result: LineClass = { kind: 'command', config: null, heat: [], unreadableHeat: null };
  // Every G/M word in the line, with the parameters that follow it up to the next one.
  const words = [...line.matchAll(/([GM])(\d+)([^GM]*)/g)].map((m) => ({
    code: `${m[1]}${Number(m[2])}`,
    params: m[3] ?? '',
  }));
  if (words.length === 1 && line.startsWith(words[0]!.code.slice(0, 1))) {
    const only = words[0]!.code;
    if (MARLIN_QUERIES.has(only)) return { ...result, kind: 'query' };
    if (MARLIN_STOPS.has(only)) return { ...result, kind: 'stop' };
  }
  for (const { code, params } of words) {
    if (result.config === null && MARLIN_CONFIG.has(code)) result.config = code;
    const heater = HEATERS[code];
    if (heater === undefined) continue;
    if (/I\d/.test(params)) {
      result.unreadableHeat ??= code;
      continue;
    }
    // S the target, R the target to wait for, B the AUTOTEMP ceiling: each is a temperature.
    for (const p of params.matchAll(/([SRB])(-?\d+(?:\.\d+)?)/g)) {
      result.heat.push({ heater, celsius: Number(p[2]), word: `${code} ${p[1]}${p[2]}` });
    }
  }
  return result;
}
