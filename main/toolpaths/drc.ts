import type { Bitmap } from './png.js';

/**
 * Design-rule check: every place where two separate pieces of copper are closer than the tool diameter. There the
 * first offset (radius = tool radius) cannot pass between them: the two pieces stay joined by uncut copper (traces
 * that merge) — mods cuts a channel there anyway and never says so.
 *
 * How: the copper is labelled into connected pieces (8-connected runs, union–find), the distance transform gives
 * each pixel its nearest white pixel, and wherever two neighbouring pixels both lie within the tool radius of the
 * copper but their nearest copper belongs to different pieces, no offset line passes between those two pieces.
 * Each pair of pieces is reported once, at its narrowest place.
 */
export interface GapFinding {
  /** Where the gap is narrowest, mm, image bottom-left = 0,0, y up. */
  x: number;
  y: number;
  /** Width of the gap there (distance between the two copper edges), mm. */
  width: number;
  /** Labels of the two copper pieces (stable for one plan); the same label twice for a gap inside one piece. */
  pieces: [number, number];
  /**
   * merge: two separate pieces of copper stay joined (traces short together);
   * uncut: a slot narrower than the tool between two walls of the same piece is left as copper.
   */
  kind: 'merge' | 'uncut';
  /**
   * Bounding box [x0, y0, x1, y1] (mm) of every place where these two pieces are too close: a long narrow channel
   * is one finding, and this is how far it runs (for the preview to draw).
   */
  extent: [number, number, number, number];
}

export class CopperPieces {
  readonly rowStart: Int32Array;
  private readonly starts: Int32Array;
  private readonly label: Int32Array;
  readonly count: number;

  constructor(bm: Bitmap) {
    const { width: W, height: H, white } = bm;
    let cap = 1024;
    let starts: Int32Array = new Int32Array(cap);
    let ends: Int32Array = new Int32Array(cap);
    let parent: Int32Array = new Int32Array(cap);
    let n = 0;
    const rowStart = new Int32Array(H + 1);
    const find = (x: number): number => {
      let r = x;
      while (parent[r] !== r) r = parent[r]!;
      while (parent[x] !== r) {
        const up = parent[x]!;
        parent[x] = r;
        x = up;
      }
      return r;
    };
    for (let j = 0; j < H; j += 1) {
      rowStart[j] = n;
      const o = j * W;
      let above = j > 0 ? rowStart[j - 1]! : 0;
      const aboveEnd = n;
      for (let i = 0; i < W;) {
        if (white[o + i] !== 1) {
          i += 1;
          continue;
        }
        const s = i;
        while (i < W && white[o + i] === 1) i += 1;
        if (n === cap) {
          cap *= 2;
          const grow = (a: Int32Array): Int32Array => {
            const b = new Int32Array(cap);
            b.set(a);
            return b;
          };
          starts = grow(starts);
          ends = grow(ends);
          parent = grow(parent);
        }
        starts[n] = s;
        ends[n] = i - 1;
        parent[n] = n;
        if (j > 0) {
          // 8-connected: runs in the row above that overlap [s − 1, i]
          while (above < aboveEnd && ends[above]! < s - 1) above += 1;
          for (let k = above; k < aboveEnd && starts[k]! <= i; k += 1) {
            const ra = find(k);
            const rb = find(n);
            if (ra !== rb) parent[rb] = ra;
          }
        }
        n += 1;
      }
    }
    rowStart[H] = n;
    const label = new Int32Array(n);
    const ids = new Map<number, number>();
    for (let k = 0; k < n; k += 1) {
      const root = find(k);
      let id = ids.get(root);
      if (id === undefined) ids.set(root, (id = ids.size));
      label[k] = id;
    }
    this.rowStart = rowStart;
    this.starts = starts.subarray(0, n);
    this.label = label;
    this.count = ids.size;
  }

  /** The piece of the white pixel (row, col). */
  pieceAt(row: number, col: number): number {
    let lo = this.rowStart[row]!;
    let hi = this.rowStart[row + 1]! - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= col) lo = mid;
      else hi = mid - 1;
    }
    return this.label[lo]!;
  }
}

/**
 * Streams over distance rows and collects, for each pair of pieces the first offset does not separate, the narrowest
 * place between them. "Not separated" is judged on the same sampled field the planner contours (both neighbouring
 * pixels within the radius), so the check agrees with the path exactly: a gap of 20 px with a 19.8 px tool, whose
 * middle pixels sit 9.5 px from each side, is reported (and not cut), although the tool would just fit.
 */
export class GapFinder {
  private prevPiece: Int32Array;
  private curPiece: Int32Array;
  private prevNear: Int32Array;
  private curNear: Int32Array;
  private readonly best = new Map<
    string,
    { width: number; a: number; b: number; pieces: [number, number]; box: [number, number, number, number] }
  >();

  constructor(
    private readonly pieces: CopperPieces,
    private readonly width: number,
    private readonly radiusPx: number,
  ) {
    this.prevPiece = new Int32Array(width).fill(-1);
    this.curPiece = new Int32Array(width).fill(-1);
    this.prevNear = new Int32Array(width).fill(-1);
    this.curNear = new Int32Array(width).fill(-1);
  }

  row(j: number, distance: Float64Array, nearest: Int32Array): void {
    const W = this.width;
    let t = this.prevPiece;
    this.prevPiece = this.curPiece;
    this.curPiece = t;
    t = this.prevNear;
    this.prevNear = this.curNear;
    this.curNear = t;
    const r = this.radiusPx;
    for (let i = 0; i < W; i += 1) {
      const near = nearest[i]!;
      if (distance[i]! >= r || near < 0) {
        this.curPiece[i] = -1;
        continue;
      }
      const piece = this.pieces.pieceAt(Math.floor(near / W), near % W);
      this.curPiece[i] = piece;
      this.curNear[i] = near;
      const here = j * W + i;
      if (i > 0) this.compare(piece, near, here, this.curPiece[i - 1]!, this.curNear[i - 1]!, here - 1);
      if (j > 0) this.compare(piece, near, here, this.prevPiece[i]!, this.prevNear[i]!, here - W);
    }
  }

  private compare(pa: number, na: number, at: number, pb: number, nb: number, bt: number): void {
    if (pb < 0) return;
    const W = this.width;
    const dx = Math.max(0, Math.abs((na % W) - (nb % W)) - 1);
    const dy = Math.max(0, Math.abs(Math.floor(na / W) - Math.floor(nb / W)) - 1);
    const gap = Math.hypot(dx, dy);
    let key: string;
    if (pa !== pb) key = pa < pb ? `${pa},${pb}` : `${pb},${pa}`;
    else {
      // Same piece: only a slot between two facing walls counts (the nearest copper lies in nearly opposite
      // directions from the two pixels, within 25°), not an inside corner, where they are about perpendicular.
      // (a slot of at least 1.5 px: single-pixel notches are the staircase of the raster, not a design)
      if (gap < 1.5) return;
      const ux = (na % W) - (at % W);
      const uy = Math.floor(na / W) - Math.floor(at / W);
      const vx = (nb % W) - (bt % W);
      const vy = Math.floor(nb / W) - Math.floor(bt / W);
      const lu = Math.hypot(ux, uy);
      const lv = Math.hypot(vx, vy);
      if (lu === 0 || lv === 0 || (ux * vx + uy * vy) / (lu * lv) > -0.9) return;
      // one finding per piece and neighbourhood of 4 tool diameters
      const cell = 8 * this.radiusPx;
      key = `${pa}@${Math.floor((at % W) / cell)},${Math.floor(Math.floor(at / W) / cell)}`;
    }
    const col = at % W;
    const row = Math.floor(at / W);
    const seen = this.best.get(key);
    if (seen === undefined) {
      this.best.set(key, {
        width: gap,
        a: na,
        b: nb,
        pieces: pa < pb ? [pa, pb] : [pb, pa],
        box: [col, row, col, row],
      });
      return;
    }
    const box = seen.box;
    box[0] = Math.min(box[0], col);
    box[1] = Math.min(box[1], row);
    box[2] = Math.max(box[2], col);
    box[3] = Math.max(box[3], row);
    if (gap < seen.width) {
      seen.width = gap;
      seen.a = na;
      seen.b = nb;
    }
  }

  /** Findings in mm (bottom-left origin, y up), narrowest first. */
  findings(height: number, pxMm: number): GapFinding[] {
    const W = this.width;
    return [...this.best.values()]
      .map((g) => {
        const x = ((g.a % W) + (g.b % W)) / 2 + 0.5;
        const row = (Math.floor(g.a / W) + Math.floor(g.b / W)) / 2;
        return {
          x: round4(x * pxMm),
          y: round4((height - 0.5 - row) * pxMm),
          width: round4(g.width * pxMm),
          pieces: g.pieces,
          extent: [
            round4((g.box[0] + 0.5) * pxMm),
            round4((height - 0.5 - g.box[3]) * pxMm),
            round4((g.box[2] + 0.5) * pxMm),
            round4((height - 0.5 - g.box[1]) * pxMm),
          ] as [number, number, number, number],
          kind: g.pieces[0] === g.pieces[1] ? ('uncut' as const) : ('merge' as const),
        };
      })
      .sort((p, q) => p.width - q.width || p.x - q.x || p.y - q.y);
  }
}

function round4(v: number): number {
  return Math.round(v * 1e4) / 1e4;
}
