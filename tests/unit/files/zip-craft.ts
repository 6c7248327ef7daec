import { deflateSync } from 'fflate';

/**
 * Hand-built ZIP packages for the bomb tests. A real bomb, not a stub: `deflatedZeros` writes one dynamic-Huffman
 * deflate block whose codes are chosen so that each 258-byte run of zeros costs two bits (the "length 258, distance 1"
 * pair gets the one-bit codes), which is deflate's best ratio (~1032 : 1). 4 GB of zeros fit in ~4.2 MB, and any
 * inflater (fflate, zlib) really produces the zeros; building it takes a fill, not minutes of compression.
 */
export function deflatedZeros(atLeast: number): { data: Uint8Array; size: number } {
  const matches = Math.max(0, Math.ceil((atLeast - 1) / 258));
  const out = new Uint8Array(Math.ceil((3 + 14 + 18 * 3 + 14 + 2 + 4 * matches + 2) / 8) + 8);
  let bit = 0;
  /** Extra bits and header fields: least significant bit first. */
  const put = (value: number, n: number) => {
    for (let i = 0; i < n; i++, bit++) if (((value >>> i) & 1) === 1) out[bit >> 3]! |= 1 << (bit & 7);
  };
  /** Huffman codes: most significant bit first. */
  const code = (value: number, n: number) => {
    for (let i = n - 1; i >= 0; i--, bit++) if (((value >>> i) & 1) === 1) out[bit >> 3]! |= 1 << (bit & 7);
  };
  put(1, 1); // BFINAL
  put(2, 2); // BTYPE = dynamic Huffman
  put(29, 5); // HLIT: 286 literal/length codes (up to 285, length 258)
  put(0, 5); // HDIST: one distance code
  put(14, 4); // HCLEN: 18 code-length codes, up to the one for length 1
  // Code-length code lengths in the format's order 16 17 18 0 8 7 9 6 10 5 11 4 12 3 13 2 14 1: "18" gets 1 bit,
  // "1" and "2" get 2 bits (canonical codes: 18 → 0, 1 → 10, 2 → 11).
  for (const length of [0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 2]) put(length, 3);
  const len2 = () => code(0b11, 2);
  const len1 = () => code(0b10, 2);
  const zeros = (n: number) => {
    code(0, 1);
    put(n - 11, 7);
  };
  // Literal/length lengths: 0 → 2, 1..255 → 0, 256 → 2, 257..284 → 0, 285 → 1; then the distance code: 1.
  len2();
  zeros(138);
  zeros(117);
  len2();
  zeros(28);
  len1();
  len1();
  // Canonical codes: 285 → 0, literal 0 → 10, end of block 256 → 11; distance 0 → 0.
  code(0b10, 2); // one literal zero
  bit += 2 * matches; // each match (length 258 via code 285 = 0, distance 1 via code 0 = 0) is two zero bits
  code(0b11, 2); // end of block
  return { data: out.subarray(0, Math.ceil(bit / 8)), size: 1 + 258 * matches };
}

export interface CraftEntry {
  name: string;
  /** The bytes as stored in the package (already deflated for method 8). */
  data: Uint8Array;
  method?: 0 | 8;
  /** The uncompressed size written in the headers (a lie is allowed: that is what some tests are about). */
  size: number;
}

/** A deflated entry from plain bytes, declaring their true size. */
export function deflated(name: string, text: string | Uint8Array): CraftEntry {
  const raw = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  return { name, data: deflateSync(raw), method: 8, size: raw.length };
}

/**
 * Writes a ZIP: local headers, data, central directory, end record. ZIP64 records are written when a size or an
 * offset does not fit 32 bits, as real tools do. CRCs are left at zero (nothing here checks them).
 */
export function buildZip(entries: readonly CraftEntry[]): Uint8Array {
  const encoder = new TextEncoder();
  const chunks: Uint8Array[] = [];
  let offset = 0;
  const push = (bytes: Uint8Array) => {
    chunks.push(bytes);
    offset += bytes.length;
  };
  const central: Uint8Array[] = [];
  const U32 = 0xffffffff;
  let anyZip64 = false;
  for (const entry of entries) {
    const name = encoder.encode(entry.name);
    const zip64 = entry.size >= U32 || entry.data.length >= U32 || offset >= U32;
    anyZip64 ||= zip64;
    const extra = new DataView(new ArrayBuffer(zip64 ? 28 : 0));
    if (zip64) {
      extra.setUint16(0, 1, true);
      extra.setUint16(2, 24, true);
      extra.setBigUint64(4, BigInt(entry.size), true);
      extra.setBigUint64(12, BigInt(entry.data.length), true);
      extra.setBigUint64(20, BigInt(offset), true);
    }
    const local = new DataView(new ArrayBuffer(30 + name.length + (zip64 ? 20 : 0)));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, zip64 ? 45 : 20, true);
    local.setUint16(8, entry.method ?? 8, true);
    local.setUint32(18, zip64 ? U32 : entry.data.length, true);
    local.setUint32(22, zip64 ? U32 : entry.size, true);
    local.setUint16(26, name.length, true);
    local.setUint16(28, zip64 ? 20 : 0, true);
    const localBytes = new Uint8Array(local.buffer);
    localBytes.set(name, 30);
    if (zip64) {
      local.setUint16(30 + name.length, 1, true);
      local.setUint16(32 + name.length, 16, true);
      local.setBigUint64(34 + name.length, BigInt(entry.size), true);
      local.setBigUint64(42 + name.length, BigInt(entry.data.length), true);
    }
    const at = offset;
    push(localBytes);
    push(entry.data);
    const head = new DataView(new ArrayBuffer(46 + name.length + extra.byteLength));
    head.setUint32(0, 0x02014b50, true);
    head.setUint16(4, zip64 ? 45 : 20, true);
    head.setUint16(6, zip64 ? 45 : 20, true);
    head.setUint16(10, entry.method ?? 8, true);
    head.setUint32(20, zip64 ? U32 : entry.data.length, true);
    head.setUint32(24, zip64 ? U32 : entry.size, true);
    head.setUint16(28, name.length, true);
    head.setUint16(30, extra.byteLength, true);
    head.setUint32(42, zip64 ? U32 : at, true);
    const headBytes = new Uint8Array(head.buffer);
    headBytes.set(name, 46);
    headBytes.set(new Uint8Array(extra.buffer), 46 + name.length);
    central.push(headBytes);
  }
  const dirOffset = offset;
  for (const c of central) push(c);
  const dirSize = offset - dirOffset;
  if (anyZip64) {
    const record = new DataView(new ArrayBuffer(56));
    record.setUint32(0, 0x06064b50, true);
    record.setBigUint64(4, 44n, true);
    record.setUint16(12, 45, true);
    record.setUint16(14, 45, true);
    record.setBigUint64(24, BigInt(entries.length), true);
    record.setBigUint64(32, BigInt(entries.length), true);
    record.setBigUint64(40, BigInt(dirSize), true);
    record.setBigUint64(48, BigInt(dirOffset), true);
    const recordAt = offset;
    push(new Uint8Array(record.buffer));
    const locator = new DataView(new ArrayBuffer(20));
    locator.setUint32(0, 0x07064b50, true);
    locator.setBigUint64(8, BigInt(recordAt), true);
    locator.setUint32(16, 1, true);
    push(new Uint8Array(locator.buffer));
  }
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, anyZip64 ? 0xffff : entries.length, true);
  end.setUint16(10, anyZip64 ? 0xffff : entries.length, true);
  end.setUint32(12, anyZip64 ? U32 : dirSize, true);
  end.setUint32(16, anyZip64 ? U32 : dirOffset, true);
  push(new Uint8Array(end.buffer));
  const all = new Uint8Array(offset);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return all;
}

export const RELS =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Target="/3D/3dmodel.model" Id="rel0" Type="http://schemas.microsoft.com/3dmanufacturing/2013/01/3dmodel"/>' +
  '</Relationships>';

export const TRIANGLE_MODEL =
  '<?xml version="1.0" encoding="UTF-8"?><model unit="millimeter" xmlns="http://schemas.microsoft.com/3dmanufacturing/core/2015/02">' +
  '<resources><object id="1" type="model"><mesh><vertices><vertex x="0" y="0" z="0"/><vertex x="10" y="0" z="0"/>' +
  '<vertex x="0" y="10" z="0"/></vertices><triangles><triangle v1="0" v2="1" v3="2"/></triangles></mesh></object>' +
  '</resources><build><item objectid="1"/></build></model>';

/** A 3MF package whose model part is `model` (an entry made by the caller, e.g. a bomb or a liar). */
export function package3mf(model: CraftEntry, extra: CraftEntry[] = []): Uint8Array {
  return buildZip([deflated('_rels/.rels', RELS), model, ...extra]);
}
