/**
 * Grbl 1.1 wire protocol: parse what the controller says, name the real-time bytes.
 * Pure functions only; the facts come from gnea/grbl doc/markdown/interface.md. Never throws on bad input:
 * a line we cannot read becomes `{ type: 'other' }` so a noisy link can never crash a session.
 */

/** Real-time bytes: acted on by Grbl the moment they arrive, never queued behind G-code. */
export const GRBL_RT = {
  softReset: 0x18,
  status: 0x3f, // '?'
  cycleStart: 0x7e, // '~'
  feedHold: 0x21, // '!'
  safetyDoor: 0x84,
  jogCancel: 0x85,
  feedReset: 0x90,
  feedPlus10: 0x91,
  feedMinus10: 0x92,
  feedPlus1: 0x93,
  feedMinus1: 0x94,
  rapidReset: 0x95,
  rapid50: 0x96,
  rapid25: 0x97,
  spindleReset: 0x99,
  spindlePlus10: 0x9a,
  spindleMinus10: 0x9b,
  spindlePlus1: 0x9c,
  spindleMinus1: 0x9d,
  spindleStop: 0x9e,
  floodToggle: 0xa0,
  mistToggle: 0xa1,
} as const;

export const GRBL_DEFAULT_RX_BYTES = 128;

export const grblStates = ['Idle', 'Run', 'Hold', 'Jog', 'Alarm', 'Door', 'Check', 'Home', 'Sleep'] as const;
export type GrblState = (typeof grblStates)[number] | 'Unknown';

export interface GrblStatus {
  state: GrblState;
  /** Hold:0 complete / Hold:1 decelerating; Door:0–3. */
  subState: number | null;
  mpos: number[] | null;
  wpos: number[] | null;
  wco: number[] | null;
  /** Planner blocks free, RX bytes free. */
  buffer: { blocks: number; bytes: number } | null;
  lineNumber: number | null;
  feed: number | null;
  spindle: number | null;
  overrides: { feed: number; rapid: number; spindle: number } | null;
  pins: string | null;
  accessories: string | null;
}

export type GrblMessage =
  | { type: 'ok' }
  | { type: 'error'; code: number }
  | { type: 'alarm'; code: number }
  | { type: 'status'; status: GrblStatus }
  | { type: 'welcome'; version: string }
  | { type: 'opt'; flags: string; blocks: number; rxBytes: number }
  | { type: 'version'; version: string }
  | { type: 'msg'; text: string }
  | { type: 'feedback'; kind: string; text: string }
  | { type: 'setting'; key: number; value: string }
  | { type: 'other'; text: string };

function numbers(text: string | undefined): number[] | null {
  if (text === undefined) return null;
  const values = text.split(',').map(Number);
  return values.length > 0 && values.every(Number.isFinite) ? values : null;
}

/** Parses `<Idle|MPos:…|Bf:15,128|FS:0,0|WCO:…>`; a malformed report yields null, never an exception. */
export function parseGrblStatus(line: string): GrblStatus | null {
  if (!line.startsWith('<') || !line.endsWith('>')) return null;
  const fields = line.slice(1, -1).split('|');
  const head = fields[0] ?? '';
  const [stateName, sub] = head.split(':');
  const state = (grblStates as readonly string[]).includes(stateName ?? '')
    ? (stateName as GrblState)
    : 'Unknown';
  if (state === 'Unknown') return null;
  const subState = sub === undefined ? null : Number.isInteger(Number(sub)) ? Number(sub) : null;
  const status: GrblStatus = {
    state,
    subState,
    mpos: null,
    wpos: null,
    wco: null,
    buffer: null,
    lineNumber: null,
    feed: null,
    spindle: null,
    overrides: null,
    pins: null,
    accessories: null,
  };
  for (const field of fields.slice(1)) {
    const colon = field.indexOf(':');
    if (colon < 0) continue;
    const key = field.slice(0, colon);
    const value = field.slice(colon + 1);
    const nums = numbers(value);
    switch (key) {
      case 'MPos':
        status.mpos = nums;
        break;
      case 'WPos':
        status.wpos = nums;
        break;
      case 'WCO':
        status.wco = nums;
        break;
      case 'Bf':
        if (nums?.length === 2) status.buffer = { blocks: nums[0]!, bytes: nums[1]! };
        break;
      case 'Ln':
        if (nums?.length === 1) status.lineNumber = nums[0]!;
        break;
      case 'FS':
        if (nums !== null && nums.length >= 2) [status.feed, status.spindle] = [nums[0]!, nums[1]!];
        break;
      case 'F':
        if (nums?.length === 1) status.feed = nums[0]!;
        break;
      case 'Ov':
        if (nums?.length === 3) status.overrides = { feed: nums[0]!, rapid: nums[1]!, spindle: nums[2]! };
        break;
      case 'Pn':
        status.pins = value;
        break;
      case 'A':
        status.accessories = value;
        break;
      default:
        break;
    }
  }
  return status;
}

const codeOf = (text: string): number | null => (/^\d{1,3}$/.test(text) ? Number(text) : null);

/** Classifies one line from a Grbl controller (line terminator already removed). */
export function parseGrblLine(raw: string): GrblMessage {
  const line = raw.trim();
  if (line === 'ok') return { type: 'ok' };
  if (line.startsWith('error:')) {
    const code = codeOf(line.slice(6));
    return code === null ? { type: 'other', text: line } : { type: 'error', code };
  }
  if (line.startsWith('ALARM:')) {
    const code = codeOf(line.slice(6));
    return code === null ? { type: 'other', text: line } : { type: 'alarm', code };
  }
  if (line.startsWith('<')) {
    const status = parseGrblStatus(line);
    return status === null ? { type: 'other', text: line } : { type: 'status', status };
  }
  const welcome = /^Grbl(?:HAL)? (\S+)/.exec(line);
  if (welcome !== null) return { type: 'welcome', version: welcome[1]! };
  if (line.startsWith('[') && line.endsWith(']')) {
    const body = line.slice(1, -1);
    const colon = body.indexOf(':');
    const kind = colon < 0 ? body : body.slice(0, colon);
    const text = colon < 0 ? '' : body.slice(colon + 1);
    if (kind === 'OPT') {
      const parts = text.split(',');
      const blocks = Number(parts[1]);
      const rx = Number(parts[2]);
      if (parts.length >= 3 && Number.isInteger(blocks) && Number.isInteger(rx) && rx > 0) {
        return { type: 'opt', flags: parts[0] ?? '', blocks, rxBytes: rx };
      }
      return { type: 'other', text: line };
    }
    if (kind === 'VER') return { type: 'version', version: text.split(':')[0] ?? text };
    if (kind === 'MSG') return { type: 'msg', text };
    return { type: 'feedback', kind, text };
  }
  const setting = /^\$(\d+)=(.*)$/.exec(line);
  if (setting !== null) return { type: 'setting', key: Number(setting[1]), value: setting[2]! };
  return { type: 'other', text: line };
}

/**
 * Lines that change EEPROM must be sent one at a time (Grbl pauses serial reads while it writes EEPROM, so
 * bytes streamed behind them can be lost): `$x=`, `$RST=`, `$N…=`, `$I=`, G10 L2/L20, G28.1, G30.1.
 */
export function grblNeedsSendResponse(line: string): boolean {
  if (line.startsWith('$')) return !line.startsWith('$J=');
  const upper = line.toUpperCase().replace(/\s+/g, '');
  return /G10L2|G10L20|G28\.1|G30\.1/.test(upper);
}

/** Strips comments and whitespace at the ends; `(…)` and `;…` comments never reach the controller. */
export function cleanGcodeLine(line: string): string {
  let out = '';
  let depth = 0;
  for (const ch of line) {
    if (depth > 0) {
      if (ch === ')') depth -= 1;
      continue;
    }
    if (ch === '(') {
      depth += 1;
      continue;
    }
    if (ch === ';') break;
    out += ch;
  }
  out = out.trim();
  // A program delimiter line (`%`) is for tape readers, not controllers.
  return out === '%' ? '' : out;
}
