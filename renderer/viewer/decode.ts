/**
 * Reads the binary toolpaths and meshes main serves at `files/<sha256>/data` (layout documented in
 * main/files/encode.ts). Views into the fetched buffer, no copies: a 700k-segment toolpath is ~15 MB.
 */
export const TOOLPATH_MAGIC = 0x31545043; // "CPT1"
export const MESH_MAGIC = 0x314d5043; // "CPM1"
const HEADER = 16;

/**
 * Past this many segments the file is still drawn, with less detail: runs of short consecutive moves of one kind,
 * tool and feature inside one layer are drawn as one chord, with the shortest merge length that fits the budget
 * (level of detail by segment length). Merges never cross a layer, so the layer slider reaches every layer; each
 * drawn segment costs 44 bytes of buffers, so the budget keeps the GPU copy near 66 MB whatever the file.
 */
export const DRAW_BUDGET_SEGMENTS = 1_500_000;

/**
 * The draw budget for this device: the full budget with 4 GB of memory or more, proportionally less on a smaller
 * machine (navigator.deviceMemory, where the browser tells it), never under 250,000 lines. Detail degrades; the
 * file is still drawn, every layer on the slider.
 */
export function drawBudget(deviceMemoryGb: number | undefined): number {
  if (deviceMemoryGb === undefined || !(deviceMemoryGb > 0)) return DRAW_BUDGET_SEGMENTS;
  return Math.max(250_000, Math.min(DRAW_BUDGET_SEGMENTS, Math.round(deviceMemoryGb * 375_000)));
}

/** Past this many triangles a model is summarised, not drawn (here, not in mesh-model.ts, so it needs no three.js). */
export const MAX_DRAWN_TRIANGLES = 4_000_000;

export const MoveKind = { travel: 0, extrude: 1, cut: 2 } as const;
export const ARC_FLAG = 0x80;
export const KIND_MASK = 0x7f;

export interface DecodedToolpath {
  type: 'toolpath';
  segments: number;
  positions: Float32Array;
  feeds: Float32Array;
  lines: Uint32Array;
  layerStarts: Uint32Array;
  layerZ: Float32Array;
  kinds: Uint8Array;
  tools: Uint8Array;
  /** Slicer feature per segment, 1-based into the summary's features; 0 for none. */
  features: Uint8Array;
}

export interface DecodedMesh {
  type: 'mesh';
  triangles: number;
  positions: Float32Array;
}

export function decodeAsset(buffer: ArrayBuffer): DecodedToolpath | DecodedMesh {
  if (buffer.byteLength < HEADER) throw new Error('The preview data is cut off.');
  const view = new DataView(buffer);
  const magic = view.getUint32(0, true);
  if (magic === MESH_MAGIC) {
    const triangles = view.getUint32(4, true);
    if (buffer.byteLength < HEADER + triangles * 36) throw new Error('The preview data is cut off.');
    return { type: 'mesh', triangles, positions: new Float32Array(buffer, HEADER, triangles * 9) };
  }
  if (magic !== TOOLPATH_MAGIC) throw new Error('The preview data is in an unknown format.');
  const segments = view.getUint32(4, true);
  const layers = view.getUint32(8, true);
  const expected = HEADER + (segments + 1) * 12 + segments * 8 + layers * 8 + segments * 3;
  if (buffer.byteLength < expected) throw new Error('The preview data is cut off.');
  let at = HEADER;
  const take = <T>(make: (offset: number, length: number) => T, length: number, bytes: number): T => {
    const value = make(at, length);
    at += length * bytes;
    return value;
  };
  return {
    type: 'toolpath',
    segments,
    positions: take((o, n) => new Float32Array(buffer, o, n), (segments + 1) * 3, 4),
    feeds: take((o, n) => new Float32Array(buffer, o, n), segments, 4),
    lines: take((o, n) => new Uint32Array(buffer, o, n), segments, 4),
    layerStarts: take((o, n) => new Uint32Array(buffer, o, n), layers, 4),
    layerZ: take((o, n) => new Float32Array(buffer, o, n), layers, 4),
    kinds: take((o, n) => new Uint8Array(buffer, o, n), segments, 1),
    tools: take((o, n) => new Uint8Array(buffer, o, n), segments, 1),
    features: take((o, n) => new Uint8Array(buffer, o, n), segments, 1),
  };
}

/** The first segment produced by source `line` or later: everything before it is done (live progress). */
export function segmentAtLine(lines: Uint32Array, line: number): number {
  let lo = 0;
  let hi = lines.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (lines[mid]! < line) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
