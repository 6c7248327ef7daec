import { BufferAttribute, BufferGeometry, LineSegments, ShaderMaterial } from 'three';
import { ARC_FLAG, KIND_MASK, MoveKind } from './decode.js';
import type { ChunkedHeader, ToolpathChunk } from './toolpath-stream.js';
import { DRAW_BUDGET_SEGMENTS, FEATURE_COLORS, type ColorMode } from './toolpath-model.js';

/**
 * A toolpath drawn while it arrives, chunk by chunk (toolpath-stream.ts). The GPU buffers are sized once from the
 * header to at most the draw budget; each chunk is turned into lines in place (uploading only its own range) and
 * then let go, so the renderer never holds the file, only what it draws (28 bytes per drawn line + 4 of index).
 *
 * Level of detail is decided per chunk: a chunk gets its share of the budget (its segments × budget ÷ all
 * segments) and merges runs of short consecutive moves (same kind, tool and feature, inside one layer) with the
 * shortest merge length that fits its share. Travel and work share one geometry: the travel toggle, the colour mode
 * and live progress are uniforms; the layer sliders set the draw range. Nothing is rebuilt after a chunk is drawn.
 */
export class StreamedToolpathModel {
  readonly object: LineSegments;
  readonly segmentCount: number;
  readonly layerStarts: Uint32Array;
  readonly layerZ: Float32Array;
  /** Lines the buffers can take: the number of segments, or the budget's worth when merging is needed. */
  readonly capacity: number;
  /** True when the file has more segments than the budget, so short moves are merged (known before any chunk). */
  readonly reduced: boolean;
  /** Largest merge length (mm) any chunk needed so far; 0 while every move is drawn as it is. */
  mergeLength = 0;
  /** Lines written so far. */
  drawnCount = 0;
  /** Source segments received so far. */
  received = 0;
  private readonly geometry: BufferGeometry;
  private readonly material: ShaderMaterial;
  private readonly xyz: Float32Array;
  /** Per drawn line, both vertices: the source line of its last move (live progress compares lines). */
  private readonly lineOf: Float32Array;
  private readonly meta: Uint8Array;
  /** Per drawn line: its first source segment, ascending (the layer sliders' binary search). */
  private readonly firstSegment: Uint32Array;
  private readonly attributes: BufferAttribute[];
  private readonly share: number;
  private range: [number, number] = [0, Infinity];
  private readonly listeners = new Set<() => void>();

  constructor(header: ChunkedHeader, budget = DRAW_BUDGET_SEGMENTS) {
    this.segmentCount = header.segments;
    this.layerStarts = header.layerStarts;
    this.layerZ = header.layerZ;
    this.reduced = header.segments > budget;
    this.share = this.reduced ? budget / header.segments : 1;
    // Each chunk may round its share up by one line.
    const chunks = header.chunkSegments > 0 ? Math.ceil(header.segments / header.chunkSegments) : 0;
    this.capacity = this.reduced ? Math.min(header.segments, budget + chunks) : header.segments;
    this.xyz = new Float32Array(this.capacity * 6);
    this.lineOf = new Float32Array(this.capacity * 2);
    this.meta = new Uint8Array(this.capacity * 8);
    this.firstSegment = new Uint32Array(this.capacity);
    this.geometry = new BufferGeometry();
    const position = new BufferAttribute(this.xyz, 3);
    const line = new BufferAttribute(this.lineOf, 1);
    const meta = new BufferAttribute(this.meta, 4, true);
    this.attributes = [position, line, meta];
    this.geometry.setAttribute('position', position);
    this.geometry.setAttribute('line', line);
    this.geometry.setAttribute('meta', meta);
    this.geometry.setDrawRange(0, 0);
    this.material = new ShaderMaterial({
      vertexShader,
      fragmentShader,
      uniforms: {
        uDone: { value: 0 },
        uMode: { value: 0 },
        uTravel: { value: 0 },
        uSpeedLo: { value: 255 },
        uSpeedHi: { value: 0 },
      },
    });
    this.object = new LineSegments(this.geometry, this.material);
    this.object.frustumCulled = false;
  }

  get complete(): boolean {
    return this.received >= this.segmentCount;
  }

  /** Called after each chunk is drawn (the view asks for one frame). Returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Draws one chunk into the buffers (in arrival order) and uploads only its range. */
  addChunk(chunk: ToolpathChunk): void {
    if (chunk.first !== this.received) throw new Error('The preview data arrived out of order.');
    const allowed = Math.max(1, Math.ceil(chunk.count * this.share));
    let merge = 0;
    let lines = this.countRuns(chunk, 0);
    while (lines > allowed && merge < 1e6) {
      merge = merge === 0 ? 0.05 : merge * 2;
      lines = this.countRuns(chunk, merge);
    }
    if (this.drawnCount + lines > this.capacity)
      throw new Error('The preview data does not match its header.');
    if (merge > this.mergeLength) this.mergeLength = merge;
    const start = this.drawnCount;
    let lo = this.material.uniforms.uSpeedLo!.value as number;
    let hi = this.material.uniforms.uSpeedHi!.value as number;
    const { positions, kinds, tools, features, feeds } = chunk;
    let n = start;
    this.forEachRun(chunk, merge, (first, last) => {
      const kind = kinds[first]!;
      const x = n * 6;
      const a = first * 3;
      const b = last * 3 + 3;
      this.xyz[x] = positions[a]!;
      this.xyz[x + 1] = positions[a + 1]!;
      this.xyz[x + 2] = positions[a + 2]!;
      this.xyz[x + 3] = positions[b]!;
      this.xyz[x + 4] = positions[b + 1]!;
      this.xyz[x + 5] = positions[b + 2]!;
      const line = chunk.lines[last]!;
      this.lineOf[n * 2] = line;
      this.lineOf[n * 2 + 1] = line;
      this.firstSegment[n] = chunk.first + first;
      const travel = (kind & KIND_MASK) === MoveKind.travel;
      const speed = speedByte(feeds[first]!);
      if (!travel && feeds[first]! > 0) {
        if (speed < lo) lo = speed;
        if (speed > hi) hi = speed;
      }
      for (let v = 0; v < 2; v++) {
        const o = n * 8 + v * 4;
        this.meta[o] = (kind & KIND_MASK) | (kind & ARC_FLAG ? 128 : 0);
        this.meta[o + 1] = tools[first]!;
        this.meta[o + 2] = speed;
        this.meta[o + 3] = features[first]!;
      }
      n++;
    });
    this.drawnCount = n;
    this.received += chunk.count;
    this.material.uniforms.uSpeedLo!.value = lo;
    this.material.uniforms.uSpeedHi!.value = hi;
    // Numbers per drawn line in each attribute (position, line, meta): upload only this chunk's lines.
    const perLine = [6, 2, 8];
    this.attributes.forEach((attribute, k) => {
      attribute.addUpdateRange(start * perLine[k]!, (n - start) * perLine[k]!);
      attribute.needsUpdate = true;
    });
    this.applyRange();
    for (const listener of this.listeners) listener();
  }

  /** Shows source segments [from, to): the layer range plus the in-layer slider (clamped to what has arrived). */
  setSegmentRange(from: number, to: number): void {
    this.range = [from, to];
    this.applyRange();
  }

  /** Segments [start, end) of layers first..last (inclusive). */
  layerSpan(first: number, last: number): [number, number] {
    const starts = this.layerStarts;
    if (starts.length === 0) return [0, this.segmentCount];
    const start = first <= 0 ? 0 : (starts[first] ?? this.segmentCount);
    const end = last + 1 < starts.length ? starts[last + 1]! : this.segmentCount;
    return [start, end];
  }

  setShowTravel(show: boolean): void {
    this.material.uniforms.uTravel!.value = show ? 1 : 0;
  }

  setColorMode(mode: ColorMode): void {
    this.material.uniforms.uMode!.value = MODES[mode];
  }

  /** Live progress: every drawn line whose last move is on source line ≤ `doneLine` is greyed; null for none. */
  setDoneLine(doneLine: number | null): void {
    this.material.uniforms.uDone!.value = doneLine === null ? 0 : doneLine + 1;
  }

  dispose(): void {
    this.geometry.dispose();
    this.material.dispose();
  }

  /** Drawn lines [lo, hi) for source segments [from, to), within what has arrived. */
  drawnSpan(from: number, to: number): [number, number] {
    const lo = lowerBound(this.firstSegment, this.drawnCount, from);
    const hi = lowerBound(this.firstSegment, this.drawnCount, to);
    return [lo, Math.max(lo, hi)];
  }

  private applyRange(): void {
    const [lo, hi] = this.drawnSpan(this.range[0], this.range[1]);
    this.geometry.setDrawRange(lo * 2, (hi - lo) * 2);
  }

  private countRuns(chunk: ToolpathChunk, merge: number): number {
    if (merge === 0) return chunk.count;
    let count = 0;
    this.forEachRun(chunk, merge, () => count++);
    return count;
  }

  /** Runs of one chunk's moves (chunk-local indices) to draw as one line each; merges never cross a layer. */
  private forEachRun(chunk: ToolpathChunk, merge: number, emit: (first: number, last: number) => void): void {
    const { positions, kinds, tools, features, count } = chunk;
    const starts = this.layerStarts;
    // The first layer starting after this chunk's first segment, as a chunk-local index.
    let layer = upperBound(starts, starts.length, chunk.first);
    let nextLayer = layer < starts.length ? starts[layer]! - chunk.first : Infinity;
    let i = 0;
    while (i < count) {
      while (i >= nextLayer) {
        layer++;
        nextLayer = layer < starts.length ? starts[layer]! - chunk.first : Infinity;
      }
      const first = i;
      if (merge > 0) {
        let length = 0;
        for (;;) {
          const o = i * 3;
          const dx = positions[o + 3]! - positions[o]!;
          const dy = positions[o + 4]! - positions[o + 1]!;
          const dz = positions[o + 5]! - positions[o + 2]!;
          length += Math.sqrt(dx * dx + dy * dy + dz * dz);
          const next = i + 1;
          if (
            length >= merge ||
            next >= count ||
            next >= nextLayer ||
            kinds[next] !== kinds[first] ||
            tools[next] !== tools[first] ||
            features[next] !== features[first]
          )
            break;
          i = next;
        }
      }
      emit(first, i);
      i++;
    }
  }
}

/** Feed (mm/min) on a log scale in one byte: 1 → 0, 131072 (2^17) → 255; the shader stretches it to the file's span. */
export function speedByte(feed: number): number {
  if (!(feed > 1)) return 0;
  return Math.min(255, Math.round((Math.log2(feed) / 17) * 255));
}

function lowerBound(sorted: Uint32Array, length: number, value: number): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function upperBound(sorted: Uint32Array, length: number, value: number): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const MODES: Record<ColorMode, number> = { kind: 0, speed: 1, tool: 2, feature: 3 };
const vec3 = (c: readonly number[]) => `vec3(${c.map((v) => (v / 255).toFixed(3)).join(', ')})`;

const vertexShader = `
attribute vec4 meta;
attribute float line;
uniform float uDone;
uniform float uMode;
uniform float uTravel;
uniform float uSpeedLo;
uniform float uSpeedHi;
varying vec3 vColor;
varying float vDone;
vec3 toolColor(float t) {
  float i = mod(t, 6.0);
  if (i < 0.5) return vec3(0.910, 0.478, 0.141);
  if (i < 1.5) return vec3(0.157, 0.627, 0.353);
  if (i < 2.5) return vec3(0.235, 0.431, 0.863);
  if (i < 3.5) return vec3(0.784, 0.235, 0.549);
  if (i < 4.5) return vec3(0.863, 0.745, 0.157);
  return vec3(0.471, 0.314, 0.784);
}
vec3 kindColor(float kind, float arc) {
  if (kind < 0.5) return vec3(0.78, 0.78, 0.82);
  if (kind < 1.5) return arc > 0.5 ? vec3(0.961, 0.667, 0.235) : vec3(0.910, 0.478, 0.141);
  return arc > 0.5 ? vec3(0.275, 0.667, 0.941) : vec3(0.157, 0.471, 0.863);
}
vec3 speedColor(float t) {
  return vec3(clamp(2.0 * t - 0.5, 0.0, 1.0), (1.0 - abs(2.0 * t - 1.0)) * 0.85 + 0.12, clamp(1.5 - 2.0 * t, 0.0, 1.0));
}
vec3 featureColor(float f) {
${FEATURE_COLORS.map((c, k) => `  if (f < ${k + 1}.5) return ${vec3(c)};`).join('\n')}
  return ${vec3(FEATURE_COLORS[FEATURE_COLORS.length - 1]!)};
}
void main() {
  float packed = floor(meta.x * 255.0 + 0.5);
  float arc = packed >= 128.0 ? 1.0 : 0.0;
  float kind = packed - arc * 128.0;
  if (kind < 0.5 && uTravel < 0.5) {
    // Travel hidden: both ends outside the clip volume, so the line is dropped.
    gl_Position = vec4(0.0, 0.0, 2.0, 1.0);
    vColor = vec3(0.0);
    vDone = 0.0;
    return;
  }
  float tool = floor(meta.y * 255.0 + 0.5);
  float feature = floor(meta.w * 255.0 + 0.5);
  float speed = floor(meta.z * 255.0 + 0.5);
  float span = max(uSpeedHi - uSpeedLo, 1.0);
  if (uMode < 0.5 || kind < 0.5 || (uMode > 2.5 && feature < 0.5)) vColor = kindColor(kind, arc);
  else if (uMode < 1.5) vColor = speedColor(clamp((speed - uSpeedLo) / span, 0.0, 1.0));
  else if (uMode < 2.5) vColor = toolColor(tool);
  else vColor = featureColor(feature);
  vDone = line < uDone ? 1.0 : 0.0;
  gl_Position = projectionMatrix * modelViewMatrix * vec4(position, 1.0);
}`;
const fragmentShader = `
varying vec3 vColor;
varying float vDone;
void main() {
  vec3 color = mix(vColor, vec3(0.42, 0.44, 0.48), vDone * 0.85);
  gl_FragColor = vec4(color, 1.0);
}`;
