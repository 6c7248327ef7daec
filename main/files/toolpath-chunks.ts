import { open } from 'node:fs/promises';
import { TOOLPATH_MAGIC } from './encode.js';

/**
 * The toolpath in layer order, in chunks, for a viewer that draws the first layers while the rest arrive
 * (`files/<sha256>/chunks`). It is read from the stored "CPT1" file (encode.ts) a chunk at a time, so neither main
 * nor the renderer ever holds the whole file: the renderer turns each chunk into drawn lines and drops it.
 *
 * "CPT2", little-endian, every array 4-byte aligned:
 *   u32 magic, u32 segments, u32 layers, u32 chunkSegments, u32 layerStarts[layers], f32 layerZ[layers], then for
 *   each chunk k covering segments [k·C, min(segments, (k+1)·C)), n of them:
 *   f32 positions[(n + 1) × 3], f32 feeds[n], u32 lines[n], u8 kinds[n], u8 tools[n], u8 features[n], zero padding
 *   to a multiple of 4.
 * renderer/viewer/toolpath-stream.ts reads it; tests/unit/files/toolpath-chunks.test.ts round-trips the two.
 */
export const CHUNKED_MAGIC = 0x32545043; // "CPT2"
export const CHUNK_SEGMENTS = 65_536;
const HEADER = 16;

const pad4 = (n: number) => (n + 3) & ~3;

/** Bytes of one chunk of `n` segments. */
export function chunkBytes(n: number): number {
  return pad4((n + 1) * 12 + n * 8 + n * 3);
}

/** Bytes of the whole chunked stream (announced as Content-Length, so the viewer shows real progress). */
export function chunkedSize(segments: number, layers: number, chunk = CHUNK_SEGMENTS): number {
  let size = HEADER + layers * 8;
  for (let first = 0; first < segments; first += chunk) size += chunkBytes(Math.min(chunk, segments - first));
  return size;
}

/** Reads the header of a stored CPT1 file: null when it is not one (a mesh, or damaged). */
export async function readToolpathHeader(path: string): Promise<{ segments: number; layers: number } | null> {
  const file = await open(path, 'r');
  try {
    const head = Buffer.alloc(HEADER);
    const { bytesRead } = await file.read(head, 0, HEADER, 0);
    if (bytesRead < HEADER || head.readUInt32LE(0) !== TOOLPATH_MAGIC) return null;
    return { segments: head.readUInt32LE(4), layers: head.readUInt32LE(8) };
  } finally {
    await file.close();
  }
}

/** The CPT2 bytes of a stored CPT1 file, one chunk at a time (positional reads; one chunk buffer in memory). */
export async function* chunkedToolpath(path: string, chunk = CHUNK_SEGMENTS): AsyncGenerator<Uint8Array> {
  const file = await open(path, 'r');
  try {
    const head = Buffer.alloc(HEADER);
    await file.read(head, 0, HEADER, 0);
    if (head.readUInt32LE(0) !== TOOLPATH_MAGIC) throw new Error('not a stored toolpath');
    const segments = head.readUInt32LE(4);
    const layers = head.readUInt32LE(8);
    // Where each array starts in the CPT1 file.
    const positionsAt = HEADER;
    const feedsAt = positionsAt + (segments + 1) * 12;
    const linesAt = feedsAt + segments * 4;
    const layerStartsAt = linesAt + segments * 4;
    const layerZAt = layerStartsAt + layers * 4;
    const kindsAt = layerZAt + layers * 4;
    const toolsAt = kindsAt + segments;
    const featuresAt = toolsAt + segments;

    const readInto = async (into: Uint8Array, at: number, length: number, from: number) => {
      let done = 0;
      while (done < length) {
        const { bytesRead } = await file.read(into, at + done, length - done, from + done);
        if (bytesRead === 0) throw new Error('stored toolpath is cut off');
        done += bytesRead;
      }
    };

    const header = new Uint8Array(HEADER + layers * 8);
    const view = new DataView(header.buffer);
    view.setUint32(0, CHUNKED_MAGIC, true);
    view.setUint32(4, segments, true);
    view.setUint32(8, layers, true);
    view.setUint32(12, chunk, true);
    await readInto(header, HEADER, layers * 8, layerStartsAt);
    yield header;

    for (let first = 0; first < segments; first += chunk) {
      const n = Math.min(chunk, segments - first);
      // A fresh buffer per chunk: the consumer may still hold the previous one while it is being written out.
      const out = new Uint8Array(chunkBytes(n));
      let at = 0;
      for (const [from, length] of [
        [positionsAt + first * 12, (n + 1) * 12],
        [feedsAt + first * 4, n * 4],
        [linesAt + first * 4, n * 4],
        [kindsAt + first, n],
        [toolsAt + first, n],
        [featuresAt + first, n],
      ] as const) {
        await readInto(out, at, length, from);
        at += length;
      }
      yield out;
    }
  } finally {
    await file.close();
  }
}
