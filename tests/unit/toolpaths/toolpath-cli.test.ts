import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../../main/cli/toolpath.js';
import { parseCamm } from '../../../main/toolpaths/camm.js';
import { parseRml } from '../../../main/toolpaths/rml.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { directed, loadGolden, totalLength } from './parity.js';
import { encodePng } from './png-writer.js';

const F = 'tests/fixtures/pcb';
const dirs: { remove(): void }[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) d.remove();
});

function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = run(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function dir(): string {
  const d = tempDir('cp-desk-toolpath-');
  dirs.push(d);
  return d.path;
}

describe('cp-desk toolpath', () => {
  it('traces PNG → RML file, planned paths in the goldens frame, and a JSON summary with the DRC', () => {
    const d = dir();
    const r = cli([
      `${F}/synth-hello.traces.png`,
      '--process',
      'pcb-traces',
      '--out',
      join(d, 'b.rml'),
      '--paths',
      join(d, 'b.json'),
      '--json',
    ]);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.out) as {
      loops: number;
      machine: string;
      estimatedSeconds: number;
      drc: { gaps: { width: number; kind: string }[] };
    };
    expect(summary.machine).toBe('srm-20');
    expect(summary.loops).toBe(44);
    expect(summary.estimatedSeconds).toBeGreaterThan(0);
    expect(summary.drc.gaps.some((g) => g.kind === 'merge' && Math.abs(g.width - 0.25) < 0.03)).toBe(true);
    const paths = JSON.parse(readFileSync(join(d, 'b.json'), 'utf8')) as {
      units: string;
      origin: string;
      polylines: [number, number][][];
    };
    expect([paths.units, paths.origin]).toEqual(['mm', 'bottom-left']);
    const exact = loadGolden(`${F}/golden/synth-hello.traces.exact.json`);
    expect(directed(paths.polylines, exact).p99).toBeLessThanOrEqual(0.01);
    // the machine file reads back to the same paths within half a unit
    const back = parseRml(readFileSync(join(d, 'b.rml'), 'latin1'), 100);
    expect(back.strokes).toHaveLength(44);
    expect(
      directed(
        back.strokes.map((s) => s.points),
        paths.polylines,
      ).max,
    ).toBeLessThanOrEqual(0.0071);
    expect(back.strokes.every((s) => Math.abs(s.z + 0.1016) <= 0.005)).toBe(true);
  });

  it('MDX-20 writes 0.025 mm units; outline depths 0.61/1.22/1.83', () => {
    const d = dir();
    expect(
      cli([
        `${F}/synth-hello.interior.png`,
        '--process',
        'pcb-outline',
        '--machine',
        'mdx-20',
        '--out',
        join(d, 'o.rml'),
      ]).code,
    ).toBe(0);
    const back = parseRml(readFileSync(join(d, 'o.rml'), 'latin1'), 40);
    expect(back.strokes.map((s) => s.z)).toEqual([-0.6, -1.225, -1.825, -0.6, -1.225, -1.825]);
  });

  it('vinyl SVG → CAMM-GL for the GX-24 with blade offset 0: 292.12 mm within 0.1 %, closed paths close', () => {
    const d = dir();
    const r = cli([
      `${F}/vinyl-sticker.svg`,
      '--process',
      'vinyl',
      '--blade-offset',
      '0',
      '--out',
      join(d, 's.camm'),
    ]);
    expect(r.code).toBe(0);
    const back = parseCamm(readFileSync(join(d, 's.camm'), 'latin1'));
    expect(Math.abs(totalLength(back.strokes.map((s) => s.points)) / 292.11958 - 1)).toBeLessThan(0.001);
    for (const s of back.strokes) expect(s.points[s.points.length - 1]).toEqual(s.points[0]);
  });

  it('reads an .rml made elsewhere (mods) and writes its paths for preview', () => {
    const d = dir();
    const r = cli([
      `${F}/golden/ATP.8E5.outline.mods.rml`,
      '--origin',
      '10,10,10',
      '--paths',
      join(d, 'm.json'),
      '--json',
    ]);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as { strokes: number }).strokes).toBe(3);
    expect(existsSync(join(d, 'm.json'))).toBe(true);
  });

  it('refuses bad input with a clear message and writes nothing', () => {
    const d = dir();
    const noDpi = join(d, 'nodpi.png');
    writeFileSync(
      noDpi,
      encodePng({ width: 40, height: 40, colorType: 0, bitDepth: 8, samples: new Array(1600).fill(255) }),
    );
    const out = join(d, 'x.rml');
    const cases: [string[], RegExp][] = [
      [[noDpi, '--process', 'pcb-traces', '--out', out], /no pHYs.*--dpi/],
      [
        [`${F}/synth-hello.traces.png`, '--process', 'pcb-traces', '--tool-diameter', '40', '--out', out],
        /larger than the board/,
      ],
      [
        [`${F}/ATP.8E5.interior.png`, '--process', 'pcb-outline', '--origin', '190,0', '--out', out],
        /travels 0–203.2 × 0–152.4 mm/,
      ],
      [[`${F}/vinyl-sticker.svg`, '--process', 'pcb-traces', '--out', out], /SVG is cut on the vinyl cutter/],
      [
        [`${F}/synth-hello.traces.png`, '--process', 'pcb-traces', '--machine', 'gx-24', '--out', out],
        /is a cutter/,
      ],
      [[join(d, 'missing.png'), '--process', 'pcb-traces'], /no such file/],
    ];
    for (const [args, message] of cases) {
      const r = cli(args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.err).toMatch(message);
    }
    // with the dpi given, the same PNG plans (all white: nothing to cut, but not refused)
    expect(cli([noDpi, '--process', 'pcb-traces', '--dpi', '1000']).code).toBe(0);
    expect(readdirSync(d).sort()).toEqual(['nodpi.png']);
    expect(cli([noDpi, '--process', 'drill']).err).toMatch(/Unknown process "drill"/);
    expect(cli([noDpi, '--process', 'pcb-traces', '--offsets', '0']).code).toBe(2);
  });
});
