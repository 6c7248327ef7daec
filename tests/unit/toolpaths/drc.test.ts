import { describe, expect, it } from 'vitest';
import { offsetBitmap } from '../../../main/toolpaths/offsets.js';
import { planRaster, PRESETS } from '../../../main/toolpaths/plan.js';
import type { Bitmap } from '../../../main/toolpaths/png.js';

/** A black bitmap with white rectangles [x0, y0, x1, y1) in pixels (row 0 = top). */
function bitmap(width: number, height: number, rects: [number, number, number, number][]): Bitmap {
  const white = new Uint8Array(width * height);
  for (const [x0, y0, x1, y1] of rects)
    for (let y = y0; y < y1; y += 1) for (let x = x0; x < x1; x += 1) white[y * width + x] = 1;
  return { width, height, white };
}

const r = 9.9; // a 19.8 px tool

describe('design-rule check: where the first offset cannot pass between copper', () => {
  it('two pads 19 px apart (narrower than the 19.8 px tool) are reported as merging, with the width and place', () => {
    const bm = bitmap(120, 80, [
      [20, 20, 50, 60],
      [69, 20, 99, 60],
    ]);
    const res = offsetBitmap(bm, 0.02, [r], { drcRadiusPx: r });
    expect(res.pieces).toBe(2);
    expect(res.gaps).toHaveLength(1);
    const g = res.gaps[0]!;
    expect(g.kind).toBe('merge');
    expect(g.width).toBeCloseTo(19 * 0.02, 6);
    expect(g.x).toBeCloseTo(59.5 * 0.02, 1);
    // and the offset indeed goes around both pads as one loop
    expect(res.lines.filter((l) => l.closed)).toHaveLength(1);
  });

  it('pads 21 px apart are separated by the offset and not reported', () => {
    const bm = bitmap(120, 80, [
      [20, 20, 50, 60],
      [71, 20, 101, 60],
    ]);
    const res = offsetBitmap(bm, 0.02, [r], { drcRadiusPx: r });
    expect(res.gaps).toEqual([]);
    expect(res.lines.filter((l) => l.closed)).toHaveLength(2);
  });

  it('a slot narrower than the tool inside one piece is "uncut"; an inside corner is not a finding', () => {
    // a U: two arms 12 px apart joined at the bottom
    const u = bitmap(100, 100, [
      [20, 20, 35, 80],
      [47, 20, 62, 80],
      [20, 80, 62, 90],
    ]);
    const slot = offsetBitmap(u, 0.02, [r], { drcRadiusPx: r });
    expect(slot.pieces).toBe(1);
    expect(slot.gaps.length).toBeGreaterThan(0);
    expect(slot.gaps.every((g) => g.kind === 'uncut' && Math.abs(g.width - 12 * 0.02) < 1e-9)).toBe(true);
    // an L has one inside corner and no slot
    const l = bitmap(100, 100, [
      [20, 20, 35, 80],
      [20, 65, 80, 80],
    ]);
    expect(offsetBitmap(l, 0.02, [r], { drcRadiusPx: r }).gaps).toEqual([]);
  });

  it('without a radius the check does not run', () => {
    const bm = bitmap(120, 80, [
      [20, 20, 50, 60],
      [69, 20, 99, 60],
    ]);
    expect(offsetBitmap(bm, 0.02, [r]).gaps).toEqual([]);
  });
});

describe('offsets "all": clear every bit of copper-free area', () => {
  it('adds offsets until the next one would find nothing left', () => {
    const bm = bitmap(60, 40, [[10, 10, 20, 30]]);
    const plan = planRaster(bm, 1000, { ...PRESETS['pcb-traces'], offsets: 'all' });
    const d = PRESETS['pcb-traces'].toolDiameter / 0.0254; // px
    const ks = [...new Set(plan.lines.map((l) => l.k))];
    const last = Math.max(...ks);
    // the farthest pixel (a corner of the image) is 39.5 px right and 9.5 px below/above the pad
    const far = Math.hypot(39.5, 9.5);
    expect((0.5 + last * 0.5) * d).toBeLessThan(far);
    expect((0.5 + (last + 1) * 0.5) * d).toBeGreaterThan(far);
  });
});
