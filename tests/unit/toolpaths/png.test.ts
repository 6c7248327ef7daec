import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodePngBitmap, MAX_PIXELS, PngError } from '../../../main/toolpaths/png.js';
import { encodePng, type PngSpec } from './png-writer.js';

/** A 13 × 7 pattern (odd sizes exercise partial bytes and Adam7 passes): white where (x·3 + y·5) % 7 < 3. */
const W = 13;
const H = 7;
const expected = Uint8Array.from({ length: W * H }, (_, k) =>
  ((k % W) * 3 + Math.floor(k / W) * 5) % 7 < 3 ? 1 : 0,
);

function samplesFor(channels: number, pick: (white: boolean, c: number) => number): number[] {
  const out: number[] = [];
  for (const w of expected) for (let c = 0; c < channels; c += 1) out.push(pick(w === 1, c));
  return out;
}

describe('PNG decoding and threshold (our decoder, every colour type and depth)', () => {
  const cases: {
    name: string;
    spec: Omit<PngSpec, 'width' | 'height' | 'samples'>;
    channels: number;
    max: number;
  }[] = [];
  for (const depth of [1, 2, 4, 8, 16] as const)
    cases.push({
      name: `grey ${depth}-bit`,
      spec: { colorType: 0, bitDepth: depth },
      channels: 1,
      max: 2 ** depth - 1,
    });
  for (const depth of [8, 16] as const) {
    cases.push({
      name: `RGB ${depth}-bit`,
      spec: { colorType: 2, bitDepth: depth },
      channels: 3,
      max: 2 ** depth - 1,
    });
    cases.push({
      name: `grey+alpha ${depth}-bit`,
      spec: { colorType: 4, bitDepth: depth },
      channels: 2,
      max: 2 ** depth - 1,
    });
    cases.push({
      name: `RGBA ${depth}-bit`,
      spec: { colorType: 6, bitDepth: depth },
      channels: 4,
      max: 2 ** depth - 1,
    });
  }
  for (const c of cases)
    for (const interlace of [false, true])
      it(`${c.name}${interlace ? ', Adam7 interlaced' : ''}`, () => {
        // white = 70 % of full scale, black = 30 %: both sides of the 0.5 threshold; alpha fully opaque
        const samples = samplesFor(c.channels, (white, ch) => {
          const alphaChannel = (c.channels === 2 && ch === 1) || (c.channels === 4 && ch === 3);
          if (alphaChannel) return c.max;
          return c.max === 1 ? (white ? 1 : 0) : Math.round((white ? 0.7 : 0.3) * c.max);
        });
        const png = encodePng({ width: W, height: H, samples, interlace, ...c.spec, dpi: 1000 });
        const bm = decodePngBitmap(png);
        expect(bm.width).toBe(W);
        expect(bm.height).toBe(H);
        expect(bm.dpi).toBeCloseTo(1000, 1);
        expect(Array.from(bm.white)).toEqual(Array.from(expected));
      });

  it('palette 1/2/4/8-bit with tRNS: a transparent entry counts as white (mods: alpha 0 = white)', () => {
    for (const depth of [1, 2, 4, 8] as const) {
      const palette = [
        [10, 10, 10], // black
        [240, 240, 240], // white
        [20, 20, 20], // black but transparent → white
      ].slice(0, depth === 1 ? 2 : 3);
      const idx = Array.from(expected, (w, k) => (w === 1 ? (depth > 1 && k % 2 === 0 ? 2 : 1) : 0));
      const png = encodePng({
        width: W,
        height: H,
        colorType: 3,
        bitDepth: depth,
        samples: idx,
        palette,
        trns: [255, 255, 0],
      });
      expect(Array.from(decodePngBitmap(png).white)).toEqual(Array.from(expected));
    }
  });

  it('alpha 0 is white whatever the colour; alpha > 0 uses the colour', () => {
    const samples = Array.from(expected, (w) => [0, 0, 0, w === 1 ? 0 : 1]).flat();
    const png = encodePng({ width: W, height: H, colorType: 6, bitDepth: 8, samples });
    expect(Array.from(decodePngBitmap(png).white)).toEqual(Array.from(expected));
  });

  it('threshold 0.5 on (r+g+b)/3: just above is white, exactly half is black', () => {
    const png = encodePng({
      width: 2,
      height: 1,
      colorType: 2,
      bitDepth: 16,
      samples: [32768, 32768, 32768, 32767, 32768, 32767],
    });
    expect(Array.from(decodePngBitmap(png).white)).toEqual([1, 0]);
  });

  it('no pHYs means no dpi (never guessed)', () => {
    const png = encodePng({ width: 1, height: 1, colorType: 0, bitDepth: 8, samples: [255] });
    expect(decodePngBitmap(png).dpi).toBeNull();
  });

  it('refuses a non-PNG, a cut file and an image over the pixel limit, naming the limit', () => {
    expect(() => decodePngBitmap(Buffer.from('GIF89a........'))).toThrow(/not a PNG/);
    const png = encodePng({ width: 4, height: 4, colorType: 0, bitDepth: 8, samples: new Array(16).fill(0) });
    expect(() => decodePngBitmap(png.subarray(0, 40))).toThrow(PngError);
    const big = Buffer.from(png);
    big.writeUInt32BE(20_000, 16);
    big.writeUInt32BE(20_000, 20);
    expect(() => decodePngBitmap(big)).toThrow(
      new RegExp(`20000 × 20000 px; the limit is ${MAX_PIXELS / 1e6} million`),
    );
  });

  it('reads the corpus files: RGB 8-bit with pHYs 1269.848 dpi', async () => {
    const { readFileSync } = await import('node:fs');
    const bm = decodePngBitmap(readFileSync('tests/fixtures/pcb/ATP.8E5.traces.png'));
    expect([bm.width, bm.height, bm.colorType, bm.bitDepth]).toEqual([1854, 1917, 2, 8]);
    expect(bm.dpi).toBeCloseTo(1269.8476, 4);
  });
});

describe('damaged PNGs', () => {
  it('any corruption gives a PngError sentence or a bitmap, never a crash', () => {
    const good = encodePng({
      width: 13,
      height: 7,
      colorType: 3,
      bitDepth: 4,
      samples: Array.from(expected, (w) => w),
      palette: [
        [0, 0, 0],
        [255, 255, 255],
      ],
      interlace: true,
      dpi: 1000,
    });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: good.length - 1 }), fc.nat({ max: 255 })), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.nat({ max: good.length }),
        (edits, cut) => {
          const bad = Buffer.from(good.subarray(0, Math.max(8, cut)));
          for (const [at, v] of edits) if (at < bad.length) bad[at] = v;
          try {
            const bm = decodePngBitmap(bad);
            expect(bm.white.length).toBe(bm.width * bm.height);
          } catch (error) {
            expect(error).toBeInstanceOf(PngError);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('image data that inflates to more than the header says is refused (no zip bombs)', () => {
    const png = encodePng({ width: 4, height: 4, colorType: 0, bitDepth: 8, samples: new Array(16).fill(0) });
    const bomb = Buffer.from(png);
    bomb.writeUInt32BE(2, 16); // the header now claims 2 × 4 px; the data holds 4 × 4
    expect(() => decodePngBitmap(bomb)).toThrow(/does not inflate to the size its header says/);
  });
});
