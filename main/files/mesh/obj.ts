import { FileRefused } from '../refusal.js';
import { meshStats, type ParsedMesh } from './mesh.js';
import { readNumber } from './numbers.js';

/** Wavefront OBJ: `v` and `f` lines (v, v/vt, v//vn, v/vt/vn, negative indices); polygons become triangle fans. */
export function parseObj(bytes: Uint8Array): ParsedMesh {
  const n = bytes.length;
  if (n === 0) throw new FileRefused('the file is empty.');
  const vertices: number[] = [];
  const out: number[] = [];
  const cursor = { at: 0 };
  const face: number[] = [];
  let polygons = 0;
  let line = 0;
  let i = 0;
  while (i < n) {
    line++;
    let end = i;
    while (end < n && bytes[end] !== 10) end++;
    while (i < end && (bytes[i] === 32 || bytes[i] === 9)) i++;
    const c0 = bytes[i];
    const c1 = bytes[i + 1];
    if (c0 === 118 && (c1 === 32 || c1 === 9)) {
      cursor.at = i + 2;
      for (let k = 0; k < 3; k++) {
        while (cursor.at < end && (bytes[cursor.at] === 32 || bytes[cursor.at] === 9)) cursor.at++;
        const v = readNumber(bytes, cursor, end);
        if (Number.isNaN(v)) throw new FileRefused(`OBJ line ${line}: a vertex needs three numbers.`);
        vertices.push(v);
      }
    } else if (c0 === 102 && (c1 === 32 || c1 === 9)) {
      face.length = 0;
      cursor.at = i + 2;
      while (cursor.at < end) {
        const b = bytes[cursor.at]!;
        if (b <= 32) {
          cursor.at++;
          continue;
        }
        const index = readNumber(bytes, cursor, end);
        if (Number.isNaN(index))
          throw new FileRefused(`OBJ line ${line}: a face has something other than vertex numbers.`);
        const count = vertices.length / 3;
        const resolved = index < 0 ? count + index : index - 1;
        if (!Number.isInteger(resolved) || resolved < 0 || resolved >= count) {
          throw new FileRefused(
            `OBJ line ${line}: a face uses vertex ${index}, but only ${count} vertices are defined before it.`,
          );
        }
        face.push(resolved);
        while (cursor.at < end && bytes[cursor.at]! > 32) cursor.at++; // skip /vt/vn
      }
      if (face.length >= 3) {
        polygons++;
        for (let k = 1; k + 1 < face.length; k++) {
          for (const corner of [face[0]!, face[k]!, face[k + 1]!]) {
            out.push(vertices[corner * 3]!, vertices[corner * 3 + 1]!, vertices[corner * 3 + 2]!);
          }
        }
      }
    }
    i = end + 1;
  }
  if (vertices.length === 0 && out.length === 0) {
    throw new FileRefused('this is not an OBJ model (no "v" vertex lines).');
  }
  const positions = Float32Array.from(out);
  const stats = meshStats(positions);
  const warnings = stats.triangles === 0 ? ['The model has no faces: there is nothing to draw.'] : [];
  return {
    summary: {
      format: 'obj',
      detail: `${vertices.length / 3} vertices, ${polygons} faces`,
      ...stats,
      warnings,
    },
    mesh: { positions },
  };
}
