import { BoundsBuilder, type Bounds } from '../bounds.js';

/** A triangle soup: 9 floats per triangle (three corners), millimetres, build transforms applied. */
export interface Mesh {
  positions: Float32Array;
}

export interface MeshSummary {
  format: 'stl' | 'obj' | '3mf';
  /** e.g. "binary", "ascii", "3 build items, 5 objects". */
  detail: string;
  triangles: number;
  bounds: Bounds | null;
  /** Enclosed volume (mm³), meaningful when watertight. */
  volumeMm3: number;
  /** Every edge is shared by exactly two triangles: a closed surface a slicer can fill. */
  watertight: boolean;
  warnings: string[];
}

export interface ParsedMesh {
  summary: MeshSummary;
  mesh: Mesh;
}

/** Bounds, volume and watertightness of a triangle soup (vertices welded on exact float equality). */
export function meshStats(
  positions: Float32Array,
  checkWatertight = true,
): Pick<MeshSummary, 'triangles' | 'bounds' | 'volumeMm3' | 'watertight'> {
  const triangles = positions.length / 9;
  const bounds = new BoundsBuilder();
  let volume = 0;
  for (let t = 0; t < triangles; t++) {
    const o = t * 9;
    const ax = positions[o]!;
    const ay = positions[o + 1]!;
    const az = positions[o + 2]!;
    const bx = positions[o + 3]!;
    const by = positions[o + 4]!;
    const bz = positions[o + 5]!;
    const cx = positions[o + 6]!;
    const cy = positions[o + 7]!;
    const cz = positions[o + 8]!;
    bounds.add(ax, ay, az);
    bounds.add(bx, by, bz);
    bounds.add(cx, cy, cz);
    volume += ax * (by * cz - bz * cy) - ay * (bx * cz - bz * cx) + az * (bx * cy - by * cx);
  }
  return {
    triangles,
    bounds: bounds.result(),
    volumeMm3: Math.round(Math.abs(volume / 6) * 100) / 100,
    watertight: checkWatertight && triangles > 0 && isWatertight(positions),
  };
}

/** Welds identical corners with an open-addressing hash on the float bits, then counts each undirected edge. */
function isWatertight(positions: Float32Array): boolean {
  const corners = positions.length / 3;
  const bits = new Uint32Array(positions.buffer, positions.byteOffset, positions.length);
  let size = 1;
  while (size < corners * 2) size <<= 1;
  const table = new Int32Array(size).fill(-1);
  const ids = new Int32Array(corners);
  let vertices = 0;
  const first = new Int32Array(corners);
  for (let c = 0; c < corners; c++) {
    // -0 and +0 are the same corner but not the same bits (transforms produce both).
    const x = unsign(bits[c * 3]!);
    const y = unsign(bits[c * 3 + 1]!);
    const z = unsign(bits[c * 3 + 2]!);
    let h = mix(Math.imul(x, 0x9e3779b1) ^ Math.imul(y, 0x85ebca77) ^ Math.imul(z, 0xc2b2ae3d)) & (size - 1);
    for (;;) {
      const slot = table[h]!;
      if (slot < 0) {
        table[h] = vertices;
        first[vertices] = c;
        ids[c] = vertices++;
        break;
      }
      const f = first[slot]! * 3;
      if (unsign(bits[f]!) === x && unsign(bits[f + 1]!) === y && unsign(bits[f + 2]!) === z) {
        ids[c] = slot;
        break;
      }
      h = (h + 1) & (size - 1);
    }
  }
  return everyEdgeTwice(ids, true);
}

/**
 * True when every undirected edge of indexed triangles is used by exactly two of them (and there is at least one
 * edge). Edges are counted in a typed open-addressing hash (two Int32Arrays and a byte count), not a JS Map: at 1 M
 * triangles a Map of 1.5 M numeric keys took seconds. A third use of an edge answers at once. `skipDegenerate`
 * leaves out edges whose two ends are the same vertex.
 */
export function everyEdgeTwice(ids: ArrayLike<number>, skipDegenerate: boolean): boolean {
  const triangles = Math.floor(ids.length / 3);
  let size = 1;
  while (size < triangles * 3 + 1) size <<= 1;
  const mask = size - 1;
  const lows = new Int32Array(size).fill(-1);
  const highs = new Int32Array(size);
  const counts = new Uint8Array(size);
  let edges = 0;
  for (let t = 0; t < triangles; t++) {
    for (let e = 0; e < 3; e++) {
      const a = ids[t * 3 + e]!;
      const b = ids[t * 3 + (e === 2 ? 0 : e + 1)]!;
      if (skipDegenerate && a === b) continue;
      const lo = a < b ? a : b;
      const hi = a < b ? b : a;
      let h = mix(Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi + 0x7f4a7c15, 0x85ebca77)) & mask;
      for (;;) {
        const slot = lows[h]!;
        if (slot < 0) {
          lows[h] = lo;
          highs[h] = hi;
          counts[h] = 1;
          edges++;
          break;
        }
        if (slot === lo && highs[h] === hi) {
          if (counts[h]! >= 2) return false; // a third triangle on one edge: not a closed surface
          counts[h] = counts[h]! + 1;
          break;
        }
        h = (h + 1) & mask;
      }
    }
  }
  if (edges === 0) return false;
  for (let h = 0; h < size; h++) if (lows[h]! >= 0 && counts[h] !== 2) return false;
  return true;
}

/** Spreads every input bit over the low bits the tables are indexed by (a plain product leaves them to the low input bits). */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const unsign = (floatBits: number) => (floatBits === 0x80000000 ? 0 : floatBits);
