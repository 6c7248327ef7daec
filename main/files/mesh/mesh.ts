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

/**
 * Welds identical corners with an open-addressing hash on the float bits, then counts each undirected edge.
 * Each slot holds the corner's three coordinates and its vertex id side by side (16 bytes, one cache line per
 * probe), and the table starts at about twice the vertices a closed surface has (a corner is shared by ~6
 * triangles), growing only for a soup whose corners are not shared: at 1 M triangles the table stays in cache far
 * more than one sized for every corner.
 */
function isWatertight(positions: Float32Array): boolean {
  const corners = positions.length / 3;
  // Signed views: the bits of negative coordinates stay small integers in V8 (a Uint32Array gives doubles).
  const bits = new Int32Array(positions.buffer, positions.byteOffset, positions.length);
  const ids = new Int32Array(corners);
  let size = 1024;
  while (size < corners / 2) size <<= 1;
  for (;;) {
    const weldedAll = weld(bits, corners, ids, size);
    if (weldedAll) break;
    size <<= 2; // more distinct corners than the table should hold: start again, larger
  }
  return everyEdgeTwice(ids, true);
}

/** Fills `ids` with one id per distinct corner; false (and nothing to trust) when the table got over half full. */
function weld(bits: Int32Array, corners: number, ids: Int32Array, size: number): boolean {
  const mask = size - 1;
  const table = new Int32Array(size * 4); // x, y, z, id + 1 (0: empty)
  const limit = size >>> 1;
  let vertices = 0;
  for (let c = 0; c < corners; c++) {
    // -0 and +0 are the same corner but not the same bits (transforms produce both).
    const x = unsign(bits[c * 3]!);
    const y = unsign(bits[c * 3 + 1]!);
    const z = unsign(bits[c * 3 + 2]!);
    let h = mix(Math.imul(x, 0x9e3779b1) ^ Math.imul(y, 0x85ebca77) ^ Math.imul(z, 0xc2b2ae3d)) & mask;
    for (;;) {
      const o = h * 4;
      const id = table[o + 3]!;
      if (id === 0) {
        if (vertices >= limit) return false;
        table[o] = x;
        table[o + 1] = y;
        table[o + 2] = z;
        table[o + 3] = ++vertices;
        ids[c] = vertices - 1;
        break;
      }
      if (table[o] === x && table[o + 1] === y && table[o + 2] === z) {
        ids[c] = id - 1;
        break;
      }
      h = (h + 1) & mask;
    }
  }
  return true;
}

/**
 * True when every undirected edge of indexed triangles is used by exactly two of them (and there is at least one
 * edge). Edges are grouped by their lower vertex with a counting sort (two passes, no hashing: at 1 M triangles a
 * hash table of 3 M edges missed the cache on nearly every probe), then each vertex's short list of upper ends is
 * sorted and every run must be exactly two long. `skipDegenerate` leaves out edges whose two ends are the same
 * vertex. Ids far larger than the number of corners (never produced by our readers) go through a hash instead.
 */
export function everyEdgeTwice(ids: ArrayLike<number>, skipDegenerate: boolean): boolean {
  const triangles = Math.floor(ids.length / 3);
  let top = -1;
  for (let i = 0; i < triangles * 3; i++) {
    const id = ids[i]!;
    if (id < 0) return everyEdgeTwiceHashed(ids, skipDegenerate);
    if (id > top) top = id;
  }
  if (top > triangles * 12 + 1024) return everyEdgeTwiceHashed(ids, skipDegenerate);
  const vertices = top + 1;
  const starts = new Int32Array(vertices + 1);
  let edges = 0;
  for (let t = 0; t < triangles; t++) {
    const o = t * 3;
    const a = ids[o]!;
    const b = ids[o + 1]!;
    const c = ids[o + 2]!;
    if (!(skipDegenerate && a === b)) {
      starts[a < b ? a : b]!++;
      edges++;
    }
    if (!(skipDegenerate && b === c)) {
      starts[b < c ? b : c]!++;
      edges++;
    }
    if (!(skipDegenerate && c === a)) {
      starts[c < a ? c : a]!++;
      edges++;
    }
  }
  if (edges === 0) return false;
  // Prefix sums: starts[v] becomes where v's list ends, and is walked back to its start while filling.
  for (let v = 1; v <= vertices; v++) starts[v] = starts[v]! + starts[v - 1]!;
  const uppers = new Int32Array(edges);
  for (let t = 0; t < triangles; t++) {
    const o = t * 3;
    const a = ids[o]!;
    const b = ids[o + 1]!;
    const c = ids[o + 2]!;
    if (!(skipDegenerate && a === b)) uppers[--starts[a < b ? a : b]!] = a < b ? b : a;
    if (!(skipDegenerate && b === c)) uppers[--starts[b < c ? b : c]!] = b < c ? c : b;
    if (!(skipDegenerate && c === a)) uppers[--starts[c < a ? c : a]!] = c < a ? a : c;
  }
  for (let v = 0; v < vertices; v++) {
    const from = starts[v]!;
    const to = starts[v + 1]!;
    const n = to - from;
    if (n === 0) continue;
    if ((n & 1) === 1) return false; // an odd number of edge ends here: some edge is not used exactly twice
    if (n <= 24) {
      for (let i = from + 1; i < to; i++) {
        const value = uppers[i]!;
        let j = i - 1;
        while (j >= from && uppers[j]! > value) {
          uppers[j + 1] = uppers[j]!;
          j--;
        }
        uppers[j + 1] = value;
      }
    } else {
      uppers.subarray(from, to).sort();
    }
    for (let i = from; i < to; i += 2) {
      if (uppers[i] !== uppers[i + 1]) return false;
      if (i + 2 < to && uppers[i + 2] === uppers[i]) return false;
    }
  }
  return true;
}

/** The same answer with a typed open-addressing hash of edges, for ids too sparse to count by vertex. */
function everyEdgeTwiceHashed(ids: ArrayLike<number>, skipDegenerate: boolean): boolean {
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
        if (slot === -1 && counts[h] === 0) {
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
  for (let h = 0; h < size; h++) if (counts[h]! > 0 && counts[h] !== 2) return false;
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

/** −0's bits (0x80000000, read as a signed integer) are +0's. */
const unsign = (floatBits: number) => (floatBits === -0x80000000 ? 0 : floatBits);
