import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  planRaster,
  PRESETS,
  VINYL_RASTER_DIAMETER,
  type MillSettings,
} from '../../../main/toolpaths/plan.js';
import { decodePngBitmap } from '../../../main/toolpaths/png.js';
import type { Polyline } from '../../../main/toolpaths/types.js';
import { directed, farSamples, loadGolden, loadGoldenOffset } from './parity.js';

const dir = 'tests/fixtures/pcb';

function plan(file: string, settings: MillSettings) {
  const bm = decodePngBitmap(readFileSync(`${dir}/${file}`));
  return planRaster(bm, bm.dpi!, settings);
}

function expectWithin(planned: Polyline[], golden: Polyline[], tol: number, loopSlack: number): void {
  expect(Math.abs(planned.length - golden.length)).toBeLessThanOrEqual(loopSlack);
  const there = directed(planned, golden);
  const back = directed(golden, planned);
  expect(there.p99).toBeLessThanOrEqual(tol);
  expect(back.p99).toBeLessThanOrEqual(tol);
}

const vinyl: MillSettings = {
  ...PRESETS['pcb-outline'],
  toolDiameter: VINYL_RASTER_DIAMETER,
  cutDepth: 0.1,
  maxDepth: 0.1,
};

describe('planned paths against the exact edge-based references (0.01 mm p99, both ways)', () => {
  const cases: [string, string, MillSettings][] = [
    ['ATP.8E5.traces.png', 'ATP.8E5.traces', PRESETS['pcb-traces']],
    ['ATP.8E5.interior.png', 'ATP.8E5.outline', PRESETS['pcb-outline']],
    ['synth-hello.traces.png', 'synth-hello.traces', PRESETS['pcb-traces']],
    ['synth-hello.interior.png', 'synth-hello.outline', PRESETS['pcb-outline']],
    ['vinyl-sticker.png', 'vinyl-sticker', vinyl],
  ];
  for (const [file, golden, settings] of cases)
    it(golden, () => {
      const p = plan(file, settings);
      const exact = loadGolden(`${dir}/golden/${golden}.exact.json`);
      expectWithin(
        p.lines.map((l) => l.points),
        exact,
        0.01,
        0,
      );
    });

  it('an offset 0.02 mm too close to the copper (as mods sits) fails the same check', () => {
    const p = plan('synth-hello.interior.png', { ...PRESETS['pcb-outline'], toolDiameter: 0.79248 - 0.04 });
    const exact = loadGolden(`${dir}/golden/synth-hello.outline.exact.json`);
    expect(
      directed(
        p.lines.map((l) => l.points),
        exact,
      ).p99,
    ).toBeGreaterThan(0.01);
  });
});

describe('board outlines against mods (0.08 mm p99 both ways, loops ± 2)', () => {
  for (const [file, golden] of [
    ['ATP.8E5.interior.png', 'ATP.8E5.outline'],
    ['synth-hello.interior.png', 'synth-hello.outline'],
  ] as const)
    it(golden, () => {
      const p = plan(file, PRESETS['pcb-outline']);
      expectWithin(
        p.lines.map((l) => l.points),
        loadGolden(`${dir}/golden/${golden}.mods.json`),
        0.08,
        2,
      );
    });
});

describe('cutting order and depth passes', () => {
  it('outline: each loop cut at 0.6096, 1.2192 and 1.8288 mm (not rounded to pixels), loop before loop', () => {
    const p = plan('synth-hello.interior.png', PRESETS['pcb-outline']);
    expect(p.lines).toHaveLength(2);
    expect(p.strokes.map((s) => s.z)).toEqual([-0.6096, -1.2192, -1.8288, -0.6096, -1.2192, -1.8288]);
    expect(p.strokes[0]!.points).toBe(p.strokes[2]!.points);
  });

  it('climb keeps the copper on the right (outer outline clockwise seen from above); conventional reverses', () => {
    const signedArea = (pl: Polyline) =>
      pl.reduce((a, [x, y], i) => {
        const [x2, y2] = pl[(i + 1) % pl.length]!;
        return a + x * y2 - x2 * y;
      }, 0) / 2;
    const climb = plan('synth-hello.interior.png', PRESETS['pcb-outline']);
    const conv = plan('synth-hello.interior.png', { ...PRESETS['pcb-outline'], direction: 'conventional' });
    const outer = (ls: typeof climb.lines) =>
      ls.reduce((a, b) => (Math.abs(signedArea(a.points)) > Math.abs(signedArea(b.points)) ? a : b));
    expect(signedArea(outer(climb.lines).points)).toBeLessThan(0); // clockwise, board (white) on the right
    expect(signedArea(outer(conv.lines).points)).toBeGreaterThan(0);
  });

  it('traces: offsets cut from the copper outwards, each next loop the nearest one', () => {
    const p = plan('synth-hello.traces.png', PRESETS['pcb-traces']);
    const ks = p.lines.map((l) => l.k);
    expect(ks).toEqual([...ks].sort((a, b) => a - b));
    expect(new Set(ks)).toEqual(new Set([0, 1, 2, 3]));
  });
});

describe('design-rule check on the corpus', () => {
  it("finds the synthetic board's 0.25 mm gap between two pads (narrower than the 0.396 mm tool)", () => {
    const p = plan('synth-hello.traces.png', PRESETS['pcb-traces']);
    const merges = p.gaps.filter((g) => g.kind === 'merge');
    const pads = merges.find((g) => Math.abs(g.width - 0.25) < 0.03);
    expect(pads).toBeDefined();
    expect(merges.every((g) => g.width < 0.39624)).toBe(true);
    // with a tool that fits the gap (0.2 mm) that gap is no longer reported
    const thin = plan('synth-hello.traces.png', { ...PRESETS['pcb-traces'], toolDiameter: 0.2 });
    expect(thin.gaps.find((g) => Math.hypot(g.x - pads!.x, g.y - pads!.y) < 0.3)).toBeUndefined();
  });

  for (const board of ['synth-hello', 'ATP.8E5'])
    it(`${board}: wherever mods cuts and we do not (first offset), a DRC finding covers the place`, () => {
      const p = plan(`${board}.traces.png`, { ...PRESETS['pcb-traces'], offsets: 1 });
      const mods = loadGoldenOffset(`${dir}/golden/${board}.traces.mods.json`, 0);
      const onlyMods = farSamples(
        mods,
        p.lines.map((l) => l.points),
        0.1,
      );
      expect(onlyMods.length).toBeGreaterThan(0); // mods does cut through gaps the tool does not pass
      const margin = PRESETS['pcb-traces'].toolDiameter + 0.05;
      const uncovered = onlyMods.filter(
        ([x, y]) =>
          !p.gaps.some(
            ({ extent: [x0, y0, x1, y1] }) =>
              x >= x0 - margin && x <= x1 + margin && y >= y0 - margin && y <= y1 + margin,
          ),
      );
      expect(uncovered).toEqual([]);
    });
});
