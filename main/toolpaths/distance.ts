import type { Bitmap } from './png.js';

/**
 * Exact Euclidean distance from every pixel centre to the nearest WHITE PIXEL SQUARE (the real edge of the copper
 * in the bitmap, not the centres of its pixels as in mods), in pixels, streamed one row at a time so memory stays at
 * two bytes per pixel plus a few rows.
 *
 * The distance from a point to a unit square is separable: d² = f(dx) + f(dy) with f(0) = 0 and
 * f(t) = (|t| − ½)² for whole t ≠ 0. Pass 1 walks the columns (nearest white pixel above or below, 16-bit counts);
 * pass 2 is Felzenszwalb–Huttenlocher's lower envelope of parabolas along each row. f is not one parabola, so the
 * row pass takes the minimum of two envelopes, parabolas centred at q + ½ (exact for columns left of i, larger
 * otherwise) and at q − ½ (exact right of i), and the pixel's own column: each term is ≥ the true term for its
 * column and equal where it applies, so the minimum is exact.
 */
export const NO_WHITE = 65535;
const FAR = 1e9;

export interface DistanceRow {
  /** Image row (0 = top). */
  row: number;
  /** Distance in px from each pixel centre of this row to the nearest white square (FAR = 1e9 when none). */
  distance: Float64Array;
  /** With `nearest`: index row·width + col of the nearest white pixel, or −1. */
  nearest: Int32Array | null;
}

export function columnDistances(bm: Bitmap): Uint16Array {
  const { width: W, height: H, white } = bm;
  const dv = new Uint16Array(W * H);
  for (let i = 0; i < W; i += 1) dv[i] = white[i] === 1 ? 0 : NO_WHITE;
  for (let j = 1; j < H; j += 1) {
    const o = j * W;
    for (let i = 0; i < W; i += 1) {
      if (white[o + i] === 1) dv[o + i] = 0;
      else {
        const above = dv[o - W + i]!;
        dv[o + i] = above >= NO_WHITE - 1 ? NO_WHITE : above + 1;
      }
    }
  }
  for (let j = H - 2; j >= 0; j -= 1) {
    const o = j * W;
    for (let i = 0; i < W; i += 1) {
      const below = dv[o + W + i]!;
      if (below + 1 < dv[o + i]!) dv[o + i] = below + 1;
    }
  }
  return dv;
}

/**
 * Calls `onRow` for rows 0..H−1 in order; the arrays are reused between calls. With `clampAbove`, a row whose
 * every pixel is farther than that from the white is not transformed: it comes as all `clampAbove` (and no
 * nearest pixel) — the contours and the DRC only look closer than that, and most of a big image is such rows.
 */
export function distanceRows(
  bm: Bitmap,
  wantNearest: boolean,
  onRow: (r: DistanceRow) => void,
  clampAbove = Infinity,
): void {
  const { width: W, height: H, white } = bm;
  const dv = columnDistances(bm);
  const g = new Float64Array(W);
  const best = new Float64Array(W);
  const arg = new Int32Array(W);
  const v = new Int32Array(W);
  const z = new Float64Array(W + 1);
  const distance = new Float64Array(W);
  const nearest = wantNearest ? new Int32Array(W) : null;
  const envelope = (shift: number): void => {
    let k = -1;
    for (let q = 0; q < W; q += 1) {
      const gq = g[q]!;
      if (gq === Infinity) continue;
      const cq = q + shift;
      const hq = gq + cq * cq;
      if (k < 0) {
        k = 0;
        v[0] = q;
        z[0] = -Infinity;
        z[1] = Infinity;
        continue;
      }
      let s: number;
      for (;;) {
        const p = v[k]!;
        const cp = p + shift;
        s = (hq - (g[p]! + cp * cp)) / (2 * (cq - cp));
        if (s <= z[k]!) k -= 1;
        else break;
      }
      k += 1;
      v[k] = q;
      z[k] = s;
      z[k + 1] = Infinity;
    }
    if (k < 0) return;
    k = 0;
    for (let i = 0; i < W; i += 1) {
      while (z[k + 1]! < i) k += 1;
      const p = v[k]!;
      const d = i - p - shift;
      const val = d * d + g[p]!;
      if (val < best[i]!) {
        best[i] = val;
        arg[i] = p;
      }
    }
  };
  const clamp2 = clampAbove * clampAbove;
  for (let j = 0; j < H; j += 1) {
    const o = j * W;
    // every pixel's distance² is at least the smallest column term of its row
    let least = Infinity;
    for (let q = 0; q < W; q += 1) {
      const d = dv[o + q]!;
      if (d < least) least = d;
    }
    if (least !== 0 && (least === NO_WHITE || (least - 0.5) * (least - 0.5) > clamp2)) {
      distance.fill(clampAbove === Infinity ? FAR : clampAbove);
      nearest?.fill(-1);
      onRow({ row: j, distance, nearest });
      continue;
    }
    for (let q = 0; q < W; q += 1) {
      const d = dv[o + q]!;
      const gq = d === 0 ? 0 : d === NO_WHITE ? Infinity : (d - 0.5) * (d - 0.5);
      g[q] = gq;
      best[q] = gq;
      arg[q] = gq === Infinity ? -1 : q;
    }
    envelope(0.5);
    envelope(-0.5);
    for (let i = 0; i < W; i += 1) {
      const b = best[i]!;
      distance[i] = b === Infinity ? FAR : Math.sqrt(b);
      if (nearest !== null) {
        const col = arg[i]!;
        if (col < 0) nearest[i] = -1;
        else {
          const d = dv[o + col]!;
          const up = j - d;
          const r = d === 0 ? j : up >= 0 && white[up * W + col] === 1 ? up : j + d;
          nearest[i] = r * W + col;
        }
      }
    }
    onRow({ row: j, distance, nearest });
  }
}
