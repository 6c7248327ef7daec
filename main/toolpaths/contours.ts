/**
 * Iso-lines of a distance field streamed row by row (marching squares on the pixel-centre grid, linear
 * interpolation along cell edges). Segments are oriented as they are made: walking along a line, the side nearer
 * the copper (distance ≤ r) is on the tool's RIGHT as seen from above — the climb direction for a clockwise
 * spindle. Nothing exists outside the image: a line that reaches the border
 * stops there, open (as in mods; padding would add loops outside the board).
 */
import type { Polyline } from './types.js';

export type { Point, Polyline } from './types.js';

const TOP = 0;
const RIGHT = 1;
const BOTTOM = 2;
const LEFT = 3;

export class IsoLineBuilder {
  private xs = new Float64Array(4096);
  private ys = new Float64Array(4096);
  private next = new Int32Array(4096);
  private hasPrev = new Uint8Array(4096);
  private count = 0;
  private hAbove: Int32Array;
  private hBelow: Int32Array;
  private vert: Int32Array;
  private readonly cellEdges = new Int32Array(4);

  constructor(
    private readonly width: number,
    readonly radius: number,
  ) {
    this.hAbove = new Int32Array(width).fill(-1);
    this.hBelow = new Int32Array(width).fill(-1);
    this.vert = new Int32Array(width).fill(-1);
  }

  private add(x: number, y: number): number {
    if (this.count === this.xs.length) {
      const n = this.count * 2;
      const grow = <T extends Float64Array | Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
        const b = make(n);
        b.set(a);
        return b;
      };
      this.xs = grow(this.xs, (k) => new Float64Array(k));
      this.ys = grow(this.ys, (k) => new Float64Array(k));
      this.next = grow(this.next, (k) => new Int32Array(k));
      this.hasPrev = grow(this.hasPrev, (k) => new Uint8Array(k));
    }
    const id = this.count;
    this.xs[id] = x;
    this.ys[id] = y;
    this.next[id] = -1;
    this.hasPrev[id] = 0;
    this.count += 1;
    return id;
  }

  /** Processes the cells between image rows `row − 1` (values `top`) and `row` (values `bottom`). */
  cells(row: number, top: Float64Array, bottom: Float64Array, lo = -Infinity, hi = Infinity): void {
    const r = this.radius;
    const t = this.hAbove;
    this.hAbove = this.hBelow;
    this.hBelow = t;
    this.hBelow.fill(-1);
    if (!(lo <= r && r < hi)) return; // no corner on each side of r in this row pair
    this.vert.fill(-1);
    const W = this.width;
    const e = this.cellEdges;
    for (let i = 0; i < W - 1; i += 1) {
      const a = top[i]!;
      const b = top[i + 1]!;
      const c = bottom[i + 1]!;
      const d = bottom[i]!;
      // bit set = outside (farther than r), corners clockwise from top-left: a, b, c, d
      const code = (a > r ? 1 : 0) | (b > r ? 2 : 0) | (c > r ? 4 : 0) | (d > r ? 8 : 0);
      if (code === 0 || code === 15) continue;
      e[0] = e[1] = e[2] = e[3] = -1;
      if ((code & 1) !== (code & 2) >> 1) {
        let p = this.hAbove[i]!;
        if (p < 0) this.hAbove[i] = p = this.add(i + (r - a) / (b - a), row - 1);
        e[TOP] = p;
      }
      if ((code & 2) >> 1 !== (code & 4) >> 2) {
        let p = this.vert[i + 1]!;
        if (p < 0) this.vert[i + 1] = p = this.add(i + 1, row - 1 + (r - b) / (c - b));
        e[RIGHT] = p;
      }
      if ((code & 4) >> 2 !== (code & 8) >> 3) {
        let p = this.hBelow[i]!;
        if (p < 0) this.hBelow[i] = p = this.add(i + (r - d) / (c - d), row);
        e[BOTTOM] = p;
      }
      if ((code & 8) >> 3 !== (code & 1)) {
        let p = this.vert[i]!;
        if (p < 0) this.vert[i] = p = this.add(i, row - 1 + (r - a) / (d - a));
        e[LEFT] = p;
      }
      if (code === 5 || code === 10) {
        // saddle: the centre (mean of the corners) decides which diagonal pair is joined
        const centreOutside = (a + b + c + d) / 4 > r;
        for (let n = 0; n < 4; n += 1) {
          const outside = ((code >> n) & 1) === 1;
          if (outside === centreOutside) continue; // corners on the centre's side are joined through it
          // corner n is cut off: inside corners go edge-before → edge-after, outside corners the other way
          if (outside) this.link(e[n]!, e[(n + 3) % 4]!);
          else this.link(e[(n + 3) % 4]!, e[n]!);
        }
        continue;
      }
      // one contiguous run of inside corners (clockwise); the line goes from the edge before it to the edge after it
      let start = 0;
      while (!(((code >> start) & 1) === 0 && ((code >> ((start + 3) % 4)) & 1) === 1)) start += 1;
      let end = start;
      while (((code >> ((end + 1) % 4)) & 1) === 0) end = (end + 1) % 4;
      this.link(e[(start + 3) % 4]!, e[end]!);
    }
  }

  /** The cases above name the edges so the copper side is on the left as seen on screen; store it reversed. */
  private link(from: number, to: number): void {
    this.next[to] = from;
    this.hasPrev[from] = 1;
  }

  /** The finished lines in pixel coordinates (x right, y down, pixel centres at whole numbers); closed ones repeat their first point. */
  lines(): { points: Polyline; closed: boolean }[] {
    const out: { points: Polyline; closed: boolean }[] = [];
    const seen = new Uint8Array(this.count);
    const follow = (start: number, closed: boolean): void => {
      const pts: Polyline = [];
      let p = start;
      while (p >= 0 && seen[p] === 0) {
        seen[p] = 1;
        pts.push([this.xs[p]!, this.ys[p]!]);
        p = this.next[p]!;
      }
      if (closed) pts.push([this.xs[start]!, this.ys[start]!]);
      if (pts.length >= 2) out.push({ points: pts, closed });
    };
    for (let p = 0; p < this.count; p += 1) if (this.hasPrev[p] === 0 && seen[p] === 0) follow(p, false);
    for (let p = 0; p < this.count; p += 1) if (seen[p] === 0) follow(p, true);
    return out;
  }
}

/** Douglas–Peucker: drops points closer than `tolerance` to the simplified line; keeps both ends. */
export function simplify(points: Polyline, tolerance: number): Polyline {
  const n = points.length;
  if (n < 3 || tolerance <= 0) return points;
  const keep = new Uint8Array(n);
  keep[0] = 1;
  keep[n - 1] = 1;
  const stack: number[] = [0, n - 1];
  while (stack.length > 0) {
    const last = stack.pop()!;
    const first = stack.pop()!;
    const [x0, y0] = points[first]!;
    const [x1, y1] = points[last]!;
    const dx = x1 - x0;
    const dy = y1 - y0;
    const len = Math.hypot(dx, dy);
    let worst = -1;
    let at = -1;
    for (let k = first + 1; k < last; k += 1) {
      const [x, y] = points[k]!;
      const dist = len > 0 ? Math.abs((x - x0) * dy - (y - y0) * dx) / len : Math.hypot(x - x0, y - y0);
      if (dist > worst) {
        worst = dist;
        at = k;
      }
    }
    if (worst > tolerance) {
      keep[at] = 1;
      stack.push(first, at, at, last);
    }
  }
  return points.filter((_, k) => keep[k] === 1);
}
