import { CommandError, CommandSplitter, type Command } from './commands.js';
import type { Point, Stroke } from './types.js';

/**
 * Roland RML-1 for the SRM-20, iModela and MDX-40 (100 units per mm) and the MDX-15/20 (40 units per mm).
 * Coordinates are relative to the user origin set on the machine; Z = 0 is the material's surface.
 */
export interface RmlOptions {
  unitsPerMm: number;
  /** XY cutting speed, mm/s (VS). */
  speed: number;
  /** Z speed, mm/s (!VZ). */
  plungeSpeed: number;
  /** Height above the surface for moves between cuts, mm (!PZ). */
  jogZ: number;
  /** Added to every coordinate, mm (where the job sits from the machine's user origin). */
  origin?: [number, number, number];
  /** Where to park at the end (mm from the origin), or null to stay. */
  home?: [number, number, number] | null;
}

export function writeRml(strokes: Stroke[], o: RmlOptions): string {
  const u = o.unitsPerMm;
  const [ox, oy, oz] = o.origin ?? [0, 0, 0];
  const X = (x: number) => Math.round((x + ox) * u);
  const Y = (y: number) => Math.round((y + oy) * u);
  const Z = (z: number) => Math.round((z + oz) * u);
  const lines = [`PA;PA;VS${fmt(o.speed)};!VZ${fmt(o.plungeSpeed)};!PZ${Z(0)},${Z(o.jogZ)};!MC1;`];
  let at: [number, number] | null = null;
  for (const s of strokes) {
    const first = s.points[0]!;
    const [x0, y0] = [X(first[0]), Y(first[1])];
    // a deeper pass of the same loop goes straight down; anything else lifts and travels
    if (at === null || at[0] !== x0 || at[1] !== y0) lines.push(`PU${x0},${y0};`);
    const z = Z(s.z);
    for (const [x, y] of s.points) lines.push(`Z${X(x)},${Y(y)},${z};`);
    const last = s.points[s.points.length - 1]!;
    at = [X(last[0]), Y(last[1])];
  }
  if (at !== null) lines.push(`PU${at[0]},${at[1]};`);
  const home = o.home === undefined ? null : o.home;
  if (home !== null)
    lines.push(`!PZ0,${Math.round(home[2] * u)};PU${Math.round(home[0] * u)},${Math.round(home[1] * u)};`);
  lines.push('!MC0;');
  return `${lines.join('\n')}\n`;
}

function fmt(v: number): string {
  return String(Math.round(v * 100) / 100);
}

/** One straight tool move, mm (back in the job's frame: origin removed). */
export interface ToolMove {
  x: number;
  y: number;
  z: number;
  /** True for cutting moves (Z, PD), false for PU travel. */
  cutting: boolean;
}

export interface MachineProgram {
  moves: ToolMove[];
  /** Cutting moves grouped into strokes: a PU or a straight plunge starts a new one. */
  strokes: Stroke[];
  /** Last VS speed (RML: mm/s; CAMM-GL: cm/s), null when never set. */
  speed: number | null;
  /** Bytes read. */
  bytes: number;
  /** Device-control instructions received (`K` for ESC.K: abort, `R`: reset), in order. */
  deviceControl: string[];
}

/** Collects moves into strokes the same way for both languages. */
export class StrokeCollector {
  readonly moves: ToolMove[] = [];
  readonly strokes: Stroke[] = [];
  private current: { points: Point[]; z: number } | null = null;
  private pos: [number, number, number];

  constructor(start: [number, number, number]) {
    this.pos = start;
  }

  position(): [number, number, number] {
    return this.pos;
  }

  travel(x: number, y: number, z: number): void {
    this.finish();
    this.pos = [x, y, z];
    this.moves.push({ x, y, z, cutting: false });
  }

  cut(x: number, y: number, z: number): void {
    const [px, py, pz] = this.pos;
    const vertical = x === px && y === py && z !== pz;
    if (this.current === null || vertical || z !== this.current.z) {
      this.finish();
      this.current = { points: [[px, py]], z };
    }
    const pts = this.current.points;
    const last = pts[pts.length - 1]!;
    if (last[0] !== x || last[1] !== y) pts.push([x, y]);
    this.pos = [x, y, z];
    this.moves.push({ x, y, z, cutting: true });
  }

  finish(): void {
    const c = this.current;
    this.current = null;
    if (c === null || c.points.length < 2) return;
    const a = c.points[0]!;
    const b = c.points[c.points.length - 1]!;
    this.strokes.push({ points: c.points, z: c.z, closed: a[0] === b[0] && a[1] === b[1] });
  }
}

const RML_KNOWN = new Set([
  'IN',
  'PA',
  'PR',
  'PU',
  'PD',
  'Z',
  'VS',
  'V',
  'F',
  'H',
  '!VZ',
  '!PZ',
  '!MC',
  '!RC',
  '!DW',
  '!NR',
  '^DF',
  '^IN',
]);

/**
 * What the RML-1 and CAMM-GL readers share: the byte stream split into commands (each handed to `command`), cutting
 * moves collected into strokes, and the program read so far.
 */
export abstract class ProgramReader {
  protected readonly splitter: CommandSplitter;
  protected speed: number | null = null;
  private readonly deviceControl: string[] = [];

  constructor(
    language: string,
    protected readonly collector: StrokeCollector,
  ) {
    this.splitter = new CommandSplitter(language, (c) => {
      if (c.name.startsWith('ESC.')) {
        this.deviceControl.push(c.name.slice(4));
        // ESC.K (abort) and ESC.R (reset) drop whatever the machine still buffered: nothing after it is cut
        if (c.name === 'ESC.K' || c.name === 'ESC.R') this.collector.finish();
      } else this.command(c);
    });
  }

  protected abstract command(c: Command): void;

  feed(text: string): void {
    this.splitter.feed(text);
  }

  /** What was done so far, without reading what is still pending (after a refused command). */
  stopped(): MachineProgram {
    this.collector.finish();
    return {
      moves: this.collector.moves,
      strokes: this.collector.strokes,
      speed: this.speed,
      bytes: this.splitter.bytes,
      deviceControl: [...this.deviceControl],
    };
  }

  end(): MachineProgram {
    this.splitter.end();
    return this.stopped();
  }
}

/** Reads RML-1 in chunks; throws CommandError (with the byte offset) on an unknown or malformed command. */
export class RmlReader extends ProgramReader {
  private relative = false;
  private z1 = 0;
  private z2 = 0;

  constructor(
    private readonly unitsPerMm: number,
    private readonly origin: [number, number, number] = [0, 0, 0],
  ) {
    super('RML-1', new StrokeCollector([-origin[0], -origin[1], -origin[2]]));
  }

  protected command(c: Command): void {
    if (!RML_KNOWN.has(c.name))
      throw new CommandError(`Unknown RML-1 command "${c.name}" at byte ${c.at}.`, c.at);
    const u = this.unitsPerMm;
    const [ox, oy, oz] = this.origin;
    switch (c.name) {
      case 'PA':
        this.relative = false;
        return;
      case 'PR':
        this.relative = true;
        return;
      case 'VS':
        if (c.args.length !== 1) throw new CommandError(`RML-1 VS at byte ${c.at} needs one speed.`, c.at);
        this.speed = c.args[0]!;
        return;
      case '!PZ':
        if (c.args.length !== 2)
          throw new CommandError(`RML-1 !PZ at byte ${c.at} needs two heights (z1,z2).`, c.at);
        this.z1 = c.args[0]! / u - oz;
        this.z2 = c.args[1]! / u - oz;
        return;
      case 'PU':
      case 'PD': {
        if (c.args.length % 2 !== 0)
          throw new CommandError(`RML-1 ${c.name} at byte ${c.at} needs x,y pairs.`, c.at);
        const z = c.name === 'PU' ? this.z2 : this.z1;
        if (c.args.length === 0) {
          const [x, y] = this.collector.position();
          if (c.name === 'PU') this.collector.travel(x, y, z);
          else this.collector.cut(x, y, z);
        }
        for (let k = 0; k < c.args.length; k += 2) {
          const [x, y] = this.xy(c.args[k]!, c.args[k + 1]!, ox, oy);
          if (c.name === 'PU') this.collector.travel(x, y, z);
          else this.collector.cut(x, y, z);
        }
        return;
      }
      case 'Z':
        if (c.args.length === 0 || c.args.length % 3 !== 0)
          throw new CommandError(`RML-1 Z at byte ${c.at} needs x,y,z triples.`, c.at);
        for (let k = 0; k < c.args.length; k += 3) {
          const [x, y] = this.xy(c.args[k]!, c.args[k + 1]!, ox, oy);
          const z = this.relative
            ? this.collector.position()[2] + c.args[k + 2]! / u
            : c.args[k + 2]! / u - oz;
          this.collector.cut(x, y, z);
        }
        return;
      default:
        return; // speeds, spindle, dwell, init: no motion
    }
  }

  private xy(ax: number, ay: number, ox: number, oy: number): [number, number] {
    const u = this.unitsPerMm;
    if (this.relative) {
      const [x, y] = this.collector.position();
      return [x + ax / u, y + ay / u];
    }
    return [ax / u - ox, ay / u - oy];
  }
}

export function parseRml(
  text: string,
  unitsPerMm: number,
  origin?: [number, number, number],
): MachineProgram {
  const r = new RmlReader(unitsPerMm, origin);
  r.feed(text);
  return r.end();
}
