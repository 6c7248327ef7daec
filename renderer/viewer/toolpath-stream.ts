/**
 * Reads the chunked toolpath main serves at `files/<sha256>/chunks` ("CPT2", layout in main/files/toolpath-chunks.ts)
 * from bytes as they arrive, in pieces of any size. Each complete chunk is handed over as typed-array views into one
 * reused scratch buffer, so the whole file is never held: the receiver turns it into drawn lines and lets it go.
 */
export const CHUNKED_MAGIC = 0x32545043; // "CPT2"
const HEADER = 16;

export interface ChunkedHeader {
  segments: number;
  chunkSegments: number;
  /** First segment of each layer. */
  layerStarts: Uint32Array;
  layerZ: Float32Array;
}

/** Segments [first, first + count) of the toolpath. Views valid only during the callback. */
export interface ToolpathChunk {
  first: number;
  count: number;
  /** (count + 1) × xyz: the start of the first segment, then each segment's end. */
  positions: Float32Array;
  feeds: Float32Array;
  lines: Uint32Array;
  kinds: Uint8Array;
  tools: Uint8Array;
  features: Uint8Array;
}

const pad4 = (n: number) => (n + 3) & ~3;
const chunkBytes = (n: number) => pad4((n + 1) * 12 + n * 8 + n * 3);

export class ChunkReader {
  private header: ChunkedHeader | null = null;
  /** Bytes of the piece being assembled (the fixed header, the layer table or a chunk). */
  private scratch = new Uint8Array(HEADER);
  private have = 0;
  private need = HEADER;
  private stage: 'fixed' | 'layers' | 'chunk' | 'end' = 'fixed';
  private layers = 0;
  private next = 0;

  constructor(
    private readonly onHeader: (header: ChunkedHeader) => void,
    private readonly onChunk: (chunk: ToolpathChunk) => void,
  ) {}

  /** Segments received so far. */
  get received(): number {
    return this.next;
  }

  get complete(): boolean {
    return this.stage === 'end';
  }

  /** Takes the next bytes of the stream; throws a plain message when they are not a toolpath or run past its end. */
  push(bytes: Uint8Array): void {
    let at = 0;
    while (at < bytes.length) {
      if (this.stage === 'end') throw new Error('The preview data is longer than announced.');
      const take = Math.min(this.need - this.have, bytes.length - at);
      this.scratch.set(bytes.subarray(at, at + take), this.have);
      this.have += take;
      at += take;
      if (this.have === this.need) this.finishPiece();
    }
  }

  /** Call at the end of the stream: throws when it stopped early. */
  end(): void {
    if (this.stage !== 'end') throw new Error('The preview download was cut off.');
  }

  private finishPiece(): void {
    const view = new DataView(this.scratch.buffer, 0, this.need);
    if (this.stage === 'fixed') {
      if (view.getUint32(0, true) !== CHUNKED_MAGIC)
        throw new Error('The preview data is in an unknown format.');
      const segments = view.getUint32(4, true);
      this.layers = view.getUint32(8, true);
      const chunkSegments = view.getUint32(12, true);
      if (chunkSegments === 0 && segments > 0) throw new Error('The preview data is damaged.');
      this.header = { segments, chunkSegments, layerStarts: new Uint32Array(0), layerZ: new Float32Array(0) };
      this.begin('layers', this.layers * 8);
      return;
    }
    const header = this.header!;
    if (this.stage === 'layers') {
      // Copies: the scratch buffer is reused for the chunks.
      header.layerStarts = new Uint32Array(this.scratch.buffer.slice(0, this.layers * 4));
      header.layerZ = new Float32Array(this.scratch.buffer.slice(this.layers * 4, this.layers * 8));
      this.onHeader(header);
      this.beginChunk();
      return;
    }
    const n = Math.min(header.chunkSegments, header.segments - this.next);
    const buffer = this.scratch.buffer;
    let o = 0;
    const take = <T>(make: (offset: number) => T, bytes: number): T => {
      const value = make(o);
      o += bytes;
      return value;
    };
    this.onChunk({
      first: this.next,
      count: n,
      positions: take((at) => new Float32Array(buffer, at, (n + 1) * 3), (n + 1) * 12),
      feeds: take((at) => new Float32Array(buffer, at, n), n * 4),
      lines: take((at) => new Uint32Array(buffer, at, n), n * 4),
      kinds: take((at) => new Uint8Array(buffer, at, n), n),
      tools: take((at) => new Uint8Array(buffer, at, n), n),
      features: take((at) => new Uint8Array(buffer, at, n), n),
    });
    this.next += n;
    this.beginChunk();
  }

  private beginChunk(): void {
    const header = this.header!;
    if (this.next >= header.segments) {
      this.stage = 'end';
      return;
    }
    this.begin('chunk', chunkBytes(Math.min(header.chunkSegments, header.segments - this.next)));
  }

  private begin(stage: 'layers' | 'chunk', bytes: number): void {
    this.stage = stage;
    this.have = 0;
    this.need = bytes;
    if (this.scratch.length < bytes) this.scratch = new Uint8Array(bytes);
    if (bytes === 0) this.finishPiece();
  }
}
