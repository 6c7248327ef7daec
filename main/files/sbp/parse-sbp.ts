import { FileRefused } from '../refusal.js';
import { expandArc } from '../gcode/arcs.js';
import { emptyFacts } from '../gcode/header-comments.js';
import { finishGcode, type GcodeScan } from '../gcode/summary.js';
import { ARC_FLAG, MoveKind, SegmentSink, type Toolpath } from '../gcode/toolpath.js';
import type { Bounds } from '../bounds.js';
import {
  evaluate,
  evaluateCondition,
  ExpressionError,
  splitParameters,
  type SbpValue,
  type ValueScope,
} from './expression.js';

/**
 * OpenSBP part files (.sbp), the language of ShopBot routers, read into the same toolpath the G-code parser makes
 * so the 3D preview, the fit check and the time estimate work the same way. The Desk never sends these to a
 * machine: the ShopBot control software runs them.
 *
 * Where each command's meaning comes from: "Command Reference for the ShopBot Control Software and OpenSBP
 * Language" (ShopBot Tools, SBG00253, 2015) and the "Part File Programming Handbook for the OpenSBP Language"
 * (SBG00314, 2015), checked against the open FabMo engine (runtime/opensbp: sb3_commands.json for parameter order,
 * commands/cut.js for CG). What is read:
 *
 * - M2 X,Y · M3 X,Y,Z · MX · MY · MZ: moves at the move speed (cutting moves).
 * - J2 X,Y · J3 X,Y,Z · JX · JY · JZ: jogs at the jog speed (rapids). JH / MH: to X0 Y0, Z unchanged.
 *   An empty parameter keeps that axis where it is.
 * - MS XY,Z (move speeds) · JS XY,Z (jog speeds) · VS XYmove,Zmove,Amove,Bmove,XYjog,Zjog: units per second.
 * - SA / SR: absolute / relative coordinates. Z2, Z3, ZX, ZY, ZZ: the current location becomes zero.
 * - CG: Diameter (not used: I/J define the circle), X end, Y end, I and J centre offsets from the start, I-O-T,
 *   Direction (1 clockwise, -1 counter-clockwise), Plunge (per pass, signed), Repetitions, Prop X, Prop Y,
 *   Options (3 spiral plunge, 4 spiral plunge and a bottom pass), No pull-up, Plunge from zero.
 *   Supported: end point (empty = a full circle back to the start), I/J, direction, plunge and repetitions
 *   (each pass plunges first; between passes of an open arc the tool lifts to the start height and jogs back),
 *   options 3 and 4, no pull-up, plunge from zero. Not supported, with a line-numbered note: I/O (inside/outside
 *   needs the cutter diameter, so the centre line is drawn), proportions other than 1, option 2 (pocket).
 * - C#,n / CN,n / Cn: runs custom cut n (a macro the Desk cannot see into); C9 is ShopBot's tool change, marked
 *   with the tool from &TOOL when the file set it.
 * - &name = value, &name := value (only if unset), IF … THEN <statement>, GOTO / GOSUB label, RETURN, END, labels
 *   ("NAME:"), comments ('), PAUSE and MSGBOX (ignored). Loops are followed up to MAX_JUMPS jumps.
 * - Units: OpenSBP has no unit command in a part file: the ShopBot's own setting decides, readable as %(25)
 *   (0 inches, 1 millimetres). Files from CAM check it ("IF %(25)=1 THEN GOTO UNIT_ERROR"); the Desk reads the
 *   file's units from that check or a "'UNITS:" comment, and otherwise assumes inches (the ShopBot default) and
 *   says so. VU (steps per unit, a calibration) does not change the path.
 * - Settings that do not move the tool are skipped: SO, TR, VC, VR, VU, VD, VN, VL, SF, SM.
 * Anything else gives a note with its line and is skipped; nothing here throws except for a file that is not text.
 */

/**
 * What the parser says about a line, by code: the renderer words each code in the person's language from `params`;
 * `message` is the English sentence (the CLI prints it).
 */
export const SBP_NOTES = {
  'unset-variable': '&{name} is used before it is given a value; taken as 0',
  'unknown-system-variable': 'system variable %({n}) is not known to the Desk; taken as 0',
  'if-in-if': 'an IF inside an IF is not supported',
  'if-without-then': 'IF needs "THEN" and a statement',
  'sets-non-variable': '"{text}": only &variables can be set in a part file here',
  'gcode-line': 'G-code lines inside a part file are not read',
  'not-a-command': '"{text}" is not an OpenSBP command',
  'cg-no-centre': 'CG without I and J centre offsets cannot be drawn; skipped',
  'cg-inside-outside': 'CG inside/outside needs the cutter diameter; the centre line is drawn',
  'cg-not-tio': 'CG "{value}" is not T, I or O; drawn on the line',
  'cg-proportions': 'CG proportions other than 1 are not supported; drawn at full size',
  'cg-pocket': 'CG pocketing (option 2) is not supported; only the outline is drawn',
  'cg-option': 'CG option {option} is not known; drawn as a plain circle',
  'cg-no-circle': 'CG centre offsets give no circle; skipped',
  'extra-axis': '{code} moves a rotary or extra axis, which the preview does not show; skipped',
  unsupported: '{code} is not supported; skipped (the cut may differ from the preview)',
  'tool-unknown': 'tool change (C9) without &TOOL set: the new tool is not known',
  macro: 'custom cut {n} runs a ShopBot macro the Desk cannot see into; its moves are not drawn',
  'no-label': 'there is no label "{label}:"; the file stops here',
  'too-many-jumps': 'stopped after {max} jumps (a loop that may not end); the preview shows the path so far',
  'gosub-depth': 'GOSUB nested more than {max} deep; the file stops here',
  'too-many-steps': 'stopped after {max} statements; the preview shows the path so far',
  unreadable: '{detail}; skipped',
} as const;
export type SbpNoteCode = keyof typeof SBP_NOTES;
export type SbpNoteParams = Record<string, string | number>;

export interface SbpMessage {
  line: number;
  code: SbpNoteCode;
  params: SbpNoteParams;
  message: string;
}

function noteText(code: SbpNoteCode, params: SbpNoteParams): string {
  return SBP_NOTES[code].replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ''));
}

export interface SbpToolChange {
  line: number;
  /** First segment cut with the new tool. */
  segment: number;
  /** The custom cut that was run (9 is the tool change). */
  macro: number;
  tool: number | null;
}

export interface SbpSummary {
  format: 'sbp';
  lines: number;
  segments: number;
  arcs: number;
  /** Extents of the moves (M commands and CG): what the tool cuts, in millimetres. */
  bounds: Bounds | null;
  /** Extents of every move, jogs included. */
  travelBounds: Bounds | null;
  layers: number;
  /** Length of moves at move speed (M2/M3/MX/…/CG), mm. */
  workingMm: number;
  /** Length of jogs (J2/J3/JX/…), mm. */
  travelMm: number;
  estimatedSeconds: number | null;
  estimateSource: 'computed' | null;
  units: 'in' | 'mm';
  unitsSource: 'unit check' | 'comment' | 'assumed';
  /** Move and jog speeds the file set first (its own units per second), null when it set none. */
  speeds: { moveXY: number | null; moveZ: number | null; jogXY: number | null; jogZ: number | null };
  tools: number[];
  toolChanges: SbpToolChange[];
  /** Custom cuts run (macro numbers, once each, in order of first use). */
  macros: number[];
  /** Commands the Desk skipped or read only in part, each with its line (at most MAX_NOTES). */
  notes: SbpMessage[];
  warnings: string[];
}

export interface ParsedSbp {
  summary: SbpSummary;
  toolpath: Toolpath;
}

/** Jumps (GOTO, GOSUB, an IF that jumps) followed before a loop is taken to be endless. */
export const MAX_JUMPS = 10_000;
/** Statements run in all, whatever the loops. */
export const MAX_STEPS = 1_000_000;
export const MAX_NOTES = 50;
const MAX_CALL_DEPTH = 64;

type Statement =
  | { k: 'none' }
  | { k: 'jump'; label: string; sub: boolean }
  | { k: 'return' }
  | { k: 'end' }
  | { k: 'if'; condition: string; then: Statement }
  | { k: 'assign'; name: string; expr: string; weak: boolean }
  | { k: 'cmd'; code: string; params: string[] }
  | { k: 'custom'; number: string }
  | { k: 'bad'; code: SbpNoteCode; params: SbpNoteParams };

const SETTINGS = new Set(['SO', 'TR', 'VC', 'VR', 'VU', 'VD', 'VN', 'VL', 'SF', 'SM']);

/** Strips a ' comment (outside quotes). */
function stripComment(text: string): string {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (c === "'" && !quoted) return text.slice(0, i);
  }
  return text;
}

function parseStatement(text: string): Statement {
  const s = text.trim();
  if (s === '') return { k: 'none' };
  const upper = s.toUpperCase();
  if (/^[A-Za-z_][A-Za-z0-9_]*:$/.test(s)) return { k: 'none' }; // a label: found by the label scan
  if (upper === 'END') return { k: 'end' };
  if (upper === 'RETURN') return { k: 'return' };
  if (/^(PAUSE|MSGBOX)\b/.test(upper)) return { k: 'none' };
  const jump = /^(GOTO|GOSUB)\s+([A-Za-z_][A-Za-z0-9_]*)\s*$/i.exec(s);
  if (jump !== null)
    return { k: 'jump', label: jump[2]!.toUpperCase(), sub: jump[1]!.toUpperCase() === 'GOSUB' };
  const cond = /^IF\s+(.+?)\s+THEN\s+(.+)$/i.exec(s);
  if (cond !== null) {
    const then = parseStatement(cond[2]!);
    if (then.k === 'if') return { k: 'bad', code: 'if-in-if', params: {} };
    return { k: 'if', condition: cond[1]!, then };
  }
  if (/^IF\b/i.test(s)) return { k: 'bad', code: 'if-without-then', params: {} };
  const assign = /^&([A-Za-z_][A-Za-z0-9_]*)\s*(:?=)(.*)$/.exec(s);
  if (assign !== null)
    return { k: 'assign', name: assign[1]!.toUpperCase(), expr: assign[3]!, weak: assign[2] === ':=' };
  if (/^[$%]/.test(s)) return { k: 'bad', code: 'sets-non-variable', params: { text: s.slice(0, 40) } };
  const custom = /^C(?:#|N)\s*,\s*(.+)$/i.exec(s) ?? /^C([0-9]+)\s*,?\s*$/i.exec(s);
  if (custom !== null) return { k: 'custom', number: custom[1]! };
  if (/^N[0-9]/i.test(s)) return { k: 'bad', code: 'gcode-line', params: {} };
  const cmd = /^([A-Za-z_][A-Za-z0-9])(?:\s*,|\s+|$)(.*)$/.exec(s);
  if (cmd === null) return { k: 'bad', code: 'not-a-command', params: { text: s.slice(0, 40) } };
  const rest = cmd[2]!.trim();
  return { k: 'cmd', code: cmd[1]!.toUpperCase(), params: rest === '' ? [] : splitParameters(rest) };
}

/** Units the file says it is written in: its %(25) unit check, else a CAM "'UNITS:" comment. */
function fileUnits(lines: readonly string[]): { units: 'in' | 'mm'; source: SbpSummary['unitsSource'] } {
  let comment: 'in' | 'mm' | null = null;
  for (const raw of lines) {
    const s = raw.trim();
    const check = /^IF\s+%\(\s*25\s*\)\s*(=|==|<>|!=)\s*([01])\s+THEN\s+GOTO\b/i.exec(s);
    if (check !== null) {
      // "IF %(25)=1 THEN GOTO UNIT_ERROR": the file is not for millimetres, so it is in inches.
      const bad = check[2] === '1' ? 'mm' : 'in';
      const equal = check[1] === '=' || check[1] === '==';
      const units = equal ? (bad === 'mm' ? 'in' : 'mm') : bad;
      return { units, source: 'unit check' };
    }
    const named = /^'\s*UNITS\s*:\s*(INCH|INCHES|IN|MM|MILLIMET(?:ER|RE)S?)\b/i.exec(s);
    if (named !== null && comment === null) comment = named[1]!.toUpperCase().startsWith('IN') ? 'in' : 'mm';
  }
  if (comment !== null) return { units: comment, source: 'comment' };
  return { units: 'in', source: 'assumed' };
}

export function parseSbp(bytes: Uint8Array): ParsedSbp {
  refuseNonText(bytes);
  const text = new TextDecoder('utf-8').decode(bytes);
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();

  const labels = new Map<string, number>();
  const statements: Statement[] = lines.map((raw, index) => {
    const s = stripComment(raw).trim();
    const label = /^([A-Za-z_][A-Za-z0-9_]*):$/.exec(s);
    if (label !== null && !labels.has(label[1]!.toUpperCase())) labels.set(label[1]!.toUpperCase(), index);
    return parseStatement(s);
  });

  const { units, source: unitsSource } = fileUnits(lines);
  const scale = units === 'in' ? 25.4 : 1;

  const sink = new SegmentSink(Math.max(256, lines.length * 2));
  sink.start(0, 0, 0);
  const notes: SbpMessage[] = [];
  const noted = new Set<string>();
  let droppedNotes = 0;
  const note = (line: number, code: SbpNoteCode, params: SbpNoteParams = {}) => {
    const message = noteText(code, params);
    const key = `${line}:${message}`;
    if (noted.has(key)) return;
    noted.add(key);
    if (notes.length < MAX_NOTES) notes.push({ line, code, params, message });
    else droppedNotes++;
  };

  // Machine state: positions in millimetres; zero offsets (Z2/Z3/ZX…) in millimetres too.
  let mx = 0;
  let my = 0;
  let mz = 0;
  let ox = 0;
  let oy = 0;
  let oz = 0;
  let absolute = true;
  // Speeds in the file's units per second; null until the file sets them.
  let moveXY: number | null = null;
  let moveZ: number | null = null;
  let jogXY: number | null = null;
  let jogZ: number | null = null;
  const firstSpeeds: SbpSummary['speeds'] = { moveXY: null, moveZ: null, jogXY: null, jogZ: null };
  let tool = 0;
  const tools = new Set<number>();
  const toolChanges: SbpToolChange[] = [];
  const macros: number[] = [];
  const vars = new Map<string, SbpValue>();
  let seconds = 0;
  let unfedMm = 0;
  let arcs = 0;
  let lastLine = 0;
  let currentLine = 0;

  const scope: ValueScope = {
    user: (name) => vars.get(name),
    system: (n) => {
      // %(1..3): the current X/Y/Z location in the file's units; %(25): the unit setting (0 in, 1 mm).
      if (n === 1) return (mx - ox) / scale;
      if (n === 2) return (my - oy) / scale;
      if (n === 3) return (mz - oz) / scale;
      if (n === 25) return units === 'mm' ? 1 : 0;
      return undefined;
    },
    note: (code, params) => note(currentLine, code, params),
  };

  const segment = (x: number, y: number, z: number, jog: boolean, arc: boolean) => {
    const p = sink.count * 3;
    const dx = x - sink.positions[p]!;
    const dy = y - sink.positions[p + 1]!;
    const dz = z - sink.positions[p + 2]!;
    const xy = Math.hypot(dx, dy);
    const d = Math.hypot(xy, dz);
    if (d === 0) return;
    const vxy = (jog ? jogXY : moveXY) ?? 0;
    const vz = (jog ? jogZ : moveZ) ?? 0;
    // Each axis group at its own speed; a move that needs both takes the longer of the two (units per second).
    const needXY = xy > 1e-9;
    const needZ = Math.abs(dz) > 1e-9;
    let feedMmMin = 0;
    if ((needXY && vxy <= 0) || (needZ && vz <= 0)) unfedMm += d;
    else {
      const t = Math.max(needXY ? xy / (vxy * scale) : 0, needZ ? Math.abs(dz) / (vz * scale) : 0);
      seconds += t;
      feedMmMin = t > 0 ? (d / t) * 60 : 0;
    }
    lastLine = Math.max(lastLine, currentLine);
    sink.push(
      x,
      y,
      z,
      (jog ? MoveKind.travel : MoveKind.cut) | (arc ? ARC_FLAG : 0),
      tool,
      0,
      feedMmMin,
      lastLine,
    );
  };

  const moveTo = (x: number, y: number, z: number, jog: boolean) => {
    if (x !== mx || y !== my || z !== mz) segment(x, y, z, jog, false);
    mx = x;
    my = y;
    mz = z;
  };

  const num = (value: SbpValue | null, what: string): number | null => {
    if (value === null) return null;
    if (typeof value !== 'number' || !Number.isFinite(value))
      throw new ExpressionError(`${what} must be a number`);
    return value;
  };

  /** An axis parameter: absolute in file units → mm target, or relative distance. Null keeps the axis. */
  const target = (param: string | undefined, current: number, offset: number, axis: string): number => {
    if (param === undefined || param.trim() === '') return current;
    const v = num(evaluate(param, scope), `the ${axis} location`);
    if (v === null) return current;
    return absolute ? v * scale + offset : current + v * scale;
  };

  const values = (params: string[], count: number, what: string): (number | null)[] =>
    Array.from({ length: count }, (_, k) => {
      const p = params[k];
      return p === undefined ? null : num(evaluate(p, scope), what);
    });

  const setSpeeds = (xy: number | null, z: number | null, jog: boolean) => {
    for (const v of [xy, z])
      if (v !== null && v <= 0) throw new ExpressionError('a speed must be more than 0');
    if (jog) {
      if (xy !== null) jogXY = xy;
      if (z !== null) jogZ = z;
      firstSpeeds.jogXY ??= xy;
      firstSpeeds.jogZ ??= z;
    } else {
      if (xy !== null) moveXY = xy;
      if (z !== null) moveZ = z;
      firstSpeeds.moveXY ??= xy;
      firstSpeeds.moveZ ??= z;
    }
  };

  const cutCircle = (params: string[]) => {
    const p = (k: number) => params[k];
    const startX = mx;
    const startY = my;
    const startZ = mz;
    const endX = target(p(1), mx, ox, 'X end');
    const endY = target(p(2), my, oy, 'Y end');
    const [i, j] = values(params.slice(3, 5), 2, 'a CG centre offset');
    if (i === null && j === null) {
      note(currentLine, 'cg-no-centre');
      return;
    }
    const iot = p(5)?.trim().toUpperCase() ?? '';
    if (iot === 'I' || iot === 'O') note(currentLine, 'cg-inside-outside');
    else if (iot !== '' && iot !== 'T') note(currentLine, 'cg-not-tio', { value: p(5) ?? '' });
    const [dir, plunge, reps, propX, propY, options, noPullUp, fromZero] = values(
      params.slice(6, 14),
      8,
      'a CG parameter',
    );
    if (dir !== null && dir !== 1 && dir !== -1) throw new ExpressionError('CG direction must be 1 or -1');
    if ((propX !== null && propX !== 1) || (propY !== null && propY !== 1))
      note(currentLine, 'cg-proportions');
    const option = options ?? 0;
    if (option === 2) note(currentLine, 'cg-pocket');
    else if (option !== 0 && option !== 1 && option !== 3 && option !== 4)
      note(currentLine, 'cg-option', { option });
    const spiral = option === 3 || option === 4;
    const plungeMm = (plunge ?? 0) * scale;
    const passes = Math.max(1, Math.min(1000, Math.round(reps ?? 1)));
    const openArc = Math.hypot(endX - startX, endY - startY) > 1e-9;
    const offI = (i ?? 0) * scale;
    const offJ = (j ?? 0) * scale;
    let z = plungeMm !== 0 && fromZero === 1 ? oz : startZ;
    if (z !== mz) moveTo(mx, my, z, false);
    const arc = (toZ: number) => {
      arcs++;
      const ok = expandArc(
        {
          start: [mx, my, mz],
          end: [endX, endY, toZ],
          offset: [offI, offJ, 0],
          radius: null,
          plane: 17,
          clockwise: (dir ?? 1) === 1,
        },
        (x, y, zz) => segment(x, y, zz, false, true),
      );
      if (ok < 0) note(currentLine, 'cg-no-circle');
      mx = endX;
      my = endY;
      mz = toZ;
    };
    for (let pass = 0; pass < passes; pass++) {
      if (pass > 0 && openArc) {
        moveTo(mx, my, startZ, true);
        moveTo(startX, startY, startZ, true);
        moveTo(startX, startY, z, false);
      }
      if (spiral) {
        z += plungeMm;
        arc(z);
      } else {
        if (plungeMm !== 0) {
          z += plungeMm;
          moveTo(mx, my, z, false);
        }
        arc(z);
      }
    }
    if (option === 4) {
      if (openArc) {
        moveTo(mx, my, startZ, true);
        moveTo(startX, startY, startZ, true);
        moveTo(startX, startY, z, false);
      }
      arc(z);
    }
    if ((noPullUp ?? 0) === 0 && mz !== startZ) moveTo(mx, my, startZ, true);
  };

  const runCommand = (code: string, params: string[]) => {
    const p = (k: number) => params[k];
    switch (code) {
      case 'M2':
      case 'J2':
        moveTo(target(p(0), mx, ox, 'X'), target(p(1), my, oy, 'Y'), mz, code === 'J2');
        return;
      case 'M3':
      case 'J3':
        moveTo(
          target(p(0), mx, ox, 'X'),
          target(p(1), my, oy, 'Y'),
          target(p(2), mz, oz, 'Z'),
          code === 'J3',
        );
        return;
      case 'MX':
      case 'JX':
        moveTo(target(p(0), mx, ox, 'X'), my, mz, code === 'JX');
        return;
      case 'MY':
      case 'JY':
        moveTo(mx, target(p(0), my, oy, 'Y'), mz, code === 'JY');
        return;
      case 'MZ':
      case 'JZ':
        moveTo(mx, my, target(p(0), mz, oz, 'Z'), code === 'JZ');
        return;
      case 'MH':
      case 'JH':
        moveTo(ox, oy, mz, code === 'JH');
        return;
      case 'MS':
      case 'JS': {
        const [xy, z] = values(params, 2, 'a speed');
        setSpeeds(xy ?? null, z ?? null, code === 'JS');
        return;
      }
      case 'VS': {
        const v = values(params, 6, 'a speed');
        setSpeeds(v[0] ?? null, v[1] ?? null, false);
        setSpeeds(v[4] ?? null, v[5] ?? null, true);
        return;
      }
      case 'SA':
        absolute = true;
        return;
      case 'SR':
        absolute = false;
        return;
      case 'Z2':
        ox = mx;
        oy = my;
        return;
      case 'Z3':
        ox = mx;
        oy = my;
        oz = mz;
        return;
      case 'ZX':
        ox = mx;
        return;
      case 'ZY':
        oy = my;
        return;
      case 'ZZ':
        oz = mz;
        return;
      case 'CG':
        cutCircle(params);
        return;
      default:
        if (SETTINGS.has(code)) return;
        if (/^[MJ][ABC45]$/.test(code) || code === 'MA' || code === 'MB') {
          note(currentLine, 'extra-axis', { code });
          return;
        }
        note(currentLine, 'unsupported', { code });
    }
  };

  const runCustom = (numberText: string) => {
    const n = num(evaluate(numberText, scope), 'a custom cut number');
    if (n === null || !Number.isInteger(n) || n < 0)
      throw new ExpressionError('a custom cut number is a whole number');
    if (!macros.includes(n)) macros.push(n);
    if (n === 9) {
      const t = vars.get('TOOL');
      const next = typeof t === 'number' && Number.isInteger(t) && t >= 0 ? Math.min(255, t) : null;
      toolChanges.push({ line: currentLine, segment: sink.count, macro: n, tool: next });
      if (next !== null) {
        tool = next;
        tools.add(next);
      } else note(currentLine, 'tool-unknown');
    } else if (n !== 6 && n !== 7) {
      note(currentLine, 'macro', { n });
    }
  };

  const stack: number[] = [];
  let jumps = 0;
  let steps = 0;
  let pc = 0;
  const jumpTo = (label: string, sub: boolean): boolean => {
    const to = labels.get(label);
    if (to === undefined) {
      note(currentLine, 'no-label', { label });
      return false;
    }
    if (++jumps > MAX_JUMPS) {
      note(currentLine, 'too-many-jumps', { max: MAX_JUMPS.toLocaleString('en') });
      return false;
    }
    if (sub) {
      if (stack.length >= MAX_CALL_DEPTH) {
        note(currentLine, 'gosub-depth', { max: MAX_CALL_DEPTH });
        return false;
      }
      stack.push(pc + 1);
    }
    pc = to + 1;
    return true;
  };

  run: while (pc < statements.length) {
    if (++steps > MAX_STEPS) {
      note(currentLine, 'too-many-steps', { max: MAX_STEPS.toLocaleString('en') });
      break;
    }
    let st = statements[pc]!;
    currentLine = pc + 1;
    try {
      if (st.k === 'if') {
        if (!evaluateCondition(st.condition, scope)) {
          pc++;
          continue;
        }
        st = st.then;
      }
      switch (st.k) {
        case 'none':
          break;
        case 'bad':
          note(currentLine, st.code, st.params);
          break;
        case 'end':
          break run;
        case 'return': {
          const back = stack.pop();
          if (back === undefined) break run; // RETURN with no GOSUB ends the file, as END does
          pc = back;
          continue;
        }
        case 'jump':
          if (!jumpTo(st.label, st.sub)) break run;
          continue;
        case 'assign': {
          if (st.weak && vars.has(st.name)) break;
          const v = evaluate(st.expr, scope);
          if (v === null) throw new ExpressionError(`&${st.name} is given no value`);
          vars.set(st.name, v);
          break;
        }
        case 'custom':
          runCustom(st.number);
          break;
        case 'cmd':
          runCommand(st.code, st.params);
          break;
        case 'if':
          note(currentLine, 'if-in-if');
          break;
      }
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      note(currentLine, 'unreadable', { detail: error.message });
    }
    pc++;
  }

  const scan: GcodeScan = {
    lines: lines.length,
    arcs,
    badArcs: 0,
    unfedMm,
    feedSeconds: seconds,
    g0Mm: 0,
    g0FeedSeconds: 0,
    dwellP: 0,
    dwellS: 0,
    filamentMm: 0,
    sawExtrusion: false,
    sawSpindle: false,
    inches: units === 'in',
    tools,
    workOffsets: new Set<string>(),
    markerStarts: [],
    features: [],
    facts: emptyFacts(),
    thumbnails: [],
    endsWithNewline: true,
    byteLength: bytes.length,
  };
  const done = finishGcode(sink, scan);
  const g = done.summary;

  const warnings: string[] = [];
  if (g.segments === 0) warnings.push('No moves found: the file has nothing to draw.');
  if (unitsSource === 'assumed')
    warnings.push(
      'The file does not say its units; read as inches (the ShopBot default). Check the unit setting.',
    );
  if (unfedMm > 0 && g.segments > 0)
    warnings.push('Some moves come before any MS/JS/VS speed, so the time estimate leaves them out.');
  if (notes.length > 0)
    warnings.push(
      `${notes.length + droppedNotes} line(s) were skipped or read only in part; see the notes with their line numbers.`,
    );

  const summary: SbpSummary = {
    format: 'sbp',
    lines: lines.length,
    segments: g.segments,
    arcs,
    bounds: g.bounds,
    travelBounds: g.travelBounds,
    layers: g.layers,
    workingMm: g.workingMm,
    travelMm: g.travelMm,
    estimatedSeconds: g.segments === 0 || seconds === 0 ? null : Math.round(seconds),
    estimateSource: g.segments === 0 || seconds === 0 ? null : 'computed',
    units,
    unitsSource,
    speeds: firstSpeeds,
    tools: [...tools].sort((a, b) => a - b),
    toolChanges,
    macros,
    notes,
    warnings,
  };
  return { summary, toolpath: done.toolpath };
}

function refuseNonText(buf: Uint8Array): void {
  let k = 0;
  while (k < buf.length && (buf[k] === 32 || buf[k] === 9 || buf[k] === 10 || buf[k] === 13)) k++;
  if (k === buf.length) throw new FileRefused('the file is empty.');
  const sample = Math.min(buf.length, 4096);
  let control = 0;
  for (let j = 0; j < sample; j++) {
    const c = buf[j]!;
    if (c === 0) throw new FileRefused('this is binary data, not an OpenSBP part file.');
    if (c < 9 || (c > 13 && c < 32)) control++;
  }
  if (control > sample / 20) throw new FileRefused('this is binary data, not an OpenSBP part file.');
}
