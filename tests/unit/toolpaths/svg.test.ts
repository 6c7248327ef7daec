import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCamm, writeCamm } from '../../../main/toolpaths/camm.js';
import { polylineLength } from '../../../main/toolpaths/plan.js';
import { parseSvg } from '../../../main/toolpaths/svg.js';
import { bladeCompensate, planCut, VINYL_PRESET, withOvercut } from '../../../main/toolpaths/vinyl.js';

const sticker = readFileSync('tests/fixtures/pcb/vinyl-sticker.svg', 'utf8');
const expected = JSON.parse(
  readFileSync('tests/fixtures/pcb/golden/vinyl-sticker.svg.expected.json', 'utf8'),
) as {
  total_length_mm: number;
  paths: { id: string; length_mm: number }[];
};

describe('SVG → cut paths', () => {
  it('the sticker: three closed paths whose lengths are the exact 292.12 mm within 0.1 %', () => {
    const d = parseSvg(sticker);
    expect([d.widthMm, d.heightMm]).toEqual([60, 40]);
    expect(d.paths.map((p) => p.source)).toEqual(['outline', 'hole', 'tri']);
    for (const p of d.paths) {
      const want = expected.paths.find((e) => e.id === p.source)!.length_mm;
      expect(Math.abs(polylineLength(p.points) / want - 1)).toBeLessThan(0.001);
      expect(p.closed).toBe(true);
    }
    const total = d.paths.reduce((a, p) => a + polylineLength(p.points), 0);
    expect(Math.abs(total / expected.total_length_mm - 1)).toBeLessThan(0.001);
  });

  it('through CAMM-GL with blade offset 0: same length within 0.1 %, every closed path ends where it started (≤ 0.025 mm)', () => {
    const cut = planCut(parseSvg(sticker), { ...VINYL_PRESET, bladeOffset: 0, overcut: 0 });
    const back = parseCamm(writeCamm(cut.strokes, { unitsPerMm: 40, force: 50, speed: 2 }));
    const total = back.strokes.reduce((a, s) => a + polylineLength(s.points), 0);
    expect(Math.abs(total / expected.total_length_mm - 1)).toBeLessThan(0.001);
    for (const s of back.strokes) {
      const a = s.points[0]!;
      const b = s.points[s.points.length - 1]!;
      expect(Math.hypot(a[0] - b[0], a[1] - b[1])).toBeLessThanOrEqual(0.025);
    }
    // y up: the triangle's apex (SVG y 10) is at the top (40 − 10 = 30 mm)
    expect(Math.max(...back.strokes.flatMap((s) => s.points.map((p) => p[1])))).toBeCloseTo(38, 1);
  });

  it('px are 1/96 in, or 1/90 in with the mods option; viewBox scales user units', () => {
    const svg = (attrs: string) =>
      `<svg xmlns="http://www.w3.org/2000/svg" ${attrs}><path d="M0,0 H96"/></svg>`;
    const len = (text: string, ppi?: 96 | 90) =>
      polylineLength(parseSvg(text, ppi ? { pxPerInch: ppi } : {}).paths[0]!.points);
    expect(len(svg('width="96" height="10"'))).toBeCloseTo(25.4, 9);
    expect(len(svg('width="96px" height="10px"'), 90)).toBeCloseTo((96 * 25.4) / 90, 9);
    expect(len(svg('width="2in" height="1in" viewBox="0 0 192 96"'))).toBeCloseTo(25.4, 9);
    expect(len(svg('width="200mm" height="100mm" viewBox="0 0 100 50"'))).toBeCloseTo(192, 9);
  });

  it('transforms, relative commands, curves, arcs, rects with corners, polylines and internal <use>', () => {
    const d = parseSvg(`<svg width="100mm" height="100mm" viewBox="0 0 100 100">
      <g transform="translate(10,10) scale(2)"><rect id="r" width="10" height="5" rx="1"/></g>
      <path d="m10,50 c0,10 10,10 10,0 s10,-10 10,0 q5,5 10,0 t10,0 a5,5 0 0 1 10,0 z"/>
      <use href="#r" x="40"/>
      <polyline points="0,0 1,1 2,0"/><line x1="0" y1="0" x2="3" y2="4"/>
    </svg>`);
    expect(d.paths).toHaveLength(5);
    const rect = d.paths[0]!;
    const xs = rect.points.map((p) => p[0]);
    expect([Math.min(...xs), Math.max(...xs)]).toEqual([10, 30]);
    expect(polylineLength(rect.points)).toBeCloseTo(2 * (2 * (10 - 2) + 2 * (5 - 2)) + 2 * Math.PI * 2, 2);
    // <use> draws the rect in its own coordinates (without the group's transform), moved 40 to the right
    expect(Math.min(...d.paths[2]!.points.map((p) => p[0]))).toBeCloseTo(40, 6);
    expect(polylineLength(d.paths[4]!.points)).toBeCloseTo(5, 9);
  });

  it('refuses scripts, external references, text and unknown units, naming the element', () => {
    const wrap = (inner: string, size = 'width="10mm" height="10mm"') =>
      `<svg xmlns="http://www.w3.org/2000/svg" ${size}>${inner}</svg>`;
    expect(() => parseSvg(wrap('<script>alert(1)</script>'))).toThrow(/script, <script> on line 1/);
    expect(() => parseSvg(wrap('<rect width="1" height="1" onclick="x()"/>'))).toThrow(/script \(onclick/);
    expect(() => parseSvg(wrap('<image href="http://x/y.png" width="1" height="1"/>'))).toThrow(/image/);
    expect(() => parseSvg(wrap('<use id="u" href="other.svg#a"/>'))).toThrow(
      /another file \("other.svg#a"\) in <use id="u">/,
    );
    expect(() => parseSvg(wrap('<text id="label">Hi</text>'))).toThrow(
      /text that is not converted to paths, <text id="label">/,
    );
    expect(() => parseSvg(wrap('<rect width="1em" height="1"/>'))).toThrow(
      /width "1em" of <rect> on line 1 is in units we cannot resolve/,
    );
    expect(() => parseSvg(wrap('<path d="M0,0 H1"/>', 'width="50%" height="10mm"'))).toThrow(
      /width "50%" of <svg>/,
    );
    expect(() => parseSvg('<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg>&x;</svg>')).toThrow(
      /entities/,
    );
    expect(() => parseSvg(wrap('<rect style="fill:url(http://x/#g)" width="1" height="1"/>'))).toThrow(
      /another file/,
    );
    // but an ordinary DOCTYPE and internal references are fine
    expect(
      parseSvg(
        `<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">${wrap('<rect style="fill:url(#g)" width="1" height="1"/>')}`,
      ).paths,
    ).toHaveLength(1);
  });
});

describe('drag knife: blade offset and overcut', () => {
  it('a square corner gets a loop of the offset radius around the corner; straight runs are shifted forward', () => {
    const out = bladeCompensate(
      [
        [0, 0],
        [10, 0],
        [10, 10],
      ],
      0.25,
    );
    expect(out[0]).toEqual([0.25, 0]);
    expect(out).toContainEqual([10.25, 0]);
    expect(out[out.length - 1]).toEqual([10, 10.25]);
    const corner = out.filter(([x, y]) => Math.abs(Math.hypot(x - 10, y) - 0.25) < 1e-9);
    expect(corner.length).toBeGreaterThanOrEqual(5); // the swing from east to north
  });

  it('with offset 0 the path is unchanged; gentle turns (flattened curves) get no loop', () => {
    const pts: [number, number][] = [
      [0, 0],
      [1, 0],
      [2, 0.01],
    ];
    expect(bladeCompensate(pts, 0)).toBe(pts);
    expect(bladeCompensate(pts, 0.25)).toHaveLength(4);
  });

  it('overcut continues a closed loop past its start by the given length', () => {
    const sq: [number, number][] = [
      [0, 0],
      [10, 0],
      [10, 10],
      [0, 10],
      [0, 0],
    ];
    const o = withOvercut(sq, 0.5);
    expect(o[o.length - 1]).toEqual([0.5, 0]);
    expect(polylineLength(o)).toBeCloseTo(40.5, 9);
  });
});
