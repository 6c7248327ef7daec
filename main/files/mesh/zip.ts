import { Inflate } from 'fflate';
import { FileRefused } from '../refusal.js';

/**
 * Reading a ZIP package (3MF is one) without trusting it. The central directory at the end of the file lists every
 * entry with its declared sizes; it is read and checked against the caps below before a single byte is inflated,
 * and only the entries the parser asks for are inflated, each through a stream that stops the moment the output
 * passes the size the directory declared. A header that lies about a size therefore costs at most one small step
 * of inflation past that size, never the gigabytes the data would expand to.
 */
export interface ZipLimits {
  /** Most entries a package may list. */
  maxEntries: number;
  /** Largest declared uncompressed size of one entry. */
  maxEntryBytes: number;
  /** Largest sum of declared uncompressed sizes. */
  maxTotalBytes: number;
  /** Highest uncompressed : compressed ratio for an entry of at least `ratioFloorBytes`. */
  maxRatio: number;
  /** Entries smaller than this are not held to `maxRatio` (a tiny run of spaces compresses very well, and harmlessly). */
  ratioFloorBytes: number;
}

const MiB = 1024 * 1024;

/**
 * Real 3MF packages measured for these: models deflate 3–10 : 1, a sliced 2D part 90 : 1, images about 1 : 1, at
 * most a few dozen entries; the largest model in the corpus is 17 MB of XML. A deflate bomb runs near 1000 : 1.
 */
export const ZIP_LIMITS: ZipLimits = {
  maxEntries: 4096,
  maxEntryBytes: 256 * MiB,
  maxTotalBytes: 512 * MiB,
  maxRatio: 200,
  ratioFloorBytes: MiB,
};

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const U32_MAX = 0xffffffff;
const U16_MAX = 0xffff;
/** Compressed bytes handed to the inflater per step: at deflate's best ratio (~1032 : 1) a step yields ≤ 4 MB. */
const STEP = 4096;

const mb = (bytes: number) => (bytes < MiB ? `${bytes} bytes` : `${Math.round((bytes / MiB) * 10) / 10} MB`);
const notZip = (why: string) =>
  new FileRefused(`this is not a 3MF file (it is not a readable ZIP package: ${why}).`);

/** The package's table of contents, checked against `limits`. Reads only the end of the file and its directory. */
export function readZipDirectory(bytes: Uint8Array, limits: ZipLimits = ZIP_LIMITS): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = findEndOfDirectory(bytes, view);
  if (end < 0) throw notZip('no end-of-directory record');
  const disk = view.getUint16(end + 4, true);
  const dirDisk = view.getUint16(end + 6, true);
  let count = view.getUint16(end + 10, true);
  let dirSize = view.getUint32(end + 12, true);
  let dirOffset = view.getUint32(end + 16, true);
  if ((disk !== 0 && disk !== U16_MAX) || (dirDisk !== 0 && dirDisk !== U16_MAX))
    throw new FileRefused('the 3MF package is split over several disks, which the library does not take.');
  if (count === U16_MAX || dirSize === U32_MAX || dirOffset === U32_MAX) {
    // ZIP64: the real figures are in the ZIP64 end record, found through the locator just before this one.
    const locator = end - 20;
    if (locator < 0 || view.getUint32(locator, true) !== ZIP64_LOCATOR) {
      if (count === U16_MAX && dirSize !== U32_MAX && dirOffset !== U32_MAX) {
        // Exactly 65535 entries in a plain ZIP: the field is not a ZIP64 marker after all.
      } else throw notZip('a ZIP64 package without its ZIP64 locator');
    } else {
      const at = big(view, locator + 8);
      if (at + 56 > bytes.length || view.getUint32(at, true) !== ZIP64_EOCD)
        throw notZip('the ZIP64 end record is missing');
      count = big(view, at + 32);
      dirSize = big(view, at + 40);
      dirOffset = big(view, at + 48);
    }
  }
  if (count > limits.maxEntries) {
    throw new FileRefused(
      `the 3MF package lists ${count} entries; the library takes at most ${limits.maxEntries}.`,
    );
  }
  if (dirOffset + dirSize > bytes.length) throw notZip('its directory points past the end of the file');

  const entries: ZipEntry[] = [];
  let total = 0;
  let p = dirOffset;
  const decoder = new TextDecoder('utf-8');
  for (let i = 0; i < count; i++) {
    if (p + 46 > bytes.length || view.getUint32(p, true) !== CENTRAL)
      throw notZip(`directory entry ${i + 1} of ${count} is damaged`);
    const flags = view.getUint16(p + 8, true);
    const method = view.getUint16(p + 10, true);
    let compressedSize = view.getUint32(p + 20, true);
    let size = view.getUint32(p + 24, true);
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    let localOffset = view.getUint32(p + 42, true);
    const nameStart = p + 46;
    const extraStart = nameStart + nameLength;
    const next = extraStart + extraLength + commentLength;
    if (next > bytes.length)
      throw notZip(`directory entry ${i + 1} of ${count} runs past the end of the file`);
    const name = decoder.decode(bytes.subarray(nameStart, extraStart));
    if (size === U32_MAX || compressedSize === U32_MAX || localOffset === U32_MAX) {
      // The ZIP64 extra field holds, in this order, only the figures whose 32-bit field is all ones.
      const zip64 = findExtra(view, extraStart, extraStart + extraLength, 0x0001);
      if (zip64 === null) throw notZip(`"${name}" has no ZIP64 sizes`);
      let q = zip64.start;
      const take = () => {
        if (q + 8 > zip64.end) throw notZip(`"${name}" has a short ZIP64 field`);
        const value = big(view, q);
        q += 8;
        return value;
      };
      if (size === U32_MAX) size = take();
      if (compressedSize === U32_MAX) compressedSize = take();
      if (localOffset === U32_MAX) localOffset = take();
    }
    const refuse = (why: string) => new FileRefused(`the 3MF package entry "${name}" ${why}`);
    if (size > limits.maxEntryBytes)
      throw refuse(
        `would unpack to ${mb(size)}; the library takes at most ${mb(limits.maxEntryBytes)} per entry.`,
      );
    total += size;
    if (total > limits.maxTotalBytes) {
      throw new FileRefused(
        `the 3MF package would unpack to more than ${mb(limits.maxTotalBytes)} in all, the most the library takes.`,
      );
    }
    if (size >= limits.ratioFloorBytes && size > compressedSize * limits.maxRatio) {
      throw refuse(
        `is compressed ${Math.round(size / Math.max(1, compressedSize))} to 1; the library takes at most ` +
          `${limits.maxRatio} to 1 (more is the mark of a ZIP bomb).`,
      );
    }
    entries.push({ name, method, flags, compressedSize, size, localOffset });
    p = next;
  }
  return entries;
}

/** The bytes of one entry, inflated no further than the size its directory entry declares. */
export function readZipEntry(bytes: Uint8Array, entry: ZipEntry): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localOffset;
  if (at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL)
    throw notZip(`the data of "${entry.name}" is not where its directory says`);
  if ((entry.flags & 1) !== 0) throw new FileRefused(`the 3MF package entry "${entry.name}" is encrypted.`);
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const stop = start + entry.compressedSize;
  if (stop > bytes.length) throw notZip(`the data of "${entry.name}" runs past the end of the file`);
  const packed = bytes.subarray(start, stop);
  if (entry.method === 0) {
    if (entry.compressedSize !== entry.size)
      throw notZip(`the stored entry "${entry.name}" declares two different sizes`);
    return packed;
  }
  if (entry.method !== 8) {
    throw new FileRefused(
      `the 3MF package entry "${entry.name}" uses compression method ${entry.method}; 3MF allows only deflate.`,
    );
  }
  return inflateCapped(packed, entry.size, entry.name);
}

class Overflow extends Error {}

/** Inflates `packed` into exactly `size` bytes; more output than that stops it at once, less is refused too. */
export function inflateCapped(packed: Uint8Array, size: number, name: string): Uint8Array {
  const out = new Uint8Array(size);
  let filled = 0;
  const inflater = new Inflate((chunk) => {
    if (filled + chunk.length > size) throw new Overflow();
    out.set(chunk, filled);
    filled += chunk.length;
  });
  try {
    if (packed.length === 0) inflater.push(packed, true);
    for (let k = 0; k < packed.length; k += STEP) {
      const last = k + STEP >= packed.length;
      inflater.push(packed.subarray(k, Math.min(k + STEP, packed.length)), last);
    }
  } catch (error) {
    if (error instanceof Overflow) {
      throw new FileRefused(
        `the 3MF package entry "${name}" unpacks to more than the ${size} bytes its header declares ` +
          '(a damaged or deliberately misleading package).',
      );
    }
    throw new FileRefused(`the 3MF package entry "${name}" is damaged (${(error as Error).message}).`);
  }
  if (filled !== size) {
    throw new FileRefused(
      `the 3MF package entry "${name}" unpacks to ${filled} bytes, not the ${size} its header declares.`,
    );
  }
  return out;
}

function findEndOfDirectory(bytes: Uint8Array, view: DataView): number {
  // The record is 22 bytes plus a comment of up to 65535.
  const lowest = Math.max(0, bytes.length - 22 - U16_MAX);
  for (let at = bytes.length - 22; at >= lowest; at--) {
    if (view.getUint32(at, true) === EOCD && at + 22 + view.getUint16(at + 20, true) <= bytes.length)
      return at;
  }
  return -1;
}

/** A little-endian 64-bit field as a number; anything past 2^53 is refused as a lie rather than rounded. */
function big(view: DataView, at: number): number {
  const value = view.getBigUint64(at, true);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw notZip('a ZIP64 field is impossibly large');
  return Number(value);
}

function findExtra(
  view: DataView,
  start: number,
  end: number,
  id: number,
): { start: number; end: number } | null {
  let q = start;
  while (q + 4 <= end) {
    const tag = view.getUint16(q, true);
    const length = view.getUint16(q + 2, true);
    if (tag === id) return { start: q + 4, end: Math.min(end, q + 4 + length) };
    q += 4 + length;
  }
  return null;
}
