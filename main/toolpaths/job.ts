import { parseCamm, writeCamm } from './camm.js';
import { CommandError } from './commands.js';
import type { GapFinding } from './drc.js';
import { machineById } from './machines.js';
import {
  planRaster,
  PlanError,
  PRESETS,
  summarize,
  VINYL_RASTER_DIAMETER,
  type JobSummary,
  type MillSettings,
  type ProcessId,
} from './plan.js';
import { decodePngBitmap, PngError } from './png.js';
import { parseRml, writeRml } from './rml.js';
import { parseSvg, SvgError } from './svg.js';
import type { Machine, Polyline, Stroke } from './types.js';
import { planCut, VINYL_PRESET, type CutSettings } from './vinyl.js';

/**
 * One job from an input file to a machine file: the pure core behind `cp-desk toolpath` (and, later, the app's
 * "Mill a board" / "Cut vinyl" flow). Every refusal is a JobError with a sentence; nothing is written on a refusal.
 */
export class JobError extends Error {}

export interface JobOptions {
  process?: ProcessId;
  machine?: string;
  /** Overrides of the process preset. */
  mill?: Partial<MillSettings>;
  cut?: Partial<CutSettings>;
  /** Resolution for a PNG without pHYs (or to override it). */
  dpi?: number;
  pxPerInch?: 96 | 90;
  /** Where the job's bottom-left corner sits from the machine's user origin, mm. */
  origin?: [number, number, number];
  /** Height above the surface for moves between cuts, mm (mills). */
  jogZ?: number;
}

export interface PlannedJob {
  kind: 'png' | 'svg' | 'rml' | 'camm';
  process: ProcessId | null;
  machine: Machine;
  /** The machine file (for an imported .rml/.camm: the file itself). */
  machineText: string;
  /** The planned 2-D paths in cutting order (one per loop, before depth passes), job frame in mm. */
  polylines: Polyline[];
  strokes: Stroke[];
  summary: JobSummary;
  gaps: GapFinding[];
  dpi: number | null;
  settings: MillSettings | CutSettings | null;
}

export function inputKind(name: string): PlannedJob['kind'] | null {
  const ext = /\.([a-z]+)$/i.exec(name)?.[1]?.toLowerCase();
  if (ext === 'png') return 'png';
  if (ext === 'svg') return 'svg';
  if (ext === 'rml' || ext === 'prn') return 'rml';
  if (ext === 'camm') return 'camm';
  return null;
}

export function planJob(name: string, bytes: Uint8Array, o: JobOptions): PlannedJob {
  const kind = inputKind(name);
  if (kind === null)
    throw new JobError(`${name}: not a file the planner takes (use .png, .svg, .rml or .camm).`);
  try {
    if (kind === 'rml' || kind === 'camm') return importMachineFile(name, kind, bytes, o);
    const process = o.process;
    if (process === undefined)
      throw new JobError('Say which process: --process pcb-traces, pcb-outline or vinyl.');
    const machine = pickMachine(process, o.machine);
    return kind === 'png'
      ? planPng(name, bytes, process, machine, o)
      : planSvg(name, bytes, process, machine, o);
  } catch (error) {
    if (
      error instanceof PngError ||
      error instanceof SvgError ||
      error instanceof PlanError ||
      error instanceof CommandError
    )
      throw new JobError(`${name}: ${error.message}`);
    throw error;
  }
}

function pickMachine(process: ProcessId, id: string | undefined): Machine {
  let machine: Machine;
  try {
    machine = machineById(id ?? (process === 'vinyl' ? 'gx-24' : 'srm-20'));
  } catch (error) {
    throw new JobError(error instanceof Error ? error.message : String(error));
  }
  if (process === 'vinyl' && machine.language !== 'camm')
    throw new JobError(`The ${machine.name} is a mill; vinyl and copper foil are cut on a GX-24 or GS-24.`);
  if (process !== 'vinyl' && machine.language !== 'rml')
    throw new JobError(
      `The ${machine.name} is a cutter; boards are milled on an SRM-20, MDX-40, MDX-20/15 or iModela.`,
    );
  return machine;
}

function planPng(
  name: string,
  bytes: Uint8Array,
  process: ProcessId,
  machine: Machine,
  o: JobOptions,
): PlannedJob {
  const bm = decodePngBitmap(bytes);
  const dpi = o.dpi ?? bm.dpi;
  if (dpi === null)
    throw new JobError(
      `${name} does not say its resolution (no pHYs chunk). Give the dpi it was exported at with --dpi (e.g. --dpi 1000); we never guess.`,
    );
  if (!(dpi > 0)) throw new JobError(`The resolution must be more than 0 dpi (got ${dpi}).`);
  const preset: MillSettings =
    process === 'vinyl'
      ? {
          ...PRESETS['pcb-outline'],
          toolDiameter: VINYL_RASTER_DIAMETER,
          offsets: 1,
          cutDepth: 1,
          maxDepth: 1,
        }
      : PRESETS[process];
  const settings: MillSettings = { ...preset, ...o.mill };
  // a deeper single cut than the preset's final depth: one pass at that depth
  if (o.mill?.maxDepth === undefined && settings.maxDepth < settings.cutDepth)
    settings.maxDepth = settings.cutDepth;
  const plan = planRaster(bm, dpi, settings);
  const polylines = plan.lines.map((l) => l.points);
  if (process === 'vinyl') {
    const cut: CutSettings = { ...VINYL_PRESET, ...o.cut };
    const strokes = plan.lines.map((l) => ({ points: l.points, z: 0, closed: l.closed }));
    // a knife has no diameter: the check for gaps narrower than a tool does not apply
    return finishCut('png', process, machine, strokes, polylines, cut, [], dpi, o);
  }
  return finishMill('png', process, machine, plan.strokes, polylines, settings, plan.gaps, dpi, o);
}

function planSvg(
  name: string,
  bytes: Uint8Array,
  process: ProcessId,
  machine: Machine,
  o: JobOptions,
): PlannedJob {
  if (process !== 'vinyl')
    throw new JobError(
      `${name}: an SVG is cut on the vinyl cutter (--process vinyl); for milling export the board as a PNG.`,
    );
  const drawing = parseSvg(
    Buffer.from(bytes).toString('utf8'),
    o.pxPerInch !== undefined ? { pxPerInch: o.pxPerInch } : {},
  );
  if (drawing.paths.length === 0) throw new JobError(`${name} has no shapes to cut.`);
  const cut: CutSettings = { ...VINYL_PRESET, ...o.cut };
  if (!(cut.bladeOffset >= 0) || !(cut.overcut >= 0))
    throw new JobError('The blade offset and the overcut cannot be negative.');
  const { strokes } = planCut(drawing, cut);
  return finishCut(
    'svg',
    process,
    machine,
    strokes,
    strokes.map((s) => s.points),
    cut,
    [],
    null,
    o,
  );
}

function checkTravel(
  machine: Machine,
  summary: JobSummary,
  origin: [number, number, number],
  depth: number,
): void {
  const [x0, y0, x1, y1] = summary.bbox;
  const [tx, ty, tz] = machine.travel;
  const ax0 = x0 + origin[0];
  const ay0 = y0 + origin[1];
  const ax1 = x1 + origin[0];
  const ay1 = y1 + origin[1];
  if (ax0 < 0 || ay0 < 0 || ax1 > tx || ay1 > ty)
    throw new JobError(
      `The job reaches from (${r2(ax0)}, ${r2(ay0)}) to (${r2(ax1)}, ${r2(ay1)}) mm but the ${machine.name} travels 0–${tx} × 0–${ty} mm; move the origin or make the job smaller.`,
    );
  if (machine.language === 'rml' && depth > tz)
    throw new JobError(`The job cuts ${depth} mm deep but the ${machine.name} travels only ${tz} mm in Z.`);
}

function finishMill(
  kind: 'png',
  process: ProcessId,
  machine: Machine,
  strokes: Stroke[],
  polylines: Polyline[],
  settings: MillSettings,
  gaps: GapFinding[],
  dpi: number,
  o: JobOptions,
): PlannedJob {
  const jogZ = o.jogZ ?? 2;
  const origin = o.origin ?? [0, 0, 0];
  const summary = summarize(
    strokes,
    settings.speed,
    machine.rapidSpeed,
    jogZ,
    settings.speed,
    polylines.length,
  );
  checkTravel(machine, summary, origin, settings.maxDepth);
  const machineText = writeRml(strokes, {
    unitsPerMm: machine.unitsPerMm,
    speed: settings.speed,
    plungeSpeed: settings.speed,
    jogZ,
    origin,
    home: machine.home,
  });
  return { kind, process, machine, machineText, polylines, strokes, summary, gaps, dpi, settings };
}

function finishCut(
  kind: 'png' | 'svg',
  process: ProcessId,
  machine: Machine,
  strokes: Stroke[],
  polylines: Polyline[],
  cut: CutSettings,
  gaps: GapFinding[],
  dpi: number | null,
  o: JobOptions,
): PlannedJob {
  const origin = o.origin ?? [0, 0, 0];
  const summary = summarize(strokes, cut.speed * 10, machine.rapidSpeed, 0, 0, polylines.length);
  checkTravel(machine, summary, origin, 0);
  const machineText = writeCamm(strokes, {
    unitsPerMm: machine.unitsPerMm,
    force: cut.force,
    speed: cut.speed,
    origin: [origin[0], origin[1]],
  });
  return { kind, process, machine, machineText, polylines, strokes, summary, gaps, dpi, settings: cut };
}

function importMachineFile(name: string, kind: 'rml' | 'camm', bytes: Uint8Array, o: JobOptions): PlannedJob {
  const text = Buffer.from(bytes).toString('latin1');
  const machine = machineById(o.machine ?? (kind === 'rml' ? 'srm-20' : 'gx-24'));
  if (machine.language !== kind)
    throw new JobError(
      `${name} is ${kind === 'rml' ? 'RML-1' : 'CAMM-GL'}, which the ${machine.name} does not speak.`,
    );
  const program =
    kind === 'rml' ? parseRml(text, machine.unitsPerMm, o.origin) : parseCamm(text, machine.unitsPerMm);
  const speed = program.speed ?? (kind === 'rml' ? 4 : 2);
  const summary = summarize(
    program.strokes,
    kind === 'rml' ? speed : speed * 10,
    machine.rapidSpeed,
    0,
    0,
    program.strokes.length,
  );
  return {
    kind,
    process: null,
    machine,
    machineText: text,
    polylines: program.strokes.map((s) => s.points),
    strokes: program.strokes,
    summary,
    gaps: [],
    dpi: null,
    settings: null,
  };
}

function r2(v: number): number {
  return Math.round(v * 100) / 100;
}
