import { describe, expect, it } from 'vitest';
import type { BufferAttribute } from 'three';
import { parseFile } from '../../../main/files/formats.js';
import { decodeAsset, type DecodedToolpath } from '../../../renderer/viewer/decode.js';
import { ToolpathModel } from '../../../renderer/viewer/toolpath-model.js';

/** Past the draw budget the toolpath is drawn with merged short moves, never refused, and every layer stays reachable. */

function load(text: string): DecodedToolpath {
  const outcome = parseFile('gcode', new TextEncoder().encode(text), 'test.gcode');
  if (!outcome.ok) throw new Error(outcome.message);
  const asset = decodeAsset(outcome.data.slice().buffer);
  if (asset.type !== 'toolpath') throw new Error('expected a toolpath');
  return asset;
}

// 120 layers, each a travel to the start and a 20 mm circle of 200 short (0.31 mm) extrusions.
const lines = ['M83', 'G1 F1200'];
for (let layer = 1; layer <= 120; layer++) {
  lines.push(';LAYER_CHANGE', `G0 Z${(layer * 0.2).toFixed(1)}`, 'G0 X30 Y20');
  for (let i = 1; i <= 200; i++) {
    const a = (i / 200) * 2 * Math.PI;
    lines.push(`G1 X${(20 + 10 * Math.cos(a)).toFixed(3)} Y${(20 + 10 * Math.sin(a)).toFixed(3)} E0.01`);
  }
}
const asset = load(lines.join('\n'));

describe('viewer level of detail past the draw budget', () => {
  it('within the budget nothing is merged', () => {
    const model = new ToolpathModel(asset, asset.segments);
    expect(model.mergeLength).toBe(0);
    expect(model.drawnCount).toBe(asset.segments);
  });

  it('over the budget it merges short moves until the drawing fits, and still draws every layer', () => {
    const budget = 4000;
    expect(asset.segments).toBeGreaterThan(budget * 5);
    const model = new ToolpathModel(asset, budget);
    expect(model.mergeLength).toBeGreaterThan(0);
    expect(model.drawnCount).toBeLessThanOrEqual(budget);
    for (let layer = 0; layer < asset.layerStarts.length; layer++) {
      const [start, end] = model.layerSpan(layer, layer);
      model.setSegmentRange(start, end);
      if (end > start) expect(model.work.geometry.drawRange.count, `layer ${layer}`).toBeGreaterThan(0);
    }
    expect(asset.layerStarts.length).toBeGreaterThanOrEqual(120);
  });

  it('no drawn line joins two layers, and the drawing starts and ends where the moves do', () => {
    const model = new ToolpathModel(asset, 4000);
    const pos = model.work.geometry.getAttribute('position') as BufferAttribute;
    const last = model.work.geometry.getAttribute('seg') as BufferAttribute;
    const layerOf = (segment: number) => {
      let k = 0;
      while (k + 1 < asset.layerStarts.length && asset.layerStarts[k + 1]! <= segment) k++;
      return k;
    };
    for (let n = 0; n < model.work.segments.length; n++) {
      expect(layerOf(model.work.segments[n]!)).toBe(layerOf(last.getX(n * 2)));
    }
    const firstWork = model.work.segments[0]!;
    expect([pos.getX(0), pos.getY(0), pos.getZ(0)]).toEqual(
      Array.from(asset.positions.subarray(firstWork * 3, firstWork * 3 + 3)),
    );
    const end = (model.work.segments.length - 1) * 2 + 1;
    const lastWork = last.getX(end);
    expect([pos.getX(end), pos.getY(end), pos.getZ(end)]).toEqual(
      Array.from(asset.positions.subarray(lastWork * 3 + 3, lastWork * 3 + 6)),
    );
  });
});
