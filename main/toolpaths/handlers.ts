import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  CutParams,
  MillParams,
  ToolpathPlan,
  ToolpathSource,
  toolpathMethods,
} from '../../preload/contract/methods/toolpaths.js';
import type { Machine } from '../../preload/contract/methods/machines.js';
import { uploadsOf } from '../files/uploads.js';
import type { HostContext } from '../kernel/context.js';
import { requireActor, type CallContext, type HandlersFor } from '../kernel/handler-types.js';
import { checkControl, commandNeed } from '../machines/control-gate.js';
import { machineServiceOf } from '../machines/service-of.js';
import { hashFile } from '../machines/job-runner.js';
import { getMachine } from '../machines/registry.js';
import { DeskError } from '../kernel/errors.js';
import { JobError, type JobOptions, type PlannedJob } from './job.js';
import { planJobInWorker } from './plan-in-worker.js';
import { parseSvg } from './svg.js';

type Process = 'pcb-traces' | 'pcb-outline' | 'vinyl';

interface SourceRow {
  id: number;
  owner_id: number;
  name: string;
  kind: 'png' | 'svg' | 'rml' | 'camm';
  sha256: string;
  size: number;
  created_at: string;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function sourceKind(name: string): SourceRow['kind'] | null {
  const ext = /\.([a-z]+)$/i.exec(name)?.[1]?.toLowerCase();
  if (ext === 'png' || ext === 'svg' || ext === 'rml' || ext === 'camm') return ext;
  return ext === 'prn' ? 'rml' : null;
}

/** What the file should have been when its first bytes say otherwise (the planner checks the rest), or null. */
function notA(kind: SourceRow['kind'], bytes: Buffer): string | null {
  if (kind === 'png') return bytes.subarray(0, 8).equals(PNG_SIGNATURE) ? null : 'a PNG image';
  if (kind === 'svg') return /<svg[\s>]/.test(bytes.toString('utf8')) ? null : 'an SVG drawing';
  // Roland files are printable text (plus ESC for device-control instructions)
  return bytes.every((b) => b === 0x1b || b === 0x09 || b === 0x0a || b === 0x0d || (b >= 0x20 && b < 0x7f))
    ? null
    : `a ${kind === 'rml' ? 'RML-1' : 'CAMM-GL'} file (it has bytes that are not text)`;
}

const sourceOf = (r: SourceRow): ToolpathSource => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  sizeBytes: r.size,
  sha256: r.sha256,
  createdAt: r.created_at,
});

/** The Roland model a Desk machine is, unless the person says: RML over RS-232 is an MDX-20, else an SRM-20. */
export function defaultModel(machine: Machine): ToolpathPlan['model'] {
  if (machine.firmware === 'camm') return 'gx-24';
  return machine.connection.type === 'serial' ? 'mdx-20' : 'srm-20';
}

/** mods's "offset number" 0 is "fill": clear all copper between traces. */
export function jobOptions(
  process: Process,
  model: string,
  mill: MillParams | undefined,
  cut: CutParams | undefined,
  dpi: number | undefined,
): JobOptions {
  return {
    process,
    machine: model,
    ...(mill === undefined
      ? {}
      : {
          mill: {
            toolDiameter: mill.toolDiameter,
            cutDepth: mill.cutDepth,
            maxDepth: mill.maxDepth,
            offsets: mill.offsets === 0 ? 'all' : mill.offsets,
            stepover: mill.stepover,
            speed: mill.speed,
            direction: mill.direction,
          },
        }),
    ...(cut === undefined ? {} : { cut }),
    ...(dpi === undefined ? {} : { dpi }),
  };
}

function boardSize(
  kind: SourceRow['kind'],
  bytes: Buffer,
  job: PlannedJob,
): { width: number; height: number } {
  const dpi = job.dpi;
  if (kind === 'rml' || kind === 'camm') {
    // a Roland file has no board: its extent from the machine origin
    const [, , x, y] = job.summary.bbox;
    return { width: Math.max(1, x), height: Math.max(1, y) };
  }
  if (kind === 'svg') {
    const d = parseSvg(bytes.toString('utf8'));
    return { width: d.widthMm, height: d.heightMm };
  }
  // IHDR: width and height are the first two fields of the first chunk
  const w = bytes.readUInt32BE(16);
  const h = bytes.readUInt32BE(20);
  const mm = 25.4 / (dpi ?? 1);
  return { width: w * mm, height: h * mm };
}

function planOf(job: PlannedJob, model: ToolpathPlan['model'], board: ToolpathPlan['board']): ToolpathPlan {
  const mill =
    job.settings !== null && 'toolDiameter' in job.settings
      ? {
          toolDiameter: job.settings.toolDiameter,
          cutDepth: job.settings.cutDepth,
          maxDepth: job.settings.maxDepth,
          offsets: job.settings.offsets === 'all' ? 0 : job.settings.offsets,
          stepover: job.settings.stepover,
          speed: job.settings.speed,
          direction: job.settings.direction,
        }
      : null;
  const cut = job.settings !== null && 'bladeOffset' in job.settings ? { ...job.settings } : null;
  return {
    model,
    modelName: job.machine.name,
    language: job.machine.language,
    strokes: job.strokes.map((s) => ({ points: s.points, z: s.z, closed: s.closed })),
    gaps: job.gaps.map((g) => ({ x: g.x, y: g.y, width: g.width, kind: g.kind })),
    board,
    dpi: job.dpi,
    summary: {
      loops: job.summary.loops,
      cutLengthMm: job.summary.cutLengthMm,
      estimatedSeconds: job.summary.estimatedSeconds,
      bbox: job.summary.bbox,
    },
    mill,
    cut,
    machineBytes: Buffer.byteLength(job.machineText, 'latin1'),
  };
}

/** The "Mill a board" / "Cut vinyl" flow: sources, remembered values, planning and sending through the gate. */
export function toolpathHandlers(ctx: HostContext): HandlersFor<typeof toolpathMethods> {
  const { store } = ctx;
  const dir = join(store.dataDir, 'toolpaths');

  const source = (call: CallContext, id: number): { row: SourceRow; path: string } => {
    const actor = requireActor(call);
    const row = store.db.prepare('SELECT * FROM toolpath_sources WHERE id = ?').get(id) as
      SourceRow | undefined;
    const staff = (call.conn.auth?.roles ?? []).some((r) => r === 'staff' || r === 'admin');
    if (row === undefined || (row.owner_id !== actor && !staff))
      throw new DeskError('NOT_FOUND', `Board image ${id} is not among yours.`);
    return { row, path: join(dir, `${row.sha256}.${row.kind}`) };
  };

  const rolandMachine = (id: number, process: Process): Machine => {
    const machine = getMachine(store, id);
    const want = process === 'vinyl' ? 'camm' : 'rml';
    if (machine.firmware !== want)
      throw new DeskError(
        'RULE_VIOLATION',
        process === 'vinyl'
          ? `${machine.name} is not a Roland cutter (CAMM-GL): vinyl and copper foil are cut on a GX-24 or GS-24.`
          : `${machine.name} is not a Roland mill (RML-1): boards are milled on an SRM-20, MDX-40, MDX-20/15 or iModela.`,
      );
    return machine;
  };

  const plan = async (
    call: CallContext,
    input: {
      sourceId: number;
      machineId: number;
      model?: ToolpathPlan['model'] | undefined;
      process: Process;
      mill?: MillParams | undefined;
      cut?: CutParams | undefined;
      dpi?: number | undefined;
    },
  ) => {
    const { row, path } = source(call, input.sourceId);
    const machine = rolandMachine(input.machineId, input.process);
    const model = input.model ?? defaultModel(machine);
    try {
      const job = await planJobInWorker(
        path,
        jobOptions(input.process, model, input.mill, input.cut, input.dpi),
        `${row.name.replace(/\.(png|svg|rml|prn|camm)$/i, '')}.${row.kind}`,
      );
      const size = boardSize(row.kind, readFileSync(path), job);
      return { job, model, machine, plan: planOf(job, model, size) };
    } catch (error) {
      if (error instanceof JobError) throw new DeskError('INVALID_INPUT', error.message, { gate: 'plan' });
      throw error;
    }
  };

  return {
    'toolpaths.import': ({ uploadId, name }, call) => {
      const actor = requireActor(call);
      const kind = sourceKind(name);
      if (kind === null)
        throw new DeskError(
          'INVALID_INPUT',
          `${name}: mill from a PNG board image, cut from an SVG drawing, or send a Roland file (.rml, .camm).`,
          { field: 'name' },
        );
      mkdirSync(dir, { recursive: true });
      const staging = join(dir, `incoming-${uploadId.replace(/[^0-9a-f-]/gi, '')}`);
      const staged = uploadsOf(ctx).take(uploadId, actor, staging);
      const bytes = readFileSync(staging);
      const problem = notA(kind, bytes);
      if (problem !== null) {
        rmSync(staging, { force: true });
        throw new DeskError('INVALID_INPUT', `${name} is not ${problem}.`, { field: 'name' });
      }
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const target = join(dir, `${sha256}.${kind}`);
      if (existsSync(target)) rmSync(staging, { force: true });
      else renameSync(staging, target);
      const id = store.write({ actor, reason: 'keep a board image' }, (tx) => {
        const made = Number(
          tx.db
            .prepare(
              'INSERT INTO toolpath_sources (owner_id, name, kind, sha256, size, created_at) VALUES (?, ?, ?, ?, ?, ?)',
            )
            .run(actor, name, kind, sha256, staged.size, tx.at).lastInsertRowid,
        );
        tx.audit('toolpath_source', made, 'create', null, { name, kind, sha256 });
        return made;
      });
      return sourceOf(store.db.prepare('SELECT * FROM toolpath_sources WHERE id = ?').get(id) as SourceRow);
    },

    'toolpaths.sources': (_input, call) => {
      const actor = requireActor(call);
      const rows = store.db
        .prepare('SELECT * FROM toolpath_sources WHERE owner_id = ? ORDER BY id DESC LIMIT 200')
        .all(actor) as SourceRow[];
      return rows.map(sourceOf);
    },

    'toolpaths.settings': ({ machineId, material, process }) => {
      const row = store.db
        .prepare(
          'SELECT values_json, updated_at FROM toolpath_settings WHERE machine_id = ? AND material = ? AND process = ?',
        )
        .get(machineId, material, process) as { values_json: string; updated_at: string } | undefined;
      if (row === undefined) return null;
      const values = JSON.parse(row.values_json) as { mill: MillParams | null; cut: CutParams | null };
      return { mill: values.mill, cut: values.cut, updatedAt: row.updated_at };
    },

    'toolpaths.plan': async (input, call) => (await plan(call, input)).plan,

    'toolpaths.send': async (input, call) => {
      const actor = requireActor(call);
      const machine = rolandMachine(input.machineId, input.process);
      // The training gate first: an untrained person is refused before anything is planned, written or sent.
      const pass = checkControl(
        { store, log: ctx.log },
        machine,
        { id: actor, roles: call.conn.auth?.roles ?? [] },
        commandNeed(`send ${input.process} job`),
        input.overrideReason,
      );
      const planned = await plan(call, input);
      const service = machineServiceOf(ctx);
      if (service === undefined) throw new DeskError('DEVICE_ERROR', 'The machines service is not running.');
      const jobs = join(dir, 'jobs');
      mkdirSync(jobs, { recursive: true });
      const ext = planned.job.machine.language === 'rml' ? 'rml' : 'camm';
      const text = planned.job.machineText;
      const sha = createHash('sha256').update(text, 'latin1').digest('hex');
      const file = join(jobs, `${sha}.${ext}`);
      writeFileSync(file, text, 'latin1');
      if (service.session(machine.id)?.connection !== 'connected') await service.connect(machine.id);
      const { row } = source(call, input.sourceId);
      await service.startJob(machine.id, actor, {
        path: file,
        name: `${row.name} (${input.process}, ${planned.plan.modelName})`,
        sha256: await hashFile(file),
      });
      pass.record();
      const values = JSON.stringify({ mill: planned.plan.mill, cut: planned.plan.cut });
      // a Roland file made elsewhere carries its own values: nothing to remember
      if (planned.plan.mill !== null || planned.plan.cut !== null)
        store.write({ actor, reason: `remember ${input.process} values for ${input.material}` }, (tx) => {
          tx.db
            .prepare(
              `INSERT INTO toolpath_settings (machine_id, material, process, values_json, updated_by, updated_at)
             VALUES (?, ?, ?, ?, ?, ?)
             ON CONFLICT (machine_id, material, process) DO UPDATE SET values_json = excluded.values_json,
               updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
            )
            .run(machine.id, input.material, input.process, values, actor, tx.at);
          tx.audit('toolpath_settings', machine.id, 'remember', null, {
            material: input.material,
            process: input.process,
            values: JSON.parse(values) as unknown,
          });
        });
      const run = store.db
        .prepare('SELECT max(id) AS id FROM machine_runs WHERE machine_id = ?')
        .get(machine.id) as { id: number | null };
      if (run.id === null) throw new DeskError('DEVICE_ERROR', `${machine.name} did not start the job.`);
      return { runId: run.id, machineFile: `${sha}.${ext}`, bytes: Buffer.byteLength(text, 'latin1') };
    },
  };
}
