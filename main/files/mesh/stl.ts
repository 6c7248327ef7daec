import { FileRefused } from '../refusal.js';
import { meshStats, type ParsedMesh } from './mesh.js';
import { readNumber } from './numbers.js';

/**
 * Binary or ASCII STL. Binary is recognised by its size (84 + 50 × count bytes), never by the word "solid":
 * many binary exporters start their 80-byte header with "solid" (VIEWER.md).
 */
export function parseStl(bytes: Uint8Array): ParsedMesh {
  const n = bytes.length;
  if (n === 0) throw new FileRefused('the file is empty.');
  if (n >= 84) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, n);
    const count = view.getUint32(80, true);
    if (84 + count * 50 === n) return binary(view, count, []);
    if (!startsWithSolid(bytes)) {
      if (84 + count * 50 > n) {
        const whole = Math.floor((n - 84) / 50);
        throw new FileRefused(`STL file is cut off after ${whole} of ${count} triangles.`);
      }
      return binary(view, count, [
        `The file has ${n - 84 - count * 50} bytes after its last triangle; they were ignored.`,
      ]);
    }
  }
  if (!startsWithSolid(bytes))
    throw new FileRefused(`this is not an STL file (only ${n} bytes, and no "solid" header).`);
  return ascii(bytes);
}

function startsWithSolid(bytes: Uint8Array): boolean {
  let i = 0;
  while (i < bytes.length && bytes[i]! <= 32) i++;
  return String.fromCharCode(...bytes.subarray(i, i + 5)).toLowerCase() === 'solid';
}

function binary(view: DataView, count: number, warnings: string[]): ParsedMesh {
  const positions = new Float32Array(count * 9);
  for (let t = 0; t < count; t++) {
    const o = 84 + t * 50 + 12;
    for (let k = 0; k < 9; k++) positions[t * 9 + k] = view.getFloat32(o + k * 4, true);
  }
  return finish(positions, 'binary', warnings);
}

function ascii(bytes: Uint8Array): ParsedMesh {
  const n = bytes.length;
  const out: number[] = [];
  const cursor = { at: 0 };
  let i = 0;
  let ended = false;
  while (i < n) {
    // Find the next keyword by its first letter: "vertex" carries data; "endsolid" ends the file.
    const c = bytes[i]! | 32;
    if (c === 118 && matches(bytes, i, 'vertex')) {
      cursor.at = i + 6;
      for (let k = 0; k < 3; k++) {
        while (cursor.at < n && bytes[cursor.at]! <= 32) cursor.at++;
        const v = readNumber(bytes, cursor, n);
        if (Number.isNaN(v))
          throw new FileRefused(`ASCII STL has a vertex without three numbers (near byte ${cursor.at}).`);
        out.push(v);
      }
      i = cursor.at;
      continue;
    }
    if (c === 101 && matches(bytes, i, 'endsolid')) {
      ended = true;
      break;
    }
    i++;
  }
  if (out.length % 9 !== 0) {
    throw new FileRefused(
      `ASCII STL is cut off in the middle of triangle ${Math.floor(out.length / 9) + 1}.`,
    );
  }
  const warnings = ended ? [] : ['The ASCII STL has no "endsolid" line: it may be cut off.'];
  return finish(Float32Array.from(out), 'ascii', warnings);
}

function matches(bytes: Uint8Array, at: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) if ((bytes[at + k]! | 32) !== word.charCodeAt(k)) return false;
  return true;
}

function finish(positions: Float32Array, detail: string, warnings: string[]): ParsedMesh {
  const stats = meshStats(positions);
  if (stats.triangles === 0) warnings.push('The model has no triangles: there is nothing to draw.');
  for (let i = 0; i < positions.length; i++) {
    if (!Number.isFinite(positions[i]!))
      throw new FileRefused('STL file has corrupt coordinates (not a number or infinite).');
  }
  return { summary: { format: 'stl', detail, ...stats, warnings }, mesh: { positions } };
}
