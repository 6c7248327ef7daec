import { deflateSync } from 'node:zlib';

/**
 * A small PNG encoder for tests (our own): any colour type and bit depth from raw samples, optional pHYs, tRNS,
 * palette and Adam7 interlacing, every row with a rotating filter so the decoder's unfiltering is exercised.
 */
export interface PngSpec {
  width: number;
  height: number;
  colorType: 0 | 2 | 3 | 4 | 6;
  bitDepth: 1 | 2 | 4 | 8 | 16;
  /** samples[(y·width + x)·channels + c] */
  samples: ArrayLike<number>;
  dpi?: number;
  palette?: number[][];
  trns?: number[];
  interlace?: boolean;
}

const CHANNELS = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as const;

let crcTable: Uint32Array | null = null;
function crc32(data: Uint8Array): number {
  if (crcTable === null) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n += 1) {
      let c = n;
      for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (const b of data) c = crcTable[(c ^ b) & 255]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  Buffer.from(data).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

function packRow(spec: PngSpec, xs: number[], y: number): Uint8Array {
  const ch = CHANNELS[spec.colorType];
  const bits = spec.bitDepth * ch;
  const row = new Uint8Array(Math.ceil((xs.length * bits) / 8));
  xs.forEach((x, n) => {
    for (let c = 0; c < ch; c += 1) {
      const v = spec.samples[(y * spec.width + x) * ch + c]!;
      if (spec.bitDepth === 16) {
        row[(n * ch + c) * 2] = v >> 8;
        row[(n * ch + c) * 2 + 1] = v & 255;
      } else if (spec.bitDepth === 8) row[n * ch + c] = v;
      else {
        const bit = n * spec.bitDepth;
        row[bit >> 3]! |= v << (8 - spec.bitDepth - (bit & 7));
      }
    }
  });
  return row;
}

function filterRow(kind: number, row: Uint8Array, prev: Uint8Array, bpp: number): Uint8Array {
  const out = new Uint8Array(row.length + 1);
  out[0] = kind;
  for (let i = 0; i < row.length; i += 1) {
    const a = i >= bpp ? row[i - bpp]! : 0;
    const b = prev[i]!;
    const c = i >= bpp ? prev[i - bpp]! : 0;
    let pred = 0;
    if (kind === 1) pred = a;
    else if (kind === 2) pred = b;
    else if (kind === 3) pred = (a + b) >> 1;
    else if (kind === 4) {
      const p = a + b - c;
      const pa = Math.abs(p - a);
      const pb = Math.abs(p - b);
      const pc = Math.abs(p - c);
      pred = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
    out[i + 1] = (row[i]! - pred) & 255;
  }
  return out;
}

export function encodePng(spec: PngSpec): Buffer {
  const ch = CHANNELS[spec.colorType];
  const bpp = Math.max(1, (spec.bitDepth * ch) >> 3);
  const passes = spec.interlace
    ? [
        [0, 0, 8, 8],
        [4, 0, 8, 8],
        [0, 4, 4, 8],
        [2, 0, 4, 4],
        [0, 2, 2, 4],
        [1, 0, 2, 2],
        [0, 1, 1, 2],
      ]
    : [[0, 0, 1, 1]];
  const parts: Uint8Array[] = [];
  let kind = 0;
  for (const [x0, y0, dx, dy] of passes as [number, number, number, number][]) {
    const xs: number[] = [];
    for (let x = x0; x < spec.width; x += dx) xs.push(x);
    if (xs.length === 0) continue;
    let prev: Uint8Array | null = null;
    for (let y = y0; y < spec.height; y += dy) {
      const row = packRow(spec, xs, y);
      parts.push(filterRow(kind, row, prev ?? new Uint8Array(row.length), bpp));
      kind = (kind + 1) % 5;
      prev = row;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(spec.width, 0);
  ihdr.writeUInt32BE(spec.height, 4);
  ihdr[8] = spec.bitDepth;
  ihdr[9] = spec.colorType;
  ihdr[12] = spec.interlace ? 1 : 0;
  const chunks = [Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr)];
  if (spec.dpi !== undefined) {
    const phys = Buffer.alloc(9);
    const ppm = Math.round((spec.dpi * 1000) / 25.4);
    phys.writeUInt32BE(ppm, 0);
    phys.writeUInt32BE(ppm, 4);
    phys[8] = 1;
    chunks.push(chunk('pHYs', phys));
  }
  if (spec.palette !== undefined) chunks.push(chunk('PLTE', Uint8Array.from(spec.palette.flat())));
  if (spec.trns !== undefined) chunks.push(chunk('tRNS', Uint8Array.from(spec.trns)));
  chunks.push(chunk('IDAT', deflateSync(Buffer.concat(parts))));
  chunks.push(chunk('IEND', new Uint8Array(0)));
  return Buffer.concat(chunks);
}

/** A 1-bit grey PNG from a white mask (1 = white), rows top to bottom. */
export function maskPng(width: number, height: number, white: Uint8Array, dpi?: number): Buffer {
  return encodePng({
    width,
    height,
    colorType: 0,
    bitDepth: 1,
    samples: white,
    ...(dpi !== undefined ? { dpi } : {}),
  });
}
