import { describe, expect, it } from 'vitest';
import type { BufferAttribute, ShaderMaterial } from 'three';
import type { FileSummary } from '../../../preload/contract/methods/files.js';
import { parseFile } from '../../../main/files/formats.js';
import { decodeAsset, type DecodedToolpath } from '../../../renderer/viewer/decode.js';
import { fitCheck } from '../../../renderer/viewer/fit-check.js';
import { ToolpathModel } from '../../../renderer/viewer/toolpath-model.js';

function load(text: string): { asset: DecodedToolpath; summary: FileSummary } {
  const outcome = parseFile('gcode', new TextEncoder().encode(text), 'test.gcode');
  if (!outcome.ok) throw new Error(outcome.message);
  const asset = decodeAsset(outcome.data.slice().buffer);
  if (asset.type !== 'toolpath') throw new Error('expected a toolpath');
  return { asset, summary: outcome.summary };
}

// Three layers of a 10 mm square with a travel between layers.
const layer = (z: number) => [
  ';LAYER_CHANGE',
  `G0 Z${z}`,
  'G0 X0 Y0',
  'G1 X10 E1',
  'G1 Y10 E1',
  'G1 X0 E1',
  'G1 Y0 E1',
];
const printer = ['M83', 'G1 F1200', ...layer(0.2), ...layer(0.4), ...layer(0.6)].join('\n');

describe('viewer toolpath model', () => {
  it('sliders, travel toggle and progress change draw ranges, visibility and a uniform — never the geometry', () => {
    const { asset } = load(printer);
    const model = new ToolpathModel(asset);
    const position = model.work.geometry.getAttribute('position') as BufferAttribute;
    const meta = model.work.geometry.getAttribute('meta') as BufferAttribute;
    const [versionPos, versionMeta] = [position.version, meta.version];

    const [start, end] = model.layerSpan(1, 1);
    model.setSegmentRange(start, end);
    expect(model.work.geometry.drawRange).toEqual({ start: 8, count: 8 }); // layer 2: four extrusions, two vertices each
    model.setSegmentRange(start, start + 2); // in-layer slider: the travel up and the first side
    expect(model.work.geometry.drawRange.count).toBe(2);
    model.setShowTravel(false);
    expect(model.travel.object.visible).toBe(false);
    model.setProgress(5);

    expect(model.work.geometry.getAttribute('position')).toBe(position);
    expect(position.version).toBe(versionPos);
    expect(meta.version).toBe(versionMeta);
  });

  it('recolouring is one uniform: no buffer is rewritten', () => {
    const { asset } = load(printer);
    const model = new ToolpathModel(asset);
    const meta = model.work.geometry.getAttribute('meta') as BufferAttribute;
    model.setColorMode('speed');
    model.setColorMode('tool');
    expect(meta.version).toBe(0);
    expect((model.work.object.material as ShaderMaterial).uniforms.uMode!.value).toBe(2);
  });
});

describe('fit check', () => {
  const mini = { name: 'Prusa MINI', width: 180, depth: 180, height: 180 };
  const summary = (min: [number, number, number], max: [number, number, number], format: 'gcode' | 'stl') =>
    ({ format, bounds: { min, max } }) as unknown as FileSummary;

  it('a model fits by size; the slicer places it later', () => {
    expect(fitCheck(summary([-30, -15, 0], [30, 15, 48], 'stl'), mini)).toEqual({ fits: true });
    expect(fitCheck(summary([0, 0, 0], [200, 10, 10], 'stl'), mini)).toMatchObject({
      fits: false,
      axis: 'X',
      limit: 180,
    });
  });

  it('G-code must stay on the bed (a purge line just in front is fine)', () => {
    expect(fitCheck(summary([40, -2, 0.2], [170, 105, 48], 'gcode'), mini)).toEqual({ fits: true });
    expect(fitCheck(summary([120, 10, 0.2], [250, 100, 10], 'gcode'), mini)).toMatchObject({
      fits: false,
      axis: 'X',
      outside: true,
    });
  });
});
