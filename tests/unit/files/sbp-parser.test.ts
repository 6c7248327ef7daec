import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../../main/cli/inspect.js';
import { encodeToolpath } from '../../../main/files/encode.js';
import { kindFromName, parseFile } from '../../../main/files/formats.js';
import { ARC_FLAG, KIND_MASK, MoveKind } from '../../../main/files/gcode/toolpath.js';
import { MAX_JUMPS, parseSbp } from '../../../main/files/sbp/parse-sbp.js';
import { FileRefused } from '../../../main/files/refusal.js';
import type { Bounds } from '../../../main/files/bounds.js';
import { fileSummary } from '../../../preload/contract/methods/files.js';
import { decodeAsset } from '../../../renderer/viewer/decode.js';
import { fixturesDir } from './corpus.js';

/*
 * Where each command's meaning comes from (see also main/files/sbp/parse-sbp.ts):
 * - M2/M3/MX/MY/MZ (move at move speed), J2/J3/JX/JY/JZ/JH (jog), MS/JS (move/jog speed XY,Z in units per second),
 *   VS (MoveXY, MoveZ, MoveA, MoveB, JogXY, JogZ), SA/SR, C# custom cuts: "Command Reference for the ShopBot Control
 *   Software and OpenSBP Language" (ShopBot Tools, SBG00253, 2015); parameter order checked against FabMo-Engine
 *   runtime/opensbp/sb3_commands.json.
 * - CG (Diameter, X end, Y end, I offset, J offset, I-O-T, Dir 1 = clockwise / -1 = counter-clockwise, Plunge,
 *   Repetitions, PropX, PropY, Options, NoPullUp, PlungeFromZero): the same reference, checked against FabMo-Engine
 *   runtime/opensbp/commands/cut.js (Dir 1 → G2).
 * - &variables, IF … THEN GOTO, labels "NAME:", END, ' comments: "Part File Programming Handbook for the OpenSBP
 *   Language" (ShopBot Tools, SBG00314, 2015).
 * - %(25) is the unit setting (0 inches, 1 mm), as CAM-made part files check it ("IF %(25)=1 THEN GOTO UNIT_ERROR"
 *   under "'UNITS:Inches").
 *
 * Expected lengths are the true arc lengths; the preview draws arcs as chords within 0.01 mm of the circle, which
 * makes the drawn length a few hundredths of a millimetre shorter — hence the 0.1 mm tolerance on lengths.
 */

const IN = 25.4;
const read = (name: string) => new Uint8Array(readFileSync(join(fixturesDir, name)));
const sbp = (text: string) => parseSbp(new TextEncoder().encode(text));
/** The notes as line and English sentence (their code and params are checked where it matters). */
const said = (notes: { line: number; message: string }[]) =>
  notes.map(({ line, message }) => ({ line, message }));
const near = (actual: number, expected: number, tolerance = 0.1) =>
  expect(Math.abs(actual - expected)).toBeLessThan(tolerance);
/** Bounds of a circle drawn as chords: its vertices lie on the circle but need not land on the extremes. */
const nearBounds = (actual: Bounds | null, expected: Bounds) => {
  for (const k of [0, 1, 2]) {
    near(actual!.min[k]!, expected.min[k]!, 0.02);
    near(actual!.max[k]!, expected.max[k]!, 0.02);
  }
};

describe('OpenSBP parser: hand-written part files', () => {
  it('shelf side (inches): bounds, cut and jog lengths, time from MS/JS, two tool changes', () => {
    const { summary, toolpath } = parseSbp(read('shelf-side_inch.sbp'));
    expect(summary.units).toBe('in');
    expect(summary.unitsSource).toBe('unit check');
    // Cutting: rectangle 1..5 × 1..3, circle centre (3,4) r 1 (y 3..5), half circle centre (7,2) r 1 going
    // counter-clockwise from (6,2) through (7,1) to (8,2); plunges start at Z 0.25, the deepest is −0.25.
    expect(summary.bounds).toEqual({ min: [1 * IN, 1 * IN, -0.25 * IN], max: [8 * IN, 5 * IN, 0.25 * IN] });
    expect(summary.travelBounds).toEqual({ min: [0, 0, -0.25 * IN], max: [8 * IN, 5 * IN, 0.25 * IN] });
    // Moves: plunge 0.5 + rectangle 12 + plunge 0.375 + circle 2π + plunge 0.375 + half circle π = 13.25 + 3π in.
    near(summary.workingMm, (13.25 + 3 * Math.PI) * IN);
    // Jogs: √2.0625 + 0.5 + √20 + 0.375 + √18 + 0.375 + √68 in.
    near(
      summary.travelMm,
      (Math.sqrt(2.0625) + 0.5 + Math.sqrt(20) + 0.375 + Math.sqrt(18) + 0.375 + Math.sqrt(68)) * IN,
    );
    // Time: moves at 2 in/s (XY) and 0.5 in/s (Z): 1+2+1+2+1 + 0.75 + π + 0.75 + π/2 = 13.21 s; jogs at 6 and
    // 2 in/s, each the longer of its XY and Z times: 0.2357+0.25+0.7454+0.1875+0.7071+0.1875+1.3744 = 3.69 s.
    expect(summary.estimatedSeconds).toBe(17);
    expect(summary.speeds).toEqual({ moveXY: 2, moveZ: 0.5, jogXY: 6, jogZ: 2 });
    expect(summary.arcs).toBe(2);
    expect(summary.tools).toEqual([1, 2]);
    expect(summary.toolChanges.map(({ line, tool, macro }) => ({ line, tool, macro }))).toEqual([
      { line: 8, tool: 1, macro: 9 },
      { line: 18, tool: 2, macro: 9 },
    ]);
    // The unit-error branch after END is never run, so its custom cut 91 is not listed.
    expect(summary.macros).toEqual([9]);
    expect(summary.notes).toEqual([]);
    expect(summary.warnings).toEqual([]);
    // Segments after the second tool change carry tool 2; arcs carry the arc flag and are cuts.
    const second = summary.toolChanges[1]!.segment;
    expect(toolpath.tools[second - 1]).toBe(1);
    expect(toolpath.tools[second]).toBe(2);
    const arcSegments = [...toolpath.kinds].filter((k) => (k & ARC_FLAG) !== 0);
    expect(arcSegments.length).toBeGreaterThan(100);
    expect(arcSegments.every((k) => (k & KIND_MASK) === MoveKind.cut)).toBe(true);
    // The last segment is JH: a jog back to X0 Y0.
    const last = summary.segments;
    expect([toolpath.positions[last * 3], toolpath.positions[last * 3 + 1]]).toEqual([0, 0]);
    expect(toolpath.kinds[last - 1]! & KIND_MASK).toBe(MoveKind.travel);
    expect(fileSummary.parse(summary)).toEqual(summary);
  });

  it('tray (mm): an IF/GOTO loop of three passes and a CG with plunge and repetitions', () => {
    const { summary } = parseSbp(read('tray-passes_mm.sbp'));
    expect(summary.units).toBe('mm');
    expect(summary.unitsSource).toBe('unit check');
    // Passes at −3, −6, −9 over a 100 × 50 rectangle from (10,10); circle centre (130,35) r 20, plunged to −6.
    expect(summary.bounds).toEqual({ min: [10, 10, -9], max: [150, 60, 5] });
    expect(summary.travelBounds).toEqual({ min: [0, 0, -9], max: [150, 60, 5] });
    // Moves: plunges 8+3+3, three rectangles of 300, MZ 0 (5), three 2 mm plunges, three circles of 40π.
    near(summary.workingMm, 14 + 900 + 5 + 6 + 3 * 40 * Math.PI);
    // Jogs: √(100+100+25) = 15, up 14, √(140²+25²), pull-up 6 after the CG, up 5.
    near(summary.travelMm, 15 + 14 + Math.sqrt(140 ** 2 + 25 ** 2) + 6 + 5);
    // VS,20,10,,,60,20: moves 0.8+15+0.3+15+0.3+15+0.5+0.6+6π = 66.35 s; jogs 0.25+0.7+2.370+0.3+0.25 = 3.87 s.
    expect(summary.estimatedSeconds).toBe(70);
    expect(summary.speeds).toEqual({ moveXY: 20, moveZ: 10, jogXY: 60, jogZ: 20 });
    expect(summary.arcs).toBe(3);
    // The unknown command is named with its line, and the rest of the file is still read.
    expect(said(summary.notes)).toEqual([
      { line: 19, message: 'XY is not supported; skipped (the cut may differ from the preview)' },
    ]);
    expect(summary.warnings).toEqual([
      '1 line(s) were skipped or read only in part; see the notes with their line numbers.',
    ]);
  });

  it('an endless GOTO loop stops after MAX_JUMPS jumps with a line-numbered note (CRLF file)', () => {
    const { summary } = parseSbp(read('endless-loop.sbp'));
    expect(summary.units).toBe('mm');
    expect(summary.unitsSource).toBe('comment');
    // The loop body (MX 10, MX 0 = 20 mm) runs once before the first jump and once after each allowed jump.
    expect(summary.segments).toBe((MAX_JUMPS + 1) * 2);
    near(summary.workingMm, (MAX_JUMPS + 1) * 20);
    expect(said(summary.notes)).toEqual([
      {
        line: 7,
        message: 'stopped after 10,000 jumps (a loop that may not end); the preview shows the path so far',
      },
    ]);
  });
});

describe('OpenSBP parser: rules at their edges', () => {
  it('reads CG direction: 1 is clockwise, -1 counter-clockwise (which half of the circle is cut)', () => {
    // From (0,0) to (20,0) around (10,0): clockwise passes over the top (y up to 10), counter-clockwise under it.
    const cw = sbp("'UNITS:MM\nMS,10,10\nCG,,20,0,10,0,T,1\n").summary;
    const ccw = sbp("'UNITS:MM\nMS,10,10\nCG,,20,0,10,0,T,-1\n").summary;
    expect(cw.bounds).toEqual({ min: [0, 0, 0], max: [20, 10, 0] });
    expect(ccw.bounds).toEqual({ min: [0, -10, 0], max: [20, 0, 0] });
    near(cw.workingMm, 10 * Math.PI);
    expect(said(sbp("'UNITS:MM\nCG,,20,0,10,0,T,2\n").summary.notes)).toEqual([
      { line: 2, message: 'CG direction must be 1 or -1; skipped' },
    ]);
  });

  it('spiral plunge (option 3) descends along the arc; option 4 adds a bottom pass', () => {
    const spiral = sbp("'UNITS:MM\nMS,10,10\nCG,,0,0,10,0,T,1,-2,2,1,1,3,1\n").summary;
    nearBounds(spiral.bounds, { min: [0, -10, -4], max: [20, 10, 0] });
    // Two helical turns of 2 mm each: √((20π)² + 2²) apiece; no pull-up (NoPullUp 1).
    near(spiral.workingMm, 2 * Math.hypot(20 * Math.PI, 2));
    expect(spiral.travelMm).toBe(0);
    const bottom = sbp("'UNITS:MM\nMS,10,10\nCG,,0,0,10,0,T,1,-2,2,1,1,4\n").summary;
    near(bottom.workingMm, 2 * Math.hypot(20 * Math.PI, 2) + 20 * Math.PI);
    expect(bottom.travelMm).toBe(4); // the pull-up from −4 back to the start height
  });

  it('says what it does not draw, each with its line: I/O, proportions, pockets, unknown macros and labels', () => {
    const s = sbp(
      [
        "'UNITS:MM",
        'CG,,0,0,10,0,O,1',
        'CG,,0,0,10,0,T,1,0,1,2,2',
        'CG,,0,0,10,0,T,1,0,1,1,1,2',
        'C#,3',
        'MX,&nowhere',
        'MA,90',
        '$saved = 1',
        'GOTO NOWHERE',
        'MX,500',
      ].join('\n'),
    ).summary;
    expect(s.notes[4]).toEqual({
      line: 6,
      code: 'unset-variable',
      params: { name: 'NOWHERE' },
      message: '&NOWHERE is used before it is given a value; taken as 0',
    });
    expect(said(s.notes)).toEqual([
      { line: 2, message: 'CG inside/outside needs the cutter diameter; the centre line is drawn' },
      { line: 3, message: 'CG proportions other than 1 are not supported; drawn at full size' },
      { line: 4, message: 'CG pocketing (option 2) is not supported; only the outline is drawn' },
      {
        line: 5,
        message: 'custom cut 3 runs a ShopBot macro the Desk cannot see into; its moves are not drawn',
      },
      { line: 6, message: '&NOWHERE is used before it is given a value; taken as 0' },
      { line: 7, message: 'MA moves a rotary or extra axis, which the preview does not show; skipped' },
      { line: 8, message: '"$saved = 1": only &variables can be set in a part file here' },
      { line: 9, message: 'there is no label "NOWHERE:"; the file stops here' },
    ]);
    // Line 10 is never reached: the file stopped at the missing label.
    near(s.bounds!.max[0], 20, 0.02);
  });

  it('reads the header lines CAM programs write (settings, strings, spindle macros) without a note but the unknown macro', () => {
    const s = sbp(
      [
        "'UNITS:Inches",
        'IF %(25)=1 THEN GOTO UNIT_ERROR',
        'SA',
        'CN, 90',
        '&PWSafeZ = 0.200',
        '&PWZorigin = Material Surface',
        '&ToolName = "End Mill (0.25 inch)"',
        '&Tool = 1',
        'TR,18000',
        'C6',
        'PAUSE 2',
        'MS,1.5,0.5',
        'JS,8,3',
        'J3,0,0,&PWSafeZ',
        'M3,1,0,-0.1',
        'C7',
        'END',
        'UNIT_ERROR:',
        'C#,91',
        'END',
      ].join('\n'),
    ).summary;
    expect(said(s.notes)).toEqual([
      {
        line: 4,
        message: 'custom cut 90 runs a ShopBot macro the Desk cannot see into; its moves are not drawn',
      },
    ]);
    expect(s.macros).toEqual([90, 6, 7]);
    expect(s.travelBounds).toEqual({ min: [0, 0, -0.1 * IN], max: [IN, 0, 0.2 * IN] });
  });

  it('relative mode, zeroing and a weak assignment', () => {
    const s = sbp(
      ["'UNITS:MM", 'MS,5,5', 'M2,10,10', 'Z2', 'SR', 'M2,5,0', 'SA', '&a := 7', '&a := 9', 'MX,&a'].join(
        '\n',
      ),
    ).summary;
    // After Z2 at (10,10), relative 5,0 goes to (15,10); absolute X 7 is machine X 17.
    expect(s.bounds).toEqual({ min: [0, 0, 0], max: [17, 10, 0] });
    near(s.workingMm, Math.hypot(10, 10) + 5 + 2);
  });

  it('assumes inches when the file does not say, and says so; a file without speeds has no time', () => {
    const s = sbp('M2,1,0\n').summary;
    expect(s.units).toBe('in');
    expect(s.unitsSource).toBe('assumed');
    expect(s.bounds?.max[0]).toBe(IN);
    expect(s.estimatedSeconds).toBeNull();
    expect(s.warnings).toEqual([
      'The file does not say its units; read as inches (the ShopBot default). Check the unit setting.',
      'Some moves come before any MS/JS/VS speed, so the time estimate leaves them out.',
    ]);
  });

  it('refuses empty and binary files; garbage lines never throw', () => {
    expect(() => sbp('  \n')).toThrow(FileRefused);
    expect(() => parseSbp(new Uint8Array([0x4d, 0x32, 0, 1, 2]))).toThrow(FileRefused);
    const junk = [
      'M2,(',
      'IF THEN',
      'IF 1 THEN',
      '&x = 1 /',
      'CG',
      'M3,"a",2',
      '%(1)=3',
      'C#,x',
      'VS,-1',
      '::',
      '&y = 1/0',
    ]
      .concat(['M2,1,1'])
      .join('\n');
    const s = sbp(junk).summary;
    expect(s.notes.length).toBe(11);
    expect(s.notes.every((n) => n.line >= 1 && n.line <= 11)).toBe(true);
    expect(s.segments).toBe(1);
  });
});

describe('OpenSBP in the library path', () => {
  it('.sbp is its own kind, parsed into the toolpath bytes the viewer decodes', () => {
    expect(kindFromName('Shelf.SBP')).toBe('sbp');
    const outcome = parseFile('sbp', read('shelf-side_inch.sbp'), 'shelf-side_inch.sbp');
    if (!outcome.ok) throw new Error(outcome.message);
    expect(outcome.kind).toBe('sbp');
    const decoded = decodeAsset(outcome.data.slice().buffer);
    expect(decoded.type).toBe('toolpath');
    expect(decoded.type === 'toolpath' ? decoded.segments : -1).toBe(
      outcome.summary.format === 'sbp' ? outcome.summary.segments : -2,
    );
    const bad = parseFile('sbp', new Uint8Array([0, 0, 0]), 'x.sbp');
    expect(bad).toEqual({ ok: false, message: 'x.sbp: this is binary data, not an OpenSBP part file.' });
    expect(encodeToolpath(parseSbp(read('tray-passes_mm.sbp')).toolpath).byteLength).toBeGreaterThan(0);
  });

  it('cp-desk inspect prints a part file like G-code', async () => {
    const out: string[] = [];
    const code = await run([join(fixturesDir, 'shelf-side_inch.sbp')], {
      out: (s) => out.push(s),
      err: () => {},
    });
    expect(code).toBe(0);
    const text = out.join('\n');
    expect(text).toMatch(/format\s+OpenSBP \(ShopBot part file\), inches \(the file's unit check\)/);
    expect(text).toMatch(/size\s+177\.80 × 101\.60 × 12\.70 mm/);
    expect(text).toMatch(/time\s+17 s \(from MS\/JS speeds\)/);
    expect(text).toMatch(/tool change\s+line 18: C9, tool 2/);
  });
});
