import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';

/**
 * PNG bytes for Open Badges, written here rather than through an image library: a badge image drawn from a seed, and
 * baking (Open Badges 2.0 "Baking"): the assertion's JSON in an uncompressed `iTXt` chunk whose keyword is
 * `openbadges`, placed right after IHDR, replacing any earlier one. Chunks carry their CRC-32 (ISO 3309, as PNG asks).
 */

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 of the bytes, as PNG computes it over a chunk's type and data. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export interface PngChunk {
  type: string;
  data: Buffer;
}

export function encodeChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** The chunks of a PNG, each checked against its CRC; throws on anything that is not a whole PNG. */
export function pngChunks(png: Buffer): PngChunk[] {
  if (png.length < 8 || !png.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG file');
  const chunks: PngChunk[] = [];
  let at = 8;
  while (at < png.length) {
    if (at + 12 > png.length) throw new Error('PNG chunk cut short');
    const length = png.readUInt32BE(at);
    const end = at + 12 + length;
    if (end > png.length) throw new Error('PNG chunk cut short');
    const type = png.toString('latin1', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    if (crc32(png.subarray(at + 4, at + 8 + length)) !== png.readUInt32BE(at + 8 + length))
      throw new Error(`PNG chunk ${type} fails its CRC`);
    chunks.push({ type, data });
    at = end;
    if (type === 'IEND') break;
  }
  if (chunks[0]?.type !== 'IHDR' || chunks.at(-1)?.type !== 'IEND')
    throw new Error('PNG without IHDR or IEND');
  return chunks;
}

/** An RGBA image (8 bits a channel, no interlace) as PNG bytes; each scanline is stored with filter 0. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  if (rgba.length !== width * height * 4) throw new Error('pixel data does not match the size');
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type: RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([
    SIGNATURE,
    encodeChunk('IHDR', ihdr),
    encodeChunk('IDAT', deflateSync(raw)),
    encodeChunk('IEND', Buffer.alloc(0)),
  ]);
}

const KEYWORD = 'openbadges';

/** The iTXt data: keyword, NUL, not compressed (0, 0), no language tag, no translated keyword, then UTF-8 text. */
function itxt(text: string): Buffer {
  return Buffer.concat([
    Buffer.from(KEYWORD, 'latin1'),
    Buffer.from([0, 0, 0, 0, 0]),
    Buffer.from(text, 'utf8'),
  ]);
}

const isBadgeChunk = (c: PngChunk) =>
  (c.type === 'iTXt' || c.type === 'tEXt' || c.type === 'zTXt') &&
  c.data.subarray(0, KEYWORD.length + 1).equals(Buffer.from(`${KEYWORD}\0`, 'latin1'));

/** The PNG with `text` (an assertion's JSON) baked in, replacing an assertion baked earlier. */
export function bakePng(png: Buffer, text: string): Buffer {
  const chunks = pngChunks(png).filter((c) => !isBadgeChunk(c));
  return Buffer.concat([
    SIGNATURE,
    encodeChunk('IHDR', chunks[0]!.data),
    encodeChunk('iTXt', itxt(text)),
    ...chunks.slice(1).map((c) => encodeChunk(c.type, c.data)),
  ]);
}

/** The text baked into a PNG, or null when there is none. */
export function bakedText(png: Buffer): string | null {
  const chunk = pngChunks(png).find((c) => c.type === 'iTXt' && isBadgeChunk(c));
  if (chunk === undefined) return null;
  let at = KEYWORD.length + 1;
  const compressed = chunk.data[at];
  at += 2;
  if (compressed !== 0) throw new Error('a baked badge is never compressed');
  at = chunk.data.indexOf(0, at) + 1; // language tag
  at = chunk.data.indexOf(0, at) + 1; // translated keyword
  return chunk.data.subarray(at).toString('utf8');
}

/**
 * A round badge, 256 px: a ring and a disc in two colours taken from the seed (the training's code and version), so
 * each badge class looks the same every time and different from the others. Transparent outside the ring.
 */
export function badgeImage(seed: string, size = 256): Buffer {
  const h = createHash('sha256').update(seed).digest();
  const hue = (h[0]! / 255) * 360;
  const [r1, g1, b1] = hsl(hue, 0.55, 0.42);
  const [r2, g2, b2] = hsl((hue + 35) % 360, 0.6, 0.82);
  const rgba = new Uint8Array(size * size * 4);
  const c = (size - 1) / 2;
  const outer = size / 2 - 2;
  const ring = outer - size / 14;
  const inner = ring - size / 28;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const d = Math.hypot(x - c, y - c);
      const i = (y * size + x) * 4;
      if (d > outer) continue;
      const [r, g, b] =
        d > ring || d < inner / 2.2 ? [r1, g1, b1] : d > inner ? [255, 255, 255] : [r2, g2, b2];
      rgba[i] = r;
      rgba[i + 1] = g;
      rgba[i + 2] = b;
      rgba[i + 3] = 255;
    }
  }
  return encodePng(size, size, rgba);
}

function hsl(hue: number, s: number, l: number): [number, number, number] {
  const k = (n: number) => (n + hue / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
  return [Math.round(f(0) * 255), Math.round(f(8) * 255), Math.round(f(4) * 255)];
}
