import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { distanceRows } from '../../../main/toolpaths/distance.js';

/** Brute force: distance from each pixel centre to the nearest white unit square. */
function bruteForce(W: number, H: number, white: Uint8Array): Float64Array {
  const out = new Float64Array(W * H).fill(1e9);
  for (let j = 0; j < H; j += 1)
    for (let i = 0; i < W; i += 1)
      for (let q = 0; q < H; q += 1)
        for (let p = 0; p < W; p += 1) {
          if (white[q * W + p] !== 1) continue;
          const dx = Math.max(0, Math.abs(i - p) - 0.5);
          const dy = Math.max(0, Math.abs(j - q) - 0.5);
          out[j * W + i] = Math.min(out[j * W + i]!, Math.hypot(dx, dy));
        }
  return out;
}

function transform(W: number, H: number, white: Uint8Array): { d: Float64Array; near: Int32Array } {
  const d = new Float64Array(W * H);
  const near = new Int32Array(W * H);
  distanceRows({ width: W, height: H, white }, true, ({ row, distance, nearest }) => {
    d.set(distance, row * W);
    near.set(nearest!, row * W);
  });
  return { d, near };
}

describe('exact distance to the pixel squares (separable, two shifted envelopes)', () => {
  it('equals brute force on random bitmaps, and the nearest pixel is white at that distance', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 14 }),
        fc.integer({ min: 1, max: 14 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.double({ min: 0.02, max: 0.6, noNaN: true }),
        (W, H, seed, density) => {
          let s = seed || 1;
          const white = Uint8Array.from({ length: W * H }, () => {
            s = (s * 48271) % 2147483647;
            return s / 2147483647 < density ? 1 : 0;
          });
          const want = bruteForce(W, H, white);
          const { d, near } = transform(W, H, white);
          for (let k = 0; k < W * H; k += 1) {
            expect(d[k]).toBeCloseTo(want[k]!, 9);
            if (want[k]! < 1e9) {
              const n = near[k]!;
              expect(white[n]).toBe(1);
              const dx = Math.max(0, Math.abs((k % W) - (n % W)) - 0.5);
              const dy = Math.max(0, Math.abs(Math.floor(k / W) - Math.floor(n / W)) - 0.5);
              expect(Math.hypot(dx, dy)).toBeCloseTo(want[k]!, 9);
            }
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('measures to the square edge, not the centre: a pixel beside white is 0.5 px away, diagonal √0.5', () => {
    const white = new Uint8Array(9);
    white[4] = 1;
    const { d } = transform(3, 3, white);
    const h = Math.hypot(0.5, 0.5);
    expect(Array.from(d)).toEqual([h, 0.5, h, 0.5, 0, 0.5, h, 0.5, h]);
  });
});
