/**
 * The parsed toolpath: one compact record per straight segment, in typed arrays so a 1 M-segment file is ~22 MB,
 * not gigabytes of per-line objects (VIEWER.md). Segment i runs from point i to point i+1, so `positions` holds
 * segments + 1 points and live progress or a layer range is just a range of segment indices.
 */
export interface Toolpath {
  /** (segments + 1) × xyz, millimetres in machine coordinates (G92 applied, work offsets taken as zero). */
  positions: Float32Array;
  /** Per segment: MoveKind in the low bits, ARC_FLAG when it came from a G2/G3. */
  kinds: Uint8Array;
  /** Per segment: tool number (T word), clamped to 255. */
  tools: Uint8Array;
  /** Per segment: slicer feature (;TYPE:), 1-based into the summary's `features`; 0 when none is named. */
  features: Uint8Array;
  /** Per segment: feed in mm/min. */
  feeds: Float32Array;
  /** Per segment: 1-based source line; non-decreasing, so line → segment is a binary search. */
  lines: Uint32Array;
  /** First segment of each layer. */
  layerStarts: Uint32Array;
  /** Height of each layer (mm). */
  layerZ: Float32Array;
}

export const MoveKind = { travel: 0, extrude: 1, cut: 2 } as const;
export type MoveKindValue = (typeof MoveKind)[keyof typeof MoveKind];
export const ARC_FLAG = 0x80;
export const KIND_MASK = 0x7f;

/** Bytes each segment costs in the arrays above (positions counted once per segment). */
export const BYTES_PER_SEGMENT = 12 + 1 + 1 + 1 + 4 + 4;

/** Growable typed arrays for the parser; `finish()` trims them to size. */
export class SegmentSink {
  count = 0;
  private cap: number;
  positions: Float32Array;
  kinds: Uint8Array;
  tools: Uint8Array;
  features: Uint8Array;
  feeds: Float32Array;
  lines: Uint32Array;

  constructor(expected: number) {
    this.cap = Math.max(256, expected);
    this.positions = new Float32Array((this.cap + 1) * 3);
    this.kinds = new Uint8Array(this.cap);
    this.tools = new Uint8Array(this.cap);
    this.features = new Uint8Array(this.cap);
    this.feeds = new Float32Array(this.cap);
    this.lines = new Uint32Array(this.cap);
  }

  start(x: number, y: number, z: number): void {
    this.positions[0] = x;
    this.positions[1] = y;
    this.positions[2] = z;
  }

  push(
    x: number,
    y: number,
    z: number,
    kind: number,
    tool: number,
    feature: number,
    feed: number,
    line: number,
  ): void {
    const i = this.count;
    if (i === this.cap) this.grow();
    const p = (i + 1) * 3;
    this.positions[p] = x;
    this.positions[p + 1] = y;
    this.positions[p + 2] = z;
    this.kinds[i] = kind;
    this.tools[i] = tool;
    this.features[i] = feature;
    this.feeds[i] = feed;
    this.lines[i] = line;
    this.count = i + 1;
  }

  private grow(): void {
    const cap = this.cap * 2;
    const grow = <T extends Float32Array | Uint8Array | Uint32Array>(
      old: T,
      make: (n: number) => T,
      n: number,
    ): T => {
      const next = make(n);
      next.set(old);
      return next;
    };
    this.positions = grow(this.positions, (n) => new Float32Array(n), (cap + 1) * 3);
    this.kinds = grow(this.kinds, (n) => new Uint8Array(n), cap);
    this.tools = grow(this.tools, (n) => new Uint8Array(n), cap);
    this.features = grow(this.features, (n) => new Uint8Array(n), cap);
    this.feeds = grow(this.feeds, (n) => new Float32Array(n), cap);
    this.lines = grow(this.lines, (n) => new Uint32Array(n), cap);
    this.cap = cap;
  }

  finish(layerStarts: number[], layerZ: number[]): Toolpath {
    const n = this.count;
    return {
      positions: this.positions.slice(0, (n + 1) * 3),
      kinds: this.kinds.slice(0, n),
      tools: this.tools.slice(0, n),
      features: this.features.slice(0, n),
      feeds: this.feeds.slice(0, n),
      lines: this.lines.slice(0, n),
      layerStarts: Uint32Array.from(layerStarts),
      layerZ: Float32Array.from(layerZ),
    };
  }
}

/** The first segment produced by `line` or later (live progress: everything before it is done). */
export function segmentAtLine(lines: Uint32Array, line: number): number {
  let lo = 0;
  let hi = lines.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (lines[mid]! < line) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
