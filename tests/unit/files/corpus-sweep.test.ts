import { describe, expect, it } from 'vitest';
import { kindFromName, parseFile } from '../../../main/files/formats.js';
import { decodeAsset } from '../../../renderer/viewer/decode.js';
import { corpusFile, corpusFiles, hasCorpus, requireCorpus } from './corpus.js';

/** Files the corpus marks as unreadable, and the start of the sentence a person sees for each. */
const refused: Record<string, RegExp> = {
  'gcode-edge/EDGE_empty.gcode': /EDGE_empty\.gcode: the file is empty\./,
  'models-stl/EDGE_binary-truncated.stl':
    /EDGE_binary-truncated\.stl: STL file is cut off after 182 of 364 triangles\./,
  'models-3mf/MUSTFAIL_missing-build.3mf': /no <build> section/,
  'models-3mf/MUSTFAIL_missing-model-part.3mf': /does not say where its 3D model is/,
  'models-3mf/MUSTFAIL_non-utf-encoding.3mf': /only UTF-8/,
};

describe('every corpus file is drawn or refused with a sentence, never an uncaught error', () => {
  it('the shared corpus is beside the checkout, with every folder of files', () => {
    requireCorpus();
    expect(corpusFiles().length).toBeGreaterThanOrEqual(50);
  });
  for (const path of hasCorpus ? corpusFiles() : []) {
    it(path, () => {
      const name = path.split('/')[1]!;
      const kind = kindFromName(name);
      expect(kind, `${name} has an extension the library takes`).not.toBeNull();
      const outcome = parseFile(kind!, corpusFile(path), name);
      const expected = refused[path];
      if (expected !== undefined) {
        expect(outcome.ok).toBe(false);
        if (!outcome.ok) {
          expect(outcome.message).toMatch(expected);
          expect(outcome.message.length).toBeLessThan(160);
          expect(outcome.message).not.toMatch(/RangeError|TypeError|undefined/);
        }
        return;
      }
      expect(outcome.ok, outcome.ok ? '' : outcome.message).toBe(true);
      if (!outcome.ok) return;
      // The bytes the viewer fetches decode back to what the summary says.
      const copy = outcome.data.slice().buffer;
      const asset = decodeAsset(copy);
      if (asset.type === 'toolpath') {
        expect(outcome.summary.format).toBe('gcode');
        expect(asset.segments).toBe('segments' in outcome.summary ? outcome.summary.segments : -1);
        expect(asset.layerStarts.length).toBe('layers' in outcome.summary ? outcome.summary.layers : -1);
        expect(Number.isFinite(asset.positions.reduce((a, b) => a + b, 0))).toBe(true);
      } else {
        expect(asset.triangles).toBe('triangles' in outcome.summary ? outcome.summary.triangles : -1);
      }
    });
  }
});

describe('the large real slicer file', () => {
  it('24.8 MB PrusaSlicer 2.5.0, four benchies: 479 layers, 9 h 59 min 42 s, 16 670.55 mm filament, ≤ 32 B per segment', () => {
    const outcome = parseFile(
      'gcode',
      corpusFile('large/prusaslicer-2.5.0_benchy-x4_0.1mm.gcode'),
      'benchy-x4.gcode',
    );
    expect(outcome.ok).toBe(true);
    if (!outcome.ok || outcome.summary.format !== 'gcode') return;
    const s = outcome.summary;
    expect(s).toMatchObject({
      lines: 980495,
      layers: 479,
      estimatedSeconds: 9 * 3600 + 59 * 60 + 42,
      filamentMm: 16670.55,
    });
    expect(s.bounds).toEqual({ min: [84.775, 116.221, 0.2], max: [212.764, 183.779, 48] });
    expect(outcome.data.byteLength / s.segments).toBeLessThanOrEqual(32);
  });
});
