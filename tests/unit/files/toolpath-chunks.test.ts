import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseFile } from '../../../main/files/formats.js';
import { chunkedSize, chunkedToolpath } from '../../../main/files/toolpath-chunks.js';
import {
  decodeAsset,
  DRAW_BUDGET_SEGMENTS,
  drawBudget,
  type DecodedToolpath,
} from '../../../renderer/viewer/decode.js';
import { StreamedToolpathModel } from '../../../renderer/viewer/streamed-model.js';
import {
  ChunkReader,
  type ChunkedHeader,
  type ToolpathChunk,
} from '../../../renderer/viewer/toolpath-stream.js';
import { startTestHost, type TestHost } from '../../helpers/temp-host.js';
import { uploadBytes } from '../../helpers/upload.js';

/**
 * The chunked toolpath (main/files/toolpath-chunks.ts → renderer/viewer/toolpath-stream.ts): the same moves arrive
 * in layer order whatever the network's piece sizes, a cut-off or overlong stream is refused, and the streamed
 * model draws the first chunk before the rest arrive, within its budget, every layer reachable.
 */

// 60 layers, each a travel to the start and a 20 mm circle of 200 short extrusions (about 12,000 segments).
const program = ['M83', 'G1 F1200'];
for (let layer = 1; layer <= 60; layer++) {
  program.push(';LAYER_CHANGE', `G0 Z${(layer * 0.2).toFixed(1)}`, 'G0 X30 Y20');
  for (let i = 1; i <= 200; i++) {
    const a = (i / 200) * 2 * Math.PI;
    program.push(`G1 X${(20 + 10 * Math.cos(a)).toFixed(3)} Y${(20 + 10 * Math.sin(a)).toFixed(3)} E0.01`);
  }
}
const text = program.join('\n');
const outcome = parseFile('gcode', new TextEncoder().encode(text), 'rings.gcode');
if (!outcome.ok) throw new Error(outcome.message);
const stored = outcome.data.slice();
const asset = decodeAsset(stored.slice().buffer) as DecodedToolpath;

const dir = mkdtempSync(join(tmpdir(), 'cp-chunks-'));
const storedPath = join(dir, 'toolpath.bin');
writeFileSync(storedPath, stored);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function streamBytes(chunk: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const part of chunkedToolpath(storedPath, chunk)) parts.push(part.slice());
  return new Uint8Array(Buffer.concat(parts));
}

/** Feeds `bytes` in pieces of `piece` bytes and gathers what the reader hands over, copied. */
function readAll(bytes: Uint8Array, piece: number) {
  let header: ChunkedHeader | null = null;
  const chunks: ToolpathChunk[] = [];
  const reader = new ChunkReader(
    (h) => (header = h),
    (c) =>
      chunks.push({
        ...c,
        positions: c.positions.slice(),
        feeds: c.feeds.slice(),
        lines: c.lines.slice(),
        kinds: c.kinds.slice(),
        tools: c.tools.slice(),
        features: c.features.slice(),
      }),
  );
  for (let at = 0; at < bytes.length; at += piece) reader.push(bytes.subarray(at, at + piece));
  reader.end();
  return { header: header as ChunkedHeader | null, chunks };
}

describe('chunked toolpath transport', () => {
  it('announces its exact size and carries every move in order, whatever the piece sizes', async () => {
    const bytes = await streamBytes(1000);
    expect(bytes.length).toBe(chunkedSize(asset.segments, asset.layerStarts.length, 1000));
    for (const piece of [7, 4096, bytes.length]) {
      const { header, chunks } = readAll(bytes, piece);
      expect(header?.segments).toBe(asset.segments);
      expect([...header!.layerStarts]).toEqual([...asset.layerStarts]);
      expect([...header!.layerZ]).toEqual([...asset.layerZ]);
      const whole = Math.floor(asset.segments / 1000);
      expect(chunks.map((c) => c.count)).toEqual([
        ...Array<number>(whole).fill(1000),
        asset.segments - whole * 1000,
      ]);
      for (const c of chunks) {
        expect(c.positions).toEqual(asset.positions.slice(c.first * 3, (c.first + c.count + 1) * 3));
        expect(c.feeds).toEqual(asset.feeds.slice(c.first, c.first + c.count));
        expect(c.lines).toEqual(asset.lines.slice(c.first, c.first + c.count));
        expect(c.kinds).toEqual(asset.kinds.slice(c.first, c.first + c.count));
        expect(c.tools).toEqual(asset.tools.slice(c.first, c.first + c.count));
        expect(c.features).toEqual(asset.features.slice(c.first, c.first + c.count));
      }
    }
  });

  it('refuses a stream cut off one byte early, one byte too long, or not a toolpath', async () => {
    const bytes = await streamBytes(1000);
    expect(() => readAll(bytes.subarray(0, bytes.length - 1), 4096)).toThrow(
      'The preview download was cut off.',
    );
    const longer = new Uint8Array(bytes.length + 1);
    longer.set(bytes);
    expect(() => readAll(longer, 4096)).toThrow('The preview data is longer than announced.');
    const wrong = bytes.slice();
    wrong[0] = 0;
    expect(() => readAll(wrong, 4096)).toThrow('The preview data is in an unknown format.');
  });
});

describe('streamed toolpath model', () => {
  async function modelWith(budget: number, chunk = 1000) {
    const { header, chunks } = readAll(await streamBytes(chunk), 65536);
    return { model: new StreamedToolpathModel(header!, budget), chunks };
  }

  it('within the budget draws every move as it is', async () => {
    const { model, chunks } = await modelWith(asset.segments);
    for (const c of chunks) model.addChunk(c);
    expect(model.reduced).toBe(false);
    expect(model.mergeLength).toBe(0);
    expect(model.drawnCount).toBe(asset.segments);
    expect(model.complete).toBe(true);
  });

  it('draws the first layers as soon as the first chunk arrives, before the rest', async () => {
    const { model, chunks } = await modelWith(asset.segments);
    model.setSegmentRange(...model.layerSpan(0, 59));
    let frames = 0;
    model.subscribe(() => frames++);
    model.addChunk(chunks[0]!);
    expect(frames).toBe(1);
    expect(model.complete).toBe(false);
    expect(model.received).toBe(1000);
    // The whole file is asked for; what has arrived (the first 1000 moves, four layers and a bit) is drawn.
    expect(model.drawnSpan(...model.layerSpan(0, 59))).toEqual([0, 1000]);
    expect(model.drawnSpan(...model.layerSpan(10, 59))).toEqual([1000, 1000]);
  });

  it('past the budget merges short moves per chunk, stays within its buffers and reaches every layer', async () => {
    const budget = 2000;
    const { model, chunks } = await modelWith(budget);
    expect(model.reduced).toBe(true);
    expect(model.capacity).toBeLessThanOrEqual(budget + chunks.length);
    for (const c of chunks) model.addChunk(c);
    expect(model.mergeLength).toBeGreaterThan(0);
    expect(model.drawnCount).toBeLessThanOrEqual(model.capacity);
    expect(model.drawnCount).toBeGreaterThan(budget / 2);
    for (let layer = 0; layer < 60; layer++) {
      const [lo, hi] = model.drawnSpan(...model.layerSpan(layer, layer));
      expect(hi - lo, `layer ${layer + 1}`).toBeGreaterThan(0);
    }
  });

  it('the draw budget follows the device memory the browser reports, within 250,000 and 1,500,000 lines', () => {
    expect(DRAW_BUDGET_SEGMENTS).toBe(1_500_000);
    expect(drawBudget(undefined)).toBe(1_500_000);
    expect(drawBudget(Number.NaN)).toBe(1_500_000);
    expect(drawBudget(8)).toBe(1_500_000);
    expect(drawBudget(4)).toBe(1_500_000);
    expect(drawBudget(2)).toBe(750_000);
    expect(drawBudget(1)).toBe(375_000);
    expect(drawBudget(0.5)).toBe(250_000);
  });

  it('refuses a chunk out of order, changing nothing', async () => {
    const { model, chunks } = await modelWith(asset.segments);
    expect(() => model.addChunk(chunks[1]!)).toThrow('The preview data arrived out of order.');
    expect(model.received).toBe(0);
    expect(model.drawnCount).toBe(0);
  });
});

describe('the chunks route', () => {
  let t: TestHost;
  beforeEach(async () => {
    t = await startTestHost();
  });
  afterEach(async () => {
    await t.close();
  });

  async function readBody(body: Buffer | Readable): Promise<Uint8Array> {
    if (Buffer.isBuffer(body)) return new Uint8Array(body);
    const parts: Buffer[] = [];
    for await (const part of body) parts.push(part as Buffer);
    return new Uint8Array(Buffer.concat(parts));
  }

  it('serves a toolpath in chunks, with its size, only to people who may see the file', async () => {
    const ana = await t.as('trainee');
    const ben = await t.as('trainee');
    const file = await ana.ok('files.import', {
      name: 'rings.gcode',
      uploadId: await uploadBytes(t, ana, text),
      tags: [],
    });
    const path = file.dataPath.replace(/\/data$/, '/chunks');
    const blob = await t.host.context.blobs.open(path, ana.conn.auth);
    expect(blob).not.toBeNull();
    const bytes = await readBody(blob!.body);
    expect(blob!.size).toBe(bytes.length);
    const { header, chunks } = readAll(bytes, 65536);
    expect(header!.segments).toBe(asset.segments);
    expect(chunks.reduce((n, c) => n + c.count, 0)).toBe(asset.segments);
    expect(await t.host.context.blobs.open(path, ben.conn.auth)).toBeNull();
  });
});
