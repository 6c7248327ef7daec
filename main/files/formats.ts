import { parseGcode, type GcodeSummary } from './gcode/parse-gcode.js';
import type { MeshSummary } from './mesh/mesh.js';
import { parseObj } from './mesh/obj.js';
import { parseStl } from './mesh/stl.js';
import { parse3mf } from './mesh/threemf.js';
import { parseSbp, type SbpSummary } from './sbp/parse-sbp.js';
import { encodeMesh, encodeToolpath } from './encode.js';
import { refusalMessage } from './refusal.js';

export type FileKind = 'gcode' | 'sbp' | 'stl' | 'obj' | '3mf';
export type FileSummary = GcodeSummary | SbpSummary | MeshSummary;

const EXTENSIONS: Record<string, FileKind> = {
  gcode: 'gcode',
  gco: 'gcode',
  g: 'gcode',
  nc: 'gcode',
  ngc: 'gcode',
  tap: 'gcode',
  sbp: 'sbp',
  stl: 'stl',
  obj: 'obj',
  '3mf': '3mf',
};

/** The kind of file a name announces, or null for a file the library does not take. */
export function kindFromName(name: string): FileKind | null {
  const dot = name.lastIndexOf('.');
  if (dot < 0) return null;
  return EXTENSIONS[name.slice(dot + 1).toLowerCase()] ?? null;
}

export const acceptedExtensions = Object.keys(EXTENSIONS).map((e) => `.${e}`);

export type ParseOutcome =
  | { ok: true; kind: FileKind; summary: FileSummary; data: Uint8Array; thumbnail: Uint8Array | null }
  | { ok: false; message: string };

/**
 * Parses one file into its summary, the binary the viewer draws (encode.ts) and an optional PNG thumbnail.
 * Never throws: a file that cannot be shown comes back as `{ ok: false, message }` naming the file and the problem.
 */
export function parseFile(kind: FileKind, bytes: Uint8Array, fileName: string): ParseOutcome {
  try {
    switch (kind) {
      case 'gcode': {
        const r = parseGcode(bytes);
        return {
          ok: true,
          kind,
          summary: r.summary,
          data: encodeToolpath(r.toolpath),
          thumbnail: r.thumbnail?.data ?? null,
        };
      }
      case 'sbp': {
        const r = parseSbp(bytes);
        return { ok: true, kind, summary: r.summary, data: encodeToolpath(r.toolpath), thumbnail: null };
      }
      case 'stl': {
        const r = parseStl(bytes);
        return { ok: true, kind, summary: r.summary, data: encodeMesh(r.mesh), thumbnail: null };
      }
      case 'obj': {
        const r = parseObj(bytes);
        return { ok: true, kind, summary: r.summary, data: encodeMesh(r.mesh), thumbnail: null };
      }
      case '3mf': {
        const r = parse3mf(bytes);
        return { ok: true, kind, summary: r.summary, data: encodeMesh(r.mesh), thumbnail: r.thumbnail };
      }
    }
  } catch (error) {
    return { ok: false, message: refusalMessage(error, fileName) };
  }
}
