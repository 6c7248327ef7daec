import { describe, expect, it } from 'vitest';
import { planRaster, PRESETS } from '../../../main/toolpaths/plan.js';
import { decodePngBitmap } from '../../../main/toolpaths/png.js';
import { encodePng } from './png-writer.js';

describe('a 12,000 × 12,000 px board (bounded memory: about 3 bytes a pixel)', () => {
  it('plans four offsets around a pad in the middle, each exactly the offset radius from its edges', () => {
    const N = 12_000;
    const white = new Uint8Array(N * N);
    for (let y = 5900; y < 6100; y += 1) white.fill(1, y * N + 5800, y * N + 6200);
    const png = encodePng({ width: N, height: N, colorType: 0, bitDepth: 1, samples: white, dpi: 1000 });
    const bm = decodePngBitmap(png);
    expect([bm.width, bm.height]).toEqual([N, N]);
    const plan = planRaster(bm, 1000, PRESETS['pcb-traces']);
    expect(plan.lines).toHaveLength(4);
    const px = 0.0254;
    plan.lines.forEach((line, k) => {
      const r = (0.5 + 0.5 * k) * PRESETS['pcb-traces'].toolDiameter;
      const xs = line.points.map((p) => p[0]);
      const ys = line.points.map((p) => p[1]);
      expect(Math.min(...xs)).toBeCloseTo(5800 * px - r, 3);
      expect(Math.max(...xs)).toBeCloseTo(6200 * px + r, 3);
      expect(Math.min(...ys)).toBeCloseTo((N - 6100) * px - r, 3);
      expect(Math.max(...ys)).toBeCloseTo((N - 5900) * px + r, 3);
      expect(line.closed).toBe(true);
    });
  }, 120_000);
});
