import { describe, expect, it } from 'vitest';
import { everyEdgeTwice, meshStats } from '../../../main/files/mesh/mesh.js';

/** The typed-array edge count behind "watertight" gives the same answer as a plain per-edge count, large and small. */

/** A reference written the obvious way (a Map of edge → uses), to compare with. */
function reference(ids: ArrayLike<number>, skipDegenerate: boolean): boolean {
  const uses = new Map<string, number>();
  for (let t = 0; t + 2 < ids.length; t += 3) {
    for (let e = 0; e < 3; e++) {
      const a = ids[t + e]!;
      const b = ids[t + ((e + 1) % 3)]!;
      if (skipDegenerate && a === b) continue;
      const key = a < b ? `${a}-${b}` : `${b}-${a}`;
      uses.set(key, (uses.get(key) ?? 0) + 1);
    }
  }
  return uses.size > 0 && [...uses.values()].every((n) => n === 2);
}

/** A closed torus of `n × n` quads (2 n² triangles), as indices. */
function torus(n: number): Int32Array {
  const ids = new Int32Array(n * n * 6);
  let k = 0;
  const v = (i: number, j: number) => (i % n) * n + (j % n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      ids.set([v(i, j), v(i + 1, j), v(i + 1, j + 1), v(i, j), v(i + 1, j + 1), v(i, j + 1)], k);
      k += 6;
    }
  }
  return ids;
}

const tetra = [0, 1, 2, 0, 3, 1, 1, 3, 2, 2, 3, 0];

describe('every edge used exactly twice (watertight)', () => {
  it('a tetrahedron is closed; without a face it is open; with a face twice an edge has three uses', () => {
    expect(everyEdgeTwice(tetra, false)).toBe(true);
    expect(everyEdgeTwice(tetra.slice(3), false)).toBe(false);
    expect(everyEdgeTwice([...tetra, 0, 1, 2], false)).toBe(false);
    expect(everyEdgeTwice([], true)).toBe(false);
  });

  it('a degenerate triangle is left out only when asked', () => {
    const withSliver = [...tetra, 3, 3, 3]; // a triangle collapsed to one corner
    expect(everyEdgeTwice(withSliver, true)).toBe(true);
    expect(everyEdgeTwice(withSliver, false)).toBe(false);
  });

  it('a 320,000-triangle torus is closed, and open after one triangle is taken out', () => {
    const ids = torus(400);
    expect(everyEdgeTwice(ids, true)).toBe(true);
    expect(everyEdgeTwice(ids.subarray(3), true)).toBe(false);
  });

  it('agrees with the plain count on random triangle soups, closed and not', () => {
    let seed = 7;
    const random = () => (seed = (Math.imul(seed, 48271) >>> 0) % 2147483647) / 2147483647;
    for (let round = 0; round < 200; round++) {
      const base = Array.from(torus(3 + Math.floor(random() * 6)));
      // Swap, drop or repeat a few indices or triangles; many rounds stay closed, many do not.
      const changes = Math.floor(random() * 3);
      for (let c = 0; c < changes; c++) {
        const what = random();
        const t = Math.floor(random() * (base.length / 3)) * 3;
        if (what < 0.33) base.splice(t, 3);
        else if (what < 0.66) base.push(base[t]!, base[t + 1]!, base[t + 2]!);
        else base[t] = base[t + 1]!;
      }
      for (const skip of [true, false]) expect(everyEdgeTwice(base, skip)).toBe(reference(base, skip));
    }
  });

  it('meshStats still welds +0 and −0 corners into one vertex', () => {
    // A tetrahedron whose corner at the origin is written once as −0.
    const p = [
      [0, 0, 0],
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ];
    const positions = new Float32Array(tetra.flatMap((i, k) => (k === 0 ? [-0, -0, -0] : p[i]!)));
    expect(meshStats(positions).watertight).toBe(true);
  });

  it('ids far apart or negative (counted by hash, not by vertex) give the same answers', () => {
    const closed = Array.from(torus(5));
    const open = closed.slice(3);
    for (const spread of [(i: number) => i * 1_000_003, (i: number) => -1 - i]) {
      expect(everyEdgeTwice(closed.map(spread), true)).toBe(true);
      expect(everyEdgeTwice(open.map(spread), true)).toBe(false);
      expect(everyEdgeTwice([...closed, 0, 1, 2].map(spread), false)).toBe(
        reference([...closed, 0, 1, 2], false),
      );
    }
  });

  it('an edge used four times is not watertight, though every count is even', () => {
    // Two tetrahedra sharing the edge 0–1 (vertices 0, 1, 2, 3 and 0, 1, 4, 5).
    const second = tetra.map((i) => (i === 2 ? 4 : i === 3 ? 5 : i));
    expect(everyEdgeTwice([...tetra, ...second], false)).toBe(false);
    expect(reference([...tetra, ...second], false)).toBe(false);
  });

  it('welds a soup of separate triangles (every corner distinct: the weld table grows) and finds it open', () => {
    const triangles = 3000;
    const positions = new Float32Array(triangles * 9);
    for (let i = 0; i < positions.length; i++) positions[i] = i * 0.5;
    expect(meshStats(positions).watertight).toBe(false);
    // The same soup plus each triangle again reversed: every edge twice, so closed.
    const doubled = new Float32Array(triangles * 18);
    doubled.set(positions);
    for (let t = 0; t < triangles; t++) {
      const o = t * 9;
      doubled.set(positions.subarray(o + 6, o + 9), positions.length + o);
      doubled.set(positions.subarray(o + 3, o + 6), positions.length + o + 3);
      doubled.set(positions.subarray(o, o + 3), positions.length + o + 6);
    }
    expect(meshStats(doubled).watertight).toBe(true);
  });
});
