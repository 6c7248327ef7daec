import { describe, expect, it } from 'vitest';
import { parse3mf } from '../../../main/files/mesh/threemf.js';
import { readZipDirectory, readZipEntry, ZIP_LIMITS, type ZipLimits } from '../../../main/files/mesh/zip.js';
import {
  buildZip,
  deflated,
  deflatedZeros,
  package3mf,
  TRIANGLE_MODEL,
  type CraftEntry,
} from './zip-craft.js';

/**
 * 3MF packages are checked from their ZIP central directory before anything is inflated, and every entry that is
 * inflated stops at the size its directory entry declares. The bombs are real: zip-craft.ts writes deflate data
 * that really inflates to what it says.
 */

const MiB = 1024 * 1024;
const limits = (over: Partial<ZipLimits>): ZipLimits => ({ ...ZIP_LIMITS, ...over });
const model = (entry: Omit<CraftEntry, 'name'>): CraftEntry => ({ name: '3D/3dmodel.model', ...entry });
const refusal = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
};

describe('3MF packages against the ZIP caps', () => {
  it('a 4 GB bomb (ZIP64, 4.2 MB on disk) is refused from its directory, inflating nothing', () => {
    const bomb = deflatedZeros(4 * 1024 * MiB);
    expect(bomb.size).toBeGreaterThan(2 ** 32);
    expect(bomb.data.length).toBeLessThan(5 * MiB);
    const file = package3mf(model({ data: bomb.data, size: bomb.size }));
    const before = process.memoryUsage().arrayBuffers;
    expect(refusal(() => readZipDirectory(file))).toBe(
      'the 3MF package entry "3D/3dmodel.model" would unpack to 4096 MB; the library takes at most 256 MB per entry.',
    );
    expect(refusal(() => parse3mf(file))).toMatch(/would unpack to 4096 MB/);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * MiB);
  });

  it('per-entry size: the cap itself passes, one byte over is refused', () => {
    const text = 'x'.repeat(1000);
    const file = buildZip([deflated('a.txt', text)]);
    expect(readZipDirectory(file, limits({ maxEntryBytes: 1000 }))).toHaveLength(1);
    expect(refusal(() => readZipDirectory(file, limits({ maxEntryBytes: 999 })))).toBe(
      'the 3MF package entry "a.txt" would unpack to 1000 bytes; the library takes at most 999 bytes per entry.',
    );
  });

  it('total size: many entries each under the cap but together over it are refused', () => {
    const one = deflated('part.txt', 'y'.repeat(400));
    const three = buildZip([one, { ...one, name: 'b.txt' }, { ...one, name: 'c.txt' }]);
    expect(readZipDirectory(three, limits({ maxTotalBytes: 1200 }))).toHaveLength(3);
    expect(refusal(() => readZipDirectory(three, limits({ maxTotalBytes: 1199 })))).toMatch(
      'the 3MF package would unpack to more than 1199 bytes in all, the most the library takes.',
    );
    // Overlapping entries (the "non-recursive" bomb: many directory entries pointing at one kernel) count each time.
    const kernel = deflatedZeros(200 * MiB);
    const overlapped = buildZip(
      Array.from({ length: 3 }, (_, i) => ({ name: `k${i}`, data: kernel.data, size: kernel.size })),
    );
    expect(refusal(() => readZipDirectory(overlapped, limits({ maxRatio: 2000 })))).toMatch(
      /would unpack to more than 512 MB in all/,
    );
  });

  it('entry count: the cap passes, one more is refused', () => {
    const entries = Array.from({ length: 11 }, (_, i) => deflated(`e${i}.txt`, 'z'));
    expect(readZipDirectory(buildZip(entries.slice(0, 10)), limits({ maxEntries: 10 }))).toHaveLength(10);
    expect(refusal(() => readZipDirectory(buildZip(entries), limits({ maxEntries: 10 })))).toBe(
      'the 3MF package lists 11 entries; the library takes at most 10.',
    );
  });

  it('compression ratio: a 2 MB run of zeros at ~1000 : 1 is refused; a small one or a loose cap passes', () => {
    const zeros = deflatedZeros(2 * MiB);
    const file = buildZip([{ name: 'zeros.bin', data: zeros.data, size: zeros.size }]);
    expect(refusal(() => readZipDirectory(file))).toMatch(
      /^the 3MF package entry "zeros\.bin" is compressed \d+ to 1; the library takes at most 200 to 1 \(more is the mark of a ZIP bomb\)\.$/,
    );
    expect(readZipDirectory(file, limits({ maxRatio: 1100 }))).toHaveLength(1);
    expect(readZipDirectory(file, limits({ ratioFloorBytes: 4 * MiB }))).toHaveLength(1);
    const small = deflatedZeros(64 * 1024);
    expect(readZipDirectory(buildZip([{ name: 's', data: small.data, size: small.size }]))).toHaveLength(1);
  });

  it('a lying header: data that inflates past its declared size is stopped there, not inflated to the end', () => {
    const big = deflatedZeros(300 * MiB);
    const liar = package3mf(model({ data: big.data, size: 1000 }));
    const [, entry] = readZipDirectory(liar);
    expect(entry).toMatchObject({ size: 1000 });
    const before = process.memoryUsage().arrayBuffers;
    expect(refusal(() => readZipEntry(liar, entry!))).toBe(
      'the 3MF package entry "3D/3dmodel.model" unpacks to more than the 1000 bytes its header declares ' +
        '(a damaged or deliberately misleading package).',
    );
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * MiB);
    expect(refusal(() => parse3mf(liar))).toMatch(/unpacks to more than the 1000 bytes/);
    // The other way: declaring more than the data holds is refused too.
    const short = deflated('3D/3dmodel.model', TRIANGLE_MODEL);
    expect(refusal(() => parse3mf(package3mf({ ...short, size: short.size + 1 })))).toBe(
      `the 3MF package entry "3D/3dmodel.model" unpacks to ${short.size} bytes, not the ${short.size + 1} its header declares.`,
    );
    // And the honest package reads.
    expect(parse3mf(package3mf(short)).summary).toMatchObject({ triangles: 1 });
  });

  it('refuses methods other than deflate and stored, encryption, and a directory that points past the end', () => {
    const stored = buildZip([{ name: 'a', data: new Uint8Array([1, 2, 3]), method: 0, size: 3 }]);
    expect(readZipEntry(stored, readZipDirectory(stored)[0]!)).toEqual(new Uint8Array([1, 2, 3]));
    const odd = buildZip([{ ...deflated('a', 'abc'), method: 8 }]);
    const header = odd.length - 22 - 47; // the one directory entry: 46 bytes and the name "a"
    new DataView(odd.buffer).setUint16(header + 10, 12, true);
    expect(refusal(() => readZipEntry(odd, readZipDirectory(odd)[0]!))).toBe(
      'the 3MF package entry "a" uses compression method 12; 3MF allows only deflate.',
    );
    const locked = buildZip([deflated('a', 'abc')]);
    new DataView(locked.buffer).setUint16(locked.length - 22 - 47 + 8, 1, true);
    expect(refusal(() => readZipEntry(locked, readZipDirectory(locked)[0]!))).toBe(
      'the 3MF package entry "a" is encrypted.',
    );
    const cut = package3mf(deflated('3D/3dmodel.model', TRIANGLE_MODEL)).subarray(0, -30);
    expect(refusal(() => parse3mf(cut))).toMatch(
      /^this is not a 3MF file \(it is not a readable ZIP package/,
    );
  });
});
