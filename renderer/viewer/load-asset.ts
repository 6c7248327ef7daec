import {
  decodeAsset,
  drawBudget,
  MAX_DRAWN_TRIANGLES,
  type DecodedMesh,
  type DecodedToolpath,
} from './decode.js';
import type { FileSummary } from '../../preload/contract/methods/files.js';
import type { StreamedToolpathModel } from './streamed-model.js';
import { ChunkReader } from './toolpath-stream.js';

/**
 * Fetches a toolpath or mesh as bytes by URL (never through RPC), reporting progress as a fraction 0..1 when the
 * size is known, and decodes it without copying.
 */
export async function loadAsset(
  url: string,
  onProgress: (fraction: number | null) => void,
  signal?: AbortSignal,
): Promise<DecodedToolpath | DecodedMesh> {
  const response = await fetch(url, signal === undefined ? {} : { signal });
  if (!response.ok)
    throw new Error(
      response.status === 404
        ? 'The preview is not available to you.'
        : `The preview could not be loaded (${response.status}).`,
    );
  const total = Number(response.headers.get('Content-Length') ?? 0);
  if (response.body === null || total <= 0) {
    onProgress(null);
    return decodeAsset(await response.arrayBuffer());
  }
  const buffer = new Uint8Array(total);
  const reader = response.body.getReader();
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (received + value.length > total) throw new Error('The preview is larger than announced.');
    buffer.set(value, received);
    received += value.length;
    onProgress(received / total);
  }
  if (received !== total) throw new Error('The preview download was cut off.');
  return decodeAsset(buffer.buffer);
}

/**
 * Streams a toolpath in chunks (`files/<sha256>/chunks`) into a StreamedToolpathModel: `onModel` gets the model as
 * soon as the small header has arrived (before any move), so the viewer shows the first layers while the rest
 * arrive. Progress is the fraction of moves received. The main thread is given back between chunks, so drawing and
 * input never wait behind a long download.
 */
export async function streamToolpath(
  url: string,
  handlers: {
    onModel: (model: StreamedToolpathModel) => void;
    onProgress: (fraction: number) => void;
  },
  signal?: AbortSignal,
  budget?: number,
): Promise<StreamedToolpathModel> {
  const response = await fetch(url, signal === undefined ? {} : { signal });
  if (!response.ok)
    throw new Error(
      response.status === 404
        ? 'The preview is not available to you.'
        : `The preview could not be loaded (${response.status}).`,
    );
  if (response.body === null) throw new Error('The preview could not be loaded (no data).');
  // The model needs three.js, which loads with the first preview (not at login).
  const { StreamedToolpathModel } = await import('./streamed-model.js');
  // Set by the header, which comes before any chunk.
  const built: { model: StreamedToolpathModel | null } = { model: null };
  const reader = new ChunkReader(
    (header) => {
      const memory = (globalThis.navigator as { deviceMemory?: number } | undefined)?.deviceMemory;
      built.model = new StreamedToolpathModel(header, budget ?? drawBudget(memory));
      handlers.onModel(built.model);
    },
    (chunk) => built.model!.addChunk(chunk),
  );
  const body = response.body.getReader();
  let lastYield = performance.now();
  for (;;) {
    const { done, value } = await body.read();
    if (done) break;
    reader.push(value);
    const model = built.model;
    if (model !== null)
      handlers.onProgress(model.segmentCount === 0 ? 1 : model.received / model.segmentCount);
    // Give the page a frame now and then (a read of bytes already buffered resolves at once).
    if (performance.now() - lastYield > 12) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      lastYield = performance.now();
    }
  }
  reader.end();
  return built.model!;
}

/** The chunked toolpath's address beside a file's `…/data` address. */
export function chunksPath(dataPath: string): string {
  return dataPath.replace(/\/data$/, '/chunks');
}

/** True for a model too large to draw, known from its summary before anything is downloaded. */
export function meshTooLarge(summary: FileSummary): boolean {
  return !isToolpathSummary(summary) && summary.triangles > MAX_DRAWN_TRIANGLES;
}

/** A file drawn as a toolpath (G-code, or a ShopBot part file read into the same form), not as a mesh. */
export function isToolpathSummary(
  summary: FileSummary,
): summary is Extract<FileSummary, { format: 'gcode' | 'sbp' }> {
  return summary.format === 'gcode' || summary.format === 'sbp';
}
