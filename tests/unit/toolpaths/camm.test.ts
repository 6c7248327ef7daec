import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CammReader, parseCamm, writeCamm } from '../../../main/toolpaths/camm.js';
import type { Stroke } from '../../../main/toolpaths/types.js';

const circle: Stroke = {
  points: Array.from(
    { length: 41 },
    (_, k) =>
      [16 + 8 * Math.cos((k * Math.PI) / 20), 20 + 8 * Math.sin((k * Math.PI) / 20)] as [number, number],
  ),
  z: 0,
  closed: true,
};
circle.points[40] = circle.points[0]!;
const line: Stroke = {
  points: [
    [2.0126, 2],
    [58, 2.0124],
  ],
  z: 0,
  closed: false,
};

describe('CAMM-GL writer and parser (GX-24 / GS-24, 0.025 mm units)', () => {
  it('round-trips strokes to within half a unit; a closed shape ends exactly where it started', () => {
    const text = writeCamm([circle, line], { unitsPerMm: 40, force: 60, speed: 2 });
    expect(text.startsWith('IN;PA;!ST1;!FS60;VS2;\n')).toBe(true);
    const back = parseCamm(text);
    expect(back.strokes).toHaveLength(2);
    back.strokes.forEach((s, i) => {
      const want = [circle, line][i]!;
      expect(s.points).toHaveLength(want.points.length);
      s.points.forEach(([x, y], k) => {
        expect(Math.abs(x - want.points[k]![0])).toBeLessThanOrEqual(0.0125 + 1e-9);
        expect(Math.abs(y - want.points[k]![1])).toBeLessThanOrEqual(0.0125 + 1e-9);
      });
    });
    const c = back.strokes[0]!;
    expect(c.closed).toBe(true);
    expect(c.points[c.points.length - 1]).toEqual(c.points[0]);
    expect(back.speed).toBe(2);
  });

  it("reads mods's relative-move file and shows its drift: the sticker outline closes 0.05 mm off", () => {
    const p = parseCamm(readFileSync('tests/fixtures/pcb/golden/vinyl-sticker.mods.camm', 'latin1'));
    expect(p.strokes).toHaveLength(3);
    const gaps = p.strokes.map((s) => {
      const a = s.points[0]!;
      const b = s.points[s.points.length - 1]!;
      return Math.hypot(a[0] - b[0], a[1] - b[1]);
    });
    expect(Math.max(...gaps)).toBeGreaterThan(0.025);
  });

  it('streams in chunks and refuses malformed commands with the byte offset', () => {
    const text = writeCamm([line], { unitsPerMm: 40, force: 50, speed: 2 });
    const r = new CammReader(40);
    for (const ch of text) r.feed(ch);
    expect(r.end().strokes).toEqual(parseCamm(text).strokes);
    expect(r.force).toBe(50);
    expect(() => parseCamm('IN;PA;XY3;')).toThrow(/Unknown CAMM-GL command "XY" at byte 6/);
    expect(() => parseCamm('IN;PD1,2,3;')).toThrow(/x,y pairs/);
    expect(() => parseCamm('IN;VS;')).toThrow(/one speed/);
  });
});
