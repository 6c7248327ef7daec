import { BufferAttribute, BufferGeometry, LineSegments, ShaderMaterial } from 'three';
import { ARC_FLAG, KIND_MASK, MoveKind, type DecodedToolpath } from './decode.js';

/**
 * The toolpath on the GPU, built once per file. Work (extrude/cut) and travel are two line geometries in file
 * order, so every viewer control is cheap (VIEWER.md):
 * - layer range and in-layer sliders set each geometry's draw range (two binary searches);
 * - the travel toggle hides one object;
 * - colour mode rewrites the 3-byte colour attribute only;
 * - live progress sets one uniform (segments before it are drawn as done).
 * Positions are never rebuilt after construction.
 */
export type ColorMode = 'kind' | 'speed' | 'tool';

/** Past this many segments the file is summarised, not drawn (a browser tab would stall or run out of memory). */
export const MAX_DRAWN_SEGMENTS = 2_500_000;

const COLORS = {
  extrude: [232, 122, 36],
  extrudeArc: [245, 170, 60],
  cut: [40, 120, 220],
  cutArc: [70, 170, 240],
  travel: [150, 150, 160],
} as const;
const TOOL_COLORS = [
  [232, 122, 36],
  [40, 160, 90],
  [60, 110, 220],
  [200, 60, 140],
  [220, 190, 40],
  [120, 80, 200],
] as const;

const vertexShader = `
attribute vec3 tint;
attribute float seg;
uniform float uDone;
varying vec3 vColor;
varying float vDone;
void main() {
  vColor = tint;
  vDone = seg < uDone ? 1.0 : 0.0;
  gl_Position = projectionMatrix * modelViewMatrix * vec4(position, 1.0);
}`;
const fragmentShader = `
uniform float uOpacity;
varying vec3 vColor;
varying float vDone;
void main() {
  // Done (acknowledged) moves fade to grey so what is left stands out.
  vec3 color = mix(vColor, vec3(0.42, 0.44, 0.48), vDone * 0.85);
  gl_FragColor = vec4(color, uOpacity);
}`;

interface Part {
  geometry: BufferGeometry;
  object: LineSegments;
  /** Source segment index of each drawn segment, ascending. */
  segments: Uint32Array;
  tint: BufferAttribute;
}

export class ToolpathModel {
  readonly work: Part;
  readonly travel: Part;
  readonly segmentCount: number;
  private readonly source: DecodedToolpath;
  private readonly materials: ShaderMaterial[] = [];

  constructor(toolpath: DecodedToolpath) {
    if (toolpath.segments > MAX_DRAWN_SEGMENTS) throw new Error('too large to draw');
    this.source = toolpath;
    this.segmentCount = toolpath.segments;
    let travelCount = 0;
    for (let i = 0; i < toolpath.segments; i++)
      if ((toolpath.kinds[i]! & KIND_MASK) === MoveKind.travel) travelCount++;
    this.work = this.buildPart(toolpath.segments - travelCount, false, 1);
    this.travel = this.buildPart(travelCount, true, 0.45);
    this.setColorMode('kind');
  }

  private buildPart(count: number, travel: boolean, opacity: number): Part {
    const { positions, kinds } = this.source;
    const xyz = new Float32Array(count * 6);
    const seg = new Float32Array(count * 2);
    const segments = new Uint32Array(count);
    let n = 0;
    for (let i = 0; i < this.source.segments; i++) {
      if (((kinds[i]! & KIND_MASK) === MoveKind.travel) !== travel) continue;
      xyz.set(positions.subarray(i * 3, i * 3 + 6), n * 6);
      seg[n * 2] = i;
      seg[n * 2 + 1] = i;
      segments[n] = i;
      n++;
    }
    const geometry = new BufferGeometry();
    geometry.setAttribute('position', new BufferAttribute(xyz, 3));
    geometry.setAttribute('seg', new BufferAttribute(seg, 1));
    const tint = new BufferAttribute(new Uint8Array(count * 6), 3, true);
    geometry.setAttribute('tint', tint);
    geometry.computeBoundingSphere();
    const material = new ShaderMaterial({
      vertexShader,
      fragmentShader,
      uniforms: { uDone: { value: 0 }, uOpacity: { value: opacity } },
      transparent: opacity < 1,
      depthWrite: opacity >= 1,
    });
    this.materials.push(material);
    const object = new LineSegments(geometry, material);
    object.frustumCulled = false;
    return { geometry, object, segments, tint };
  }

  /** Recolours in place: rewrites the colour bytes, nothing else. */
  setColorMode(mode: ColorMode): void {
    const { kinds, feeds, tools } = this.source;
    let minFeed = Infinity;
    let maxFeed = 0;
    if (mode === 'speed') {
      for (const i of this.work.segments) {
        const f = feeds[i]!;
        if (f > 0 && f < minFeed) minFeed = f;
        if (f > maxFeed) maxFeed = f;
      }
    }
    for (const part of [this.work, this.travel]) {
      const out = part.tint.array as Uint8Array;
      part.segments.forEach((i, n) => {
        const kind = kinds[i]!;
        let c: readonly number[];
        if (mode === 'tool') c = TOOL_COLORS[tools[i]! % TOOL_COLORS.length]!;
        else if (mode === 'speed' && part === this.work) c = speedColor(feeds[i]!, minFeed, maxFeed);
        else c = kindColor(kind);
        out.set(c, n * 6);
        out.set(c, n * 6 + 3);
      });
      part.tint.needsUpdate = true;
    }
  }

  /** Shows source segments [from, to): the layer range plus the in-layer slider. */
  setSegmentRange(from: number, to: number): void {
    for (const part of [this.work, this.travel]) {
      const lo = lowerBound(part.segments, from);
      const hi = lowerBound(part.segments, to);
      part.geometry.setDrawRange(lo * 2, Math.max(0, hi - lo) * 2);
    }
  }

  /** Segments [start, end) of layers first..last (inclusive). */
  layerSpan(first: number, last: number): [number, number] {
    const starts = this.source.layerStarts;
    if (starts.length === 0) return [0, this.segmentCount];
    const start = first <= 0 ? 0 : (starts[first] ?? this.segmentCount);
    const end = last + 1 < starts.length ? starts[last + 1]! : this.segmentCount;
    return [start, end];
  }

  setShowTravel(show: boolean): void {
    this.travel.object.visible = show;
  }

  /** Live progress: segments before `segment` are done. One uniform per status message. */
  setProgress(segment: number): void {
    for (const m of this.materials) m.uniforms.uDone!.value = segment;
  }

  dispose(): void {
    for (const part of [this.work, this.travel]) part.geometry.dispose();
    for (const m of this.materials) m.dispose();
  }
}

function kindColor(kind: number): readonly number[] {
  const base = kind & KIND_MASK;
  const arc = (kind & ARC_FLAG) !== 0;
  if (base === MoveKind.extrude) return arc ? COLORS.extrudeArc : COLORS.extrude;
  if (base === MoveKind.cut) return arc ? COLORS.cutArc : COLORS.cut;
  return COLORS.travel;
}

/** Blue (slow) → green → red (fast). */
function speedColor(feed: number, min: number, max: number): readonly number[] {
  const t = max > min ? Math.min(1, Math.max(0, (feed - min) / (max - min))) : 0.5;
  const r = Math.round(255 * Math.min(1, Math.max(0, 2 * t - 0.5)));
  const g = Math.round(255 * (1 - Math.abs(2 * t - 1)) * 0.85 + 30);
  const b = Math.round(255 * Math.min(1, Math.max(0, 1.5 - 2 * t)));
  return [r, g, b];
}

function lowerBound(sorted: Uint32Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
