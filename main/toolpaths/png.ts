import { inflateSync } from 'node:zlib';

/**
 * PNG → black/white bitmap, our own decoder (node:zlib only inflates). Every colour type (grey, RGB, palette, grey +
 * alpha, RGBA), every bit depth (1, 2, 4, 8, 16), Adam7 interlacing, tRNS transparency and the pHYs resolution.
 * The threshold is mods's: a pixel is white when its alpha is 0 or (r + g + b) / (3 · max) > 0.5.
 * Row 0 of the bitmap is the top row of the image. One byte per pixel: 1 = white, 0 = black.
 */
export interface Bitmap {
  width: number;
  height: number;
  white: Uint8Array;
}

export interface PngBitmap extends Bitmap {
  /** Dots per inch from pHYs (unit = metre); null when the file does not say. */
  dpi: number | null;
  bitDepth: number;
  colorType: number;
  interlaced: boolean;
}

/** The largest image we plan: 200 million pixels (about 14,000 × 14,000); the planner needs ≈ 3 bytes per pixel. */
export const MAX_PIXELS = 200_000_000;
/** Dimensions beyond this do not fit the 16-bit column distances of the distance transform. */
export const MAX_SIDE = 60_000;

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

export class PngError extends Error {}

interface Header {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlaced: boolean;
}

const channelsOf: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const allowedDepths: Record<number, number[]> = {
  0: [1, 2, 4, 8, 16],
  2: [8, 16],
  3: [1, 2, 4, 8],
  4: [8, 16],
  6: [8, 16],
};

/** Decodes and thresholds a PNG. Throws PngError with a sentence for a file that is not a PNG we can read. */
export function decodePngBitmap(buf: Uint8Array, threshold = 0.5): PngBitmap {
  if (buf.length < 8 || SIGNATURE.some((b, i) => buf[i] !== b))
    throw new PngError('This file is not a PNG image (the PNG signature is missing).');
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let header: Header | null = null;
  let palette: Uint8Array | null = null;
  let trns: Uint8Array | null = null;
  let dpi: number | null = null;
  const idat: Uint8Array[] = [];
  let pos = 8;
  let ended = false;
  while (pos + 8 <= buf.length) {
    const length = view.getUint32(pos);
    const type = String.fromCharCode(buf[pos + 4]!, buf[pos + 5]!, buf[pos + 6]!, buf[pos + 7]!);
    const data = buf.subarray(pos + 8, pos + 8 + length);
    if (data.length !== length) throw new PngError(`The PNG is cut short inside its ${type} chunk.`);
    if (type === 'IHDR') {
      if (length !== 13) throw new PngError('The PNG header (IHDR) has the wrong length.');
      header = {
        width: view.getUint32(pos + 8),
        height: view.getUint32(pos + 12),
        bitDepth: data[8]!,
        colorType: data[9]!,
        interlaced: data[12] === 1,
      };
      if (data[10] !== 0 || data[11] !== 0 || data[12]! > 1)
        throw new PngError('The PNG uses an unknown compression, filter or interlace method.');
    } else if (type === 'PLTE') palette = data;
    else if (type === 'tRNS') trns = data;
    else if (type === 'pHYs' && length === 9) {
      const perMetreX = view.getUint32(pos + 8);
      if (data[8] === 1 && perMetreX > 0) dpi = (perMetreX * 25.4) / 1000;
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') {
      ended = true;
      break;
    }
    pos += 12 + length;
  }
  if (header === null) throw new PngError('The PNG has no header (IHDR).');
  if (!ended && idat.length === 0) throw new PngError('The PNG has no image data (IDAT).');
  const { width, height, bitDepth, colorType } = header;
  const channels = channelsOf[colorType];
  if (channels === undefined || !(allowedDepths[colorType] ?? []).includes(bitDepth))
    throw new PngError(
      `The PNG has colour type ${colorType} with bit depth ${bitDepth}, which PNG does not allow.`,
    );
  if (width === 0 || height === 0) throw new PngError('The PNG is empty (0 pixels wide or high).');
  if (width > MAX_SIDE || height > MAX_SIDE || width * height > MAX_PIXELS)
    throw new PngError(
      `The image is ${width} × ${height} px; the limit is ${MAX_PIXELS / 1e6} million pixels and ${MAX_SIDE} px a side. ` +
        'Export it at a lower resolution (1000 dpi is plenty for a 0.4 mm tool).',
    );
  if (colorType === 3 && palette === null) throw new PngError('The palette PNG has no palette (PLTE).');
  const white = new Uint8Array(width * height);
  const isWhite = whiteTest(colorType, bitDepth, palette, trns, threshold);
  const bitsPerPixel = bitDepth * channels;
  const bpp = Math.max(1, bitsPerPixel >> 3);
  const passes = header.interlaced
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
  // the exact size the image data must inflate to: more is refused while inflating (no zip bombs)
  let expected = 0;
  for (const [x0, y0, dx, dy] of passes as [number, number, number, number][]) {
    const pw = Math.ceil((width - x0) / dx);
    const ph = Math.ceil((height - y0) / dy);
    if (pw > 0 && ph > 0) expected += ph * (1 + Math.ceil((pw * bitsPerPixel) / 8));
  }
  let raw: Buffer;
  try {
    raw = inflateSync(Buffer.concat(idat), { maxOutputLength: expected });
  } catch {
    throw new PngError('The PNG image data is damaged (it does not inflate to the size its header says).');
  }
  let offset = 0;
  const sample = new Uint16Array(4);
  for (const [x0, y0, dx, dy] of passes as [number, number, number, number][]) {
    const pw = Math.ceil((width - x0) / dx);
    const ph = Math.ceil((height - y0) / dy);
    if (pw <= 0 || ph <= 0) continue;
    const stride = Math.ceil((pw * bitsPerPixel) / 8);
    let prev = new Uint8Array(stride);
    let cur = new Uint8Array(stride);
    for (let r = 0; r < ph; r += 1) {
      if (offset + 1 + stride > raw.length)
        throw new PngError('The PNG image data is shorter than its size says.');
      const filter = raw[offset]!;
      unfilter(filter, raw.subarray(offset + 1, offset + 1 + stride), prev, cur, bpp);
      offset += 1 + stride;
      const y = y0 + r * dy;
      for (let c = 0; c < pw; c += 1) {
        readPixel(cur, c, bitDepth, channels, sample);
        white[y * width + x0 + c * dx] = isWhite(sample) ? 1 : 0;
      }
      const t = prev;
      prev = cur;
      cur = t;
    }
  }
  return { width, height, white, dpi, bitDepth, colorType, interlaced: header.interlaced };
}

function unfilter(filter: number, src: Uint8Array, prev: Uint8Array, out: Uint8Array, bpp: number): void {
  const n = src.length;
  switch (filter) {
    case 0:
      out.set(src);
      return;
    case 1:
      for (let i = 0; i < n; i += 1) out[i] = (src[i]! + (i >= bpp ? out[i - bpp]! : 0)) & 255;
      return;
    case 2:
      for (let i = 0; i < n; i += 1) out[i] = (src[i]! + prev[i]!) & 255;
      return;
    case 3:
      for (let i = 0; i < n; i += 1)
        out[i] = (src[i]! + (((i >= bpp ? out[i - bpp]! : 0) + prev[i]!) >> 1)) & 255;
      return;
    case 4:
      for (let i = 0; i < n; i += 1) {
        const a = i >= bpp ? out[i - bpp]! : 0;
        const b = prev[i]!;
        const c = i >= bpp ? prev[i - bpp]! : 0;
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        out[i] = (src[i]! + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c)) & 255;
      }
      return;
    default:
      throw new PngError(`The PNG uses an unknown row filter (${filter}).`);
  }
}

function readPixel(row: Uint8Array, col: number, depth: number, channels: number, out: Uint16Array): void {
  if (depth === 8) {
    const base = col * channels;
    for (let k = 0; k < channels; k += 1) out[k] = row[base + k]!;
  } else if (depth === 16) {
    const base = col * channels * 2;
    for (let k = 0; k < channels; k += 1) out[k] = (row[base + 2 * k]! << 8) | row[base + 2 * k + 1]!;
  } else {
    // 1, 2 or 4 bits, one channel (grey or palette index), packed from the high bits.
    const bit = col * depth;
    const byte = row[bit >> 3]!;
    out[0] = (byte >> (8 - depth - (bit & 7))) & ((1 << depth) - 1);
  }
}

function whiteTest(
  colorType: number,
  depth: number,
  palette: Uint8Array | null,
  trns: Uint8Array | null,
  threshold: number,
): (s: Uint16Array) => boolean {
  const max = (1 << depth) - 1;
  const limit = threshold * 3 * max;
  switch (colorType) {
    case 0: {
      const key = trns !== null && trns.length >= 2 ? (trns[0]! << 8) | trns[1]! : -1;
      return (s) => s[0] === key || 3 * s[0]! > limit;
    }
    case 2: {
      const key =
        trns !== null && trns.length >= 6
          ? [(trns[0]! << 8) | trns[1]!, (trns[2]! << 8) | trns[3]!, (trns[4]! << 8) | trns[5]!]
          : null;
      return (s) =>
        (key !== null && s[0] === key[0] && s[1] === key[1] && s[2] === key[2]) ||
        s[0]! + s[1]! + s[2]! > limit;
    }
    case 3: {
      const pal = palette!;
      const entries = Math.floor(pal.length / 3);
      const table = new Uint8Array(256);
      for (let i = 0; i < entries; i += 1) {
        const alpha = trns !== null && i < trns.length ? trns[i]! : 255;
        table[i] = alpha === 0 || pal[3 * i]! + pal[3 * i + 1]! + pal[3 * i + 2]! > threshold * 765 ? 1 : 0;
      }
      return (s) => {
        if (s[0]! >= entries)
          throw new PngError(`The PNG uses palette entry ${s[0]} but its palette has ${entries}.`);
        return table[s[0]!] === 1;
      };
    }
    case 4:
      return (s) => s[1] === 0 || 3 * s[0]! > limit;
    default:
      return (s) => s[3] === 0 || s[0]! + s[1]! + s[2]! > limit;
  }
}
