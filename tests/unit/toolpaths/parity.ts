import { readFileSync } from 'node:fs';
import type { Polyline } from '../../../main/toolpaths/types.js';

/**
 * Distance between two sets of polylines (mm), our own measure for the corpus checks: samples every `step` mm
 * along each line, distance to the nearest segment of the other set (uniform grid), p50/p99/max both ways.
 */
export interface Directed {
  p50: number;
  p99: number;
  max: number;
}

export function loadGolden(path: string): Polyline[] {
  const j = JSON.parse(readFileSync(path, 'utf8')) as { polylines: number[][][] };
  return j.polylines.map((pl) => pl.map((p) => [p[0]!, p[1]!] as [number, number]));
}

function samples(lines: Polyline[], step: number): [number, number][] {
  const out: [number, number][] = [];
  for (const pl of lines) {
    out.push(pl[0]!);
    for (let i = 1; i < pl.length; i += 1) {
      const [x0, y0] = pl[i - 1]!;
      const [x1, y1] = pl[i]!;
      const n = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0) / step));
      for (let k = 1; k <= n; k += 1) out.push([x0 + ((x1 - x0) * k) / n, y0 + ((y1 - y0) * k) / n]);
    }
  }
  return out;
}

class SegmentGrid {
  private readonly cells = new Map<number, number[]>();
  private readonly segs: number[] = [];
  constructor(
    lines: Polyline[],
    private readonly cell: number,
  ) {
    for (const pl of lines)
      for (let i = 1; i < pl.length; i += 1) {
        const id = this.segs.length / 4;
        const [x0, y0] = pl[i - 1]!;
        const [x1, y1] = pl[i]!;
        this.segs.push(x0, y0, x1, y1);
        for (let cy = Math.floor(Math.min(y0, y1) / cell); cy <= Math.floor(Math.max(y0, y1) / cell); cy += 1)
          for (
            let cx = Math.floor(Math.min(x0, x1) / cell);
            cx <= Math.floor(Math.max(x0, x1) / cell);
            cx += 1
          ) {
            const key = cy * 100_000 + cx;
            const list = this.cells.get(key);
            if (list === undefined) this.cells.set(key, [id]);
            else list.push(id);
          }
      }
  }
  nearest(x: number, y: number): number {
    const cx = Math.floor(x / this.cell);
    const cy = Math.floor(y / this.cell);
    let best = Infinity;
    for (let ring = 0; ring < 2000; ring += 1) {
      if ((ring - 1) * this.cell > best) break;
      for (let j = cy - ring; j <= cy + ring; j += 1)
        for (let i = cx - ring; i <= cx + ring; i += 1) {
          if (Math.max(Math.abs(i - cx), Math.abs(j - cy)) !== ring) continue;
          for (const s of this.cells.get(j * 100_000 + i) ?? []) {
            const d = segDist(x, y, this.segs, s * 4);
            if (d < best) best = d;
          }
        }
    }
    return best;
  }
}

function segDist(px: number, py: number, s: number[], o: number): number {
  const x0 = s[o]!;
  const y0 = s[o + 1]!;
  const dx = s[o + 2]! - x0;
  const dy = s[o + 3]! - y0;
  const l2 = dx * dx + dy * dy;
  const t = l2 > 0 ? Math.max(0, Math.min(1, ((px - x0) * dx + (py - y0) * dy) / l2)) : 0;
  return Math.hypot(px - x0 - t * dx, py - y0 - t * dy);
}

export function directed(from: Polyline[], to: Polyline[], step = 0.01): Directed {
  const grid = new SegmentGrid(to, 0.25);
  const d = Float64Array.from(samples(from, step), ([x, y]) => grid.nearest(x, y)).sort();
  const pct = (q: number) => d[Math.min(d.length - 1, Math.max(0, Math.ceil(q * d.length) - 1))]!;
  return { p50: pct(0.5), p99: pct(0.99), max: d[d.length - 1]! };
}

/** Points every `step` mm along `from` that are farther than `threshold` mm from every line of `to`. */
export function farSamples(
  from: Polyline[],
  to: Polyline[],
  threshold: number,
  step = 0.05,
): [number, number][] {
  const grid = new SegmentGrid(to, 0.25);
  return samples(from, step).filter(([x, y]) => grid.nearest(x, y) > threshold);
}

/** The lines of offset k of a golden file (`offsets[k]` gives the slice of `polylines`). */
export function loadGoldenOffset(path: string, k: number): Polyline[] {
  const j = JSON.parse(readFileSync(path, 'utf8')) as {
    polylines: number[][][];
    offsets: { first: number; count: number }[];
  };
  const o = j.offsets[k]!;
  return j.polylines
    .slice(o.first, o.first + o.count)
    .map((pl) => pl.map((p) => [p[0]!, p[1]!] as [number, number]));
}

export function totalLength(lines: Polyline[]): number {
  let len = 0;
  for (const pl of lines)
    for (let i = 1; i < pl.length; i += 1)
      len += Math.hypot(pl[i]![0] - pl[i - 1]![0], pl[i]![1] - pl[i - 1]![1]);
  return len;
}
