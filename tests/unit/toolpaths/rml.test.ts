import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CommandError } from '../../../main/toolpaths/commands.js';
import { parseRml, RmlReader, writeRml } from '../../../main/toolpaths/rml.js';
import type { Stroke } from '../../../main/toolpaths/types.js';
import { directed, loadGolden } from './parity.js';

const square: Stroke = {
  points: [
    [1, 1],
    [11.004, 1],
    [11.004, 6.5],
    [1, 6.5],
    [1, 1],
  ],
  z: -0.6096,
  closed: true,
};
const open: Stroke = {
  points: [
    [20, 3],
    [25.3333, 7.77777],
  ],
  z: -0.1016,
  closed: false,
};

function expectSame(got: Stroke[], want: Stroke[], unit: number): void {
  expect(got).toHaveLength(want.length);
  got.forEach((s, i) => {
    const w = want[i]!;
    expect(s.closed).toBe(w.closed);
    expect(Math.abs(s.z - w.z)).toBeLessThanOrEqual(unit / 2 + 1e-9);
    expect(s.points).toHaveLength(w.points.length);
    s.points.forEach(([x, y], k) => {
      expect(Math.abs(x - w.points[k]![0])).toBeLessThanOrEqual(unit / 2 + 1e-9);
      expect(Math.abs(y - w.points[k]![1])).toBeLessThanOrEqual(unit / 2 + 1e-9);
    });
  });
}

describe('RML-1 writer and parser', () => {
  for (const units of [100, 40])
    it(`round-trips strokes at ${units} units per mm (${1 / units} mm), with depth passes and an origin`, () => {
      const strokes = [square, { ...square, z: -1.2192 }, { ...square, z: -1.8288 }, open];
      const text = writeRml(strokes, {
        unitsPerMm: units,
        speed: 4,
        plungeSpeed: 4,
        jogZ: 2,
        origin: [10, 10, 10],
        home: [0, 152.4, 60.5],
      });
      const back = parseRml(text, units, [10, 10, 10]);
      expectSame(back.strokes, strokes, 1 / units);
      expect(back.speed).toBe(4);
    });

  it('writes what an SRM-20 expects: absolute, speeds, jog height, spindle on, Z moves, spindle off and home', () => {
    const text = writeRml([open], {
      unitsPerMm: 100,
      speed: 4,
      plungeSpeed: 2.5,
      jogZ: 2,
      home: [0, 152.4, 60.5],
    });
    expect(text.split('\n')).toEqual([
      'PA;PA;VS4;!VZ2.5;!PZ0,200;!MC1;',
      'PU2000,300;',
      'Z2000,300,-10;',
      'Z2533,778,-10;',
      'PU2533,778;',
      '!PZ0,6050;PU0,15240;',
      '!MC0;',
      '',
    ]);
  });

  it("reads mods's own SRM-20 outline file: three depth passes rounded to pixels (0.60/1.22/1.82 mm), on the mods path", () => {
    const p = parseRml(
      readFileSync('tests/fixtures/pcb/golden/ATP.8E5.outline.mods.rml', 'latin1'),
      100,
      [10, 10, 10],
    );
    expect(p.strokes.map((s) => Math.round(s.z * 100) / 100)).toEqual([-0.6, -1.22, -1.82]);
    const mods = loadGolden('tests/fixtures/pcb/golden/ATP.8E5.outline.mods.json');
    // mods writes X = 10 + i·s with s = px·W/(W−1) and no half pixel: within 0.05 mm of its own vector output
    expect(
      directed(
        p.strokes.map((s) => s.points),
        mods,
      ).p99,
    ).toBeLessThan(0.05);
  });

  it('reads in chunks of any size the same as all at once', () => {
    const text = writeRml([square, open], { unitsPerMm: 100, speed: 4, plungeSpeed: 4, jogZ: 2 });
    const r = new RmlReader(100);
    for (let i = 0; i < text.length; i += 7) r.feed(text.slice(i, i + 7));
    expect(r.end().strokes).toEqual(parseRml(text, 100).strokes);
  });

  it('refuses unknown and malformed commands, naming the byte', () => {
    expect(() => parseRml('PA;PU10,10;QQ5;', 100)).toThrow(/Unknown RML-1 command "QQ" at byte 11/);
    expect(() => parseRml('PA;Z10,10;', 100)).toThrow(/x,y,z triples/);
    expect(() => parseRml('PA;PU10,abc;', 100)).toThrow(CommandError);
    expect(() => parseRml('PA;PU10,10,5;', 100)).toThrow(/x,y pairs/);
    expect(() => parseRml('PA;PU10,10;Z10,10,-5;', 100)).not.toThrow();
  });
});
