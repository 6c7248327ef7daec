/**
 * G2/G3 into straight segments, following Grbl's arc geometry (gcode.c, motion_control.c): plane G17/G18/G19
 * picks the two arc axes and the linear (helical) axis; the centre comes from I/J/K offsets or from R; start == end
 * with I/J/K is a full circle. Chord tolerance is coarser than a controller's because this is for drawing.
 */

const TOLERANCE_MM = 0.01;
const MAX_SEGMENTS = 720;
const EPSILON = 5e-7;

/** Plane → [axis0, axis1, linear] indices into xyz. */
const PLANE_AXES: Record<17 | 18 | 19, readonly [number, number, number]> = {
  17: [0, 1, 2],
  18: [2, 0, 1],
  19: [1, 2, 0],
};

export interface ArcInput {
  start: readonly [number, number, number];
  end: readonly [number, number, number];
  /** I/J/K offsets from start to centre (mm), used when radius is null. */
  offset: readonly [number, number, number];
  /** R word (mm), or null for the I/J/K form. Negative R picks the long way round, as in Grbl. */
  radius: number | null;
  plane: 17 | 18 | 19;
  clockwise: boolean;
}

/**
 * Calls `emit(x, y, z, t)` for each intermediate and the final point (t = fraction of the arc done).
 * Returns the number of points emitted, or -1 when R cannot reach the end point.
 */
export function expandArc(arc: ArcInput, emit: (x: number, y: number, z: number, t: number) => void): number {
  const [a0, a1, lin] = PLANE_AXES[arc.plane];
  const s = arc.start;
  const e = arc.end;
  let off0: number;
  let off1: number;
  if (arc.radius !== null) {
    let r = arc.radius;
    const x = e[a0]! - s[a0]!;
    const y = e[a1]! - s[a1]!;
    let h = 4 * r * r - x * x - y * y;
    const d = Math.hypot(x, y);
    if (d === 0) return -1;
    if (h < 0) {
      // Rounding in the file can push h just below zero for a half circle; more than that is a real error.
      if (h < -1e-3 * Math.max(1, r * r)) return -1;
      h = 0;
    }
    let hx2d = -Math.sqrt(h) / d;
    if (!arc.clockwise) hx2d = -hx2d;
    if (r < 0) {
      hx2d = -hx2d;
      r = -r;
    }
    off0 = 0.5 * (x - y * hx2d);
    off1 = 0.5 * (y + x * hx2d);
  } else {
    off0 = arc.offset[a0]!;
    off1 = arc.offset[a1]!;
  }
  const c0 = s[a0]! + off0;
  const c1 = s[a1]! + off1;
  const radius = Math.hypot(off0, off1);
  if (!(radius > 0)) return -1;
  const r0 = -off0;
  const r1 = -off1;
  const rt0 = e[a0]! - c0;
  const rt1 = e[a1]! - c1;
  let angular = Math.atan2(r0 * rt1 - r1 * rt0, r0 * rt0 + r1 * rt1);
  if (arc.clockwise) {
    if (angular >= -EPSILON) angular -= 2 * Math.PI;
  } else if (angular <= EPSILON) {
    angular += 2 * Math.PI;
  }
  const chord = radius > TOLERANCE_MM ? Math.sqrt(TOLERANCE_MM * (2 * radius - TOLERANCE_MM)) : radius;
  const segments = Math.min(MAX_SEGMENTS, Math.max(1, Math.ceil((Math.abs(angular) * radius) / (2 * chord))));
  const linStart = s[lin]!;
  const linDelta = e[lin]! - linStart;
  const p = [0, 0, 0];
  for (let i = 1; i < segments; i++) {
    const t = i / segments;
    const a = angular * t;
    const cos = Math.cos(a);
    const sin = Math.sin(a);
    p[a0] = c0 + r0 * cos - r1 * sin;
    p[a1] = c1 + r0 * sin + r1 * cos;
    p[lin] = linStart + linDelta * t;
    emit(p[0]!, p[1]!, p[2]!, t);
  }
  emit(e[0], e[1], e[2], 1);
  return segments;
}
