import type { GapFinding } from './drc.js';
import { maxDistancePx, offsetBitmap, type OffsetLine } from './offsets.js';
import type { Bitmap } from './png.js';
import type { Point, Polyline, Stroke } from './types.js';
import { MODS_DEFAULTS } from '../../preload/contract/methods/toolpaths.js';

export type ProcessId = 'pcb-traces' | 'pcb-outline' | 'vinyl';

/** The settings a trainee sees in mods, with the same names; every one can be changed. */
export interface MillSettings {
  /** Tool diameter, mm. */
  toolDiameter: number;
  /** Depth of each pass, mm (positive). */
  cutDepth: number;
  /** Final depth, mm (positive); passes go cutDepth, 2·cutDepth, … up to it. */
  maxDepth: number;
  /** Number of offsets, or 'all' to clear every bit of copper between the traces. */
  offsets: number | 'all';
  /** Distance between offsets as a fraction of the tool diameter. */
  stepover: number;
  /** Cutting speed, mm/s. */
  speed: number;
  /** Climb (the default, copper on the right of the tool) or conventional. */
  direction: 'climb' | 'conventional';
}

export const PRESETS: Record<'pcb-traces' | 'pcb-outline', MillSettings> = MODS_DEFAULTS.mill;

/** Vinyl from a raster image (as mods's GX/GS-24 program): one line half a 0.254 mm "tool" outside the kept vinyl. */
export const VINYL_RASTER_DIAMETER = 0.254;

export interface RasterPlan {
  strokes: Stroke[];
  /** The planned 2-D lines in cutting order, one per loop (before depth passes). */
  lines: OffsetLine[];
  gaps: GapFinding[];
  widthMm: number;
  heightMm: number;
  pxMm: number;
  pieces: number;
}

/** Refusals of the planner: each a sentence saying what to change. */
export class PlanError extends Error {}

/**
 * Bitmap → offset lines → cutting order → depth passes. Offsets k = 0..n−1 at (0.5 + k·stepover)·D from the copper
 * edge, measured to pixel edges; depths exact (not rounded to pixels).
 */
export function planRaster(bm: Bitmap, dpi: number, s: MillSettings): RasterPlan {
  const pxMm = 25.4 / dpi;
  const widthMm = bm.width * pxMm;
  const heightMm = bm.height * pxMm;
  if (!(s.toolDiameter > 0)) throw new PlanError('The tool diameter must be more than 0 mm.');
  if (s.toolDiameter >= Math.min(widthMm, heightMm))
    throw new PlanError(
      `The ${s.toolDiameter} mm tool is larger than the board (${round3(widthMm)} × ${round3(heightMm)} mm).`,
    );
  if (!(s.stepover > 0 && s.stepover <= 1))
    throw new PlanError('The stepover must be more than 0 and at most 1.');
  if (!(s.cutDepth > 0) || !(s.maxDepth >= s.cutDepth))
    throw new PlanError('The cut depth must be more than 0 mm and the max depth at least the cut depth.');
  const d = s.toolDiameter / pxMm;
  let count: number;
  if (s.offsets === 'all') {
    const far = maxDistancePx(bm);
    count = Math.max(1, Math.floor((far / d - 0.5) / s.stepover) + 1);
  } else {
    if (!Number.isInteger(s.offsets) || s.offsets < 1)
      throw new PlanError('The number of offsets must be a whole number of at least 1 (or "all").');
    count = s.offsets;
  }
  const radii = Array.from({ length: count }, (_, k) => (0.5 + k * s.stepover) * d);
  const result = offsetBitmap(bm, pxMm, radii, { drcRadiusPx: radii[0]!, simplifyPx: 0.05 });
  const ordered = orderLines(result.lines, s.direction);
  const depths = depthSteps(s.cutDepth, s.maxDepth);
  const strokes: Stroke[] = [];
  for (const line of ordered)
    for (const depth of depths) strokes.push({ points: line.points, z: -depth, closed: line.closed });
  return { strokes, lines: ordered, gaps: result.gaps, widthMm, heightMm, pxMm, pieces: result.pieces };
}

/** cutDepth, 2·cutDepth, … and maxDepth last (never rounded). */
export function depthSteps(cutDepth: number, maxDepth: number): number[] {
  const n = Math.max(1, Math.ceil(maxDepth / cutDepth - 1e-9));
  return Array.from({ length: n }, (_, k) => (k === n - 1 ? maxDepth : (k + 1) * cutDepth));
}

/**
 * Cutting order: offset by offset from the copper outwards, and within one offset always the nearest next line
 * (closed loops start at their vertex nearest the tool). Climb keeps the copper on the tool's right; conventional
 * reverses every line.
 */
export function orderLines(lines: OffsetLine[], direction: 'climb' | 'conventional'): OffsetLine[] {
  const out: OffsetLine[] = [];
  let at: Point = [0, 0];
  const ks = [...new Set(lines.map((l) => l.k))].sort((a, b) => a - b);
  for (const k of ks) {
    const left = lines
      .filter((l) => l.k === k)
      .map((l) => ({ ...l, points: direction === 'conventional' ? [...l.points].reverse() : l.points }));
    while (left.length > 0) {
      let best = 0;
      let bestD = Infinity;
      let bestV = 0;
      left.forEach((l, i) => {
        if (l.closed) {
          l.points.forEach((p, v) => {
            const dd = dist2(p, at);
            if (dd < bestD) [bestD, best, bestV] = [dd, i, v];
          });
        } else {
          const dd = dist2(l.points[0]!, at);
          if (dd < bestD) [bestD, best, bestV] = [dd, i, 0];
        }
      });
      const [line] = left.splice(best, 1);
      const pts = line!.closed ? rotateLoop(line!.points, bestV) : line!.points;
      out.push({ ...line!, points: pts });
      at = pts[pts.length - 1]!;
    }
  }
  return out;
}

/** A closed loop (first point repeated last) started at vertex v. */
export function rotateLoop(loop: Polyline, v: number): Polyline {
  if (v === 0 || v === loop.length - 1) return loop;
  const ring = loop.slice(0, -1);
  const r = [...ring.slice(v), ...ring.slice(0, v)];
  r.push(r[0]!);
  return r;
}

export function polylineLength(p: Polyline): number {
  let len = 0;
  for (let i = 1; i < p.length; i += 1) len += Math.hypot(p[i]![0] - p[i - 1]![0], p[i]![1] - p[i - 1]![1]);
  return len;
}

export interface JobSummary {
  strokes: number;
  loops: number;
  cutLengthMm: number;
  travelLengthMm: number;
  /** Cutting + travel + plunges, s. */
  estimatedSeconds: number;
  bbox: [number, number, number, number];
}

/** Length and time of a job: cuts at `speed`, travel at `rapid`, each stroke's plunge and lift at `zSpeed` over `jogZ`. */
export function summarize(
  strokes: Stroke[],
  speed: number,
  rapid: number,
  jogZ: number,
  zSpeed: number,
  loops: number,
): JobSummary {
  let cut = 0;
  let travel = 0;
  let zMoves = 0;
  let at: Point = [0, 0];
  const bbox: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const s of strokes) {
    travel += Math.hypot(s.points[0]![0] - at[0], s.points[0]![1] - at[1]);
    cut += polylineLength(s.points);
    zMoves += 2 * (jogZ - s.z);
    for (const [x, y] of s.points) {
      bbox[0] = Math.min(bbox[0], x);
      bbox[1] = Math.min(bbox[1], y);
      bbox[2] = Math.max(bbox[2], x);
      bbox[3] = Math.max(bbox[3], y);
    }
    at = s.points[s.points.length - 1]!;
  }
  const seconds = cut / speed + travel / rapid + (zSpeed > 0 ? zMoves / zSpeed : 0);
  return {
    strokes: strokes.length,
    loops,
    cutLengthMm: round3(cut),
    travelLengthMm: round3(travel),
    estimatedSeconds: Math.round(seconds),
    bbox: strokes.length === 0 ? [0, 0, 0, 0] : (bbox.map(round3) as [number, number, number, number]),
  };
}

function dist2(a: Point, b: Point): number {
  return (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2;
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}
