import type { Toolpath } from './gcode/toolpath.js';
import type { Mesh } from './mesh/mesh.js';

/**
 * The bytes the viewer fetches by URL (never through RPC). Little-endian, every array 4-byte aligned so the
 * renderer wraps them in typed arrays without copying. renderer/viewer/decode.ts reads the same layout; the
 * files tests round-trip one through the other.
 *
 * Toolpath "CPT1": u32 magic, u32 segments, u32 layers, u32 reserved, then
 *   f32 positions[(segments + 1) × 3], f32 feeds[segments], u32 lines[segments], u32 layerStarts[layers],
 *   f32 layerZ[layers], u8 kinds[segments], u8 tools[segments], u8 features[segments].
 * Mesh "CPM1": u32 magic, u32 triangles, u32 reserved × 2, then f32 positions[triangles × 9].
 */
export const TOOLPATH_MAGIC = 0x31545043; // "CPT1"
export const MESH_MAGIC = 0x314d5043; // "CPM1"
const HEADER = 16;

export function encodeToolpath(t: Toolpath): Uint8Array {
  const segments = t.kinds.length;
  const layers = t.layerStarts.length;
  const size = HEADER + (segments + 1) * 12 + segments * 8 + layers * 8 + segments * 3;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(0, TOOLPATH_MAGIC, true);
  view.setUint32(4, segments, true);
  view.setUint32(8, layers, true);
  let at = HEADER;
  for (const array of [
    t.positions,
    t.feeds,
    t.lines,
    t.layerStarts,
    t.layerZ,
    t.kinds,
    t.tools,
    t.features,
  ]) {
    out.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), at);
    at += array.byteLength;
  }
  return out;
}

export function encodeMesh(m: Mesh): Uint8Array {
  const out = new Uint8Array(HEADER + m.positions.byteLength);
  const view = new DataView(out.buffer);
  view.setUint32(0, MESH_MAGIC, true);
  view.setUint32(4, m.positions.length / 9, true);
  out.set(new Uint8Array(m.positions.buffer, m.positions.byteOffset, m.positions.byteLength), HEADER);
  return out;
}
