import { CommandError, type Command } from './commands.js';
import { ProgramReader, StrokeCollector, type MachineProgram } from './rml.js';
import type { Stroke } from './types.js';

/**
 * CAMM-GL for the Roland GS-24 / GX-24 cutters: 40 units per mm, force `!FS` in grams, speed `VS` in cm/s. We write
 * absolute moves (PA), so a closed shape ends exactly where it started (mods's relative moves drift by rounding).
 */
export interface CammOptions {
  unitsPerMm: number;
  /** Blade force, g. */
  force: number;
  /** Cutting speed, cm/s. */
  speed: number;
  origin?: [number, number];
}

export function writeCamm(strokes: Stroke[], o: CammOptions): string {
  const u = o.unitsPerMm;
  const [ox, oy] = o.origin ?? [0, 0];
  const X = (x: number) => Math.round((x + ox) * u);
  const Y = (y: number) => Math.round((y + oy) * u);
  const lines = [`IN;PA;!ST1;!FS${Math.round(o.force)};VS${Math.round(o.speed)};`];
  for (const s of strokes) {
    const [first, ...rest] = s.points;
    lines.push(`PU${X(first![0])},${Y(first![1])};`);
    for (const [x, y] of rest) lines.push(`PD${X(x)},${Y(y)};`);
  }
  lines.push('PU0,0;');
  return `${lines.join('\n')}\n`;
}

const CAMM_KNOWN = new Set(['IN', 'PA', 'PR', 'PU', 'PD', 'VS', 'FS', '!FS', '!ST', 'SP', 'H', 'DF', '!PG']);

export class CammReader extends ProgramReader {
  private relative = false;
  private down = false;
  force: number | null = null;

  constructor(
    private readonly unitsPerMm: number,
    private readonly origin: [number, number] = [0, 0],
  ) {
    super('CAMM-GL', new StrokeCollector([0, 0, 1]));
  }

  protected command(c: Command): void {
    if (!CAMM_KNOWN.has(c.name))
      throw new CommandError(`Unknown CAMM-GL command "${c.name}" at byte ${c.at}.`, c.at);
    switch (c.name) {
      case 'IN':
      case 'PA':
        this.relative = false;
        return;
      case 'PR':
        this.relative = true;
        return;
      case 'VS':
        if (c.args.length !== 1) throw new CommandError(`CAMM-GL VS at byte ${c.at} needs one speed.`, c.at);
        this.speed = c.args[0]!;
        return;
      case 'FS':
      case '!FS':
        if (c.args.length !== 1)
          throw new CommandError(`CAMM-GL ${c.name} at byte ${c.at} needs one force.`, c.at);
        this.force = c.args[0]!;
        return;
      case 'PU':
      case 'PD': {
        if (c.args.length % 2 !== 0)
          throw new CommandError(`CAMM-GL ${c.name} at byte ${c.at} needs x,y pairs.`, c.at);
        const down = c.name === 'PD';
        const [px, py] = this.collector.position();
        if (c.args.length === 0) {
          if (down) this.collector.cut(px, py, 0);
          else this.collector.travel(px, py, 1);
        }
        for (let k = 0; k < c.args.length; k += 2) {
          const [x, y] = this.xy(c.args[k]!, c.args[k + 1]!);
          if (down) this.collector.cut(x, y, 0);
          else this.collector.travel(x, y, 1);
        }
        this.down = down;
        return;
      }
      default:
        return;
    }
  }

  get penDown(): boolean {
    return this.down;
  }

  private xy(ax: number, ay: number): [number, number] {
    const u = this.unitsPerMm;
    if (this.relative) {
      const [x, y] = this.collector.position();
      return [x + ax / u, y + ay / u];
    }
    return [ax / u - this.origin[0], ay / u - this.origin[1]];
  }
}

export function parseCamm(text: string, unitsPerMm = 40, origin?: [number, number]): MachineProgram {
  const r = new CammReader(unitsPerMm, origin);
  r.feed(text);
  return r.end();
}
