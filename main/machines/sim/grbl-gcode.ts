/**
 * The simulated Grbl's G-code interpreter: our own code, written to give the verdict Grbl 1.1 (default build) gives on
 * each block — `ok` or the same `error:N` — checked in the same order (words first, then feed, dwell, plane, units,
 * tool length, coordinate systems, non-modal commands, motion, unused words). Positions are kept in machine
 * millimetres, as Grbl keeps them; `execute` returns where the block moves the tool so the simulator can plan it and
 * check soft limits.
 */

const MM_PER_INCH = 25.4;
const MAX_LINE_NUMBER = 10_000_000;
const MAX_TOOL = 255;
const COORD_SYSTEMS = 6;
/** Grbl's line buffer: 80 bytes with its terminator, so 79 characters after spaces and comments are removed. */
export const LINE_BUFFER_CHARS = 79;

/** What Grbl's serial loop keeps of a line: no spaces, control bytes, comments or `/`; letters in upper case. */
export function cleanGrblLine(raw: string): { text: string; overflow: boolean } {
  let text = '';
  let paren = false;
  let semicolon = false;
  let overflow = false;
  for (const ch of raw) {
    if (paren || semicolon || overflow) {
      if (ch === ')' && paren) paren = false;
      continue;
    }
    const code = ch.charCodeAt(0);
    if (code <= 0x20 || ch === '/') continue;
    if (ch === '(') paren = true;
    else if (ch === ';') semicolon = true;
    else if (text.length >= LINE_BUFFER_CHARS) overflow = true;
    else text += ch.toUpperCase();
  }
  return { text, overflow };
}

type Motion = 0 | 1 | 2 | 3 | 80 | 382 | 383 | 384 | 385;
type NonModal = 'none' | 'G4' | 'G10' | 'G28' | 'G28.1' | 'G30' | 'G30.1' | 'G53' | 'G92' | 'G92.1';
type AxisCommand = 'none' | 'non-modal' | 'motion' | 'tool-length';

interface Modal {
  motion: Motion;
  plane: 0 | 1 | 2; // XY, ZX, YZ
  inches: boolean;
  incremental: boolean;
  inverseTime: boolean;
  coord: number;
  spindle: 3 | 4 | 5;
  flood: boolean;
  dynamicTlo: boolean;
}

export interface BlockMove {
  /** Machine positions the tool passes through, the last one being the end (arcs: Grbl's segment points). */
  path: number[][];
  rapid: boolean;
  /** mm/min; 0 for rapids. */
  feed: number;
  probe: boolean;
}

export interface BlockResult {
  status: number;
  moves: BlockMove[];
  programEnd: boolean;
}

interface Word {
  letter: string;
  value: number;
}

/** Grbl's number reader: optional sign, digits with at most one point, at least one digit. */
function readNumber(text: string, start: number): { value: number; next: number } | null {
  let i = start;
  if (text[i] === '-' || text[i] === '+') i += 1;
  let digits = 0;
  let point = false;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch >= '0' && ch <= '9') digits += 1;
    else if (ch === '.' && !point) point = true;
    else break;
    i += 1;
  }
  if (digits === 0) return null;
  return { value: Number(text.slice(start, i).replace(/^\+/, '')), next: i };
}

const GROUP_OF: Record<string, string> = {};
for (const g of ['4', '10', '28', '30', '53', '92', '28.1', '30.1', '92.1']) GROUP_OF[g] = 'non-modal';
for (const g of ['0', '1', '2', '3', '38.2', '38.3', '38.4', '38.5', '80']) GROUP_OF[g] = 'motion';
for (const g of ['17', '18', '19']) GROUP_OF[g] = 'plane';
for (const g of ['90', '91']) GROUP_OF[g] = 'distance';
GROUP_OF['91.1'] = 'arc-distance';
for (const g of ['93', '94']) GROUP_OF[g] = 'feed-mode';
for (const g of ['20', '21']) GROUP_OF[g] = 'units';
GROUP_OF['40'] = 'cutter';
for (const g of ['43.1', '49']) GROUP_OF[g] = 'tool-length';
for (const g of ['54', '55', '56', '57', '58', '59']) GROUP_OF[g] = 'coord';
GROUP_OF['61'] = 'control';

export interface GrblGcodeSettings {
  softLimits: boolean;
  /** $130–$132, mm: machine space is −travel … 0 on each axis (Grbl's default, homing towards +). */
  maxTravel: number[];
  arcTolerance: number;
}

export class GrblGcode {
  modal: Modal = GrblGcode.defaults();
  /** mm/min, or 1/min in inverse time. */
  feed = 0;
  spindleSpeed = 0;
  tool = 0;
  position = [0, 0, 0];
  g92 = [0, 0, 0];
  tlo = 0;
  /** G54–G59 (kept like Grbl's EEPROM: a reset does not clear them), then G28 and G30 positions. */
  readonly coordData: number[][] = Array.from({ length: COORD_SYSTEMS }, () => [0, 0, 0]);
  readonly g28 = [0, 0, 0];
  readonly g30 = [0, 0, 0];

  constructor(private readonly settings: () => GrblGcodeSettings) {}

  private static defaults(): Modal {
    return {
      motion: 0,
      plane: 0,
      inches: false,
      incremental: false,
      inverseTime: false,
      coord: 0,
      spindle: 5,
      flood: false,
      dynamicTlo: false,
    };
  }

  /** Soft reset: modes back to power-on, the parser position taken from where the machine is. */
  reset(machinePosition: readonly number[]): void {
    this.modal = GrblGcode.defaults();
    this.feed = 0;
    this.spindleSpeed = 0;
    this.tool = 0;
    this.g92 = [0, 0, 0];
    this.tlo = 0;
    this.position = [...machinePosition];
  }

  /** Work coordinate offset as the status report gives it (WPos = MPos − WCO). */
  wco(): number[] {
    const c = this.coordData[this.modal.coord]!;
    return [0, 1, 2].map((i) => c[i]! + this.g92[i]! + (i === 2 ? this.tlo : 0));
  }

  /** The `$G` report. */
  report(): string {
    const m = this.modal;
    const motion = m.motion > 100 ? `G38.${m.motion % 10}` : `G${m.motion}`;
    const feed = m.inches ? this.feed / MM_PER_INCH : this.feed;
    return (
      `[GC:${motion} G${54 + m.coord} G${17 + m.plane} G${m.inches ? 20 : 21} G${m.incremental ? 91 : 90} ` +
      `G${m.inverseTime ? 93 : 94} M${m.spindle} M${m.flood ? 8 : 9} T${this.tool} F${+feed.toFixed(3)} S${this.spindleSpeed}]`
    );
  }

  /** One cleaned block (see cleanGrblLine); `jog` for the part after `$J=`. */
  execute(text: string, jog = false): BlockResult {
    const fail = (status: number): BlockResult => ({ status, moves: [], programEnd: false });
    const block: Modal = { ...this.modal };
    if (jog) {
      block.motion = 1;
      block.inverseTime = false;
    }
    let axisCommand: AxisCommand = 'none';
    let nonModal: NonModal = 'none';
    let programFlow: 'none' | 'pause' | 'end' = 'none';
    const groups = new Set<string>();
    const values = new Map<string, number>();
    const words: Word[] = [];

    // Step 1: words, with the checks Grbl makes while reading them.
    let i = 0;
    while (i < text.length) {
      const letter = text[i]!;
      if (letter < 'A' || letter > 'Z') return fail(1);
      const num = readNumber(text, i + 1);
      if (num === null) return fail(2);
      i = num.next;
      words.push({ letter, value: num.value });
      const value = num.value;
      const whole = Math.trunc(value);
      let hundredths = Math.round(100 * (value - whole));
      if (letter === 'G') {
        if (value < 0) return fail(20);
        let group: string;
        if ([10, 28, 30, 92].includes(whole) && hundredths === 0) {
          if (axisCommand !== 'none') return fail(24);
          axisCommand = 'non-modal';
        }
        if ([4, 10, 28, 30, 53, 92].includes(whole)) {
          group = 'non-modal';
          if (whole === 28 || whole === 30 || whole === 92) {
            if (hundredths !== 0 && hundredths !== 10) return fail(20);
            nonModal = hundredths === 10 ? `G${whole}.1` : `G${whole}`;
            hundredths = 0;
          } else nonModal = `G${whole}` as NonModal;
        } else if ([0, 1, 2, 3, 38, 80].includes(whole)) {
          if (whole !== 80) {
            if (axisCommand !== 'none') return fail(24);
            axisCommand = 'motion';
          }
          group = 'motion';
          if (whole === 38) {
            if (![20, 30, 40, 50].includes(hundredths)) return fail(20);
            block.motion = (380 + hundredths / 10) as Motion;
            hundredths = 0;
          } else block.motion = whole as Motion;
        } else if (whole >= 17 && whole <= 19) {
          group = 'plane';
          block.plane = (whole - 17) as 0 | 1 | 2;
        } else if (whole === 90 || whole === 91) {
          if (hundredths === 0) {
            group = 'distance';
            block.incremental = whole === 91;
          } else {
            if (hundredths !== 10 || whole === 90) return fail(20);
            group = 'arc-distance';
            hundredths = 0;
          }
        } else if (whole === 93 || whole === 94) {
          group = 'feed-mode';
          block.inverseTime = whole === 93;
        } else if (whole === 20 || whole === 21) {
          group = 'units';
          block.inches = whole === 20;
        } else if (whole === 40) {
          group = 'cutter';
        } else if (whole === 43 || whole === 49) {
          group = 'tool-length';
          if (axisCommand !== 'none') return fail(24);
          axisCommand = 'tool-length';
          if (whole === 49) block.dynamicTlo = false;
          else if (hundredths === 10) block.dynamicTlo = true;
          else return fail(20);
          hundredths = 0;
        } else if (whole >= 54 && whole <= 59) {
          group = 'coord';
          block.coord = whole - 54;
        } else if (whole === 61) {
          if (hundredths !== 0) return fail(20);
          group = 'control';
        } else return fail(20);
        if (hundredths > 0) return fail(23);
        if (groups.has(group)) return fail(21);
        groups.add(group);
      } else if (letter === 'M') {
        if (hundredths > 0) return fail(23);
        let group: string;
        if ([0, 1, 2, 30].includes(whole)) {
          group = 'm-flow';
          if (whole === 0) programFlow = 'pause';
          else if (whole !== 1) programFlow = 'end';
        } else if (whole >= 3 && whole <= 5) {
          group = 'm-spindle';
          block.spindle = whole as 3 | 4 | 5;
        } else if (whole === 8 || whole === 9) {
          group = 'm-coolant';
          block.flood = whole === 8;
        } else return fail(20); // M7 and M56 are compile-time options, off in the default build
        if (groups.has(group)) return fail(21);
        groups.add(group);
      } else {
        if (!'FIJKLNPRSTXYZ'.includes(letter)) return fail(20);
        if (letter === 'T' && value > MAX_TOOL) return fail(38);
        if (values.has(letter)) return fail(25);
        if ('FNPTS'.includes(letter) && value < 0) return fail(4);
        values.set(letter, letter === 'L' ? whole : letter === 'N' ? Math.trunc(value) : value);
      }
    }

    // Step 2: error checks, in Grbl's order.
    const axisWords = ['X', 'Y', 'Z'].map((a) => values.has(a));
    const anyAxis = axisWords.some(Boolean);
    const xyz = ['X', 'Y', 'Z'].map((a) => values.get(a) ?? 0);
    const ijk = ['I', 'J', 'K'].map((a) => values.get(a) ?? 0);
    const ijkWords = ['I', 'J', 'K'].map((a) => values.has(a));
    const unused = new Set(values.keys());
    if (anyAxis && axisCommand === 'none') axisCommand = 'motion';
    if ((values.get('N') ?? 0) > MAX_LINE_NUMBER) return fail(27);

    let feed = values.get('F') ?? 0;
    if (jog) {
      if (!values.has('F')) return fail(22);
      if (block.inches) feed *= MM_PER_INCH;
    } else if (block.inverseTime) {
      if (axisCommand === 'motion' && block.motion !== 80 && block.motion !== 0 && !values.has('F'))
        return fail(22);
    } else if (!this.modal.inverseTime) {
      if (values.has('F')) {
        if (block.inches) feed *= MM_PER_INCH;
      } else feed = this.feed;
    }
    const spindleSpeed = values.get('S') ?? this.spindleSpeed;

    if (nonModal === 'G4') {
      if (!values.has('P')) return fail(28);
      unused.delete('P');
    }
    const [axis0, axis1] = block.plane === 0 ? [0, 1] : block.plane === 1 ? [2, 0] : [1, 2];
    if (block.inches) for (let a = 0; a < 3; a += 1) if (axisWords[a]) xyz[a]! *= MM_PER_INCH;

    if (axisCommand === 'tool-length' && block.dynamicTlo) {
      if (!(axisWords[2] && !axisWords[0] && !axisWords[1])) return fail(37);
    }
    const coordSystem = [...this.coordData[block.coord]!];

    let coordSelect = block.coord;
    let coordValues: number[] = [];
    let g92: number[] = this.g92;
    let homeTarget: number[] | null = null;
    if (nonModal === 'G10') {
      if (!anyAxis) return fail(26);
      if (!values.has('P') && !values.has('L')) return fail(28);
      const p = Math.trunc(values.get('P') ?? 0);
      if (p > COORD_SYSTEMS) return fail(29);
      const l = values.get('L') ?? 0;
      if (l !== 20) {
        if (l === 2) {
          if (values.has('R')) return fail(20);
        } else return fail(20);
      }
      unused.delete('L');
      unused.delete('P');
      coordSelect = p > 0 ? p - 1 : block.coord;
      coordValues = [...this.coordData[coordSelect]!];
      for (let a = 0; a < 3; a += 1) {
        if (!axisWords[a]) continue;
        coordValues[a] =
          l === 20 ? this.position[a]! - this.g92[a]! - xyz[a]! - (a === 2 ? this.tlo : 0) : xyz[a]!;
      }
    } else if (nonModal === 'G92') {
      if (!anyAxis) return fail(26);
      g92 = [0, 1, 2].map((a) =>
        axisWords[a]
          ? this.position[a]! - coordSystem[a]! - xyz[a]! - (a === 2 ? this.tlo : 0)
          : this.g92[a]!,
      );
    } else {
      if (axisCommand !== 'tool-length' && anyAxis) {
        for (let a = 0; a < 3; a += 1) {
          if (!axisWords[a]) xyz[a] = this.position[a]!;
          else if (nonModal !== 'G53') {
            if (block.incremental) xyz[a]! += this.position[a]!;
            else xyz[a]! += coordSystem[a]! + this.g92[a]! + (a === 2 ? this.tlo : 0);
          }
        }
      }
      if (nonModal === 'G28' || nonModal === 'G30') {
        const stored = nonModal === 'G28' ? this.g28 : this.g30;
        homeTarget = stored.map((v, a) => (anyAxis && !axisWords[a] ? this.position[a]! : v));
        if (!anyAxis) axisCommand = 'none';
      } else if (nonModal === 'G53' && block.motion !== 0 && block.motion !== 1) return fail(30);
    }

    let arc: { center: number[]; radius: number; clockwise: boolean } | null = null;
    if (block.motion === 80) {
      if (anyAxis) return fail(31);
    } else if (axisCommand === 'motion') {
      if (block.motion === 0 || block.motion === 1) {
        if (block.motion === 1 && feed === 0) return fail(22);
        if (!anyAxis) axisCommand = 'none';
      } else {
        if (feed === 0) return fail(22);
        if (block.motion === 2 || block.motion === 3) {
          if (!anyAxis) return fail(26);
          if (!axisWords[axis0] && !axisWords[axis1]) return fail(32);
          let x = xyz[axis0]! - this.position[axis0]!;
          let y = xyz[axis1]! - this.position[axis1]!;
          const center = [...this.position];
          let radius: number;
          if (values.has('R')) {
            unused.delete('R');
            if (xyz.every((v, a) => v === this.position[a])) return fail(33);
            let r = values.get('R')!;
            if (block.inches) r *= MM_PER_INCH;
            const h4 = 4 * r * r - x * x - y * y;
            if (h4 < 0) return fail(34);
            let h = -Math.sqrt(h4) / Math.hypot(x, y);
            if (block.motion === 3) h = -h;
            if (r < 0) h = -h;
            center[axis0]! += 0.5 * (x - y * h);
            center[axis1]! += 0.5 * (y + x * h);
            radius = Math.abs(r);
          } else {
            if (!ijkWords[axis0] && !ijkWords[axis1]) return fail(35);
            unused.delete('I');
            unused.delete('J');
            unused.delete('K');
            const off = block.inches ? ijk.map((v) => v * MM_PER_INCH) : ijk;
            x -= off[axis0]!;
            y -= off[axis1]!;
            const targetR = Math.hypot(x, y);
            radius = Math.hypot(off[axis0]!, off[axis1]!);
            const delta = Math.abs(targetR - radius);
            if (delta > 0.005 && (delta > 0.5 || delta > 0.001 * radius)) return fail(33);
            center[axis0]! += off[axis0]!;
            center[axis1]! += off[axis1]!;
          }
          arc = { center, radius, clockwise: block.motion === 2 };
        } else {
          if (!anyAxis) return fail(26);
          if (xyz.every((v, a) => v === this.position[a])) return fail(33);
        }
      }
    }

    for (const w of jog ? ['N', 'F'] : ['N', 'F', 'S', 'T']) unused.delete(w);
    if (axisCommand !== 'none') for (const w of ['X', 'Y', 'Z']) unused.delete(w);
    if (unused.size > 0) return fail(36);

    if (jog) {
      for (const g of groups) if (!['distance', 'units', 'non-modal'].includes(g)) return fail(16);
      if (nonModal !== 'none' && nonModal !== 'G53') return fail(16);
      const target = anyAxis ? xyz : [...this.position];
      if (this.settings().softLimits && this.outside(target)) return fail(15);
      this.position = target;
      return { status: 0, moves: [{ path: [target], rapid: false, feed, probe: false }], programEnd: false };
    }

    // Step 3: the block is good; update the state and say where the tool goes.
    const moves: BlockMove[] = [];
    this.feed = block.inverseTime ? 0 : feed;
    const blockFeed = feed;
    this.spindleSpeed = spindleSpeed;
    if (values.has('T')) this.tool = Math.trunc(values.get('T')!);
    if (axisCommand === 'tool-length') this.tlo = block.dynamicTlo ? xyz[2]! * 1 : 0;
    if (block.coord !== this.modal.coord) this.coordData[block.coord] = coordSystem;
    this.modal = { ...block, motion: block.motion };
    if (nonModal === 'G10') {
      this.coordData[coordSelect] = coordValues;
    } else if (nonModal === 'G28' || nonModal === 'G30') {
      const path = axisCommand !== 'none' ? [xyz, homeTarget!] : [homeTarget!];
      moves.push({ path, rapid: true, feed: 0, probe: false });
      this.position = [...homeTarget!];
    } else if (nonModal === 'G28.1') this.g28.splice(0, 3, ...this.position);
    else if (nonModal === 'G30.1') this.g30.splice(0, 3, ...this.position);
    else if (nonModal === 'G92') this.g92 = g92;
    else if (nonModal === 'G92.1') this.g92 = [0, 0, 0];

    if (block.motion !== 80 && axisCommand === 'motion') {
      const path = arc === null ? [xyz] : this.arcPath(xyz, arc, axis0, axis1);
      moves.push({ path, rapid: block.motion === 0, feed: blockFeed, probe: block.motion > 100 });
      this.position = [...xyz];
    }
    if (programFlow === 'end') {
      this.modal = { ...this.modal, motion: 1, plane: 0, incremental: false, inverseTime: false, coord: 0 };
      this.modal.spindle = 5;
      this.modal.flood = false;
    }
    return { status: 0, moves, programEnd: programFlow === 'end' };
  }

  /** True when a machine position lies outside the soft-limit travel (−max … 0 on each axis). */
  outside(target: readonly number[]): boolean {
    const travel = this.settings().maxTravel;
    return target.some((v, a) => v > 0 || v < -travel[a]!);
  }

  /** The points Grbl's arc generator visits: chords within the arc tolerance ($12), helical axis linear. */
  private arcPath(
    target: number[],
    arc: { center: number[]; radius: number; clockwise: boolean },
    axis0: number,
    axis1: number,
  ): number[][] {
    if (!this.settings().softLimits) return [target];
    const start = this.position;
    const c0 = arc.center[axis0]!;
    const c1 = arc.center[axis1]!;
    const a0 = Math.atan2(start[axis1]! - c1, start[axis0]! - c0);
    let travel = Math.atan2(target[axis1]! - c1, target[axis0]! - c0) - a0;
    const eps = 5e-7;
    if (arc.clockwise) {
      if (travel >= -eps) travel -= 2 * Math.PI;
    } else if (travel <= eps) travel += 2 * Math.PI;
    const tol = this.settings().arcTolerance;
    const segments = Math.floor(
      Math.abs(0.5 * travel * arc.radius) / Math.sqrt(tol * (2 * arc.radius - tol)) || 0,
    );
    const linear = 3 - axis0 - axis1;
    const path: number[][] = [];
    for (let s = 1; s < segments; s += 1) {
      const angle = a0 + (travel * s) / segments;
      const p = [...target];
      p[axis0] = c0 + arc.radius * Math.cos(angle);
      p[axis1] = c1 + arc.radius * Math.sin(angle);
      p[linear] = start[linear]! + ((target[linear]! - start[linear]!) * s) / segments;
      path.push(p);
    }
    path.push(target);
    return path;
  }
}
