import { IsoLineBuilder, simplify, type Polyline } from './contours.js';
import { distanceRows } from './distance.js';
import { CopperPieces, GapFinder, type GapFinding } from './drc.js';
import type { Bitmap } from './png.js';

/** One offset line in mm: origin at the image's bottom-left corner, x right, y up (the frame of the goldens). */
export interface OffsetLine {
  k: number;
  closed: boolean;
  points: Polyline;
}

export interface OffsetResult {
  lines: OffsetLine[];
  gaps: GapFinding[];
  /** Separate pieces of copper (white) in the image. */
  pieces: number;
}

export interface OffsetOptions {
  /** Douglas–Peucker tolerance in pixels (default 0.05 px). */
  simplifyPx?: number;
  /** Run the design-rule check for this tool radius in px (usually the first offset radius). */
  drcRadiusPx?: number;
}

/**
 * Offset lines of the white region at each radius (px, measured from pixel edges), all in one pass over the image.
 */
export function offsetBitmap(
  bm: Bitmap,
  pxMm: number,
  radiiPx: number[],
  options: OffsetOptions = {},
): OffsetResult {
  const W = bm.width;
  const H = bm.height;
  const builders = radiiPx.map((r) => new IsoLineBuilder(W, r));
  const drcRadius = options.drcRadiusPx;
  const pieces = drcRadius !== undefined ? new CopperPieces(bm) : null;
  const gaps = pieces !== null && drcRadius !== undefined ? new GapFinder(pieces, W, drcRadius) : null;
  const prev = new Float64Array(W);
  distanceRows(
    bm,
    gaps !== null,
    ({ row, distance, nearest }) => {
      if (gaps !== null && nearest !== null) gaps.row(row, distance, nearest);
      if (row > 0) {
        // the smallest and largest value of the row pair: a radius outside them has no cells to look at
        let lo = Infinity;
        let hi = -Infinity;
        for (let i = 0; i < W; i += 1) {
          const a = distance[i]!;
          const b = prev[i]!;
          if (a < lo) lo = a;
          if (b < lo) lo = b;
          if (a > hi) hi = a;
          if (b > hi) hi = b;
        }
        for (const b of builders) b.cells(row, prev, distance, lo, hi);
      }
      prev.set(distance);
    },
    Math.max(...radiiPx, drcRadius ?? 0) + 2,
  );
  const tol = options.simplifyPx ?? 0.05;
  const lines: OffsetLine[] = [];
  builders.forEach((b, k) => {
    for (const line of b.lines()) {
      const pts = simplify(line.points, tol).map(([x, y]): [number, number] => [
        round5((x + 0.5) * pxMm),
        round5((H - 0.5 - y) * pxMm),
      ]);
      lines.push({ k, closed: line.closed, points: pts });
    }
  });
  return { lines, gaps: gaps?.findings(H, pxMm) ?? [], pieces: pieces?.count ?? 0 };
}

/** The largest distance from any black pixel to the white region, px (0 when the image is all white). */
export function maxDistancePx(bm: Bitmap): number {
  let max = 0;
  distanceRows(bm, false, ({ distance }) => {
    for (const d of distance) if (d > max && d < 1e9) max = d;
  });
  return max;
}

function round5(v: number): number {
  return Math.round(v * 1e5) / 1e5;
}
