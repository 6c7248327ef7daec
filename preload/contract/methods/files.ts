import { z } from 'zod';
import { method } from '../define.js';
import { id, isoInstant, optionalText, text } from '../common.js';

export const fileKinds = ['gcode', 'sbp', 'stl', 'obj', '3mf'] as const;
export const fileKind = z.enum(fileKinds);
export type FileKind = z.infer<typeof fileKind>;

/**
 * Largest library upload. Bytes never travel through RPC: they are streamed to `POST /upload` (web host) or
 * `app://desk/upload` (desktop app), which answers an upload id that `files.import` then takes.
 */
export const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;

const xyz = z.tuple([z.number(), z.number(), z.number()]);
export const bounds = z.object({ min: xyz, max: xyz });
export type Bounds = z.infer<typeof bounds>;

export const gcodeSummary = z.object({
  format: z.literal('gcode'),
  flavor: z.enum(['fff', 'laser', 'cnc']),
  slicer: z.string().nullable(),
  lines: z.number().int(),
  segments: z.number().int(),
  arcs: z.number().int(),
  bounds: bounds.nullable(),
  travelBounds: bounds.nullable(),
  layers: z.number().int(),
  layerSource: z.enum(['slicer comments', 'z heights', 'z bands', 'none']),
  workingMm: z.number(),
  travelMm: z.number(),
  estimatedSeconds: z.number().nullable(),
  estimateSource: z.enum(['slicer', 'computed']).nullable(),
  filamentMm: z.number().nullable(),
  filamentGrams: z.number().nullable(),
  filamentSource: z.enum(['slicer', 'computed']).nullable(),
  tools: z.array(z.number().int()),
  inches: z.boolean(),
  workOffsets: z.array(z.string()),
  thumbnails: z.array(
    z.object({ width: z.number(), height: z.number(), format: z.enum(['png', 'jpg', 'qoi']) }),
  ),
  /** Slicer feature names (;TYPE:), for colouring by feature. */
  features: z.array(z.string()).default([]),
  warnings: z.array(z.string()),
});
export type GcodeSummary = z.infer<typeof gcodeSummary>;

/** An OpenSBP part file (ShopBot): drawn and timed like G-code, never sent to a machine by the Desk. */
export const sbpSummary = z.object({
  format: z.literal('sbp'),
  lines: z.number().int(),
  segments: z.number().int(),
  arcs: z.number().int(),
  bounds: bounds.nullable(),
  travelBounds: bounds.nullable(),
  layers: z.number().int(),
  /** Length of moves at move speed (M2, M3, MX… and CG), mm. */
  workingMm: z.number(),
  /** Length of jogs (J2, J3, JX…), mm. */
  travelMm: z.number(),
  estimatedSeconds: z.number().nullable(),
  estimateSource: z.enum(['computed']).nullable(),
  units: z.enum(['in', 'mm']),
  unitsSource: z.enum(['unit check', 'comment', 'assumed']),
  speeds: z.object({
    moveXY: z.number().nullable(),
    moveZ: z.number().nullable(),
    jogXY: z.number().nullable(),
    jogZ: z.number().nullable(),
  }),
  tools: z.array(z.number().int()),
  toolChanges: z.array(
    z.object({
      line: z.number().int(),
      segment: z.number().int(),
      macro: z.number().int(),
      tool: z.number().int().nullable(),
    }),
  ),
  macros: z.array(z.number().int()),
  /** Lines the Desk skipped or read only in part, each with its line number. */
  notes: z.array(
    z.object({
      line: z.number().int(),
      /** What kind of note (main/files/sbp/parse-sbp.ts SBP_NOTES): the renderer words it from params. */
      code: z.string(),
      params: z.record(z.string(), z.union([z.string(), z.number()])),
      /** The note in English. */
      message: z.string(),
    }),
  ),
  warnings: z.array(z.string()),
});
export type SbpSummary = z.infer<typeof sbpSummary>;

export const meshSummary = z.object({
  format: z.enum(['stl', 'obj', '3mf']),
  detail: z.string(),
  triangles: z.number().int(),
  bounds: bounds.nullable(),
  volumeMm3: z.number(),
  watertight: z.boolean(),
  warnings: z.array(z.string()),
});
export type MeshSummary = z.infer<typeof meshSummary>;

export const fileSummary = z.union([gcodeSummary, sbpSummary, meshSummary]);
export type FileSummary = z.infer<typeof fileSummary>;

export const libraryFile = z.object({
  id,
  /** The name shown: control and bidi-override characters removed, at most 120 characters. */
  name: z.string(),
  /** The name as it was given at import, when it had to be cleaned; null when it was kept as is. */
  originalName: z.string().nullable(),
  kind: fileKind,
  size: z.number().int(),
  sha256: z.string(),
  ownerId: id,
  ownerName: z.string(),
  notes: z.string(),
  tags: z.array(z.string()),
  sharedWithAll: z.boolean(),
  sharedWith: z.array(id),
  /** The caller may rename, tag, share or remove it (owner, staff, admin). */
  canEdit: z.boolean(),
  createdAt: isoInstant,
  updatedAt: isoInstant,
  summary: fileSummary,
  /** Blob paths (`/blob/<path>` in the web host, `app://desk/blob/<path>` in Electron). */
  dataPath: z.string(),
  thumbnailPath: z.string().nullable(),
});
export type LibraryFile = z.infer<typeof libraryFile>;

const tag = z.string().trim().min(1, 'must not be empty').max(40, 'at most 40 characters');

export const filesMethods = {
  'files.import': method({
    summary:
      'Add a G-code or model file to the library: an upload id the upload route gave for the bytes (streamed there ' +
      'first, never through this call), or a path on this computer (desktop app, staff only). The name is cleaned ' +
      '(control and bidi-override characters removed, at most 120 characters, the extension completed from the ' +
      'content when it has none) and the name as given kept as originalName. It is parsed before it is stored; a ' +
      'file that cannot be read is refused and the upload is discarded.',
    permission: 'files.write',
    input: z.strictObject({
      name: text(1000),
      uploadId: z.string().max(64).optional(),
      path: text(1000).optional(),
      notes: optionalText(2000),
      tags: z.array(tag).max(20).default([]),
    }),
    output: libraryFile,
  }),
  'files.list': method({
    summary:
      'Library files the caller may see (own, shared, or all for staff), newest first, with search and filters.',
    permission: 'files.read',
    input: z.strictObject({
      search: z.string().trim().max(200).optional(),
      kind: z.enum(['gcode', 'model', ...fileKinds]).optional(),
      tag: tag.optional(),
      scope: z.enum(['visible', 'mine', 'shared']).default('visible'),
    }),
    output: z.array(libraryFile),
  }),
  'files.get': method({
    summary: 'One library file with its full parse summary.',
    permission: 'files.read',
    input: z.strictObject({ id }),
    output: libraryFile,
  }),
  'files.update': method({
    summary: 'Rename a file, or change its notes or tags (its owner, staff or an admin).',
    permission: 'files.write',
    input: z.strictObject({
      id,
      name: text(200).optional(),
      notes: z.string().trim().max(2000, 'at most 2000 characters').optional(),
      tags: z.array(tag).max(20).optional(),
    }),
    output: libraryFile,
  }),
  'files.share': method({
    summary:
      'Share a file with everyone in the lab and/or with named people (replaces the previous sharing).',
    permission: 'files.write',
    input: z.strictObject({ id, withAll: z.boolean(), personIds: z.array(id).max(200).default([]) }),
    output: libraryFile,
  }),
  'files.remove': method({
    summary: 'Take a file out of the library (history and jobs that used it keep their record).',
    permission: 'files.write',
    input: z.strictObject({ id }),
    output: z.object({ id }),
  }),
  'files.tags': method({
    summary: 'Tags in use on files the caller can see, for the filter list.',
    permission: 'files.read',
    input: z.strictObject({}),
    output: z.array(z.string()),
  }),
};
