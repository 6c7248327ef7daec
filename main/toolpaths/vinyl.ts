import { polylineLength } from './plan.js';
import type { SvgDrawing } from './svg.js';
import type { Point, Polyline, Stroke } from './types.js';

/** Drag-knife settings. Copper foil for flex circuits: about 60 g, 2 cm/s; Roland's standard blade offset 0.25 mm. */
export interface CutSettings {
  /** Distance from the knife holder's axis to the blade tip, mm (0 = no compensation). */
  bladeOffset: number;
  /** Extra cut past the start of a closed shape so it separates cleanly, mm. */
  overcut: number;
  /** Blade force, g. */
  force: number;
  /** Cutting speed, cm/s. */
  speed: number;
}

export const VINYL_PRESET: CutSettings = { bladeOffset: 0.25, overcut: 0, force: 50, speed: 2 };
export const COPPER_PRESET: CutSettings = { bladeOffset: 0.25, overcut: 0.5, force: 60, speed: 2 };

/** Turns sharper than this get a corner loop; gentler ones (flattened curves) are followed directly. */
const CORNER_DEGREES = 5;

/**
 * The path of the knife holder that makes the blade tip, which trails it by `offset`, follow `pts`: every segment is
 * shifted forward by the offset, and at each corner the holder swings on an arc of that radius around the corner
 * so the blade turns on the spot.
 */
export function bladeCompensate(pts: Polyline, offset: number): Polyline {
  if (offset <= 0 || pts.length < 2) return pts;
  const dirs: Point[] = [];
  const verts: Point[] = [pts[0]!];
  for (let i = 1; i < pts.length; i += 1) {
    const [x0, y0] = verts[verts.length - 1]!;
    const [x1, y1] = pts[i]!;
    const len = Math.hypot(x1 - x0, y1 - y0);
    if (len < 1e-9) continue;
    dirs.push([(x1 - x0) / len, (y1 - y0) / len]);
    verts.push(pts[i]!);
  }
  if (dirs.length === 0) return pts;
  const out: Polyline = [];
  for (let i = 0; i < dirs.length; i += 1) {
    const [ux, uy] = dirs[i]!;
    const a = verts[i]!;
    const b = verts[i + 1]!;
    if (i > 0) {
      const [px, py] = dirs[i - 1]!;
      const turn = Math.atan2(px * uy - py * ux, px * ux + py * uy);
      if (Math.abs(turn) > (CORNER_DEGREES * Math.PI) / 180) {
        const start = Math.atan2(py, px);
        const n = Math.max(2, Math.ceil(Math.abs(turn) / (Math.PI / 18)));
        for (let k = 1; k < n; k += 1) {
          const t = start + (turn * k) / n;
          out.push([a[0] + offset * Math.cos(t), a[1] + offset * Math.sin(t)]);
        }
      }
    }
    out.push([a[0] + offset * ux, a[1] + offset * uy]);
    out.push([b[0] + offset * ux, b[1] + offset * uy]);
  }
  return out.filter((p, k) => k === 0 || p[0] !== out[k - 1]![0] || p[1] !== out[k - 1]![1]);
}

/** A closed loop continued `overcut` mm along its own start. */
export function withOvercut(loop: Polyline, overcut: number): Polyline {
  if (overcut <= 0) return loop;
  const out = [...loop];
  let left = overcut;
  for (let i = 1; i < loop.length && left > 0; i += 1) {
    const [x0, y0] = loop[i - 1]!;
    const [x1, y1] = loop[i]!;
    const len = Math.hypot(x1 - x0, y1 - y0);
    if (len >= left) {
      out.push([x0 + ((x1 - x0) * left) / len, y0 + ((y1 - y0) * left) / len]);
      break;
    }
    out.push([x1, y1]);
    left -= len;
  }
  return out;
}

/**
 * Cut strokes for a drawing: inner shapes before the shapes around them (smaller bounding box first), each with
 * overcut (closed shapes) and blade-offset compensation.
 */
export function planCut(drawing: SvgDrawing, s: CutSettings): { strokes: Stroke[]; lengthMm: number } {
  const area = (pl: Polyline) => {
    const xs = pl.map((p) => p[0]);
    const ys = pl.map((p) => p[1]);
    return (Math.max(...xs) - Math.min(...xs)) * (Math.max(...ys) - Math.min(...ys));
  };
  const ordered = [...drawing.paths].sort((a, b) => area(a.points) - area(b.points));
  const strokes = ordered.map((p) => {
    const cut = p.closed ? withOvercut(p.points, s.overcut) : p.points;
    return {
      points: bladeCompensate(cut, s.bladeOffset),
      z: 0,
      closed: p.closed && s.overcut <= 0 && s.bladeOffset <= 0,
    };
  });
  return { strokes, lengthMm: ordered.reduce((a, p) => a + polylineLength(p.points), 0) };
}
