import { z } from 'zod';
import { method } from '../define.js';
import { id, isoInstant, optionalText, text } from '../common.js';

/**
 * "Mill a board" / "Cut vinyl": a board image (PNG, white = copper to keep) or a drawing (SVG) becomes a Roland job.
 * The parameters carry mods's names and values, so what a trainee learns in mods reads the same here.
 */
export const toolpathProcesses = ['pcb-traces', 'pcb-outline', 'vinyl'] as const;
export const rolandModels = ['srm-20', 'mdx-40', 'imodela', 'mdx-20', 'mdx-15', 'gx-24', 'gs-24'] as const;

const positiveMm = (max: number) => z.number().positive('must be more than 0').max(max, `at most ${max}`);

/** mods's "mill raster 2D" fields: tool diameter, cut depth, max depth, offset number, offset stepover, speed. */
export const millParams = z.strictObject({
  toolDiameter: positiveMm(10),
  cutDepth: positiveMm(10),
  maxDepth: positiveMm(50),
  /** Offset number; 0 means "fill" (clear all copper between traces), as in mods. */
  offsets: z.number().int().min(0).max(100),
  stepover: z.number().positive('must be more than 0').max(1, 'at most 1'),
  /** mm/s */
  speed: positiveMm(100),
  direction: z.enum(['climb', 'conventional']).default('climb'),
});
export type MillParams = z.infer<typeof millParams>;

/** mods's GX/GS-24 fields (force, velocity) plus the drag knife's blade offset and overcut. */
export const cutParams = z.strictObject({
  /** g */
  force: z.number().int().min(1).max(500),
  /** cm/s */
  speed: z.number().int().min(1).max(100),
  bladeOffset: z.number().min(0).max(2),
  overcut: z.number().min(0).max(5).default(0),
});
export type CutParams = z.infer<typeof cutParams>;

/** The one copy of mods's "set PCB defaults" and GX/GS-24 values (traces 1/64", outline 1/32"; vinyl 50 g, 2 cm/s): main plans with them and the screen shows them. */
export const MODS_DEFAULTS: { mill: Record<'pcb-traces' | 'pcb-outline', MillParams>; cut: CutParams } = {
  mill: {
    'pcb-traces': {
      toolDiameter: 0.39624,
      cutDepth: 0.1016,
      maxDepth: 0.1016,
      offsets: 4,
      stepover: 0.5,
      speed: 4,
      direction: 'climb',
    },
    'pcb-outline': {
      toolDiameter: 0.79248,
      cutDepth: 0.6096,
      maxDepth: 1.8288,
      offsets: 1,
      stepover: 0.5,
      speed: 4,
      direction: 'climb',
    },
  },
  cut: { force: 50, speed: 2, bladeOffset: 0.25, overcut: 0 },
};

export const toolpathSource = z.object({
  id,
  name: z.string(),
  /** A board image or drawing to plan from, or a Roland file made elsewhere (RML-1, CAMM-GL) to preview and send. */
  kind: z.enum(['png', 'svg', 'rml', 'camm']),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  createdAt: isoInstant,
});
export type ToolpathSource = z.infer<typeof toolpathSource>;

const planInput = {
  sourceId: id,
  machineId: id,
  model: z.enum(rolandModels).optional(),
  process: z.enum(toolpathProcesses),
  /** Material the values are remembered for (e.g. "FR-1", "copper foil", "vinyl"). */
  material: text(60),
  mill: millParams.optional(),
  cut: cutParams.optional(),
  /** For a PNG without a resolution: the dpi it was exported at (never guessed). */
  dpi: z.number().positive().max(100_000).optional(),
};

const point = z.tuple([z.number(), z.number()]);

export const toolpathPlan = z.object({
  model: z.enum(rolandModels),
  modelName: z.string(),
  language: z.enum(['rml', 'camm']),
  /** Cutting strokes in cutting order, mm, image bottom-left = 0,0, y up; z below the surface is negative. */
  strokes: z.array(z.object({ points: z.array(point), z: z.number(), closed: z.boolean() })),
  /** Gaps narrower than the tool: the design-rule check. */
  gaps: z.array(
    z.object({ x: z.number(), y: z.number(), width: z.number(), kind: z.enum(['merge', 'uncut']) }),
  ),
  /** The board (image or drawing) size, mm. */
  board: z.object({ width: z.number(), height: z.number() }),
  dpi: z.number().nullable(),
  summary: z.object({
    loops: z.number().int(),
    cutLengthMm: z.number(),
    estimatedSeconds: z.number(),
    bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  }),
  mill: millParams.nullable(),
  cut: cutParams.nullable(),
  machineBytes: z.number().int(),
});
export type ToolpathPlan = z.infer<typeof toolpathPlan>;

export const toolpathMethods = {
  'toolpaths.import': method({
    summary:
      'Keep an uploaded board image (PNG), drawing (SVG) or Roland file made elsewhere (.rml, .camm) to mill or cut from.',
    permission: 'files.write',
    input: z.strictObject({ uploadId: z.string().min(1).max(80), name: text(200) }),
    output: toolpathSource,
  }),
  'toolpaths.sources': method({
    summary: 'Your board images and drawings, newest first.',
    permission: 'files.read',
    input: z.strictObject({}),
    output: z.array(toolpathSource),
  }),
  'toolpaths.settings': method({
    summary:
      'The values last used on this machine for this material and process (null: start from the preset).',
    permission: 'machines.read',
    input: z.strictObject({ machineId: id, material: text(60), process: z.enum(toolpathProcesses) }),
    output: z
      .object({ mill: millParams.nullable(), cut: cutParams.nullable(), updatedAt: isoInstant })
      .nullable(),
  }),
  'toolpaths.plan': method({
    summary: 'Plan the cut: tool paths, design-rule check (gaps narrower than the tool), length and time.',
    permission: 'machines.read',
    input: z.strictObject(planInput),
    output: toolpathPlan,
  }),
  'toolpaths.send': method({
    summary:
      'Plan and send to the machine (training gate first: nothing is written to the machine unless it passes); ' +
      'remembers the values for this machine and material.',
    permission: 'machines.operate',
    input: z.strictObject({
      ...planInput,
      overrideReason: z.string().trim().min(5, 'give a reason of at least 5 characters').max(300).optional(),
      note: optionalText(200),
    }),
    output: z.object({ runId: z.number().int(), machineFile: z.string(), bytes: z.number().int() }),
  }),
};
