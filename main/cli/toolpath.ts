import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { JobError, planJob, type JobOptions } from '../toolpaths/job.js';
import { MACHINES } from '../toolpaths/machines.js';
import type { MillSettings, ProcessId } from '../toolpaths/plan.js';
import type { CutSettings } from '../toolpaths/vinyl.js';
import { errorMessage, parseCommandArgs, type CliIo } from './common.js';

export const usage = `cp-desk toolpath INPUT --process pcb-traces|pcb-outline|vinyl [options]
  Plans a PCB (PNG: white = copper to keep) or a vinyl/copper cut (SVG or PNG) and writes the Roland machine file;
  an .rml or .camm file made elsewhere is read back (preview with --paths, summary with --json).
  Offsets are measured from the copper's pixel edges, depths are exact, and gaps narrower than the tool are
  reported (design-rule check). Presets as in mods: traces 1/64" (0.396 mm, 0.102 mm deep, 4 offsets, stepover 0.5,
  4 mm/s), outline 1/32" (0.79 mm, 0.61 mm steps to 1.83 mm), vinyl 0.25 mm blade offset, 50 g, 2 cm/s.
  --machine ${Object.keys(MACHINES).join('|')}
  --tool-diameter MM  --offsets N|all  --stepover F  --cut-depth MM  --max-depth MM  --speed V (mm/s; cutters cm/s)
  --direction climb|conventional  --dpi N (for a PNG without pHYs)  --px-per-inch 96|90 (SVG px; 90 = mods)
  --blade-offset MM  --overcut MM  --force G  --origin X,Y[,Z] (mm from the machine's user origin)
  --out FILE (machine file)  --paths FILE.json (planned path, mm, bottom-left origin, y up)  --json (summary)`;

const PROCESSES: ProcessId[] = ['pcb-traces', 'pcb-outline', 'vinyl'];

function positive(name: string, raw: string | undefined, allowZero = false): number | undefined {
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (!Number.isFinite(v) || v < 0 || (!allowZero && v === 0))
    throw new JobError(`--${name} needs a number ${allowZero ? '≥ 0' : '> 0'} (got "${raw}").`);
  return v;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** Reads the flags into job options; throws JobError with a sentence for a bad value. */
export function jobOptions(values: Record<string, unknown>): JobOptions {
  const o: JobOptions = {};
  const process = str(values.process);
  if (process !== undefined) {
    if (!PROCESSES.includes(process as ProcessId))
      throw new JobError(`Unknown process "${process}". Use ${PROCESSES.join(', ')}.`);
    o.process = process as ProcessId;
  }
  const machine = str(values.machine);
  if (machine !== undefined) o.machine = machine;
  const mill: Partial<MillSettings> = {};
  const cut: Partial<CutSettings> = {};
  const d = positive('tool-diameter', str(values['tool-diameter']));
  if (d !== undefined) mill.toolDiameter = d;
  const offsets = str(values.offsets);
  if (offsets !== undefined) {
    if (offsets === 'all') mill.offsets = 'all';
    else {
      const n = Number(offsets);
      if (!Number.isInteger(n) || n < 1)
        throw new JobError(`--offsets needs a whole number ≥ 1 or "all" (got "${offsets}").`);
      mill.offsets = n;
    }
  }
  const stepover = positive('stepover', str(values.stepover));
  if (stepover !== undefined) mill.stepover = stepover;
  const cutDepth = positive('cut-depth', str(values['cut-depth']));
  if (cutDepth !== undefined) mill.cutDepth = cutDepth;
  const maxDepth = positive('max-depth', str(values['max-depth']));
  if (maxDepth !== undefined) mill.maxDepth = maxDepth;
  const speed = positive('speed', str(values.speed));
  if (speed !== undefined) {
    mill.speed = speed;
    cut.speed = speed;
  }
  const direction = str(values.direction);
  if (direction !== undefined) {
    if (direction !== 'climb' && direction !== 'conventional')
      throw new JobError(`--direction is climb or conventional (got "${direction}").`);
    mill.direction = direction;
  }
  const blade = positive('blade-offset', str(values['blade-offset']), true);
  if (blade !== undefined) cut.bladeOffset = blade;
  const overcut = positive('overcut', str(values.overcut), true);
  if (overcut !== undefined) cut.overcut = overcut;
  const force = positive('force', str(values.force));
  if (force !== undefined) cut.force = force;
  const dpi = positive('dpi', str(values.dpi));
  if (dpi !== undefined) o.dpi = dpi;
  const ppi = str(values['px-per-inch']);
  if (ppi !== undefined) {
    if (ppi !== '96' && ppi !== '90')
      throw new JobError(`--px-per-inch is 96 (CSS) or 90 (mods) (got "${ppi}").`);
    o.pxPerInch = ppi === '90' ? 90 : 96;
  }
  const origin = str(values.origin);
  if (origin !== undefined) {
    const parts = origin.split(',').map(Number);
    if (parts.length < 2 || parts.length > 3 || parts.some((v) => !Number.isFinite(v)))
      throw new JobError(`--origin is X,Y or X,Y,Z in mm (got "${origin}").`);
    o.origin = [parts[0]!, parts[1]!, parts[2] ?? 0];
  }
  o.mill = mill;
  o.cut = cut;
  return o;
}

/** Exit 0 when planned (DRC findings are warnings), 1 when the input is refused, 2 for bad usage. */
export function run(args: string[], io: CliIo): number {
  const { values, positionals } = parseCommandArgs(
    args,
    {
      process: { type: 'string' },
      machine: { type: 'string' },
      'tool-diameter': { type: 'string' },
      offsets: { type: 'string' },
      stepover: { type: 'string' },
      'cut-depth': { type: 'string' },
      'max-depth': { type: 'string' },
      speed: { type: 'string' },
      direction: { type: 'string' },
      dpi: { type: 'string' },
      'px-per-inch': { type: 'string' },
      'blade-offset': { type: 'string' },
      overcut: { type: 'string' },
      force: { type: 'string' },
      origin: { type: 'string' },
      out: { type: 'string' },
      paths: { type: 'string' },
      json: { type: 'boolean' },
    },
    true,
  );
  if (values.help === true) {
    io.out(usage);
    return 0;
  }
  const [input, ...extra] = positionals;
  if (input === undefined || extra.length > 0) {
    io.err(usage);
    return 2;
  }
  const name = basename(input);
  const json = values.json === true;
  const refuse = (message: string): number => {
    if (json) io.out(JSON.stringify({ input: name, ok: false, problem: message }, null, 2));
    else io.err(message);
    return 1;
  };
  let options: JobOptions;
  try {
    options = jobOptions(values);
  } catch (error) {
    io.err(errorMessage(error));
    return 2;
  }
  if (!existsSync(input) || !statSync(input).isFile()) return refuse(`${name}: there is no such file.`);
  const started = process.cpuUsage();
  let job;
  try {
    job = planJob(name, readFileSync(input), options);
  } catch (error) {
    if (error instanceof JobError) return refuse(error.message);
    throw error;
  }
  const cpu = process.cpuUsage(started);
  const out = str(values.out);
  const pathsFile = str(values.paths);
  if (out !== undefined && job.kind !== 'rml' && job.kind !== 'camm')
    writeFileSync(out, job.machineText, 'latin1');
  if (pathsFile !== undefined)
    writeFileSync(
      pathsFile,
      JSON.stringify({ units: 'mm', origin: 'bottom-left', polylines: job.polylines }),
    );
  const s = job.summary;
  if (json) {
    io.out(
      JSON.stringify(
        {
          input: name,
          ok: true,
          kind: job.kind,
          process: job.process,
          machine: job.machine.id,
          language: job.machine.language,
          dpi: job.dpi,
          settings: job.settings,
          loops: s.loops,
          strokes: s.strokes,
          cutLengthMm: s.cutLengthMm,
          travelLengthMm: s.travelLengthMm,
          estimatedSeconds: s.estimatedSeconds,
          bboxMm: s.bbox,
          drc: { gapsNarrowerThanTool: job.gaps.length, gaps: job.gaps },
          planCpuMs: Math.round((cpu.user + cpu.system) / 1000),
          out: out ?? null,
          paths: pathsFile ?? null,
        },
        null,
        2,
      ),
    );
    return 0;
  }
  io.out(`${name}: ${job.process ?? job.kind.toUpperCase()} for the ${job.machine.name}`);
  io.out(
    `  ${s.loops} loops, ${s.strokes} cuts, ${s.cutLengthMm.toFixed(1)} mm of cut, about ${minutes(s.estimatedSeconds)}`,
  );
  if (job.gaps.length > 0) {
    io.out(
      `  Design-rule check: ${job.gaps.length} gap(s) the tool does not pass (the offset cannot get between):`,
    );
    for (const g of job.gaps.slice(0, 20))
      io.out(
        `    ${g.width.toFixed(3)} mm at (${g.x.toFixed(2)}, ${g.y.toFixed(2)}) mm — ${g.kind === 'merge' ? 'two traces stay joined' : 'copper left uncut'}`,
      );
    if (job.gaps.length > 20) io.out(`    … and ${job.gaps.length - 20} more (--json lists all)`);
  } else if (job.kind === 'png' && job.process !== 'vinyl')
    io.out('  Design-rule check: the tool passes every gap.');
  if (out !== undefined && job.kind !== 'rml' && job.kind !== 'camm') io.out(`  Wrote ${out}`);
  if (pathsFile !== undefined) io.out(`  Wrote ${pathsFile}`);
  return 0;
}

function minutes(seconds: number): string {
  const m = Math.floor(seconds / 60);
  return m >= 60
    ? `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`
    : `${m} min ${seconds % 60} s`;
}
